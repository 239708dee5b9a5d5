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
    "/compare/?trials=vision,therap&_export=csv-values",
    "/compare/?trials=vision,therap&_export=xlsx-values",
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
    if "xlsx" in url:
        sheet = load_workbook(io.BytesIO(content)).active
        return [(c.value, c.data_type) for row in sheet.iter_rows() for c in row]
    return [(value, None) for row in csv_rows(content) for value in row]


def csv_rows(content):
    """Rows of a CSV download: the comparison's UTF-16 with tabs, the others' UTF-8 with commas."""
    if content.startswith(b"\xff\xfe"):
        return list(csv.reader(io.StringIO(content.decode("utf-16")), delimiter="\t"))
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.mark.parametrize("url", DOWNLOADS)
def test_no_cell_of_a_download_is_a_formula(client, hostile_acronym, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    found = cells(url, response.content)
    hostile = [(value, kind) for value, kind in found if "HYPERLINK" in str(value)]
    assert hostile, "the hostile acronym is in every download"
    # Where a cell opens with it (a header, a citation), it is quoted; inside a sentence (the
    # caveat naming each trial's control) it cannot run anyway.
    opening = [(v, kind) for v, kind in hostile if v.lstrip("'").startswith("=HYPERLINK(")]
    assert opening
    for value, kind in opening:
        assert value.startswith("'=HYPERLINK("), value
        assert kind in (None, "s"), (value, kind)
    for value, kind in found:
        assert kind != "f", value
        text = str(value or "")
        assert not text.startswith(FORMULA_START) or NUMBER.match(text), text


def test_comparison_header_is_the_neutralised_acronym(client, hostile_acronym):
    content = client.get("/compare/?trials=vision,therap&_export=csv").content
    header = next(row for row in csv_rows(content) if row[0] == "Row")
    assert header[1:3] == ["'" + HOSTILE, "'" + HOSTILE + " source"]
    sheet = load_workbook(
        io.BytesIO(client.get("/compare/?trials=vision,therap&_export=xlsx").content)
    ).active
    (first,) = [row[1] for row in sheet.iter_rows() if row[0].value == "Row"]
    assert first.value == "'" + HOSTILE and first.data_type == "s"


def test_json_keeps_the_raw_text(client, hostile_acronym):
    body = json.loads(client.get("/compare/?trials=vision,therap&_export=json").content)
    assert body["trials"][0]["acronym"] == HOSTILE
    assert body["citations"][0].startswith(HOSTILE + ": ")
    assert HOSTILE + ": Standard care" in body["caveats"][0]
    assert "'=" not in json.dumps(body)
