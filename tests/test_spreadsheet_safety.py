"""No cell of any CSV or XLSX download runs as a formula, headers and footers included; JSON keeps
the curated text as it is."""

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from trials.exports import FORMULA_START, NUMBER
from trials.models import Trial

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://x","y")'
DOWNLOADS = [
    "/compare/?trials=vision,therap&_export=csv",
    "/compare/?trials=vision,therap&_export=xlsx",
    "/compare/?trials=vision,therap&_export=results-csv",
    "/compare/?trials=vision,therap&_export=results-xlsx",
    "/trials/?_export=csv",
    "/trials/?_export=xlsx",
    "/api/trials/vision/results.csv",
    "/api/trials/vision/results.xlsx",
]


@pytest.fixture
def hostile_acronym():
    # The acronym heads a comparison column and opens every citation line.
    Trial.objects.filter(slug="vision").update(acronym=HOSTILE)


def cells(url, content):
    """Every cell of a download as (value, openpyxl data type or None for CSV)."""
    if url.endswith("xlsx"):
        sheet = load_workbook(io.BytesIO(content)).active
        return [(c.value, c.data_type) for row in sheet.iter_rows() for c in row]
    text = content.decode("utf-8-sig")
    return [(value, None) for row in csv.reader(io.StringIO(text)) for value in row]


@pytest.mark.parametrize("url", DOWNLOADS)
def test_no_cell_of_a_download_is_a_formula(client, hostile_acronym, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    found = cells(url, response.content)
    hostile = [(value, kind) for value, kind in found if "HYPERLINK" in str(value)]
    assert hostile, "the hostile acronym is in every download"
    for value, kind in hostile:
        assert value.startswith("'=HYPERLINK("), value
        assert kind in (None, "s"), (value, kind)
    for value, kind in found:
        assert kind != "f", value
        text = str(value or "")
        assert not text.startswith(FORMULA_START) or NUMBER.match(text), text


def test_comparison_header_is_the_neutralised_acronym(client, hostile_acronym):
    content = client.get("/compare/?trials=vision,therap&_export=csv").content
    header = next(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert header[2] == "'" + HOSTILE
    sheet = load_workbook(
        io.BytesIO(client.get("/compare/?trials=vision,therap&_export=xlsx").content)
    ).active
    assert sheet["C1"].value == "'" + HOSTILE and sheet["C1"].data_type == "s"


def test_json_keeps_the_raw_text(client, hostile_acronym):
    body = json.loads(client.get("/compare/?trials=vision,therap&_export=json").content)
    assert HOSTILE in body["rows"][0]
    assert body["citations"][0].startswith(HOSTILE + ": ")
    assert not any("'=" in key for key in body["rows"][0])
