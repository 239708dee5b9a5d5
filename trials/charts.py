"""Plotly figures for the overview and the comparison, built as plain figure dicts.

Each chart is a dict: id, title, note, figure (Plotly JSON), table (columns and rows for the
accessible data table), filename (for PNG/SVG downloads). Nothing here touches the database:
the trials arrive with their records prefetched.
"""

import math
import re

from . import formatting as f
from .models import AdverseEvent, Arm

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "x", "star", "hexagon", "cross"]
ROLE_STYLE = {
    Arm.Role.EXPERIMENTAL: ("Experimental arm", "#0072B2", "circle"),
    Arm.Role.CONTROL: ("Control arm", "#D55E00", "square"),
    Arm.Role.SINGLE_GROUP: ("Single group", "#009E73", "diamond"),
}
FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13}
# Plotly reads tags and entities in the text it draws. A "<" or ">" before a digit stays, as in
# "P<0.001": no Plotly tag name starts with a digit, so it cannot open one.
MARKUP = re.compile(r"&|[<>](?!\d)")
ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def literal(text):
    """Curated text as Plotly should draw it: as written, never as markup."""
    return MARKUP.sub(lambda m: ENTITIES[m.group()], str(text))


def num(value):
    return float(value) if value is not None else None


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


def filename(name, trials):
    return "_".join([name, *(t.slug for t in trials)])


def analysis_n(trial, endpoint):
    for aset in trial.analysis_sets.all():
        if aset.pk == endpoint.analysis_set_id and aset.n_total is not None:
            return aset.n_total
    return trial.n_randomised


def forest(trials):
    """Hazard ratios with their CIs, one trace per trial, on a log axis."""
    rows = []
    for t_index, trial in enumerate(trials):
        for endpoint in trial.endpoints.all():
            for effect in endpoint.effects.all():
                if effect.measure != "hr" or effect.value is None:
                    continue
                ci = f"{f.level(effect.ci_level)}% CI" if effect.ci_level else "no CI"
                label = f"{trial.acronym} · {endpoint.name} ({ci})"
                if effect.analysis and effect.analysis != "Primary analysis":
                    label = f"{trial.acronym} · {endpoint.name} [{effect.analysis}] ({ci})"
                rows.append((t_index, trial, endpoint, effect, literal(label)))
    max_n = max([analysis_n(t, e) or 1 for _, t, e, _, _ in rows] or [1])
    traces = []
    for t_index, trial in enumerate(trials):
        mine = [r for r in rows if r[0] == t_index]
        if not mine:
            continue
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": literal(trial.acronym),
                "x": [num(e.value) for *_, e, _ in mine],
                "y": [label for *_, label in mine],
                "error_x": {
                    "type": "data",
                    "symmetric": False,
                    "array": [
                        num(e.ci_high - e.value) if e.ci_high is not None else None
                        for *_, e, _ in mine
                    ],
                    "arrayminus": [
                        num(e.value - e.ci_low) if e.ci_low is not None else None
                        for *_, e, _ in mine
                    ],
                    "color": PALETTE[t_index % len(PALETTE)],
                    "thickness": 2,
                },
                "marker": {
                    "color": PALETTE[t_index % len(PALETTE)],
                    "symbol": SYMBOLS[t_index % len(SYMBOLS)],
                    "size": [
                        8 + 14 * math.sqrt((analysis_n(t, ep) or 1) / max_n)
                        for _, t, ep, _, _ in mine
                    ],
                    "line": {"color": "#ffffff", "width": 1},
                },
                "customdata": [
                    [literal(f.effect_text(e)), literal(f.source_text(e)), analysis_n(t, ep) or ""]
                    for _, t, ep, e, _ in mine
                ],
                "hovertemplate": "%{y}<br>%{customdata[0]}<br>N=%{customdata[2]}"
                "<br>Source: %{customdata[1]}<extra></extra>",
            }
        )
    figure = {
        "data": traces,
        "layout": base_layout(
            110 + 34 * len(rows),
            xaxis={
                "type": "log",
                "title": {"text": "Hazard ratio, log scale (below 1 favours the experimental arm)"},
                "tickvals": [0.1, 0.2, 0.3, 0.5, 0.7, 1, 1.5, 2],
                "ticktext": ["0.1", "0.2", "0.3", "0.5", "0.7", "1", "1.5", "2"],
                "gridcolor": "#e5e7eb",
                "zeroline": False,
                "automargin": True,
            },
            yaxis={"autorange": "reversed", "automargin": True},
            shapes=[
                {
                    "type": "line",
                    "x0": 1,
                    "x1": 1,
                    "xref": "x",
                    "y0": 0,
                    "y1": 1,
                    "yref": "paper",
                    "line": {"color": "#374151", "width": 1.5, "dash": "dash"},
                }
            ],
        ),
    }
    table = {
        "columns": ["Trial", "End point", "Analysis", "Hazard ratio", "CI", "P", "N", "Source"],
        "rows": [
            [
                t.acronym,
                ep.name,
                e.analysis,
                f.fmt(e.value, e.decimals),
                f.ci_text(e),
                f.p_text(e.p_value),
                analysis_n(t, ep) or "",
                f.source_text(e),
            ]
            for _, t, ep, e, _ in rows
        ],
    }
    return {
        "id": "forest",
        "title": "Hazard ratios across trials",
        "note": "Markers are sized by the number analysed; the label gives each CI's level "
        "(95% or 99.2%). Single-group studies have no hazard ratio.",
        "figure": figure,
        "table": table,
        "filename": filename("hazard-ratios", trials),
        "empty": not rows,
    }


def per_arm_chart(trials, chart_id, title, families, measures, axis_title, note, name):
    """Per-arm values with CIs: one row per trial × end point, one trace per arm role."""
    rows = []
    for trial in trials:
        arms = {a.pk: a for a in trial.arms.all()}
        for endpoint in trial.endpoints.all():
            if endpoint.family not in families:
                continue
            results = [
                r for r in endpoint.results.all() if r.measure in measures and r.arm_id is not None
            ]
            if results:
                rows.append((trial, endpoint, results, arms))
    by_role = {role: [] for role in ROLE_STYLE}
    annotations = []
    for trial, endpoint, results, arms in rows:
        label = literal(f"{trial.acronym} · {endpoint.name}")
        for r in results:
            arm = arms[r.arm_id]
            if r.not_reached:
                annotations.append(
                    {
                        "x": 1,
                        "xref": "paper",
                        "y": label,
                        "yref": "y",
                        "xanchor": "right",
                        "showarrow": False,
                        "text": f"{literal(arm.short_label)}: not reached",
                        "font": {"size": 12, "color": "#374151"},
                    }
                )
                continue
            by_role[arm.role].append((label, r, arm))
    traces = []
    for role, points in by_role.items():
        if not points:
            continue
        name_, colour, symbol = ROLE_STYLE[role]
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": name_,
                "x": [num(r.value) for _, r, _ in points],
                "y": [label for label, _, _ in points],
                "error_x": {
                    "type": "data",
                    "symmetric": False,
                    "color": colour,
                    "thickness": 2,
                    "array": [
                        num(r.ci_high - r.value) if r.ci_high is not None else None
                        for _, r, _ in points
                    ],
                    "arrayminus": [
                        num(r.value - r.ci_low) if r.ci_low is not None else None
                        for _, r, _ in points
                    ],
                },
                "marker": {
                    "color": colour,
                    "symbol": symbol,
                    "size": 11,
                    "line": {"color": "#ffffff", "width": 1},
                },
                "customdata": [
                    [literal(arm.short_label), literal(f.result_text(r)), literal(f.source_text(r))]
                    for _, r, arm in points
                ],
                "hovertemplate": "%{y}<br>%{customdata[0]}: %{customdata[1]}"
                "<br>Source: %{customdata[2]}<extra></extra>",
            }
        )
    figure = {
        "data": traces,
        "layout": base_layout(
            120 + 44 * len(rows),
            xaxis={"title": {"text": axis_title}, "rangemode": "tozero", "gridcolor": "#e5e7eb"},
            yaxis={"autorange": "reversed", "automargin": True},
            annotations=annotations,
        ),
    }
    table_rows = []
    for trial, endpoint, results, arms in rows:
        for r in results:
            table_rows.append(
                [
                    trial.acronym,
                    endpoint.name,
                    arms[r.arm_id].short_label,
                    f.result_text(r),
                    f.source_text(r),
                ]
            )
    return {
        "id": chart_id,
        "title": title,
        "note": note,
        "figure": figure,
        "table": {"columns": ["Trial", "End point", "Arm", "Value", "Source"], "rows": table_rows},
        "filename": filename(name, trials),
        "empty": not rows,
    }


def medians(trials):
    return per_arm_chart(
        trials,
        "medians",
        "Median survival per arm",
        {"os", "pfs", "rpfs"},
        {"median"},
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
        {"orr", "psa50", "psa80", "cr", "pr"},
        {"proportion"},
        "Patients with a response, % (with 95% CI where published)",
        "Each trial's own response criteria and population; see the comparison table.",
        "response-rates",
    )


def adverse_events(trials):
    """Grade ≥3 (or 3–4) adverse events as % of each arm's safety population."""
    columns, column_keys = [], []
    for trial in trials:
        for arm in trial.arms.all():
            columns.append(f"{trial.acronym} · {arm.short_label}")
            column_keys.append(arm.pk)
    terms, cells, bands = [], {}, {}
    for trial in trials:
        for event in trial.adverse_events.all():
            if event.category not in (
                AdverseEvent.Category.ANY,
                AdverseEvent.Category.EVENT,
                AdverseEvent.Category.LABORATORY,
            ):
                continue
            term = (
                "Any adverse event"
                if event.category == AdverseEvent.Category.ANY
                else event.term.strip().capitalize()
            )
            for counts in event.arms.all():
                if counts.high_grade_pct is None:
                    continue
                if term not in terms:
                    terms.append(term)
                cells.setdefault((term, counts.arm_id), (counts, event))
                bands[trial.acronym] = event.get_high_grade_display()
    terms.sort(key=lambda t: (t != "Any adverse event", t))
    z, text, hover = [], [], []
    for term in terms:
        z_row, t_row, h_row = [], [], []
        for column, arm_id in zip(columns, column_keys, strict=True):
            entry = cells.get((term, arm_id))
            if entry is None:
                z_row.append(None)
                t_row.append("")
                h_row.append(f"{literal(term)}<br>{literal(column)}: not reported")
                continue
            counts, event = entry
            z_row.append(num(counts.high_grade_pct))
            t_row.append(f.fmt(counts.high_grade_pct, event.decimals))
            cell = f.count_cell(counts.high_grade_n, counts.high_grade_pct, event.decimals)
            h_row.append(
                f"{literal(term)}<br>{literal(column)}: {event.get_high_grade_display()} {cell}"
                f" of {counts.denominator}<br>Source: {literal(f.source_text(event))}"
            )
        z.append(z_row)
        text.append(t_row)
        hover.append(h_row)
    figure = {
        "data": [
            {
                "type": "heatmap",
                "x": [literal(c) for c in columns],
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
        ],
        "layout": base_layout(
            140 + 26 * len(terms),
            xaxis={"side": "top", "automargin": True},
            yaxis={"autorange": "reversed", "automargin": True},
            margin={"l": 10, "r": 20, "t": 90, "b": 20},
        ),
    }
    band_note = "; ".join(f"{acronym}: {band}" for acronym, band in bands.items())
    table_rows = [
        [term, *[("" if v is None else f"{t}%") for v, t in zip(zr, tr, strict=True)]]
        for term, zr, tr in zip(terms, z, text, strict=True)
    ]
    return {
        "id": "adverse-events",
        "title": "High-grade adverse events, % of each safety population",
        "note": f"Bands as published — {band_note}. Blank: not reported." if bands else "",
        "figure": figure,
        "table": {"columns": ["Adverse event", *columns], "rows": table_rows},
        "filename": filename("high-grade-adverse-events", trials),
        "empty": not terms,
    }


def at_risk(trials):
    """Numbers at risk under the published Kaplan–Meier curves."""
    traces, tables = [], []
    dashes = ["solid", "dash", "dot", "dashdot"]
    for trial in trials:
        arms = {a.pk: a for a in trial.arms.all()}
        curves = [e for e in trial.endpoints.all() if e.at_risk.all()]
        for e_index, endpoint in enumerate(curves):
            rows = list(endpoint.at_risk.all())
            months = sorted({r.month for r in rows})
            table_rows = []
            for arm_id in dict.fromkeys(r.arm_id for r in rows):
                arm = arms[arm_id]
                points = sorted((r for r in rows if r.arm_id == arm_id), key=lambda r: r.month)
                _, colour, symbol = ROLE_STYLE[arm.role]
                traces.append(
                    {
                        "type": "scatter",
                        "mode": "lines+markers",
                        "name": literal(f"{trial.acronym} · {endpoint.name} · {arm.short_label}"),
                        "x": [num(r.month) for r in points],
                        "y": [r.n_at_risk for r in points],
                        "line": {"color": colour, "dash": dashes[e_index % len(dashes)]},
                        "marker": {"symbol": symbol, "color": colour, "size": 7},
                        "hovertemplate": "Month %{x}: %{y} at risk<br>"
                        f"Source: {literal(f.source_text(points[0]))}<extra></extra>",
                    }
                )
                by_month = {r.month: r.n_at_risk for r in points}
                table_rows.append([arm.short_label, *[by_month.get(m, "") for m in months]])
            tables.append(
                {
                    "caption": f"{trial.acronym} · {endpoint.name} — numbers at risk "
                    f"({f.source_text(rows[0])})",
                    "columns": ["Month", *[f.fmt(m) for m in months]],
                    "rows": table_rows,
                }
            )
    figure = {
        "data": traces,
        "layout": base_layout(
            420,
            xaxis={"title": {"text": "Months since randomisation"}, "gridcolor": "#e5e7eb"},
            yaxis={
                "title": {"text": "Number at risk"},
                "rangemode": "tozero",
                "gridcolor": "#e5e7eb",
            },
            legend={"orientation": "v", "x": 1.02, "y": 1, "yanchor": "top"},
        ),
    }
    return {
        "id": "at-risk",
        "title": "Numbers at risk over time",
        "note": "Where the publications print them under their Kaplan–Meier curves.",
        "figure": figure,
        "tables": tables,
        "table": None,
        "filename": filename("numbers-at-risk", trials),
        "empty": not traces,
    }


def comparison_charts(trials):
    return [
        c
        for c in (
            forest(trials),
            medians(trials),
            response_rates(trials),
            adverse_events(trials),
            at_risk(trials),
        )
        if not c["empty"]
    ]
