"""Plotly figures for the pages, built as plain figure dicts.

Each chart is a dict: id, title, note, figure, alternate (another figure the reader can switch to,
or None), table or tables (the accessible data), filename (for downloads: it names only the trials
drawn), empty. A figure is Plotly JSON (data, layout) plus "narrow", the changes for a plot under
600 px wide, and "export", the title and footnote a download carries. Nothing here touches the
database: the trials arrive with their records prefetched.
"""

import math
import re
import textwrap
from dataclasses import dataclass, field
from datetime import date

from . import formatting as f
from .models import AdverseEvent, Arm, ArmResult, EffectEstimate, Endpoint, Trial

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "x", "star", "hexagon", "cross"]
# The same shapes as text, for a swatch beside a trial's name on a page.
GLYPHS = dict(zip(SYMBOLS, "●■◆▲✕★⬢✚", strict=True))
OUTLINE = "#1f2937"  # keeps the yellow markers visible on white
FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13}
SMALL = 11
GRID = "#e5e7eb"
HR_TICKS = [0.1, 0.2, 0.3, 0.5, 0.7, 1, 1.5, 2, 3]
HR_TICKS_NARROW = [0.1, 0.2, 0.5, 1, 2]
ROW_HEIGHT, ROW_HEIGHT_NARROW = 32, 46
HEADING = ("<b>", "</b>")  # a group heading row in a forest plot
# Plotly reads tags and entities in the text it draws. A "<" or ">" before a digit stays, as in
# "P<0.001": no Plotly tag name starts with a digit, so it cannot open one.
MARKUP = re.compile(r"&|[<>](?!\d)")
ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def literal(text):
    """Curated text as Plotly should draw it: as written, never as markup."""
    return MARKUP.sub(lambda m: ENTITIES[m.group()], str(text))


def num(value):
    return float(value) if value is not None else None


def short(text, limit):
    """A tick label short enough not to crowd the plot; the full text is in hover and table."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip(" ,;:(") + "…"


def trial_style(trial):
    """The trial's colour and marker on every page and download.

    From the primary key alone, so it never depends on which trials are shown and costs no query.
    The curated trials are numbered in blocks of a thousand (1001, 2001, …): block plus offset
    gives consecutive positions, and each of 64 positions has its own colour and symbol pair.
    """
    block, offset = divmod(trial.pk - 1, 1000)
    index = (block + offset) % 64
    symbol = SYMBOLS[(index + index // 8) % 8]
    return {"colour": PALETTE[index % 8], "symbol": symbol, "glyph": GLYPHS[symbol]}


# ---------------------------------------------------------------- figure and chart dicts


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


def cut_text(publication):
    """A data cut as a footnote names it: "NEJM 2021, cut-off 27 January 2021"."""
    if publication.data_cutoff:
        return f"{publication.label}, cut-off {f.page_date(publication.data_cutoff)}"
    return f"{publication.label}, cut-off not reported"


def export_info(title, trials, sources, note=""):
    """The title and footnote of a download: the trials shown, and per trial its data cuts and
    the publications the numbers were read in. `sources` maps a trial to (cuts, read in)."""
    names = ", ".join(t.acronym for t in trials)
    entries = []
    for trial in trials:
        cuts, read = sources.get(trial.pk, ({}, {}))
        entry = f"{trial.acronym}: " + "; ".join(label + when for label, when in cuts.items())
        extra = [label for label in read if label not in cuts]
        if extra:
            entry += f" (read in {'; '.join(extra)})"
        entries.append(entry)
    lines = textwrap.wrap(note, 170) + textwrap.wrap(
        "Data cuts and sources. " + " · ".join(entries), 170
    )
    return {
        "title": f"{literal(title)}<br><sup>{literal(names)}</sup>",
        "footnote": "<br>".join(literal(line) for line in lines),
        "lines": len(lines),
    }


def add_source(sources, trial, cut, read_in):
    cuts, read = sources.setdefault(trial.pk, ({}, {}))
    when = f" (cut-off {f.page_date(cut.data_cutoff)})" if cut.data_cutoff else ""
    cuts.setdefault(cut.label, when)
    if read_in != cut.label:
        read.setdefault(read_in, None)


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


def analysis_n(trial, endpoint):
    """The N of the end point's analysis set; none when the source ties it to no set (the
    trial's N may belong to another data cut)."""
    for aset in trial.analysis_sets.all():
        if aset.pk == endpoint.analysis_set_id and aset.n_total is not None:
            return aset.n_total
    return None


# ---------------------------------------------------------------- hazard ratios and data cuts

FAMILY_SHORT = {
    Endpoint.Family.OS: "OS",
    Endpoint.Family.OS_RMST: "OS RMST",
    Endpoint.Family.PFS: "PFS",
    Endpoint.Family.RPFS: "rPFS",
    Endpoint.Family.PSA_PFS: "PSA-PFS",
    Endpoint.Family.SSE: "SSE",
    Endpoint.Family.ORR: "ORR",
    Endpoint.Family.CR: "CR",
    Endpoint.Family.PR: "PR",
    Endpoint.Family.DCR: "DCR",
    Endpoint.Family.PSA50: "PSA50",
    Endpoint.Family.PSA80: "PSA80",
    Endpoint.Family.TTNT: "TTNT",
}
# End points of these families are not one outcome across trials (or not outcomes at all).
UNALIGNED = {Endpoint.Family.OTHER, Endpoint.Family.FOLLOW_UP, Endpoint.Family.PSA_CHANGE}
MAIN_ROLES = {
    Endpoint.Role.PRIMARY,
    Endpoint.Role.ALTERNATE_PRIMARY,
    Endpoint.Role.KEY_SECONDARY,
    Endpoint.Role.SECONDARY,
}
# How the curated `analysis` text marks an estimate that is not the end point's main analysis.
SUPPLEMENTARY_WORDS = (
    "supplementary",
    "sensitivity",
    "ad hoc",
    "post hoc",
    "per protocol",
    "per-protocol",
    "treatment received",
)
# Order of analyses published at one date: the primary analysis, then later looks.
CUT_WORDS = (("final", 5), ("update", 4), ("third", 3), ("second", 2), ("first", 1))


class Kind:
    MAIN = "main"
    ADJUSTED = "adjusted"
    SUPPLEMENTARY = "supplementary"
    OTHER = "other"


KIND_LABELS = {
    Kind.MAIN: "Main analysis, earlier data cut",
    Kind.ADJUSTED: "Adjusted for crossover",
    Kind.SUPPLEMENTARY: "Supplementary or sensitivity analysis",
    Kind.OTHER: "Subgroup, exploratory or other outcome",
}
DEFAULT_LABEL = "Main analysis, latest data cut"


def estimate_kind(endpoint, effect):
    text = f"{effect.analysis} {endpoint.name}".lower()
    if effect.crossover_adjustment:
        return Kind.ADJUSTED
    if endpoint.role == Endpoint.Role.SUPPLEMENTARY or any(w in text for w in SUPPLEMENTARY_WORDS):
        return Kind.SUPPLEMENTARY
    if endpoint.role not in MAIN_ROLES or endpoint.family in UNALIGNED or "subgroup" in text:
        return Kind.OTHER
    return Kind.MAIN


def publication_date(publication):
    """The cut-off date, else 1 January of the publication year (for ordering only)."""
    if publication.data_cutoff:
        return publication.data_cutoff
    return date(publication.year, 1, 1) if publication.year else date.min


def cut_key(endpoint, effect):
    """When the data were cut, for ordering: the cut-off date, else the publication year; then
    the analysis's place among those published together (primary, second interim, final)."""
    text = f"{effect.analysis} {endpoint.name}".lower()
    rank = next((r for word, r in CUT_WORDS if word in text), 0)
    return (publication_date(endpoint.publication), rank)


def has_ci(effect):
    return effect.ci_low is not None and effect.ci_high is not None


@dataclass
class Estimate:
    """One published hazard ratio; the same result republished elsewhere is the same estimate,
    with every place it was read in."""

    trial: object
    endpoint: object
    effect: object
    kind: str
    key: tuple
    copies: list = field(default_factory=list)
    default: bool = False

    @property
    def family(self):
        return self.endpoint.family

    @property
    def n(self):
        return analysis_n(self.trial, self.endpoint)

    def same_result(self, endpoint, effect, kind):
        mine = self.effect
        if (endpoint.family, kind, effect.crossover_adjustment, effect.value) != (
            self.family,
            self.kind,
            mine.crossover_adjustment,
            mine.value,
        ):
            return False
        if endpoint.family in UNALIGNED or kind == Kind.OTHER:
            if endpoint.name != self.endpoint.name:
                return False
        if has_ci(effect) and has_ci(mine):
            return (effect.ci_low, effect.ci_high) == (mine.ci_low, mine.ci_high)
        return True

    def add(self, endpoint, effect):
        """Another place this result is published: the one with a CI speaks for it."""
        self.copies.append((endpoint, effect))
        self.key = min(self.key, cut_key(endpoint, effect))
        if has_ci(effect) and not has_ci(self.effect):
            self.endpoint, self.effect = endpoint, effect

    @property
    def all_effects(self):
        return [effect for _, effect in self.copies]

    @property
    def cuts(self):
        """The data cuts (publications) it was published at, earliest first."""
        cuts = dict.fromkeys(endpoint.publication for endpoint, _ in self.copies)
        return sorted(cuts, key=publication_date)

    def sources(self):
        return "; ".join(dict.fromkeys(f.source_text(e) for e in self.all_effects))

    def family_label(self):
        """ "OS", "rPFS"; for an outcome of no family, the distinctive end of its name (the
        NETTER-1 quality-of-life domains differ only after the colon)."""
        if self.family in FAMILY_SHORT:
            return FAMILY_SHORT[self.family]
        return short(self.endpoint.name.rsplit(":", 1)[-1].strip(), 30)

    def qualifier(self):
        """What sets a non-default estimate apart, briefly (the hover says it in full)."""
        if self.kind == Kind.ADJUSTED:
            return "crossover-adj., " + self.effect.crossover_adjustment.upper().replace("-", " ")
        if self.kind == Kind.MAIN:
            year = self.key[0].year if self.key[0] != date.min else "undated"
            return f"earlier cut, {year}"
        return short(self.effect.analysis or self.kind, 24)

    def label(self, detail):
        text = f"{self.trial.acronym} · {self.family_label()}"
        return literal(f"{text} ({self.qualifier()})" if detail else text)

    def hr_text(self):
        """The numeric column: "0.62 (0.52–0.74)", with the CI level where it is not 95%."""
        effect = self.effect
        value = f.number(effect.value, effect.decimals)
        lo, hi = f.ci_limit(effect, "ci_low"), f.ci_limit(effect, "ci_high")
        if not (lo and hi):
            return f"{value}<br>CI not reported"
        text = f"{value} ({lo}–{hi})"
        if effect.ci_level is None:
            return f"{text}<br>CI level not reported"
        if effect.ci_level != 95:
            return f"{text}<br>{f.number(effect.ci_level)}% CI"
        return text

    def hover(self):
        effect, endpoint = self.effect, self.endpoint
        return [
            literal(endpoint.name),
            literal(f.effect_text(effect)),
            literal(effect.analysis or KIND_LABELS.get(self.kind, "")),
            literal("; ".join(cut_text(p) for p in self.cuts)),
            literal(self.sources()),
            self.n or "not reported",
        ]

    def table_row(self):
        effect = self.effect
        return [
            self.trial.acronym,
            self.endpoint.name,
            effect.analysis,
            DEFAULT_LABEL if self.default else KIND_LABELS[self.kind],
            "; ".join(cut_text(p) for p in self.cuts),
            f.number(effect.value, effect.decimals),
            f.ci_text(effect) or f.NOT_REPORTED,
            f.p_text(effect.p_value),
            self.n or "",
            self.sources(),
        ]


def estimates(trial):
    """The trial's published hazard ratios, one per distinct result, the latest main analysis
    of each end-point family marked as the default."""
    found = []
    for endpoint in trial.endpoints.all():
        for effect in endpoint.effects.all():
            if effect.measure != EffectEstimate.Measure.HR or effect.value is None:
                continue
            kind = estimate_kind(endpoint, effect)
            same = next((e for e in found if e.same_result(endpoint, effect, kind)), None)
            if same is None:
                same = Estimate(trial, endpoint, effect, kind, cut_key(endpoint, effect))
                found.append(same)
            same.add(endpoint, effect)
    latest = {}
    for estimate in found:
        if estimate.kind == Kind.MAIN:
            latest[estimate.family] = max(latest.get(estimate.family, estimate.key), estimate.key)
    for estimate in found:
        estimate.default = estimate.kind == Kind.MAIN and estimate.key == latest[estimate.family]
    return found


# ---------------------------------------------------------------- forest plot


def group_of(trial):
    """The heading a trial's rows sit under: its disease, and its clinical setting if curated."""
    disease = dict(Trial.Disease.choices).get(trial.disease, trial.disease)
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
                [8 + 12 * math.sqrt((e.n or 1) / max_n) for _, e in mine],
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
        "The latest main analysis of each end point. Markers are sized by the number analysed "
        "where the source gives it; CIs are 95% unless the number column says otherwise. "
        "Single-group studies have no hazard ratio. Hover a marker for its data cut and source.",
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


# ---------------------------------------------------------------- estimates across data cuts

CUT_COLUMNS = ["Data cut", "Cut-off date", "Median follow-up", "Analysis"]
CUT_COLUMNS += ["Hazard ratio (CI)", "P", "Source"]


def cut_tick(estimate):
    """A data cut on the axis: "Jul 2015" (or "publ. 2021" without a cut-off date), then the
    kind of look it was, briefly."""
    publication = estimate.cuts[0]
    if publication.data_cutoff:
        when = publication.data_cutoff.strftime("%b %Y")
    elif publication.year:
        when = f"publ. {publication.year}"
    else:
        when = "date not reported"
    text = f"{estimate.effect.analysis} {estimate.endpoint.name}".lower()
    look = next((w for w in ("final", "update", "interim", "primary") if w in text), "")
    return f"{when}<br>{look}" if look else when


def cut_row(estimate):
    effect = estimate.effect
    publication = estimate.cuts[0]
    follow_up = publication.median_follow_up_months
    return [
        "; ".join(p.label for p in estimate.cuts),
        f.page_date(publication.data_cutoff)
        or f"{f.NOT_REPORTED} (published {publication.year or 'year not reported'})",
        f"{f.number(follow_up)} months" if follow_up is not None else f.NOT_REPORTED,
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
    cuts = sorted({e.key for e in points})
    ticks = {}
    for e in sorted(points, key=lambda e: e.key):
        ticks.setdefault(e.key, cut_tick(e))
    adjustments = list(dict.fromkeys(e.effect.crossover_adjustment for e in points))
    adjustments.sort(key=lambda a: a != "")
    style = trial_style(trial)
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
        trace["text"] = [f.number(e.effect.value, e.effect.decimals) for e in mine]
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
                cut_row(e)
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


# ---------------------------------------------------------------- per-arm charts

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
        for endpoint in trial.endpoints.all():
            if endpoint.family not in families:
                continue
            results = [
                r for r in endpoint.results.all() if r.measure == measure and r.arm_id is not None
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


# ---------------------------------------------------------------- adverse events


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
        row = [(column, cells.get((term, arm_id))) for column, arm_id, _ in columns]
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
        (f"{t.acronym} · {arm.short_label}", arm.pk, t) for t in trials for arm in t.arms.all()
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
        [term, *[f"{t}%" if t else "" for t in text_row]]
        for term, text_row in zip(terms, trace["text"], strict=True)
    ]
    band_note = "; ".join(f"{acronym}: {band}" for acronym, band in bands.items())
    return chart(
        "adverse-events",
        title,
        f"Bands as published — {band_note}. Blank: not reported. Hover a cell for the counts "
        "and the source."
        if bands
        else "",
        figure([trace], layout, narrow, export_info(title, shown, sources)),
        "high-grade-adverse-events",
        shown,
        empty=not terms,
        table={"columns": ["Adverse event", *[c for c, _, _ in columns]], "rows": table_rows},
    )


# ---------------------------------------------------------------- numbers at risk


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
        endpoints = [e for e in trial.endpoints.all() if e.at_risk.all()]
        for endpoint in endpoints:
            rows = list(endpoint.at_risk.all())
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


def comparison_charts(trials):
    built = (forest(trials), medians(trials), response_rates(trials))
    built += (adverse_events(trials), at_risk(trials))
    return [c for c in built if not c["empty"]]
