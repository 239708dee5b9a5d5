"""The one result a trial card leads with."""

from . import formatting as f
from .models import Endpoint

PRIMARY_ROLES = (Endpoint.Role.PRIMARY, Endpoint.Role.ALTERNATE_PRIMARY)


def headline(trial):
    """(end point name, text, source) for the first primary end point with a published result."""
    # Primary end points first and, among them, survival (VISION lists OS before rPFS).
    ordered = sorted(
        (e for e in trial.endpoints.all() if e.family != "follow-up"),
        key=lambda e: (e.role not in PRIMARY_ROLES, e.family != "os"),
    )
    for endpoint in ordered:
        effects = [x for x in endpoint.effects.all() if x.value is not None]
        if effects:
            return endpoint.name, f.effect_text(effects[0]), f.source_text(effects[0])
        results = [r for r in endpoint.results.all() if r.measure in ("median", "proportion")]
        if results:
            arms = {a.pk: a.short_label for a in trial.arms.all()}
            text = "; ".join(f"{arms.get(r.arm_id, 'All')}: {f.result_text(r)}" for r in results)
            return endpoint.name, text, f.source_text(results[0])
    return "", f.NOT_REPORTED, ""
