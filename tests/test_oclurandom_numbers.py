"""OCLURANDOM: values from the trial sheet (trials/oclurandom.md), each in its source.

A randomised, non-comparative phase 2 trial that counts patients enrolled and reports 90% CIs.
The ESMO 2022 abstract 887O (A1) is the authors' source; Endocrinology Advisor (S1) reports the
presentation and is secondary.
"""

import pytest

from tests.trial_helpers import adverse_event, ae_arm, arm, ci, find, result

pytestmark = pytest.mark.django_db


@pytest.fixture
def oclu(api):
    return api("/api/trials/oclurandom/")


def endpoint_in(trial, name, publication):
    """The end point of that name reported in the given publication (data cut)."""
    pub = find(trial["publications"], label=publication)
    return find(trial["endpoints"], name=name, publication_id=pub["id"])


ESMO = "ESMO 2022 abstract 887O"
NEWS = "Endocrinology Advisor 2022 (news)"
RATE = "12-month progression-free survival rate"


def test_enrolled_not_randomised(oclu):
    # O-01, A1 Results: 84 pts enrolled (n_enrolled, not n_randomised).
    assert (oclu["n_enrolled"], oclu["n_randomised"]) == (84, None)
    # O-02 / O-03, A1 Results: 41 OCLU, 43 sunitinib.
    arms = {a["role"]: a for a in oclu["arms"]}
    assert (arms["experimental"]["n_randomised"], arms["control"]["n_randomised"]) == (41, 43)
    # Identity (A1): 177Lu-octreotate 7.4 GBq x 4 every 8 weeks (= DOTA-TATE); sunitinib control.
    lu = arms["experimental"]
    assert (lu["activity_gbq"], lu["interval_weeks"], lu["max_cycles"]) == (7.4, 8, 4)
    assert lu["label"] == "¹⁷⁷Lu-octreotate (OCLU)" and lu["agent"]["slug"] == "lu-177-dotatate"
    assert arms["control"]["agent"] is None
    assert (oclu["phase"], oclu["disease"], oclu["randomisation_ratio"]) == ("2", "net", "1:1")
    # O-19, A1 Methods: Fleming design, 40 pts; effective if 19 or more pts are free of progression.
    assert "non-comparative" in oclu["design_detail"]
    assert "40 patients" in oclu["design_detail"] and "19 or more" in oclu["design_detail"]


def test_primary_12_month_pfs_rate_with_90_percent_ci(oclu):
    lu, sun = arm(oclu, "experimental"), arm(oclu, "control")
    rate = endpoint_in(oclu, RATE, ESMO)
    assert rate["role"] == "primary"
    # O-10, A1 Results: 80.5% (33/41 pts with 12m-PFS) (IC90%: 67.5-89.9).
    oclu_rate = result(rate, lu, "rate")
    assert ci(oclu_rate) == (80.5, 67.5, 89.9, 90)
    assert (oclu_rate["landmark_months"], oclu_rate["n"]) == (12, 41)
    assert (result(rate, lu, "responders")["value"], result(rate, lu, "responders")["n"]) == (
        33,
        41,
    )
    # O-11, A1 Results: 42 % (n=18/43 pts with 12mPFS) (IC90%: 29.1-55.5, including 35%).
    assert ci(result(rate, sun, "rate")) == (42, 29.1, 55.5, 90)
    assert result(rate, sun, "responders")["value"] == 18
    # Non-comparative: no between-arm estimate.
    assert all(ep["effects"] == [] for ep in oclu["endpoints"])


def test_median_pfs_abstract(oclu):
    lu, sun = arm(oclu, "experimental"), arm(oclu, "control")
    pfs = endpoint_in(oclu, "Progression-free survival", ESMO)
    # O-12, A1 Results: 20.7 (90CI: 17.2-23.7), unit not printed.
    assert ci(result(pfs, lu, "median")) == (20.7, 17.2, 23.7, 90)
    # O-13, A1 Results: 11 months (90CI: 8.8-12.4).
    assert ci(result(pfs, sun, "median")) == (11, 8.8, 12.4, 90)
    assert result(pfs, sun, "median")["source"]["secondary"] is False


def test_presentation_values_are_secondary(oclu):
    lu, sun = arm(oclu, "experimental"), arm(oclu, "control")
    pubs = {p["label"]: p for p in oclu["publications"]}
    assert pubs[NEWS]["reports_id"] == pubs[ESMO]["id"]
    # O-22, S1 news: median follow-up 40 months.
    assert pubs[NEWS]["median_follow_up_months"] == 40
    follow_up = endpoint_in(oclu, "Median follow-up", NEWS)
    assert result(follow_up, None, "median")["value"] == 40
    # O-26, S1 news: 12-month PFS 80% vs 42% (rounded in the report).
    rate = endpoint_in(oclu, RATE, NEWS)
    row = result(rate, lu, "rate")
    assert (row["value"], row["decimals"], row["source"]["secondary"]) == (80, 0, True)
    assert result(rate, sun, "rate")["value"] == 42
    # O-27, S1 news: median PFS 20.7 vs 11.0 months.
    pfs = endpoint_in(oclu, "Progression-free survival", NEWS)
    assert (result(pfs, lu, "median")["value"], result(pfs, sun, "median")["value"]) == (20.7, 11.0)
    # O-29, R1 registry: anticipated enrolment 80.
    plan = endpoint_in(oclu, "Anticipated enrolment (registry)", "Registry mirror of NCT02230176")
    assert result(plan, None, "other")["value"] == 80
    assert result(plan, None, "other")["source"]["secondary"] is True


def test_adverse_events_and_conflicts(oclu):
    lu, sun = arm(oclu, "experimental"), arm(oclu, "control")
    # O-14, A1 Results: grade 3-4 AEs 44% vs 60% (authors); O-23, S1 prints 63%: noted.
    overall = adverse_event(oclu, "Grade 3-4 adverse events")
    assert overall["high_grade"] == "3-4"
    assert (ae_arm(overall, lu)["high_grade_pct"], ae_arm(overall, sun)["high_grade_pct"]) == (
        44,
        60,
    )
    assert "63%" in overall["note"] and overall["source"]["secondary"] is False
    # O-16, A1 Results: decreased blood count 12% vs 24% (authors); O-24, S1 prints 23%: noted.
    blood = adverse_event(oclu, "Decreased blood count")
    assert ae_arm(blood, sun)["high_grade_pct"] == 24 and "23%" in blood["note"]
    # O-15 / O-17, A1 Results: fatigue 7% vs 12%; hypertension 12% vs 19%.
    assert ae_arm(adverse_event(oclu, "Fatigue"), sun)["high_grade_pct"] == 12
    assert ae_arm(adverse_event(oclu, "Hypertension"), sun)["high_grade_pct"] == 19
    # O-18, A1 Results: one death, in the sunitinib arm.
    death = adverse_event(oclu, "Death")
    assert [(c["arm_id"], c["all_grades_n"]) for c in death["arms"]] == [(sun, 1)]
    # O-25, S1 news: grade 3-4 digestive AEs 12% vs 21% (secondary).
    digestive = adverse_event(oclu, "Grade 3-4 digestive adverse events")
    assert digestive["source"]["secondary"] is True
    assert ae_arm(digestive, sun)["high_grade_pct"] == 21
    # O-28, S1 news: drug withdrawal for AEs 5% vs 21% (sentence truncated).
    withdrawal = adverse_event(oclu, "Drug withdrawal for adverse events")
    assert (
        ae_arm(withdrawal, lu)["all_grades_pct"],
        ae_arm(withdrawal, sun)["all_grades_pct"],
    ) == (
        5,
        21,
    )


def test_baseline(oclu):
    lu, sun = arm(oclu, "experimental"), arm(oclu, "control")
    rows = {(b["label"], b["arm_id"]): b for b in oclu["baseline"]}
    # O-04 to O-09, A1 Results: median age 63 yrs; female 52%; Ki67 >10% 37%; liver
    # involvement >25% 42%; functioning syndrome 20%; ≥2 prior systemic lines 43%.
    assert rows[("Median age", None)]["value"] == "63 yrs"
    assert rows[("Female", None)]["percent"] == 52
    assert rows[("Ki67 >10%", None)]["percent"] == 37
    assert rows[("Liver involvement >25%", None)]["percent"] == 42
    assert rows[("Functioning syndrome", None)]["percent"] == 20
    assert rows[("≥2 prior systemic lines", None)]["percent"] == 43
    # O-20, S1 news: grade 2-3 tumours 81% in each arm (secondary).
    assert rows[("Grade 2-3 tumours", lu)]["percent"] == 81
    assert rows[("Grade 2-3 tumours", sun)]["source"]["secondary"] is True
    # O-21, S1 news: ≥2 prior lines 42% vs 44%.
    assert (rows[("≥2 prior lines", lu)]["percent"], rows[("≥2 prior lines", sun)]["percent"]) == (
        42,
        44,
    )


def test_no_crossover_and_sponsor_not_curated(oclu):
    # Identity: crossover not described in any source read; the sponsor appears only under
    # Open questions and is not curated.
    assert oclu["crossovers"] == []
    assert oclu["sponsor"] == ""
