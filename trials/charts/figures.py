"""The pieces every figure is built from: the chart and figure dicts, the base layout, row axes
and their phone layout, markers with CI whiskers and the line at a ratio of 1.
"""

import textwrap

from .style import FONT, HEADING, OUTLINE, ROW_HEIGHT_NARROW, SMALL, num


def chart(chart_id, title, note, figure, name, trials, empty, table=None, tables=()):
    """The dict a template places: the figure and the data table(s) that say the same."""
    return {
        "id": chart_id,
        "title": title,
        "note": note,
        "figure": figure,
        "alternate": None,
        "table": table,
        "tables": list(tables),
        "filename": "_".join([name, *(t.slug for t in trials)]),
        "empty": empty,
    }


def figure(traces, layout, narrow=None, export=None):
    return {
        "data": traces,
        "layout": layout,
        "narrow": narrow or {"layout": {}, "data": {}},
        "export": export or {},
    }


def base_layout(height, **extra):
    layout = {
        "height": height,
        # Margins are minimums: every axis has automargin, so labels push them as they need.
        "margin": {"l": 20, "r": 24, "t": 36, "b": 40, "autoexpand": True},
        "font": FONT,
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "hoverlabel": {"align": "left"},
        "showlegend": False,
    }
    layout.update(extra)
    return layout


def drawn_trials(trials, rows):
    """The trials that have a row in the chart, in the page's order."""
    shown = {row.trial.pk for row in rows}
    return [t for t in trials if t.pk in shown]


def row_axis(labels, **extra):
    """A numeric axis with one row per label, the first at the top (labels may repeat)."""
    return {
        "tickmode": "array",
        "tickvals": list(range(len(labels))),
        "ticktext": labels,
        "range": [len(labels) - 0.5, -0.5],
        "automargin": True,
        "showgrid": False,
        "zeroline": False,
        **extra,
    }


def labels_above(labels):
    """On a phone the row labels go above their rows, across the plot, instead of beside it;
    a group heading has its own row, wrapped to the width of a phone."""
    annotations = []
    for index, label in enumerate(labels):
        heading = label.startswith(HEADING[0])
        text = label
        if heading:
            inner = label[len(HEADING[0]) : -len(HEADING[1])]
            text = "<br>".join(HEADING[0] + line + HEADING[1] for line in textwrap.wrap(inner, 42))
        annotations.append(
            {
                "x": 0,
                "xref": "paper",
                "y": index,
                "yref": "y",
                "yanchor": "middle" if heading else "bottom",
                "yshift": 0 if heading else 9,
                "xanchor": "left",
                "showarrow": False,
                "align": "left",
                "bgcolor": "#ffffff",
                "text": text,
                "font": {"size": SMALL, "color": "#111827"},
            }
        )
    return annotations


def narrow_rows(labels, height_extra, annotations=()):
    return {
        "height": height_extra + ROW_HEIGHT_NARROW * len(labels),
        "yaxis": {"showticklabels": False},
        "annotations": [*labels_above(labels), *annotations],
    }


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


def markers(name, estimates, rows, colour, symbol, size, customdata, hovertemplate):
    """A trace of estimates with their CIs, one marker per row."""
    return {
        "type": "scatter",
        "mode": "markers",
        "name": name,
        "x": [num(e.value) for e in estimates],
        "y": rows,
        "error_x": error_bars(estimates, colour),
        "marker": {
            "color": colour,
            "symbol": symbol,
            "size": size,
            "line": {"color": OUTLINE if not symbol.endswith("-open") else colour, "width": 1},
        },
        "customdata": customdata,
        "hovertemplate": hovertemplate,
    }


def reference_line(axis="x"):
    """The dashed line at a ratio of 1 (no difference)."""
    other = "y" if axis == "x" else "x"
    return {
        "type": "line",
        f"{axis}0": 1,
        f"{axis}1": 1,
        f"{axis}ref": axis,
        f"{other}0": 0,
        f"{other}1": 1,
        f"{other}ref": "paper",
        "line": {"color": "#374151", "width": 1.5, "dash": "dash"},
    }
