"""Every curated eligibility criterion against its source: the text as published, the answers it
admits, the publication and the place in it. Trial sheets (sources/trials/*.md) give their
criteria in the Identity bullets ("Key eligibility", "Setting") with the source ids named there,
or in Facts rows (ids such as T2, E8, U3, C-05, M2)."""

import re

import pytest

from tests.conftest import find

pytestmark = pytest.mark.django_db

# The file each publication's text is read in: the numbered documents for the three held in
# full or as an abstract, otherwise the trial's sheet.
DOCUMENTS = {"NEJM 2021": "000", "NEJM 2017": "003", "J Nucl Med 2023": "004"}

# (trial, feature, admitted answers, publication label, locator, secondary, where it is read)
EXPECTED = [
    # VISION, NEJM 2021 (000), Methods, "PATIENTS" paragraph.
    (
        "vision",
        "stage",
        ["mcrpc"],
        "NEJM 2021",
        "Methods, Patients",
        False,
        "adults who had castration-resistant prostate cancer",
    ),
    (
        "vision",
        "arpi",
        ["one-mhspc", "one-mcrpc", "two-plus"],
        "NEJM 2021",
        "Methods, Patients",
        False,
        "one or more approved androgen-receptor–pathway inhibitors",
    ),
    (
        "vision",
        "taxane",
        ["docetaxel-mhspc", "one-mcrpc", "two"],
        "NEJM 2021",
        "Methods, Patients",
        False,
        "either one or two taxane regimens was required",
    ),
    (
        "vision",
        "psma_pet",
        ["positive"],
        "NEJM 2021",
        "Methods, Patients",
        False,
        "no PSMA-negative lesions",
    ),
    (
        "vision",
        "ecog",
        ["0", "1", "2"],
        "NEJM 2021",
        "Methods, Patients",
        False,
        "performance-status score of 0 through 2",
    ),
    # TheraP: P1 Lancet 2021 abstract Methods (Identity "Key eligibility (P1, confirmed)", T2);
    # A3 ASCO 2022 abstract 5000, Methods (T39, SUVmax >= 20).
    (
        "therap",
        "stage",
        ["mcrpc"],
        "Lancet 2021 (primary)",
        "journal abstract, Methods",
        False,
        "(mCRPC) after docetaxel",
    ),
    (
        "therap",
        "taxane",
        ["docetaxel-mhspc", "one-mcrpc"],
        "Lancet 2021 (primary)",
        "journal abstract, Methods",
        False,
        "cabazitaxel was the next appropriate standard",
    ),
    (
        "therap",
        "arpi",
        ["none", "one-mhspc", "one-mcrpc", "two-plus"],
        "Lancet 2021 (primary)",
        "journal abstract, Methods",
        False,
        "previous androgen receptor-directed therapy allowed",
    ),
    (
        "therap",
        "psma_pet",
        ["positive"],
        "Lancet 2021 (primary)",
        "journal abstract, Methods",
        False,
        "PSMA-positive disease on [68Ga]Ga-PSMA-11 PET-CT",
    ),
    (
        "therap",
        "psma_pet",
        ["positive"],
        "ASCO 2022 abstract 5000",
        "congress abstract Methods",
        False,
        "at least one site with SUVmax≥20",
    ),
    (
        "therap",
        "fdg",
        ["none"],
        "Lancet 2021 (primary)",
        "journal abstract, Methods",
        False,
        "FDG-positive and PSMA-negative",
    ),
    (
        "therap",
        "ecog",
        ["0", "1", "2"],
        "Lancet 2021 (primary)",
        "journal abstract, Methods",
        False,
        "ECOG 0–2",
    ),
    # PSMAfore: A1 ESMO 2023 LBA13 (Identity "Key eligibility, from the authors' abstracts");
    # ECOG 0-1 from P2 (Lancet Oncol 2025).
    (
        "psmafore",
        "stage",
        ["mcrpc"],
        "ESMO 2023 LBA13",
        "congress abstract LBA13, Methods",
        False,
        "taxane-naive, PSMA-positive",
    ),
    (
        "psmafore",
        "arpi",
        ["one-mhspc", "one-mcrpc"],
        "ESMO 2023 LBA13",
        "congress abstract LBA13, Methods",
        False,
        "after one progression on a previous ARPI",
    ),
    (
        "psmafore",
        "taxane",
        ["none"],
        "ESMO 2023 LBA13",
        "congress abstract LBA13, Methods",
        False,
        "prior chemotherapy, except (neo)adjuvant",
    ),
    (
        "psmafore",
        "radium",
        ["no", "over-6-months"],
        "ESMO 2023 LBA13",
        "congress abstract LBA13, Methods",
        False,
        "systemic radiotherapy less than 6 months",
    ),
    (
        "psmafore",
        "psma_pet",
        ["positive"],
        "ESMO 2023 LBA13",
        "congress abstract LBA13, Methods",
        False,
        "no exclusionary PSMA-negative",
    ),
    (
        "psmafore",
        "ecog",
        ["0", "1"],
        "Lancet Oncol 2025 (HRQoL)",
        "journal abstract, Methods",
        False,
        "ECOG performance status 0-1",
    ),
    # SPLASH: TPS1 trial-in-progress TPS5087; A1 ESMO 2024 LBA65 (Identity "Setting").
    (
        "splash",
        "stage",
        ["mcrpc"],
        "TPS5087 (trial in progress)",
        "trial-in-progress abstract TPS5087, eligibility",
        False,
        "documented progressive mCRPC",
    ),
    (
        "splash",
        "arpi",
        ["one-mhspc", "one-mcrpc"],
        "ESMO 2024 LBA65",
        "congress abstract LBA65",
        False,
        "progressed on one ARPI",
    ),
    (
        "splash",
        "taxane",
        ["none", "docetaxel-mhspc"],
        "TPS5087 (trial in progress)",
        "trial-in-progress abstract TPS5087, eligibility",
        False,
        "chemotherapy-naive for CRPC",
    ),
    (
        "splash",
        "psma_pet",
        ["positive"],
        "TPS5087 (trial in progress)",
        "trial-in-progress abstract TPS5087, eligibility",
        False,
        "high PSMA expression",
    ),
    # ECLIPSE: secondary only (Identity: "[secondary: Curium press release; OncLive]" and
    # "Key eligibility, per registry mirrors and news [all secondary]").
    (
        "eclipse",
        "stage",
        ["mcrpc"],
        "Curium press release 2024",
        "press release (secondary)",
        True,
        "previously treated with one ARPI",
    ),
    (
        "eclipse",
        "taxane",
        ["none", "docetaxel-mhspc"],
        "Curium press release 2024",
        "press release (secondary)",
        True,
        "chemotherapy in the mCRPC setting was not allowed",
    ),
    (
        "eclipse",
        "arpi",
        ["one-mhspc", "one-mcrpc"],
        "Registry record (meddatax)",
        "registry summary, eligibility (secondary)",
        True,
        "no more than one prior AR-directed",
    ),
    (
        "eclipse",
        "psma_pet",
        ["positive"],
        "Registry record (meddatax)",
        "registry summary, eligibility (secondary)",
        True,
        "PSMA PET positive",
    ),
    # ENZA-p: P1 Lancet Oncol 2024, abstract Methods (Identity; E8 for ECOG).
    (
        "enza-p",
        "stage",
        ["mcrpc"],
        "Lancet Oncol 2024 (interim analysis)",
        "journal abstract, Methods",
        False,
        "men aged 18 years or older with mCRPC",
    ),
    (
        "enza-p",
        "arpi",
        ["none", "one-mhspc"],
        "Lancet Oncol 2024 (interim analysis)",
        "journal abstract, Methods",
        False,
        "androgen receptor pathway inhibitor for mCRPC",
    ),
    (
        "enza-p",
        "taxane",
        ["none", "docetaxel-mhspc"],
        "Lancet Oncol 2024 (interim analysis)",
        "journal abstract, Methods",
        False,
        "no previous docetaxel",
    ),
    (
        "enza-p",
        "psma_pet",
        ["positive"],
        "Lancet Oncol 2024 (interim analysis)",
        "journal abstract, Methods",
        False,
        "positive on [68Ga]Ga-PSMA-PET-CT",
    ),
    (
        "enza-p",
        "ecog",
        ["0", "1", "2"],
        "Lancet Oncol 2024 (interim analysis)",
        "journal abstract, Methods",
        False,
        "ECOG performance status 0-2",
    ),
    # PSMAddition: A1 ESMO 2025 Methods (M2: "≤45 days"); ECOG 0-2 is secondary (UroToday).
    (
        "psmaddition",
        "stage",
        ["mhspc"],
        "ESMO 2025 abstract (rPFS IA2)",
        "congress abstract, Methods",
        False,
        "minimally treated mHSPC",
    ),
    (
        "psmaddition",
        "adt",
        ["none", "under-4-weeks", "4-weeks-to-45-days"],
        "ESMO 2025 abstract (rPFS IA2)",
        "congress abstract, Methods",
        False,
        "≤45 days of therapy",
    ),
    (
        "psmaddition",
        "psma_pet",
        ["positive"],
        "ESMO 2025 abstract (rPFS IA2)",
        "congress abstract, Methods",
        False,
        "at least one PSMA-positive metastatic lesion",
    ),
    (
        "psmaddition",
        "ecog",
        ["0", "1", "2"],
        "UroToday ASCO 2026 report (news)",
        "news report of ASCO 2026 abstract 5020 (secondary)",
        True,
        "ECOG 0–2",
    ),
    # UpFrontPSMA: P1 Lancet Oncol 2024, its title (stage) and abstract Methods (U3 "less than 4
    # weeks", U4 ECOG).
    (
        "upfrontpsma",
        "stage",
        ["mhspc"],
        "Lancet Oncol 2024",
        "journal article title",
        False,
        "metastatic hormone-sensitive prostate cancer",
    ),
    (
        "upfrontpsma",
        "adt",
        ["none", "under-4-weeks"],
        "Lancet Oncol 2024",
        "journal abstract, Methods",
        False,
        "less than 4 weeks on ADT",
    ),
    (
        "upfrontpsma",
        "psma_pet",
        ["positive"],
        "Lancet Oncol 2024",
        "journal abstract, Methods",
        False,
        "PSMA-avid disease",
    ),
    (
        "upfrontpsma",
        "ecog",
        ["0", "1", "2"],
        "Lancet Oncol 2024",
        "journal abstract, Methods",
        False,
        "ECOG 0–2",
    ),
    # RALU: J Nucl Med 2023 abstract (004).
    (
        "ralu",
        "stage",
        ["mcrpc"],
        "J Nucl Med 2023",
        "Abstract",
        False,
        "patients with mCRPC previously treated with 223Ra",
    ),
    (
        "ralu",
        "radium",
        ["over-6-months", "within-6-months"],
        "J Nucl Med 2023",
        "Abstract, Methods",
        False,
        "at least 1 223Ra dose",
    ),
    # NETTER-1: NEJM 2017 (003), Methods, "PATIENTS" paragraph and key exclusion criteria.
    (
        "netter-1",
        "site",
        ["midgut"],
        "NEJM 2017",
        "Methods, Patients",
        False,
        "midgut neuroendocrine tumors",
    ),
    (
        "netter-1",
        "ssa",
        ["progressed"],
        "NEJM 2017",
        "Methods, Patients",
        False,
        "during treatment with octreotide LAR",
    ),
    (
        "netter-1",
        "progression",
        ["progressing"],
        "NEJM 2017",
        "Methods, Patients",
        False,
        "maximum period of 3 years",
    ),
    ("netter-1", "grade", ["g1", "g2"], "NEJM 2017", "Methods, Patients", False, "of 20% or less"),
    (
        "netter-1",
        "ki67",
        ["under-3", "3-9", "10-20"],
        "NEJM 2017",
        "Methods, Patients",
        False,
        "of 20% or less",
    ),
    (
        "netter-1",
        "sstr",
        ["positive"],
        "NEJM 2017",
        "Methods, Patients",
        False,
        "somatostatin receptors present on all target lesions",
    ),
    (
        "netter-1",
        "rlt",
        ["no"],
        "NEJM 2017",
        "Methods, Patients (key exclusion criteria)",
        False,
        "peptide receptor radionuclide therapy at any time",
    ),
    # NETTER-2: A1 ASCO GI 2024 LBA588 (Identity "Setting", "Ki-67 ≥10% and ≤55% (A1, A2)");
    # S4 company HCP page, secondary, for prior SSA and prior radioligand therapy.
    (
        "netter-2",
        "grade",
        ["g2", "g3"],
        "ASCO GI 2024 LBA588",
        "LBA588 Methods",
        False,
        "higher grade 2 or grade 3",
    ),
    (
        "netter-2",
        "ki67",
        ["10-20", "21-55"],
        "ASCO GI 2024 LBA588",
        "LBA588 Methods",
        False,
        "Ki-67 ≥10% and ≤55%",
    ),
    (
        "netter-2",
        "site",
        ["midgut", "pancreas", "other-gep"],
        "ASCO GI 2024 LBA588",
        "LBA588 Methods",
        False,
        "GEP-NETs",
    ),
    (
        "netter-2",
        "sstr",
        ["positive"],
        "ASCO GI 2024 LBA588",
        "LBA588 Methods",
        False,
        "somatostatin receptor-positive",
    ),
    # NETTER-2 A6, SNMMI 2024 abstract 241951 (netter-2.md Identity, confirmed): uptake score.
    (
        "netter-2",
        "sstr",
        ["positive"],
        "SNMMI 2024 abstract 241951",
        "SNMMI 2024 abstract 241951, Methods (uptake score required)",
        False,
        "tumour uptake score 3 (above liver, below spleen) or 4 (above spleen)",
    ),
    (
        "netter-2",
        "ssa",
        ["none", "no-progression"],
        "Lutathera HCP site: NETTER-2 efficacy (company)",
        "company HCP page, NETTER-2 eligibility (secondary)",
        True,
        "SSA without progression",
    ),
    (
        "netter-2",
        "rlt",
        ["no"],
        "Lutathera HCP site: NETTER-2 efficacy (company)",
        "company HCP page, NETTER-2 exclusions (secondary)",
        True,
        "prior radioligand therapy",
    ),
    # COMPETE: A1 ENETS 2025 #4669, Materials and methods (C-05 Ki-67 ≤20%).
    (
        "compete",
        "grade",
        ["g1", "g2"],
        "ENETS 2025 abstract #4669",
        "congress abstract, Materials and methods",
        False,
        "Grade 1 or grade 2",
    ),
    (
        "compete",
        "ki67",
        ["under-3", "3-9", "10-20"],
        "ENETS 2025 abstract #4669",
        "congress abstract, Materials and methods",
        False,
        "Ki-67 ≤20%",
    ),
    (
        "compete",
        "progression",
        ["progressing"],
        "ENETS 2025 abstract #4669",
        "congress abstract, Materials and methods",
        False,
        "progressive disease",
    ),
    (
        "compete",
        "sstr",
        ["positive"],
        "ENETS 2025 abstract #4669",
        "congress abstract, Materials and methods",
        False,
        "SSTR-positive",
    ),
    (
        "compete",
        "site",
        ["midgut", "pancreas", "other-gep"],
        "ENETS 2025 abstract #4669",
        "congress abstract, Introduction and methods",
        False,
        "gastroenteric or pancreatic origin",
    ),
    # OCLURANDOM: A1 ESMO 2022 887O (Identity "Setting", "Key eligibility"); S1 secondary.
    (
        "oclurandom",
        "site",
        ["pancreas"],
        "ESMO 2022 abstract 887O",
        "congress abstract 887O",
        False,
        "pancreatic NET (PanNET)",
    ),
    (
        "oclurandom",
        "sstr",
        ["positive"],
        "ESMO 2022 abstract 887O",
        "congress abstract 887O",
        False,
        "scintigraphy-positive",
    ),
    (
        "oclurandom",
        "progression",
        ["progressing"],
        "ESMO 2022 abstract 887O",
        "congress abstract 887O",
        False,
        "Progression within 1 year by RECIST 1.1",
    ),
    (
        "oclurandom",
        "rlt",
        ["no"],
        "Endocrinology Advisor 2022 (news)",
        "news report of the ESMO 2022 presentation (secondary)",
        True,
        "previous PRRT",
    ),
]
SLUGS = sorted({row[0] for row in EXPECTED})


@pytest.fixture(scope="module")
def records(django_db_setup, django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        client = Client()
        return {slug: client.get(f"/api/trials/{slug}/").json() for slug in SLUGS}


def criterion(records, slug, feature, publication):
    rows = records[slug]["criteria"]
    return find(
        [dict(r, publication=r["source"]["publication"]) for r in rows],
        feature=feature,
        publication=publication,
    )


@pytest.mark.parametrize(
    ("slug", "feature", "admits", "publication", "locator", "secondary", "words"),
    EXPECTED,
    ids=[f"{row[0]}-{row[1]}-{row[3]}" for row in EXPECTED],
)
def test_each_criterion_admits_what_its_source_says(
    records, slug, feature, admits, publication, locator, secondary, words
):
    row = criterion(records, slug, feature, publication)
    assert row["admits"] == admits
    assert words in row["text"]
    assert row["source"]["locator"] == locator
    assert row["source"]["secondary"] is secondary


def test_every_curated_criterion_is_one_checked_here(records):
    curated = sorted(
        (slug, r["feature"], r["source"]["publication"])
        for slug in SLUGS
        for r in records[slug]["criteria"]
    )
    assert curated == sorted((row[0], row[1], row[3]) for row in EXPECTED)
    assert len(SLUGS) == 13


def normalised(text):
    return re.sub(r"\s+", " ", text)


def test_every_criterion_is_quoted_word_for_word_from_its_source(records, source_text):
    """Each text, or each part of it between " … " omissions, is in the source as printed."""
    for slug in SLUGS:
        for row in records[slug]["criteria"]:
            name = DOCUMENTS.get(row["source"]["publication"], f"trials/{slug}.md")
            source = normalised(source_text(name))
            for part in row["text"].split(" … "):
                assert normalised(part) in source, (slug, row["feature"], part)


def test_secondary_criteria_come_only_from_sources_the_sheets_call_secondary(records):
    secondary = sorted(
        (slug, r["feature"])
        for slug in SLUGS
        for r in records[slug]["criteria"]
        if r["source"]["secondary"]
    )
    assert secondary == sorted((row[0], row[1]) for row in EXPECTED if row[5])


def test_each_trial_serves_its_clinical_setting(records):
    settings = {slug: records[slug]["clinical_setting"]["slug"] for slug in SLUGS}
    assert settings == {
        "psmaddition": "mhspc",
        "upfrontpsma": "mhspc",
        "enza-p": "mcrpc-first-line",
        "psmafore": "mcrpc-after-arpi-taxane-naive",
        "splash": "mcrpc-after-arpi-taxane-naive",
        "eclipse": "mcrpc-after-arpi-taxane-naive",
        "vision": "mcrpc-after-taxane",
        "therap": "mcrpc-after-taxane",
        "ralu": "mcrpc-after-radium",
        "netter-2": "net-first-line-higher-grade",
        "compete": "net-progressive-gep-grade-1-2",
        "netter-1": "net-midgut-after-ssa",
        "oclurandom": "net-pancreatic-pretreated",
    }
