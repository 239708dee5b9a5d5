"""NETTER-1 (Strosberg et al., N Engl J Med 2017;376:125-35; final OS, Lancet Oncol 2021)."""

import pytest

from tests.trial_helpers import adverse_event, ae_arm, arm, ci, effect, endpoint, result

pytestmark = pytest.mark.django_db


@pytest.fixture
def netter(api):
    return api("/api/trials/netter-1/")


def test_pfs_hazard_ratio_and_medians_results_and_figure_1a(netter):
    # Results (Efficacy): HR 0.21 (95% CI 0.13-0.33), P<0.001; median not reached vs 8.4
    # months (95% CI 5.8-9.1); 23 vs 68 events.
    lu, oc = arm(netter, "experimental"), arm(netter, "control")
    pfs = endpoint(netter, "Progression-free survival")
    assert pfs["role"] == "primary"
    assert ci(effect(pfs, measure="hr")) == (0.21, 0.13, 0.33, 95)
    assert result(pfs, lu, "median")["not_reached"] is True
    assert result(pfs, lu, "median")["value"] is None
    assert ci(result(pfs, oc, "median")) == (8.4, 5.8, 9.1, 95)
    assert result(pfs, lu, "events")["value"] == 23
    assert result(pfs, oc, "events")["value"] == 68


def test_month_20_pfs_rates_abstract(netter):
    # Abstract: 65.2% (95% CI 50.0-76.8) vs 10.8% (95% CI 3.5-23.0) at month 20.
    lu, oc = arm(netter, "experimental"), arm(netter, "control")
    pfs = endpoint(netter, "Progression-free survival")
    assert ci(result(pfs, lu, "rate")) == (65.2, 50.0, 76.8, 95)
    assert ci(result(pfs, oc, "rate")) == (10.8, 3.5, 23.0, 95)
    assert result(pfs, lu, "rate")["landmark_months"] == 20


def test_interim_overall_survival(netter):
    # Results: 14 vs 26 deaths; HR 0.40; P=0.004; no CI and no medians published.
    lu, oc = arm(netter, "experimental"), arm(netter, "control")
    os_ = endpoint(netter, "Overall survival (planned interim analysis)")
    hr = effect(os_, measure="hr")
    assert (hr["value"], hr["ci_low"], hr["p_value"]) == (0.40, None, "0.004")
    assert [r["measure"] for r in os_["results"]] == ["events", "events"]
    assert result(os_, lu, "events")["value"] == 14
    assert result(os_, oc, "events")["value"] == 26


def test_table_2_objective_response(netter):
    # Table 2: 18 responses of 101 (18%; 95% CI 10-25) vs 3 of 100 (3%; 0-6), P<0.001.
    lu, oc = arm(netter, "experimental"), arm(netter, "control")
    orr = endpoint(netter, "Objective response (RECIST)")
    assert ci(result(orr, lu, "proportion")) == (18, 10, 25, 95)
    assert ci(result(orr, oc, "proportion")) == (3, 0, 6, 95)
    assert result(orr, lu, "responders")["n"] == 101
    assert effect(orr, measure="test")["p_value"] == "<0.001"


def test_tables_3_and_4_safety(netter):
    # Table 3: any adverse event 106 (95) vs 95 (86), P=0.02. Table 4: lymphopenia grade 3 or 4
    # 10 (9) vs 0; any adverse event 105 (95) vs 92 (84) with grade 3 or 4 in 46 (41) vs 36 (33).
    lu, oc = arm(netter, "experimental"), arm(netter, "control")
    overview = adverse_event(netter, "Any adverse event", locator="Table 3")
    assert (ae_arm(overview, lu)["all_grades_n"], ae_arm(overview, lu)["denominator"]) == (106, 111)
    assert overview["p_value"] == "0.02"
    table4 = adverse_event(netter, "Any adverse event", locator="Table 4")
    assert table4["high_grade"] == "3-4"
    assert (ae_arm(table4, lu)["high_grade_n"], ae_arm(table4, lu)["high_grade_pct"]) == (46, 41)
    assert (ae_arm(table4, oc)["high_grade_n"], ae_arm(table4, oc)["high_grade_pct"]) == (36, 33)
    lymph = adverse_event(netter, "Lymphopenia")
    assert (ae_arm(lymph, lu)["high_grade_n"], ae_arm(lymph, lu)["high_grade_pct"]) == (10, 9)
    assert ae_arm(lymph, oc)["high_grade_n"] == 0
    assert len([a for a in netter["adverse_events"] if a["source"]["locator"] == "Table 4"]) == 20


def test_final_overall_survival_is_a_second_data_cut_with_secondary_numbers(netter):
    # Final OS (Lancet Oncol 2021): 142 deaths; median follow-up 76.3 vs 76.5 months (abstract).
    # Median OS 48.0 vs 36.3 months and HR 0.84 (95% CI 0.60-1.17) are from secondary reports.
    lu, oc = arm(netter, "experimental"), arm(netter, "control")
    pubs = {p["id"]: p for p in netter["publications"]}
    final = endpoint(netter, "Overall survival (final analysis)")
    assert pubs[final["publication_id"]]["kind"] == "final-os"
    deaths = [r for r in final["results"] if r["arm_id"] is None][0]
    assert deaths["value"] == 142 and deaths["source"]["secondary"] is False
    hr = effect(final, measure="hr")
    assert ci(hr) == (0.84, 0.60, 1.17, 95)
    assert hr["source"]["secondary"] is True
    assert ci(result(final, lu, "median")) == (48.0, 37.4, 55.2, 95)
    follow_up = endpoint(netter, "Median follow-up (final analysis)")
    assert result(follow_up, lu, "median")["value"] == 76.3
    assert result(follow_up, oc, "median")["value"] == 76.5


def test_table_1_and_arms(netter):
    # Table 1: Krenning grade 4 uptake 71 (61) vs 67 (59); 116 vs 113 randomised; 7.4 GBq q8w x4.
    lu = arm(netter, "experimental")
    grade4 = [b for b in netter["baseline"] if b["label"] == "Grade 4" and b["arm_id"] == lu][0]
    assert (grade4["value"], grade4["n"], grade4["percent"]) == ("71 (61)", 71, 61)
    arms = {a["role"]: a for a in netter["arms"]}
    assert (arms["experimental"]["n_randomised"], arms["control"]["n_randomised"]) == (116, 113)
    assert (arms["experimental"]["n_safety"], arms["control"]["n_safety"]) == (111, 110)
    assert (
        arms["experimental"]["activity_gbq"],
        arms["experimental"]["interval_weeks"],
        arms["experimental"]["max_cycles"],
    ) == (7.4, 8, 4)
