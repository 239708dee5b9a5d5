"""A trial's answers first: N, setting, comparator, data cut, primary end points, overall
survival, crossover, high-grade adverse events and discontinuation for toxicity.

Read from a trial fetched with `Trial.objects.full_records()` (prefetched rows only: no query).
Each value is a `comparison.Line`, so the trial page, the comparison's Summary and the overview
cards print the same text with the same sources.
"""

import re
from dataclasses import dataclass, field

from . import comparison as c
from . import datacuts as dc
from . import formatting as f
from .models import AdverseEvent, Arm, Endpoint
from .models.trials import by_pk, rows_of

NOT_READ = c.NOT_READ
Category = AdverseEvent.Category


# An overview row that counts every high-grade adverse event, not a subset of them.
SUBSETS = r"serious|related|follow-up|fatal|death"
SUBSET_WORDS = re.compile(rf"{SUBSETS}|leading|led to", re.IGNORECASE)
# Stopping for a subset of events; "leading to" is how every stopping row is worded.
SUBSET_OF_STOPS = re.compile(SUBSETS, re.IGNORECASE)
DISCONTINUATION = re.compile(r"discontinu|withdraw", re.IGNORECASE)


@dataclass
class Fact:
    """One key result: a fixed `key` (rows align on it), its label here, and its lines."""

    key: str
    label: str
    lines: list[c.Line] = field(default_factory=list)

    @property
    def reported(self):
        return bool(self.lines)


@dataclass
class KeyResults:
    trial: object
    facts: list[Fact]

    def fact(self, key):
        return next((x for x in self.facts if x.key == key), None)


# The answer first (each line names its arms and data cut), then what it is the answer for.
KEYS = [
    ("primary", "Primary end point"),
    ("os", "Overall survival"),
    ("patients", "Patients"),
    ("setting", "Setting and line"),
    ("comparator", "Comparator"),
    ("data-cut", "Data cut"),
    ("crossover", "Crossover"),
    ("high-grade", "Grade ≥3 (or grade 3–4) adverse events"),
    ("discontinuation", "Discontinuation for toxicity"),
]


def key_results(trial):
    """The trial's key results, in the order of KEYS."""
    pubs = dc.publications(trial)
    facts = [
        *primary_end_points(trial, pubs),
        overall_survival(trial, pubs),
        patients(trial),
        setting(trial),
        comparator(trial),
        data_cut(trial, pubs),
        crossover(trial, pubs),
        high_grade_events(trial, pubs),
        discontinuation(trial, pubs),
    ]
    return KeyResults(trial, [x for x in facts if x is not None])


def patients(trial):
    n, counted = trial.patients
    if n is None:
        return Fact("patients", "Patients", [])
    return Fact(
        "patients", "Patients", [c.joined([c.Part(str(n), trial, True), c.Part(f" {counted}")])]
    )


def setting(trial):
    found = c.clinical_setting(trial)
    lines = []
    if found is not None:
        lines.append(c.Line(found.name))
    elif trial.setting:
        lines.append(c.Line(trial.setting, trial))
    return Fact("setting", "Setting and line", lines)


def comparator(trial):
    if trial.is_single_group:
        return Fact("comparator", "Comparator", [c.Line("Single group: no comparator")])
    lines = [
        c.Line(a.regimen, a, label=f"{trial.acronym}: {a.label}")
        for a in rows_of(trial, "arms")
        if a.role == Arm.Role.CONTROL
    ]
    return Fact("comparator", "Comparator", lines)


NOT_RESULTS = (Endpoint.Family.FOLLOW_UP, Endpoint.Family.OTHER, Endpoint.Family.SAFETY)


def cuts_with_results(trial, pubs):
    """The data cuts (publications) an efficacy end point's published number belongs to."""
    found = {}
    for e in rows_of(trial, "endpoints"):
        if e.family in NOT_RESULTS or e.role not in c.MAIN_ROLES:
            continue
        if rows_of(e, "results") or rows_of(e, "effects"):
            cut = dc.cut_of(e.publication, pubs)
            found[cut.pk] = cut
    return sorted(found.values(), key=lambda p: dc.recency(p, pubs))


def data_cut(trial, pubs):
    cuts = cuts_with_results(trial, pubs)
    if not cuts:
        return Fact("data-cut", "Data cut", [])
    latest = cuts[-1]
    date, given_by = dc.cutoff_date(latest, pubs)
    when = f"data cut-off {f.page_date(date)}" if date else f"data cut-off {NOT_READ}"
    if date and given_by.pk != latest.pk:
        when += f", as given by {given_by.label}"
    text = f"Latest: {latest.label} ({latest.get_kind_display()}; {when})"
    # A date read in a secondary report carries its badge, as any value read there does.
    given = given_by if date and given_by.is_secondary else None
    return Fact("data-cut", "Data cut", [c.Line(text, given)])


def latest_cut(trial, pubs):
    cuts = cuts_with_results(trial, pubs)
    return cuts[-1] if cuts else None


def headline_lines(trial, endpoint, pubs, adjusted=False):
    """An end point at one cut, compactly: medians (or its first measure) per arm and the
    unadjusted estimate; with `adjusted`, also the crossover-adjusted estimates."""
    if endpoint.family == Endpoint.Family.SAFETY:
        return safety_lines(trial, endpoint, pubs)
    effects = [x for x in rows_of(endpoint, "effects") if not x.crossover_adjustment]
    measures = c.by_measure(endpoint)
    lines = []
    if measures:
        lines += c.measure_lines(trial, measures[0][1], effects[0] if effects else None)
    elif effects:
        lines.append(c.joined([c.effect_part(effects[0])], trial.acronym))
    if adjusted:
        for x in rows_of(endpoint, "effects"):
            if x.crossover_adjustment:
                lines.append(c.joined([c.effect_part(x)], trial.acronym))
    if not lines:
        lines.append(c.Line(NOT_READ + (f" — {endpoint.notes}" if endpoint.notes else "")))
    return lines


def population_lines(trial, endpoint):
    """The analysis set the end point was analysed in, where the source ties it to one: VISION's
    rPFS was analysed in the 581 patients randomised from 5 March 2019, not in all 831."""
    sets = by_pk(trial, "analysis_sets")
    aset = sets.get(endpoint.analysis_set_id)
    if aset is None or len(sets) < 2:
        return []  # one population: the trial's N says it
    text = c.analysis_set_text(aset, list(rows_of(trial, "arms")))
    return [c.Line(f"Analysed in: {text}", aset)]


SAFETY_CATEGORIES = (Category.ANY, Category.OVERVIEW, Category.LABORATORY)


def safety_lines(trial, endpoint, pubs):
    """A safety end point's results, which are the trial's adverse-event rows: its overall and
    laboratory rows of the end point's data cut, each arm's counts in the band published."""
    cut = dc.cut_of(endpoint.publication, pubs).pk
    arms = by_pk(trial, "arms")
    lines = []
    for event in rows_of(trial, "adverse_events"):
        read_in = pubs.get(event.data_cut_id or event.source_id)
        if event.category not in SAFETY_CATEGORIES or read_in is None:
            continue
        if dc.cut_of(read_in, pubs).pk != cut:
            continue
        term = event.term
        if event.category == Category.LABORATORY:
            term += " (laboratory)"
        for counts in rows_of(event, "arms"):
            for band, n, pct in published_bands(event, counts):
                text = c.count_text(n, pct, f.pct_places(counts, event), counts.denominator)
                # "Any-grade … event" needs no "all grades" after it; a high-grade count
                # always names its band.
                all_grades = band == "all grades" and "grade" in term.lower()
                named = term if all_grades else f"{term}, {band.lower()}"
                lines.append(
                    c.joined(
                        [c.Part(f"{named}: "), c.Part(text, event, True)],
                        c.arm_label(trial, arms.get(counts.arm_id)),
                    )
                )
    return lines or [c.Line(NOT_READ)]


def published_bands(event, counts):
    """(band, n, %) of an arm's counts, for each band the source prints."""
    bands = (
        ("all grades", counts.all_grades_n, counts.all_grades_pct),
        (
            event.get_high_grade_display() or "high grade",
            counts.high_grade_n,
            counts.high_grade_pct,
        ),
    )
    return [(band, n, pct) for band, n, pct in bands if n is not None or pct is not None]


def cut_label(endpoint, pubs, latest):
    """Where the end point was read and its data cut, named where another publication is the
    cut's own; "latest" when it is the trial's latest."""
    cut = dc.cut_of(endpoint.publication, pubs)
    name = endpoint.publication.label
    is_latest = latest is not None and cut.pk == latest.pk
    if cut.pk != endpoint.publication.pk:
        return f"{name}, {cut.label} data cut{' (latest)' if is_latest else ''}"
    return f"{name} (latest data cut)" if is_latest else name


def latest_main(trial, endpoints):
    """The latest cut of each end point among `endpoints`, main analyses first."""
    return [latest for latest, _ in c.latest_first(trial, endpoints)]


def primary_end_points(trial, pubs):
    latest = latest_cut(trial, pubs)
    primaries = [e for e in rows_of(trial, "endpoints") if e.is_primary]
    facts = []
    for endpoint in latest_main(trial, primaries):
        is_os = endpoint.family == Endpoint.Family.OS
        heading = c.Line(f"{endpoint.name} — {cut_label(endpoint, pubs, latest)}", heading=True)
        lines = [heading, *headline_lines(trial, endpoint, pubs, adjusted=is_os)]
        lines += population_lines(trial, endpoint)
        facts.append(Fact("primary", f"Primary end point: {endpoint.name}", lines))
    if not facts:
        return [Fact("primary", "Primary end point", [])]
    return facts


def overall_survival(trial, pubs):
    """The latest unadjusted OS (and crossover-adjusted OS); None when OS is a primary end point
    (it is shown there)."""
    if any(e.is_primary and e.family == Endpoint.Family.OS for e in rows_of(trial, "endpoints")):
        return None
    candidates = [
        e
        for e in rows_of(trial, "endpoints")
        if e.family == Endpoint.Family.OS and e.role in c.MAIN_ROLES
    ]
    if not candidates:
        return Fact("os", "Overall survival", [])
    endpoint = latest_main(trial, candidates)[0]
    latest = latest_cut(trial, pubs)
    heading = c.Line(f"{endpoint.name} — {cut_label(endpoint, pubs, latest)}", heading=True)
    lines = [heading, *headline_lines(trial, endpoint, pubs, adjusted=True)]
    lines += population_lines(trial, endpoint)
    # Where survival was compared as restricted mean survival time (TheraP: 19.1 vs 19.6
    # months), that is the answer; death counts alone are not.
    rmst = [
        e
        for e in rows_of(trial, "endpoints")
        if e.family == Endpoint.Family.OS_RMST and e.role in c.MAIN_ROLES
    ]
    for other in latest_main(trial, rmst)[:1]:
        lines.append(c.Line(f"{other.name} — {cut_label(other, pubs, latest)}", heading=True))
        lines += headline_lines(trial, other, pubs)
    return Fact("os", "Overall survival", lines)


def crossover(trial, pubs):
    rows = list(rows_of(trial, "crossovers"))
    if not rows:
        text = "Not applicable (single group)" if trial.is_single_group else None
        return Fact("crossover", "Crossover", [c.Line(text)] if text else [])
    newest = max(rows, key=lambda x: dc.recency(x.data_cut, pubs))
    cut = dc.cut_of(newest.data_cut, pubs).pk
    lines = [
        c.Line(f.crossover_text(x), x, label=trial.acronym, numeric=True)
        for x in rows
        if dc.cut_of(x.data_cut, pubs).pk == cut
    ]
    return Fact("crossover", "Crossover", lines)


def counts_lines(trial, event, band):
    """Per arm: "279/529 (52.7%)", exactly as curated, for the all-grades or high-grade band."""
    arms = by_pk(trial, "arms")
    lines = []
    for counts in rows_of(event, "arms"):
        label = c.arm_label(trial, arms.get(counts.arm_id))
        if counts.not_applicable:
            lines.append(c.Line("not applicable", label=label))
            continue
        n, pct = (
            (counts.high_grade_n, counts.high_grade_pct)
            if band == "high"
            else (counts.all_grades_n, counts.all_grades_pct)
        )
        text = c.count_text(n, pct, f.pct_places(counts, event), counts.denominator)
        lines.append(
            c.Line(text, event, label=label, numeric=True)
            if text
            else c.Line(NOT_READ, label=label)
        )
    return lines


def has_high_grade(event):
    return any(
        x.high_grade_n is not None or x.high_grade_pct is not None for x in rows_of(event, "arms")
    )


def high_grade_events(trial, pubs):
    """The "any adverse event" row's high-grade band, or an overview row counting them all."""
    rows = [e for e in rows_of(trial, "adverse_events") if e.category == Category.ANY]
    rows = [e for e in rows if has_high_grade(e)] or [
        e
        for e in rows_of(trial, "adverse_events")
        if e.category == Category.OVERVIEW
        and e.high_grade
        and has_high_grade(e)
        and not SUBSET_WORDS.search(e.term)
    ]
    if not rows:
        return Fact("high-grade", "Grade ≥3 adverse events", [])
    event, _ = c.pick_event(trial, rows)
    band = event.get_high_grade_display() if event.high_grade else "High grade"
    heading = c.Line(f"{band}: {event_heading(event)}", heading=True)
    return Fact(
        "high-grade", f"{band} adverse events", [heading, *counts_lines(trial, event, "high")]
    )


def event_heading(event):
    cut = f", data cut {event.data_cut.label}" if event.data_cut_id else ""
    return f"{event.term} ({event.source.label}{cut})"


def discontinuation(trial, pubs):
    """Stopping for any adverse event, in preference to a subset of them (serious ones,
    related ones, during long-term follow-up), whichever table of the source lists it."""
    rows = [
        e
        for e in rows_of(trial, "adverse_events")
        if e.category in (Category.ACTION, Category.OVERVIEW) and DISCONTINUATION.search(e.term)
    ]
    rows = [e for e in rows if not SUBSET_OF_STOPS.search(e.term)] or rows
    if not rows:
        return Fact("discontinuation", "Discontinuation for toxicity", [])
    event, _ = c.pick_event(trial, rows)
    heading = c.Line(f"All grades: {event_heading(event)}", heading=True)
    lines = [heading, *counts_lines(trial, event, "all")]
    return Fact("discontinuation", "Discontinuation for toxicity", lines)


# ------------------------------------------------------------------------------- uses


def summary(trials):
    """The comparison's Summary: the key results of each trial, rows aligned by key."""
    results = [key_results(t) for t in trials]
    # Every value names its trial: once the header has scrolled away, on a phone or a second
    # printed page, "231 randomised" alone could be any column's.
    for kr in results:
        for line in (line for x in kr.facts for line in x.lines):
            if not line.label and not line.heading:
                line.label = kr.trial.acronym
    rows = []
    for key, label in KEYS:
        cells = [
            c.Cell([line for x in kr.facts if x.key == key for line in x.lines]) for kr in results
        ]
        if key == "os":
            primary = [i for i, kr in enumerate(results) if kr.fact("os") is None]
            if len(primary) == len(results):
                continue  # every trial's OS is a primary end point, in the row above
            for i in primary:
                cells[i] = c.Cell([c.Line("A primary end point: see Primary end point above")])
        rows.append(c.Row(label, cells))
    return c.Section("summary", "Summary", rows, total_span=1 + len(trials))
