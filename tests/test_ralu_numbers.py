"""RALU (Rahbar et al., J Nucl Med 2023;64:1925-31, abstract)."""

import pytest

from tests.trial_helpers import adverse_event, ae_arm, ci, endpoint, result

pytestmark = pytest.mark.django_db


@pytest.fixture
def ralu(api):
    return api("/api/trials/ralu/")


def test_single_group_retrospective_without_comparison(ralu):
    # Abstract: a multicenter, retrospective chart review of 133 patients; no control arm.
    assert ralu["design"] == "retrospective"
    assert [a["role"] for a in ralu["arms"]] == ["single-group"]
    # 133 patients in a chart review: enrolled, never randomised.
    assert (ralu["n_enrolled"], ralu["n_randomised"]) == (133, None)
    assert ralu["nct_number"] == ""
    assert all(ep["effects"] == [] for ep in ralu["endpoints"])


def test_median_overall_survival_abstract(ralu):
    # Abstract: median OS 13.2 months (95% CI 10.5-15.6) from the start of 177Lu-PSMA.
    arm_id = ralu["arms"][0]["id"]
    os_ = endpoint(ralu, "Overall survival from the start of ¹⁷⁷Lu-PSMA")
    assert ci(result(os_, arm_id, "median")) == (13.2, 10.5, 15.6, 95)


def test_adverse_events_abstract(ralu):
    # Abstract: any-grade TEAEs 79% (105/133); grade 3-4 anemia 30% (40/133), thrombocytopenia
    # 13% (17/133).
    arm_id = ralu["arms"][0]["id"]
    teae = ae_arm(adverse_event(ralu, "Any-grade treatment-emergent adverse event"), arm_id)
    assert (teae["all_grades_n"], teae["all_grades_pct"], teae["denominator"]) == (105, 79, 133)
    anemia = adverse_event(ralu, "Anemia")
    assert anemia["high_grade"] == "3-4"
    assert (ae_arm(anemia, arm_id)["high_grade_n"], ae_arm(anemia, arm_id)["high_grade_pct"]) == (
        40,
        30,
    )
    thrombo = ae_arm(adverse_event(ralu, "Thrombocytopenia"), arm_id)
    assert (thrombo["high_grade_n"], thrombo["high_grade_pct"]) == (17, 13)
