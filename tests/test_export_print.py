"""The comparison XLSX prints on its own: A4 landscape, one page wide, the header row on every
page, rows tall enough for their wrapped text; each value has its source in the next column, and
the values-only variant has no source column."""

import csv
import io
from math import ceil

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

URL = "/compare/?trials=vision,netter-1,therap,ralu&_export="
# VISION Abstract, Results and Figure 2B (Sartor et al., NEJM 2021): HR for death 0.62 (95% CI
# 0.52 to 0.74), P<0.001.
VISION_OS = "HR 0.62 (95% CI 0.52–0.74); P<0.001"
VISION_OS_SOURCE = "NEJM 2021 — Abstract; Results (Primary End Points); Figure 2B"


def sheet_of(client, fmt):
    response = client.get(URL + fmt)
    assert response.status_code == 200, response.content[:300]
    return load_workbook(io.BytesIO(response.content)).active


def header_of(sheet):
    (header,) = [row for row in sheet.iter_rows() if row[0].value == "Row"]
    return header


@pytest.mark.parametrize("fmt", ["xlsx", "xlsx-values"])
def test_page_setup(client, fmt):
    sheet = sheet_of(client, fmt)
    h = header_of(sheet)[0].row
    assert h > 1  # the caveats come first
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.print_title_rows == f"${h}:${h}"  # the header row, on every printed page
    assert sheet.freeze_panes == f"B{h + 1}"


@pytest.mark.parametrize("fmt", ["xlsx", "xlsx-values"])
def test_rows_are_tall_enough_for_their_wrapped_text(client, fmt):
    """Set, not left to the application: LibreOffice does not fit row heights on opening. The
    bound is loose (1.3 characters per unit of column width, 15 points a line) so it checks that
    heights follow the text, not the exact formula."""
    sheet = sheet_of(client, fmt)
    widths = {col: sheet.column_dimensions[col].width for col in sheet.column_dimensions if col}
    merged = {rng.min_row for rng in sheet.merged_cells.ranges}
    wrapped = 0
    for row in sheet.iter_rows(min_row=header_of(sheet)[0].row):
        if row[0].row in merged:
            continue
        height = sheet.row_dimensions[row[0].row].height
        for cell in row:
            if not cell.value:
                continue
            assert cell.alignment.wrap_text
            per_line = 1.3 * widths[cell.column_letter]
            lines = sum(ceil(len(p) / per_line) or 1 for p in str(cell.value).split("\n"))
            assert height is not None and height >= 15 * lines, (cell.coordinate, cell.value)
            wrapped += lines > 1
    assert wrapped > 20
    # A long cell: VISION's key eligibility runs over several lines.
    eligibility = next(r for r in sheet.iter_rows() if r[0].value == "Key eligibility")
    assert sheet.row_dimensions[eligibility[0].row].height > 4 * 15


def rows_of(sheet):
    return [["" if v is None else str(v) for v in r] for r in sheet.iter_rows(values_only=True)]


def group(rows, label):
    """The spreadsheet rows of one page row: its labelled first row and the unlabelled next ones."""
    start = next(i for i, r in enumerate(rows) if r[0] == label)
    end = next((i for i in range(start + 1, len(rows)) if rows[i][0]), len(rows))
    return rows[start:end]


def test_each_value_has_its_source_beside_it(client):
    sheet = sheet_of(client, "xlsx")
    assert [c.value for c in header_of(sheet)][:5] == [
        "Row",
        "VISION",
        "VISION source",
        "NETTER-1",
        "NETTER-1 source",
    ]
    rows = rows_of(sheet)
    overall_survival = group(rows, "Overall survival")
    (line,) = [r for r in overall_survival if VISION_OS in r[1]]
    assert line[2] == VISION_OS_SOURCE
    # VISION's medians, 15.3 vs 11.3 months (Abstract, Figure 2B), with the same source.
    (medians,) = [r for r in overall_survival if "15.3" in r[1] and "11.3" in r[1]]
    assert medians[2] == VISION_OS_SOURCE
    # NETTER-1's final OS HR 0.84 read in a secondary report (the ESMO-MCBS scorecard) says so in
    # its source cell, and only there.
    netter = [r for r in overall_survival if "HR 0.84 (95% CI 0.60–1.17)" in r[3]]
    assert any(r[4].endswith("(secondary source)") for r in netter)
    assert not all(r[4].endswith("(secondary source)") for r in netter)
    # A row no trial leaves blank has a source beside every value that has one on the page.
    for r in group(rows, "Randomisation"):
        assert all(r[i + 1] for i in (1, 3, 5, 7) if r[i]), r


def test_values_only_has_no_source_column(client):
    sheet = sheet_of(client, "xlsx-values")
    header = [c.value for c in header_of(sheet)]
    assert header == ["Row", "VISION", "NETTER-1", "TheraP", "RALU", "Notes"]
    rows = rows_of(sheet)
    (os_row,) = group(rows, "Overall survival")  # one spreadsheet row per page row
    assert VISION_OS in os_row[1]
    assert "15.3" in os_row[1] and "11.3" in os_row[1]
    assert not any("Figure 2B" in v for r in rows for v in r)
    # The caveats and the citations stay.
    assert rows[0][0].startswith("Not a head-to-head comparison")
    assert any(v.startswith("VISION: NEJM 2021") for r in rows for v in r)


def test_values_only_csv_matches_its_xlsx(client):
    content = client.get(URL + "csv-values").content
    assert client.get(URL + "csv-values")["Content-Disposition"].startswith(
        'attachment; filename="radioligand-comparison-values_vision_netter-1_therap_ralu_'
    )
    rows = list(csv.reader(io.StringIO(content.decode("utf-16")), delimiter="\t"))
    sheet = sheet_of(client, "xlsx-values")
    expected = [["" if v is None else str(v) for v in r] for r in sheet.iter_rows(values_only=True)]
    # Bare ratios take the ratio sign in the CSV, so that spreadsheets do not read 2:1 as a time.
    randomisation = next(r for r in rows if r[0] == "Randomisation")
    assert randomisation[1:4] == ["2∶1", "1∶1", "1∶1"]  # VISION 2:1; NETTER-1, TheraP 1:1
    assert [[c.replace("∶", ":") for c in r] for r in rows] == expected
