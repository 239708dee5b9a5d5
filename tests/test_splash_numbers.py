"""SPLASH: values from its trial sheet (ESMO 2024 LBA65, company releases, news, lead-in paper)."""

import pytest

from tests.conftest import find
from tests.trial_helpers import adverse_event, ae_arm, arm, ci, effect, endpoint, result

pytestmark = pytest.mark.django_db


@pytest.fixture
def splash(api):
    return api("/api/trials/splash/")


def cut(trial, label):
    return find(trial["publications"], label=label)


def test_design_and_randomisation(splash):
    # S1, A1 congress abstract, Results: 488 pts screened with PSMA PET.
    assert splash["n_screened"] == 488
    # S3, A1 congress abstract, Results: 412 were randomized.
    assert splash["n_randomised"] == 412
    # S2, A1 congress abstract, Results: 90.4% were PSMA positive (kept as printed in the text).
    assert "90.4% were PSMA positive" in splash["screening"]
    assert (splash["nct_number"], splash["phase"], splash["randomisation_ratio"]) == (
        "NCT04647526",
        "3",
        "2:1",
    )
    lu = find(splash["arms"], role="experimental")
    arpi = find(splash["arms"], role="control")
    # S4, A1 congress abstract, Results: n=276, median 4 cycles; agent ¹⁷⁷Lu-PSMA-I&T (pk 4).
    assert (lu["n_randomised"], lu["label"], lu["agent"]["name"]) == (
        276,
        "¹⁷⁷Lu-PNT2002",
        "¹⁷⁷Lu-PSMA-I&T",
    )
    assert "Median 4 cycles" in lu["exposure"]
    # Identity (A1): 6.8 GBq IV every 8 weeks, up to 4 cycles.
    assert (lu["activity_gbq"], lu["interval_weeks"], lu["max_cycles"]) == (6.8, 8, 4)
    # S5, A1 congress abstract, Results: n=136 (alternate ARPI, no radioligand).
    assert (arpi["n_randomised"], arpi["agent"]) == (136, None)
    # Identity: stratification factors not found; the AI-summary regional split is not curated.
    assert splash["stratification"] == ""
    assert "80%" not in splash["sites"]


def test_rpfs_primary_end_point(splash):
    lu, arpi = arm(splash, "experimental"), arm(splash, "control")
    rpfs = endpoint(splash, "Radiographic progression-free survival (BICR)")
    assert rpfs["role"] == "primary"
    assert rpfs["publication_id"] == cut(splash, "ESMO 2024 LBA65")["id"]
    # S9, A1 congress abstract, Results: 9.5, (7.4, 10.0) months, 95% CI.
    assert ci(result(rpfs, lu, "median")) == (9.5, 7.4, 10.0, 95)
    # S10, A1 congress abstract, Results: 6.0, (4.7, 7.9).
    assert ci(result(rpfs, arpi, "median")) == (6.0, 4.7, 7.9, 95)
    assert result(rpfs, arpi, "median")["decimals"] == 1
    # S11, A1 congress abstract, Results: HR (95% CI): 0.71 (0.55, 0.92), p=0.0088.
    hr = effect(rpfs, measure="hr")
    assert ci(hr) == (0.71, 0.55, 0.92, 95) and hr["p_value"] == "0.0088"
    assert hr["source"]["secondary"] is False


def test_overall_survival_not_estimable_and_crossover_adjusted(splash):
    lu, arpi = arm(splash, "experimental"), arm(splash, "control")
    os_ = endpoint(splash, "Overall survival (first interim analysis)")
    # S17, A1 abstract table LBA65: 20.8 (19.1, NE) months.
    median = result(os_, lu, "median")
    assert (median["value"], median["ci_low"], median["ci_high"]) == (20.8, 19.1, None)
    assert median["ci_high_not_estimable"] is True
    # S18, A1 abstract table LBA65: NE (NE, NE).
    ne = result(os_, arpi, "median")
    assert (ne["value"], ne["not_estimable"], ne["not_reached"]) == (None, True, False)
    assert ne["ci_low_not_estimable"] and ne["ci_high_not_estimable"]
    # S19, A1 abstract table LBA65: unadjusted HR 1.11 (0.73, 1.69) p=0.6154.
    unadjusted = effect(os_, crossover_adjustment="")
    assert (unadjusted["value"], unadjusted["ci_low"], unadjusted["ci_high"]) == (1.11, 0.73, 1.69)
    assert unadjusted["p_value"] == "0.6154" and unadjusted["ci_level_not_reported"] is True
    # S20, A1 abstract table LBA65: IPCW-adjusted HR 0.72 (0.48, 1.12), confirmed.
    ipcw = effect(os_, crossover_adjustment="ipcw")
    assert (ipcw["value"], ipcw["ci_low"], ipcw["ci_high"]) == (0.72, 0.48, 1.12)
    assert ipcw["source"]["secondary"] is False
    # S21-S23, PR2 press-release efficacy table (secondary): RPSFTM 1.14 (0.54, 2.53);
    # two-stage without recensoring 0.68 (0.44, 1.04); with recensoring 0.85 (0.53, 1.36).
    for method, value in [("rpsft", 1.14), ("two-stage", 0.68), ("two-stage-recensored", 0.85)]:
        row = effect(os_, crossover_adjustment=method)
        assert row["value"] == value
        assert row["source"]["secondary"] is True
        assert row["source"]["publication"] == "Lantheus press release, Sep 2024"
    assert effect(os_, crossover_adjustment="rpsft")["ci_high"] == 2.53
    # S24 (unconfirmed, mislabelled news digest): 1.14 is never an unadjusted OS HR.
    assert [e["value"] for e in os_["effects"] if e["crossover_adjustment"] == ""] == [1.11]
    # S25, PR1/PR2 press releases (secondary): 46% of target OS events.
    events = endpoint(splash, "Target overall-survival events reached at this analysis")
    share = find(events["results"], arm_id=None, measure="proportion")
    assert share["value"] == 46 and share["source"]["secondary"] is True


def test_crossover_record(splash):
    # S8, A1 congress abstract, Results: 84.6% (77/91) crossed from ARPI to ¹⁷⁷Lu-PNT2002.
    (crossover,) = splash["crossovers"]
    assert (crossover["n"], crossover["denominator"], crossover["percent"]) == (77, 91, 84.6)
    assert crossover["from_arm_id"] == arm(splash, "control")
    assert crossover["data_cut_id"] == cut(splash, "ESMO 2024 LBA65")["id"]
    assert crossover["to_treatment"] == "¹⁷⁷Lu-PNT2002"


def test_secondary_response_and_quality_of_life(splash):
    lu, arpi = arm(splash, "experimental"), arm(splash, "control")
    # S26, PR2 press-release table (secondary): ORR 38.1% vs. 12.0% (p=0.0021).
    orr = endpoint(splash, "Objective response rate (BICR)")
    assert result(orr, lu, "proportion")["value"] == 38.1
    assert result(orr, arpi, "proportion")["value"] == 12.0
    assert result(orr, arpi, "proportion")["decimals"] == 1
    assert result(orr, lu, "proportion")["source"]["secondary"] is True
    assert effect(orr, measure="test")["p_value"] == "0.0021"
    # S27, PR2 press-release headline (secondary): 9.3% complete responses.
    assert result(endpoint(splash, "Complete response"), lu, "proportion")["value"] == 9.3
    # S28, N1 Urology Times news report (secondary): PSA50 35.7% vs 14.6%.
    psa50 = endpoint(splash, "PSA decline ≥50% (PSA50)")
    assert result(psa50, lu, "proportion")["value"] == 35.7
    assert result(psa50, arpi, "proportion")["source"]["publication"] == "Urology Times (news)"
    assert result(psa50, arpi, "proportion")["source"]["secondary"] is True
    # S29, N1 Urology Times news report (secondary): duration of response 9.4 vs 7.3 months.
    dor = endpoint(splash, "Duration of response")
    assert (result(dor, lu, "median")["value"], result(dor, arpi, "median")["value"]) == (9.4, 7.3)
    # S30, N1 Urology Times news report (secondary): HR, 0.64; 95% CI, 0.42 – 0.98; P = .0366.
    opioid = effect(endpoint(splash, "Time to opioid use for cancer-related pain"), measure="hr")
    assert ci(opioid) == (0.64, 0.42, 0.98, 95) and opioid["p_value"] == ".0366"
    # S31-S32, PR2 press release (MedPath rendering, secondary): FACT-P 8.1 vs 5.3 months;
    # HR 0.59; CI: 0.44, 0.80 (level not printed); p =0.0005.
    factp = endpoint(splash, "Time to deterioration in health-related quality of life (FACT-P)")
    assert result(factp, lu, "median")["value"] == 8.1
    assert result(factp, arpi, "median")["value"] == 5.3
    hr = effect(factp, measure="hr")
    assert (hr["value"], hr["ci_low"], hr["ci_high"], hr["ci_level"]) == (0.59, 0.44, 0.80, None)
    assert hr["ci_level_not_reported"] is True and hr["p_value"] == "0.0005"


def test_adverse_events(splash):
    lu, arpi = arm(splash, "experimental"), arm(splash, "control")
    # S12, A1 congress abstract, Results: (5/269) 1.9% vs. (8/130) 6.2%.
    stop = adverse_event(splash, "TEAEs leading to treatment discontinuation")
    assert stop["category"] == "action"
    lu_stop, arpi_stop = ae_arm(stop, lu), ae_arm(stop, arpi)
    assert (lu_stop["all_grades_n"], lu_stop["denominator"], lu_stop["all_grades_pct"]) == (
        5,
        269,
        1.9,
    )
    assert (arpi_stop["all_grades_n"], arpi_stop["denominator"]) == (8, 130)
    assert arpi_stop["all_grades_pct"] == 6.2
    # S13, A1 congress abstract, Results: grade ≥3 TEAEs 30.1% vs. 36.9%.
    grade3 = adverse_event(splash, "Grade ≥3 TEAEs")
    assert (grade3["category"], grade3["high_grade"]) == ("overview", "3+")
    assert ae_arm(grade3, lu)["high_grade_pct"] == 30.1
    assert ae_arm(grade3, arpi)["high_grade_pct"] == 36.9
    # S14-S16, A1 congress abstract, Results: fatigue 53.5%, dry mouth 37.2%, nausea 31.2%.
    for term, pct in [("Fatigue", 53.5), ("Dry mouth", 37.2), ("Nausea", 31.2)]:
        row = adverse_event(splash, term)
        assert [a["arm_id"] for a in row["arms"]] == [lu]
        assert ae_arm(row, lu)["all_grades_pct"] == pct
    # S33, PR1 topline press release (secondary): serious TEAEs 17.1% vs. 23.1%.
    serious = adverse_event(splash, "Serious TEAEs")
    assert serious["source"]["secondary"] is True
    assert (ae_arm(serious, lu)["all_grades_pct"], ae_arm(serious, arpi)["all_grades_pct"]) == (
        17.1,
        23.1,
    )


def test_baseline(splash):
    lu, arpi = arm(splash, "experimental"), arm(splash, "control")
    rows = splash["baseline"]
    # S6, A1 congress abstract, Results: ECOG 0 58.7% vs. 55.9%.
    assert find(rows, label="ECOG 0 — %", arm_id=lu)["percent"] == 58.7
    assert find(rows, label="ECOG 0 — %", arm_id=arpi)["percent"] == 55.9
    # S7, A1 congress abstract, Results: M0 10.1% vs. 11.0%.
    assert find(rows, label="M0 — %", arm_id=arpi)["value"] == "11.0%"
    # S34-S36, N1 GU Oncology Now news report (secondary): median age 72; African American
    # 11.6% and 5.9%; prior taxane in the castration-sensitive setting 17.8% and 16.9%.
    age = find(rows, label="Median age — yr")
    assert age["value"] == "72" and age["source"]["secondary"] is True
    assert find(rows, label="African American — %", arm_id=arpi)["percent"] == 5.9
    taxane = find(rows, label="Prior taxane in the castration-sensitive setting — %", arm_id=lu)
    assert taxane["percent"] == 17.8


def test_lead_in_cohort_is_its_own_cut(splash):
    leadin = cut(splash, "Front Oncol 2024 (lead-in cohort)")
    assert (leadin["kind"], leadin["doi"]) == ("substudy", "10.3389/fonc.2024.1483953")
    # S39, P-L journal abstract, Results: 27 met all eligibility criteria (treated cohort);
    # S37-S38: 34 screened, 32 had PSMA PET/CT.
    aset = find(splash["analysis_sets"], label="Lead-in cohort (Part 1, single arm)")
    assert aset["n_total"] == 27
    assert "34 individuals screened, 32 had PSMA PET/CT" in aset["description"]
    # S43, P-L journal abstract, Results: 19 of 27 (70.4%) completed all 4 planned cycles.
    cycles = endpoint(splash, "Completed all 4 planned cycles")
    assert cycles["publication_id"] == leadin["id"] and cycles["analysis_set_id"] == aset["id"]
    responders = find(cycles["results"], measure="responders")
    assert (responders["value"], responders["n"], responders["arm_id"]) == (19, 27, None)
    assert find(cycles["results"], measure="proportion")["value"] == 70.4
    # S44-S46, P-L journal abstract, Results: mean absorbed doses 1.2 (lacrimal), 0.73
    # (kidneys), 4.3 (tumour, 21 lesions in 7 participants) Gy/GBq.
    for name, value, decimals in [
        ("Absorbed dose to the lacrimal glands", 1.2, 1),
        ("Absorbed dose to the kidneys", 0.73, 2),
        ("Absorbed dose to tumour", 4.3, 1),
    ]:
        (dose,) = endpoint(splash, name)["results"]
        assert (dose["value"], dose["unit"], dose["decimals"]) == (value, "Gy/GBq", decimals)
    assert find(endpoint(splash, "Absorbed dose to tumour")["results"], measure="other")["n"] == 7
    # S40-S42, P-L journal abstract, Results: age 72 (57-86); 40.7% M0; 25.9% hormone sensitive.
    rows = [b for b in splash["baseline"] if b["analysis_set_id"] == aset["id"]]
    assert [b["value"] for b in rows] == ["72 (57-86)", "40.7%", "25.9%"]
