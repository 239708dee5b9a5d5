"""Numbers at risk under the published Kaplan-Meier curves, as tables only."""

from .. import formatting as f
from ..models.trials import rows_of
from .figures import chart


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
    """Numbers at risk printed under the published Kaplan–Meier curves, as tables only: drawn
    as lines over time they look like survival curves, which they are not."""
    tables, shown = [], []
    for trial in trials:
        endpoints = [e for e in rows_of(trial, "endpoints") if rows_of(e, "at_risk")]
        for endpoint in endpoints:
            rows = list(rows_of(endpoint, "at_risk"))
            # One row per arm, in the order the arms first appear, each by month.
            curves = [
                sorted((r for r in rows if r.arm_id == arm_id), key=lambda r: r.month)
                for arm_id in dict.fromkeys(r.arm_id for r in rows)
            ]
            months = sorted({r.month for r in rows})
            tables.append(at_risk_table(trial, endpoint, curves, months))
        if endpoints:
            shown.append(trial)
    return chart(
        "at-risk",
        "Numbers at risk (patients still followed), not survival curves",
        "The number of patients still at risk at each month, as printed under the "
        "publications' Kaplan–Meier curves. These are counts of patients followed, not survival "
        "estimates: read survival from the medians and hazard ratios.",
        None,
        "numbers-at-risk",
        shown,
        empty=not tables,
        tables=tables,
    )
