"""The adverse-event heatmap: high-grade events as % of each arm's safety population."""

from dataclasses import dataclass

from .. import formatting as f
from ..models import AdverseEvent
from ..models.trials import rows_of
from .downloads import add_source, export_info
from .figures import base_layout, chart, figure, row_axis
from .style import literal, num, short


@dataclass
class HighGrade:
    """One cell of the adverse-event heatmap: an arm's high-grade counts for one row."""

    event: AdverseEvent
    counts: object

    @property
    def none(self):
        """A published count of 0 without a percentage (NETTER-1 Table 4 prints "0"): no
        patient, which is 0% of any arm, not a value left unreported."""
        return self.counts.high_grade_pct is None

    @property
    def z(self):
        return 0 if self.none else num(self.counts.high_grade_pct)

    @property
    def percent(self):
        if self.none:
            return "0"
        return f.number(self.counts.high_grade_pct, f.pct_places(self.counts, self.event))

    @property
    def secondary(self):
        return f.is_secondary(self.event)

    @property
    def text(self):
        """The cell's text on the figure: a value read in a secondary report is starred, so a
        slide or a printout says so too (the note explains the star)."""
        return f"{self.percent}*" if self.secondary else self.percent

    def hover(self, term, column):
        counts, event = self.counts, self.event
        places = f.pct_places(counts, event)
        cell = f.count_cell(counts.high_grade_n, counts.high_grade_pct, places)
        # Some sources print counts without the arm's denominator: none is made up.
        of = f" of {counts.denominator}" if counts.denominator is not None else ""
        return (
            f"{literal(term)}<br>{literal(column)}: {f.display(event, 'high_grade')} {cell}"
            f"{of}<br>Source: {literal(f.source_text(event))}"
        )


def high_grade_cells(trials):
    """Each compared row's high-grade cells by (row, arm), and each trial's high-grade band."""
    cells, bands = {}, {}
    for trial in trials:
        for event in rows_of(trial, "adverse_events"):
            if not event.is_compared:
                continue
            for counts in rows_of(event, "arms"):
                if counts.high_grade_pct is None and counts.high_grade_n != 0:
                    continue
                cells.setdefault((event.row_key, counts.arm_id), HighGrade(event, counts))
                # A trial may publish rows in both bands: each is named (and in the hover).
                bands.setdefault(trial.acronym, {})[f.display(event, "high_grade")] = None
    return cells, {acronym: " or ".join(names) for acronym, names in bands.items()}


def table_cell(cell):
    if cell is None:
        return ""
    text = cell.percent if cell.none else f"{cell.percent}%"
    return f"{text} ({f.SECONDARY})" if cell.secondary else text


def heatmap(columns, terms, cells):
    """Adverse events by arm: the % as colour and text, the counts and source on hover."""
    z, text, hover = [], [], []
    for term in terms:
        row = [(column, cells.get((term, arm_id))) for column, arm_id, _ in columns]
        z.append([c.z if c else None for _, c in row])
        text.append([c.text if c else "" for _, c in row])
        missing = "{}<br>{}: not reported"
        hover.append(
            [
                c.hover(term, column) if c else missing.format(literal(term), literal(column))
                for column, c in row
            ]
        )
    return {
        "type": "heatmap",
        "x": list(range(len(columns))),
        "y": list(range(len(terms))),
        "z": z,
        "text": text,
        "texttemplate": "%{text}",
        "customdata": hover,
        "hovertemplate": "%{customdata}<extra></extra>",
        "colorscale": "Cividis",
        "zmin": 0,
        "colorbar": {"title": {"text": "% of safety<br>population"}, "thickness": 14},
        "xgap": 2,
        "ygap": 2,
    }


def adverse_events(trials):
    """Grade ≥3 (or 3–4) adverse events as % of each arm's safety population."""
    columns = [
        (f"{t.acronym} · {arm.short_label}", arm.pk, t)
        for t in trials
        for arm in rows_of(t, "arms")
    ]
    cells, bands = high_grade_cells(trials)
    terms = sorted(dict.fromkeys(term for term, _ in cells), key=AdverseEvent.row_order)
    # Only the trials with a cell: a trial without high-grade counts would be empty columns.
    with_cells = {cell.event.trial_id for cell in cells.values()}
    columns = [c for c in columns if c[2].pk in with_cells]
    trace = heatmap(columns, terms, cells)
    column_ticks = [
        f"{literal(t.acronym)}<br>{literal(short(label.split(' · ', 1)[1], 22))}"
        for label, _, t in columns
    ]
    layout = base_layout(
        150 + 26 * len(terms),
        xaxis={
            "side": "top",
            "automargin": True,
            "tickmode": "array",
            "tickvals": list(range(len(columns))),
            "ticktext": column_ticks,
            "tickfont": {"size": 12},
            # Upright labels cannot overlap their neighbours, however many arms there are.
            "tickangle": 0 if len(columns) <= 2 else -90,
            "showgrid": False,
            "zeroline": False,
        },
        yaxis=row_axis([literal(short(t, 40)) for t in terms], tickfont={"size": 12}),
    )
    narrow = {
        "layout": {
            "xaxis": {
                "tickfont": {"size": 10},
                "tickangle": -90,
                "ticktext": [
                    literal(f"{t.acronym} · {short(label.split(' · ', 1)[1], 14)}")
                    for label, _, t in columns
                ],
            },
            "yaxis": {"ticktext": [literal(short(t, 22)) for t in terms], "tickfont": {"size": 10}},
        },
        "data": {"0": {"showscale": False, "textfont": {"size": 9}}},
    }
    sources = {}
    shown = [t for t in trials if t.pk in with_cells]
    for cell in cells.values():
        trial = next(t for t in shown if t.pk == cell.event.trial_id)
        add_source(sources, trial, cell.event.cut, cell.event.source.label)
    title = "High-grade adverse events, % of each safety population"
    table_rows = [
        [term, *[table_cell(cells.get((term, arm_id))) for _, arm_id, _ in columns]]
        for term in terms
    ]
    band_note = "; ".join(f"{acronym}: {band}" for acronym, band in bands.items())
    return chart(
        "adverse-events",
        title,
        f"Bands as published — {band_note}. Blank: not reported; 0: no patient, as published; "
        "*: read in a secondary report. Hover a cell for the counts and the source."
        if bands
        else "",
        figure([trace], layout, narrow, export_info(title, shown, sources)),
        "high-grade-adverse-events",
        shown,
        empty=not terms,
        table={"columns": ["Adverse event", *[c for c, _, _ in columns]], "rows": table_rows},
    )
