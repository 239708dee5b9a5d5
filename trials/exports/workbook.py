"""The comparison grid as a workbook that prints on its own: column widths, row heights for the
wrapped text, styles, A4 landscape page setup.
"""

import io
from math import ceil

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from .files import today
from .spreadsheets import clean_text

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
