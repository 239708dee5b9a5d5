"""The comparison as JSON: each value as its parts (value, CI, level, P, N, arm, data cut and
source), decimals as the published digits in strings, beside the text the page shows."""

import json

import pytest

pytestmark = pytest.mark.django_db

URL = "/compare/?trials=vision,netter-1,therap,ralu&_export=json"


@pytest.fixture
def body(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def values(body, row_label, slug):
    """Every structured value in one trial's cell of a row, with the text of its line."""
    found = []
    for section in body["sections"]:
        for row in section["rows"]:
            if row["label"] == row_label:
                for line in row["cells"][slug]:
                    found += [(line["text"], value) for value in line["values"]]
    return found


def test_vision_os_hazard_ratio(body):
    # VISION Abstract, Results and Figure 2B (Sartor et al., NEJM 2021): HR 0.62, 95% CI 0.52 to
    # 0.74, P<0.001; data cut-off 27 January 2021.
    (found,) = [
        (text, v)
        for text, v in values(body, "Overall survival", "vision")
        if v["kind"] == "effect estimate"
    ]
    text, hr = found
    assert "HR 0.62 (95% CI 0.52–0.74); P<0.001" in text
    assert {k: hr[k] for k in ("measure", "value", "ci_low", "ci_high", "ci_level", "p_value")} == {
        "measure": "Hazard ratio",
        "value": "0.62",
        "ci_low": "0.52",
        "ci_high": "0.74",
        "ci_level": "95",
        "p_value": "<0.001",
    }
    assert hr["data_cut"] == {"publication": "NEJM 2021", "data_cutoff": "2021-01-27"}
    assert hr["source"] == {
        "publication": "NEJM 2021",
        "locator": "Abstract; Results (Primary End Points); Figure 2B",
        "secondary": False,
    }


def test_published_digits_are_kept(body):
    # VISION Abstract and Figure 2A: rPFS HR 0.40 with a 99.2% CI 0.29 to 0.57; a float would
    # print 0.4.
    hrs = [
        v
        for _, v in values(body, "Progression-free survival", "vision")
        if v["kind"] == "effect estimate"
    ]
    assert {"value": "0.40", "ci_low": "0.29", "ci_high": "0.57", "ci_level": "99.2"} in [
        {k: v[k] for k in ("value", "ci_low", "ci_high", "ci_level")} for v in hrs
    ]
    assert any("re-rounds" in note for note in body["notes"])


def test_medians_per_arm(body):
    # VISION Abstract: OS 15.3 vs 11.3 months, 551 and 280 patients randomised.
    medians = {
        v["arm"]: (v["value"], v["n"])
        for _, v in values(body, "Overall survival", "vision")
        if v["kind"] == "arm result" and v["measure"] == "Median (months)"
    }
    assert medians == {"¹⁷⁷Lu-PSMA-617 + SOC": ("15.3", 551), "Standard care": ("11.3", 280)}


def test_adverse_events_with_their_denominators(body):
    # VISION Table 2: grade >=3 adverse events in 279 of 529 (52.7%) with 177Lu-PSMA-617 and in
    # 78 of 205 (38.0%) with standard care alone.
    found = {
        (v["arm"], v.get("high_grade_n"), v.get("high_grade_pct"), v["n"])
        for _, v in values(body, "Any adverse event", "vision")
        if v["kind"] == "adverse event" and v.get("high_grade_n") is not None
    }
    assert found == {("¹⁷⁷Lu-PSMA-617 + SOC", 279, "52.7", 529), ("Standard care", 78, "38.0", 205)}
    assert all(
        v["source"]["locator"] == "Table 2" for _, v in values(body, "Any adverse event", "vision")
    )


def test_secondary_sources_are_flagged(body):
    # NETTER-1's final OS HR 0.84 (95% CI 0.60-1.17) is printed both in congress abstracts and in
    # secondary reports; each value says which it was read in.
    hrs = [
        v
        for _, v in values(body, "Overall survival", "netter-1")
        if v["kind"] == "effect estimate" and v["value"] == "0.84"
    ]
    assert {v["source"]["secondary"] for v in hrs} == {True, False}
    assert all((v["ci_low"], v["ci_high"]) == ("0.60", "1.17") for v in hrs)


def test_caveats_trials_and_citations(body):
    assert body["caveats"][0].startswith("Not a head-to-head comparison")
    assert [t["slug"] for t in body["trials"]] == ["vision", "netter-1", "therap", "ralu"]
    assert body["citations"][0].startswith("VISION: NEJM 2021")
    assert body["exported"]
