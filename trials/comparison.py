"""The side-by-side comparison: one column per trial, rows aligned by section.

Built from trials fetched with `Trial.objects.full_records()`, so it runs no query of its own.
"""

import html
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from . import formatting as f
from .datacuts import cut_of, publications, recency
from .models import AdverseEvent, Arm, ArmResult, Endpoint, Trial
from .models.trials import by_pk, rows_of

Family = Endpoint.Family
Measure = ArmResult.Measure

NOT_READ = "not reported in the sources read"
LONG_TEXT = 160  # characters shown before a "more" fold
TEASER = 120
NOT_READ_HTML = '<p class="not-reported">Not reported in the sources read</p>'
NOT_REPORTED_DASH = '<span class="nr" title="not reported in the sources read">–</span>'
SECONDARY_BADGE = mark_safe(' <span class="badge secondary-badge">secondary</span>')


@dataclass(slots=True)
class Part:
    """A piece of a line's text; `number` pieces carry the source underline."""

    text: str
    obj: object = None
    number: bool = False


@dataclass(slots=True)
class Line:
    """One line of a cell: its text, the curated object it was read from, and a label.

    `parts` splits the text where it joins numbers read from several rows ("8.7 vs 3.4 mo · HR
    0.40 …"); `text` is always the whole line, so downloads read it as the page shows it.
    """

    text: str
    obj: object = None
    label: str = ""
    parts: list[Part] = field(default_factory=list)
    numeric: bool = False  # without parts: the whole text is a published number
    heading: bool = False  # an end point's name and data cut, above its values
    other_cut: bool = False  # another data cut or report than the one shown by default
    arm_key: object = None  # adverse events: the arm's pk, or "all" for pooled counts
    band: str = ""  # adverse events: "all" grades or the "high" grade band
    event: object = None  # adverse events: the row the numbers were read from
    cut: str = ""  # the data cut (publication) an end point's line belongs to

    @property
    def pieces(self):
        return self.parts or [Part(self.text, self.obj, self.numeric)]

    @property
    def objects(self):
        if self.parts:
            return [p.obj for p in self.parts if p.obj is not None]
        return [] if self.obj is None else [self.obj]

    @property
    def source(self):
        return "; ".join(dict.fromkeys(s for s, _ in map(source_of, self.objects) if s))

    def value_html(self):
        """The value: numbers underlined, one source for the line on hover or focus; long text
        folded behind "more". Built as strings: a comparison prints thousands of lines."""
        return mark_safe(self.value_markup())

    def value_markup(self):
        """`value_html()` as a plain string, for the cells that join many of them."""
        if self.heading:
            return f'<span class="ep-head">{esc(self.text)}</span>'
        parts = self.parts
        if parts:
            body = "".join(map(piece_html, parts))
        elif len(self.text) > LONG_TEXT:
            teaser = esc(self.text[:TEASER].rsplit(" ", 1)[0])
            return (
                f'<details class="more"><summary><span class="teaser">{teaser}…</span> '
                '<span class="more-label">more</span></summary>'
                f"{self.sourced_html(esc(self.text))}</details>"
            )
        elif self.numeric:
            body = f'<span class="num">{esc(self.text)}</span>'
        else:
            body = esc(self.text)
        return self.sourced_html(body)

    def sourced_html(self, body):
        objects = self.objects
        if len(objects) == 1:
            start, end = source_html(objects[0])
            return f"{start}{body}{end}"
        found = [source_of(obj) for obj in objects]
        badge = SECONDARY_BADGE if any(secondary for _, secondary in found) else ""
        source = "; ".join(dict.fromkeys(s for s, _ in found if s))
        if not source:
            return f'<span class="kv">{body}{badge}</span>'
        return (
            f'<span class="val kv" tabindex="0">{body}{badge}'
            f'<span class="src"> — source: {esc(source)}</span></span>'
        )

    def html(self):
        """The line as a cell prints it: "label: value"."""
        return mark_safe(self.markup())

    def markup(self):
        if not self.label:
            return self.value_markup()
        return f'<span class="lbl">{esc(self.label)}:</span> {self.value_markup()}'


def esc(text):
    return html.escape(str(text))


def source_of(obj):
    """(source text, whether secondary) of a curated row, worked out once per row: a comparison
    prints the same row's source on many lines. Rows are fetched afresh for each page."""
    try:
        return obj._comparison_source
    except AttributeError:
        obj._comparison_source = found = (f.source_text(obj), f.is_secondary(obj))
        return found


def source_html(obj):
    """The markup around a value read from one row (its underline, badge and source), built
    once per row as `Line.sourced_html` builds it for several."""
    try:
        return obj._comparison_source_html
    except AttributeError:
        source, secondary = source_of(obj)
        badge = SECONDARY_BADGE if secondary else ""
        if not source:
            found = ('<span class="kv">', f"{badge}</span>")
        else:
            found = (
                '<span class="val kv" tabindex="0">',
                f'{badge}<span class="src"> — source: {esc(source)}</span></span>',
            )
        obj._comparison_source_html = found
        return found


def piece_html(part):
    if part.number:
        return f'<span class="num">{esc(part.text)}</span>'
    return esc(part.text)


def joined(parts, label="", **kwargs):
    """A line from its parts, its text their concatenation."""
    return Line("".join(p.text for p in parts), label=label, parts=parts, **kwargs)


@dataclass(slots=True)
class Cell:
    lines: list[Line] = field(default_factory=list)
    trial: object = None  # where the cell folds other data cuts: the trial page shows them all
    span: int = 1  # grid columns under the trial (one per arm in the adverse-event rows)

    @property
    def reported(self):
        return bool(self.lines)

    @property
    def shown(self):
        return [line for line in self.lines if not line.other_cut]

    @property
    def folded(self):
        """Other data cuts and reports, behind a "more" fold."""
        return [line for line in self.lines if line.other_cut]

    @property
    def folded_cuts(self):
        """The other data cuts' names, for the fold's summary."""
        return list(dict.fromkeys(line.cut for line in self.folded if line.cut))

    def html(self):
        """The cell's content: its lines, other data cuts folded, or "not reported"."""
        shown, folded = self.shown, self.folded
        out = [f'<div class="ln">{line.markup()}</div>' for line in shown]
        if not shown and not folded:
            out.append(NOT_READ_HTML)
        if folded:
            cuts = esc("; ".join(self.folded_cuts))
            out.append(
                f'<details class="more other-cuts"><summary>Other data cuts: {cuts}</summary>'
            )
            out += [f'<div class="ln">{line.markup()}</div>' for line in folded]
            if self.trial is not None:
                out.append(
                    f'<p><a href="{self.trial.get_absolute_url()}#efficacy">Every data cut on the '
                    f"{esc(self.trial.acronym)} page</a></p>"
                )
            out.append("</details>")
        return mark_safe("".join(out))


@dataclass(slots=True)
class Row:
    label: str
    cells: list[Cell]
    notes: list[str] = field(default_factory=list)
    grid: list = field(default_factory=list)  # adverse events: one GridCell per grid column

    def cells_html(self):
        """The row's cells, each across its trial's grid columns (printed here, not by the
        template's loop: a comparison has hundreds of cells)."""
        return mark_safe(
            "".join(f'\n      <td colspan="{c.span}">{c.html()}</td>\n      ' for c in self.cells)
        )

    def grid_html(self):
        """An adverse-event row's cells, one per arm column."""
        return mark_safe("".join(f'<td class="ae">{g.html()}</td>' for g in self.grid))


@dataclass
class Section:
    slug: str
    title: str
    rows: list[Row]
    notes: list[str] = field(default_factory=list)  # caveats that hold for the whole section
    columns: list = field(default_factory=list)  # adverse events: the grid's arm columns
    total_span: int = 1  # the table's columns: the labels' and each trial's (set by place())

    def rows_html(self):
        """The section's rows as the full comparison prints them, each after its notes: adverse
        events in their grid, other rows one cell per trial."""
        warn = "" if self.columns else "⚠ "
        out = [] if self.columns else ["\n    "]
        for row in self.rows:
            label = conditional_escape(row.label)
            out.append("\n    ")
            if row.notes:
                notes = "".join(
                    f'<p class="row-note">{warn}{label}: {conditional_escape(note)}</p>'
                    for note in row.notes
                )
                out.append(
                    f'<tr class="note-row"><td colspan="{self.total_span}">'
                    f'<div class="section-head">{notes}</div></td></tr>'
                )
            cells = row.grid_html() if self.columns else row.cells_html()
            out.append(
                f'\n    <tr>\n      <th scope="row"><span class="rl">{label}</span></th>\n'
                f"      {cells}\n    </tr>\n    "
            )
        out.append("\n    ")
        return mark_safe("".join(out))

    def summary_rows_html(self):
        """The Summary's rows: a key result's label, then each trial's cell."""
        out = []
        for row in self.rows:
            label = conditional_escape(row.label)
            notes = ""
            if row.notes:
                notes = "".join(
                    f'<p class="row-note">⚠ {label}: {conditional_escape(note)}</p>'
                    for note in row.notes
                )
                notes = (
                    f'<tr class="note-row"><td colspan="{self.total_span}">'
                    f'<div class="section-head">{notes}</div></td></tr>'
                )
            cells = "".join(f"<td>{cell.html()}</td>" for cell in row.cells)
            out.append(
                f'\n      {notes}\n      <tr>\n        <th scope="row"><span class="rl">{label}'
                f"</span></th>\n        {cells}\n      </tr>\n      "
            )
        return mark_safe("".join(out))


MAIN_ROLES = (
    Endpoint.Role.PRIMARY,
    Endpoint.Role.ALTERNATE_PRIMARY,
    Endpoint.Role.KEY_SECONDARY,
    Endpoint.Role.SECONDARY,
)


def same_endpoint_key(endpoint):
    """End points that are one question asked at several data cuts share this key: the main
    analysis of a family, or a subgroup or other outcome by its population (else its name)."""
    if endpoint.role in MAIN_ROLES:
        return (endpoint.family, "main")
    return (endpoint.family, endpoint.analysis_set_id or endpoint.name)


def latest_first(trial, endpoints):
    """[(latest end point, [the same end point at other cuts or in other reports])]."""
    pubs = publications(trial)
    groups = defaultdict(list)
    for e in endpoints:
        groups[same_endpoint_key(e)].append(e)
    found = []
    for group in groups.values():
        group.sort(key=lambda e: (*recency(e.publication, pubs), e.order, e.pk), reverse=True)
        found.append((group[0], group[1:]))
    # The main analysis first, then subgroups and other outcomes, in the curated order.
    found.sort(key=lambda pair: (pair[0].role not in MAIN_ROLES, pair[0].order, pair[0].pk))
    return found


# ------------------------------------------------------------------------------- swatches

# The chart markers (charts.SYMBOLS) drawn in a 10 x 10 box, for a swatch beside a trial's name.
SYMBOL_PATHS = {
    "circle": "M1 5a4 4 0 1 0 8 0a4 4 0 1 0-8 0z",
    "square": "M1.5 1.5h7v7h-7z",
    "diamond": "M5 .5 9.5 5 5 9.5.5 5z",
    "triangle-up": "M5 1 9.5 9h-9z",
    "x": "M1 2.4 2.4 1 5 3.6 7.6 1 9 2.4 6.4 5 9 7.6 7.6 9 5 6.4 2.4 9 1 7.6 3.6 5z",
    "star": "M5 .5 6.2 3.8 9.7 3.9 6.9 6 7.9 9.4 5 7.4 2.1 9.4 3.1 6 .3 3.9 3.8 3.8z",
    "hexagon": "M5 .5 8.9 2.75v4.5L5 9.5 1.1 7.25v-4.5z",
    "cross": "M3.6 1h2.8v2.6H9v2.8H6.4V9H3.6V6.4H1V3.6h2.6z",
}


def swatch(trial):
    """The trial's colour and marker, as on its charts; None until the charts name them."""
    from . import charts

    style = getattr(charts, "trial_style", None)
    if style is None:
        return None
    found = style(trial)
    return {**found, "path": SYMBOL_PATHS.get(found["symbol"], SYMBOL_PATHS["circle"])}


# ------------------------------------------------------------------------------- text helpers


def text_cell(text, obj=None):
    if text in (None, ""):
        return Cell()
    return Cell([Line(str(text), obj)])


def number_cell(text, obj=None):
    if text in (None, ""):
        return Cell()
    return Cell([Line(str(text), obj, numeric=True)])


def arm_label(trial, arm):
    """An arm as a cell names it: never without its trial ("VISION: Standard care")."""
    return f"{trial.acronym}: {arm.short_label}" if arm else f"{trial.acronym}, all arms"


def design_rows(trials):
    rows = [
        Row(
            "Design",
            [text_cell(f"{t.get_phase_display()}; {t.get_design_display()}", t) for t in trials],
        ),
        Row("Indication", [text_cell(t.indication, t) for t in trials]),
        Row("Setting", [text_cell(setting_text(t), t) for t in trials]),
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
        Row("Patients randomised (or enrolled)", [number_cell(t.patients_text, t) for t in trials]),
        Row("Screened or registered", [number_cell(t.n_screened, t) for t in trials]),
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


def clinical_setting(trial):
    """The trial's place in the treatment sequence, where curated (select_related: no query)."""
    return getattr(trial, "clinical_setting", None)


def setting_text(trial):
    found = clinical_setting(trial)
    if found is None:
        return trial.setting
    return f"{found.name}. {trial.setting}" if trial.setting else found.name


def analysis_set_text(aset, arms):
    ns = {an.arm_id: an.n for an in rows_of(aset, "arm_ns")}
    per_arm = " vs ".join(f"{ns[a.pk]}" for a in arms if a.pk in ns)
    total = f"N={aset.n_total}" if aset.n_total is not None else ""
    return f"{aset.label}" + (
        f" ({total}{'; ' if total and per_arm else ''}{per_arm})" if total or per_arm else ""
    )


def population_rows(trials):
    def age_cell(trial):
        arms = list(rows_of(trial, "arms"))
        sets = {s.pk: s.label for s in rows_of(trial, "analysis_sets")}
        lines = []
        for b in rows_of(trial, "baseline"):
            if b.label.lower().startswith(("median age", "age")):
                arm = next((a for a in arms if a.pk == b.arm_id), None)
                who = arm_label(trial, arm) if arm else f"{trial.acronym}, all patients"
                where = "; ".join(x for x in (b.label, sets.get(b.analysis_set_id, "")) if x)
                lines.append(joined([Part(b.value, b, True), Part(f" ({where})")], who))
        return Cell(lines)

    def sets_cell(trial):
        arms = list(rows_of(trial, "arms"))
        return Cell([Line(analysis_set_text(s, arms), s) for s in rows_of(trial, "analysis_sets")])

    return [
        Row("Key eligibility", [text_cell(t.key_eligibility, t) for t in trials]),
        Row("Screening", [text_cell(t.screening, t) for t in trials]),
        Row("Analysis sets", [sets_cell(t) for t in trials]),
        Row("Age", [age_cell(t) for t in trials]),
    ]


def regimen_line(trial, arm):
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
    return Line(f"{dose}{arm.regimen}", arm, label=f"{trial.acronym}: {arm.label}{n}")


def intervention_rows(trials):
    def arms_of(trial, roles):
        return Cell([regimen_line(trial, a) for a in rows_of(trial, "arms") if a.role in roles])

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

    def control_cell(trial):
        if trial.is_single_group:
            return Cell([Line("Single group: no comparator")])
        return arms_of(trial, (Arm.Role.CONTROL,))

    experimental = (Arm.Role.EXPERIMENTAL, Arm.Role.SINGLE_GROUP)
    return [
        Row("Radioligand", [agent_cell(t) for t in trials]),
        Row("Experimental arm", [arms_of(t, experimental) for t in trials]),
        Row("Control arm", [control_cell(t) for t in trials]),
    ]


# ------------------------------------------------------------------------------- efficacy

# The measure an end point leads with: survival by its medians, response by its rates.
TIME_TO_EVENT_ORDER = [
    Measure.MEDIAN,
    Measure.RATE,
    Measure.EVENTS,
    Measure.RMST,
    Measure.PROPORTION,
    Measure.RESPONDERS,
    Measure.OTHER,
]
PROPORTION_ORDER = [
    Measure.PROPORTION,
    Measure.RESPONDERS,
    Measure.RATE,
    Measure.MEDIAN,
    Measure.EVENTS,
    Measure.RMST,
    Measure.OTHER,
]


def by_measure(endpoint):
    """The end point's per-arm results grouped by measure, its leading measure first."""
    groups = defaultdict(list)
    for r in rows_of(endpoint, "results"):
        groups[r.measure].append(r)
    order = (
        TIME_TO_EVENT_ORDER if endpoint.kind == Endpoint.Kind.TIME_TO_EVENT else PROPORTION_ORDER
    )
    return [(m, groups[m]) for m in order if groups[m]]


def compares_arms(trial, results):
    """Whether the results are one per arm of the trial, for two or more arms: "a vs b"."""
    arm_ids = [r.arm_id for r in results]
    trial_arms = [a.pk for a in rows_of(trial, "arms")]
    return len(arm_ids) > 1 and None not in arm_ids and sorted(arm_ids) == sorted(trial_arms)


def versus_label(trial, results):
    return f"{trial.acronym}: " + " vs ".join(r.arm.short_label for r in results)


def results_parts(results):
    """ "8.7 vs 3.4 mo", "Not reached vs 8.4 mo (95% CI 5.8–9.1)": each number its own part."""
    plain_medians = all(
        r.measure == Measure.MEDIAN and r.value is not None and not f.ci_text(r) for r in results
    )
    parts = []
    for i, r in enumerate(results):
        if i:
            parts.append(Part(" vs "))
        last = i == len(results) - 1
        text = f.value_text(r) if plain_medians and not last else f.result_text(r)
        parts.append(Part(text, r, True))
    return parts


def measure_lines(trial, results, effect=None):
    """One measure of an end point: "VISION: A vs B: 8.7 vs 3.4 mo · HR …", or per arm."""
    tail = [Part(" · "), effect_part(effect)] if effect is not None else []
    if compares_arms(trial, results):
        return [joined(results_parts(results) + tail, versus_label(trial, results))]
    lines = [joined([Part(f.result_text(r), r, True)], arm_label(trial, r.arm)) for r in results]
    if tail:
        lines.append(joined(tail[1:], f"{trial.acronym}"))
    return lines


def effect_part(effect):
    text = f.effect_text(effect)
    # The crossover adjustment is named by effect_text already.
    if effect.analysis_note and not effect.crossover_adjustment:
        text += f" [{effect.analysis_note}]"
    return Part(text, effect, True)


def endpoint_heading(endpoint):
    bits = [endpoint.name]
    if endpoint.role != Endpoint.Role.SECONDARY:
        bits.append(endpoint.get_role_display().lower())
    bits.append(endpoint.publication.label)
    return " — ".join(bits)


def endpoint_lines(trial, endpoint, other_cut=False):
    """The end point's heading, its headline measure with the first estimate, then the rest."""
    lines = [Line(endpoint_heading(endpoint), heading=True)]
    effects = list(rows_of(endpoint, "effects"))
    measures = by_measure(endpoint)
    if measures and effects:
        lines += measure_lines(trial, measures[0][1], effects[0])
        effects, measures = effects[1:], measures[1:]
    for effect in effects:
        lines.append(joined([effect_part(effect)], trial.acronym))
    for _, results in measures:
        lines += measure_lines(trial, results)
    if len(lines) == 1:
        lines.append(Line(NOT_READ + (f" — {endpoint.notes}" if endpoint.notes else "")))
    if endpoint.analysis_set_id:
        sets = {s.pk: s for s in rows_of(trial, "analysis_sets")}
        if endpoint.analysis_set_id in sets:
            aset = analysis_set_text(sets[endpoint.analysis_set_id], list(rows_of(trial, "arms")))
            lines.append(Line(f"Analysed in: {aset}"))
    for line in lines:
        line.other_cut = other_cut
        line.cut = endpoint.publication.label
    return lines


def efficacy_rows(trials):
    rows = []
    for families in EFFICACY_ROWS:
        cells, seen_families, levels, sets = [], set(), set(), set()
        for trial in trials:
            endpoints = [
                e
                for e in rows_of(trial, "endpoints")
                if e.family in families and e.role != Endpoint.Role.SUPPLEMENTARY
            ]
            lines = []
            for latest, others in latest_first(trial, endpoints):
                lines += endpoint_lines(trial, latest)
                for other in others:
                    lines += endpoint_lines(trial, other, other_cut=True)
            for e in endpoints:
                seen_families.add(e.family)
                levels |= {f.exact(x.ci_level) for x in rows_of(e, "effects") if x.ci_level}
                if e.analysis_set_id:
                    sets.add((trial.pk, e.analysis_set_id))
            cells.append(Cell(lines, trial))
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


def crossover_rows(trials):
    """Control-arm patients who later received the experimental treatment, per data cut."""
    cells = [
        Cell(
            [
                Line(f.crossover_text(c), c, label=trial.acronym, numeric=True)
                for c in rows_of(trial, "crossovers")
            ]
        )
        for trial in trials
    ]
    if not any(cell.reported for cell in cells):
        return []
    return [Row("Crossover", cells)]


# ------------------------------------------------------------------------------- safety

ANY_EVENT = AdverseEvent.Category.ANY.label
BANDS = dict(AdverseEvent.HighGrade.choices)
SHORT_BANDS = {AdverseEvent.HighGrade.GRADE_3_PLUS: "≥3", AdverseEvent.HighGrade.GRADE_3_4: "3–4"}


def count_text(n, pct, places, denominator=None):
    """ "17/184 (9.2%)" where the denominator is curated, else as f.count_cell prints it."""
    if n is not None and denominator and pct is not None:
        return f"{n}/{denominator} ({f.percent(pct, places)})"
    if n is not None and denominator:
        return f"{n}/{denominator}"
    return f.count_cell(n, pct, places)


@dataclass
class GridColumn:
    """One arm of one trial in the adverse-event grid, with its safety population."""

    trial: Trial
    arm: object  # an Arm, or None for counts published for all arms together
    n: object  # the denominator most rows use, or None
    band: str  # the trial's high-grade band ("3+" or "3-4")

    @property
    def key(self):
        return self.arm.pk if self.arm else "all"

    @property
    def label(self):
        return arm_label(self.trial, self.arm)

    @property
    def band_label(self):
        return BANDS.get(self.band, "High grade")

    @property
    def band_short(self):
        """The band as a cell prefixes its count: "≥3", "3–4"."""
        return SHORT_BANDS.get(self.band, "high")


@dataclass(slots=True)
class GridCell:
    all_grades: Line = None
    high: Line = None
    not_applicable: bool = False
    denominator: object = None  # where it differs from the column's
    band: str = ""  # where it differs from the column's
    band_short: str = ""  # the band the high-grade count is of: "≥3", "3–4"
    others: list[Line] = field(default_factory=list)  # other reports of the row, folded
    trial: object = None

    def html(self):
        """Both counts of one arm, the band each is of, and other reports folded."""
        if self.not_applicable:
            out = ['<abbr title="not applicable">NA</abbr>']
        else:
            out = [
                f'<span class="ae-line"><span class="band">{band}</span> '
                f"{line.value_markup() if line else NOT_REPORTED_DASH}</span>"
                for band, line in (("all", self.all_grades), (self.band_short, self.high))
            ]
            if self.denominator:
                out.append(f'<span class="cell-note">of {self.denominator}</span>')
        if self.others:
            out.append('<details class="more other-cuts"><summary>Other reports</summary>')
            for line in self.others:
                event = line.event
                whose = (
                    f" ({esc(event.source.label)})" if event.source_id != event.data_cut_id else ""
                )
                out.append(
                    f'<div class="ln"><span class="lbl">{esc(self.trial.acronym)}: '
                    f"{esc(line.label)}{whose}:</span> {line.value_markup()}</div>"
                )
            out.append("</details>")
        return mark_safe("".join(out))


def event_lines(trial, event, other_cut=False):
    """Per arm of an adverse-event row: its all-grades and high-grade numbers, one line each.

    Downloads read the arm and band in the label; the page places each line in its grid column.
    """
    arms = by_pk(trial, "arms")
    lines = []
    for counts in rows_of(event, "arms"):
        arm = arms.get(counts.arm_id)
        who = arm.short_label if arm else "All arms"
        if counts.denominator:
            who += f" (N={counts.denominator})"
        key = arm.pk if arm else "all"
        common = dict(obj=event, arm_key=key, event=event, other_cut=other_cut, numeric=True)
        if counts.not_applicable:
            lines.append(Line("not applicable", label=f"{who}", band="na", **common))
            continue
        places = f.pct_places(counts, event)
        cut = f", data cut {event.data_cut.label}" if event.data_cut_id else ""
        for band, n, pct, name in (
            ("all", counts.all_grades_n, counts.all_grades_pct, "all grades"),
            ("high", counts.high_grade_n, counts.high_grade_pct, f.display(event, "high_grade")),
        ):
            text = f.count_cell(n, pct, places)
            if text:
                lines.append(Line(text, label=f"{who}, {name}{cut}", band=band, **common))
    return lines


def pick_event(trial, events):
    """The row shown for an adverse event: the latest data cut, its own and full sources first."""
    pubs = publications(trial)
    ordered = sorted(
        events,
        key=lambda e: (*recency(e.source, pubs, cut_of(e.cut, pubs)), -e.order, -e.pk),
        reverse=True,
    )
    return ordered[0], ordered[1:]


def grid_columns(trials, per_trial_events):
    columns = []
    for trial, events in zip(trials, per_trial_events, strict=True):
        counts = [c for e in events for c in rows_of(e, "arms")]
        bands = Counter(e.high_grade for e in events if e.high_grade)
        band = bands.most_common(1)[0][0] if bands else ""
        arms = [a for a in rows_of(trial, "arms") if any(c.arm_id == a.pk for c in counts)]
        if not arms:
            arms = list(rows_of(trial, "arms"))
        if any(c.arm_id is None for c in counts):
            arms.append(None)
        for arm in arms:
            ns = Counter(
                c.denominator
                for c in counts
                if c.denominator and c.arm_id == (arm.pk if arm else None)
            )
            n = ns.most_common(1)[0][0] if ns else (arm.n_safety if arm else None)
            columns.append(GridColumn(trial, arm, n, band))
    return columns


def grid_cells(columns, cells):
    """The lines of each trial's cell placed in the grid: one GridCell per column."""
    by_trial = {}
    for cell, trial in cells:
        by_trial[trial.pk] = cell
    lines_by_key = {}  # (trial, arm key): the lines of that trial's cell for that arm
    for trial_pk, cell in by_trial.items():
        for line in cell.lines:
            lines_by_key.setdefault((trial_pk, line.arm_key), []).append(line)
    found = []
    for column in columns:
        key = column.key
        mine = lines_by_key.get((column.trial.pk, key), ())
        grid = GridCell(others=[line for line in mine if line.other_cut], trial=column.trial)
        grid.band_short = column.band_short
        for line in mine:
            if line.other_cut:
                continue
            counts = next(
                (c for c in rows_of(line.event, "arms") if (c.arm_id or "all") == key), None
            )
            if counts and counts.denominator and counts.denominator != column.n:
                grid.denominator = counts.denominator
            if line.event.high_grade and line.event.high_grade != column.band:
                grid.band = f.display(line.event, "high_grade")
                grid.band_short = SHORT_BANDS[line.event.high_grade]
            if line.band == "na":
                grid.not_applicable = True
            elif line.band == "all":
                grid.all_grades = line
            else:
                grid.high = line
        found.append(grid)
    return found


def safety_rows(trials):
    """Adverse events aligned by row key: rows more than one trial reports, and the others.

    Returns (common rows, single-trial rows, grid columns).
    """
    by_key = defaultdict(lambda: [[] for _ in trials])
    for i, trial in enumerate(trials):
        for event in rows_of(trial, "adverse_events"):
            if event.is_compared:
                by_key[event.row_key][i].append(event)
    compared = [[e for e in rows_of(t, "adverse_events") if e.is_compared] for t in trials]
    columns = grid_columns(trials, compared)
    common, single = [], []
    for key, per_trial in by_key.items():
        cells = []
        wording = []
        for trial, events in zip(trials, per_trial, strict=True):
            lines = []
            if events:
                shown, others = pick_event(trial, events)
                lines += event_lines(trial, shown)
                for other in others:
                    lines += event_lines(trial, other, other_cut=True)
                if key == ANY_EVENT:
                    wording.append(f"{trial.acronym}: {shown.term}")
            cells.append(Cell(lines))
        row = Row(key, cells)
        if key == ANY_EVENT and wording:
            row.notes.append("As worded: " + "; ".join(wording) + ".")
        row.grid = grid_cells(columns, zip(cells, trials, strict=True))
        reported = sum(c.reported for c in cells)
        (common if key == ANY_EVENT or reported > 1 else single).append(row)
    common.sort(key=lambda r: AdverseEvent.row_order(r.label))
    single.sort(key=lambda r: r.label)
    return common, single, columns


def safety_notes(trials):
    """Said once, above the adverse events."""
    bands = {
        e.high_grade for t in trials for e in rows_of(t, "adverse_events") if e.is_compared
    } - {""}
    notes = []
    if len(bands) > 1:
        notes.append("High-grade bands differ: grade ≥3 in one trial, grade 3–4 in another.")
    return notes


def compared_events(trial):
    return [e for e in rows_of(trial, "adverse_events") if e.is_compared]


@dataclass
class TrialColumn:
    """A trial's column group: its arms' adverse-event columns under its name."""

    trial: Trial
    grid: list[GridColumn]
    remove_url: str = ""

    @property
    def span(self):
        return len(self.grid) or 1

    def name_html(self):
        return name_html(self.trial)


def name_html(trial):
    """The trial's name, linked, after its chart colour and marker."""
    found = swatch(trial)
    mark = ""
    if found:
        mark = format_html(
            '<svg class="swatch" viewBox="0 0 10 10" width="12" height="12" aria-hidden="true" '
            'focusable="false"><path d="{}" fill="{}" stroke="#1f2937" stroke-width=".6"/></svg>',
            found["path"],
            found["colour"],
        )
    return format_html(
        '<span class="trial-name">{}<a href="{}">{}</a></span>',
        mark,
        trial.get_absolute_url(),
        trial.acronym,
    )


def place(sections, columns, baseline):
    """Give each cell the number of grid columns its trial spans."""
    spans = [column.span for column in columns]
    for section in sections:
        section.total_span = 1 + sum(spans)
        for row in section.rows:
            for cell, span in zip(row.cells, spans, strict=True):
                cell.span = span
    for table, span in zip(baseline, spans, strict=True):
        table.span = span


def trial_columns(trials):
    columns = grid_columns(trials, [compared_events(t) for t in trials])
    return [TrialColumn(t, [g for g in columns if g.trial is t]) for t in trials]


# ------------------------------------------------------------------------------- baseline


@dataclass
class Table1:
    """A trial's baseline table as published: characteristics as rows, arms as columns under
    their analysis set."""

    trial: Trial
    groups: list[tuple[str, int]]  # (analysis set, number of arm columns under it)
    columns: list[str]
    rows: list[tuple[str, list]]  # (characteristic, one Line or None per column)
    span: int = 1

    @property
    def source(self):
        found = [line.source for _, cells in self.rows for line in cells if line]
        return "; ".join(dict.fromkeys(found))

    def rows_html(self):
        """The table's body rows: a characteristic, then its value in each arm column."""
        out = []
        for label, cells in self.rows:
            out.append(f'<tr><th scope="row">{esc(label)}</th>')
            for line in cells:
                out.append(f"<td>{line.value_markup() if line else NOT_REPORTED_DASH}</td>")
            out.append("</tr>")
        return mark_safe("".join(out))


def baseline_table(trial):
    chars = list(rows_of(trial, "baseline"))
    if not chars:
        return Table1(trial, [], [], [])
    sets = by_pk(trial, "analysis_sets")
    arms = by_pk(trial, "arms")
    keys = list(dict.fromkeys((b.analysis_set_id, b.arm_id) for b in chars))
    set_ids = list(dict.fromkeys(set_id for set_id, _ in keys))
    keys = [k for set_id in set_ids for k in keys if k[0] == set_id]
    groups = []
    for set_id in set_ids:
        aset = sets.get(set_id)
        label = analysis_set_text(aset, list(arms.values())) if aset else "Analysis set not named"
        groups.append((label, sum(1 for k in keys if k[0] == set_id)))
    columns = [
        arm_label(trial, arms[arm_id]) if arm_id in arms else f"{trial.acronym}, all patients"
        for _, arm_id in keys
    ]
    rows = {}
    for b in chars:
        label = f"{b.group}: {b.label}" if b.group else b.label
        cells = rows.setdefault(label, [None] * len(keys))
        cells[keys.index((b.analysis_set_id, b.arm_id))] = Line(b.value, b, numeric=True)
    return Table1(trial, groups, columns, list(rows.items()))


# ------------------------------------------------------------------------------- sources


def sources_rows(trials):
    def pubs(trial):
        lines = []
        for p in rows_of(trial, "publications"):
            bits = [f.display(p, "kind"), f.display(p, "source_quality")]
            if p.data_cutoff:
                bits.append(f"data cut-off {f.page_date(p.data_cutoff)}")
            if p.median_follow_up_months is not None:
                bits.append(f"median follow-up {f.number(p.median_follow_up_months)} mo")
            lines.append(Line(f"{p.citation} ({'; '.join(bits)})", p, p.label))
        return Cell(lines)

    row = Row("Publications and data cuts", [pubs(t) for t in trials])
    if len({p.kind for t in trials for p in rows_of(t, "publications")}) > 1:
        row.notes.append("Trials report different data cuts; each number names its own.")
    return [row]


# ------------------------------------------------------------------------------- caveats


def controls_text(trials):
    names = []
    for trial in trials:
        controls = [a.short_label for a in rows_of(trial, "arms") if a.role == Arm.Role.CONTROL]
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
    comparators = {
        tuple(
            sorted(a.short_label.lower() for a in rows_of(t, "arms") if a.role == Arm.Role.CONTROL)
        )
        for t in trials
    }
    if len(comparators) > 1:
        found.append(
            "Different comparators: the trials' control arms differ (or a trial has none), "
            "so their effect estimates answer different questions."
        )
    settings = {setting_key(t) for t in trials}
    if len({t.indication for t in trials}) > 1 or len(settings) > 1:
        found.append(
            "Different populations or lines of treatment: see Setting and line in the Summary "
            "and Indication and Setting below."
        )
    waiting = [t.acronym for t in trials if not t.has_results]
    if waiting:
        found.append(f"No results published in the sources: {', '.join(waiting)}.")
    return found


def setting_key(trial):
    found = clinical_setting(trial)
    return found.pk if found is not None else trial.setting


# ------------------------------------------------------------------------------- the page


def build(trials):
    common_ae, single_ae, columns = safety_rows(trials)
    sections = [
        Section("design", "Design", design_rows(trials)),
        Section("population", "Population", population_rows(trials)),
        Section("intervention", "Intervention", intervention_rows(trials)),
        Section("efficacy", "Efficacy", [*efficacy_rows(trials), *crossover_rows(trials)]),
        Section("safety", "Safety", common_ae, safety_notes(trials), columns),
        Section(
            "safety-other", "Other adverse events (reported by one trial)", single_ae, [], columns
        ),
        Section("sources", "Sources", sources_rows(trials)),
    ]
    return [s for s in sections if s.rows]
