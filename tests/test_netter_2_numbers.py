"""NETTER-2: values from the trial sheet (trials/netter-2.md), each in its source and data cut.

All documents report the single primary-analysis data cut: the ASCO GI 2024 abstract (A1), the
Lancet 2024 paper (P1, known only through a news summary, S1), and the sub-analyses A8 and A9.
"""

import pytest

from tests.trial_helpers import adverse_event, ae_arm, arm, ci, effect, find, result

pytestmark = pytest.mark.django_db


@pytest.fixture
def netter2(api):
    return api("/api/trials/netter-2/")


def endpoint_in(trial, name, publication):
    """The end point of that name reported in the given publication (data cut)."""
    pub = find(trial["publications"], label=publication)
    return find(trial["endpoints"], name=name, publication_id=pub["id"])


PFS = "Progression-free survival (central assessment, RECIST 1.1)"
ASCO = "ASCO GI 2024 LBA588"


def test_design_and_randomisation(netter2):
    # N2-01, A1 LBA588 Results: 226 randomised.
    assert netter2["n_randomised"] == 226
    assert netter2["n_enrolled"] is None
    # N2-02 / N2-03, A1 LBA588 Results: 151 to ¹⁷⁷Lu-Dotatate, 75 to octreotide LAR 60 mg.
    arms = {a["role"]: a for a in netter2["arms"]}
    assert (arms["experimental"]["n_randomised"], arms["control"]["n_randomised"]) == (151, 75)
    # N2-45, A8 congress abstract 4131, Results: safety population 147 vs 73.
    assert (arms["experimental"]["n_safety"], arms["control"]["n_safety"]) == (147, 73)
    # Identity (A1, A3): 7.4 GBq every 8 weeks, 4 cycles; control has no radioligand.
    lu = arms["experimental"]
    assert (lu["activity_gbq"], lu["interval_weeks"], lu["max_cycles"]) == (7.4, 8, 4)
    assert lu["agent"]["slug"] == "lu-177-dotatate" and arms["control"]["agent"] is None
    assert (netter2["disease"], netter2["randomisation_ratio"]) == ("net", "2:1")


def test_sites_conflict_keeps_the_authors_value_and_notes_the_other(netter2):
    # N2-16, A6 SNMMI 2024 abstract 241951, Results: 38 sites in 9 countries (authors).
    # N2-17, S1 DocWire News summary of P1: 45 centers across 9 countries (conflicting; noted).
    assert netter2["n_sites"] == 38
    assert "38 sites in 9 countries" in netter2["sites"]
    assert "45 centers across 9 countries" in netter2["sites"]


def test_screening_is_secondary_text(netter2):
    # N2-19 / N2-20 / N2-21 / N2-22, S1 DocWire News summary of P1: 261 screened, 35 excluded,
    # 151 (67%) vs 75 (33%). Secondary: kept as text naming the outlet, not as n_screened.
    assert netter2["n_screened"] is None
    assert "261 patients screened" in netter2["screening"]
    assert "35 were excluded" in netter2["screening"]
    assert "151 (67%)" in netter2["screening"] and "75 (33%)" in netter2["screening"]
    assert "(secondary: DocWire News" in netter2["screening"]


def test_primary_pfs_asco_gi_2024(netter2):
    lu, oc = arm(netter2, "experimental"), arm(netter2, "control")
    pfs = endpoint_in(netter2, PFS, ASCO)
    assert pfs["role"] == "primary"
    # N2-09, A1 LBA588 Results: control median 8.5 (7.7, 13.8) months.
    assert ci(result(pfs, oc, "median")) == (8.5, 7.7, 13.8, 95)
    # N2-10, A1 LBA588 Results: ¹⁷⁷Lu median 22.8 (19.4, not estimable) months.
    median = result(pfs, lu, "median")
    assert (median["value"], median["ci_low"], median["ci_high"]) == (22.8, 19.4, None)
    assert median["ci_high_not_estimable"] is True
    assert median["source"]["secondary"] is False
    # N2-11, A1 LBA588 Results: HR 0.276 (0.182, 0.418); p < 0.0001.
    hr = effect(pfs, measure="hr")
    assert ci(hr) == (0.276, 0.182, 0.418, 95)
    assert (hr["p_value"], hr["decimals"]) == ("<0.0001", 3)
    # N2-12, A1 LBA588 Results: median PFS prolonged by ~14.3 months (printed as approximate).
    (gain,) = [
        e
        for e in pfs["effects"]
        if e["measure"] == "difference" and e["source"]["publication"] == ASCO
    ]
    assert (gain["value"], gain["unit"], gain["decimals"]) == (14.3, "months", 1)
    assert "~14.3" in gain["note"]
    # N2-18, A5 NANETS 2024 C31, Background: median PFS improved by 14 months (restated).
    restated = [e for e in pfs["effects"] if e["source"]["publication"] == "NANETS 2024 C31"]
    assert [(e["value"], e["decimals"]) for e in restated] == [(14, 0)]
    # N2-44, S5 press coverage: 72% reduction in the risk of progression or death (secondary).
    (rrr,) = [e for e in pfs["effects"] if e["source"]["secondary"]]
    assert (rrr["value"], rrr["unit"]) == (72, "% relative risk reduction")


def test_objective_response_asco_gi_2024(netter2):
    lu, oc = arm(netter2, "experimental"), arm(netter2, "control")
    orr = endpoint_in(netter2, "Objective response rate (RECIST 1.1)", ASCO)
    assert orr["role"] == "key-secondary"
    # N2-13 / N2-14, A1 LBA588 Results: ORR 43.0% vs 9.3%.
    assert (result(orr, lu, "proportion")["value"], result(orr, lu, "proportion")["decimals"]) == (
        43.0,
        1,
    )
    assert result(orr, oc, "proportion")["value"] == 9.3
    # N2-15, A1 LBA588 Results: odds ratio 7.81 (95% CI 3.32, 18.4).
    odds = effect(orr, measure="or")
    assert ci(odds) == (7.81, 3.32, 18.4, 95)
    assert "18.4" in odds["note"]
    # N2-18, A5 NANETS 2024 C31, Background: ORR improved by 34%.
    assert effect(orr, measure="difference")["value"] == 34
    # N2-26, S3 CancerNetwork discussion of ASCO GI 2024: 43.0% (95% CI 35.0%-51.3%), secondary.
    with_ci = endpoint_in(netter2, "Objective response rate (RECIST 1.1), 95% CI as reported", ASCO)
    row = result(with_ci, lu, "proportion")
    assert ci(row) == (43.0, 35.0, 51.3, 95)
    assert row["source"]["secondary"] is True


def test_exposure_asco_gi_2024(netter2):
    lu = arm(netter2, "experimental")
    exposure = endpoint_in(netter2, "Treatment exposure, ¹⁷⁷Lu arm", ASCO)
    # N2-07, A1 LBA588 Results: median cumulative activity 29.2 GBq.
    activity = result(exposure, lu, "other")
    assert (activity["value"], activity["unit"]) == (29.2, "GBq (median cumulative activity)")
    # N2-08, A1 LBA588 Results: 87.8% received all 4 doses.
    assert result(exposure, lu, "proportion")["value"] == 87.8


def test_lancet_2024_values_are_secondary(netter2):
    lu, oc = arm(netter2, "experimental"), arm(netter2, "control")
    pubs = {p["label"]: p for p in netter2["publications"]}
    assert pubs["DocWire News 2025 (Lancet summary)"]["reports_id"] == pubs["Lancet 2024"]["id"]
    pfs = endpoint_in(netter2, PFS, "Lancet 2024")
    # N2-23, S1 news summary of P1: control 8.5 months (95% CI, 7.7-13.8).
    assert ci(result(pfs, oc, "median")) == (8.5, 7.7, 13.8, 95)
    # N2-24, S1 news summary of P1: 22.8 months (95% CI, 19.4 to not estimated).
    median = result(pfs, lu, "median")
    assert (median["value"], median["ci_high_not_estimable"]) == (22.8, True)
    assert median["source"]["secondary"] is True
    # N2-25, S1 news summary of P1: stratified HR 0.276 [0.182-0.418]; P<.0001.
    hr = effect(pfs, measure="hr")
    assert ci(hr) == (0.276, 0.182, 0.418, 95)
    assert (hr["analysis"], hr["p_value"], hr["source"]["secondary"]) == (
        "Stratified",
        "<.0001",
        True,
    )


def test_news_and_company_reports(netter2):
    lu, oc = arm(netter2, "experimental"), arm(netter2, "control")
    medpath = 'MedPath news ("Casting a wide NET")'
    # N2-28 / N2-29, S3b news article: disease control rate 90.7% vs 66.7%.
    dcr = endpoint_in(netter2, "Disease control rate", medpath)
    assert (result(dcr, lu, "proportion")["value"], result(dcr, oc, "proportion")["value"]) == (
        90.7,
        66.7,
    )
    assert result(dcr, lu, "proportion")["source"]["secondary"] is True
    # N2-30, S3b news article: median OS not yet reached in either arm.
    os_ = endpoint_in(netter2, "Overall survival", medpath)
    for arm_id in (lu, oc):
        row = result(os_, arm_id, "median")
        assert (row["value"], row["not_reached"]) == (None, True)
    pros = "Lutathera HCP site: NETTER-2 PROs (company)"
    # N2-38 to N2-41, S4b company PRO page: median time to deterioration.
    for name, values in [
        ("global health status", (13.2, 8.6)),
        ("pain", (10.3, 8.6)),
        ("diarrhoea", (17.4, 17.3)),
        ("fatigue", (6.0, 6.0)),
    ]:
        ttd = endpoint_in(netter2, f"Time to deterioration, {name} (EORTC QLQ-C30)", pros)
        assert (result(ttd, lu, "median")["value"], result(ttd, oc, "median")["value"]) == values
    # N2-42, S4b company PRO page: 98.7% completed the QLQ-C30 at baseline, both arms.
    qlq = endpoint_in(netter2, "EORTC QLQ-C30 completed at baseline", pros)
    assert result(qlq, None, "proportion")["value"] == 98.7
    # N2-43, S4b company PRO page: treatment discontinued by data cut-off, 80% control vs 48%.
    stopped = endpoint_in(netter2, "Treatment discontinued by the data cut-off", pros)
    assert result(stopped, oc, "proportion")["value"] == 80
    assert result(stopped, lu, "proportion")["value"] == 48


def test_baseline(netter2):
    rows = {b["label"]: b for b in netter2["baseline"]}
    # N2-04 / N2-05 / N2-06, A1 LBA588 Results: pancreas 54.4%, small intestine 29.2%, G3 35.0%.
    assert rows["Primary tumour in the pancreas"]["percent"] == 54.4
    assert rows["Primary tumour in the small intestine"]["percent"] == 29.2
    assert (rows["Grade 3 tumours"]["value"], rows["Grade 3 tumours"]["percent"]) == ("35.0%", 35.0)
    # N2-37, S4 company HCP page: ~65% grade 2, ~35% grade 3 (approximate: no exact percent).
    approx = rows["Grade 2 tumours (approximate)"]
    assert (approx["value"], approx["percent"], approx["source"]["secondary"]) == (
        "~65%",
        None,
        True,
    )
    # N2-35, S4 company HCP page: 44 patients (19.5%) with prior therapy.
    prior = rows["Prior therapy (without progression) before entry"]
    assert (prior["n"], prior["percent"]) == (44, 19.5)
    # N2-36, S4 company HCP page: prior CAPTEM 1, everolimus 1, SSA 42.
    assert rows["Prior somatostatin analogue (of those with prior therapy)"]["n"] == 42


def test_safety(netter2):
    lu, oc = arm(netter2, "experimental"), arm(netter2, "control")
    # N2-27, S1 news summary of P1: any-grade AEs 136 (93%) of 147, belonging to the Lancet cut.
    pubs = {p["label"]: p["id"] for p in netter2["publications"]}
    anyae = adverse_event(netter2, "Any adverse event")
    assert anyae["data_cut_id"] == pubs["Lancet 2024"] and anyae["source"]["secondary"] is True
    cell = ae_arm(anyae, lu)
    assert (cell["all_grades_n"], cell["all_grades_pct"], cell["denominator"]) == (136, 93, 147)
    # N2-31, S3b news article: nausea 27% vs 18%, any grade.
    nausea = adverse_event(netter2, "Nausea")
    assert (ae_arm(nausea, lu)["all_grades_pct"], ae_arm(nausea, oc)["all_grades_pct"]) == (27, 18)
    # N2-32 / N2-33, S3b: diarrhoea 26% vs 34%; abdominal pain 18% vs 27%.
    assert ae_arm(adverse_event(netter2, "Diarrhoea"), oc)["all_grades_pct"] == 34
    assert ae_arm(adverse_event(netter2, "Abdominal pain"), oc)["all_grades_pct"] == 27
    # N2-34, S3b: grade ≥3 haematological toxicity 20 patients (14%) vs 1 patient (1%).
    haem = adverse_event(netter2, "Grade ≥3 haematological toxicity")
    assert haem["high_grade"] == "3+"
    assert (ae_arm(haem, lu)["high_grade_n"], ae_arm(haem, lu)["high_grade_pct"]) == (20, 14)
    assert (ae_arm(haem, oc)["high_grade_n"], ae_arm(haem, oc)["high_grade_pct"]) == (1, 1)
    # N2-46, A8 abstract 4131, Results: grade 3/4 lymphocytes decreased 38.1% vs 2.7%.
    lymph = adverse_event(netter2, "Lymphocytes decreased")
    assert (lymph["high_grade"], lymph["category"], lymph["decimals"]) == ("3-4", "laboratory", 1)
    assert (ae_arm(lymph, lu)["high_grade_pct"], ae_arm(lymph, oc)["high_grade_pct"]) == (38.1, 2.7)
    assert ae_arm(adverse_event(netter2, "Leukocytes decreased"), oc)["high_grade_pct"] == 0
    assert ae_arm(adverse_event(netter2, "Haemoglobin decreased"), lu)["high_grade_pct"] == 1.4
    # N2-48, A8: infections 31.3% vs 27.4%.
    infections = adverse_event(netter2, "Infections")
    assert ae_arm(infections, lu)["all_grades_pct"] == 31.3
    # N2-49, A8: one case of myelodysplastic syndrome in the ¹⁷⁷Lu arm, ~14 months after cycle 1.
    mds = adverse_event(netter2, "Myelodysplastic syndrome")
    assert ae_arm(mds, lu)["all_grades_n"] == 1 and "~14 months" in mds["note"]
    # N2-50, A8: five fatal AEs, all unrelated to treatment (counts for both arms together).
    fatal = adverse_event(netter2, "Fatal adverse events during randomised treatment")
    assert ae_arm(fatal, None)["all_grades_n"] == 5
    # N2-47, A8: median time to first haematological toxicity 4.4 months.
    ttx = endpoint_in(
        netter2,
        "Time to first haematological toxicity",
        "Abstract 4131 (safety and time to response)",
    )
    assert result(ttx, None, "median")["value"] == 4.4


def test_subgroups_by_grade_and_origin_esmo_gi_2024(netter2):
    lu = arm(netter2, "experimental")
    esmo = "ESMO GI 2024 211MO"
    sets = {s["label"]: s["id"] for s in netter2["analysis_sets"]}
    # N2-51 / N2-52, A9 211MO Results: median PFS G3 22.2 m vs G2 29.0 m; pNETs 19.4 vs SI 29.0.
    g3 = endpoint_in(netter2, "Progression-free survival, grade 3 NETs", esmo)
    assert g3["analysis_set_id"] == sets["Grade 3 NETs, ¹⁷⁷Lu arm"]
    assert result(g3, lu, "median")["value"] == 22.2
    for name, value in [
        ("grade 2 NETs", 29.0),
        ("pancreatic NETs", 19.4),
        ("small-intestine NETs", 29.0),
    ]:
        assert (
            result(endpoint_in(netter2, f"Progression-free survival, {name}", esmo), lu, "median")[
                "value"
            ]
            == value
        )
    # N2-53 / N2-54, A9: ORR G3 48.1%, G2 40.4%, pNETs 51.2%, SI NETs 26.7%.
    for name, value in [
        ("grade 3 NETs", 48.1),
        ("grade 2 NETs", 40.4),
        ("pancreatic NETs", 51.2),
        ("small-intestine NETs", 26.7),
    ]:
        orr = endpoint_in(netter2, f"Objective response rate, {name}", esmo)
        assert result(orr, lu, "proportion")["value"] == value
    # N2-55, A9: DoR 24.9 m (23.3, NE) in G2; 18.4 m (11.3, 23.3) in pNETs; NE for SI NETs.
    g2 = result(endpoint_in(netter2, "Duration of response, grade 2 NETs", esmo), lu, "median")
    assert (g2["value"], g2["ci_low"], g2["ci_high"], g2["ci_high_not_estimable"]) == (
        24.9,
        23.3,
        None,
        True,
    )
    pnet = result(endpoint_in(netter2, "Duration of response, pancreatic NETs", esmo), lu, "median")
    assert ci(pnet) == (18.4, 11.3, 23.3, 95)
    si = result(
        endpoint_in(netter2, "Duration of response, small-intestine NETs", esmo), lu, "median"
    )
    assert (si["value"], si["not_estimable"]) == (None, True)
    # N2-56, A9: median time to response ∼5.8 m in all four subgroups (approximate).
    ttr = result(endpoint_in(netter2, "Time to response, grade 3 NETs", esmo), lu, "median")
    assert ttr["value"] == 5.8 and "∼5.8" in ttr["note"]


def test_no_crossover_counts(netter2):
    # Identity (S4, R1 secondary): optional crossover after progression, no counts published.
    assert netter2["crossovers"] == []
    assert "Optional crossover" in netter2["design_detail"]
    assert "(secondary: Lutathera HCP site" in netter2["design_detail"]


def test_every_publication_is_a_single_primary_data_cut(netter2):
    # Sheet, Publications: all located items report the single primary-analysis cut; no
    # cut-off date is printed, and nothing from the ESMO 2024 adjusted analysis is curated.
    assert {p["data_cutoff"] for p in netter2["publications"]} == {None}
    assert all(e["value"] != 0.212 for ep in netter2["endpoints"] for e in ep["effects"])
