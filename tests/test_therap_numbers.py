"""TheraP: values from trials/therap.md (fact ids T1-T54) and external-facts.md.

Source ids as in the sheet: P1 Lancet 2021 and P2 Lancet Oncol 2024 (journal abstracts), A1 ASCO
2020 abstract 5500, A2 ASCO GU 2021 abstract 6, A3 ASCO 2022 abstract 5000, A4 SNMMI 2021
abstract 1703; secondary: m3.com and gantaisaku.net summaries of P1, m3.com and JNCCN 360 of P2,
Medicine Matters news of A3.
"""

import pytest

from tests.trial_helpers import adverse_event, ae_arm, arm, ci, effect, endpoint, find, result

pytestmark = pytest.mark.django_db


@pytest.fixture
def therap(api):
    return api("/api/trials/therap/")


def pub(trial, label):
    return find(trial["publications"], label=label)


def test_lancet_2021_and_2024_journal_abstracts_with_pmids(therap):
    # P1 citation (sheet, Publications): doi 10.1016/S0140-6736(21)00237-3, PMID 33581798;
    # data cut-off not shown in the readable text, so not reported.
    p1 = pub(therap, "Lancet 2021 (primary)")
    assert (p1["source_quality"], p1["kind"], p1["secondary"]) == (
        "journal-abstract",
        "primary",
        False,
    )
    assert (p1["pmid"], p1["doi"]) == ("33581798", "10.1016/S0140-6736(21)00237-3")
    assert p1["data_cutoff"] is None
    # P2 citation: doi 10.1016/S1470-2045(23)00529-6, PMID 38043558; cut-off not shown.
    p2 = pub(therap, "Lancet Oncol 2024 (overall survival)")
    assert (p2["source_quality"], p2["pmid"], p2["data_cutoff"]) == (
        "journal-abstract",
        "38043558",
        None,
    )
    # T1, P1 Abstract Methods: 11 centres in Australia; T2: ECOG 0-2.
    assert (therap["n_sites"], therap["sites"]) == (11, "11 centres in Australia")
    assert "ECOG performance status 0–2" in therap["key_eligibility"]
    assert therap["source"]["publication"] == "Lancet 2021 (primary)"
    # T3, P1 Abstract Methods: 6.0-8.5 GBq every 6 weeks, up to six cycles; T22, P2 Abstract
    # Methods: starting at 8.5 GBq, decreasing by 0.5 GBq to 6.0 GBq for the sixth cycle.
    arms = {a["role"]: a for a in therap["arms"]}
    lu = arms["experimental"]
    assert (lu["interval_weeks"], lu["max_cycles"], lu["activity_gbq"]) == (6, 6, None)
    assert "6.0–8.5 GBq" in lu["regimen"] and "8.5 GBq" in lu["regimen"]
    # T4/T23, P1 and P2 Abstract Methods: cabazitaxel 20 mg/m2 every 3 weeks, up to ten cycles.
    assert (arms["control"]["interval_weeks"], arms["control"]["max_cycles"]) == (3, 10)
    # T9/T10, P1 Abstract Findings: 98 (99%) of 99 vs 85 (84%) of 101 received study treatment.
    treated = find(therap["analysis_sets"], label="Men who received study treatment (Lancet 2021)")
    assert sorted(n["n"] for n in treated["arm_ns"]) == [85, 98]
    assert treated["source"]["publication"] == "Lancet 2021 (primary)"
    # T6/T7/T8/T25/T26, P1 and P2 Abstract Findings: 291 registered Feb 6, 2018 to Sept 3,
    # 2019; 200 eligible and randomised.
    assert (therap["n_screened"], therap["n_randomised"]) == (291, 200)


def test_psa50_primary_end_point_asco_2020_abstract(therap):
    # external-facts.md, A1 congress abstract Results (31DEC19 cut): 65/99 (66%; 95% CI 56-75)
    # vs 37/101 (37%; 95% CI 27-46); p<0.001. The difference belongs to the Lancet 2021 cut.
    lu, cab = arm(therap, "experimental"), arm(therap, "control")
    psa = endpoint(therap, "PSA response (PSA decline ≥50% from baseline)")
    assert psa["role"] == "primary"
    assert psa["publication_id"] == pub(therap, "ASCO 2020 abstract 5500")["id"]
    assert ci(result(psa, lu, "proportion")) == (66, 56, 75, 95)
    assert ci(result(psa, cab, "proportion")) == (37, 27, 46, 95)
    assert (result(psa, lu, "responders")["value"], result(psa, lu, "responders")["n"]) == (65, 99)
    assert result(psa, lu, "proportion")["source"]["publication"] == "ASCO 2020 abstract 5500"
    assert [e["measure"] for e in psa["effects"]] == ["test"]
    assert effect(psa, measure="test")["p_value"] == "<0.001"


def test_lancet_2021_cut_restated_by_the_authors_and_in_secondary_summaries(therap):
    lu, cab = arm(therap, "experimental"), arm(therap, "control")
    p1 = pub(therap, "Lancet 2021 (primary)")["id"]
    psa = endpoint(therap, "PSA response (PSA decline ≥50% from baseline), Lancet 2021")
    assert psa["publication_id"] == p1
    # T18, A3 congress abstract Background (authors' restatement of P1): 66% vs. 37%.
    restated = result(psa, lu, "proportion")
    assert (restated["value"], result(psa, cab, "proportion")["value"]) == (66, 37)
    assert restated["source"]["publication"] == "ASCO 2022 abstract 5000"
    assert restated["source"]["secondary"] is False
    # T11, P1 via m3.com summary text (secondary): PSA反応あり65例 vs 37例.
    responders = result(psa, lu, "responders")
    assert (responders["value"], result(psa, cab, "responders")["value"]) == (65, 37)
    assert responders["source"]["secondary"] is True
    assert responders["source"]["locator"] == "m3.com summary of Lancet 2021"
    # T12, P1 via m3.com (secondary): ITT差29%、p<0.0001 (no interval printed).
    difference = effect(psa, measure="difference")
    assert (difference["value"], difference["p_value"], difference["ci_low"]) == (
        29,
        "<0.0001",
        None,
    )
    assert difference["source"]["secondary"] is True
    # T13, P1 via m3.com (secondary): by treatment received 66% vs 44%, 差23%, p=0.0016.
    treated = endpoint(
        therap, "PSA response (PSA decline ≥50% from baseline), by treatment received, Lancet 2021"
    )
    assert (
        result(treated, lu, "proportion")["value"],
        result(treated, cab, "proportion")["value"],
    ) == (
        66,
        44,
    )
    assert (
        effect(treated, measure="difference")["value"],
        effect(treated, measure="difference")["p_value"],
    ) == (
        23,
        "0.0016",
    )
    # T19, A3 congress abstract Background (restatement of P1): RECIST response 49% vs. 24%.
    orr = endpoint(therap, "Objective response (RECIST), Lancet 2021")
    assert (result(orr, lu, "proportion")["value"], result(orr, cab, "proportion")["value"]) == (
        49,
        24,
    )
    # T20, A3 Background (restatement of P1): PFS HR 0.63, no interval.
    pfs = endpoint(therap, "Progression-free survival, Lancet 2021")
    restated_hr = find(pfs["effects"], measure="hr", ci_low=None)
    assert (restated_hr["value"], restated_hr["source"]["secondary"]) == (0.63, False)
    # T17, P1 via gantaisaku.net (secondary): 19% vs 3% at 1 year; HR 0.63 [95% CI 0.46-0.86;
    # p=0.0028). T16: median PFS 5.1ヵ月 in both arms.
    gan_hr = find(pfs["effects"], measure="hr", p_value="0.0028")
    assert ci(gan_hr) == (0.63, 0.46, 0.86, 95) and gan_hr["source"]["secondary"] is True
    assert (result(pfs, lu, "rate")["value"], result(pfs, cab, "rate")["value"]) == (19, 3)
    assert result(pfs, lu, "rate")["landmark_months"] == 12
    assert (result(pfs, lu, "median")["value"], result(pfs, cab, "median")["value"]) == (5.1, 5.1)


def test_grade_3_4_rows_read_elsewhere_belong_to_the_lancet_2021_cut(therap):
    lu, cab = arm(therap, "experimental"), arm(therap, "control")
    p1 = pub(therap, "Lancet 2021 (primary)")["id"]
    # external-facts.md: 33% of 98 vs 53% of 85, P1 as reported by A2 (ASCO GU 2021 abstract).
    gu = adverse_event(therap, "Grade 3–4 adverse events (Lancet 2021)")
    assert (gu["source"]["publication"], gu["data_cut_id"], gu["high_grade"]) == (
        "ASCO GU 2021 abstract 6",
        p1,
        "3-4",
    )
    assert (ae_arm(gu, lu)["high_grade_pct"], ae_arm(gu, cab)["high_grade_pct"]) == (33, 53)
    assert (ae_arm(gu, lu)["denominator"], ae_arm(gu, cab)["denominator"]) == (98, 85)
    # T21, A3 congress abstract Background (authors' restatement of P1): G3-4 33% vs. 53%.
    a3 = adverse_event(therap, "Grade 3–4 toxicities (Lancet 2021, as restated)")
    assert (a3["data_cut_id"], a3["source"]["publication"]) == (p1, "ASCO 2022 abstract 5000")
    assert (ae_arm(a3, lu)["high_grade_pct"], ae_arm(a3, cab)["high_grade_pct"]) == (33, 53)
    # T14, P1 via m3.com (secondary): グレード3-4の有害事象 33% vs 53%.
    m3 = adverse_event(therap, "Grade 3–4 adverse events (Lancet 2021, secondary summary)")
    assert m3["source"]["secondary"] is True and m3["data_cut_id"] == p1
    # T15, P1 via m3.com (secondary): no deaths attributed to 177Lu-PSMA-617.
    deaths = adverse_event(therap, "Deaths attributed to ¹⁷⁷Lu-PSMA-617")
    assert ae_arm(deaths, lu)["all_grades_n"] == 0 and deaths["source"]["secondary"] is True


def test_pfs_rpfs_psa_pfs_and_response_asco_gu_2021_abstract(therap):
    # T40/T41, A2 congress abstract Results (20JUL20 cut, median follow-up 18.4 months): 1-year
    # PFS 19% [95%CI 12-27%] vs 3% [1-9%]; HR 0.63, 95%CI 0.46-0.86; p = 0.003; 173 events.
    lu, cab = arm(therap, "experimental"), arm(therap, "control")
    a2 = pub(therap, "ASCO GU 2021 abstract 6")
    assert (a2["data_cutoff"], a2["median_follow_up_months"]) == ("2020-07-20", 18.4)
    pfs = endpoint(therap, "Progression-free survival (PSA, radiographic or clinical)")
    hr = effect(pfs, measure="hr")
    assert ci(hr) == (0.63, 0.46, 0.86, 95) and hr["p_value"] == "0.003"
    assert ci(result(pfs, lu, "rate")) == (19, 12, 27, 95)
    # "3% [1-9%]": the interval is printed without its own level.
    cab_rate = result(pfs, cab, "rate")
    assert (cab_rate["ci_low"], cab_rate["ci_high"], cab_rate["ci_level"]) == (1, 9, None)
    assert cab_rate["ci_level_not_reported"] is True
    assert result(pfs, None, "events")["value"] == 173
    # T42, A2 congress abstract Results: rPFS HR 0.64, 95%CI 0.46-0.88; p = 0.007; 160 events.
    rpfs = endpoint(therap, "Radiographic progression-free survival")
    assert ci(effect(rpfs, measure="hr")) == (0.64, 0.46, 0.88, 95)
    assert effect(rpfs, measure="hr")["p_value"] == "0.007"
    assert result(rpfs, None, "events")["value"] == 160
    # T43, A2 congress abstract Results: PSA-PFS HR 0.60 95%CI 0.44-0.83; p = 0.002; 172 events.
    psa_pfs = endpoint(therap, "PSA progression-free survival")
    assert ci(effect(psa_pfs, measure="hr")) == (0.60, 0.44, 0.83, 95)
    assert effect(psa_pfs, measure="hr")["p_value"] == "0.002"
    assert result(psa_pfs, None, "events")["value"] == 172
    # T44, A2 congress abstract Results: ORR in 78 men 49% vs 24%, RR 2.1, 95%CI 1.1-4.1; p = 0.019.
    orr = endpoint(therap, "Objective response (RECIST), men with measurable disease")
    assert ci(effect(orr, measure="rr")) == (2.1, 1.1, 4.1, 95)
    assert effect(orr, measure="rr")["p_value"] == "0.019"


def test_pain_and_quality_of_life_asco_gu_2021_abstract(therap):
    lu, cab = arm(therap, "experimental"), arm(therap, "control")
    # T45, A2 congress abstract Results: in 90 men with pain at baseline, 60% vs 43% (RR 1.42,
    # 95%CI 0.84-4.48; p = 0.10), shown exactly as printed with a note.
    pain = endpoint(therap, "Pain response, men with pain at baseline")
    assert find(therap["analysis_sets"], id=pain["analysis_set_id"])["n_total"] == 90
    assert (result(pain, lu, "proportion")["value"], result(pain, cab, "proportion")["value"]) == (
        60,
        43,
    )
    rr = effect(pain, measure="rr")
    assert ci(rr) == (1.42, 0.84, 4.48, 95) and rr["p_value"] == "0.10"
    assert rr["note"].startswith("As printed in the abstract")
    # T46, A2 congress abstract Results: global health status 64 [95%CI 61-67] vs 60 [57-64].
    ghs = endpoint(therap, "Patient-reported global health status")
    assert ci(result(ghs, lu, "other")) == (64, 61, 67, 95)
    assert ci(result(ghs, cab, "other")) == (60, 57, 64, None)
    assert result(ghs, cab, "other")["ci_level_not_reported"] is True
    # T47: fatigue 34 [95%CI 31-37] vs 40 [36-43].
    fatigue = endpoint(therap, "Patient-reported fatigue")
    assert ci(result(fatigue, lu, "other")) == (34, 31, 37, 95)
    assert ci(result(fatigue, cab, "other")) == (40, 36, 43, None)
    # T48: social functioning 79 [76-82] vs 73 [69-77]; T49: insomnia 24 [20-27] vs 29 [25-33].
    social = endpoint(therap, "Patient-reported social functioning")
    assert ci(result(social, lu, "other")) == (79, 76, 82, None)
    assert ci(result(endpoint(therap, "Patient-reported insomnia"), cab, "other")) == (
        29,
        25,
        33,
        None,
    )
    # T50: diarrhoea 8.3 [5.6-11.0] vs 15.6 [12.6-18.6], one decimal as printed.
    diarrhoea = result(endpoint(therap, "Patient-reported diarrhoea"), lu, "other")
    assert ci(diarrhoea) == (8.3, 5.6, 11.0, None) and diarrhoea["decimals"] == 1


def test_overall_survival_asco_2022_abstract_and_pet_excluded_men(therap):
    # T37, A3 congress abstract Results: median follow-up 36 months (data cut-off 31 Dec 2021).
    lu, cab = arm(therap, "experimental"), arm(therap, "control")
    a3 = pub(therap, "ASCO 2022 abstract 5000")
    assert (a3["data_cutoff"], a3["median_follow_up_months"], a3["reports_id"]) == (
        "2021-12-31",
        36,
        None,
    )
    # T38, A3 congress abstract Results: death in 77/99 assigned LuPSMA and 70/101 cabazitaxel.
    os_ = endpoint(therap, "Overall survival")
    assert {r["measure"] for r in os_["results"]} == {"events"}  # median OS: unconfirmed
    assert (result(os_, lu, "events")["value"], result(os_, lu, "events")["n"]) == (77, 99)
    assert (result(os_, cab, "events")["value"], result(os_, cab, "events")["n"]) == (70, 101)
    # T38 and T36, A3 congress abstract Results: 55/61 excluded after PSMA/FDG-PET died; follow-up
    # available in 61 of the 80 (76%). T35: 80 of 291 (27%) excluded (51 SUVmax< 20, 29 discordant).
    excluded = endpoint(therap, "Overall survival, men excluded after PSMA/FDG-PET")
    deaths = result(excluded, None, "events")
    assert (deaths["value"], deaths["n"], deaths["source"]["publication"]) == (
        55,
        61,
        "ASCO 2022 abstract 5000",
    )
    assert find(therap["analysis_sets"], id=excluded["analysis_set_id"])["n_total"] == 61
    assert "80 of 291 (27%)" in therap["screening"] and "51 with SUVmax <20" in therap["screening"]
    # T54, A3 via Medicine Matters news text (secondary): RMST 19.1 and 19.6 months.
    rmst = endpoint(therap, "Overall survival, restricted mean survival time to 36 months")
    assert rmst["publication_id"] == a3["id"]
    assert (result(rmst, lu, "rmst")["value"], result(rmst, cab, "rmst")["value"]) == (19.1, 19.6)
    assert result(rmst, cab, "rmst")["landmark_months"] == 36
    assert result(rmst, lu, "rmst")["source"]["secondary"] is True
    assert result(rmst, lu, "rmst")["ci_low"] is None
    assert rmst["effects"] == []


def test_lancet_oncol_2024_cut_read_in_secondary_reports(therap):
    lu, cab = arm(therap, "experimental"), arm(therap, "control")
    p2 = pub(therap, "Lancet Oncol 2024 (overall survival)")["id"]
    # T30, P2 via m3.com summary text: 19.1カ月、95%CI 16.9-21.4.
    rmst = endpoint(
        therap, "Overall survival, restricted mean survival time to 36 months, Lancet Oncol 2024"
    )
    assert rmst["publication_id"] == p2
    lu_rmst = result(rmst, lu, "rmst")
    assert ci(lu_rmst) == (19.1, 16.9, 21.4, 95) and lu_rmst["source"]["secondary"] is True
    # T31, P2 via m3.com: 19.6カ月、17.4-21.8, an interval printed without its level.
    cab_rmst = result(rmst, cab, "rmst")
    assert ci(cab_rmst) == (19.6, 17.4, 21.8, None) and cab_rmst["ci_level_not_reported"] is True
    assert cab_rmst["landmark_months"] == 36  # T24, P2 Abstract Methods: 36-month restriction time
    # T32, P2 via m3.com: 差-0.5カ月、同-3.7-2.7、P=0.77.
    difference = effect(rmst, measure="difference")
    assert (
        difference["value"],
        difference["ci_low"],
        difference["ci_high"],
        difference["p_value"],
    ) == (
        -0.5,
        -3.7,
        2.7,
        "0.77",
    )
    assert difference["source"]["secondary"] is True
    # T28/T29, P2 via m3.com: deaths 77例(78%) vs 70例(69%).
    os_ = endpoint(therap, "Overall survival, Lancet Oncol 2024")
    assert (result(os_, lu, "events")["value"], result(os_, lu, "proportion")["value"]) == (77, 78)
    assert (result(os_, cab, "events")["value"], result(os_, cab, "proportion")["value"]) == (
        70,
        69,
    )
    # T27, P2 via m3.com: median follow-up 35.7カ月 (not on the publication: it is secondary).
    follow_up = endpoint(therap, "Median follow-up, Lancet Oncol 2024")
    assert result(follow_up, None, "median")["value"] == 35.7
    assert find(therap["publications"], id=p2)["median_follow_up_months"] is None
    # T34, P2 via JNCCN 360 news text: RMST 11.0 months in the 61 PET-excluded men.
    excluded = endpoint(
        therap, "Overall survival, restricted mean survival time, men excluded after PSMA/FDG-PET"
    )
    assert result(excluded, None, "rmst")["value"] == 11.0
    assert result(excluded, None, "rmst")["source"]["secondary"] is True


def test_later_switch_to_the_other_study_treatment_is_a_crossover_record(therap):
    # T33, P2 via JNCCN 360 news text: 20 participants (20%) assigned to cabazitaxel and 32 (32%)
    # assigned to LuPSMA later received the other study treatment.
    lu, cab = arm(therap, "experimental"), arm(therap, "control")
    p2 = pub(therap, "Lancet Oncol 2024 (overall survival)")["id"]
    to_lu = find(therap["crossovers"], from_arm_id=cab)
    assert (to_lu["n"], to_lu["percent"], to_lu["denominator"], to_lu["data_cut_id"]) == (
        20,
        20,
        None,
        p2,
    )
    assert to_lu["source"]["secondary"] is True
    to_cab = find(therap["crossovers"], from_arm_id=lu)
    assert (to_cab["n"], to_cab["percent"], to_cab["to_treatment"]) == (32, 32, "Cabazitaxel")


def test_grade_3_4_adverse_events_asco_2020_abstract(therap):
    # external-facts.md, A1 congress abstract Results: grade 3-4 AEs 31/98 (32%) vs 42/85 (49%).
    lu, cab = arm(therap, "experimental"), arm(therap, "control")
    event = adverse_event(therap, "Grade 3–4 adverse events")
    assert event["high_grade"] == "3-4" and event["data_cut_id"] is None
    assert (ae_arm(event, lu)["high_grade_n"], ae_arm(event, lu)["denominator"]) == (31, 98)
    assert (ae_arm(event, cab)["high_grade_n"], ae_arm(event, cab)["high_grade_pct"]) == (42, 49)


def test_baseline_asco_2020_and_snmmi_2021(therap):
    # T52, A1 congress abstract Results: median age 72 y, prior NAA 91%, >20 lesions 78%.
    labels = {b["label"]: b for b in therap["baseline"]}
    assert labels["Median age — yr"]["value"] == "72"
    assert labels["More than 20 sites of disease — %"]["percent"] == 78
    # T53, A4 congress abstract Results: prior androgen receptor-directed therapy 91%.
    snmmi = labels["Prior androgen receptor–directed therapy — % (SNMMI 2021)"]
    assert (snmmi["percent"], snmmi["source"]["publication"]) == (91, "SNMMI 2021 abstract 1703")


def test_unconfirmed_values_and_open_questions_are_not_curated(therap):
    # Open questions: median OS 16.4 vs 19.4 (forum repost), grade 3-4 35% vs 54% (news of ASCO
    # 2020), restricted-mean PFS 7.1 vs 5.0 (news), "cabazitaxel in 21" (ambiguous): none served.
    values = set()
    for e in therap["endpoints"]:
        values |= {r["value"] for r in e["results"] + e["effects"]}
        assert e["family"] != "os" or all(r["measure"] != "median" for r in e["results"])
    for event in therap["adverse_events"]:
        values |= {c["high_grade_pct"] for c in event["arms"]}
    assert not values & {16.4, 19.4, 35, 54, 7.1, 5.0, 21}
    assert all(x["n"] != 21 for x in therap["crossovers"])
