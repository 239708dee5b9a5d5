"""TheraP: values from the abstracts and reports listed in external-facts.md."""

import pytest

from tests.trial_helpers import adverse_event, ae_arm, arm, ci, effect, endpoint, result

pytestmark = pytest.mark.django_db


@pytest.fixture
def therap(api):
    return api("/api/trials/therap/")


def test_psa50_primary_end_point_asco_2020_abstract(therap):
    # ASCO 2020 abstract 5500: 65/99 (66%; 95% CI 56-75) vs 37/101 (37%; 95% CI 27-46); p<0.001.
    lu, cab = arm(therap, "experimental"), arm(therap, "control")
    psa = endpoint(therap, "PSA response (PSA decline ≥50% from baseline)")
    assert psa["role"] == "primary"
    assert ci(result(psa, lu, "proportion")) == (66, 56, 75, 95)
    assert ci(result(psa, cab, "proportion")) == (37, 27, 46, 95)
    assert (result(psa, lu, "responders")["value"], result(psa, lu, "responders")["n"]) == (65, 99)
    assert result(psa, lu, "proportion")["source"]["publication"] == "ASCO 2020 abstract 5500"
    difference = effect(psa, measure="difference")
    assert ci(difference) == (29, 16, 42, 95)
    assert difference["source"]["secondary"] is True


def test_pfs_rpfs_and_response_asco_gu_2021_abstract(therap):
    # ASCO GU 2021 abstract 6: PFS HR 0.63 (0.46-0.86), p=0.003; rPFS 0.64 (0.46-0.88);
    # PSA-PFS 0.60 (0.44-0.83); 12-month PFS 19% (12-27) vs 3% (1-9); ORR RR 2.1 (1.1-4.1).
    lu = arm(therap, "experimental")
    pfs = endpoint(therap, "Progression-free survival (PSA, radiographic or clinical)")
    hr = effect(pfs, measure="hr")
    assert ci(hr) == (0.63, 0.46, 0.86, 95) and hr["p_value"] == "0.003"
    assert ci(result(pfs, lu, "rate")) == (19, 12, 27, 95)
    assert ci(effect(endpoint(therap, "Radiographic progression-free survival"), measure="hr")) == (
        0.64,
        0.46,
        0.88,
        95,
    )
    assert ci(effect(endpoint(therap, "PSA progression-free survival"), measure="hr")) == (
        0.60,
        0.44,
        0.83,
        95,
    )
    orr = endpoint(therap, "Objective response (RECIST), men with measurable disease")
    assert ci(effect(orr, measure="rr")) == (2.1, 1.1, 4.1, 95)


def test_overall_survival_has_no_median(therap):
    # ASCO 2022 abstract 5000: 77/99 vs 70/101 deaths; RMST to 36 months 19.1 vs 19.6 months.
    # Median OS per arm is unconfirmed and must not be curated.
    lu, cab = arm(therap, "experimental"), arm(therap, "control")
    os_ = endpoint(therap, "Overall survival")
    assert {r["measure"] for r in os_["results"]} == {"events"}
    assert (result(os_, lu, "events")["value"], result(os_, cab, "events")["value"]) == (77, 70)
    rmst = endpoint(therap, "Overall survival, restricted mean survival time to 36 months")
    assert result(rmst, lu, "rmst")["value"] == 19.1
    assert result(rmst, cab, "rmst")["landmark_months"] == 36


def test_grade_3_4_adverse_events(therap):
    # ASCO 2020 abstract 5500: grade 3-4 adverse events 31/98 (32%) vs 42/85 (49%).
    lu, cab = arm(therap, "experimental"), arm(therap, "control")
    event = adverse_event(therap, "Grade 3–4 adverse events")
    assert event["high_grade"] == "3-4"
    assert (ae_arm(event, lu)["high_grade_n"], ae_arm(event, lu)["denominator"]) == (31, 98)
    assert (ae_arm(event, cab)["high_grade_n"], ae_arm(event, cab)["high_grade_pct"]) == (42, 49)


def test_design(therap):
    # Lancet Oncol 2024 abstract: 291 registered, 200 randomised (99 vs 101); NCT03392428.
    assert therap["nct_number"] == "NCT03392428"
    assert (therap["n_screened"], therap["n_randomised"]) == (291, 200)
    arms = {a["role"]: a for a in therap["arms"]}
    assert arms["experimental"]["activity_gbq"] is None  # 8.5 GBq falling to 6.0 GBq
    assert "8.5 GBq" in arms["experimental"]["regimen"]
