"""Cells a spreadsheet keeps as written: formulas neutralised, control characters removed, ratios
kept as text; CSV quoting, and the widths and wrapping of a tablib workbook.
"""

import io
import re

import tablib
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font

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


def clean_text(value):
    """Text a spreadsheet can hold and will not run: control characters out, formulas quoted."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return neutralise(value)


def as_text(value):
    """A CSV cell that LibreOffice and Excel keep as the text it is: both read a bare ratio such
    as a 2:1 randomisation as the time 02:01, so it takes the ratio sign (2∶1, U+2236)."""
    if isinstance(value, str) and RATIO.fullmatch(value):
        return value.replace(":", "\u2236")
    return value
