"""Reading the comparison's ?trials= parameter: canonical permalinks and helpful refusals."""

import re
from dataclasses import dataclass, field

MAX_TRIALS = 12
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,49}$")


@dataclass
class Selection:
    slugs: list[str] = field(default_factory=list)
    status: int = 200
    problem: str = ""
    details: list[str] = field(default_factory=list)
    redirect_query: str | None = None


def canonical_query(slugs):
    return "trials=" + ",".join(slugs)


def parse(query, lookup):
    """Check a QueryDict's trials (and add); `lookup(slugs)` returns those that exist."""
    raw = [
        part.strip().lower()
        for value in query.getlist("trials") + query.getlist("add")
        for part in value.split(",")
    ]
    raw = [part for part in raw if part]
    if not raw:
        return Selection(status=400, problem="Choose at least two trials to compare.")
    invalid = [part for part in raw if not SLUG.match(part)]
    if invalid:
        return Selection(
            status=400,
            problem="Some requested trial names are not valid: a "
            "trial name has only lower-case letters, digits and hyphens.",
        )
    if len(set(raw)) > MAX_TRIALS:
        return Selection(status=400, problem=f"Compare at most {MAX_TRIALS} trials at a time.")
    known_slugs = lookup(set(raw))
    unknown = [part for part in dict.fromkeys(raw) if part not in known_slugs]
    if unknown:
        return Selection(status=404, problem="No published trial has these names:", details=unknown)
    slugs = list(dict.fromkeys(raw))
    if len(slugs) < len(raw) and not query.getlist("add"):
        duplicates = sorted({s for s in raw if raw.count(s) > 1})
        return Selection(
            status=400,
            problem="Each trial can be chosen once; these were chosen more than once:",
            details=duplicates,
        )
    if len(slugs) > MAX_TRIALS:
        return Selection(status=400, problem=f"Compare at most {MAX_TRIALS} trials at a time.")
    if len(slugs) < 2:
        return Selection(slugs=slugs, status=400, problem="Choose at least two trials to compare.")
    selection = Selection(slugs=slugs)
    canonical = canonical_query(slugs)
    if query.urlencode(safe=",") != canonical and set(query) <= {"trials", "add"}:
        selection.redirect_query = canonical
    return selection
