"""ECLIPSE (NCT05204927): topline only, every fact secondary, no efficacy number served.

Fact ids (E1...) are the trial sheet's; PR1 is the Curium press release of 13 Nov 2024, N1 the
news reports of it, "registry" the NCT05204927 record as shown on its mirrors.
"""

import pytest

from tests.conftest import find

pytestmark = pytest.mark.django_db


@pytest.fixture
def eclipse(api):
    return api("/api/trials/eclipse/")


def test_topline_statement_only_and_secondary(eclipse):
    # E1, PR1 press release: "met its primary endpoint (no numbers given)".
    assert eclipse["results_status"] == "topline"
    assert "met its primary endpoint" in eclipse["results_note"]
    assert "secondary: Curium press release" in eclipse["results_note"]
    rpfs = find(eclipse["endpoints"], family="rpfs")
    assert rpfs["role"] == "primary"
    press_release = find(eclipse["publications"], id=rpfs["publication_id"])
    assert (press_release["label"], press_release["secondary"]) == (
        "Curium press release 2024",
        True,
    )


def test_no_efficacy_or_safety_number_is_served(eclipse, client):
    # Open questions: no rPFS, OS, PSA50, ORR, AE, per-arm N or crossover number was found.
    assert eclipse["endpoints"]  # the primary end point is listed ...
    for endpoint in eclipse["endpoints"]:  # ... without any result or estimate
        assert (endpoint["results"], endpoint["effects"], endpoint["at_risk"]) == ([], [], [])
    assert (eclipse["adverse_events"], eclipse["crossovers"], eclipse["baseline"]) == ([], [], [])
    assert eclipse["n_randomised"] is None
    assert [a["n_randomised"] for a in eclipse["arms"]] == [None, None]
    # The tidy results file has no ECLIPSE row either.
    response = client.get("/api/trials/eclipse/results.csv")
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").splitlines()
    assert not [line for line in lines[1:] if line.startswith("ECLIPSE,")]


def test_every_source_is_secondary(eclipse):
    # Every ECLIPSE fact is secondary: press release, news reports, registry mirrors.
    assert eclipse["publications"] and all(p["secondary"] for p in eclipse["publications"])
    assert eclipse["source"]["secondary"] is True
    assert all(a["source"]["secondary"] for a in eclipse["arms"])


def test_enrolment_and_sites(eclipse):
    # E4, registry (meddatax) registry summary: "439 participants" (enrolled, not randomised).
    assert eclipse["n_enrolled"] == 439
    assert eclipse["source"]["publication"] == "Registry record (meddatax)"
    # E2, N1 (Targeted Oncology, Urology Times) news report: "over 400 adult patients".
    assert (
        '"over 400 adult patients" (secondary: Targeted Oncology, Urology Times)'
        in eclipse["design_detail"]
    )
    # E3, N1 (Cure Today / MedPath) news report: "approximately 439 patients".
    assert (
        '"approximately 439 patients" (secondary: Cure Today / MedPath)' in eclipse["design_detail"]
    )
    # E9, registry (meddatax; inclinicaltrials.com) detailed description: "a total of 400 patients".
    assert "a total of 400 patients (secondary: registry" in eclipse["design_detail"]
    # E5, N1 (Cure Today / MedPath; Targeted Oncology) news report: "51 sites".
    assert eclipse["n_sites"] == 51 and "(secondary: news quoting Curium" in eclipse["sites"]
    # Identity [secondary]: phase 3, open label, randomised 2:1.
    assert (eclipse["phase"], eclipse["design"], eclipse["randomisation_ratio"]) == (
        "3",
        "randomised-open-label",
        "2:1",
    )


def test_dose_with_the_conflicting_registry_mirror_in_a_note(eclipse):
    lu = find(eclipse["arms"], role="experimental")
    # E6, PR1 press release: "up to 6 doses of 200 mCi (7.4 GBq) ... every six weeks".
    assert (lu["activity_gbq"], lu["activity_mci"], lu["interval_weeks"], lu["max_cycles"]) == (
        7.4,
        200,
        6,
        6,
    )
    assert lu["agent"]["name"] == "¹⁷⁷Lu-PSMA-I&T"
    assert lu["source"]["publication"] == "Curium press release 2024"
    # E7, registry (inclinicaltrials.com) detailed description: "up to 4 treatments" (conflicting).
    assert '"up to 4 treatments every 6 weeks at a dose of 200 mCi (7.4 GBq)"' in lu["regimen"]
    assert find(eclipse["arms"], role="control")["agent"] is None


def test_planned_dosimetry_substudy(eclipse):
    # E8, registry (inclinicaltrials.com) detailed description: "a total of 30 patients".
    substudy = find(
        eclipse["analysis_sets"], label="Pharmacokinetics and dosimetry sub-study (planned)"
    )
    assert substudy["n_total"] == 30
    assert substudy["source"]["secondary"] is True
    assert substudy["source"]["publication"] == "Registry record (inclinicaltrials.com)"
