"""The one result a trial card leads with."""

from . import formatting as f
from .models import ArmResult, Endpoint

HEADLINE_MEASURES = (ArmResult.Measure.MEDIAN, ArmResult.Measure.PROPORTION)


def headline(trial):
    """(end point name, text, sourced object) for the first primary end point with a result."""
    # Primary end points first and, among them, survival (VISION lists OS before rPFS).
    ordered = sorted(
        (e for e in trial.endpoints.all() if e.family != Endpoint.Family.FOLLOW_UP),
        key=lambda e: (not e.is_primary, e.family != Endpoint.Family.OS),
    )
    for endpoint in ordered:
        effects = [x for x in endpoint.effects.all() if x.value is not None]
        if effects:
            return endpoint.name, f.effect_text(effects[0]), effects[0]
        results = [r for r in endpoint.results.all() if r.measure in HEADLINE_MEASURES]
        if results:
            text = "; ".join(f"{r.arm_label}: {f.result_text(r)}" for r in results)
            return endpoint.name, text, results[0]
    return "", f.NOT_REPORTED, None
