"""VISION (Sartor et al., N Engl J Med 2021;385:1091-103) through the API."""

import pytest

from tests.trial_helpers import adverse_event, ae_arm, arm, ci, effect, endpoint, result

pytestmark = pytest.mark.django_db


@pytest.fixture
def vision(api):
    return api("/api/trials/vision/")


def test_overall_survival_hazard_ratio_abstract_and_figure_2b(vision):
    # Abstract, Results and Figure 2B: HR for death 0.62; 95% CI 0.52 to 0.74; P<0.001.
    os_ = endpoint(vision, "Overall survival")
    hr = effect(os_, measure="hr")
    assert ci(hr) == (0.62, 0.52, 0.74, 95)
    assert hr["p_value"] == "<0.001"
    assert hr["source"]["publication"] == "NEJM 2021"
    assert hr["source"]["secondary"] is False
    assert "Figure 2B" in hr["source"]["locator"]
    assert os_["role"] == "alternate-primary"


def test_rpfs_hazard_ratio_with_its_99_2_percent_ci(vision):
    # Abstract and Figure 2A: HR 0.40; 99.2% CI 0.29 to 0.57; P<0.001 (significance level 0.008).
    rpfs = endpoint(vision, "Imaging-based progression-free survival")
    hr = effect(rpfs, measure="hr")
    assert ci(hr) == (0.40, 0.29, 0.57, 99.2)
    assert hr["significance_level"] == "0.008"
    assert hr["decimals"] == 2
    assert "Figure 2A" in hr["source"]["locator"]


def test_medians_and_analysis_sets(vision):
    # Abstract: rPFS 8.7 vs 3.4 months (581 patients); OS 15.3 vs 11.3 months (831 patients).
    lu, sc = arm(vision, "experimental"), arm(vision, "control")
    rpfs = endpoint(vision, "Imaging-based progression-free survival")
    os_ = endpoint(vision, "Overall survival")
    assert result(rpfs, lu, "median")["value"] == 8.7
    assert result(rpfs, sc, "median")["value"] == 3.4
    assert result(os_, lu, "median")["value"] == 15.3
    assert result(os_, sc, "median")["value"] == 11.3
    sets = {s["id"]: s for s in vision["analysis_sets"]}
    assert sets[rpfs["analysis_set_id"]]["n_total"] == 581
    assert sets[os_["analysis_set_id"]]["n_total"] == 831


def test_key_secondary_end_points(vision):
    # Results, Key Secondary End Points: SSE HR 0.50 (95% CI 0.40-0.62), medians 11.5 vs 6.8;
    # complete response 17 of 184 (9.2%) vs none of 64; partial response 77 (41.8%) vs 2 (3%).
    lu, sc = arm(vision, "experimental"), arm(vision, "control")
    sse = endpoint(vision, "Time to first symptomatic skeletal event or death")
    assert ci(effect(sse, measure="hr")) == (0.50, 0.40, 0.62, 95)
    assert result(sse, lu, "median")["value"] == 11.5
    assert result(sse, sc, "median")["value"] == 6.8
    cr = endpoint(vision, "Complete response (RECIST 1.1)")
    assert (result(cr, lu, "responders")["value"], result(cr, lu, "responders")["n"]) == (17, 184)
    assert result(cr, lu, "proportion")["value"] == 9.2
    assert (result(cr, sc, "responders")["value"], result(cr, sc, "responders")["n"]) == (0, 64)
    pr = endpoint(vision, "Partial response (RECIST 1.1)")
    assert result(pr, lu, "proportion")["value"] == 41.8
    assert result(pr, sc, "proportion")["value"] == 3
    dcr = endpoint(vision, "Disease control (RECIST 1.1)")
    assert dcr["results"] == [] and dcr["effects"] == []


def test_secondary_values_are_marked_secondary(vision):
    # PSA50 46.0% vs 7.1% is read in secondary summaries, not in the NEJM article.
    lu = arm(vision, "experimental")
    psa50 = endpoint(vision, "Confirmed PSA decline ≥50% from baseline")
    row = result(psa50, lu, "proportion")
    assert row["value"] == 46.0
    assert row["source"]["secondary"] is True


def test_table_2_adverse_events_in_full(vision):
    # Table 2: 18 rows; any grade >=3 adverse event 279 (52.7) of 529 vs 78 (38.0) of 205.
    table = [a for a in vision["adverse_events"] if a["source"]["locator"] == "Table 2"]
    assert len(table) == 18
    lu, sc = arm(vision, "experimental"), arm(vision, "control")
    any_ae = adverse_event(vision, "Any adverse event")
    assert any_ae["high_grade"] == "3+"
    assert ae_arm(any_ae, lu) | {} == {
        "arm_id": lu,
        "denominator": 529,
        "all_grades_n": 519,
        "all_grades_pct": 98.1,
        "high_grade_n": 279,
        "high_grade_pct": 52.7,
        "not_applicable": False,
        "decimals": None,
        "note": "",
    }
    assert (ae_arm(any_ae, sc)["high_grade_n"], ae_arm(any_ae, sc)["high_grade_pct"]) == (78, 38.0)
    reduction = adverse_event(vision, "Adverse event that led to reduction in ¹⁷⁷Lu-PSMA-617 dose")
    assert ae_arm(reduction, sc)["not_applicable"] is True


def test_figure_2_numbers_at_risk_all_three_panels(vision):
    # Figure 2A-C: numbers at risk every 2 months.
    lu, sc = arm(vision, "experimental"), arm(vision, "control")

    def curve(name, arm_id):
        rows = [r for r in endpoint(vision, name)["at_risk"] if r["arm_id"] == arm_id]
        return [r["n_at_risk"] for r in sorted(rows, key=lambda r: r["month"])]

    assert curve("Imaging-based progression-free survival", sc) == [
        196,
        119,
        36,
        19,
        14,
        13,
        7,
        7,
        3,
        2,
        0,
        0,
    ]
    assert curve("Overall survival", lu)[:4] == [551, 535, 506, 470]
    assert len(curve("Overall survival", lu)) == 17
    assert curve("Time to first symptomatic skeletal event or death", lu)[-1] == 2


def test_table_1_baseline(vision):
    # Table 1: median age 71.0 (52–94) in the 177Lu-PSMA-617 group of the 581-patient set.
    lu = arm(vision, "experimental")
    rows = [
        b
        for b in vision["baseline"]
        if b["label"] == "Median age (range) — yr" and b["arm_id"] == lu
    ]
    assert sorted(b["value"] for b in rows) == ["70.0 (48–94)", "71.0 (52–94)"]
    assert len(vision["baseline"]) == 20 * 4


def test_trial_facts(vision):
    # Abstract and Results: 831 of 1179 screened randomised 2:1 at 84 sites; NCT03511664.
    assert vision["nct_number"] == "NCT03511664"
    assert (vision["n_screened"], vision["n_randomised"]) == (1179, 831)
    assert vision["randomisation_ratio"] == "2:1"
    assert vision["n_sites"] == 84
    lu = [a for a in vision["arms"] if a["role"] == "experimental"][0]
    assert (lu["activity_gbq"], lu["activity_mci"], lu["interval_weeks"], lu["max_cycles"]) == (
        7.4,
        200,
        6,
        6,
    )
    nejm = [p for p in vision["publications"] if p["label"] == "NEJM 2021"][0]
    assert nejm["data_cutoff"] == "2021-01-27"
    assert nejm["median_follow_up_months"] == 20.9
