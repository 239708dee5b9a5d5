"""Downloads of the comparison, the catalogue and the tidy results: formats, names, numbers
equal to the page's and the API's, and spreadsheet safety."""

import csv
import html
import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from trials import exports
from trials.models import ArmResult, Trial

pytestmark = pytest.mark.django_db

ALL = "vision,netter-1,therap,ralu"
# A download names the day it was made: the clock is frozen on that day, so the expected names
# hold whatever the hour, the machine's time zone or the order the tests run in.
FROZEN = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
TODAY = "2026-11-21"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def frozen_clock(time_machine):
    time_machine.move_to(FROZEN, tick=False)
    return time_machine


def download(client, url, content_type, name):
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    return response.content


def read_csv(content):
    assert content.startswith("\ufeff".encode())  # Excel reads UTF-8 only with a BOM
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


VISION_OS_SOURCE = "NEJM 2021 — Abstract; Results (Primary End Points); Figure 2B"


def group(rows, label):
    """The spreadsheet rows of one page row: its labelled first row and the unlabelled next ones."""
    start = next(i for i, r in enumerate(rows) if r[0] == label)
    end = next((i for i in range(start + 1, len(rows)) if rows[i][0]), len(rows))
    return rows[start:end]


def read_comparison_csv(content):
    # UTF-16LE with a BOM and tabs: what Excel and LibreOffice both read in columns, "¹⁷⁷Lu" intact.
    assert content.startswith(b"\xff\xfe")
    return list(csv.reader(io.StringIO(content.decode("utf-16")), delimiter="\t"))


def page_text(client, url):
    body = client.get(url).content.decode()
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def test_comparison_csv_holds_the_page_and_its_sources(client):
    rows = read_comparison_csv(
        download(
            client,
            f"/compare/?trials={ALL}&_export=csv",
            "text/csv; charset=utf-16",
            f"radioligand-comparison_vision_netter-1_therap_ralu_{TODAY}.csv",
        )
    )
    assert rows[0][0].startswith("Not a head-to-head comparison")
    header = next(r for r in rows if r[0] == "Row")
    assert header == [
        "Row",
        *("VISION", "VISION source", "NETTER-1", "NETTER-1 source"),
        *("TheraP", "TheraP source", "RALU", "RALU source"),
        "Notes",
    ]
    # VISION Abstract / Figure 2B: HR 0.62 (95% CI 0.52-0.74), its source in the next column.
    (line,) = [r for r in group(rows, "Overall survival") if "HR 0.62 (95% CI 0.52–0.74)" in r[1]]
    assert line[2] == VISION_OS_SOURCE
    sse = group(rows, "Time to symptomatic skeletal event")
    assert sse[0][7:9] == ["Not reported", ""]  # RALU reports none
    assert all(r[7:9] == ["", ""] for r in sse[1:])
    assert ["Exported", TODAY] == rows[-5][:2]
    sources = [r for r in rows if r[0] == "Source"]
    assert len(sources) == 4
    assert "doi:10.1056/NEJMoa2107322 — data cut-off 2021-01-27" in sources[0][1]

    # Every value of every cell is on the page too: the text after its label ("label: text"),
    # whole, and not a scrap of it.
    page = page_text(client, f"/compare/?trials={ALL}")
    body = rows[rows.index(header) + 1 : -6]
    assert len(body) > 100
    for row in body:
        for value in row[1:9:2]:
            value = value.replace("∶", ":")  # a bare ratio, written so as not to read as a time
            if value:
                pieces = value.split(": ")
                shown = [": ".join(pieces[i:]) for i in range(len(pieces))]
                long_enough = min(len(pieces[-1]), 10)
                assert any(t in page for t in shown if len(t) >= long_enough), value


def test_the_date_is_read_per_request_across_midnight(client, frozen_clock):
    """A download made a moment after midnight names the new day, in its name and in its footer:
    the date comes from the clock of the request, never from one read earlier."""
    frozen_clock.move_to(datetime(2026, 11, 21, 23, 59, 59, 900000, tzinfo=UTC), tick=False)
    before = client.get("/compare/?trials=vision,therap&_export=csv")
    frozen_clock.shift(timedelta(milliseconds=200))
    after = client.get("/compare/?trials=vision,therap&_export=csv")
    for response, day in ((before, "2026-11-21"), (after, "2026-11-22")):
        assert response["Content-Disposition"].endswith(f'_{day}.csv"')
        assert ["Exported", day] in [row[:2] for row in read_comparison_csv(response.content)]


@override_settings(TIME_ZONE="Pacific/Kiritimati")
def test_the_date_is_the_sites_local_date(client):
    # Kiritimati is UTC+14: at noon UTC on 21 November it is already 22 November there.
    response = client.get("/api/trials/ralu/results.csv")
    assert response["Content-Disposition"].endswith('_2026-11-22.csv"')


def test_comparison_xlsx_is_readable(client):
    content = download(
        client,
        "/compare/?trials=vision,therap&_export=xlsx",
        XLSX,
        f"radioligand-comparison_vision_therap_{TODAY}.xlsx",
    )
    sheet = load_workbook(io.BytesIO(content)).active
    header = next(r for r in sheet.iter_rows() if r[0].value == "Row")
    h = header[0].row
    assert sheet.freeze_panes == f"B{h + 1}"  # the header row and the row labels stay in view
    assert [c.value for c in header] == [
        "Row",
        *("VISION", "VISION source", "TheraP", "TheraP source"),
        "Notes",
    ]
    assert all(c.font.bold for c in header)
    widths = [sheet.column_dimensions[c].width for c in "ABCDEF"]
    assert all(10 <= w <= 60 for w in widths), widths
    rows = [["" if v is None else v for v in r] for r in sheet.iter_rows(values_only=True)]
    (line,) = [r for r in group(rows, "Overall survival") if "HR 0.62 (95% CI 0.52–0.74)" in r[1]]
    assert line[2] == VISION_OS_SOURCE
    values = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert any(v.startswith("VISION: NEJM 2021") for v in values)


def test_tidy_results_equal_the_api_for_all_four_trials(client, api):
    rows = read_csv(
        download(
            client,
            f"/compare/?trials={ALL}&_export=results-csv",
            "text/csv; charset=utf-8",
            f"radioligand-results_vision_netter-1_therap_ralu_{TODAY}.csv",
        )
    )
    header, body = rows[0], [r for r in rows[1:-6]]
    assert header[:3] == ["trial", "nct_number", "publication"]
    col = {name: i for i, name in enumerate(header)}

    def number(text):
        return float(text) if text not in ("", "None") else None

    exported = {
        (
            r[col["trial"]],
            r[col["end_point"]],
            r[col["arm"]],
            number(r[col["value"]]),
            number(r[col["ci_low"]]),
            number(r[col["ci_high"]]),
            r[col["locator"]],
        )
        for r in body
        if r[col["section"]] == "efficacy"
    }
    served = set()
    for slug in ALL.split(","):
        trial = api(f"/api/trials/{slug}/")
        arms = {a["id"]: a["short_label"] for a in trial["arms"]}
        for e in trial["endpoints"]:
            for r in e["results"]:
                served.add(
                    (
                        trial["acronym"],
                        e["name"],
                        arms.get(r["arm_id"], "All arms"),
                        r["value"],
                        r["ci_low"],
                        r["ci_high"],
                        r["source"]["locator"],
                    )
                )
            for x in e["effects"]:
                served.add(
                    (
                        trial["acronym"],
                        e["name"],
                        "Between arms",
                        x["value"],
                        x["ci_low"],
                        x["ci_high"],
                        x["source"]["locator"],
                    )
                )
            for a in e["at_risk"]:
                served.add(
                    (
                        trial["acronym"],
                        e["name"],
                        arms[a["arm_id"]],
                        a["n_at_risk"],
                        None,
                        None,
                        a["source"]["locator"],
                    )
                )
    assert len(served) > 150
    assert exported == served
    # Published precision is kept: VISION's rPFS HR prints as 0.40, its CI level as 99.2.
    rpfs = next(
        r
        for r in body
        if r[col["end_point"]] == "Imaging-based progression-free survival"
        and r[col["arm"]] == "Between arms"
    )
    assert (rpfs[col["value"]], rpfs[col["ci_level"]], rpfs[col["p_value"]]) == (
        "0.40",
        "99.2",
        "<0.001",
    )
    # Landmarks read as months: NETTER-1's PFS rate at month 20 (Abstract); VISION's at-risk
    # month 10 (Figure 2B).
    assert any(
        r[col["trial"]] == "NETTER-1"
        and r[col["measure"]].startswith("Event-free rate")
        and r[col["landmark_months"]] == "20"
        and r[col["value"]] == "65.2"
        for r in body
    )
    assert any(
        r[col["measure"]] == "Number at risk" and r[col["landmark_months"]] == "10" for r in body
    )
    # Adverse events come with their denominators: VISION Table 2, 279 (52.7) of 529.
    assert any(
        r[col["end_point"]] == "Any adverse event"
        and r[col["measure"]] == "Grade ≥3, %"
        and r[col["value"]] == "52.7"
        and r[col["n"]] == "529"
        for r in body
    )


def test_tidy_results_from_the_api_as_xlsx(client):
    content = download(
        client, "/api/trials/vision/results.xlsx", XLSX, f"radioligand-results_vision_{TODAY}.xlsx"
    )
    sheet = load_workbook(io.BytesIO(content)).active
    header = [c.value for c in sheet[1]]
    col = {name: i for i, name in enumerate(header)}
    assert sheet.freeze_panes == "A2"
    hr = next(
        row
        for row in sheet.iter_rows(min_row=2, values_only=True)
        if row[col["end_point"]] == "Overall survival" and row[col["arm"]] == "Between arms"
    )
    assert (hr[col["value"]], hr[col["ci_low"]], hr[col["ci_high"]]) == (0.62, 0.52, 0.74)
    assert hr[col["value_as_published"]] == "0.62"
    assert hr[col["locator"]] == "Abstract; Results (Primary End Points); Figure 2B"


def test_api_results_csv_and_its_404(client):
    rows = read_csv(
        download(
            client,
            "/api/trials/ralu/results.csv",
            "text/csv; charset=utf-8",
            f"radioligand-results_ralu_{TODAY}.csv",
        )
    )
    assert any(r[0] == "RALU" and "13.2" in r for r in rows)
    response = client.get("/api/trials/nope/results.csv")
    assert response.status_code == 404
    assert response.json()["detail"].startswith("No published trial")


def test_catalogue_exports_the_filtered_list(client):
    rows = read_csv(
        download(
            client,
            "/trials/?phase=3&disease=net&_export=csv",
            "text/csv; charset=utf-8",
            f"radioligand-trials_{TODAY}.csv",
        )
    )
    assert rows[0] == ["Trial", "Title", "Indication", "Agent", "Phase", "Design", "N", "Year"]
    assert [r[0] for r in rows[1:4]] == ["COMPETE", "NETTER-1", "NETTER-2"]
    netter = Trial.objects.get(slug="netter-1")
    assert rows[2][4:7] == ["Phase 3", "Randomised, open-label", str(netter.n_randomised)]
    assert [r[0] for r in rows if r and r[0] == "Source"] == ["Source"] * 3
    for fmt, content_type in (("xlsx", XLSX), ("json", "application/json")):
        download(
            client, f"/trials/?_export={fmt}", content_type, f"radioligand-trials_{TODAY}.{fmt}"
        )


def test_formulas_are_neutralised_in_spreadsheets(client):
    Trial.objects.filter(slug="vision").update(sponsor='=HYPERLINK("http://example.org","x")')
    ArmResult.objects.filter(endpoint__trial__slug="vision", measure="median").update(
        locator="@SUM(A1:A2)"
    )
    rows = read_comparison_csv(client.get("/compare/?trials=vision,therap&_export=csv").content)
    sponsor = next(r for r in rows if r[0] == "Sponsor")
    assert sponsor[1].startswith("'=HYPERLINK(")
    sheet = load_workbook(
        io.BytesIO(client.get("/compare/?trials=vision,therap&_export=xlsx").content)
    ).active
    cell = next(c for row in sheet.iter_rows() for c in row if "HYPERLINK" in str(c.value))
    assert cell.data_type == "s" and cell.value.startswith("'=")
    tidy = client.get("/api/trials/vision/results.csv").content.decode("utf-8-sig")
    assert "'@SUM(A1:A2)" in tidy and ",@SUM" not in tidy
    # A negative number is data, not a formula: TheraP's RMST difference stays -0.5.
    therap = client.get("/api/trials/therap/results.csv").content.decode("utf-8-sig")
    assert ",-0.5," in therap and "'-0.5" not in therap
    # The locator "Abstract; Figure 2B" is quoted: LibreOffice also splits at semicolons.
    assert '"@SUM(A1:A2)"' not in tidy and ',"Abstract; Results (Primary End Points); Fig' in tidy


@pytest.mark.parametrize(
    "url",
    [
        "/compare/?trials=vision,therap&_export=pdf",
        "/compare/?trials=vision,therap&_export=%3Cb%3E",
        "/trials/?_export=doc",
    ],
)
def test_unknown_export_format_is_a_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Unknown export format. Choose one of: csv, xlsx, json" in body
    assert "<b>" not in body.split("<main", 1)[1]


def test_export_query_count_does_not_grow_with_trials(client):
    """Every download runs the queries that load the chosen trials' records and no more: as many
    for 4 trials as for 2, and no query of its own (the tidy results, read from the same prefetched
    records, are the yardstick)."""
    counts = {}
    for trials in ("vision,therap", ALL):
        for fmt in exports.ALL_FORMATS:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(f"/compare/?trials={trials}&_export={fmt}").status_code == 200
            counts[trials, fmt] = len(queries)
    assert len(set(counts.values())) == 1, counts
