"""Downloads: the comparison (value and source side by side, or values only), the catalogue
(django-tables2 export over tablib) and the tidy all-results table, as CSV, XLSX and JSON.

Spreadsheet cells that would run as formulas are neutralised; each file carries a citation line
per trial and the date of export. The comparison files open with the page's caveats.

CSV encodings, checked with LibreOffice's import defaults (separators comma, semicolon and tab;
charset from the byte-order mark): the comparison CSV is UTF-16LE with a BOM and tab-separated,
which Excel opens in columns with "¹⁷⁷Lu" intact whatever the locale's list separator; the tidy
and catalogue CSVs, read by scripts, stay UTF-8 with a BOM and commas. In both, any field with a
comma, semicolon, tab, quote or line break is quoted, so no import splits it.

The modules: files (formats, file names, date, citations), spreadsheets (safe cells, CSV
quoting, workbook polish), datasets (the catalogue's table), results (the tidy table),
comparison_files with lines, workbook and json_file (the comparison's downloads).
"""

from .comparison_files import comparison_response
from .datasets import table_response
from .files import (
    ALL_FORMATS,
    COMPARISON_FORMATS,
    CONTENT_TYPES,
    RESULTS_FORMATS,
    TABLE_FORMATS,
    VALUES_FORMATS,
)
from .results import results_response
from .spreadsheets import FORMULA_START, NUMBER, neutralise

__all__ = [
    "ALL_FORMATS",
    "COMPARISON_FORMATS",
    "CONTENT_TYPES",
    "FORMULA_START",
    "NUMBER",
    "RESULTS_FORMATS",
    "TABLE_FORMATS",
    "VALUES_FORMATS",
    "comparison_response",
    "neutralise",
    "results_response",
    "table_response",
]
