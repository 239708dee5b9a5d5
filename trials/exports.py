"""Downloads: the comparison (value and source side by side, or values only), the catalogue
(django-tables2 export over tablib) and the tidy all-results table, as CSV, XLSX and JSON.

Spreadsheet cells that would run as formulas are neutralised; each file carries a citation line
per trial and the date of export. The comparison files open with the page's caveats.

CSV encodings, checked with LibreOffice's import defaults (separators comma, semicolon and tab;
charset from the byte-order mark): the comparison CSV is UTF-16LE with a BOM and tab-separated,
which Excel opens in columns with "¹⁷⁷Lu" intact whatever the locale's list separator; the tidy
and catalogue CSVs, read by scripts, stay UTF-8 with a BOM and commas. In both, any field with a
comma, semicolon, tab, quote or line break is quoted, so no import splits it.
"""

import io
import json
import re
from dataclasses import dataclass, field
from math import ceil

import tablib
from django.http import HttpResponse
from django.utils import timezone
from django_tables2.export import TableExport
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from . import comparison
from . import formatting as f
from .models import AdverseEvent, ArmResult, BaselineCharacteristic, Crossover, EffectEstimate

TABLE_FORMATS = ("csv", "xlsx", "json")
VALUES_FORMATS = {"csv-values": "csv", "xlsx-values": "xlsx"}
COMPARISON_FORMATS = TABLE_FORMATS + tuple(VALUES_FORMATS)
RESULTS_FORMATS = {"results-csv": "csv", "results-xlsx": "xlsx"}
ALL_FORMATS = COMPARISON_FORMATS + tuple(RESULTS_FORMATS)
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": TableExport.FORMATS["xlsx"],
    "json": "application/json",
}
# The comparison CSV: UTF-16 (the BOM says which byte order), tab-separated.
COMPARISON_CSV_TYPE = "text/csv; charset=utf-16"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
# LibreOffice's import splits at commas, semicolons and tabs alike unless the field is quoted.
CSV_QUOTE = re.compile(r'[,;\t"\r\n]')
MAX_COLUMN_WIDTH = 60
RATIO = re.compile(r"\d+(:\d+)+")


def neutralise(value):
    """Prefix text a spreadsheet would evaluate as a formula; leave numbers alone."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not NUMBER.match(value):
        return "'" + value
    return value


def citation(trial):
    parts = []
    for p in trial.publications.all():
        bits = [p.label, p.citation]
        if p.doi:
            bits.append(f"doi:{p.doi}")
        if p.data_cutoff:
            bits.append(f"data cut-off {f.file_date(p.data_cutoff)}")
        if f.is_secondary(p):
            bits.append(f.SECONDARY)
        parts.append(" — ".join(bits))
    return f"{trial.acronym}: " + " | ".join(parts)


def today():
    # Read per request: a download made after midnight names the new day.
    return f.file_date(timezone.localdate())


def filename(kind, trials, extension):
    slugs = "_".join(t.slug for t in trials) if trials else ""
    stem = "_".join(x for x in (f"radioligand-{kind}", slugs, today()) if x)
    return f"{stem}.{extension}"


def footer(trials, width):
    """Rows after the table: the export date and a citation line per trial."""
    pad = [""] * (width - 2)
    rows = [[""] * width, ["Exported", today(), *pad]]
    rows += [["Source", citation(t), *pad] for t in trials]
    return rows


def csv_field(value):
    text = "" if value is None else str(value)
    if CSV_QUOTE.search(text) or text != text.strip():
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_text(rows, delimiter=","):
    return "".join(delimiter.join(csv_field(v) for v in row) + "\r\n" for row in rows)


def polish_xlsx(content, footer_rows):
    """Readable widths, wrapped text and bold footer labels on tablib's workbook."""
    book = load_workbook(io.BytesIO(content))
    sheet = book.active
    for column in sheet.columns:
        letter = column[0].column_letter
        width = sheet.column_dimensions[letter].width or 10
        sheet.column_dimensions[letter].width = min(max(width, 10), MAX_COLUMN_WIDTH)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=sheet.max_row - footer_rows + 1):
        row[0].font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def spreadsheet(dataset, footer_rows):
    """The cells a CSV or XLSX file is written from: headers, rows and footer, all neutralised."""
    safe = tablib.Dataset(headers=[neutralise(h) for h in dataset.headers], title=dataset.title)
    for row in [*dataset, *footer_rows]:
        safe.append([neutralise(value) for value in row])
    return safe


def dataset_response(dataset, fmt, trials, name, json_extra=None):
    """A tablib dataset as an attachment, with the footer, BOM and safety rules of its format."""
    if fmt == "json":
        body = {
            "exported": today(),
            "citations": [citation(t) for t in trials],
            **(json_extra or {}),
            "rows": dataset.dict,
        }
        content = json.dumps(body, ensure_ascii=False, indent=1, default=str)
    else:
        extra = footer(trials, dataset.width)
        safe = spreadsheet(dataset, extra)
        if fmt == "csv":
            content = "\ufeff" + csv_text([safe.headers, *safe])
        else:
            content = polish_xlsx(safe.export("xlsx"), len(extra))
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def table_response(table, fmt, trials, kind, exclude_columns=(), name_trials=True):
    """A django-tables2 table as it shows on the page."""
    dataset = TableExport(fmt, table, exclude_columns=exclude_columns).dataset
    name = filename(kind, trials if name_trials else [], fmt)
    return dataset_response(dataset, fmt, trials, name)


RESULT_HEADERS = [
    "trial",
    "nct_number",
    "publication",
    "publication_kind",
    "data_cutoff",
    "doi",
    "section",
    "end_point",
    "family",
    "role",
    "analysis_set",
    "arm",
    "measure",
    "value",
    "value_as_published",
    "ci_low",
    "ci_high",
    "ci_level",
    "p_value",
    "n",
    "landmark_months",
    "note",
    "source",
    "source_quality",
    "secondary",
    "locator",
]


def result_row(trial, source, locator, **values):
    """A tidy row: the trial and its source, then the given values, in RESULT_HEADERS order."""
    row = dict.fromkeys(RESULT_HEADERS, None)
    row.update(
        trial=trial.acronym,
        nct_number=trial.nct_number,
        publication=source.label,
        publication_kind=source.get_kind_display(),
        data_cutoff=source.data_cutoff,
        doi=source.doi,
        source=source.citation,
        source_quality=source.get_source_quality_display(),
        secondary=source.is_secondary,
        locator=locator,
    )
    row.update(values)
    return [row[h] for h in RESULT_HEADERS]


def result_rows(trials):
    """One row per trial x publication x end point x arm x measure, with source and locator."""
    for trial in trials:
        sets = {s.pk: s.label for s in trial.analysis_sets.all()}

        for e in trial.endpoints.all():
            common = dict(
                section="efficacy",
                end_point=e.name,
                family=e.get_family_display(),
                role=e.get_role_display(),
                analysis_set=sets.get(e.analysis_set_id),
            )
            for r in e.results.all():
                yield result_row(
                    trial,
                    r.source,
                    r.locator,
                    **common,
                    arm=r.arm_label,
                    measure=r.get_measure_display(),
                    value=f.exact(r.value, r.decimals),
                    value_as_published=f.value_text(r),
                    ci_low=f.exact(r.ci_low, f.limit_decimals(r, "ci_low")),
                    ci_high=f.exact(r.ci_high, f.limit_decimals(r, "ci_high")),
                    ci_level=f.exact(r.ci_level),
                    n=r.n,
                    landmark_months=f.exact(r.landmark_months),
                    note=r.note,
                )
            for x in e.effects.all():
                yield result_row(
                    trial,
                    x.source,
                    x.locator,
                    **common,
                    arm="Between arms",
                    measure=x.get_measure_display() + (f" ({x.unit})" if x.unit else ""),
                    value=f.exact(x.value, x.decimals),
                    value_as_published=f.number(x.value, x.decimals),
                    ci_low=f.exact(x.ci_low, f.limit_decimals(x, "ci_low")),
                    ci_high=f.exact(x.ci_high, f.limit_decimals(x, "ci_high")),
                    ci_level=f.exact(x.ci_level),
                    p_value=x.p_value,
                    note="; ".join(s for s in (x.analysis, x.method, x.note) if s),
                )
            for a in e.at_risk.all():
                yield result_row(
                    trial,
                    a.source,
                    a.locator,
                    **common,
                    arm=a.arm.short_label,
                    measure="Number at risk",
                    value=a.n_at_risk,
                    value_as_published=str(a.n_at_risk),
                    landmark_months=f.exact(a.month),
                )
        arms = {a.pk: a.short_label for a in trial.arms.all()}
        for event in trial.adverse_events.all():
            band = event.get_high_grade_display() or "High grade"
            for c in event.arms.all():
                for measure, value, is_pct in (
                    ("All grades, n", c.all_grades_n, False),
                    ("All grades, %", c.all_grades_pct, True),
                    (f"{band}, n", c.high_grade_n, False),
                    (f"{band}, %", c.high_grade_pct, True),
                ):
                    if value is None:
                        continue
                    decimals = f.pct_places(c, event) if is_pct else 0
                    yield result_row(
                        trial,
                        event.source,
                        event.locator,
                        section="safety",
                        end_point=event.term,
                        family=event.get_category_display(),
                        arm=arms.get(c.arm_id),
                        measure=measure,
                        value=f.exact(value, decimals) if is_pct else value,
                        value_as_published=f.number(value, decimals),
                        n=c.denominator,
                        p_value=event.p_value,
                        note=event.note,
                    )


def results_dataset(trials):
    dataset = tablib.Dataset(headers=RESULT_HEADERS, title="Results")
    for values in result_rows(trials):
        dataset.append(values)
    return dataset


def results_response(trials, fmt):
    return dataset_response(results_dataset(trials), fmt, trials, filename("results", trials, fmt))


# The comparison as a spreadsheet. Each trial has a value column and a source column beside it:
# a source sits on the same row as the one number it belongs to, so it cannot be read against
# the wrong line, and the values-only variant simply leaves the source columns out. (Numbered
# footnotes were the alternative: a "[3]" printed next to "0.62" can be misread as a value.)


@dataclass
class GridRow:
    """A row of the comparison sheet; `kind` decides its style (caveat, header, section, ...)."""

    kind: str
    values: list
    group_start: bool = False  # the first spreadsheet row of a page row


@dataclass
class Grid:
    rows: list[GridRow] = field(default_factory=list)
    width: int = 0
    kinds: list[str] = field(default_factory=list)  # per column: label, value, source, notes

    def add(self, kind, values, group_start=False):
        padded = [*values, *[""] * (self.width - len(values))]
        self.rows.append(GridRow(kind, padded, group_start))

    @property
    def header_row(self):
        return next(i for i, row in enumerate(self.rows, 1) if row.kind == "header")


def clean_text(value):
    """Text a spreadsheet can hold and will not run: control characters out, formulas quoted."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return neutralise(value)


def source_label(obj):
    """Where a value was read: "NEJM 2021 — Abstract; Figure 2B", "(secondary source)" added."""
    if getattr(obj, "source_id", None) is None:
        return ""
    text = f"{obj.source.label} — {obj.locator}"
    return text + f" ({f.SECONDARY})" if f.is_secondary(obj) else text


def value_label(line):
    return f"{line.label}: {line.text}" if line.label else line.text


def line_pieces(line):
    """(text, object) for each piece of a line; a line joining several numbers has several."""
    pieces = getattr(line, "pieces", None) or [line]
    return [(piece.text, piece.obj) for piece in pieces]


def line_objects(line):
    return list(dict.fromkeys(obj for _, obj in line_pieces(line) if obj is not None))


def line_source(line):
    """The source cell of a line: its one source, or each number with its own when they differ."""
    sourced = [
        (text.strip(" ·;,"), source_label(obj))
        for text, obj in line_pieces(line)
        if source_label(obj)
    ]
    if len({source for _, source in sourced}) <= 1:
        return sourced[0][1] if sourced else ""
    return "\n".join(dict.fromkeys(f"{text}: {source}" for text, source in sourced))


def comparison_grid(trials, sections, with_sources):
    grid = Grid()
    per_trial = ["value", "source"] if with_sources else ["value"]
    grid.kinds = ["label", *per_trial * len(trials), "notes"]
    grid.width = len(grid.kinds)
    for caveat in comparison.caveats(trials):
        grid.add("caveat", [caveat])
    header = ["Row"]
    for trial in trials:
        header += [trial.acronym, f"{trial.acronym} source"] if with_sources else [trial.acronym]
    grid.add("header", [*header, "Notes"])
    for section in sections:
        grid.add("section", [section.title])
        for note in getattr(section, "notes", []):
            grid.add("caveat", [note])
        for row in section.rows:
            notes = " ".join(row.notes)
            if with_sources:
                add_lines(grid, row, notes)
            else:
                cells = [
                    "\n".join(value_label(x) for x in c.lines) or f.NOT_REPORTED for c in row.cells
                ]
                grid.add("row", [row.label, *cells, notes], group_start=True)
    grid.add("blank", [])
    grid.add("footer", ["Exported", today()])
    for trial in trials:
        grid.add("footer", ["Source", citation(trial)])
    return grid


def add_lines(grid, row, notes):
    """A page row as one spreadsheet row per line: each value with its own source beside it."""
    depth = max([len(c.lines) for c in row.cells] + [1])
    for i in range(depth):
        values = [row.label if i == 0 else ""]
        for cell in row.cells:
            if i < len(cell.lines):
                values += [value_label(cell.lines[i]), line_source(cell.lines[i])]
            else:
                values += [f.NOT_REPORTED if i == 0 else "", ""]
        grid.add("row", [*values, notes if i == 0 else ""], group_start=i == 0)


# Column widths in characters; text beyond them wraps.
WIDTHS = {"label": (14, 30), "value": (14, 46), "source": (12, 30), "notes": (10, 40)}
LINE_HEIGHT = 15  # points: one line of 11-point Calibri, the default row


def column_widths(grid):
    widths = []
    for col, kind in enumerate(grid.kinds):
        longest = max(
            (
                len(part)
                for row in grid.rows
                if row.kind in ("header", "row")
                for part in str(row.values[col]).split("\n")
            ),
            default=0,
        )
        low, high = WIDTHS[kind]
        widths.append(min(max(longest + 2, low), high))
    return widths


def wrapped_lines(text, width):
    """How many lines `text` takes in a column `width` characters wide, once wrapped.

    Counted generously (a character of proportional type is taken as 0.9 of the column unit),
    since a row too short hides text in print, while a row too tall only costs paper."""
    per_line = max(int((width - 1) * 0.9), 1)
    return sum(max(ceil(len(part) / per_line), 1) for part in str(text).split("\n"))


def row_height(row, widths):
    full = sum(widths)
    if row.kind in ("caveat", "section"):
        lines = wrapped_lines(row.values[0], full)
    elif row.kind == "footer":
        lines = wrapped_lines(row.values[1], full - widths[0])
    else:
        lines = max(wrapped_lines(v, w) for v, w in zip(row.values, widths, strict=True))
    return lines * LINE_HEIGHT + 3


def grid_xlsx(grid, title):
    """The grid as a workbook that prints on its own: A4 landscape, one page wide, the header row
    on every page, heights set for the wrapped text (LibreOffice does not fit them on opening)."""
    book = Workbook()
    sheet = book.active
    sheet.title = title
    widths = column_widths(grid)
    last = len(widths)
    wrap = Alignment(wrap_text=True, vertical="top")
    rule = Border(top=Side(style="thin", color="999999"))
    for r, row in enumerate(grid.rows, 1):
        for c, value in enumerate(row.values, 1):
            cell = sheet.cell(row=r, column=c, value=clean_text(value))
            cell.alignment = wrap
            if row.group_start:
                cell.border = rule
        if row.kind in ("caveat", "section"):
            sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=last)
        elif row.kind == "footer":
            sheet.merge_cells(start_row=r, start_column=2, end_row=r, end_column=last)
        style_row(sheet, r, row, last)
        sheet.row_dimensions[r].height = row_height(row, widths)
    for c, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(c)].width = width
    header = grid.header_row
    sheet.freeze_panes = sheet.cell(row=header + 1, column=2).coordinate
    sheet.print_title_rows = f"{header}:{header}"
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.gridLines = True
    sheet.oddFooter.left.text = f"Exported {today()}"
    sheet.oddFooter.right.text = "Page &P of &N"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def style_row(sheet, r, row, last):
    if row.kind == "header":
        for c in range(1, last + 1):
            sheet.cell(row=r, column=c).font = Font(bold=True)
    elif row.kind == "caveat":
        sheet.cell(row=r, column=1).font = Font(bold=True, color="7A2E00")
    elif row.kind == "section":
        sheet.cell(row=r, column=1).font = Font(bold=True, size=12)
        sheet.cell(row=r, column=1).fill = PatternFill("solid", fgColor="E8E8E8")
    elif row.kind in ("row", "footer"):
        sheet.cell(row=r, column=1).font = Font(bold=True)


def as_text(value):
    """A CSV cell that LibreOffice and Excel keep as the text it is: both read a bare ratio such
    as a 2:1 randomisation as the time 02:01, so it takes the ratio sign (2∶1, U+2236)."""
    if isinstance(value, str) and RATIO.fullmatch(value):
        return value.replace(":", "\u2236")
    return value


def attachment(content, content_type, name):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def comparison_response(trials, sections, fmt):
    """The comparison as it shows on the page: per trial a value and a source column (or the
    values only), the caveats above and the citations below; or as structured JSON."""
    if fmt == "json":
        body = json.dumps(comparison_json(trials, sections), ensure_ascii=False, indent=1)
        return attachment(body, CONTENT_TYPES["json"], filename("comparison", trials, "json"))
    kind = VALUES_FORMATS.get(fmt, fmt)
    grid = comparison_grid(trials, sections, with_sources=fmt not in VALUES_FORMATS)
    stem = "comparison-values" if fmt in VALUES_FORMATS else "comparison"
    name = filename(stem, trials, kind)
    if kind == "csv":
        rows = [[as_text(clean_text(v)) for v in row.values] for row in grid.rows]
        body = ("\ufeff" + csv_text(rows, delimiter="\t")).encode("utf-16-le")
        return attachment(body, COMPARISON_CSV_TYPE, name)
    return attachment(grid_xlsx(grid, "Comparison"), CONTENT_TYPES["xlsx"], name)


# The comparison as JSON: each value as its parts, decimals as strings.

JSON_NOTES = [
    'Decimal numbers are strings exactly as the publication prints them ("0.40" keeps its '
    "zero), so that no JSON float re-rounds them: read them as decimals. Counts (n) are "
    'integers. null means not reported; "NE" is printed as not estimable.',
    'p_value is the published text ("<0.001"). ci_level is in percent.',
    "Each value names its data cut (the publication of the analysis) and its source (the "
    "publication it was read in, the place in it, and whether that is a secondary report).",
    "The comparison is not head-to-head: see caveats.",
]


def decimal(value, decimals=None):
    """A curated Decimal as its published digits ("0.40"), or None."""
    return None if value is None else format(f.exact(value, decimals), "f")


def limits(obj):
    ci = {}
    for name in ("ci_low", "ci_high"):
        if getattr(obj, f"{name}_not_estimable", False):
            ci[name] = f.NOT_ESTIMABLE
        else:
            ci[name] = decimal(getattr(obj, name), f.limit_decimals(obj, name))
    ci["ci_level"] = decimal(obj.ci_level)
    return ci


def cut(publication):
    if publication is None:
        return None
    return {
        "publication": publication.label,
        "data_cutoff": f.file_date(publication.data_cutoff) or None,
    }


def effect_values(x):
    return {
        "measure": x.get_measure_display(),
        "unit": x.unit,
        "arm": "Between arms",
        "value": decimal(x.value, x.decimals),
        **limits(x),
        "p_value": x.p_value or None,
        "n": None,
        "data_cut": cut(x.endpoint.publication),
    }


def result_values(r):
    value = decimal(r.value, r.decimals)
    if r.not_reached:
        value = f.NOT_REACHED
    elif r.not_estimable:
        value = f.NOT_ESTIMABLE
    return {
        "measure": r.get_measure_display(),
        "unit": r.unit,
        "arm": r.arm_label,
        "value": value,
        **limits(r),
        "p_value": None,
        "n": r.n,
        "landmark_months": decimal(r.landmark_months),
        "data_cut": cut(r.endpoint.publication),
    }


def event_counts(event, line):
    """The arm counts a line of an adverse-event row reports, and the band it reports, if any:
    from the line's arm and band where it names them, else from the arm its text opens with."""
    arm_key = getattr(line, "arm_key", None)
    if arm_key is not None:
        found = [c for c in event.arms.all() if (c.arm_id or "all") == arm_key]
        return (found[0] if len(found) == 1 else None), getattr(line, "band", "")
    arms = {a.pk: a.short_label for a in event.trial.arms.all()}  # prefetched, no query
    found = [
        c
        for c in event.arms.all()
        if line.text.startswith(
            tuple(f"{arms[c.arm_id] if c.arm_id else 'All arms'}{end}" for end in (":", " of "))
        )
    ]
    return (found[0] if len(found) == 1 else None), ""


def event_values(event, line):
    base = {
        "measure": event.term,
        "high_grade": event.get_high_grade_display(),
        "p_value": event.p_value or None,
        "data_cut": cut(event.data_cut or event.source),
    }
    counts, band = event_counts(event, line)
    if counts is None:
        return base
    arms = {a.pk: a.short_label for a in event.trial.arms.all()}
    places = f.pct_places(counts, event)
    values = {
        **base,
        "arm": arms[counts.arm_id] if counts.arm_id else "All arms",
        "n": counts.denominator,
    }
    if band in ("", "all"):
        values["all_grades_n"] = counts.all_grades_n
        values["all_grades_pct"] = decimal(counts.all_grades_pct, places)
    if band in ("", "high"):
        values["high_grade_n"] = counts.high_grade_n
        values["high_grade_pct"] = decimal(counts.high_grade_pct, places)
    return values


def crossover_values(c):
    return {
        "measure": "Crossover",
        "arm": c.from_arm.short_label,
        "to_treatment": c.to_treatment,
        "crossed_n": c.n,
        "n": c.denominator,
        "percent": decimal(c.percent, c.decimals),
        "data_cut": cut(c.data_cut),
    }


def baseline_values(b):
    return {
        "measure": b.label,
        "arm": b.arm.short_label if b.arm_id else "All patients",
        "value": b.value,
        "n": b.n,
        "percent": decimal(b.percent),
    }


def object_json(obj, line):
    """One value a line shows, as its parts, with its data cut and its source."""
    if isinstance(obj, EffectEstimate):
        item = {"kind": "effect estimate", **effect_values(obj)}
    elif isinstance(obj, ArmResult):
        item = {"kind": "arm result", **result_values(obj)}
    elif isinstance(obj, AdverseEvent):
        item = {"kind": "adverse event", **event_values(obj, line)}
    elif isinstance(obj, Crossover):
        item = {"kind": "crossover", **crossover_values(obj)}
    elif isinstance(obj, BaselineCharacteristic):
        item = {"kind": "baseline", **baseline_values(obj)}
    else:
        item = {"kind": obj._meta.verbose_name}
    item["source"] = None
    if getattr(obj, "source_id", None) is not None:
        item["source"] = {
            "publication": obj.source.label,
            "locator": obj.locator,
            "secondary": f.is_secondary(obj),
        }
    return item


def line_json(line):
    return {
        "text": value_label(line),
        "label": line.label or None,
        "values": [object_json(obj, line) for obj in line_objects(line)],
    }


def comparison_json(trials, sections):
    return {
        "exported": today(),
        "notes": JSON_NOTES,
        "caveats": comparison.caveats(trials),
        "trials": [
            {"slug": t.slug, "acronym": t.acronym, "nct_number": t.nct_number} for t in trials
        ],
        "citations": [citation(t) for t in trials],
        "sections": [
            {
                "slug": section.slug,
                "title": section.title,
                "notes": list(getattr(section, "notes", [])),
                "rows": [
                    {
                        "label": row.label,
                        "notes": list(row.notes),
                        "cells": {
                            t.slug: [line_json(x) for x in cell.lines]
                            for t, cell in zip(trials, row.cells, strict=True)
                        },
                    }
                    for row in section.rows
                ],
            }
            for section in sections
        ],
    }
