"""Per-arm charts: median survival and response rates, one row per trial and end point, the
experimental arm filled and the control arm open.
"""

from dataclasses import dataclass

from .. import formatting as f
from ..models import Arm, ArmResult, Endpoint
from ..models.trials import rows_of
from .downloads import add_source, export_info
from .figures import base_layout, chart, drawn_trials, figure, markers, narrow_rows, row_axis
from .hazard_ratios import FAMILY_SHORT
from .style import GRID, ROW_HEIGHT, SMALL, literal, short, trial_style

ROLE_NAMES = {
    Arm.Role.EXPERIMENTAL: "experimental arm",
    Arm.Role.CONTROL: "control arm",
    Arm.Role.SINGLE_GROUP: "single group",
}


def arm_symbol(trial, role):
    """Arms of one trial share its colour: the experimental arm filled, the control open."""
    symbol = trial_style(trial)["symbol"]
    return f"{symbol}-open" if role == Arm.Role.CONTROL else symbol


@dataclass
class ArmValues:
    """A row of a per-arm chart: one trial's end point and its per-arm results."""

    trial: object
    endpoint: object
    results: list
    label: str = ""


def arm_values(trials, families, measure):
    rows = []
    for trial in trials:
        for endpoint in rows_of(trial, "endpoints"):
            if endpoint.family not in families:
                continue
            results = [
                r
                for r in rows_of(endpoint, "results")
                if r.measure == measure and r.arm_id is not None
            ]
            if results:
                rows.append(ArmValues(trial, endpoint, results))
    # Short labels; where one trial has two rows of a family, the data cut tells them apart.
    counts = {}
    for row in rows:
        counts[(row.trial.pk, row.endpoint.family)] = (
            counts.get((row.trial.pk, row.endpoint.family), 0) + 1
        )
    for row in rows:
        text = f"{row.trial.acronym} · {FAMILY_SHORT.get(row.endpoint.family, row.endpoint.name)}"
        if counts[(row.trial.pk, row.endpoint.family)] > 1:
            text += f" ({short(row.endpoint.publication.label, 22)})"
        row.label = literal(text)
    return rows


def not_reached(index, result):
    """A median not reached (or not estimable), written at the end of its row."""
    return {
        "x": 1,
        "xref": "paper",
        "y": index,
        "yref": "y",
        "xanchor": "right",
        "showarrow": False,
        "text": f"{literal(result.arm.short_label)}: "
        + ("not reached" if result.not_reached else f.NOT_ESTIMABLE_LONG),
        "font": {"size": 12, "color": "#374151"},
    }


def arm_hover(row, result):
    return [
        literal(f"{row.trial.acronym} · {row.endpoint.name}"),
        literal(result.arm.short_label),
        literal(f.result_text(result)),
        literal(f.source_text(result)),
    ]


def per_arm_traces(rows):
    """One trace per trial and arm role: the trial's colour, filled or open by role."""
    traces = []
    for trial in dict.fromkeys(row.trial for row in rows):
        colour = trial_style(trial)["colour"]
        for role, role_name in ROLE_NAMES.items():
            points = [
                (index, row, r)
                for index, row in enumerate(rows)
                if row.trial is trial
                for r in row.results
                if r.arm.role == role and r.value is not None
            ]
            if points:
                traces.append(
                    markers(
                        literal(f"{trial.acronym}: {role_name}"),
                        [r for _, _, r in points],
                        [index for index, _, _ in points],
                        colour,
                        arm_symbol(trial, role),
                        11,
                        [arm_hover(row, r) for _, row, r in points],
                        "<b>%{customdata[0]}</b><br>%{customdata[1]}: %{customdata[2]}"
                        "<br>Source: %{customdata[3]}<extra></extra>",
                    )
                )
    return traces


def per_arm_chart(trials, chart_id, title, families, measure, axis_title, note, name):
    """Per-arm values with CIs: one row per trial × end point, one trace per trial and role."""
    rows = arm_values(trials, families, measure)
    labels = [row.label for row in rows]
    annotations = [
        not_reached(i, r) for i, row in enumerate(rows) for r in row.results if r.value is None
    ]
    layout = base_layout(
        100 + ROW_HEIGHT * len(rows),
        xaxis={
            "title": {"text": axis_title},
            "rangemode": "tozero",
            "gridcolor": GRID,
            "automargin": True,
        },
        yaxis=row_axis(labels),
        annotations=annotations,
    )
    narrow = {
        "layout": {
            **narrow_rows(labels, 120, annotations),
            "xaxis": {"nticks": 5, "title": {"font": {"size": SMALL}}},
        }
    }
    sources = {}
    for row in rows:
        for r in row.results:
            add_source(sources, row.trial, row.endpoint.publication, r.source.label)
    shown = drawn_trials(trials, rows)
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
    notes = export_info(title, shown, sources, ARM_NOTE.strip())
    built = figure(per_arm_traces(rows), layout, narrow, notes)
    return chart(chart_id, title, note, built, name, shown, not rows, table=table)


ARM_NOTE = (
    " Each trial keeps its colour; filled markers are experimental arms, open markers control arms."
)


def medians(trials):
    return per_arm_chart(
        trials,
        "medians",
        "Median survival per arm",
        {Endpoint.Family.OS, Endpoint.Family.PFS, Endpoint.Family.RPFS},
        ArmResult.Measure.MEDIAN,
        "Median, months (with 95% CI where published)",
        "Overall survival (OS) and progression-free survival (PFS, or imaging-based rPFS, as "
        "each trial defines it). “Not reached” is written on the row." + ARM_NOTE,
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
        "Patients with a response, % (95% CI where published)",
        "Each trial's own response criteria and population; see the comparison table." + ARM_NOTE,
        "response-rates",
    )
