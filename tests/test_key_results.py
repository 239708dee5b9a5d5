"""A trial's key results (trials.keyresults): the values as curated, each with its source, from
the prefetched record alone."""

import pytest

from trials import keyresults
from trials.headlines import headlines
from trials.models import Trial

pytestmark = pytest.mark.django_db

NOT_READ = "not reported in the sources read"


def record(slug):
    return Trial.objects.filter(slug=slug).full_records()[0]


def fact_lines(kr, label):
    """(label, text, source) of each line of the fact whose label starts with `label`."""
    found = [x for x in kr.facts if x.label.startswith(label)]
    assert found, [x.label for x in kr.facts]
    return [(line.label, line.text, line.source) for x in found for line in x.lines]


def test_vision_primary_end_points_as_published():
    kr = keyresults.key_results(record("vision"))
    primaries = [x for x in kr.facts if x.key == "primary"]
    # NEJM 2021: two alternate primary end points, named as the paper names them.
    assert [x.label for x in primaries] == [
        "Primary end point: Imaging-based progression-free survival",
        "Primary end point: Overall survival",
    ]
    rpfs = fact_lines(kr, "Primary end point: Imaging")
    # Abstract and Figure 2A: median 8.7 vs 3.4 months; HR 0.40 (99.2% CI 0.29-0.57), P<0.001.
    assert rpfs[0][1] == "Imaging-based progression-free survival — NEJM 2021 (latest data cut)"
    label, text, source = rpfs[1]
    assert label == "VISION: ¹⁷⁷Lu-PSMA-617 + SOC vs Standard care"
    assert text == "8.7 vs 3.4 mo · HR 0.40 (99.2% CI 0.29–0.57); P<0.001"
    assert "Figure 2A" in source
    # Abstract and Figure 2B: median 15.3 vs 11.3 months; HR 0.62 (95% CI 0.52-0.74), P<0.001.
    label, text, source = fact_lines(kr, "Primary end point: Overall")[1]
    assert text == "15.3 vs 11.3 mo · HR 0.62 (95% CI 0.52–0.74); P<0.001"
    assert "Figure 2B" in source
    # OS is a primary end point: not repeated as a fact of its own.
    assert kr.fact("os") is None


def test_vision_design_facts_and_safety():
    kr = keyresults.key_results(record("vision"))
    assert fact_lines(kr, "Patients") == [
        ("", "831 randomised", kr.fact("patients").lines[0].source)
    ]
    assert "Figure 1" in kr.fact("patients").lines[0].source
    comparator = fact_lines(kr, "Comparator")
    assert comparator[0][0] == "VISION: Standard care alone"
    assert fact_lines(kr, "Data cut")[0][1] == (
        "Latest: NEJM 2021 (Primary analysis; data cut-off 27 January 2021)"
    )
    # Table 2: any adverse event of grade >=3, 279 of 529 (52.7%) vs 78 of 205 (38.0%).
    high = fact_lines(kr, "Grade ≥3 adverse events")
    assert high[0][1] == "Grade ≥3: Any adverse event (NEJM 2021)"
    assert high[1] == ("VISION: ¹⁷⁷Lu-PSMA-617 + SOC", "279/529 (52.7%)", "NEJM 2021, Table 2")
    assert high[2] == ("VISION: Standard care", "78/205 (38.0%)", "NEJM 2021, Table 2")
    # Table 2: adverse event that led to discontinuation of 177Lu-PSMA-617, 63 (11.9%); NA in
    # the control group.
    stop = fact_lines(kr, "Discontinuation for toxicity")
    assert stop[1] == ("VISION: ¹⁷⁷Lu-PSMA-617 + SOC", "63/529 (11.9%)", "NEJM 2021, Table 2")
    assert stop[2][1] == "not applicable"
    # No crossover is curated for VISION: said so, not left blank.
    assert kr.fact("crossover").lines == []


def test_netter1_latest_overall_survival_is_the_final_analysis():
    kr = keyresults.key_results(record("netter-1"))
    os_ = fact_lines(kr, "Overall survival")
    # Lancet Oncol 2021 (final OS): HR 0.84 (95% CI 0.60-1.17), P=0.30; not the interim 0.40.
    assert os_[0][1].startswith("Overall survival (final analysis) — Lancet Oncol 2021")
    assert "latest data cut" in os_[0][1]
    assert "HR 0.84 (95% CI 0.60–1.17); P=0.30 (two-sided)" in os_[1][1]
    assert all("HR 0.40" not in text for _, text, _ in os_)
    # The journal abstract gives no cut-off date; the company's safety page (a secondary source
    # reporting that analysis) gives 18 January 2021, and the line says whose date it is.
    assert fact_lines(kr, "Data cut")[0][1] == (
        "Latest: Lancet Oncol 2021 (final OS) (Final OS analysis; data cut-off 18 January 2021, "
        "as given by Novartis US HCP long-term safety page)"
    )
    # That page is secondary (netter-1-final.md F-31, S4): the date carries the badge.
    (line,) = kr.fact("data-cut").lines
    assert "secondary-badge" in line.markup()
    vision = keyresults.key_results(record("vision")).fact("data-cut").lines[0]
    assert "secondary-badge" not in vision.markup()  # NEJM 2021's own date


def test_netter1_patients_are_credited_to_the_paper_that_prints_them():
    # 231 randomised: Lancet Oncol 2021 abstract, Findings (netter-1-final.md F-01); NEJM 2017
    # printed 229 at its own cut ("We randomly assigned 229 patients").
    kr = keyresults.key_results(record("netter-1"))
    ((_, text, source),) = fact_lines(kr, "Patients")
    assert text == "231 randomised"
    assert source.startswith("Lancet Oncol 2021 (final OS), Abstract, Findings (231, dates)")


def test_a_report_of_a_data_cut_names_the_cut():
    # NETTER-2 has one data cut, the primary analysis (ASCO GI 2024 LBA588; netter-2.md,
    # Publications); its OS maturity was read in a news report of it (N2-30, S3b).
    kr = keyresults.key_results(record("netter-2"))
    os_ = fact_lines(kr, "Overall survival")
    assert os_[0][1] == (
        'Overall survival — MedPath news ("Casting a wide NET"), ASCO GI 2024 LBA588 data cut '
        "(latest)"
    )
    assert fact_lines(kr, "Data cut")[0][1].startswith("Latest: ASCO GI 2024 LBA588 (")


def test_netter1_primary_pfs_names_its_own_data_cut():
    kr = keyresults.key_results(record("netter-1"))
    (pfs,) = [x for x in kr.facts if x.key == "primary"]
    assert pfs.label.startswith("Primary end point: Progression-free survival")
    heading = pfs.lines[0].text
    # PFS was last published at the first update (2016 cut-off), not at the final OS analysis.
    assert heading.endswith("ASCO abstract (first update, 2016 cut-off)")
    assert "latest data cut" not in heading
    assert "HR 0.21" in pfs.lines[1].text
    # NEJM 2017 Table 4: grade 3 or 4 adverse events, 46 of 111 (41%) vs 36 of 110 (33%).
    high = fact_lines(kr, "Grade 3–4 adverse events")
    assert [text for _, text, _ in high[1:]] == ["46/111 (41%)", "36/110 (33%)"]
    # Lancet Oncol 2021: 41 of 114 control patients (36%) later received radioligand therapy.
    crossover = [text for _, text, _ in fact_lines(kr, "Crossover")]
    assert any(
        text.startswith("Octreotide LAR 60 mg → Radioligand therapy: 41/114 (36%)")
        for text in crossover
    )


def test_single_group_and_unpublished_trials_say_what_is_missing():
    ralu = keyresults.key_results(record("ralu"))
    assert fact_lines(ralu, "Comparator")[0][1] == "Single group: no comparator"
    # J Nucl Med 2023 Abstract: "Primary endpoints included the incidence of adverse events
    # (AEs), serious AEs, grade 3-4 hematologic AEs, and abnormal laboratory values"; "Any-grade
    # treatment-emergent AEs were reported in 79% (105/133) of patients and serious AEs in 30%
    # (40/133)"; grade 3-4 laboratory abnormalities "anemia (30%, 40/133) and thrombocytopenia
    # (13%, 17/133)". Those results are the trial's adverse-event rows.
    lines = fact_lines(ralu, "Primary end point: Incidence of adverse events")
    assert lines[0][1].startswith("Incidence of adverse events (AEs), serious AEs")
    assert lines[0][1].endswith("— J Nucl Med 2023 (latest data cut)")
    arm = "RALU: ¹⁷⁷Lu-PSMA after ²²³Ra"
    source = "J Nucl Med 2023, Abstract"
    assert lines[1:] == [
        (arm, "Any-grade treatment-emergent adverse event: 105/133 (79%)", source),
        (arm, "Serious adverse event, all grades: 40/133 (30%)", source),
        (arm, "Anemia (laboratory), grade 3–4: 40/133 (30%)", source),
        (arm, "Thrombocytopenia (laboratory), grade 3–4: 17/133 (13%)", source),
    ]
    eclipse = keyresults.key_results(record("eclipse"))
    (primary,) = [x for x in eclipse.facts if x.key == "primary"]
    assert primary.lines[1].text.startswith(NOT_READ)


def test_key_results_run_no_query(django_assert_num_queries):
    trials = Trial.objects.all().full_records()
    with django_assert_num_queries(0):
        for trial in trials:
            keyresults.key_results(trial)
            headlines(trial)
        keyresults.summary(trials)


def test_card_headline_is_the_compact_primary_result():
    found = headlines(record("vision"))
    assert [(name, line.text) for name, line in found] == [
        ("OS", "15.3 vs 11.3 mo · HR 0.62 (95% CI 0.52–0.74); P<0.001"),
        ("rPFS", "8.7 vs 3.4 mo · HR 0.40 (99.2% CI 0.29–0.57); P<0.001"),
    ]
    # Each number keeps its own source: medians and HR from Figure 2B (OS).
    assert all("Figure 2B" in part.obj.locator for part in found[0][1].parts if part.obj)


def test_discontinuation_is_stopping_for_any_adverse_event_where_published():
    # NEJM 2017 Table 3: "Withdrawal from trial because of any adverse event" 7 (6%) of 111 vs
    # 10 (9%) of 110; not the serious events leading to discontinuation during long-term
    # follow-up, a subset read in a company page.
    stop = fact_lines(keyresults.key_results(record("netter-1")), "Discontinuation for toxicity")
    assert stop[0][1] == (
        "All grades: Withdrawal from trial because of any adverse event (NEJM 2017)"
    )
    assert [(label, text) for label, text, _ in stop[1:]] == [
        ("NETTER-1: ¹⁷⁷Lu-Dotatate", "7/111 (6%)"),
        ("NETTER-1: Octreotide LAR 60 mg", "10/110 (9%)"),
    ]
    assert all(source == "NEJM 2017, Table 3" for _, _, source in stop[1:])


def test_survival_compared_as_restricted_mean_is_the_survival_answer():
    # TheraP, Lancet Oncol 2024 as summarised by m3.com (secondary): RMST to 36 months 19.1 vs
    # 19.6 months, difference -0.5; not the death counts (77 vs 70) alone.
    os_ = fact_lines(keyresults.key_results(record("therap")), "Overall survival")
    texts = [text for _, text, _ in os_]
    assert any(text.startswith("Overall survival, restricted mean survival time") for text in texts)
    assert any("19.1 mo" in text and "19.6 mo" in text and "−0.5" in text for text in texts)


def test_a_primary_end_point_names_the_population_it_was_analysed_in():
    # NEJM 2021, Results (Patients): rPFS in the 581 patients randomised on or after 5 March
    # 2019 (385 vs 196); OS in all 831 randomised (551 vs 280).
    kr = keyresults.key_results(record("vision"))
    rpfs = fact_lines(kr, "Primary end point: Imaging")
    assert rpfs[-1][1] == "Analysed in: Randomised on or after March 5, 2019 (N=581; 385 vs 196)"
    os_ = fact_lines(kr, "Primary end point: Overall survival")
    assert os_[-1][1] == "Analysed in: All randomised patients (N=831; 551 vs 280)"
    # One population only: the trial's N says it, no line repeats it.
    assert not any(
        text.startswith("Analysed in") for _, text, _ in fact_lines(record_kr("ralu"), "Overall")
    )


def record_kr(slug):
    return keyresults.key_results(record(slug))
