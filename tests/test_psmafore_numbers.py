"""PSMAfore (NCT04689828): values from its trial sheet, each in its own data cut.

Data cuts: the primary rPFS analysis (ESMO 2023 LBA13 = A1; Lancet 2024 = P1, read via ASCO
Post), the second OS interim analysis (A1 and the presenter's interviews), the third interim
analysis (ESMO 2024 1599P = A4, cut-off 27 Feb 2024; P1's updated analysis; Lancet Oncol 2025 =
P2) and the final OS analysis (Ann Oncol 2025 = P3). Fact ids (F1...) are the sheet's.
"""

import pytest

from tests.conftest import find
from tests.trial_helpers import adverse_event, ae_arm, arm, ci, effect, endpoint, result

pytestmark = pytest.mark.django_db

LBA13 = "congress abstract LBA13, Results"
P1599 = "congress abstract 1599P, Results"


@pytest.fixture
def psmafore(api):
    return api("/api/trials/psmafore/")


def publication(trial, label):
    return find(trial["publications"], label=label)


def analysis_set(trial, label):
    return find(trial["analysis_sets"], label=label)


def arm_ns(aset, trial):
    ns = {row["arm_id"]: row["n"] for row in aset["arm_ns"]}
    return ns[arm(trial, "experimental")], ns[arm(trial, "control")]


def test_randomised_n_is_the_authors_with_the_registrys_in_a_note(psmafore):
    # F1, A1 congress abstract, Results: "468 pts were randomized" (conflicting: registry 469).
    assert psmafore["n_randomised"] == 468
    assert psmafore["source"]["publication"] == "ESMO 2023 LBA13"
    # F26, A4 congress abstract 1599P, Results: "468 patients (234/arm)".
    itt = analysis_set(psmafore, "All randomised patients")
    assert itt["n_total"] == 468 and arm_ns(itt, psmafore) == (234, 234)
    assert itt["source"]["publication"] == "ESMO 2024 1599P"
    # F2, registry (meddatax) summary: "469 participants ... (235 ... and 234 ...)": a note only.
    assert "469 (235" in itt["description"]
    # F42, P3 journal abstract, Results: "n = 234 each".
    arms = {a["role"]: a for a in psmafore["arms"]}
    assert (arms["experimental"]["n_randomised"], arms["control"]["n_randomised"]) == (234, 234)
    assert arms["experimental"]["source"]["publication"] == "Ann Oncol 2025 (final OS)"
    # Identity (A1, P2): 7.4 GBq every 6 weeks, 6 cycles; comparator without an agent.
    assert (arms["experimental"]["activity_gbq"], arms["experimental"]["interval_weeks"]) == (
        7.4,
        6,
    )
    assert arms["experimental"]["max_cycles"] == 6
    assert arms["control"]["agent"] is None


def test_design_facts(psmafore):
    # Identity (A1, P1, P3): phase 3, open label, randomised 1:1; NCT04689828.
    assert (psmafore["nct_number"], psmafore["phase"], psmafore["design"]) == (
        "NCT04689828",
        "3",
        "randomised-open-label",
    )
    assert psmafore["randomisation_ratio"] == "1:1"
    # F40, P2 journal abstract, Methods: "74 investigator sites ... across 14 countries".
    assert psmafore["n_sites"] == 74 and "14 countries" in psmafore["sites"]
    # Identity [secondary: Novartis ESMO 2023 investor slides]: stratification, marked secondary.
    assert "(secondary: Novartis ESMO 2023 investor slides)" in psmafore["stratification"]
    # Number screened: not found.
    assert psmafore["n_screened"] is None


def test_primary_rpfs_analysis_esmo_2023_abstract(psmafore):
    a1 = publication(psmafore, "ESMO 2023 LBA13")
    # F3, A1 congress abstract, Results: "median follow-up, 7.3 months".
    assert a1["median_follow_up_months"] == 7.3
    assert (a1["source_quality"], a1["secondary"]) == ("conference-abstract", False)
    rpfs = endpoint(psmafore, "Radiographic progression-free survival (primary analysis)")
    assert rpfs["role"] == "primary" and rpfs["publication_id"] == a1["id"]
    # F4, A1 congress abstract, Results: "N = 467".
    assert find(psmafore["analysis_sets"], id=rpfs["analysis_set_id"])["n_total"] == 467
    # F5, A1 congress abstract, Results: "HR, 0.41; 95% CI: 0.29, 0.56; p<0.0001".
    hr = effect(rpfs, measure="hr")
    assert ci(hr) == (0.41, 0.29, 0.56, 95) and hr["p_value"] == "<0.0001"
    assert hr["decimals"] == 2 and hr["source"]["secondary"] is False


def test_primary_rpfs_analysis_lancet_2024_via_asco_post_is_secondary(psmafore):
    lu, arpi = arm(psmafore, "experimental"), arm(psmafore, "control")
    p1 = publication(psmafore, "Lancet 2024")
    asco_post = publication(psmafore, "ASCO Post 2024 (news)")
    assert asco_post["secondary"] is True and asco_post["reports_id"] == p1["id"]
    # F6, P1 via ASCO Post summary: "7.26 months (interquartile range [IQR] = 3.38–10.55 months)".
    follow_up = result(
        endpoint(psmafore, "Median follow-up (primary analysis, Lancet 2024)"), None, "median"
    )
    assert (follow_up["value"], follow_up["decimals"], follow_up["note"]) == (
        7.26,
        2,
        "IQR 3.38–10.55",
    )
    assert follow_up["source"]["secondary"] is True
    rpfs = endpoint(
        psmafore, "Radiographic progression-free survival (primary analysis, Lancet 2024)"
    )
    assert rpfs["publication_id"] == p1["id"]
    # F7, P1 via ASCO Post summary: "9.30 months (95% CI = 6.77 months to not estimable)".
    lu_median = result(rpfs, lu, "median")
    assert (lu_median["value"], lu_median["decimals"], lu_median["ci_low"]) == (9.3, 2, 6.77)
    assert lu_median["ci_high"] is None and lu_median["ci_high_not_estimable"] is True
    assert lu_median["ci_low_not_estimable"] is False and lu_median["ci_level"] == 95
    assert lu_median["source"]["secondary"] is True
    assert lu_median["source"]["locator"] == "ASCO Post summary of Lancet 2024"
    # F8, P1 via ASCO Post summary: "5.55 months (95% CI = 4.04–5.95 months)".
    assert ci(result(rpfs, arpi, "median")) == (5.55, 4.04, 5.95, 95)
    # F9, P1 via ASCO Post summary: "HR = 0.41, 95% CI = 0.29–0.56, P < .0001" (matches F5).
    hr = effect(rpfs, measure="hr")
    assert ci(hr) == (0.41, 0.29, 0.56, 95) and hr["p_value"] == "<.0001"
    assert hr["source"]["secondary"] is True


def test_second_interim_analysis(psmafore):
    lu, arpi = arm(psmafore, "experimental"), arm(psmafore, "control")
    a1 = publication(psmafore, "ESMO 2023 LBA13")
    os_ = endpoint(psmafore, "Overall survival (second interim analysis)")
    assert os_["publication_id"] == a1["id"]
    # F10, A1 congress abstract, Results: "45.1% of target deaths".
    deaths = result(os_, None, "other")
    assert (deaths["value"], deaths["unit"], deaths["decimals"]) == (45.1, "% of target deaths", 1)
    assert deaths["source"]["secondary"] is False
    # F19, A1 presenter, Urology Times transcript: RPSFT-adjusted "hazard ratio 0.8", no CI.
    adjusted = effect(os_, measure="hr")
    assert (adjusted["value"], adjusted["decimals"], adjusted["ci_low"]) == (0.8, 1, None)
    assert adjusted["crossover_adjustment"] == "rpsft" and adjusted["source"]["secondary"] is True
    rpfs = endpoint(psmafore, "Radiographic progression-free survival (second interim analysis)")
    assert rpfs["publication_id"] == a1["id"]
    # F15, A1 presenter, Urology Times transcript: "hazard ratio is 0.43", no CI.
    hr = effect(rpfs, measure="hr")
    assert ci(hr) == (0.43, None, None, None) and hr["source"]["secondary"] is True
    assert hr["source"]["publication"] == "Urology Times (ESMO 2023 interview)"
    # F16, A1 presenter, Urology Times transcript: "about 12.02 months ... 5.59 months".
    assert (result(rpfs, lu, "median")["value"], result(rpfs, arpi, "median")["value"]) == (
        12.02,
        5.59,
    )
    assert result(rpfs, lu, "median")["source"]["secondary"] is True
    # F17, A1 presenter, MediMix interview summary: objective response rate "50.7%".
    orr = result(
        endpoint(psmafore, "Objective response rate (ESMO 2023 presentation)"), lu, "proportion"
    )
    assert (orr["value"], orr["source"]["secondary"]) == (50.7, True)
    # F18, A1 presenter, MediMix interview summary: PSA response rate "57.6%".
    psa = result(endpoint(psmafore, "PSA response rate (ESMO 2023 presentation)"), lu, "proportion")
    assert (psa["value"], psa["source"]["publication"]) == (57.6, "MediMix (ESMO 2023 interview)")


def test_crossover_at_the_second_interim_analysis(psmafore):
    # F11, A1 congress abstract, Results: crossover among ARPI-arm patients with radiographic
    # progression who stopped ARPI "123/146 (84.2%)".
    a1 = publication(psmafore, "ESMO 2023 LBA13")
    row = find(psmafore["crossovers"], data_cut_id=a1["id"])
    assert (row["n"], row["denominator"], row["percent"], row["decimals"]) == (123, 146, 84.2, 1)
    assert row["from_arm_id"] == arm(psmafore, "control")
    assert row["to_treatment"] == "¹⁷⁷Lu-PSMA-617"
    assert row["source"]["locator"] == LBA13


def test_adverse_events_esmo_2023_abstract(psmafore):
    lu, arpi = arm(psmafore, "experimental"), arm(psmafore, "control")
    # F12, A1 congress abstract, Results: grade >=3 AEs "34% ... vs 44%".
    grade3 = adverse_event(psmafore, "Grade ≥3 adverse events", locator=LBA13)
    assert (grade3["high_grade"], grade3["decimals"]) == ("3+", 0)
    assert (ae_arm(grade3, lu)["high_grade_pct"], ae_arm(grade3, arpi)["high_grade_pct"]) == (
        34,
        44,
    )
    assert ae_arm(grade3, lu)["all_grades_pct"] is None
    # F13, A1 congress abstract, Results: serious AEs "20% vs 28%".
    serious = adverse_event(psmafore, "Serious adverse events", locator=LBA13)
    assert (ae_arm(serious, lu)["all_grades_pct"], ae_arm(serious, arpi)["all_grades_pct"]) == (
        20,
        28,
    )
    # F14, A1 congress abstract, Results: AEs leading to discontinuation "5.7% vs 5.2%".
    stop = adverse_event(psmafore, "Adverse events leading to discontinuation", locator=LBA13)
    assert stop["decimals"] == 1
    assert (ae_arm(stop, lu)["all_grades_pct"], ae_arm(stop, arpi)["all_grades_pct"]) == (5.7, 5.2)


def test_asco_2024_hrqol_report_is_secondary(psmafore):
    lu, arpi = arm(psmafore, "experimental"), arm(psmafore, "control")
    # F38, A3 via BJMO congress newsletter: FACT-P worsening "HR[95%CI]: 0.59[0.47-0.72]".
    fact_p = effect(
        endpoint(psmafore, "Time to worsening of FACT-P (ASCO 2024 HRQoL report)"), measure="hr"
    )
    assert ci(fact_p) == (0.59, 0.47, 0.72, 95) and fact_p["source"]["secondary"] is True
    # F39, A3 via BJMO congress newsletter: EQ-5D-5L worsening "HR[95%CI]: 0.61[0.50-0.76]".
    eq5d = effect(
        endpoint(psmafore, "Time to worsening of EQ-5D-5L (ASCO 2024 HRQoL report)"), measure="hr"
    )
    assert ci(eq5d) == (0.61, 0.50, 0.76, 95) and eq5d["source"]["secondary"] is True
    # F37, A3 via BJMO congress newsletter: median treatment exposure "8.4 months ... 6.5 months".
    exposure = endpoint(psmafore, "Median treatment exposure (ASCO 2024 HRQoL report)")
    assert (result(exposure, lu, "other")["value"], result(exposure, arpi, "other")["value"]) == (
        8.4,
        6.5,
    )
    assert result(exposure, lu, "other")["unit"] == "months"
    assert publication(psmafore, "BJMO newsletter (ASCO 2024 HRQoL report)")["data_cutoff"] is None


def test_third_interim_analysis_esmo_2024_1599p(psmafore):
    lu, arpi = arm(psmafore, "experimental"), arm(psmafore, "control")
    a4 = publication(psmafore, "ESMO 2024 1599P")
    # A4: the third interim analysis, data cut-off 27 Feb 2024.
    assert (a4["kind"], a4["data_cutoff"]) == ("interim-os", "2024-02-27")
    sse = endpoint(psmafore, "Time to symptomatic skeletal event or death (third interim analysis)")
    assert sse["publication_id"] == a4["id"]
    # F28, A4 abstract table 1599P: median "NE (NE, NE)", ¹⁷⁷Lu-PSMA-617.
    ne = result(sse, lu, "median")
    assert (ne["value"], ne["not_estimable"], ne["not_reached"]) == (None, True, False)
    assert (ne["ci_low"], ne["ci_high"]) == (None, None)
    assert ne["ci_low_not_estimable"] is True and ne["ci_high_not_estimable"] is True
    # F29, A4 abstract table 1599P: "17.97 (14.26, NE)", ARPI change; CI level not printed.
    arpi_median = result(sse, arpi, "median")
    assert (arpi_median["value"], arpi_median["ci_low"], arpi_median["ci_high"]) == (
        17.97,
        14.26,
        None,
    )
    assert (
        arpi_median["ci_high_not_estimable"] is True
        and arpi_median["ci_level_not_reported"] is True
    )
    # F30, A4 abstract table 1599P: HR "0.41 (0.26, 0.63)".
    hr = effect(sse, measure="hr")
    assert ci(hr) == (0.41, 0.26, 0.63, None) and hr["ci_level_not_reported"] is True
    # F31, A4 abstract table 1599P (n (%)): patients with an SSE "27 (11.5) ... 63 (26.9)".
    patients = endpoint(
        psmafore, "Patients with a symptomatic skeletal event (third interim analysis)"
    )
    assert (
        result(patients, lu, "responders")["value"],
        result(patients, lu, "proportion")["value"],
    ) == (27, 11.5)
    assert (
        result(patients, arpi, "responders")["value"],
        result(patients, arpi, "proportion")["value"],
    ) == (
        63,
        26.9,
    )
    # F32, A4 abstract table 1599P: pathological bone fracture "4 (1.7) ... 13 (5.6)".
    fracture = endpoint(psmafore, "Pathological bone fracture (third interim analysis)")
    assert (
        result(fracture, lu, "responders")["value"],
        result(fracture, arpi, "proportion")["value"],
    ) == (4, 5.6)
    # F33, A4 abstract table 1599P: spinal cord compression "6 (2.6) ... 4 (1.7)".
    cord = endpoint(psmafore, "Spinal cord compression (third interim analysis)")
    assert (result(cord, lu, "proportion")["value"], result(cord, arpi, "responders")["value"]) == (
        2.6,
        4,
    )
    # F27, A4 congress abstract, Results: median exposure "8.4 months ... and 6.5 months".
    exposure = endpoint(psmafore, "Median duration of exposure (third interim analysis)")
    assert (
        result(exposure, lu, "other")["value"] == 8.4
        and result(exposure, arpi, "other")["value"] == 6.5
    )
    assert result(exposure, lu, "other")["source"]["secondary"] is False


def test_adverse_events_third_interim_analysis(psmafore):
    lu, arpi = arm(psmafore, "experimental"), arm(psmafore, "control")
    # F34, A4 congress abstract, Results: grade >=3 AEs "36% and 48%".
    grade3 = adverse_event(psmafore, "Grade ≥3 adverse events", locator=P1599)
    assert (ae_arm(grade3, lu)["high_grade_pct"], ae_arm(grade3, arpi)["high_grade_pct"]) == (
        36,
        48,
    )
    # F35, A4 congress abstract, Results: serious AEs "20% and 32%".
    serious = adverse_event(psmafore, "Serious adverse events", locator=P1599)
    assert (ae_arm(serious, lu)["all_grades_pct"], ae_arm(serious, arpi)["all_grades_pct"]) == (
        20,
        32,
    )
    # F36, A4 congress abstract, Results: AEs leading to discontinuation "5.7% and 5.2%".
    stop = adverse_event(psmafore, "Adverse events leading to discontinuation", locator=P1599)
    assert (ae_arm(stop, lu)["all_grades_pct"], ae_arm(stop, arpi)["all_grades_pct"]) == (5.7, 5.2)


def test_updated_analysis_lancet_2024_via_asco_post(psmafore):
    lu, arpi = arm(psmafore, "experimental"), arm(psmafore, "control")
    # F20, P1 via ASCO Post summary: "24.11 months (IQR = 20.24–27.40 months)".
    follow_up = result(
        endpoint(psmafore, "Median follow-up (updated analysis, Lancet 2024)"), None, "median"
    )
    assert (follow_up["value"], follow_up["note"]) == (24.11, "IQR 20.24–27.40")
    assert follow_up["source"]["secondary"] is True
    rpfs = endpoint(
        psmafore, "Radiographic progression-free survival (updated analysis, Lancet 2024)"
    )
    # F21, P1 via ASCO Post summary: "11.60 months (95% CI = 9.30–14.19 months)".
    lu_median = result(rpfs, lu, "median")
    assert ci(lu_median) == (11.6, 9.3, 14.19, 95) and lu_median["decimals"] == 2
    # F22, P1 via ASCO Post summary: "5.59 months (95% CI =4.21–5.95 months)".
    assert ci(result(rpfs, arpi, "median")) == (5.59, 4.21, 5.95, 95)
    # F23, P1 via ASCO Post summary: "HR = 0.49, 95% CI = 0.39–0.61".
    hr = effect(rpfs, measure="hr")
    assert ci(hr) == (0.49, 0.39, 0.61, 95) and hr["source"]["secondary"] is True
    # F41, P2 via French summary on cancer.fr: "durée médiane de suivi : 24,1 mois".
    p2_follow_up = result(
        endpoint(psmafore, "Median follow-up (HRQoL analysis, Lancet Oncol 2025)"), None, "median"
    )
    assert (p2_follow_up["value"], p2_follow_up["decimals"]) == (24.1, 1)
    assert p2_follow_up["source"]["secondary"] is True


def test_safety_set_lancet_2024_via_asco_post(psmafore):
    # F24, P1 via ASCO Post summary: "237 patients in the LuPSMA group and 232 in the ARPI group".
    safety = analysis_set(psmafore, "Safety set (at least one dose), Lancet 2024")
    assert arm_ns(safety, psmafore) == (237, 232)
    assert safety["source"]["secondary"] is True and safety["n_total"] is None
    # F25, P1 via ASCO Post summary: "abiraterone (n = 100) or enzalutamide (n = 132)".
    assert "abiraterone (n = 100) or enzalutamide (n = 132)" in safety["description"]


def test_final_overall_survival_ann_oncol_2025(psmafore):
    lu, arpi = arm(psmafore, "experimental"), arm(psmafore, "control")
    p3 = publication(psmafore, "Ann Oncol 2025 (final OS)")
    assert (p3["kind"], p3["source_quality"], p3["pmid"]) == (
        "final-os",
        "journal-abstract",
        "40680993",
    )
    os_ = endpoint(psmafore, "Overall survival (final analysis)")
    assert os_["publication_id"] == p3["id"]
    # F45, P3 journal abstract, Results: "24.48 months [95% CI 19.55-28.94 months]".
    assert ci(result(os_, lu, "median")) == (24.48, 19.55, 28.94, 95)
    # F46, P3 journal abstract, Results: "23.13 months (95% CI 19.61-25.53 months)".
    assert ci(result(os_, arpi, "median")) == (23.13, 19.61, 25.53, 95)
    # F47, P3 journal abstract, Results: "hazard ratio (HR) 0.91, 95% CI 0.72-1.14, P = 0.20".
    hr = effect(os_, measure="hr")
    assert ci(hr) == (0.91, 0.72, 1.14, 95) and hr["p_value"] == "0.20"
    assert hr["crossover_adjustment"] == ""
    # F48 (patient blog, unconfirmed): no crossover-adjusted estimate in the final analysis.
    assert len(os_["effects"]) == 1


def test_crossover_at_the_final_analysis(psmafore):
    p3 = publication(psmafore, "Ann Oncol 2025 (final OS)")
    rows = [c for c in psmafore["crossovers"] if c["data_cut_id"] == p3["id"]]
    # F43, P3 journal abstract, Results: "141/234 participants (60.3%)".
    itt = find(rows, n=141)
    assert (itt["denominator"], itt["percent"]) == (234, 60.3)
    # F44, P3 journal abstract, Results: "75.4%" of those with centrally confirmed progression.
    confirmed = find(rows, percent=75.4)
    assert (confirmed["n"], confirmed["denominator"]) == (None, None)
    assert "centrally confirmed radiographic progression" in confirmed["population"]


def test_data_cuts_are_kept_apart(psmafore):
    pubs = {p["id"]: p["label"] for p in psmafore["publications"]}
    # One endpoint per end point per cut: the rPFS cuts (primary: A1 and P1; second interim: A1;
    # updated/third: P1) each have their own endpoint.
    rpfs = sorted(e["name"] for e in psmafore["endpoints"] if e["family"] == "rpfs")
    assert len(rpfs) == 4
    os_cuts = {pubs[e["publication_id"]] for e in psmafore["endpoints"] if e["family"] == "os"}
    assert os_cuts == {"ESMO 2023 LBA13", "Ann Oncol 2025 (final OS)"}


def test_unconfirmed_blog_values_are_not_curated(psmafore):
    # F48-F53 (patient blog, unconfirmed): no IPCW estimate, no exposure-adjusted AE rates, no
    # dry mouth or anaemia rows, no ARPI-arm objective response rate.
    effects = [x for e in psmafore["endpoints"] for x in e["effects"]]
    assert not [x for x in effects if x["crossover_adjustment"] == "ipcw" or x["ci_low"] == 0.38]
    terms = {a["term"].lower() for a in psmafore["adverse_events"]}
    assert not {t for t in terms if "dry mouth" in t or "anaemia" in t or "anemia" in t}
    assert len(psmafore["adverse_events"]) == 6
    orr = endpoint(psmafore, "Objective response rate (ESMO 2023 presentation)")
    assert [r["arm_id"] for r in orr["results"]] == [arm(psmafore, "experimental")]
