"""Plotly figures for the overview and the comparison, built as plain figure dicts.

Each chart is a dict: id, title, note, figure (Plotly JSON), table (columns and rows for the
accessible data table) or tables (several), filename (for PNG/SVG downloads), empty. Nothing here
touches the database: the trials arrive with their records prefetched.
"""

import math
import re
from collections import namedtuple
from dataclasses import dataclass

from . import formatting as f
from .models import AdverseEvent, Arm, ArmResult, EffectEstimate, Endpoint, Trial

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "x", "star", "hexagon", "cross"]
ROLE_STYLE = {
    Arm.Role.EXPERIMENTAL: ("Experimental arm", "#0072B2", "circle"),
    Arm.Role.CONTROL: ("Control arm", "#D55E00", "square"),
    Arm.Role.SINGLE_GROUP: (Arm.Role.SINGLE_GROUP.label, "#009E73", "diamond"),
}
FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13}
GRID = "#e5e7eb"
HR_TICKS = [0.1, 0.2, 0.3, 0.5, 0.7, 1, 1.5, 2]
# Plotly reads tags and entities in the text it draws. A "<" or ">" before a digit stays, as in
# "P<0.001": no Plotly tag name starts with a digit, so it cannot open one.
MARKUP = re.compile(r"&|[<>](?!\d)")
ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def literal(text):
    """Curated text as Plotly should draw it: as written, never as markup."""
    return MARKUP.sub(lambda m: ENTITIES[m.group()], str(text))


def num(value):
    return float(value) if value is not None else None


def chart(chart_id, title, note, traces, layout, name, trials, empty, table=None, tables=()):
    """The dict a template places: the figure and the data table(s) that say the same."""
    return {
        "id": chart_id,
        "title": title,
        "note": note,
        "figure": {"data": traces, "layout": layout},
        "table": table,
        "tables": list(tables),
        "filename": "_".join([name, *(t.slug for t in trials)]),
        "empty": empty,
    }


def base_layout(height, **extra):
    layout = {
        "height": height,
        "margin": {"l": 10, "r": 20, "t": 40, "b": 50},
        "font": FONT,
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "hoverlabel": {"align": "left"},
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
    }
    layout.update(extra)
    return layout


def rows_axis():
    """A category axis with one row per label, the first at the top."""
    return {"autorange": "reversed", "automargin": True}


def error_bars(estimates, colour):
    """Asymmetric CI whiskers around each estimate; none where a limit is not published."""
    return {
        "type": "data",
        "symmetric": False,
        "array": [
            num(e.ci_high - e.value) if None not in (e.ci_high, e.value) else None
            for e in estimates
        ],
        "arrayminus": [
            num(e.value - e.ci_low) if None not in (e.ci_low, e.value) else None for e in estimates
        ],
        "color": colour,
        "thickness": 2,
    }


def markers(name, estimates, labels, colour, symbol, size, customdata, hovertemplate):
    """A trace of estimates with their CIs, one marker per row label."""
    return {
        "type": "scatter",
        "mode": "markers",
        "name": name,
        "x": [num(e.value) for e in estimates],
        "y": labels,
        "error_x": error_bars(estimates, colour),
        "marker": {
            "color": colour,
            "symbol": symbol,
            "size": size,
            "line": {"color": "#ffffff", "width": 1},
        },
        "customdata": customdata,
        "hovertemplate": hovertemplate,
    }


def analysis_n(trial, endpoint):
    """The N of the end point's analysis set; none when the source ties it to no set (the
    trial's N may belong to another data cut)."""
    for aset in trial.analysis_sets.all():
        if aset.pk == endpoint.analysis_set_id and aset.n_total is not None:
            return aset.n_total
    return None


@dataclass
class HazardRatio:
    """A row of the forest plot."""

    trial_index: int
    trial: object
    endpoint: object
    effect: EffectEstimate

    @property
    def n(self):
        return analysis_n(self.trial, self.endpoint)

    @property
    def label(self):
        effect = self.effect
        ci = f"{f.number(effect.ci_level)}% CI" if effect.ci_level else "no CI"
        note = f" [{effect.analysis_note}]" if effect.analysis_note else ""
        return literal(f"{self.trial.acronym} · {self.endpoint.name}{note} ({ci})")

    def hover(self):
        return [
            literal(f.effect_text(self.effect)),
            literal(f.source_text(self.effect)),
            self.n or "",
        ]

    def table_row(self):
        effect = self.effect
        return [
            self.trial.acronym,
            self.endpoint.name,
            effect.analysis,
            f.number(effect.value, effect.decimals),
            f.ci_text(effect),
            f.p_text(effect.p_value),
            self.n or "",
            f.source_text(effect),
        ]


def hazard_ratios(trials):
    return [
        HazardRatio(index, trial, endpoint, effect)
        for index, trial in enumerate(trials)
        for endpoint in trial.endpoints.all()
        for effect in endpoint.effects.all()
        if effect.measure == EffectEstimate.Measure.HR and effect.value is not None
    ]


def forest_traces(trials, rows, order):
    """One trace per trial, in the trial's colour and shape; markers sized by N."""
    max_n = max([row.n or 1 for row in rows] or [1])
    traces = []
    for index in order:
        trial = trials[index]
        mine = [row for row in rows if row.trial_index == index]
        if mine:
            traces.append(
                markers(
                    literal(trial.acronym),
                    [row.effect for row in mine],
                    [row.label for row in mine],
                    PALETTE[index % len(PALETTE)],
                    SYMBOLS[index % len(SYMBOLS)],
                    [8 + 14 * math.sqrt((row.n or 1) / max_n) for row in mine],
                    [row.hover() for row in mine],
                    "%{y}<br>%{customdata[0]}<br>N=%{customdata[2]}"
                    "<br>Source: %{customdata[1]}<extra></extra>",
                )
            )
    return traces


def forest_layout(n_rows):
    """A log axis with a dashed line at 1."""
    no_effect = {
        "type": "line",
        "x0": 1,
        "x1": 1,
        "xref": "x",
        "y0": 0,
        "y1": 1,
        "yref": "paper",
        "line": {"color": "#374151", "width": 1.5, "dash": "dash"},
    }
    return base_layout(
        110 + 34 * n_rows,
        xaxis={
            "type": "log",
            "title": {"text": "Hazard ratio, log scale (below 1 favours the experimental arm)"},
            "tickvals": HR_TICKS,
            "ticktext": [str(tick) for tick in HR_TICKS],
            "gridcolor": GRID,
            "zeroline": False,
            "automargin": True,
        },
        yaxis=rows_axis(),
        shapes=[no_effect],
    )


FOREST_COLUMNS = ["Trial", "End point", "Analysis", EffectEstimate.Measure.HR.label]
FOREST_COLUMNS += ["CI", "P", "N", "Source"]


def disease_groups(rows):
    """Where several diseases share the plot: each disease's name above its first row, and a
    line between groups (prostate cancer and neuroendocrine tumours are not one question)."""
    firsts = {}
    for row in rows:
        firsts.setdefault(row.trial.disease, row.label)
    if len(firsts) < 2:
        return [], []
    names = dict(Trial.Disease.choices)
    annotations = [
        {
            "x": 0,
            "xref": "paper",
            "y": label,
            "yref": "y",
            "yshift": 17,
            "xanchor": "left",
            "showarrow": False,
            "text": literal(names.get(disease, disease)),
            "font": {"size": 13, "color": "#111827"},
        }
        for disease, label in firsts.items()
    ]
    labels = list(dict.fromkeys(row.label for row in rows))
    lines = [
        {
            "type": "line",
            "xref": "paper",
            "x0": 0,
            "x1": 1,
            "yref": "y",
            "y0": labels.index(label) - 0.5,
            "y1": labels.index(label) - 0.5,
            "line": {"color": "#9ca3af", "width": 1},
        }
        for label in list(firsts.values())[1:]
    ]
    return annotations, lines


def forest(trials):
    """Hazard ratios with their CIs, one trace per trial, on a log axis, grouped by disease."""
    order = sorted(range(len(trials)), key=lambda i: trials[i].disease)
    rows = sorted(hazard_ratios(trials), key=lambda row: order.index(row.trial_index))
    layout = forest_layout(len(rows))
    annotations, lines = disease_groups(rows)
    if annotations:
        layout["annotations"] = annotations
        layout["shapes"] = layout["shapes"] + lines
        layout["margin"] = {**layout["margin"], "t": 60}
    return chart(
        "forest",
        "Hazard ratios across trials",
        "Markers are sized by the number analysed where the source gives it (smallest where "
        "it does not); the label gives each CI's level "
        "(95% or 99.2%). Single-group studies have no hazard ratio.",
        forest_traces(trials, rows, order),
        layout,
        "hazard-ratios",
        trials,
        empty=not rows,
        table={"columns": FOREST_COLUMNS, "rows": [row.table_row() for row in rows]},
    )


@dataclass
class ArmValues:
    """A row of a per-arm chart: one trial's end point and its per-arm results."""

    trial: object
    endpoint: object
    results: list

    @property
    def label(self):
        return literal(f"{self.trial.acronym} · {self.endpoint.name}")


def arm_values(trials, families, measure):
    rows = []
    for trial in trials:
        for endpoint in trial.endpoints.all():
            if endpoint.family not in families:
                continue
            results = [
                r for r in endpoint.results.all() if r.measure == measure and r.arm_id is not None
            ]
            if results:
                rows.append(ArmValues(trial, endpoint, results))
    return rows


# A marker of a per-arm chart: the row it sits on and the result it shows.
Point = namedtuple("Point", "label result")


def not_reached(row, result):
    """A median not reached (or not estimable), written at the end of its row."""
    return {
        "x": 1,
        "xref": "paper",
        "y": row.label,
        "yref": "y",
        "xanchor": "right",
        "showarrow": False,
        "text": f"{literal(result.arm.short_label)}: "
        + ("not reached" if result.not_reached else f.NOT_ESTIMABLE_LONG),
        "font": {"size": 12, "color": "#374151"},
    }


def arm_hover(result):
    return [
        literal(result.arm.short_label),
        literal(f.result_text(result)),
        literal(f.source_text(result)),
    ]


def per_arm_traces(points):
    """One trace per arm role, in the role's colour and shape."""
    traces = []
    for role, (role_name, colour, symbol) in ROLE_STYLE.items():
        mine = [point for point in points if point.result.arm.role == role]
        if mine:
            results = [point.result for point in mine]
            traces.append(
                markers(
                    role_name,
                    results,
                    [point.label for point in mine],
                    colour,
                    symbol,
                    11,
                    [arm_hover(r) for r in results],
                    "%{y}<br>%{customdata[0]}: %{customdata[1]}"
                    "<br>Source: %{customdata[2]}<extra></extra>",
                )
            )
    return traces


def per_arm_chart(trials, chart_id, title, families, measure, axis_title, note, name):
    """Per-arm values with CIs: one row per trial × end point, one trace per arm role."""
    rows = arm_values(trials, families, measure)
    points = [Point(row.label, r) for row in rows for r in row.results if r.value is not None]
    annotations = [not_reached(row, r) for row in rows for r in row.results if r.value is None]
    layout = base_layout(
        120 + 44 * len(rows),
        xaxis={"title": {"text": axis_title}, "rangemode": "tozero", "gridcolor": GRID},
        yaxis=rows_axis(),
        annotations=annotations,
    )
    # The data table keeps the raw text: the template escapes it.
    table_rows = [
        [
            row.trial.acronym,
            row.endpoint.name,
            r.arm.short_label,
            f.result_text(r),
            f.source_text(r),
        ]
        for row in rows
        for r in row.results
    ]
    table = {"columns": ["Trial", "End point", "Arm", "Value", "Source"], "rows": table_rows}
    traces = per_arm_traces(points)
    return chart(chart_id, title, note, traces, layout, name, trials, not rows, table=table)


def medians(trials):
    return per_arm_chart(
        trials,
        "medians",
        "Median survival per arm",
        {Endpoint.Family.OS, Endpoint.Family.PFS, Endpoint.Family.RPFS},
        ArmResult.Measure.MEDIAN,
        "Median, months (with 95% CI where published)",
        "Overall survival and progression-free survival (PFS or imaging-based rPFS, as each "
        "trial defines it). “Not reached” is written on the row.",
        "median-survival",
    )


def response_rates(trials):
    return per_arm_chart(
        trials,
        "responses",
        "Response and PSA50 rates per arm",
        {
            Endpoint.Family.ORR,
            Endpoint.Family.PSA50,
            Endpoint.Family.PSA80,
            Endpoint.Family.CR,
            Endpoint.Family.PR,
        },
        ArmResult.Measure.PROPORTION,
        "Patients with a response, % (with 95% CI where published)",
        "Each trial's own response criteria and population; see the comparison table.",
        "response-rates",
    )


@dataclass
class HighGrade:
    """One cell of the adverse-event heatmap: an arm's high-grade counts for one row."""

    event: AdverseEvent
    counts: object

    @property
    def percent(self):
        return f.number(self.counts.high_grade_pct, f.pct_places(self.counts, self.event))

    def hover(self, term, column):
        counts, event = self.counts, self.event
        places = f.pct_places(counts, event)
        cell = f.count_cell(counts.high_grade_n, counts.high_grade_pct, places)
        return (
            f"{literal(term)}<br>{literal(column)}: {event.get_high_grade_display()} {cell}"
            f" of {counts.denominator}<br>Source: {literal(f.source_text(event))}"
        )


def high_grade_cells(trials):
    """Each compared row's high-grade cells by (row, arm), and each trial's high-grade band."""
    cells, bands = {}, {}
    for trial in trials:
        for event in trial.adverse_events.all():
            if not event.is_compared:
                continue
            for counts in event.arms.all():
                if counts.high_grade_pct is None:
                    continue
                cells.setdefault((event.row_key, counts.arm_id), HighGrade(event, counts))
                # A trial may publish rows in both bands: each is named (and in the hover).
                bands.setdefault(trial.acronym, {})[event.get_high_grade_display()] = None
    return cells, {acronym: " or ".join(names) for acronym, names in bands.items()}


def heatmap(columns, terms, cells):
    """Adverse events by arm: the % as colour and text, the counts and source on hover."""
    z, text, hover = [], [], []
    for term in terms:
        row = [(column, cells.get((term, arm_id))) for column, arm_id in columns]
        z.append([num(c.counts.high_grade_pct) if c else None for _, c in row])
        text.append([c.percent if c else "" for _, c in row])
        missing = "{}<br>{}: not reported"
        hover.append(
            [
                c.hover(term, column) if c else missing.format(literal(term), literal(column))
                for column, c in row
            ]
        )
    return {
        "type": "heatmap",
        "x": [literal(column) for column, _ in columns],
        "y": [literal(t) for t in terms],
        "z": z,
        "text": text,
        "texttemplate": "%{text}",
        "customdata": hover,
        "hovertemplate": "%{customdata}<extra></extra>",
        "colorscale": "Cividis",
        "zmin": 0,
        "colorbar": {"title": {"text": "% of safety population"}},
        "xgap": 2,
        "ygap": 2,
    }


def adverse_events(trials):
    """Grade ≥3 (or 3–4) adverse events as % of each arm's safety population."""
    columns = [(f"{t.acronym} · {arm.short_label}", arm.pk) for t in trials for arm in t.arms.all()]
    cells, bands = high_grade_cells(trials)
    terms = sorted(dict.fromkeys(term for term, _ in cells), key=AdverseEvent.row_order)
    trace = heatmap(columns, terms, cells)
    layout = base_layout(
        140 + 26 * len(terms),
        xaxis={"side": "top", "automargin": True},
        yaxis=rows_axis(),
        margin={"l": 10, "r": 20, "t": 90, "b": 20},
    )
    table_rows = [
        [term, *[f"{t}%" if t else "" for t in text_row]]
        for term, text_row in zip(terms, trace["text"], strict=True)
    ]
    band_note = "; ".join(f"{acronym}: {band}" for acronym, band in bands.items())
    return chart(
        "adverse-events",
        "High-grade adverse events, % of each safety population",
        f"Bands as published — {band_note}. Blank: not reported." if bands else "",
        [trace],
        layout,
        "high-grade-adverse-events",
        trials,
        empty=not terms,
        table={"columns": ["Adverse event", *[c for c, _ in columns]], "rows": table_rows},
    )


DASHES = ["solid", "dash", "dot", "dashdot"]


def at_risk_curve(trial, endpoint, points, dash):
    """One arm's numbers at risk under one end point's curve."""
    arm = points[0].arm
    _, colour, symbol = ROLE_STYLE[arm.role]
    return {
        "type": "scatter",
        "mode": "lines+markers",
        "name": literal(f"{trial.acronym} · {endpoint.name} · {arm.short_label}"),
        "x": [num(r.month) for r in points],
        "y": [r.n_at_risk for r in points],
        "line": {"color": colour, "dash": dash},
        "marker": {"symbol": symbol, "color": colour, "size": 7},
        "hovertemplate": "Month %{x}: %{y} at risk<br>"
        f"Source: {literal(f.source_text(points[0]))}<extra></extra>",
    }


def at_risk_table(trial, endpoint, curves, months):
    """The numbers at risk as printed under the curve: one row per arm, one column per month."""
    rows = []
    for points in curves:
        by_month = {r.month: r.n_at_risk for r in points}
        rows.append([points[0].arm.short_label, *[by_month.get(m, "") for m in months]])
    return {
        "caption": f"{trial.acronym} · {endpoint.name} — numbers at risk "
        f"({f.source_text(curves[0][0])})",
        "columns": ["Month", *[f.number(m) for m in months]],
        "rows": rows,
    }


def at_risk(trials):
    """Numbers at risk under the published Kaplan–Meier curves."""
    traces, tables = [], []
    for trial in trials:
        endpoints = [e for e in trial.endpoints.all() if e.at_risk.all()]
        for index, endpoint in enumerate(endpoints):
            rows = list(endpoint.at_risk.all())
            # One curve per arm, in the order the arms first appear, each by month.
            curves = [
                sorted((r for r in rows if r.arm_id == arm_id), key=lambda r: r.month)
                for arm_id in dict.fromkeys(r.arm_id for r in rows)
            ]
            dash = DASHES[index % len(DASHES)]
            traces += [at_risk_curve(trial, endpoint, points, dash) for points in curves]
            months = sorted({r.month for r in rows})
            tables.append(at_risk_table(trial, endpoint, curves, months))
    layout = base_layout(
        420,
        xaxis={"title": {"text": "Months since randomisation"}, "gridcolor": GRID},
        yaxis={"title": {"text": "Number at risk"}, "rangemode": "tozero", "gridcolor": GRID},
        legend={"orientation": "v", "x": 1.02, "y": 1, "yanchor": "top"},
    )
    return chart(
        "at-risk",
        "Numbers at risk over time",
        "Where the publications print them under their Kaplan–Meier curves.",
        traces,
        layout,
        "numbers-at-risk",
        trials,
        empty=not traces,
        tables=tables,
    )


def comparison_charts(trials):
    built = (forest(trials), medians(trials), response_rates(trials))
    built += (adverse_events(trials), at_risk(trials))
    return [c for c in built if not c["empty"]]
