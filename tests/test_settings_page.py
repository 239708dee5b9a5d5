"""Where radioligand therapy fits (/treatment-settings/) over real HTTP: the map first, each
setting's trials in order with their arms and headline result, and fixed SQL queries."""

import re
from decimal import Decimal

import pytest
from django.test import Client

from trials.models import Arm, ClinicalSetting, EffectEstimate, Endpoint, Publication, Trial

pytestmark = pytest.mark.django_db

URL = "/treatment-settings/"

# The curated placement (fixtures/settings.json), each disease's settings in treatment order and
# each setting's trials by acronym.
CURATED = {
    "prostate": [
        ("mhspc", ["PSMAddition", "UpFrontPSMA"]),
        ("mcrpc-first-line", ["ENZA-p"]),
        ("mcrpc-after-arpi-taxane-naive", ["ECLIPSE", "PSMAfore", "SPLASH"]),
        ("mcrpc-after-taxane", ["TheraP", "VISION"]),
        ("mcrpc-after-radium", ["RALU"]),
    ],
    "net": [
        ("net-first-line-higher-grade", ["NETTER-2"]),
        ("net-progressive-gep-grade-1-2", ["COMPETE"]),
        ("net-midgut-after-ssa", ["NETTER-1"]),
        ("net-pancreatic-pretreated", ["OCLURANDOM"]),
    ],
}


def page():
    response = Client().get(URL)
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def part(body, start, end):
    return body.split(start, 1)[1].split(end, 1)[0]


def acronyms(html):
    return re.findall(r'<a href="/trials/[a-z0-9-]+/">([^<]+)</a>', html)


def overview(body):
    return part(body, 'aria-labelledby="map-heading"', "</nav>")


def setting_section(body, slug):
    return part(body, f'<section class="setting" id="setting-{slug}"', "</section>")


def test_the_map_comes_first_with_every_setting_in_treatment_order():
    body = page()
    assert body.index('id="map-heading"') < body.index('<section class="setting"')
    glance = overview(body)
    disease_order = [glance.index(">Prostate cancer</h3>"), glance.index(">Neuroendocrine")]
    assert disease_order == sorted(disease_order)
    for settings in CURATED.values():
        slugs = re.findall(r'href="#setting-([a-z0-9-]+)"', glance)
        wanted = [slug for slug, _ in settings]
        assert [s for s in slugs if s in wanted] == wanted
        for slug, trials in settings:
            item = part(glance, f'href="#setting-{slug}"', "</li>")
            assert acronyms(item) == trials
    # Every published trial is on the map once, so none is placed nowhere.
    assert sorted(acronyms(glance)) == sorted(
        Trial.objects.published().values_list("acronym", flat=True)
    )
    assert "Not yet placed" not in body


def test_each_setting_lists_its_trials_in_order_with_name_and_line():
    body = page()
    for settings in CURATED.values():
        positions = [body.index(f'id="setting-{slug}"') for slug, _ in settings]
        assert positions == sorted(positions)
        for slug, trials in settings:
            setting = ClinicalSetting.objects.get(slug=slug)
            section = setting_section(body, slug)
            assert f"{setting.name}</h3>" in section
            assert setting.line in section
            rows = re.findall(r'<th scope="row" data-label="Trial">(.*?)</th>', section)
            assert [acronyms(row)[0] for row in rows] == trials


def test_a_trial_row_shows_n_arms_design_and_headline_as_published():
    section = setting_section(page(), "mcrpc-after-taxane")
    vision = part(section, ">VISION</a>", "</tr>")
    # VISION (NEJM 2021): 831 randomised; OS HR 0.62 (95% CI 0.52–0.74), P<0.001 (Abstract).
    assert "831 randomised" in vision
    assert "¹⁷⁷Lu-PSMA-617 plus standard care" in vision
    assert "Standard care alone" in vision
    assert "Phase 3 · Randomised, open-label" in vision
    assert "Overall survival" in vision
    assert "HR 0.62 (95% CI 0.52–0.74); P&lt;0.001" in vision
    assert "source: NEJM 2021" in vision
    therap = part(section, ">TheraP</a>", "</tr>")
    assert "Cabazitaxel</td>" in therap  # the comparator, as the publication names the group
    # A single group has no comparator; a topline-only trial says it has no numbers.
    ralu = part(setting_section(page(), "mcrpc-after-radium"), ">RALU</a>", "</tr>")
    assert "None: single group" in ralu
    eclipse = part(
        setting_section(page(), "mcrpc-after-arpi-taxane-naive"), ">ECLIPSE</a>", "</tr>"
    )
    assert "Topline only: no numbers published" in eclipse


def test_the_headline_is_the_primary_end_point_at_its_latest_cut():
    # UpFrontPSMA's primary end point, undetectable PSA at 48 weeks: OR 3.88 (95% CI 1.61-9.38),
    # P=.0020 (upfrontpsma.md U30, secondary); not the later secondary "at any time" (OR 2.14).
    upfront = part(setting_section(page(), "mhspc"), ">UpFrontPSMA</a>", "</tr>")
    assert "Undetectable PSA (≤0·2 ng/mL) at 48 weeks" in upfront
    assert "OR 3.88 (95% CI 1.61–9.38); P=.0020" in upfront
    assert "OR 2.14" not in upfront
    # PSMAfore's rPFS at its latest cut, the updated analysis (Lancet 2024 per ASCO Post, F23
    # secondary): HR 0.49, as its key results and the forest plot give it.
    psmafore = part(
        setting_section(page(), "mcrpc-after-arpi-taxane-naive"), ">PSMAfore</a>", "</tr>"
    )
    assert "HR 0.49 (95% CI 0.39–0.61)" in psmafore


def test_each_setting_links_its_comparison_and_draws_its_own_forest_plot():
    body = page()
    section = setting_section(body, "mcrpc-after-arpi-taxane-naive")
    assert 'href="/compare/?trials=eclipse,psmafore,splash"' in section
    assert "Compare these 3 trials side by side" in section
    assert 'id="forest-mcrpc-after-arpi-taxane-naive"' in section
    assert "Hazard ratios: mCRPC after one ARPI, taxane-naive" in section
    # One trial: nothing to compare. No hazard ratio (RALU is a chart review): no empty plot.
    radium = setting_section(body, "mcrpc-after-radium")
    assert "/compare/" not in radium
    assert "No hazard ratio is published for the trials in this setting." in radium
    assert 'class="plot"' not in radium
    ids = re.findall(r'<script id="(forest-[a-z0-9-]+)" type="application/json">', body)
    assert len(ids) == len(set(ids)) >= 7
    assert 'data-plotly="/static/vendor/plotly/plotly-cartesian-4.1.1.min.js"' in body


def test_a_trial_without_a_setting_is_listed_as_not_yet_placed():
    Trial.objects.filter(slug="ralu").update(clinical_setting=None)
    body = page()
    assert "Not yet placed" in overview(body)
    assert acronyms(part(overview(body), ">Not yet placed</h3>", "</section>")) == ["RALU"]
    section = setting_section(body, "not-yet-placed")
    assert ">RALU</a>" in section
    assert "No published trial in this setting yet." in setting_section(body, "mcrpc-after-radium")


def test_draft_trials_are_left_out():
    Trial.objects.filter(slug="vision").update(review_status=Trial.ReviewStatus.DRAFT)
    body = page()
    assert ">VISION</a>" not in body
    assert acronyms(part(overview(body), 'href="#setting-mcrpc-after-taxane"', "</li>")) == [
        "TheraP"
    ]


def add_trials(setting, count, prefix):
    """Published trials with two arms and a hazard ratio each, placed in `setting`."""
    for i in range(count):
        trial = Trial.objects.create(
            slug=f"{prefix}-{i}",
            acronym=f"{prefix.upper()}-{i}",
            title="Added for the query count",
            phase="3",
            design="randomised-open-label",
            disease="prostate",
            indication="mCRPC",
            clinical_setting=setting,
            n_randomised=100,
            review_status=Trial.ReviewStatus.PUBLISHED,
        )
        pub = Publication.objects.create(
            trial=trial, label="J 2025", citation="x", kind="primary", source_quality="full-text"
        )
        for role in (Arm.Role.EXPERIMENTAL, Arm.Role.CONTROL):
            Arm.objects.create(
                trial=trial, label=role, short_label=role, role=role, regimen="x", source=pub
            )
        endpoint = Endpoint.objects.create(
            trial=trial,
            publication=pub,
            name="Overall survival",
            family="os",
            kind="time-to-event",
            role="primary",
        )
        EffectEstimate.objects.create(
            endpoint=endpoint, measure="hr", value=Decimal("0.8"), source=pub, locator="Table 2"
        )


# The data version keying the page cache; the published trials with their sources and
# settings; their publications, arms + agents, analysis sets, their arm Ns, end points, results,
# effects, numbers at risk, adverse events, their arms, baseline, crossovers (no eligibility
# criteria: the page shows none); the settings.
QUERIES = 1 + 13 + 1


def test_queries_do_not_grow_with_the_trials(client, django_assert_num_queries):
    with django_assert_num_queries(QUERIES):
        assert client.get(URL).status_code == 200
    add_trials(ClinicalSetting.objects.get(slug="mcrpc-after-taxane"), 5, "more")
    setting = ClinicalSetting.objects.create(
        slug="extra", disease="prostate", disease_state="mCRPC", name="Extra", line="x", order=99
    )
    add_trials(setting, 3, "extra")
    with django_assert_num_queries(QUERIES):
        body = client.get(URL).content.decode()
    assert body.count('<th scope="row" data-label="Trial">') == 13 + 8
    assert 'id="forest-extra"' in body
