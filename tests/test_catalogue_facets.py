"""The catalogue's facets and search over real HTTP: disease, clinical setting, prior therapy
(from the published eligibility criteria), the values offered, bad values and SQL queries."""

import re

import pytest

from tests.test_settings_page import add_trials
from trials.models import ClinicalSetting, Trial

pytestmark = pytest.mark.django_db

PSMA_617 = ["ENZA-p", "PSMAddition", "PSMAfore", "TheraP", "UpFrontPSMA", "VISION"]
ALL = sorted(
    ["COMPETE", "ECLIPSE", "ENZA-p", "NETTER-1", "NETTER-2", "OCLURANDOM", "PSMAddition"]
    + ["PSMAfore", "RALU", "SPLASH", "TheraP", "UpFrontPSMA", "VISION"]
)


def listed(client, query):
    response = client.get(f"/trials/?per_page=100&{query}")
    assert response.status_code == 200, response.content
    return re.findall(r'<a href="/trials/[a-z0-9-]+/">([^<]+)</a>', response.content.decode())


def select(client, name, query=""):
    """The (value, label) options of a facet's select, "Any" first."""
    body = client.get(f"/trials/?{query}").content.decode()
    html = body.split(f'<select name="{name}"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', html)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # TheraP (arms: cabazitaxel), UpFrontPSMA (arms: docetaxel), ENZA-p (eligibility: no
        # previous docetaxel), VISION (its setting's line: "After docetaxel").
        ("q=docetaxel", ["ENZA-p", "TheraP", "UpFrontPSMA", "VISION"]),
        # Only TheraP's control arm is cabazitaxel; VISION's setting description names it as
        # TheraP's comparator, which is why descriptions are not searched.
        ("q=cabazitaxel", ["TheraP"]),
        # Pluvicto is the brand of ¹⁷⁷Lu-PSMA-617 (fixtures/agents.json).
        ("q=Pluvicto", PSMA_617),
        ("q=pluvicto", PSMA_617),
        # Typed without superscripts, as a keyboard gives them.
        ("q=177Lu-PSMA-617", PSMA_617),
        ("q=[177Lu]Lu-PSMA-617", PSMA_617),
        # Every curated agent carries lutetium-177.
        ("q=lutetium", ALL),
        ("q=Lu-177", ALL),
        ("q=everolimus", ["COMPETE"]),
        ("q=Lutathera", ["NETTER-1", "NETTER-2", "OCLURANDOM"]),
        # Titles, indications and the setting (SPLASH's is "mCRPC after one ARPI, taxane-naive").
        ("q=taxane-naive", ["ECLIPSE", "PSMAfore", "SPLASH"]),
        # Every word, each anywhere in the record: TheraP's comparator and its line.
        ("q=cabazitaxel+docetaxel", ["TheraP"]),
        ("q=Pluvicto+docetaxel", ["ENZA-p", "TheraP", "UpFrontPSMA", "VISION"]),
        ("q=lutetium+177", ALL),  # the phrase, as before
        ("q=cabazitaxel+everolimus", []),
    ],
)
def test_search(client, query, expected):
    assert listed(client, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("setting=mcrpc-after-arpi-taxane-naive", ["ECLIPSE", "PSMAfore", "SPLASH"]),
        ("setting=mcrpc-after-taxane", ["TheraP", "VISION"]),
        ("setting=mhspc", ["PSMAddition", "UpFrontPSMA"]),
        ("setting=net-midgut-after-ssa", ["NETTER-1"]),
        ("disease=prostate&setting=mcrpc-after-taxane&q=cabazitaxel", ["TheraP"]),
        ("disease=net&setting=mcrpc-after-taxane", []),
    ],
)
def test_setting_facet(client, query, expected):
    assert listed(client, query) == expected


def test_settings_are_offered_by_disease_in_treatment_order(client):
    body = client.get("/trials/").content.decode()
    html = body.split('<select name="setting"', 1)[1].split("</select>", 1)[0]
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', html, re.S)
    assert [label for label, _ in groups] == ["Prostate cancer", "Neuroendocrine tumours"]
    for (_, options), disease in zip(groups, ["prostate", "net"], strict=True):
        slugs = re.findall(r'<option value="([^"]+)"', options)
        assert slugs == list(
            ClinicalSetting.objects.filter(disease=disease)
            .order_by("order")
            .values_list("slug", flat=True)
        )


@pytest.mark.parametrize(
    ("value", "label", "expected"),
    [
        # VISION: after one or two taxane regimens; TheraP: after docetaxel (both Methods).
        (
            "taxane:one-mcrpc",
            "Prior taxane: one taxane regimen for castration-resistant disease",
            ["TheraP", "VISION"],
        ),
        (
            "taxane:two",
            "Prior taxane: two taxane regimens (e.g. docetaxel, then cabazitaxel)",
            ["VISION"],
        ),
        ("taxane:none", "Prior taxane: none", ["ECLIPSE", "ENZA-p", "PSMAfore", "SPLASH"]),
        ("arpi:two-plus", "Prior ARPI: two or more", ["TheraP", "VISION"]),
        # NETTER-1: progression on octreotide LAR required.
        ("ssa:progressed", "Somatostatin analogue: progressed on it", ["NETTER-1"]),
        ("rlt:no", "Prior radioligand therapy: no", ["NETTER-1", "NETTER-2", "OCLURANDOM"]),
        ("radium:within-6-months", "Prior radium-223: yes, within the last 6 months", ["RALU"]),
    ],
)
def test_prior_therapy_facet(client, value, label, expected):
    assert (value, label) in select(client, "prior")
    assert listed(client, f"prior={value}") == expected


def test_every_facet_offers_any_and_only_values_some_trial_has(client):
    for name in ("disease", "setting", "prior", "agent", "target", "phase", "design"):
        options = select(client, name)
        assert options[0] == ("", "Any"), name
        for value, _ in options[1:]:
            assert listed(client, f"{name}={value}"), f"{name}={value} lists no trial"
    body = client.get("/trials/").content.decode()
    assert "---------" not in body
    # No curated trial is phase 1 or 4, blinded or single-group, or admits prior radioligand
    # therapy.
    phases = [value for value, _ in select(client, "phase")]
    assert "1" not in phases and "4" not in phases and "3" in phases
    designs = [value for value, _ in select(client, "design")]
    assert "randomised-blinded" not in designs and "single-group" not in designs
    assert "rlt:yes" not in [value for value, _ in select(client, "prior")]


def test_a_value_no_published_trial_has_is_withdrawn(client):
    # RALU is the only retrospective chart review and the only trial after radium-223.
    Trial.objects.filter(slug="ralu").update(review_status=Trial.ReviewStatus.DRAFT)
    assert "retrospective" not in [value for value, _ in select(client, "design")]
    assert "mcrpc-after-radium" not in [value for value, _ in select(client, "setting")]
    assert "radium:within-6-months" not in [value for value, _ in select(client, "prior")]
    response = client.get("/trials/?setting=mcrpc-after-radium")
    assert response.status_code == 400
    assert "Some filters could not be used" in response.content.decode()


def test_a_facet_with_no_values_is_not_offered(client):
    Trial.objects.update(clinical_setting=None)
    body = client.get("/trials/").content.decode()
    assert 'name="setting"' not in body
    assert 'name="disease"' in body


@pytest.mark.parametrize(
    "query",
    ["setting=nope", "prior=taxane", "prior=taxane:maybe", "disease=lung", "q=" + "x" * 201],
)
def test_bad_facet_values_are_a_400_with_the_message(client, query):
    response = client.get(f"/trials/?{query}")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Some filters could not be used" in body
    assert 'class="field-error"' in body
    # The folded filters open, so a phone shows the message beside its field.
    assert '<details class="filter-fold" open>' in body


def test_the_folded_filters_say_how_many_are_in_use(client):
    body = client.get("/trials/?disease=prostate&prior=taxane:none").content.decode()
    assert "Filters (2 in use)</summary>" in body
    assert "Filters</summary>" in client.get("/trials/").content.decode()


def test_each_cell_names_its_column_for_the_phone_cards(client):
    body = client.get("/trials/?q=VISION").content.decode()
    for label in ("Compare", "Trial", "Title", "Agent", "Phase", "Design", "N", "Year"):
        assert f'<td data-label="{label}"' in body


# The filter form's choices: the published trials' diseases, phases, designs and settings; their
# agents (and targets); the criteria on prior therapy. Then the count, a page of trials with
# their first agent and year, and their arms.
QUERIES = 3 + 3


NAIVE = "mcrpc-after-arpi-taxane-naive"


@pytest.mark.parametrize("query", ["", f"prior=taxane:none&q=e&setting={NAIVE}&disease=prostate"])
def test_queries_do_not_grow_with_the_trials(client, django_assert_num_queries, query):
    with django_assert_num_queries(QUERIES):
        assert client.get(f"/trials/?per_page=100&{query}").status_code == 200
    add_trials(ClinicalSetting.objects.get(slug=NAIVE), 20, "extra")
    with django_assert_num_queries(QUERIES):
        assert client.get(f"/trials/?per_page=100&{query}").status_code == 200
