"""PSMAddition: values from ../shared/sources/trials/psmaddition.md, through the API.

Source ids: A1 ESMO 2025 congress abstract (rPFS IA2, DCO 13 Jan 2025), A2 ASCO GU 2026
abstract 18, A3 ASCO 2026 abstract 5020 (both at the same cut-off), N1/N2/R secondary reports.
"""

import json

import pytest

from tests.trial_helpers import adverse_event, ae_arm, arm, ci, effect, endpoint, find, result

pytestmark = pytest.mark.django_db


@pytest.fixture
def trial(api):
    return api("/api/trials/psmaddition/")


def publication(trial, label):
    return find(trial["publications"], label=label)


def test_design_and_data_cuts(trial):
    lu, ctrl = arm(trial, "experimental"), arm(trial, "control")
    arms = {a["id"]: a for a in trial["arms"]}
    assert trial["nct_number"] == "NCT04720157"
    assert (trial["phase"], trial["design"], trial["randomisation_ratio"]) == (
        "3",
        "randomised-open-label",
        "1:1",
    )
    assert "hormone-sensitive" in trial["indication"]
    # M5, A1 congress abstract Results: 1144 patients were randomized.
    assert trial["n_randomised"] == 1144
    # M6, A1 results table: N = 572 / N = 572.
    assert (arms[lu]["n_randomised"], arms[ctrl]["n_randomised"]) == (572, 572)
    # M1, A1 congress abstract Methods: 7.4 GBq q6w, 6 cycles.
    assert (arms[lu]["activity_gbq"], arms[lu]["interval_weeks"], arms[lu]["max_cycles"]) == (
        7.4,
        6,
        6,
    )
    assert arms[lu]["agent"]["name"] == "¹⁷⁷Lu-PSMA-617"
    assert arms[ctrl]["agent"] is None
    # M2, A1 congress abstract Methods: minimally treated means ≤45 days.
    assert "≤45 days" in trial["key_eligibility"]
    # M3, A1 congress abstract Methods: age stratification ≥/<70 years.
    assert "≥/<70 years" in trial["stratification"]
    # M4, A1 results table header: DCO 13 Jan 2025; A2 and A3 report the same cut-off.
    a1 = publication(trial, "ESMO 2025 abstract (rPFS IA2)")
    assert a1["data_cutoff"] == "2025-01-13"
    assert a1["source_quality"] == "conference-abstract"
    for label in ("ASCO GU 2026 abstract 18", "ASCO 2026 abstract 5020"):
        assert publication(trial, label)["data_cutoff"] == "2025-01-13"
    # M9, A1 congress abstract Results: median study follow-up 23.6 months.
    assert a1["median_follow_up_months"] == 23.6
    follow_up = endpoint(trial, "Median study follow-up (rPFS interim analysis 2)")
    assert result(follow_up, None, "median")["value"] == 23.6
    # M37, N1 urotoday ASCO 2026 report (secondary), news text: range 17.7–42.8, as text only.
    assert "17.7–42.8" in follow_up["notes"] and "secondary" in follow_up["notes"]


def test_crossover_is_described_but_not_counted(trial):
    # Identity (A1 Methods): control patients with centrally confirmed radiographic
    # progression could cross over to 177Lu-PSMA-617 if eligible. The number who crossed
    # over is not published, so there is no crossover record.
    ctrl = find(trial["arms"], role="control")
    assert "cross over to ¹⁷⁷Lu-PSMA-617" in ctrl["regimen"]
    assert trial["crossovers"] == []


def test_rpfs_primary_end_point_results_table(trial):
    lu, ctrl = arm(trial, "experimental"), arm(trial, "control")
    rpfs = endpoint(trial, "Radiographic progression-free survival")
    assert rpfs["role"] == "primary"
    assert rpfs["publication_id"] == publication(trial, "ESMO 2025 abstract (rPFS IA2)")["id"]
    # M11, A1 results table: events 139 (24.3).
    assert (result(rpfs, lu, "events")["value"], result(rpfs, lu, "events")["n"]) == (139, 572)
    assert result(rpfs, lu, "proportion")["value"] == 24.3
    # M12, A1 results table: events 172 (30.1).
    assert result(rpfs, ctrl, "events")["value"] == 172
    assert result(rpfs, ctrl, "proportion")["value"] == 30.1
    # M13, A1 results table: median (95% CI) NE (NE, NE).
    median = result(rpfs, lu, "median")
    assert median["value"] is None and median["not_estimable"] is True
    assert median["ci_low_not_estimable"] and median["ci_high_not_estimable"]
    assert (median["ci_low"], median["ci_high"], median["ci_level"]) == (None, None, 95)
    # M15, A1 results table: HR (95% CI), p 0.72 (0.58, 0.90), 0.002.
    hr = effect(rpfs, measure="hr")
    assert ci(hr) == (0.72, 0.58, 0.90, 95)
    assert (hr["p_value"], hr["p_sided"], hr["decimals"]) == ("0.002", "", 2)
    assert hr["source"]["secondary"] is False


def test_conflicting_control_median_keeps_the_authors_value(trial):
    ctrl = arm(trial, "control")
    rpfs = endpoint(trial, "Radiographic progression-free survival")
    median = result(rpfs, ctrl, "median")
    # M14a, A1 results table: NE (29.73, NE) — the authors' value is curated.
    assert median["not_estimable"] is True and median["value"] is None
    assert (median["ci_low"], median["ci_high_not_estimable"], median["decimals"]) == (
        29.73,
        True,
        2,
    )
    # M14b, N1 hmpglrntwk onc news: "29.7 months in the control arm" — only in the note.
    assert "29.7 months" in median["note"]


def test_overall_survival_is_secondary_only(trial):
    lu, ctrl = arm(trial, "experimental"), arm(trial, "control")
    os_ = endpoint(trial, "Overall survival")
    hr = effect(os_, measure="hr")
    # M29a, N1 Urology Times news text: 0.84 (95% CI, 0.63 to 1.13; P = .125), secondary.
    assert ci(hr) == (0.84, 0.63, 1.13, 95)
    assert hr["p_value"] == ".125"
    assert hr["source"]["secondary"] is True
    assert hr["source"]["publication"] == "Urology Times (news, ESMO 2025)"
    # M29b, urotoday discussant (lower limit 0.64): do not curate — nowhere in the record.
    assert "0.64" not in json.dumps(trial)
    # M30, N1 hmpglrntwk onc news text: OS events 14.9% vs 17.3% of patients, secondary.
    assert result(os_, lu, "proportion")["value"] == 14.9
    assert result(os_, ctrl, "proportion")["value"] == 17.3
    assert result(os_, ctrl, "proportion")["source"]["secondary"] is True


def test_secondary_response_mcrpc_and_cancernetwork_medians(trial):
    lu, ctrl = arm(trial, "experimental"), arm(trial, "control")
    # M31, N2 Pharmaceutical Technology company summary: ORR 85.3% vs. 80.8%.
    orr = endpoint(trial, "Objective response rate")
    assert (result(orr, lu, "proportion")["value"], result(orr, ctrl, "proportion")["value"]) == (
        85.3,
        80.8,
    )
    assert result(orr, lu, "proportion")["source"]["secondary"] is True
    # M32, N2 Pharmaceutical Technology company summary: CR (57.1%) ... (42.3%).
    cr = endpoint(trial, "Complete response rate")
    assert (result(cr, lu, "proportion")["value"], result(cr, ctrl, "proportion")["value"]) == (
        57.1,
        42.3,
    )
    # M33, particle.news company summary: time to mCRPC HR 0.70 (95% CI: 0.58, 0.84).
    mcrpc = effect(endpoint(trial, "Time to progression to mCRPC"), measure="hr")
    assert ci(mcrpc) == (0.70, 0.58, 0.84, 95) and mcrpc["source"]["secondary"] is True
    # M36, N1 cancernetwork news text: NR (95% CI, NE-NE) vs NR (95% CI, 29.7-NE).
    cn = endpoint(
        trial, "Radiographic progression-free survival, medians as reported by CancerNetwork"
    )
    assert cn["role"] == "supplementary"
    lu_median, ctrl_median = result(cn, lu, "median"), result(cn, ctrl, "median")
    assert lu_median["not_reached"] and lu_median["ci_low_not_estimable"]
    assert (ctrl_median["not_reached"], ctrl_median["ci_low"]) == (True, 29.7)
    assert ctrl_median["ci_high_not_estimable"] is True
    assert ctrl_median["source"]["secondary"] is True


def test_asco_gu_2026_quality_of_life_skeletal_events_and_exposure(trial):
    lu, ctrl = arm(trial, "experimental"), arm(trial, "control")
    a2 = publication(trial, "ASCO GU 2026 abstract 18")["id"]
    # M23, A2 congress abstract Results: TTSSE HR 0.89 (95% CI 0.62, 1.26); medians not reached.
    sse = endpoint(trial, "Time to symptomatic skeletal event or death")
    assert sse["publication_id"] == a2
    assert ci(effect(sse, measure="hr")) == (0.89, 0.62, 1.26, 95)
    assert result(sse, lu, "median")["not_reached"] and result(sse, ctrl, "median")["not_reached"]
    # M19, A2 congress abstract Results: median exposure 20.6 months ... 19.94 months.
    exposure = endpoint(trial, "Median study treatment exposure")
    lu_x, ctrl_x = result(exposure, lu, "other"), result(exposure, ctrl, "other")
    assert (lu_x["value"], lu_x["decimals"], lu_x["unit"]) == (20.6, 1, "months")
    assert (ctrl_x["value"], ctrl_x["decimals"]) == (19.94, 2)
    # M22, A2 congress abstract Results: HRs >1.0 but <1.2, all 95% CIs included 1.0 (text).
    # M38, A2 news (OnClive) Key Takeaways: FACT-P 1.14, EQ-5D-5L 1.13, BPI-SF pain 1.02.
    for scale, value in [("FACT-P", 1.14), ("EQ-5D-5L", 1.13), ("BPI-SF pain", 1.02)]:
        ttw = endpoint(trial, f"Time to clinically meaningful worsening, {scale}")
        assert ttw["publication_id"] == a2
        assert ">1.0 but <1.2" in ttw["notes"]
        hr = effect(ttw, measure="hr")
        assert (hr["value"], hr["source"]["secondary"]) == (value, True)


def test_asco_2026_subgroups_and_baseline(trial):
    lu, ctrl = arm(trial, "experimental"), arm(trial, "control")
    a3 = publication(trial, "ASCO 2026 abstract 5020")["id"]
    # M26, A3 table header: High DV n = 779; Low DV n = 365; de novo n = 572; recurrent n = 523.
    sizes = {s["label"]: s["n_total"] for s in trial["analysis_sets"]}
    assert sizes == {
        "All randomised patients (rPFS interim analysis 2)": 1144,
        "High disease volume subgroup": 779,
        "Low disease volume subgroup": 365,
        "De novo mHSPC subgroup": 572,
        "Recurrent mHSPC subgroup": 523,
    }
    # M27, A3 congress abstract Results: rPFS HR 0.72–0.74 (a range, kept as text).
    subgroup_endpoints = [e for e in trial["endpoints"] if e["publication_id"] == a3]
    notes = " ".join(e["notes"] for e in subgroup_endpoints)
    assert "rPFS HR 0.72–0.74" in notes
    # M28, A3 congress abstract Results: time to PSA progression HR 0.29–0.51.
    assert "HR 0.29–0.51" in notes
    baseline = trial["baseline"]
    # M7, M8, A1 congress abstract Results: de novo 50.0%; high-volume 68.1%.
    assert find(baseline, label="De novo mHSPC — %", arm_id=None)["value"] == "50.0%"
    assert find(baseline, label="High-volume disease — %", arm_id=None)["percent"] == 68.1
    # M24, A3 congress abstract Results: high disease volume 68.0% and 68.2%.
    assert find(baseline, label="High disease volume — %", arm_id=lu)["percent"] == 68.0
    assert find(baseline, label="High disease volume — %", arm_id=ctrl)["percent"] == 68.2
    # M25, A3 congress abstract Results: de novo mHSPC 52.1% and 47.9%.
    assert find(baseline, label="De novo mHSPC — %", arm_id=lu)["value"] == "52.1%"
    assert find(baseline, label="De novo mHSPC — %", arm_id=ctrl)["percent"] == 47.9


def test_cycles_delivered(trial):
    lu = arm(trial, "experimental")
    # M10, A1 congress abstract Results: 6 cycles in 85.6% and ≥4 in 93.1%.
    six = endpoint(trial, "¹⁷⁷Lu-PSMA-617 cycles received: 6")
    four = endpoint(trial, "¹⁷⁷Lu-PSMA-617 cycles received: ≥4")
    assert result(six, lu, "proportion")["value"] == 85.6
    assert result(four, lu, "proportion")["value"] == 93.1


def test_adverse_events(trial):
    lu, ctrl = arm(trial, "experimental"), arm(trial, "control")
    a1 = publication(trial, "ESMO 2025 abstract (rPFS IA2)")["id"]
    # M16, A1 congress abstract Results: dry mouth grade 1, 41.0% vs 3.4 %.
    grade1 = adverse_event(trial, "Dry mouth, grade 1")
    assert (ae_arm(grade1, lu)["all_grades_pct"], ae_arm(grade1, ctrl)["all_grades_pct"]) == (
        41.0,
        3.4,
    )
    assert grade1["decimals"] == 1
    # M17, A1 congress abstract Results: dry mouth grade 2, 4.8% vs 0.4%.
    grade2 = adverse_event(trial, "Dry mouth, grade 2")
    assert ae_arm(grade2, ctrl)["all_grades_pct"] == 0.4
    # M18, A1 congress abstract Results: grade ≥3 cytopenias 14.4% vs 5.0%.
    cytopenias = adverse_event(trial, "Cytopenias")
    assert cytopenias["high_grade"] == "3+"
    assert (
        ae_arm(cytopenias, lu)["high_grade_pct"],
        ae_arm(cytopenias, ctrl)["high_grade_pct"],
    ) == (
        14.4,
        5.0,
    )
    # M20, A2 congress abstract Results: grade ≥3 AEs 50.7% ... 43.0%.
    g3 = adverse_event(trial, "Grade ≥3 adverse events", locator="congress abstract 18, Results")
    assert (ae_arm(g3, lu)["high_grade_pct"], ae_arm(g3, ctrl)["high_grade_pct"]) == (50.7, 43.0)
    # M21, A2 congress abstract Results: serious AEs 26.6% ... 22.8%.
    sae = adverse_event(trial, "Serious adverse events")
    assert (ae_arm(sae, lu)["all_grades_pct"], ae_arm(sae, ctrl)["all_grades_pct"]) == (26.6, 22.8)
    # M34, N1 urotoday discussant news text: any-grade AEs 98.4% vs 96.6%, secondary, A1 cut.
    discussant = "UroToday summary of the ESMO 2025 discussant presentation, news text"
    any_ae = adverse_event(trial, "Any adverse event")
    assert (ae_arm(any_ae, lu)["all_grades_pct"], ae_arm(any_ae, ctrl)["all_grades_pct"]) == (
        98.4,
        96.6,
    )
    assert any_ae["source"]["secondary"] is True and any_ae["data_cut_id"] == a1
    # M35, N1 urotoday discussant news text: grade ≥3 AEs 51% vs 43%, secondary.
    shown = adverse_event(trial, "Grade ≥3 adverse events", locator=discussant)
    assert (ae_arm(shown, lu)["high_grade_pct"], shown["decimals"]) == (51, 0)
    assert shown["source"]["secondary"] is True


def test_registry_plans_are_secondary(trial):
    # M39, R CenterWatch summary: planned sample size approximately 1126.
    plan = result(endpoint(trial, "Planned sample size (registry)"), None, "other")
    assert (plan["value"], plan["unit"], plan["source"]["secondary"]) == (1126, "patients", True)
    # M40, R CenterWatch summary: planned study duration approximately 50 months.
    duration = result(endpoint(trial, "Planned study duration (registry)"), None, "other")
    assert (duration["value"], duration["unit"]) == (50, "months")
    # Identity: sponsor Novartis from registry listings (secondary).
    assert trial["sponsor"].startswith("Novartis (secondary")
