"""The side-by-side comparison: one column per trial, rows aligned by section.

Built from trials fetched with `Trial.objects.full_records()`, so it runs no query of its own.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from . import formatting as f
from .models import AdverseEvent, Arm, Endpoint, Trial

Family = Endpoint.Family


@dataclass
class Line:
    """One line of a cell: its text, the curated object it was read from, and a label."""

    text: str
    obj: object = None
    label: str = ""

    @property
    def source(self):
        return f.source_text(self.obj)

    @property
    def secondary(self):
        return f.is_secondary(self.obj)


@dataclass
class Cell:
    lines: list[Line] = field(default_factory=list)

    @property
    def reported(self):
        return bool(self.lines)


@dataclass
class Row:
    label: str
    cells: list[Cell]
    notes: list[str] = field(default_factory=list)


@dataclass
class Section:
    slug: str
    title: str
    rows: list[Row]


# Efficacy rows: the end-point families that align in one row, named after the first.
EFFICACY_ROWS = [
    (Family.OS,),
    (Family.PFS, Family.RPFS),
    (Family.PSA_PFS,),
    (Family.OS_RMST,),
    (Family.SSE,),
    (Family.ORR,),
    (Family.CR,),
    (Family.PR,),
    (Family.DCR,),
    (Family.PSA50,),
    (Family.PSA80,),
]
ANY_EVENT = AdverseEvent.Category.ANY.label


def text_cell(text, obj=None):
    if text in (None, ""):
        return Cell()
    return Cell([Line(str(text), obj)])


def design_rows(trials):
    rows = [
        Row(
            "Design",
            [text_cell(f"{t.get_phase_display()}; {t.get_design_display()}", t) for t in trials],
        ),
        Row("Indication", [text_cell(t.indication, t) for t in trials]),
        Row("Setting", [text_cell(t.setting, t) for t in trials]),
        Row(
            "Randomisation",
            [
                text_cell(
                    t.randomisation_ratio
                    or ("Not applicable (single group)" if t.is_single_group else ""),
                    t,
                )
                for t in trials
            ],
        ),
        Row("Patients randomised (or enrolled)", [text_cell(t.patients_text, t) for t in trials]),
        Row("Screened or registered", [text_cell(t.n_screened, t) for t in trials]),
        Row(
            "Sites",
            [text_cell(" — ".join(str(x) for x in (t.n_sites, t.sites) if x), t) for t in trials],
        ),
        Row("Enrolment", [text_cell(t.enrolment_period, t) for t in trials]),
        Row("Sponsor", [text_cell(t.sponsor, t) for t in trials]),
        Row("ClinicalTrials.gov", [text_cell(t.nct_number) for t in trials]),
    ]
    single = [t.acronym for t in trials if t.is_single_group]
    if single:
        rows[0].notes.append(
            f"{', '.join(single)}: single group without a control arm, so "
            "no between-arm comparison; results are not randomised evidence."
        )
    return rows


def analysis_set_text(aset, arms):
    ns = {an.arm_id: an.n for an in aset.arm_ns.all()}
    per_arm = " vs ".join(f"{ns[a.pk]}" for a in arms if a.pk in ns)
    total = f"N={aset.n_total}" if aset.n_total is not None else ""
    return f"{aset.label}" + (
        f" ({total}{'; ' if total and per_arm else ''}{per_arm})" if total or per_arm else ""
    )


def population_rows(trials):
    def age_cell(trial):
        arms = list(trial.arms.all())
        lines = []
        for b in trial.baseline.all():
            if b.label.lower().startswith(("median age", "age")):
                who = next((a.short_label for a in arms if a.pk == b.arm_id), "All patients")
                aset = next(
                    (s.label for s in trial.analysis_sets.all() if s.pk == b.analysis_set_id), ""
                )
                lines.append(Line(f"{who}: {b.value} ({b.label})", b, label=aset))
        return Cell(lines)

    def sets_cell(trial):
        arms = list(trial.arms.all())
        return Cell([Line(analysis_set_text(s, arms), s) for s in trial.analysis_sets.all()])

    return [
        Row("Key eligibility", [text_cell(t.key_eligibility, t) for t in trials]),
        Row("Screening", [text_cell(t.screening, t) for t in trials]),
        Row("Analysis sets", [sets_cell(t) for t in trials]),
        Row("Age", [age_cell(t) for t in trials]),
    ]


def regimen_line(arm):
    dose = ""
    if arm.activity_gbq is not None:
        mci = f" ({f.number(arm.activity_mci)} mCi)" if arm.activity_mci is not None else ""
        dose = f"{f.number(arm.activity_gbq)} GBq{mci}"
        if arm.interval_weeks is not None:
            dose += f" every {f.number(arm.interval_weeks)} weeks"
        if arm.max_cycles:
            dose += f", up to {arm.max_cycles} cycles"
        dose += ". "
    n = f" (N={arm.n_randomised})" if arm.n_randomised is not None else ""
    return Line(f"{dose}{arm.regimen}", arm, label=f"{arm.label}{n}")


def intervention_rows(trials):
    def arms_of(trial, roles):
        return Cell([regimen_line(a) for a in trial.arms.all() if a.role in roles])

    def agent_cell(trial):
        lines = []
        for agent in trial.agents():
            half = (
                f"; half-life {f.number(agent.half_life)} {agent.get_half_life_unit_display()}"
                if agent.half_life is not None
                else ""
            )
            lines.append(
                Line(f"{agent.name} — {agent.radionuclide}, target {agent.target}{half}", agent)
            )
        return Cell(lines)

    experimental = (Arm.Role.EXPERIMENTAL, Arm.Role.SINGLE_GROUP)
    return [
        Row("Radioligand", [agent_cell(t) for t in trials]),
        Row("Experimental arm", [arms_of(t, experimental) for t in trials]),
        Row("Control arm", [arms_of(t, (Arm.Role.CONTROL,)) for t in trials]),
    ]


def endpoint_lines(trial, endpoint, show_cut):
    label = endpoint.name
    if endpoint.role != Endpoint.Role.SECONDARY:
        label += f" — {endpoint.get_role_display().lower()}"
    if show_cut:
        label += f" — {endpoint.publication.label}"
    lines = []
    for effect in endpoint.effects.all():
        text = f.effect_text(effect)
        if effect.analysis_note:
            text += f" [{effect.analysis_note}]"
        lines.append(Line(text, effect, label))
        label = ""
    for result in endpoint.results.all():
        lines.append(Line(f"{result.arm_label}: {f.result_text(result)}", result, label))
        label = ""
    if not lines:
        lines.append(
            Line(f.NOT_REPORTED + (f" — {endpoint.notes}" if endpoint.notes else ""), label=label)
        )
    sets = {s.pk: s for s in trial.analysis_sets.all()}
    if endpoint.analysis_set_id in sets:
        aset = analysis_set_text(sets[endpoint.analysis_set_id], list(trial.arms.all()))
        lines.append(Line(f"Analysed in: {aset}"))
    return lines


def efficacy_rows(trials):
    rows = []
    for families in EFFICACY_ROWS:
        cells, seen_families, levels, sets = [], set(), set(), set()
        for trial in trials:
            endpoints = [
                e
                for e in trial.endpoints.all()
                if e.family in families and e.role != Endpoint.Role.SUPPLEMENTARY
            ]
            cuts = {e.publication_id for e in endpoints}
            lines = []
            for e in endpoints:
                lines += endpoint_lines(trial, e, show_cut=len(cuts) > 1)
                seen_families.add(e.family)
                levels |= {f.exact(x.ci_level) for x in e.effects.all() if x.ci_level}
                if e.analysis_set_id:
                    sets.add((trial.pk, e.analysis_set_id))
            cells.append(Cell(lines))
        if not any(c.reported for c in cells):
            continue
        row = Row(families[0].label, cells)
        if {Family.PFS, Family.RPFS} <= seen_families:
            row.notes.append(
                "Definitions differ: PFS (any progression) in one trial, "
                "radiographic (imaging-based) PFS in another."
            )
        if len(levels) > 1:
            row.notes.append(
                "Confidence levels differ: "
                + " vs ".join(f"{f.number(x)}%" for x in sorted(levels))
                + " CIs."
            )
        if len({trial for trial, _ in sets}) < len(sets):
            row.notes.append("A trial reports this in more than one population or data cut.")
        rows.append(row)
    return rows


def event_lines(trial, event):
    """One line per arm of an adverse-event row: all grades and the high-grade band."""
    arms = {a.pk: a for a in trial.arms.all()}
    # In the "any adverse event" row, each trial's own wording of it.
    label = event.term if event.row_key == ANY_EVENT else ""
    lines = []
    for counts in event.arms.all():
        who = arms[counts.arm_id].short_label if counts.arm_id else "All arms"
        if counts.not_applicable:
            lines.append(Line(f"{who}: not applicable", event))
            continue
        places = f.pct_places(counts, event)
        all_ = f.count_cell(counts.all_grades_n, counts.all_grades_pct, places)
        high = f.count_cell(counts.high_grade_n, counts.high_grade_pct, places)
        parts = []
        if all_:
            parts.append(f"all grades {all_}")
        if high:
            parts.append(f"{event.get_high_grade_display()} {high}")
        of = f" of {counts.denominator}" if counts.denominator else ""
        cut = f" (data cut: {event.data_cut.label})" if event.data_cut_id else ""
        lines.append(Line(f"{who}{of}: " + "; ".join(parts) + cut, event, label))
    return lines


def safety_rows(trials):
    """Adverse events aligned by row key: rows more than one trial reports, and the others."""
    by_key = defaultdict(lambda: [[] for _ in trials])
    for i, trial in enumerate(trials):
        for event in trial.adverse_events.all():
            if event.is_compared:
                by_key[event.row_key][i].append((trial, event))
    common, single = [], []
    for key, per_trial in by_key.items():
        cells = [
            Cell([line for trial, event in entries for line in event_lines(trial, event)])
            for entries in per_trial
        ]
        row = Row(key, cells)
        bands = {event.high_grade for entries in per_trial for _, event in entries}
        if len(bands - {""}) > 1:
            row.notes.append(
                "High-grade bands differ: grade ≥3 in one trial, grade 3–4 in another."
            )
        reported = sum(c.reported for c in cells)
        (common if key == ANY_EVENT or reported > 1 else single).append(row)
    common.sort(key=lambda r: AdverseEvent.row_order(r.label))
    single.sort(key=lambda r: r.label)
    return common, single


def sources_rows(trials):
    def pubs(trial):
        lines = []
        for p in trial.publications.all():
            bits = [p.get_kind_display(), p.get_source_quality_display()]
            if p.data_cutoff:
                bits.append(f"data cut-off {f.page_date(p.data_cutoff)}")
            if p.median_follow_up_months is not None:
                bits.append(f"median follow-up {f.number(p.median_follow_up_months)} mo")
            lines.append(Line(f"{p.citation} ({'; '.join(bits)})", p, p.label))
        return Cell(lines)

    row = Row("Publications and data cuts", [pubs(t) for t in trials])
    if len({p.kind for t in trials for p in t.publications.all()}) > 1:
        row.notes.append("Trials report different data cuts; each number names its own.")
    return [row]


def controls_text(trials):
    names = []
    for trial in trials:
        controls = [a.short_label for a in trial.arms.all() if a.role == Arm.Role.CONTROL]
        if controls:
            names.append(f"{trial.acronym}: {', '.join(controls)}")
    return "; ".join(names)


def caveats(trials):
    """What a reader must know before reading across the columns, said once, above the table."""
    if len(trials) < 2:
        return []
    found = [
        "Not a head-to-head comparison: no trial here compared these experimental treatments "
        "with each other. Each effect estimate is against its own trial's control ("
        + controls_text(trials)
        + ")."
    ]
    diseases = {t.disease for t in trials}
    if len(diseases) > 1:
        by_disease = [
            f"{label}: {', '.join(t.acronym for t in trials if t.disease == value)}"
            for value, label in Trial.Disease.choices
            if value in diseases
        ]
        found.append("Different diseases: " + "; ".join(by_disease) + ".")
    if len({t.indication for t in trials}) > 1:
        found.append(
            "Different populations or lines of treatment: see Indication and Setting below."
        )
    waiting = [t.acronym for t in trials if not t.has_results]
    if waiting:
        found.append(f"No results published in the sources: {', '.join(waiting)}.")
    return found


def crossover_rows(trials):
    """Control-arm patients who later received the experimental treatment, per data cut."""
    cells = [
        Cell([Line(f.crossover_text(c), c) for c in trial.crossovers.all()]) for trial in trials
    ]
    if not any(cell.reported for cell in cells):
        return []
    return [Row("Crossover", cells)]


def build(trials):
    common_ae, single_ae = safety_rows(trials)
    sections = [
        Section("design", "Design", design_rows(trials)),
        Section("population", "Population", population_rows(trials)),
        Section("intervention", "Intervention", intervention_rows(trials)),
        Section("efficacy", "Efficacy", [*efficacy_rows(trials), *crossover_rows(trials)]),
        Section("safety", "Safety", common_ae),
        Section("safety-other", "Other adverse events (reported by one trial)", single_ae),
        Section("sources", "Sources", sources_rows(trials)),
    ]
    return [s for s in sections if s.rows]
