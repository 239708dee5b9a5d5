"""The comparison page over HTTP: the Summary first, arms named with their trial, the latest data
cut by default, caveats said once, adverse events under their band and N, each trial's Table 1,
and a fixed number of SQL queries."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.trial_helpers import SLUGS

pytestmark = pytest.mark.django_db

FOUR = "/compare/?trials=vision,therap,netter-1,ralu"
TWELVE = SLUGS[:12]


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def text(fragment):
    """What a reader sees: tags and the hover-only sources dropped, spaces collapsed."""
    fragment = re.sub(r'<span class="src">.*?</span>', "", fragment)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment))).strip()


def between(body, start, end):
    return body.split(start, 1)[1].split(end, 1)[0]


def test_the_summary_comes_first_with_each_trials_key_results(client):
    body = page(client, FOUR)
    assert body.index('class="caveats"') < body.index('id="summary"')
    assert body.index('id="summary"') < body.index('class="compare-table"')
    summary = text(between(body, 'id="summary"', "</section>"))
    for label in ("Patients", "Setting and line", "Comparator", "Data cut", "Primary end point"):
        assert label in summary
    # VISION, NEJM 2021 Abstract: rPFS 8.7 vs 3.4 mo, HR 0.40 (99.2% CI 0.29-0.57).
    assert (
        "VISION: ¹⁷⁷Lu-PSMA-617 + SOC vs Standard care: 8.7 vs 3.4 mo · "
        "HR 0.40 (99.2% CI 0.29–0.57); P<0.001"
    ) in summary
    # NETTER-1 OS at its latest cut (Lancet Oncol 2021): HR 0.84, not the interim HR 0.40.
    assert "HR 0.84 (95% CI 0.60–1.17); P=0.30" in summary
    assert "HR 0.40; P=0.004" not in summary
    assert "RALU: Single group: no comparator" in summary
    assert "Not reported in the sources read" in summary
    # Every value names its trial, the header out of sight: VISION 831 randomised (NEJM 2021,
    # Figure 1), NETTER-1 231 (Lancet Oncol 2021 abstract), RALU 133 enrolled (J Nucl Med 2023).
    for value in ("VISION: 831 randomised", "NETTER-1: 231 randomised", "RALU: 133 enrolled"):
        assert value in summary


def test_every_arm_label_names_its_trial(client):
    # Every labelled line before the sources (whose lines are labelled by publication).
    body = page(client, FOUR).split('<tbody id="sources">')[0]
    acronyms = ("VISION", "TheraP", "NETTER-1", "RALU")
    labels = [html.unescape(x) for x in re.findall(r'<span class="lbl">([^<]*):</span>', body)]
    assert len(labels) > 40
    for label in labels:
        assert label.startswith(acronyms), label
    # Two columns can never both read just "177Lu-PSMA-617".
    assert "TheraP: ¹⁷⁷Lu-PSMA-617 vs Cabazitaxel" in labels
    assert "¹⁷⁷Lu-PSMA-617" not in labels
    headers = [text(h) for h in re.findall(r'<tr class="ae-head">(.*?)</tr>', body, re.S)]
    assert "VISION: ¹⁷⁷Lu-PSMA-617 + SOC N=529" in headers[0]


def test_only_numbers_carry_the_source_underline(client):
    body = page(client, FOUR)
    row = between(body, '<span class="rl">Progression-free survival', "</tr>")
    # VISION rPFS: the medians and the HR are underlined numbers; the arm names are not.
    assert '<span class="num">8.7</span> vs <span class="num">3.4 mo</span>' in row
    assert '<span class="num">HR 0.40 (99.2% CI 0.29–0.57); P&lt;0.001</span>' in row
    assert '<span class="num">VISION' not in body
    assert "Figure 2A" in between(row, '<span class="num">8.7</span>', "</p>")


def test_latest_data_cut_by_default_and_the_others_named_in_a_fold(client):
    body = page(client, "/compare/?trials=vision,netter-1")
    efficacy = between(body, '<tbody id="efficacy">', "</tbody>")
    os_row = between(efficacy, '<th scope="row"><span class="rl">Overall survival', "</tr>")
    netter = os_row.split("<td", 3)[2]  # VISION's cell, then NETTER-1's
    shown, folded = netter.split('<details class="more other-cuts">', 1)
    assert "HR 0.84 (95% CI 0.60–1.17); P=0.30" in shown
    assert "Lancet Oncol 2021 (final OS)" in shown
    assert "HR 0.40; P=0.004" not in shown
    summary = text(between(folded, "<summary>", "</summary>"))
    assert "NEJM 2017" in summary and "ASCO abstract (first update, 2016 cut-off)" in summary
    assert "HR 0.40; P=0.004 [Planned interim analysis]" in text(folded)
    assert 'href="/trials/netter-1/#efficacy"' in folded


def test_each_caveat_is_said_once_where_it_applies(client):
    body = page(client, FOUR)
    assert body.count("High-grade bands differ") == 1
    safety = between(body, '<tbody id="safety">', "</tbody>")
    assert "High-grade bands differ: grade ≥3 in one trial, grade 3–4 in another." in safety
    # The bands head the columns, with each arm's safety population.
    head = text(between(safety, '<tr class="ae-head">', "</tr>"))
    assert "VISION: Standard care N=205 all All grades ≥3 Grade ≥3" in head
    assert "TheraP: Cabazitaxel N=85 all All grades 3–4 Grade 3–4" in head
    assert "NA not applicable" in text(safety)
    # VISION Table 2, anaemia: 168 (31.8%) all grades, 68 (12.9%) grade >=3.
    anemia = text(between(safety, '<th scope="row"><span class="rl">Anemia', "</tr>"))
    assert "all 168 (31.8%) ≥3 68 (12.9%)" in anemia


def test_baseline_is_each_trials_table_1(client):
    body = page(client, FOUR)
    vision = between(body, "<caption>VISION baseline characteristics", "</table>")
    head, rows = vision.split("<tbody>", 1)
    groups = re.findall(r'<th scope="colgroup" colspan="(\d)">([^<]*)</th>', head)
    assert [(span, name.split(" (")[0]) for span, name in groups] == [
        ("2", "Randomised on or after March 5, 2019"),
        ("2", "All randomised patients"),
    ]
    arms = [html.unescape(x) for x in re.findall(r'<th scope="col">([^<]*)</th>', head)]
    assert arms == ["VISION: ¹⁷⁷Lu-PSMA-617 + SOC", "VISION: Standard care"] * 2
    # NEJM 2021 Table 1: median age 71.0 (52-94), 72.0 (51-89); 70.0 (48-94), 71.5 (40-89).
    age = text(between(rows, "Median age (range) — yr", "</tr>"))
    assert age == "71.0 (52–94) 72.0 (51–89) 70.0 (48–94) 71.5 (40–89)"


def test_add_a_trial_offers_the_same_disease_first(client):
    body = page(client, "/compare/?trials=vision,therap")
    groups = re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', body)
    assert groups[0][0] == "Prostate cancer (as compared here)"
    assert groups[1][0] == "Neuroendocrine tumours"
    assert 'value="netter-1"' in groups[1][1] and 'value="psmafore"' in groups[0][1]


def test_print_summary_and_full_print(client):
    body = page(client, FOUR)
    assert "data-print" in body  # the full printout draws the charts first (charts.js)
    assert 'id="print-summary-only"' in body
    assert " style=" not in body and "<style" not in body  # no inline styles: the CSP holds
    assert "/static/css/compare.css" in body and "/static/css/key-results.css" in body


def queries(client, slugs):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/compare/?trials={','.join(slugs)}").status_code == 200
    return len(captured.captured_queries)


def test_two_and_eleven_trials_run_the_same_queries(client):
    two = queries(client, ["vision", "therap"])
    assert two == queries(client, TWELVE[:11])
    # Twelve, the most a comparison holds, offers no trial to add: one query fewer.
    assert queries(client, TWELVE) == two - 1
