"""COMPETE: values from the trial sheet (trials/compete.md), each in its source.

No authors' results abstract could be read: every results number is from a secondary report
(shown as secondary). The ENETS 2025 reports (Medimix, Pharmaceutical Technology) and the ESMO
2025 and NANETS 2025 reports (OncLive) are kept apart, never merged into one row.
"""

import pytest

from tests.trial_helpers import adverse_event, ae_arm, arm, ci, effect, find, result

pytestmark = pytest.mark.django_db


@pytest.fixture
def compete(api):
    return api("/api/trials/compete/")


def endpoint_in(trial, name, publication):
    """The end point of that name reported in the given publication (data cut)."""
    pub = find(trial["publications"], label=publication)
    return find(trial["endpoints"], name=name, publication_id=pub["id"])


ESMO = "OncLive ESMO 2025 report (news)"
NANETS = "OncLive NANETS 2025 report (news)"
ENETS = "ENETS 2025 abstract #4669"


def test_design_from_the_authors_abstracts(compete):
    arms = {a["role"]: a for a in compete["arms"]}
    lu = arms["experimental"]
    # C-03, A1 ENETS 2025 #4669, Materials and methods: maximum 4 cycles of 7.5 GBq every 12 weeks.
    assert (lu["activity_gbq"], lu["interval_weeks"], lu["max_cycles"]) == (7.5, 12, 4)
    assert lu["agent"]["slug"] == "lu-177-edotreotide"
    assert lu["source"]["publication"] == ENETS
    # C-04, A1 Materials and methods: everolimus 10 mg daily up to 30 months.
    # C-02, A0 ESMO 2018 abstract 5670, Trial design: 24 months at the trial-in-progress stage.
    assert "up to 30 months" in arms["control"]["regimen"]
    assert "24 months" in arms["control"]["regimen"]
    assert arms["control"]["agent"] is None
    # C-05, A1 Materials and methods: Ki-67 ≤20%.
    assert "Ki-67 ≤20%" in compete["key_eligibility"]
    # C-06 / C-07 (unconfirmed, AI-written summary): 324 enrolled and the randomisation window
    # are not curated; nor is a trial-level randomised N (no authors' figure was read).
    assert (compete["n_screened"], compete["n_enrolled"], compete["n_randomised"]) == (
        None,
        None,
        None,
    )
    assert compete["enrolment_period"] == ""
    assert (compete["disease"], compete["randomisation_ratio"]) == ("net", "2:1")


def test_planned_sample_size_trial_in_progress(compete):
    lu, eve = arm(compete, "experimental"), arm(compete, "control")
    plan = endpoint_in(
        compete,
        "Planned sample size (trial-in-progress design)",
        "ESMO 2018 abstract 5670 (trial in progress)",
    )
    # C-01, A0 ESMO 2018 abstract 5670, Trial design: 300 patients, 200 vs 100.
    assert result(plan, None, "other")["value"] == 300
    assert (result(plan, lu, "other")["value"], result(plan, eve, "other")["value"]) == (200, 100)
    assert result(plan, None, "other")["source"]["secondary"] is False


def test_randomised_ns_are_secondary(compete):
    # C-08 / C-09, randomised 207 vs 102: cited to the news outlet that prints them (OncLive).
    rand = find(compete["analysis_sets"], label="Randomised patients (as reported at ESMO 2025)")
    lu, eve = arm(compete, "experimental"), arm(compete, "control")
    assert {r["arm_id"]: r["n"] for r in rand["arm_ns"]} == {lu: 207, eve: 102}
    assert rand["source"]["secondary"] is True


def test_primary_pfs_esmo_2025_report(compete):
    lu, eve = arm(compete, "experimental"), arm(compete, "control")
    pfs = endpoint_in(compete, "Progression-free survival (BICR)", ESMO)
    assert pfs["role"] == "primary"
    # C-13, S4 ESMO 2025 report: 23.9 months (95% CI, 18.7-30.0), n = 207.
    median = result(pfs, lu, "median")
    assert ci(median) == (23.9, 18.7, 30.0, 95) and median["n"] == 207
    assert median["source"]["secondary"] is True
    # C-14, S4: 14.1 months (95% CI, 9.2-20.9), n = 102.
    assert ci(result(pfs, eve, "median")) == (14.1, 9.2, 20.9, 95)
    # C-15, S4: HR 0.67; 95% CI 0.48-0.95; P = .022.
    hr = effect(pfs, measure="hr")
    assert ci(hr) == (0.67, 0.48, 0.95, 95) and hr["p_value"] == ".022"
    assert hr["source"]["secondary"] is True
    # C-17 / C-18 / C-19, S4: local investigator 24.1 (21.2-26.7) vs 17.6 (12.2-21.0);
    # HR 0.66 (0.48-0.91), P = .010.
    local = endpoint_in(compete, "Progression-free survival (local investigator)", ESMO)
    assert local["role"] == "supplementary"
    assert ci(result(local, lu, "median")) == (24.1, 21.2, 26.7, 95)
    assert ci(result(local, eve, "median")) == (17.6, 12.2, 21.0, 95)
    assert ci(effect(local, measure="hr")) == (0.66, 0.48, 0.91, 95)


def test_origin_subgroups_esmo_2025_report(compete):
    lu, eve = arm(compete, "experimental"), arm(compete, "control")
    ge = endpoint_in(compete, "Progression-free survival (BICR), GE-NET subgroup", ESMO)
    # C-27, S4: GE-NET 177Lu 23.9 months (95% CI, 14.0-not evaluable [NE]), n = 88.
    median = result(ge, lu, "median")
    assert (median["value"], median["ci_low"], median["ci_high"]) == (23.9, 14.0, None)
    assert median["ci_high_not_estimable"] is True and median["n"] == 88
    # C-28, S4: everolimus 12.0 months (95% CI, 8.8-23.7), n = 43.
    assert ci(result(ge, eve, "median")) == (12.0, 8.8, 23.7, 95)
    # C-29, S4: HR 0.64; 95% CI 0.38-1.08; P = .090.
    assert ci(effect(ge, measure="hr")) == (0.64, 0.38, 1.08, 95)
    pnet = endpoint_in(compete, "Progression-free survival (BICR), P-NET subgroup", ESMO)
    # C-30 / C-31 / C-32, S4: P-NET 24.5 (18.4-30.0; n = 119) vs 14.7 (8.5-NE; n = 59);
    # HR 0.70 (0.45-1.09), P = .114.
    assert ci(result(pnet, lu, "median")) == (24.5, 18.4, 30.0, 95)
    assert result(pnet, eve, "median")["ci_high_not_estimable"] is True
    assert (effect(pnet, measure="hr")["value"], effect(pnet, measure="hr")["p_value"]) == (
        0.70,
        ".114",
    )


def test_enets_2025_reports(compete):
    lu, eve = arm(compete, "experimental"), arm(compete, "control")
    pubs = {p["label"]: p for p in compete["publications"]}
    assert pubs["Medimix ENETS 2025 report (news)"]["reports_id"] == pubs[ENETS]["id"]
    # C-16, S3 ENETS 2025 report: 33% relative reduction in the risk of progression or death.
    pfs = endpoint_in(compete, "Progression-free survival (BICR)", ENETS)
    rrr = effect(pfs, measure="difference")
    assert (rrr["value"], rrr["unit"], rrr["source"]["secondary"]) == (
        33,
        "% relative risk reduction",
        True,
    )
    # C-21 / C-22, S3 ENETS 2025 report: interim median OS 63.4 vs 58.7 months.
    os_ = endpoint_in(compete, "Overall survival (interim)", ENETS)
    assert (result(os_, lu, "median")["value"], result(os_, eve, "median")["value"]) == (63.4, 58.7)
    # C-23, S3: HR 0.78 [0.53-1.15]; p = 0.206, printed without a CI level.
    # C-24, S8 DocWire News: 95% CI 0.5-1.1 (conflicting: kept in the note).
    hr = effect(os_, measure="hr")
    assert (hr["value"], hr["ci_low"], hr["ci_high"], hr["p_value"]) == (0.78, 0.53, 1.15, "0.206")
    assert hr["ci_level"] is None and hr["ci_level_not_reported"] is True
    assert "95% CI, 0.5-1.1" in hr["note"]


def test_nanets_2025_subgroups(compete):
    lu, eve = arm(compete, "experimental"), arm(compete, "control")
    second = endpoint_in(compete, "Progression-free survival (BICR), second-line subgroup", NANETS)
    # C-33, S5b NANETS 2025 report: HR 0.678; 95% CI 0.47-0.98; P = .039.
    hr = effect(second, measure="hr")
    assert ci(hr) == (0.678, 0.47, 0.98, 95) and hr["p_value"] == ".039"
    # C-34, S5b: 23.9 months (n = 177) vs 14.1 months (n = 85).
    assert (result(second, lu, "median")["value"], result(second, lu, "median")["n"]) == (23.9, 177)
    assert (result(second, eve, "median")["value"], result(second, eve, "median")["n"]) == (
        14.1,
        85,
    )
    # C-35 to C-39, S5b: first line 0.598 (0.25-1.45), grade 1 0.657 (0.42-1.04), grade 2 0.635
    # (0.37-1.10), GE-NET 0.636 (0.38-1.08), P-NET 0.699 (0.45-1.09).
    for label, expected in [
        ("first-line subgroup", (0.598, 0.25, 1.45, 95)),
        ("grade 1 subgroup", (0.657, 0.42, 1.04, 95)),
        ("grade 2 subgroup", (0.635, 0.37, 1.10, 95)),
        ("GE-NET subgroup", (0.636, 0.38, 1.08, 95)),
        ("P-NET subgroup", (0.699, 0.45, 1.09, 95)),
    ]:
        ep = endpoint_in(compete, f"Progression-free survival (BICR), {label}", NANETS)
        assert ci(effect(ep, measure="hr")) == expected
    # C-40 / C-41, S5b: ORR grade 1 15.8% vs 3.3% (P = .018), grade 2 28.3% vs 3.1% (P = .003);
    # the subgroup Ns disagree between outlets and are not curated.
    g1 = endpoint_in(compete, "Objective response rate, grade 1 subgroup", NANETS)
    assert (result(g1, lu, "proportion")["value"], result(g1, eve, "proportion")["value"]) == (
        15.8,
        3.3,
    )
    assert effect(g1, measure="test")["p_value"] == ".018"
    assert result(g1, lu, "proportion")["n"] is None
    grade1 = find(compete["analysis_sets"], label="Grade 1 subgroup")
    assert grade1["arm_ns"] == [] and grade1["n_total"] is None
    g2 = endpoint_in(compete, "Objective response rate, grade 2 subgroup", NANETS)
    assert result(g2, lu, "proportion")["value"] == 28.3
    # C-42, S5b: GE-NET ORR 6.0% vs 5.0%, P = 1.00.
    ge = endpoint_in(compete, "Objective response rate, GE-NET subgroup", NANETS)
    assert (result(ge, lu, "proportion")["value"], result(ge, eve, "proportion")["value"]) == (
        6.0,
        5.0,
    )
    assert effect(ge, measure="test")["p_value"] == "1.00"


def test_adverse_events_and_baseline(compete):
    lu, eve = arm(compete, "experimental"), arm(compete, "control")
    pubs = {p["label"]: p["id"] for p in compete["publications"]}
    # C-26, S7 news on ENETS data: any TEAE 82.5% vs 97% (C-25 cited to this outlet instead of
    # the summary site); the row belongs to the ENETS 2025 cut.
    teae = adverse_event(compete, "Any treatment-emergent adverse event")
    assert (ae_arm(teae, lu)["all_grades_pct"], ae_arm(teae, eve)["all_grades_pct"]) == (82.5, 97)
    assert teae["data_cut_id"] == pubs[ENETS] and teae["source"]["secondary"] is True
    # C-12, S3 ENETS 2025 report: approximately 85% previously treated with an SSA.
    rows = {(b["label"], b["arm_id"]): b for b in compete["baseline"]}
    ssa = rows[("Previously treated with a somatostatin analogue (both arms)", None)]
    assert (ssa["value"], ssa["percent"]) == ("approximately 85%", None)
    # C-44, Targeted Oncology news report: median age 65 (ITM-11) and 61 (everolimus).
    assert rows[("Median age (years)", lu)]["value"] == "65"
    assert rows[("Median age (years)", eve)]["value"] == "61"
    assert rows[("Median age (years)", eve)]["source"]["secondary"] is True


def test_crossover_is_a_design_note_without_counts(compete):
    # C-43, ApexOnco news quoting a sponsor spokesperson: crossover permitted, counts not disclosed.
    assert compete["crossovers"] == []
    assert "permitted to receive ITM-11" in compete["design_detail"]
    assert "(secondary: ApexOnco)" in compete["design_detail"]


def test_unconfirmed_values_are_absent(compete):
    # C-10 / C-11 (follow-up 27.5 vs 21.2 months) and C-20 (ORR 21.9% vs 4.2%) were read only
    # on AI-written summary sites: never curated.
    values = {
        r["value"] for ep in compete["endpoints"] for r in ep["results"] if r["value"] is not None
    }
    assert not values & {27.5, 21.2, 21.9, 4.2}
    assert all(ep["family"] != "follow-up" for ep in compete["endpoints"])
