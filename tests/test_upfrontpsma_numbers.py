"""UpFrontPSMA: values from ../shared/sources/trials/upfrontpsma.md, through the API.

Source ids: D1 protocol abstract, A1 congress abstract (ESMO 2024 per news), P1 Lancet Oncol
2024 (Methods only readable), and the secondary reports: ASCO Post on P1, Urology Times on A1,
the third-party meta-analysis M and registry pages R.
"""

import pytest

from tests.trial_helpers import arm, ci, effect, endpoint, find, result

pytestmark = pytest.mark.django_db


@pytest.fixture
def trial(api):
    return api("/api/trials/upfrontpsma/")


def publication(trial, label):
    return find(trial["publications"], label=label)


def test_design(trial):
    lu, doc = arm(trial, "experimental"), arm(trial, "control")
    arms = {a["id"]: a for a in trial["arms"]}
    assert trial["nct_number"] == "NCT04343885"
    assert (trial["phase"], trial["design"]) == ("2", "randomised-open-label")
    assert "hormone-sensitive" in trial["indication"]
    # U1, P1 Abstract Methods: 11 hospitals, all Australian.
    assert trial["n_sites"] == 11
    # U2, P1 Abstract Methods: (1:1).
    assert trial["randomisation_ratio"] == "1:1"
    # U3, U4, P1 Abstract Methods: less than 4 weeks on ADT; ECOG 0–2.
    assert "less than 4 weeks on ADT" in trial["key_eligibility"]
    assert "ECOG 0–2" in trial["key_eligibility"]
    # U5, P1 Abstract Methods: two cycles of [177Lu]Lu-PSMA-617 7·5 GBq every 6 weeks.
    assert (arms[lu]["activity_gbq"], arms[lu]["interval_weeks"], arms[lu]["max_cycles"]) == (
        7.5,
        6,
        2,
    )
    # U24, R anzup.org.au Intervention: 7.4 GBq (± 10%) — conflicting, only noted.
    assert "The ANZUP trial page prints 7.4 GBq (± 10%)" in arms[lu]["regimen"]
    # U6, P1 Abstract Methods: followed 6 weeks later by six cycles of docetaxel 75 mg/m2 q3w.
    assert "followed 6 weeks later by six cycles of docetaxel 75 mg/m²" in arms[lu]["regimen"]
    # U7, P1 Abstract Methods: control, six cycles of docetaxel 75 mg/m2 every 3 weeks.
    assert (arms[doc]["agent"], arms[doc]["interval_weeks"], arms[doc]["max_cycles"]) == (
        None,
        3,
        6,
    )
    # U9, U10, A1 congress abstract Methods: high-volume definition; 12-week window.
    assert "≥ 4 bone metastases with ≥ 1 outside the axial skeleton" in trial["key_eligibility"]
    assert "within 12 weeks of screening commencement" in trial["key_eligibility"]
    # U18, U19, D1 protocol abstract: PSA >10 ng/mL at diagnosis; SUVmax >15.
    assert "PSA >10 ng/mL" in trial["key_eligibility"]
    assert "SUVmax >15" in trial["key_eligibility"]
    # U21, R inclinicaltrials description (secondary): ≤ 28 days vs. > 28 days.
    assert "≤ 28 days vs. > 28 days (secondary" in trial["stratification"]


def test_randomisation_and_conflicting_enrolment_period(trial):
    lu, doc = arm(trial, "experimental"), arm(trial, "control")
    arms = {a["id"]: a for a in trial["arms"]}
    # U11, A1 congress abstract Results: 130 patients were randomised between April 2020 and
    # April 2023 (the authors' period is curated).
    assert trial["n_randomised"] == 130
    assert trial["enrolment_period"].startswith("April 2020 to April 2023")
    # U26, P1 (ASCO Post) Study Details: May 2020 — conflicting, only noted.
    assert "ASCO Post prints May 2020" in trial["enrolment_period"]
    # U23, R cancersa Trial characteristics (secondary): anticipated start 21/04/2020.
    assert "21/04/2020 (secondary: Cancer SA listing)" in trial["enrolment_period"]
    # U12, A1 congress abstract Results: Arm A: 63, Arm B: 67.
    assert (arms[lu]["n_randomised"], arms[doc]["n_randomised"]) == (63, 67)
    # U13, A1 congress abstract Results: 4 patients in Arm B withdrew after randomisation.
    assert "4 patients withdrew after randomisation" in arms[doc]["exposure"]
    # U14, A1 congress abstract Results: 2 pts in each arm not assessable at 48 weeks.
    assert "2 pts not assessable at 48 weeks" in arms[lu]["exposure"]
    # U15, A1 congress abstract Results: all pts in Arm A received 2 cycles LuPSMA.
    assert "All pts in Arm A received 2 cycles LuPSMA" in arms[lu]["exposure"]
    # No crossover is described in any source read: no crossover record.
    assert trial["crossovers"] == []


def test_primary_end_point_lancet_oncol_2024_via_asco_post(trial):
    lu, doc = arm(trial, "experimental"), arm(trial, "control")
    primary = endpoint(trial, "Undetectable PSA (≤0·2 ng/mL) at 48 weeks")
    assert primary["role"] == "primary"
    assert primary["publication_id"] == publication(trial, "Lancet Oncol 2024")["id"]
    # U8, P1 Abstract Methods: undetectable PSA (≤0·2 ng/mL) at 48 weeks, modified ITT.
    assert "modified intention-to-treat" in primary["definition"]
    # U20, D1 protocol abstract: "(≤0.2 ng/L) at 12 months", unit as printed, in the notes.
    assert "≤0.2 ng/L) at 12 months" in primary["notes"]
    # U25, P1 (ASCO Post) Study Details: 122 evaluable patients, n = 61 and n = 61 (secondary).
    mitt = find(trial["analysis_sets"], id=primary["analysis_set_id"])
    assert mitt["n_total"] == 122
    assert sorted(x["n"] for x in mitt["arm_ns"]) == [61, 61]
    assert mitt["source"]["secondary"] is True
    # U28, P1 (ASCO Post) Undetectable PSA section: 25 of 61 (41%, 95% CI 30%–54%).
    assert (result(primary, lu, "responders")["value"], result(primary, lu, "responders")["n"]) == (
        25,
        61,
    )
    assert ci(result(primary, lu, "proportion")) == (41, 30, 54, 95)
    assert result(primary, lu, "proportion")["source"]["secondary"] is True
    # U29, P1 (ASCO Post) Undetectable PSA section: 10 of 61 (16%, 95% CI 9%–28%).
    assert result(primary, doc, "responders")["value"] == 10
    assert ci(result(primary, doc, "proportion")) == (16, 9, 28, 95)
    # U30, P1 (ASCO Post) Undetectable PSA section: OR = 3.88, 95% CI 1.61–9.38, P = .0020.
    odds = effect(primary, measure="or")
    assert ci(odds) == (3.88, 1.61, 9.38, 95)
    assert odds["p_value"] == ".0020"
    assert odds["source"]["secondary"] is True


def test_undetectable_psa_at_any_time_and_follow_up(trial):
    lu, doc = arm(trial, "experimental"), arm(trial, "control")
    # U31, P1 (ASCO Post) Undetectable PSA section: 51% vs 32% (OR 2.14, 1.03–4.46, P = .042).
    anytime = endpoint(trial, "Undetectable PSA at any time")
    assert result(anytime, lu, "proportion")["value"] == 51
    assert result(anytime, doc, "proportion")["value"] == 32
    odds = effect(anytime, measure="or")
    assert ci(odds) == (2.14, 1.03, 4.46, 95) and odds["p_value"] == ".042"
    # U27, P1 (ASCO Post) Undetectable PSA section: median follow-up 2.5 years (IQR 1.8–3.0).
    follow_up = result(endpoint(trial, "Median follow-up"), None, "other")
    assert (follow_up["value"], follow_up["unit"]) == (2.5, "years")
    assert "1.8–3.0 years" in follow_up["note"]
    assert follow_up["source"]["secondary"] is True
    assert publication(trial, "Lancet Oncol 2024")["median_follow_up_months"] is None


def test_esmo_2024_presentation_via_urology_times(trial):
    lu, doc = arm(trial, "experimental"), arm(trial, "control")
    a1 = publication(trial, "Congress abstract (ESMO 2024, per news)")["id"]
    # U32, A1 news (medpath / Urology Times) Key Findings: 41% vs 16% (OR=3.88, 95% CI,
    # 1.61-9.38, P = .002).
    esmo = endpoint(trial, "Undetectable PSA at 48 weeks (ESMO 2024 presentation)")
    assert esmo["publication_id"] == a1
    assert result(esmo, lu, "proportion")["value"] == 41
    assert result(esmo, doc, "proportion")["value"] == 16
    odds = effect(esmo, measure="or")
    assert ci(odds) == (3.88, 1.61, 9.38, 95) and odds["p_value"] == ".002"
    assert odds["source"]["publication"] == "Urology Times (news, ESMO 2024; MedPath copy)"
    # U33, A1 news (medpath / Urology Times) Key Findings: 31 vs 20 months (HR=0.60, 95% CI,
    # 0.37-0.98, P = .039).
    psa_pfs = endpoint(trial, "PSA progression-free survival")
    assert result(psa_pfs, lu, "median")["value"] == 31
    assert result(psa_pfs, doc, "median")["value"] == 20
    hr = effect(psa_pfs, measure="hr")
    assert ci(hr) == (0.60, 0.37, 0.98, 95) and hr["p_value"] == ".039"
    assert hr["source"]["secondary"] is True
    # U34, healthunlocked forum post: freedom from castration resistance HR 0.60 (p=0.033) —
    # unconfirmed, never curated.
    assert not any("castration resistance" in e["name"] for e in trial["endpoints"])
    assert all(x["p_value"] != "0.033" for e in trial["endpoints"] for x in e["effects"])


def test_docetaxel_completion_congress_abstract(trial):
    lu, doc = arm(trial, "experimental"), arm(trial, "control")
    # U16, A1 congress abstract Results: 50/63 (79%) and 53/63 (84%).
    completed = endpoint(trial, "Completed 6 cycles of docetaxel")
    assert (
        result(completed, lu, "responders")["value"],
        result(completed, lu, "responders")["n"],
    ) == (
        50,
        63,
    )
    assert result(completed, lu, "proportion")["value"] == 79
    assert (
        result(completed, doc, "responders")["value"],
        result(completed, doc, "responders")["n"],
    ) == (
        53,
        63,
    )
    assert result(completed, doc, "proportion")["value"] == 84
    assert result(completed, doc, "proportion")["source"]["secondary"] is False


def test_planned_recruitment_protocol_and_registry(trial):
    # U17, D1 protocol abstract: 140 patients at 12 Australian centres.
    protocol = result(endpoint(trial, "Planned sample size (protocol)"), None, "other")
    assert (protocol["value"], protocol["source"]["secondary"]) == (140, False)
    assert "12 Australian centres" in protocol["note"]
    # U22, R inclinicaltrials description (secondary): 140 ... at 11 Australian centres over a
    # period of 18 months.
    registry = result(endpoint(trial, "Planned recruitment (registry)"), None, "other")
    assert (registry["value"], registry["source"]["secondary"]) == (140, True)
    assert "over a period of 18 months" in registry["note"]


def test_baseline_from_third_party_meta_analysis_is_secondary(trial):
    # U35, M congress abstract Results: median age 69 years; 91% high-volume disease by
    # conventional imaging; 8% visceral metastases (secondary).
    baseline = trial["baseline"]
    assert find(baseline, label="Median age — years")["value"] == "69"
    assert find(baseline, label="High-volume disease by conventional imaging — %")["percent"] == 91
    visceral = find(baseline, label="Visceral metastases — %")
    assert (visceral["percent"], visceral["source"]["secondary"]) == (8, True)
