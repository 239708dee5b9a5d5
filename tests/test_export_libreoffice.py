"""The downloads as LibreOffice opens and prints them, run headless.

A person opening a CSV in LibreOffice gets the Text Import dialog, which preselects the character
set from the byte-order mark and splits at commas, semicolons and tabs (the shipped defaults,
Office.Calc/Dialogs/CSVImport). Headless conversion skips that dialog and assumes Windows-1252
(LibreOffice 7) or UTF-8 (later), so these tests pass the dialog's defaults explicitly: the
separators as shipped and the character set the file's BOM names. The XLSX needs no options.
"""

import csv
import io
import os
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from unittest.mock import ANY

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

SOFFICE = "/usr/bin/soffice"
AGENT = "¹⁷⁷Lu-PSMA-617"  # as the arm labels and the agent's name print it, superscripts included
COMPARE = "/compare/?trials=vision,therap&_export="
# The Text Import dialog's defaults: comma, semicolon and tab (44/59/9); quote 34; charset; row 1.
DIALOG = "Text - txt - csv (StarCalc):44/59/9,34,{charset},1"
UTF16, UTF8 = 65535, 76  # LibreOffice's numbers for the charsets the BOMs name


@pytest.fixture
def office(tmp_path):
    """Convert a file with LibreOffice headless, in a profile of its own (runs do not clash)."""
    if not (Path(SOFFICE).exists() and shutil.which("pdftotext")):
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) and pdftotext are required under CI.")
        pytest.skip("LibreOffice or pdftotext is not installed.")
    profile = (tmp_path / "lo-profile").as_uri()
    out = tmp_path / "out"

    def convert(path, to, infilter=None):
        command = [SOFFICE, f"-env:UserInstallation={profile}", "--headless"]
        if infilter:
            command.append(f"--infilter={infilter}")
        command += ["--convert-to", to, "--outdir", str(out), str(path)]
        subprocess.run(command, check=True, capture_output=True, timeout=120)
        converted = out / f"{path.stem}.{to}"
        assert converted.exists(), command
        return converted

    return convert


def saved(client, tmp_path, url, name):
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    path = tmp_path / name
    path.write_bytes(response.content)
    return path


def pdf_pages(path):
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [page for page in text.split("\f") if page.strip()]


def grid(path):
    """A workbook's cells as text, as a person reads them: 1179.0 reads 1179, a date its day."""

    def text(value):
        if value is None:
            return ""
        if isinstance(value, datetime):
            return value.date().isoformat()
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    sheet = load_workbook(path).active
    rows = [[text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    width = max(len(r) for r in rows)
    return [r + [""] * (width - len(r)) for r in rows]


def test_the_comparison_xlsx_prints_landscape_with_its_header_on_every_page(
    client, tmp_path, office
):
    xlsx = saved(client, tmp_path, COMPARE + "xlsx", "comparison.xlsx")
    pages = pdf_pages(office(xlsx, "pdf"))
    assert len(pages) > 1
    assert all("TheraP source" in page for page in pages)  # the header row, repeated
    text = "\n".join(pages)
    assert AGENT in text
    assert "Not a head-to-head comparison" in pages[0]
    size = subprocess.run(
        ["pdfinfo", str(tmp_path / "out" / "comparison.pdf")], capture_output=True, text=True
    ).stdout
    width, height = next(
        line.split(":")[1].split("pts")[0].split(" x ")
        for line in size.splitlines()
        if line.startswith("Page size")
    )
    assert float(width) > float(height)  # landscape


@pytest.mark.parametrize(("fmt", "xlsx_fmt"), [("csv", "xlsx"), ("csv-values", "xlsx-values")])
def test_the_comparison_csv_opens_as_its_xlsx(client, tmp_path, office, fmt, xlsx_fmt):
    """Cell for cell: no value split at a comma or semicolon, no "Â¹â·â·Lu"."""
    path = saved(client, tmp_path, COMPARE + fmt, f"{fmt}.csv")
    assert path.read_bytes()[:2] == b"\xff\xfe"  # UTF-16LE's BOM, which the dialog reads
    opened = grid(office(path, "xlsx", DIALOG.format(charset=UTF16)))
    ours = grid(saved(client, tmp_path, COMPARE + xlsx_fmt, f"{xlsx_fmt}.xlsx"))
    # VISION's and TheraP's randomisation, 2:1 and 1:1, would open as the times 02:01 and 01:01:
    # the CSV writes them with the ratio sign, which reads the same.
    randomisation = next(row for row in opened if row[0] == "Randomisation")
    assert [c for c in randomisation if c][1:] in (["2∶1", "1∶1"], ["2∶1", ANY, "1∶1", ANY])
    assert [[c.replace("∶", ":") for c in row] for row in opened] == ours
    assert any(AGENT in cell for row in opened for cell in row)
    assert AGENT in "\n".join(pdf_pages(office(path, "pdf", DIALOG.format(charset=UTF16))))


@pytest.mark.parametrize(
    "url", ["/api/trials/vision/results.csv", "/trials/?_export=csv"], ids=["results", "catalogue"]
)
def test_the_utf8_csvs_open_in_their_columns(client, tmp_path, office, url):
    path = saved(client, tmp_path, url, "download.csv")
    content = path.read_bytes()
    assert content[:3] == b"\xef\xbb\xbf"  # UTF-8's BOM, which the dialog reads
    opened = grid(office(path, "xlsx", DIALOG.format(charset=UTF8)))
    ours = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    width = max(len(r) for r in ours)
    ours = [r + [""] * (width - len(r)) for r in ours]
    assert len(opened) == len(ours)
    for mine, theirs in zip(ours, opened, strict=True):
        # LibreOffice reads numbers as numbers: 0.40 shows as 0.4 in the cell. The text cells, and
        # so every column boundary, must be the same.
        assert len(theirs) == len(mine)
        for a, b in zip(mine, theirs, strict=True):
            assert a == b or float(a) == float(b), (a, b)
    assert any(AGENT in cell for row in opened for cell in row)
