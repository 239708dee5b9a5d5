"""A trial's published hazard ratios, one per distinct result: what kind of analysis each is,
when its data were cut, and how it reads in a label, a hover and a table.
"""

from dataclasses import dataclass, field
from datetime import date

from .. import formatting as f
from ..datacuts import cut_of, cutoff_date, publications
from ..models import EffectEstimate, Endpoint
from ..models.trials import rows_of
from .downloads import cut_text
from .style import literal, short


def analysis_n(trial, endpoint):
    """The N of the end point's analysis set; none when the source ties it to no set (the
    trial's N may belong to another data cut)."""
    for aset in rows_of(trial, "analysis_sets"):
        if aset.pk == endpoint.analysis_set_id and aset.n_total is not None:
            return aset.n_total
    return None


FAMILY_SHORT = {
    Endpoint.Family.OS: "OS",
    Endpoint.Family.OS_RMST: "OS RMST",
    Endpoint.Family.PFS: "PFS",
    Endpoint.Family.RPFS: "rPFS",
    Endpoint.Family.PSA_PFS: "PSA-PFS",
    Endpoint.Family.SSE: "SSE",
    Endpoint.Family.ORR: "ORR",
    Endpoint.Family.CR: "CR",
    Endpoint.Family.PR: "PR",
    Endpoint.Family.DCR: "DCR",
    Endpoint.Family.PSA50: "PSA50",
    Endpoint.Family.PSA80: "PSA80",
    Endpoint.Family.TTNT: "TTNT",
}
# End points of these families are not one outcome across trials (or not outcomes at all).
UNALIGNED = {
    Endpoint.Family.OTHER,
    Endpoint.Family.FOLLOW_UP,
    Endpoint.Family.PSA_CHANGE,
    Endpoint.Family.SAFETY,
}
MAIN_ROLES = {
    Endpoint.Role.PRIMARY,
    Endpoint.Role.ALTERNATE_PRIMARY,
    Endpoint.Role.KEY_SECONDARY,
    Endpoint.Role.SECONDARY,
}
# How the curated `analysis` text marks an estimate that is not the end point's main analysis.
SUPPLEMENTARY_WORDS = (
    "supplementary",
    "sensitivity",
    "ad hoc",
    "post hoc",
    "per protocol",
    "per-protocol",
    "treatment received",
)
# Order of analyses published at one date: the primary analysis, then later looks.
CUT_WORDS = (("final", 5), ("update", 4), ("third", 3), ("second", 2), ("first", 1))


class Kind:
    MAIN = "main"
    ADJUSTED = "adjusted"
    SUPPLEMENTARY = "supplementary"
    OTHER = "other"


KIND_LABELS = {
    Kind.MAIN: "Main analysis, earlier data cut",
    Kind.ADJUSTED: "Adjusted for crossover",
    Kind.SUPPLEMENTARY: "Supplementary or sensitivity analysis",
    Kind.OTHER: "Subgroup, exploratory or other outcome",
}
DEFAULT_LABEL = "Main analysis, latest data cut"


def estimate_kind(endpoint, effect):
    text = f"{effect.analysis} {endpoint.name}".lower()
    if effect.crossover_adjustment:
        return Kind.ADJUSTED
    if endpoint.role == Endpoint.Role.SUPPLEMENTARY or any(w in text for w in SUPPLEMENTARY_WORDS):
        return Kind.SUPPLEMENTARY
    if endpoint.role not in MAIN_ROLES or endpoint.family in UNALIGNED or "subgroup" in text:
        return Kind.OTHER
    return Kind.MAIN


def publication_date(publication, pubs):
    """The data cut's cut-off date (whoever gives it), else 1 January of the cut's publication
    year (for ordering only)."""
    cutoff, _ = cutoff_date(publication, pubs)
    if cutoff:
        return cutoff
    cut = cut_of(publication, pubs)
    return date(cut.year, 1, 1) if cut.year else date.min


def look_rank(text):
    """An analysis's place among those one publication reports (primary, second interim,
    final), from how the curated text names it."""
    text = text.lower()
    return next((r for word, r in CUT_WORDS if word in text), 0)


def cut_key(endpoint, effect, pubs):
    """When the data were cut, for ordering: the cut-off date, else the publication year; then
    the analysis's place among those published together (primary, second interim, final)."""
    rank = look_rank(f"{effect.analysis} {endpoint.name}")
    return (publication_date(endpoint.publication, pubs), rank)


def has_ci(effect):
    return effect.ci_low is not None and effect.ci_high is not None


@dataclass
class Estimate:
    """One published hazard ratio; the same result republished elsewhere is the same estimate,
    with every place it was read in."""

    trial: object
    endpoint: object
    effect: object
    kind: str
    key: tuple
    copies: list = field(default_factory=list)
    default: bool = False

    @property
    def family(self):
        return self.endpoint.family

    @property
    def n(self):
        return analysis_n(self.trial, self.endpoint)

    def same_result(self, endpoint, effect, kind):
        mine = self.effect
        if (endpoint.family, kind, effect.crossover_adjustment, effect.value) != (
            self.family,
            self.kind,
            mine.crossover_adjustment,
            mine.value,
        ):
            return False
        if endpoint.family in UNALIGNED or kind == Kind.OTHER:
            if endpoint.name != self.endpoint.name:
                return False
        if has_ci(effect) and has_ci(mine):
            return (effect.ci_low, effect.ci_high) == (mine.ci_low, mine.ci_high)
        return True

    def add(self, endpoint, effect):
        """Another place this result is published: the one with a CI speaks for it."""
        self.copies.append((endpoint, effect))
        self.key = min(self.key, cut_key(endpoint, effect, self.pubs))
        if has_ci(effect) and not has_ci(self.effect):
            self.endpoint, self.effect = endpoint, effect

    @property
    def all_effects(self):
        return [effect for _, effect in self.copies]

    @property
    def cuts(self):
        """The data cuts (publications) it was published at, earliest first."""
        cuts = dict.fromkeys(endpoint.publication for endpoint, _ in self.copies)
        return sorted(cuts, key=lambda p: publication_date(p, self.pubs))

    @property
    def pubs(self):
        return publications(self.trial)

    def sources(self):
        return "; ".join(dict.fromkeys(f.source_text(e) for e in self.all_effects))

    def family_label(self):
        """ "OS", "rPFS"; for an outcome of no family, the distinctive end of its name (the
        NETTER-1 quality-of-life domains differ only after the colon)."""
        if self.family in FAMILY_SHORT:
            return FAMILY_SHORT[self.family]
        return short(self.endpoint.name.rsplit(":", 1)[-1].strip(), 30)

    def cut_year(self):
        """The data cut's year: of its cut-off date, else of its publication."""
        return self.key[0].year if self.key[0] != date.min else "undated"

    def qualifier(self):
        """What sets a non-default estimate apart, briefly (the hover says it in full)."""
        if self.kind == Kind.ADJUSTED:
            return "crossover-adj., " + self.effect.crossover_adjustment.upper().replace("-", " ")
        if self.kind == Kind.MAIN:
            return f"earlier cut, {self.cut_year()}"
        return short(self.effect.analysis or self.kind, 24)

    def label(self, detail):
        """ "VISION · OS (2021)": the data cut's year, so that a printout or a slide says which
        cut each estimate is; other estimates say what sets them apart."""
        text = f"{self.trial.acronym} · {self.family_label()}"
        return literal(f"{text} ({self.qualifier() if detail else self.cut_year()})")

    def hr_text(self):
        """The numeric column: "0.62 (0.52–0.74)", with the CI level where it is not 95%."""
        effect = self.effect
        value = f.number(effect.value, effect.decimals)
        lo, hi = f.ci_limit(effect, "ci_low"), f.ci_limit(effect, "ci_high")
        if not (lo and hi):
            return f"{value}<br>CI not reported"
        text = f"{value} ({lo}–{hi})"
        if effect.ci_level is None:
            return f"{text}<br>CI level not reported"
        if effect.ci_level != 95:
            return f"{text}<br>{f.number(effect.ci_level)}% CI"
        return text

    def hover(self):
        """Worked out once: the default and the all-estimates figures both draw it."""
        found = self.__dict__.get("_hover")
        if found is None:
            effect, endpoint = self.effect, self.endpoint
            found = self._hover = [
                literal(endpoint.name),
                literal(f.effect_text(effect)),
                literal(effect.analysis or KIND_LABELS.get(self.kind, "")),
                literal("; ".join(cut_text(p, self.pubs) for p in self.cuts)),
                literal(self.sources()),
                self.n or "not reported",
            ]
        return list(found)

    def table_row(self):
        effect = self.effect
        return [
            self.trial.acronym,
            self.endpoint.name,
            effect.analysis,
            DEFAULT_LABEL if self.default else KIND_LABELS[self.kind],
            "; ".join(cut_text(p, self.pubs) for p in self.cuts),
            f.number(effect.value, effect.decimals),
            f.ci_text(effect) or f.NOT_REPORTED,
            f.p_text(effect.p_value),
            self.n or "",
            self.sources(),
        ]


def estimates(trial):
    """The trial's published hazard ratios, one per distinct result, the latest main analysis
    of each end-point family marked as the default."""
    found = []
    for endpoint in rows_of(trial, "endpoints"):
        for effect in rows_of(endpoint, "effects"):
            if effect.measure != EffectEstimate.Measure.HR or effect.value is None:
                continue
            kind = estimate_kind(endpoint, effect)
            same = next((e for e in found if e.same_result(endpoint, effect, kind)), None)
            if same is None:
                key = cut_key(endpoint, effect, publications(trial))
                same = Estimate(trial, endpoint, effect, kind, key)
                found.append(same)
            same.add(endpoint, effect)
    latest = {}
    for estimate in found:
        if estimate.kind == Kind.MAIN:
            latest[estimate.family] = max(latest.get(estimate.family, estimate.key), estimate.key)
    for estimate in found:
        estimate.default = estimate.kind == Kind.MAIN and estimate.key == latest[estimate.family]
    return found
