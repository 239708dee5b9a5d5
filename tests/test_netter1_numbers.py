"""NETTER-1: Strosberg et al., N Engl J Med 2017;376:125-35 (full text, source 003), and the final
overall survival and earlier updates of trials/netter-1-final.md (fact ids F-01-F-44, E-01-E-15).

Source ids as in the sheet: P1 Lancet Oncol 2021 (journal abstract), A0 ASCO abstract (first
update), A0b ESMO 2017 abstract 4851, A1 ASCO 2021 abstract, A2 authors' congress abstract (OS and
long-term safety), A3 ESMO 2021 abstract 1102P; secondary: S1 press release, S3 ESMO-MCBS
scorecard, S4 company long-term safety page, S5 company clinical-results pages, S6 VJOncology.
"""

import pytest

from tests.trial_helpers import adverse_event, ae_arm, arm, ci, effect, endpoint, find, result

pytestmark = pytest.mark.django_db


@pytest.fixture
def netter(api):
    return api("/api/trials/netter-1/")


def pub(trial, label):
    return find(trial["publications"], label=label)


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


def test_conflicting_pfs_hazard_ratio_is_a_note_not_a_value(netter):
    # F-27, A1 congress abstract Background (conflicting): 0.18 (95% CI: 0.11, 0.29; p< 0.0001),
    # cut not named; the NEJM 2017 paper prints 0.21 (0.13-0.33) at the 24 Jul 2015 cut.
    hr = effect(endpoint(netter, "Progression-free survival"), measure="hr")
    assert hr["value"] == 0.21 and hr["source"]["publication"] == "NEJM 2017"
    assert "0.18 (95% CI: 0.11, 0.29; p< 0.0001)" in hr["note"]
    served = {r["value"] for e in netter["endpoints"] for r in e["results"] + e["effects"]}
    assert 0.18 not in served


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


def test_final_overall_survival_confirmed_by_the_authors_congress_abstracts(netter):
    lu, oc = arm(netter, "experimental"), arm(netter, "control")
    p1 = pub(netter, "Lancet Oncol 2021 (final OS)")
    # P1 citation: doi 10.1016/S1470-2045(21)00572-6, PMID 34793718; journal abstract.
    assert (p1["pmid"], p1["source_quality"], p1["kind"]) == (
        "34793718",
        "journal-abstract",
        "final-os",
    )
    final = endpoint(netter, "Overall survival (final analysis)")
    assert final["publication_id"] == p1["id"]
    assert final["role"] == "key-secondary"  # sheet Identity: key secondary OS in the ITT (P1)
    # F-05, P1 Abstract Findings: 142 deaths, both arms together.
    deaths = result(final, None, "events")
    assert deaths["value"] == 142 and deaths["source"]["secondary"] is False
    # F-13/F-14, A2 congress abstract Results: median OS 48.0 months (95% CI: 37.4, 55.2) vs
    # 36.3 months (95% CI: 25.9, 51.7).
    assert ci(result(final, lu, "median")) == (48.0, 37.4, 55.2, 95)
    assert ci(result(final, oc, "median")) == (36.3, 25.9, 51.7, 95)
    median = result(final, lu, "median")
    assert (median["source"]["publication"], median["source"]["secondary"]) == (
        "Congress abstract (OS and long-term safety)",
        False,
    )
    assert median["source"]["locator"] == "Congress abstract, Results"
    # F-15, A2 congress abstract Results: HR 0.84 (95% CI: 0.60, 1.17), p = 0.30 (unstratified
    # 2-sided log-rank test).
    hrs = [e for e in final["effects"] if e["measure"] == "hr"]
    (a2_hr,) = [e for e in hrs if e["source"]["publication"] == median["source"]["publication"]]
    assert ci(a2_hr) == (0.84, 0.60, 1.17, 95)
    assert (a2_hr["p_value"], a2_hr["p_sided"]) == ("0.30", "two-sided")
    # F-18, A3 ePoster abstract Background: HR, 0.84 [95% CI: 0.60, 1.17]; p = 0.30.
    a3_hr = [e for e in hrs if e["source"]["publication"] == "ESMO 2021 abstract 1102P"][0]
    assert ci(a3_hr) == (0.84, 0.60, 1.17, 95) and a3_hr["source"]["secondary"] is False
    # F-17, A3 Background: gain in median OS 11.7 months.
    gain = effect(final, measure="difference")
    assert (gain["value"], gain["unit"], gain["source"]["publication"]) == (
        11.7,
        "months",
        "ESMO 2021 abstract 1102P",
    )
    # F-30, S1 press release (secondary): 0.84 with 95% CI (0.60, 1.17) (p=0.30; F-28/F-29 in
    # its note. F-42, S3 ESMO-MCBS scorecard (secondary): 0.84 (0.60-1.17) not significant.
    secondary = {e["source"]["publication"]: e for e in hrs if e["source"]["secondary"]}
    assert set(secondary) == {"Novartis press release (3 June 2021)", "ESMO-MCBS scorecard 152"}
    assert (
        "48.0 months (95%CI: 37.4-55.2)"
        in secondary["Novartis press release (3 June 2021)"]["note"]
    )
    assert all(ci(e) == (0.84, 0.60, 1.17, 95) for e in secondary.values())
    # F-06/F-07, P1 Abstract Findings: 76.3 months (range 0.4-95.0) vs 76.5 months (0.1-92.3).
    follow_up = endpoint(netter, "Median follow-up (final analysis)")
    assert result(follow_up, lu, "median")["value"] == 76.3
    assert result(follow_up, oc, "median")["value"] == 76.5
    assert result(follow_up, lu, "median")["note"] == "Range 0·4–95·0 months."
    # F-11, A2 Results: "more than 76 months"; F-16, A3 Background: "more than 6.3 years".
    assert (
        "more than 76 months" in pub(netter, "Congress abstract (OS and long-term safety)")["notes"]
    )
    assert "more than 6.3 years" in pub(netter, "ESMO 2021 abstract 1102P")["notes"]


def test_crossover_is_its_own_record(netter):
    # F-12, A2 congress abstract Results: 41/114 (36%) control patients received later
    # radioligand therapy ("cross-over"), in the final analysis's data cut.
    oc = arm(netter, "control")
    p1 = pub(netter, "Lancet Oncol 2021 (final OS)")["id"]
    a2 = find(netter["crossovers"], n=41)
    assert (a2["denominator"], a2["percent"], a2["from_arm_id"], a2["data_cut_id"]) == (
        114,
        36,
        oc,
        p1,
    )
    assert a2["source"]["locator"] == "Congress abstract, Results"
    # F-20, A3 Results: control-arm crossover to PRRT 36%; F-41, S6 (secondary): 36%.
    by_source = {x["source"]["publication"]: x for x in netter["crossovers"]}
    assert by_source["ESMO 2021 abstract 1102P"]["percent"] == 36
    assert by_source["ESMO 2021 abstract 1102P"]["to_treatment"] == "PRRT"
    assert by_source["VJOncology interview (ASCO 2021)"]["source"]["secondary"] is True
    # The crossover is no longer an end point.
    assert not [e for e in netter["endpoints"] if "crossover" in e["name"].lower()]


def test_two_year_restricted_mean_survival_esmo_2021(netter):
    # F-24/F-25, A3 Results table: 2-year RMST 21.2 (20.2, 22.3) vs 19.3 (18.0, 20.7) months;
    # F-26: difference 1.9 (0.1, 3.6); F-22/F-23: deaths by 2 years 26 (22.2) vs 39 (34.2);
    # F-43, table header: N = 117 / N = 114.
    lu, oc = arm(netter, "experimental"), arm(netter, "control")
    rmst = endpoint(netter, "Overall survival, restricted mean survival time at 2 years")
    assert ci(result(rmst, lu, "rmst")) == (21.2, 20.2, 22.3, 95)
    assert ci(result(rmst, oc, "rmst")) == (19.3, 18.0, 20.7, 95)
    assert (result(rmst, lu, "rmst")["n"], result(rmst, oc, "rmst")["n"]) == (117, 114)
    assert ci(effect(rmst, measure="difference")) == (1.9, 0.1, 3.6, 95)
    assert (result(rmst, lu, "events")["value"], result(rmst, lu, "proportion")["value"]) == (
        26,
        22.2,
    )
    assert (result(rmst, oc, "events")["value"], result(rmst, oc, "proportion")["value"]) == (
        39,
        34.2,
    )
    # F-21, A3 Results: proportional-hazards assumption not met (p = 0.034).
    assert "P = 0.034" in rmst["notes"]


def test_long_term_follow_up(netter):
    # F-09/F-10, A2 Results: 101/117 (86.3%) and 99/114 (86.8%) entered long-term follow-up.
    lu, oc = arm(netter, "experimental"), arm(netter, "control")
    ltfu = endpoint(netter, "Entered long-term follow-up")
    assert (result(ltfu, lu, "responders")["value"], result(ltfu, lu, "responders")["n"]) == (
        101,
        117,
    )
    assert result(ltfu, lu, "proportion")["value"] == 86.3
    assert (result(ltfu, oc, "responders")["value"], result(ltfu, oc, "proportion")["value"]) == (
        99,
        86.8,
    )
    # F-40, S6 video summary (secondary): 200 patients entering long-term follow-up.
    total = result(ltfu, None, "responders")
    assert total["value"] == 200 and total["source"]["secondary"] is True


def test_first_update_2016_is_its_own_data_cut(netter):
    # E-02, A0 Background/Methods: OS/PFS update cut-off 30 June 2016 (E-01: primary 24 July 2015).
    lu, oc = arm(netter, "experimental"), arm(netter, "control")
    a0 = pub(netter, "ASCO abstract (first update, 2016 cut-off)")
    assert (a0["data_cutoff"], a0["kind"]) == ("2016-06-30", "update")
    assert pub(netter, "NEJM 2017")["data_cutoff"] == "2015-07-24"
    # E-03, A0 Results: median OS 27.4 months in the control arm, not reached in the Lu arm.
    os_ = endpoint(netter, "Overall survival (first update)")
    assert os_["publication_id"] == a0["id"]
    assert result(os_, oc, "median")["value"] == 27.4
    not_reached = result(os_, lu, "median")
    assert (not_reached["value"], not_reached["not_reached"], not_reached["not_estimable"]) == (
        None,
        True,
        False,
    )
    # E-04/E-05, A0 Results: 30 vs 78 PFS events; HR: 0.21 CI: 0.14 0.33; p < 0.0001 (the CI's
    # level is not printed).
    pfs = endpoint(netter, "Progression-free survival (first update)")
    assert (result(pfs, lu, "events")["value"], result(pfs, oc, "events")["value"]) == (30, 78)
    hr = effect(pfs, measure="hr")
    assert ci(hr) == (0.21, 0.14, 0.33, None) and hr["ci_level_not_reported"] is True
    assert hr["p_value"] == "<0.0001"


def test_quality_of_life_analysis_is_its_own_data_cut(netter):
    # E-06-E-13, A0/A0b Results: time-to-deterioration hazard ratios with P values.
    lu, oc = arm(netter, "experimental"), arm(netter, "control")
    a0b = pub(netter, "ESMO 2017 abstract 4851 (quality of life)")
    assert (a0b["kind"], a0b["data_cutoff"]) == ("substudy", None)
    expected = {
        "global health status": (0.406, "0.0006"),
        "physical functioning": (0.518, "0.0147"),
        "role functioning": (0.580, "0.0298"),
        "fatigue": (0.621, "0.0297"),
        "pain": (0.566, "0.0247"),
        "diarrhoea": (0.473, "0.0107"),
        "disease-related worries": (0.572, "0.0176"),
        "body image": (0.425, "0.0058"),
    }
    for domain, (hr, p) in expected.items():
        ttd = endpoint(netter, f"Time to deterioration of quality of life: {domain}")
        assert ttd["publication_id"] == a0b["id"]
        estimate = effect(ttd, measure="hr")
        assert (estimate["value"], estimate["p_value"], estimate["decimals"]) == (hr, p, 3)
    # E-14/E-15, A0b Results: median TTD 28.8 vs 6.1 months (global health status) and 25.2 vs
    # 11.5 months (physical functioning).
    ghs = endpoint(netter, "Time to deterioration of quality of life: global health status")
    assert (result(ghs, lu, "median")["value"], result(ghs, oc, "median")["value"]) == (28.8, 6.1)
    pf = endpoint(netter, "Time to deterioration of quality of life: physical functioning")
    assert (result(pf, lu, "median")["value"], result(pf, oc, "median")["value"]) == (25.2, 11.5)


def test_long_term_safety_from_the_company_page_is_secondary(netter):
    lu, oc = arm(netter, "experimental"), arm(netter, "control")
    s4 = pub(netter, "Novartis US HCP long-term safety page")
    p1 = pub(netter, "Lancet Oncol 2021 (final OS)")
    # F-31, S4 footnote (secondary): cut-off January 18, 2021, on the secondary publication only.
    assert (s4["secondary"], s4["data_cutoff"], s4["reports_id"]) == (True, "2021-01-18", p1["id"])
    assert p1["data_cutoff"] is None
    # F-32, S4: grade >=3 treatment-related SAEs over the study, 7 (6%) of 111.
    sae = adverse_event(netter, "Grade ≥3 treatment-related serious adverse events, entire study")
    assert (sae["high_grade"], sae["data_cut_id"], sae["source"]["secondary"]) == (
        "3+",
        p1["id"],
        True,
    )
    assert (
        ae_arm(sae, lu)["high_grade_n"],
        ae_arm(sae, lu)["high_grade_pct"],
        ae_arm(sae, lu)["denominator"],
    ) == (
        7,
        6,
        111,
    )
    # F-33: 3 (3%) of 111; F-34: 2 (1.8%); F-35: 1 (0.9%).
    related = adverse_event(
        netter, "Treatment-related serious adverse events during long-term follow-up"
    )
    assert (ae_arm(related, lu)["all_grades_n"], ae_arm(related, lu)["all_grades_pct"]) == (3, 3)
    grade3 = adverse_event(netter, "Grade ≥3 serious adverse events during long-term follow-up")
    assert (ae_arm(grade3, lu)["high_grade_n"], ae_arm(grade3, lu)["high_grade_pct"]) == (2, 1.8)
    stopped = adverse_event(
        netter, "Serious adverse event leading to study discontinuation during long-term follow-up"
    )
    assert (ae_arm(stopped, lu)["all_grades_n"], ae_arm(stopped, lu)["all_grades_pct"]) == (1, 0.9)
    # F-36: no new MDS or acute leukaemia; F-37: MDS 2.3% vs no patients (prescribing information).
    none_new = adverse_event(
        netter, "New myelodysplastic syndrome or acute leukaemia during long-term follow-up"
    )
    assert ae_arm(none_new, lu)["all_grades_n"] == 0
    mds = [a for a in netter["adverse_events"] if a["term"] == "Myelodysplastic syndrome"]
    label = {a["source"]["publication"]: a for a in mds}
    uspi = label["Novartis US HCP long-term safety page"]
    assert (ae_arm(uspi, lu)["all_grades_pct"], ae_arm(uspi, oc)["all_grades_n"]) == (2.3, 0)
    # F-38: one diffuse large B-cell lymphoma, judged unrelated; F-39: grade >=3 nephrotoxicity
    # 6 (5%) of 111 vs 4 (4%) of 112.
    assert ae_arm(adverse_event(netter, "Diffuse large B-cell lymphoma"), lu)["all_grades_n"] == 1
    kidney = adverse_event(netter, "Nephrotoxicity, regardless of causality")
    assert (ae_arm(kidney, lu)["high_grade_n"], ae_arm(kidney, oc)["denominator"]) == (6, 112)


def test_identity_and_arms(netter):
    # F-01/F-02, P1 Abstract Findings: 231 enrolled and randomised, Sept 6, 2012 to Jan 14, 2016;
    # F-43, A3 table header: N = 117 / N = 114; F-08, P1 Methods: 41 sites in eight countries.
    assert netter["n_randomised"] == 231
    assert netter["enrolment_period"] == "6 September 2012 to 14 January 2016"
    assert netter["n_sites"] == 41 and "eight countries" in netter["sites"]
    # Sheet Identity, A1 research-funding field (confirmed): Advanced Accelerator Applications,
    # a Novartis company.
    assert netter["sponsor"] == "Advanced Accelerator Applications, a Novartis company"
    arms = {a["role"]: a for a in netter["arms"]}
    assert (arms["experimental"]["n_randomised"], arms["control"]["n_randomised"]) == (117, 114)
    final = find(netter["analysis_sets"], label="Final analysis population (intention to treat)")
    assert final["n_total"] == 231 and final["source"]["secondary"] is False
    assert sorted(n["n"] for n in final["arm_ns"]) == [114, 117]
    # NEJM 2017 Results (Patients), Table 1: 229 analysed, 116 vs 113; safety 111 vs 110.
    analysed = find(netter["analysis_sets"], label="All randomised patients (NEJM 2017 analysis)")
    assert analysed["n_total"] == 229 and sorted(n["n"] for n in analysed["arm_ns"]) == [113, 116]
    assert (arms["experimental"]["n_safety"], arms["control"]["n_safety"]) == (111, 110)
    assert (
        arms["experimental"]["activity_gbq"],
        arms["experimental"]["interval_weeks"],
        arms["experimental"]["max_cycles"],
    ) == (7.4, 8, 4)


def test_table_1_and_secondary_baseline(netter):
    # Table 1: Krenning grade 4 uptake 71 (61) vs 67 (59).
    lu = arm(netter, "experimental")
    grade4 = [b for b in netter["baseline"] if b["label"] == "Grade 4" and b["arm_id"] == lu][0]
    assert (grade4["value"], grade4["n"], grade4["percent"]) == ("71 (61)", 71, 61)
    # F-44, S5 company pages (secondary): mean Karnofsky ~88.
    kps = find(netter["baseline"], label="Mean Karnofsky performance status score")
    assert (kps["value"], kps["source"]["secondary"]) == ("~88", True)
