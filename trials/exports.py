"""Downloads: the comparison and catalogue tables (django-tables2 export over tablib) and the
tidy all-results table, as CSV (UTF-8 with BOM), XLSX and JSON.

Spreadsheet cells that would run as formulas are neutralised; each file carries a citation line
per trial and the date of export.
"""

import io
import json
import re

import django_tables2 as tables
import tablib
from django.http import HttpResponse
from django.utils import timezone
from django_tables2.export import TableExport
from openpyxl import load_workbook
from openpyxl.styles import Alignment, Font

from . import formatting as f

TABLE_FORMATS = ("csv", "xlsx", "json")
RESULTS_FORMATS = {"results-csv": "csv", "results-xlsx": "xlsx"}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": TableExport.FORMATS["xlsx"],
    "json": "application/json",
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
MAX_COLUMN_WIDTH = 60


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
            content = "\ufeff" + safe.export("csv")
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


def line_text(line):
    text = f"{line.label}: {line.text}" if line.label else line.text
    return f"{text} [{line.source}]" if line.source else text


class ComparisonTable(tables.Table):
    section = tables.Column()
    row = tables.Column(verbose_name="Row")
    notes = tables.Column()


def comparison_table(trials, sections):
    """The comparison as a table: one row per page row, one column per trial."""
    data = []
    for section in sections:
        for row in section.rows:
            item = {"section": section.title, "row": row.label, "notes": " ".join(row.notes)}
            for trial, cell in zip(trials, row.cells, strict=True):
                item[f"trial_{trial.pk}"] = (
                    "\n".join(line_text(x) for x in cell.lines) or f.NOT_REPORTED
                )
            data.append(item)
    extra = [(f"trial_{t.pk}", tables.Column(verbose_name=t.acronym)) for t in trials]
    table = ComparisonTable(data, extra_columns=extra)
    # Keep the page's order: section, row, the trials, then the notes.
    table.sequence = ["section", "row", *[name for name, _ in extra], "notes"]
    return table


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


ALL_FORMATS = TABLE_FORMATS + tuple(RESULTS_FORMATS)


def comparison_response(trials, sections, fmt):
    """The comparison as it shows on the page, one column per trial."""
    return table_response(comparison_table(trials, sections), fmt, trials, "comparison")
