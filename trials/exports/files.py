"""What every download shares: its formats and content types, its file name, the date of export
and the citation of each trial.
"""

from django.http import HttpResponse
from django.utils import timezone
from django_tables2.export import TableExport

from .. import formatting as f

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


def attachment(content, content_type, name):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
