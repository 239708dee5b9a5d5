"""One trial's hazard ratio at each data cut, per end-point family (the trial page's "across data
cuts" charts).
"""

import math

from .. import datacuts as dc
from .. import formatting as f
from ..models import ArmResult, EffectEstimate, Endpoint
from ..models.trials import by_pk, rows_of
from .downloads import add_source, export_info
from .figures import base_layout, chart, figure, markers, reference_line
from .hazard_ratios import Kind, estimates, has_ci, look_rank
from .style import GRID, HR_TICKS, SMALL, literal, trial_style

CUT_COLUMNS = ["Data cut", "Cut-off date", "Median follow-up", "Analysis"]
CUT_COLUMNS += ["Hazard ratio (CI)", "P", "Source"]


def cut_tick(estimate, pubs):
    """A data cut on the axis: "Jul 2015" (or "publ. 2021" without a cut-off date), then the
    kind of look it was, briefly. The date as the table gives it, whoever reports it."""
    publication = estimate.cuts[0]
    date, _ = dc.cutoff_date(publication, pubs)
    if date:
        when = date.strftime("%b %Y")
    elif publication.year:
        when = f"publ. {publication.year}"
    else:
        when = "date not reported"
    text = f"{estimate.effect.analysis} {estimate.endpoint.name}".lower()
    look = next((w for w in ("final", "update", "interim", "primary") if w in text), "")
    return f"{when}<br>{look}" if look else when


def cutoff_text(publication, pubs):
    """The cut-off date as the trial page's key results give it, or "not reported"."""
    return dc.cutoff_text(publication, pubs) or (
        f"{f.NOT_REPORTED} (published {publication.year or 'year not reported'})"
    )


def first_looks(trial):
    """Each publication's first analysis (`look_rank`): a median follow-up curated on the
    publication is that analysis's (PSMAfore's LBA13 gives 7.3 months for its primary rPFS
    analysis, not for the second interim analysis it also reports)."""
    found = {}
    for endpoint in rows_of(trial, "endpoints"):
        texts = [f"{x.analysis} {endpoint.name}" for x in rows_of(endpoint, "effects")]
        for rank in map(look_rank, texts or [endpoint.name]):
            pk = endpoint.publication_id
            found[pk] = min(found.get(pk, rank), rank)
    return found


def follow_up_text(estimate, pubs, firsts):
    """The median follow-up of the row's analysis: the publication's own where the row is its
    first analysis, else a follow-up end point of the same data cut and analysis, per arm."""
    publication, rank = estimate.cuts[0], estimate.key[1]
    months = publication.median_follow_up_months
    if months is not None and rank == firsts.get(publication.pk, rank):
        return f"{f.number(months)} months"
    cut = dc.cut_of(publication, pubs).pk
    arms = by_pk(estimate.trial, "arms")
    for endpoint in rows_of(estimate.trial, "endpoints"):
        if (
            endpoint.family != Endpoint.Family.FOLLOW_UP
            or dc.cut_of(endpoint.publication, pubs).pk != cut
            or look_rank(endpoint.name) != rank
        ):
            continue
        medians = [
            r
            for r in rows_of(endpoint, "results")
            if r.measure == ArmResult.Measure.MEDIAN and r.value is not None
        ]
        if medians:
            return "; ".join(
                f"{f.number(r.value, r.decimals)} months"
                + (f" ({arms[r.arm_id].short_label})" if r.arm_id in arms else "")
                + (f", {f.SECONDARY}" if f.is_secondary(r) else "")
                for r in medians
            )
    return f.NOT_REPORTED


def cut_row(estimate, pubs, firsts):
    effect = estimate.effect
    publication = estimate.cuts[0]
    return [
        "; ".join(p.label for p in estimate.cuts),
        cutoff_text(publication, pubs),
        follow_up_text(estimate, pubs, firsts),
        effect.analysis or estimate.endpoint.name,
        f"{f.number(effect.value, effect.decimals)} ({f.ci_text(effect) or 'CI not reported'})"
        + (
            f" [{effect.get_crossover_adjustment_display()}]" if effect.crossover_adjustment else ""
        ),
        f.p_text(effect.p_value) or f.NOT_REPORTED,
        estimate.sources(),
    ]


def side_by_side(estimate, points, adjustments):
    """Where one data cut has several analyses (unadjusted, adjusted), they sit side by side."""
    here = [
        a
        for a in adjustments
        if any(e.key == estimate.key and e.effect.crossover_adjustment == a for e in points)
    ]
    return (here.index(estimate.effect.crossover_adjustment) - (len(here) - 1) / 2) * 0.18


def cut_chart(trial, family, points):
    """One end point's hazard ratio at each data cut, unadjusted and crossover-adjusted side by
    side, each with its CI, on a log axis."""
    pubs = dc.publications(trial)
    cuts = sorted({e.key for e in points})
    ticks = {}
    for e in sorted(points, key=lambda e: e.key):
        ticks.setdefault(e.key, cut_tick(e, pubs))
    adjustments = list(dict.fromkeys(e.effect.crossover_adjustment for e in points))
    adjustments.sort(key=lambda a: a != "")
    style = trial_style(trial)
    firsts = first_looks(trial)
    traces, sources = [], {}
    for adjustment in adjustments:
        mine = sorted(
            (e for e in points if e.effect.crossover_adjustment == adjustment), key=lambda e: e.key
        )
        symbol = style["symbol"] if not adjustment else f"{style['symbol']}-open"
        name = EffectEstimate.CrossoverAdjustment(adjustment).label
        trace = markers(
            literal(name),
            [e.effect for e in mine],
            [cuts.index(e.key) + side_by_side(e, points, adjustments) for e in mine],
            style["colour"],
            symbol,
            12,
            [e.hover() for e in mine],
            "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}"
            "<br>Data cut: %{customdata[3]}<br>Source: %{customdata[4]}<extra></extra>",
        )
        trace["x"], trace["y"] = trace["y"], trace["x"]
        trace["error_y"] = trace.pop("error_x")
        trace["mode"] = "markers+text"
        # A point without its interval says so: it is not more precise than the others.
        trace["text"] = [
            f.number(e.effect.value, e.effect.decimals) + ("" if has_ci(e.effect) else ", no CI")
            for e in mine
        ]
        trace["textposition"] = "middle right"
        trace["textfont"] = {"size": 12}
        traces.append(trace)
        for e in mine:
            for endpoint, effect in e.copies:
                add_source(sources, trial, endpoint.publication, effect.source.label)
    family_name = Endpoint.Family(family).label
    title = f"{trial.acronym}: {family_name.lower()}, hazard ratio at each data cut"
    values = [
        v
        for e in points
        for v in (e.effect.ci_low, e.effect.value, e.effect.ci_high)
        if v is not None
    ]
    span = [
        math.log10(float(min(values + [1]))) - 0.08,
        math.log10(float(max(values + [1]))) + 0.08,
    ]
    ticks_hr = [t for t in HR_TICKS if 10 ** span[0] <= t <= 10 ** span[1]]
    layout = base_layout(
        380,
        xaxis={
            "tickmode": "array",
            "tickvals": list(range(len(cuts))),
            "ticktext": [ticks[k] for k in cuts],
            "range": [-0.6, len(cuts) - 0.4],
            "title": {"text": "Data cut (in time order)"},
            "automargin": True,
            "showgrid": False,
            "zeroline": False,
        },
        yaxis={
            "type": "log",
            "range": span,
            "tickvals": ticks_hr,
            "ticktext": [str(t) for t in ticks_hr],
            "title": {"text": "Hazard ratio (log scale)"},
            "gridcolor": GRID,
            "automargin": True,
        },
        shapes=[reference_line("y")],
        showlegend=len(adjustments) > 1,
        legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
    )
    narrow = {
        "layout": {"height": 340, "xaxis": {"tickfont": {"size": SMALL}, "title": {"text": ""}}}
    }
    return chart(
        f"cuts-{trial.slug}-{family}",
        title,
        "Each data cut's published hazard ratio with its CI (95% unless the table says "
        "otherwise). Data cuts are in time order, evenly spaced; “publ.” marks a publication "
        "year where no cut-off date is reported. Below 1 favours the experimental arm.",
        figure(traces, layout, narrow, export_info(title, [trial], sources)),
        f"{family}-across-data-cuts",
        [trial],
        empty=False,
        table={
            "columns": CUT_COLUMNS,
            "rows": [
                cut_row(e, pubs, firsts)
                for e in sorted(points, key=lambda e: (e.key, e.effect.crossover_adjustment))
            ],
        },
    )


def across_cuts(trial):
    """For each end-point family whose hazard ratio is published at more than one data cut, how
    the estimate moved (NETTER-1 OS: 0.40 at the interim analysis, 0.84 at the final one)."""
    by_family = {}
    for estimate in estimates(trial):
        if estimate.kind in (Kind.MAIN, Kind.ADJUSTED):
            by_family.setdefault(estimate.family, []).append(estimate)
    return [
        cut_chart(trial, family, points)
        for family, points in by_family.items()
        if len({e.key for e in points}) > 1
    ]
