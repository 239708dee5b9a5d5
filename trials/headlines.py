"""The results a trial card leads with."""

from . import formatting as f
from .datacuts import publications
from .keyresults import headline_lines, latest_main
from .models import ArmResult, Endpoint

HEADLINE_MEASURES = (ArmResult.Measure.MEDIAN, ArmResult.Measure.PROPORTION)

# Short names of the end-point families, for a card ("rPFS 8.7 vs 3.4 mo · HR 0.40 …").
SHORT_NAMES = {
    Endpoint.Family.OS: "OS",
    Endpoint.Family.PFS: "PFS",
    Endpoint.Family.RPFS: "rPFS",
    Endpoint.Family.PSA_PFS: "PSA-PFS",
    Endpoint.Family.SSE: "SSE",
    Endpoint.Family.ORR: "ORR",
    Endpoint.Family.PSA50: "PSA50",
}


NOT_HEADLINES = (Endpoint.Family.FOLLOW_UP, Endpoint.Family.SAFETY)


def headline(trial):
    """(end point name, text, sourced object) for the first primary end point with a result, at
    its latest data cut: the estimate the key results and the forest plot give by default."""
    candidates = [e for e in trial.endpoints.all() if e.family not in NOT_HEADLINES]
    # Primary end points first, each at its latest cut (latest_main groups end points of no
    # family together: a primary one must not give way to a later secondary one); among them,
    # survival first (VISION lists OS before rPFS).
    primary = latest_main(trial, [e for e in candidates if e.is_primary])
    others = latest_main(trial, [e for e in candidates if not e.is_primary])
    ordered = sorted(primary, key=lambda e: e.family != Endpoint.Family.OS) + others
    for endpoint in ordered:
        effects = [x for x in endpoint.effects.all() if x.value is not None]
        if effects:
            return endpoint.name, f.effect_text(effects[0]), effects[0]
        results = [r for r in endpoint.results.all() if r.measure in HEADLINE_MEASURES]
        if results:
            text = "; ".join(f"{r.arm_label}: {f.result_text(r)}" for r in results)
            return endpoint.name, text, results[0]
    return "", f.NOT_REPORTED, None


def headlines(trial):
    """[(end point short name, Line)] for each primary end point with a published number, at
    its latest data cut: medians per arm (or its first measure) and the unadjusted estimate."""
    pubs = publications(trial)
    primaries = [e for e in trial.endpoints.all() if e.is_primary and e.family not in NOT_HEADLINES]
    primaries = latest_main(trial, primaries)
    # Survival first among co-primary end points (VISION lists OS before rPFS).
    primaries.sort(key=lambda e: e.family != Endpoint.Family.OS)
    found = []
    for endpoint in primaries:
        numbers = [line for line in headline_lines(trial, endpoint, pubs) if line.objects]
        if numbers:
            found.append((SHORT_NAMES.get(endpoint.family, endpoint.name), numbers[0]))
    return found
