"""ENZA-p: values from its trial sheet (protocol, preprint, and news reports of each data cut)."""

import pytest

from tests.conftest import find
from tests.trial_helpers import arm, ci, effect, result

pytestmark = pytest.mark.django_db


@pytest.fixture
def enzap(api):
    return api("/api/trials/enza-p/")


def cut(trial, label):
    return find(trial["publications"], label=label)["id"]


def endpoint_in(trial, name, label):
    return find(trial["endpoints"], name=name, publication_id=cut(trial, label))


def follow_up(trial, label):
    (row,) = endpoint_in(trial, "Median follow-up", label)["results"]
    return row


def test_design(enzap):
    assert (enzap["nct_number"], enzap["phase"]) == ("NCT04419402", "2")
    # E2, P1 abstract Methods: allocation (1:1).
    assert enzap["randomisation_ratio"] == "1:1"
    # E1, P1 abstract Methods: 15 hospitals, all in Australia.
    assert enzap["n_sites"] == 15 and "Australia" in enzap["sites"]
    # E21, P4 preprint abstract Results (confirmed, preprint): 162 pts from Aug 2020 to Jul 2022.
    assert enzap["n_randomised"] == 162
    assert "Aug 2020 to Jul 2022" in enzap["enrolment_period"]
    assert "preprint" in enzap["source"]["locator"]
    # E8-E9, P1 abstract Methods: ECOG 0-2; at least two risk factors.
    assert "ECOG performance status 0-2" in enzap["key_eligibility"]
    assert "at least two risk factors" in enzap["key_eligibility"]
    # E12, D1 protocol abstract: 160 participants, 80% power, HR of 0.625.
    assert "160 participants providing 80% power" in enzap["design_detail"]
    # E17, R (ichgcp) Detailed Description (secondary): followed until 150 events occurred.
    assert "150 events occurred (secondary:" in enzap["design_detail"]
    # E14, R (ichgcp) Detailed Description (secondary): >20 versus ≤20 sites of disease.
    assert ">20 versus ≤20 sites of disease on PSMA PET (secondary:" in enzap["stratification"]


def test_conflicting_psa_threshold_is_not_curated(enzap):
    # E16a (R trials.co, Inclusion 3: PSA ≥ 5 ng/mL) and E16b (R endourology.ph, Inclusion 3:
    # PSA ≥ 10 ng/mL) conflict and neither is the authors' value: neither is curated.
    eligibility = enzap["key_eligibility"]
    assert "5 ng/mL" not in eligibility and "10 ng/mL" not in eligibility
    assert "the registry copies disagree" in eligibility
    # E15 (R trials.co; endourology.ph, Inclusion 6) and E31 (A1 UroToday news text), secondary:
    # the PSMA-avidity thresholds, each as printed.
    assert "SUVmax >15 at a single site (regardless of lesion size)" in eligibility
    assert "SUVmax >= 15 at one site and >= 10 at all other measurable sites" in eligibility


def test_arms(enzap):
    lu = find(enzap["arms"], role="experimental")
    enza = find(enzap["arms"], role="control")
    # E19-E20, P1 via ASCO Post May 2024, Study Details (secondary): n = 83 and n = 79.
    assert (lu["n_randomised"], enza["n_randomised"]) == (83, 79)
    assert lu["source"]["secondary"] is True
    # E4, P1 abstract Methods: 7·5 GBq; agent ¹⁷⁷Lu-PSMA-617; E11, D1: up to 4 doses in total.
    assert (lu["activity_gbq"], lu["agent"]["name"], lu["max_cycles"]) == (7.5, "¹⁷⁷Lu-PSMA-617", 4)
    assert lu["regimen"].startswith("¹⁷⁷Lu-PSMA-617 + enzalutamide")
    # E5-E7, P1 abstract Methods: two or four doses every 6-8 weeks; PSMA-PET-CT at week 12.
    assert "two or four doses every 6-8 weeks" in lu["regimen"]
    assert "week 12" in lu["regimen"]
    # E10, D1 protocol abstract: Days 15 and 57.
    assert "Days 15 and 57" in lu["regimen"]
    # E3, P1 abstract Methods: enzalutamide 160 mg daily; the control arm has no radioligand.
    assert enza["agent"] is None and "160 mg daily" in enza["regimen"]
    # E18, P1 via ASCO Post May 2024, Study Details (secondary): 162 randomised.
    itt = find(enzap["analysis_sets"], label="Randomised (intention to treat)")
    assert itt["n_total"] == 162 and itt["source"]["secondary"] is True


def test_esmo_2023_first_interim_analysis(enzap):
    lu, enza = arm(enzap, "experimental"), arm(enzap, "control")
    label = "ESMO 2023 (first interim analysis)"
    # E30, A1 physiciansweekly news text (secondary): 13 months versus 7.8 months (HR, 0.43;
    # 95% CI, 0.29-0.63; P<.00001).
    psa_pfs = endpoint_in(enzap, "PSA progression-free survival", label)
    assert result(psa_pfs, lu, "median")["value"] == 13
    assert result(psa_pfs, lu, "median")["decimals"] == 0
    assert result(psa_pfs, enza, "median")["value"] == 7.8
    hr = effect(psa_pfs, measure="hr")
    assert ci(hr) == (0.43, 0.29, 0.63, 95) and hr["p_value"] == "<.00001"
    assert hr["source"]["secondary"] is True
    # E32, A1 physiciansweekly news text (secondary): PSA50 93% versus 67%.
    psa50 = endpoint_in(enzap, "PSA decline ≥50% (PSA50)", label)
    assert (
        result(psa50, lu, "proportion")["value"],
        result(psa50, enza, "proportion")["value"],
    ) == (
        93,
        67,
    )
    # E33, A1 physiciansweekly news text (secondary): PSA90 78% versus 37%.
    psa90 = endpoint_in(enzap, "PSA decline ≥90% (PSA90)", label)
    assert result(psa90, enza, "proportion")["value"] == 37
    # E29, A1 physiciansweekly; medicom news text (secondary): median follow-up 20 months.
    assert follow_up(enzap, label)["value"] == 20


def test_lancet_oncol_2024_interim_analysis(enzap):
    lu, enza = arm(enzap, "experimental"), arm(enzap, "control")
    label = "Lancet Oncol 2024 (interim analysis)"
    # E23, P1 via ASCO Post May 2024, PSA PFS section (secondary): 13.0 months (11.0–17.0).
    psa_pfs = endpoint_in(enzap, "PSA progression-free survival", label)
    assert psa_pfs["role"] == "primary"
    assert ci(result(psa_pfs, lu, "median")) == (13.0, 11.0, 17.0, 95)
    assert result(psa_pfs, lu, "median")["decimals"] == 1
    # E24: 7.8 months (95% CI = 4.3–11.0 months).
    assert ci(result(psa_pfs, enza, "median")) == (7.8, 4.3, 11.0, 95)
    # E25: HR = 0.43, 95% CI = 0.29–0.63, P < .0001.
    hr = effect(psa_pfs, measure="hr")
    assert ci(hr) == (0.43, 0.29, 0.63, 95) and hr["p_value"] == "<.0001"
    assert hr["source"]["publication"] == "ASCO Post May 2024 (news)"
    assert hr["source"]["secondary"] is True
    # E26-E28, P1 via ASCO Post May 2024, PSA PFS section (secondary): clinical PFS 14.0
    # (13.0–17.0) vs 9.4 (5.9–12.0) months; HR 0.47 (0.32–0.69).
    clinical = endpoint_in(enzap, "Clinical progression-free survival", label)
    assert ci(result(clinical, lu, "median")) == (14.0, 13.0, 17.0, 95)
    assert ci(result(clinical, enza, "median")) == (9.4, 5.9, 12.0, 95)
    assert ci(effect(clinical, measure="hr")) == (0.47, 0.32, 0.69, 95)
    # E22, P1 via ASCO Post May 2024, PSA PFS section (secondary): 20 months (IQR 18–21).
    fu = follow_up(enzap, label)
    assert fu["value"] == 20 and "18–21" in fu["note"]


def test_lancet_oncol_2025_overall_survival(enzap):
    lu, enza = arm(enzap, "experimental"), arm(enzap, "control")
    label = "Lancet Oncol 2025 (OS and quality of life)"
    os_ = endpoint_in(enzap, "Overall survival", label)
    # E38-E39, P2 via ASCO Post Feb 2025, Key Findings (secondary): 34 months (30–37) vs 26
    # months (23–31).
    assert ci(result(os_, lu, "median")) == (34, 30, 37, 95)
    assert ci(result(os_, enza, "median")) == (26, 23, 31, 95)
    # E40: HR = 0.55, 95% CI = 0.36–0.84, P = .0053.
    hr = effect(os_, measure="hr")
    assert ci(hr) == (0.55, 0.36, 0.84, 95) and hr["p_value"] == ".0053"
    assert hr["source"]["secondary"] is True
    # E34, P2 las.ac.cn translation, Findings (secondary): 83 vs 79 randomised.
    aset = find(enzap["analysis_sets"], id=os_["analysis_set_id"])
    assert sorted(a["n"] for a in aset["arm_ns"]) == [79, 83]
    assert aset["source"]["secondary"] is True
    # E37, P2 via ASCO Post Feb 2025, Key Findings (secondary): deaths 52% vs 67%.
    deaths = endpoint_in(enzap, "Deaths", label)
    assert (
        result(deaths, lu, "proportion")["value"],
        result(deaths, enza, "proportion")["value"],
    ) == (
        52,
        67,
    )
    # E42: physical-function deterioration-free survival 10.64 vs 3.42 months, HR = 0.51,
    # P < .0001.
    physical = endpoint_in(enzap, "Deterioration-free survival, physical function", label)
    assert result(physical, lu, "median")["value"] == 10.64
    assert result(physical, enza, "median")["value"] == 3.42
    assert effect(physical, measure="hr")["p_value"] == "<.0001"
    # E43: overall health/QOL 8.71 months, Lu+enza arm only (comparator not reported).
    qol = endpoint_in(
        enzap, "Deterioration-free survival, overall health and quality of life", label
    )
    assert [(r["arm_id"], r["value"]) for r in qol["results"]] == [(lu, 8.71)]
    # E35, P2 via ASCO Post Feb 2025 (secondary): 34 months (IQR 29–39); E36, las.ac.cn: the same.
    fu = follow_up(enzap, label)
    assert fu["value"] == 34 and "34个月(IQR 29–39)" in fu["note"]
    # E41, A2 healthindustryhub news text (secondary): median months 34 vs 26; p=0.005.
    asco_gu = endpoint_in(enzap, "Overall survival", "ASCO GU 2025 (OS and HRQoL)")
    assert result(asco_gu, enza, "median")["value"] == 26
    assert effect(asco_gu, measure="test")["p_value"] == "0.005"


def test_psma_pet_substudy_and_preprint(enzap):
    lu, enza = arm(enzap, "experimental"), arm(enzap, "control")
    label = "Lancet Oncol 2025 (PSMA-PET substudy)"
    # E44, P3 via ASCO Post Aug 2025, Study Details (secondary): 160 patients, 81 and 79.
    sub = find(enzap["analysis_sets"], label="PSMA-PET substudy population")
    assert sub["n_total"] == 160 and sorted(a["n"] for a in sub["arm_ns"]) == [79, 81]
    # E45-E46, P3 via ASCO Post Aug 2025, Key Findings (secondary): SUVmean 7.7 (IQR 6.5–9.8);
    # total tumour volume 234 mL (IQR = 76–687 mL).
    rows = [b for b in enzap["baseline"] if b["analysis_set_id"] == sub["id"]]
    assert [b["value"] for b in rows] == [
        "7.7 (interquartile range [IQR] = 6.5–9.8)",
        "234 mL (IQR = 76–687 mL)",
    ]
    # E49, P3 via ASCO Post Aug 2025, Key Findings (secondary): 43 vs 53 deaths.
    os_ = endpoint_in(enzap, "Overall survival", label)
    assert (result(os_, lu, "events")["value"], result(os_, enza, "events")["value"]) == (43, 53)
    # E47-E48, P3 via ASCO Post Aug 2025, Key Findings (secondary): final data cut-off end of
    # July 2024 (no exact date: data_cutoff stays null); median follow-up 34 months.
    assert find(enzap["publications"], label=label)["data_cutoff"] is None
    assert (
        "end of July 2024"
        in find(enzap["publications"], label="ASCO Post Aug 2025 (news)")["notes"]
    )
    assert follow_up(enzap, label)["value"] == 34
    # E50, P4 preprint abstract Results (confirmed, preprint): 96% (154 out of 160).
    preprint = cut(enzap, "Research Square preprint (early PSMA upregulation)")
    day15 = find(enzap["endpoints"], publication_id=preprint)
    share = find(day15["results"], measure="proportion")
    assert (share["value"], share["n"]) == (96, 160)
    assert share["source"]["source_quality"] == "preprint" and share["source"]["secondary"] is False
    assert find(day15["results"], measure="responders")["value"] == 154
    # E51, P4 preprint abstract Results: 71 years (interquartile range, IQR: 65-76).
    age = find(enzap["baseline"], label="Median age (IQR) — yr")
    assert age["value"] == "71 years (interquartile range, IQR: 65-76)"
    assert age["source"]["source_quality"] == "preprint"
