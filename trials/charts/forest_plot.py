"""The forest plot: hazard ratios across trials on a log axis, grouped by disease and setting,
with every other published estimate one switch away.
"""

import math
from dataclasses import dataclass
from datetime import date

from .. import formatting as f
from ..models import EffectEstimate
from .downloads import add_source, export_info
from .figures import base_layout, chart, figure, markers, narrow_rows, reference_line, row_axis
from .hazard_ratios import Estimate, Kind, estimates
from .style import GRID, HEADING, HR_TICKS, HR_TICKS_NARROW, ROW_HEIGHT, SMALL, literal, trial_style


def group_of(trial):
    """The heading a trial's rows sit under: its disease, and its clinical setting if curated."""
    disease = f.display(trial, "disease")
    setting = getattr(trial, "clinical_setting", None)
    order = (trial.disease, getattr(setting, "order", 0), str(setting or ""))
    return order, f"{disease}: {setting}" if setting else disease


@dataclass
class ForestRow:
    label: str
    estimate: Estimate = None  # None for a group heading


def forest_rows(trials, rows_of):
    """Rows in groups (disease, setting), headed where more than one group shares the plot."""
    groups = {}
    for trial in trials:
        mine = rows_of(trial)
        if mine:
            order, heading = group_of(trial)
            groups.setdefault((order, heading), []).extend(mine)
    rows = []
    for (_, heading), members in sorted(groups.items(), key=lambda item: item[0][0]):
        if len(groups) > 1:
            rows.append(ForestRow(HEADING[0] + literal(heading) + HEADING[1]))
        rows += members
    return rows


def forest_figure(title, trials, rows, detail):
    """Hazard ratios on a log axis, one trace per trial in its colour and symbol, with the
    numbers in a column beside the plot."""
    labels = [row.label for row in rows]
    drawn = [row for row in rows if row.estimate]
    max_n = max([row.estimate.n or 1 for row in drawn] or [1])
    traces, sources = [], {}
    for trial in trials:
        mine = [
            (i, row.estimate)
            for i, row in enumerate(rows)
            if row.estimate and row.estimate.trial is trial
        ]
        if not mine:
            continue
        style = trial_style(trial)
        traces.append(
            markers(
                literal(trial.acronym),
                [e.effect for _, e in mine],
                [i for i, _ in mine],
                style["colour"],
                style["symbol"],
                [marker_size(e.n, max_n) for _, e in mine],
                [e.hover() for _, e in mine],
                "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}"
                "<br>Data cut: %{customdata[3]}<br>N=%{customdata[5]}"
                "<br>Source: %{customdata[4]}<extra></extra>",
            )
        )
        for _, e in mine:
            for endpoint, effect in e.copies:
                add_source(sources, trial, endpoint.publication, effect.source.label)
    column = [i for i, row in enumerate(rows) if row.estimate]
    texts = [rows[i].estimate.hr_text() for i in column]
    traces.append(
        {
            "type": "scatter",
            "mode": "text",
            "x": [0] * len(column),
            "y": column,
            "text": texts,
            "textposition": "middle right",
            "textfont": {"size": 12, "color": "#111827"},
            "xaxis": "x2",
            "hoverinfo": "skip",
            "showlegend": False,
        }
    )
    values = [
        v
        for row in drawn
        for v in (
            row.estimate.effect.ci_low,
            row.estimate.effect.value,
            row.estimate.effect.ci_high,
        )
        if v is not None
    ]
    low, high = min(values + [1]), max(values + [1])
    span = [math.log10(float(low)) - 0.05, math.log10(float(high)) + 0.05]
    ticks = [t for t in HR_TICKS if 10 ** span[0] <= t <= 10 ** span[1]]
    narrow_ticks = [t for t in HR_TICKS_NARROW if 10 ** span[0] <= t <= 10 ** span[1]]
    layout = base_layout(
        90 + ROW_HEIGHT * len(rows),
        xaxis={
            "type": "log",
            "domain": [0, 0.72],
            "range": span,
            "title": {"text": "Hazard ratio, log scale; below 1 favours the experimental arm"},
            "tickvals": ticks,
            "ticktext": [str(t) for t in ticks],
            "gridcolor": GRID,
            "zeroline": False,
            "automargin": True,
        },
        xaxis2={
            "domain": [0.75, 1],
            "range": [0, 1],
            "showgrid": False,
            "zeroline": False,
            "showticklabels": False,
            "ticks": "",
            "side": "top",
            "title": {"text": "HR (95% CI unless stated)", "font": {"size": 12}},
            "automargin": True,
            "fixedrange": True,
        },
        yaxis=row_axis(labels),
        shapes=[reference_line()],
    )
    narrow = {
        "layout": {
            **narrow_rows(labels, 110),
            "xaxis": {
                "domain": [0, 0.58],
                "title": {
                    "text": "HR, log scale<br>below 1 favours experimental",
                    "font": {"size": SMALL},
                },
                "tickvals": narrow_ticks,
                "ticktext": [str(t) for t in narrow_ticks],
                "tickfont": {"size": SMALL},
            },
            "xaxis2": {"domain": [0.6, 1], "title": {"text": "HR (CI)"}},
        },
        "data": {str(len(traces) - 1): {"textfont": {"size": SMALL}}},
    }
    shown = [t for t in trials if t.pk in sources]
    return figure(traces, layout, narrow, export_info(title, shown, sources)), shown


FOREST_COLUMNS = ["Trial", "End point", "Analysis", "Shown as", "Data cut"]
FOREST_COLUMNS += [EffectEstimate.Measure.HR.label, "CI", "P", "N", "Source"]


KIND_ORDER = [Kind.MAIN, Kind.ADJUSTED, Kind.SUPPLEMENTARY, Kind.OTHER]


def in_reading_order(found):
    """Each family's default estimate first, then its other estimates, latest cut first."""
    families = list(dict.fromkeys(e.family for e in found))
    return sorted(
        found,
        key=lambda e: (
            KIND_ORDER.index(e.kind) == len(KIND_ORDER) - 1,
            families.index(e.family),
            not e.default,
            KIND_ORDER.index(e.kind),
            [-part.toordinal() if isinstance(part, date) else -part for part in e.key],
        ),
    )


def marker_size(n, max_n):
    """Sized by the number analysed; the smallest size where the source gives none (the note
    says so: any other size would claim an N)."""
    return 8 if n is None else 8 + 12 * math.sqrt(n / max_n)


def forest(trials, chart_id="forest", title="Hazard ratios across trials"):
    """Each trial's latest main analysis per end point, on a log axis, grouped by disease (and
    setting); the earlier cuts, supplementary, sensitivity and crossover-adjusted estimates are
    the alternate figure, one switch away."""
    by_trial = {t.pk: estimates(t) for t in trials}
    default_rows = forest_rows(
        trials, lambda t: [ForestRow(e.label(False), e) for e in by_trial[t.pk] if e.default]
    )
    all_rows = forest_rows(
        trials,
        lambda t: [ForestRow(e.label(not e.default), e) for e in in_reading_order(by_trial[t.pk])],
    )
    if not any(row.estimate for row in default_rows):
        default_rows = all_rows  # no main analysis published: show what there is
    default_figure, shown = forest_figure(title, trials, default_rows, False)
    built = chart(
        chart_id,
        title,
        "The latest main analysis of each end point, with its data cut's year (the "
        "publication's where no cut-off date is reported). Markers are sized by the number "
        "analysed where the source gives it (the smallest size where it does not); CIs are 95% "
        "unless the number column says otherwise. Single-group studies have no hazard ratio. "
        "Hover a marker for its data cut and source.",
        default_figure,
        "hazard-ratios",
        shown,
        empty=not any(row.estimate for row in default_rows),
        table={
            "columns": FOREST_COLUMNS,
            "rows": [row.estimate.table_row() for row in all_rows if row.estimate],
        },
    )
    extra = sum(1 for row in all_rows if row.estimate and not row.estimate.default)
    if extra:
        all_figure, all_shown = forest_figure(title, trials, all_rows, True)
        built["alternate"] = {
            "figure": all_figure,
            "filename": "_".join(["hazard-ratios-all", *(t.slug for t in all_shown)]),
            "label": "Also show earlier data cuts, supplementary, sensitivity, subgroup and "
            "crossover-adjusted estimates",
            "default_status": f"Showing the latest main analyses "
            f"({sum(1 for r in default_rows if r.estimate)} estimates).",
            "status": f"Showing all {sum(1 for r in all_rows if r.estimate)} published "
            f"hazard ratios ({extra} more).",
        }
    return built
