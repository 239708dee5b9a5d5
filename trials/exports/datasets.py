"""Tablib datasets as downloads: the catalogue's django-tables2 table, and any dataset with the
footer, byte-order mark and safety rules of its format.
"""

import json

from django.http import HttpResponse
from django_tables2.export import TableExport

from .files import CONTENT_TYPES, citation, filename, footer, today
from .spreadsheets import csv_text, polish_xlsx, spreadsheet


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
