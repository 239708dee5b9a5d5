"""The HTML pages over real HTTP requests: content, bad input, and SQL query counts."""

import re

import pytest

from trials.models import Trial

pytestmark = pytest.mark.django_db


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_overview_has_cards_forest_plot_and_a_way_to_compare(client):
    response = client.get("/")
    assert response.status_code == 200
    body = text(response)
    for acronym in ("VISION", "NETTER-1", "TheraP", "RALU", "PSMAfore", "NETTER-2", "ECLIPSE"):
        assert f">{acronym}</a>" in body
    # Grouped by disease, each group with its own comparison: not one head-to-head of all.
    assert body.index(">Prostate cancer</h2>") < body.index(">Neuroendocrine tumours</h2>")
    assert "/compare/?trials=compete,netter-1,netter-2,oclurandom" in body
    assert "Compare the 9 prostate cancer trials" in body
    # VISION's card leads with its primary OS result (Abstract): HR 0.62 (95% CI 0.52–0.74).
    assert "HR 0.62 (95% CI 0.52–0.74); P&lt;0.001" in body
    # ECLIPSE has published no numbers: its card says so.
    assert "Topline only: no numbers published" in body
    assert 'id="forest"' in body and 'type="application/json"' in body
    assert 'data-plotly="/static/vendor/plotly/plotly-cartesian-4.1.1.min.js"' in body
    assert "cdn" not in body.lower()


def test_trial_page_shows_each_section_with_sources(client):
    body = text(client.get("/trials/vision/"))
    for heading in (
        "Design and eligibility",
        "Arms and dosing",
        "Analysis sets",
        "Efficacy",
        "Adverse events",
        "Baseline characteristics",
        "Publications and data cuts",
    ):
        assert heading in body
    # Methods: 7.4 GBq (200 mCi); Table 2: any grade >=3 AE 279 (52.7%).
    assert "7.4 GBq (200 mCi)" in body
    assert "279 (52.7%)" in body
    assert "source: NEJM 2021, Table 2" in body
    assert 'href="https://doi.org/10.1056/NEJMoa2107322"' in body
    assert 'href="https://clinicaltrials.gov/study/NCT03511664"' in body
    # PSA50 46.0% comes from secondary summaries and is marked so.
    assert "46.0%" in body and "secondary source" in body


def test_unknown_trial_is_a_404_page(client):
    response = client.get("/trials/no-such-trial/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_an_end_point_heading_dates_its_cut_as_the_key_results_do(client):
    # The final OS analysis (Lancet Oncol 2021): its cut-off, 18 January 2021, is given only by
    # a secondary company page (netter-1-final.md F-31, S4), and the heading says so.
    body = client.get("/trials/netter-1/").content.decode()
    assert (
        '<h3>Overall survival (final analysis) <span class="role">Key secondary · Lancet Oncol '
        "2021 (final OS), data cut-off 18 January 2021 (as given by Novartis US HCP long-term "
        "safety page, secondary source)</span></h3>"
    ) in body
    # NEJM 2017 gives its own: 24 July 2015.
    assert "NEJM 2017, data cut-off 24 July 2015</span></h3>" in body


def test_a_printout_carries_the_pages_address(client):
    body = client.get("/trials/vision/").content.decode()
    assert '<p class="print-address">Printed from http://testserver/trials/vision/</p>' in body
    summary = client.get("/compare/?trials=vision,therap").content.decode()
    assert (
        "Sources on the page for each number: http://testserver/compare/?trials=vision,therap"
        in (summary)
    )


def test_a_slug_typed_in_capitals_is_the_same_page(client):
    response = client.get("/trials/VISION/")
    assert response.status_code == 301 and response["Location"] == "/trials/vision/"
    exported = client.get("/trials/VISION/?_export=csv")
    assert exported["Location"] == "/trials/vision/?_export=csv"
    assert client.get("/trials/NO-SUCH-TRIAL/", follow=True).status_code == 404


def test_draft_trial_is_hidden(client):
    Trial.objects.filter(slug="ralu").update(review_status=Trial.ReviewStatus.DRAFT)
    assert client.get("/trials/ralu/").status_code == 404
    assert client.get("/compare/?trials=vision,ralu").status_code == 404
    assert ">RALU</a>" not in text(client.get("/trials/"))


def test_comparison_aligns_rows_and_flags_differences(client):
    response = client.get("/compare/?trials=vision,netter-1,therap,ralu")
    assert response.status_code == 200
    body = text(response)
    for section in ("Design", "Population", "Intervention", "Efficacy", "Safety", "Sources"):
        assert f"<h2>{section}</h2>" in body
    assert "Not reported" in body
    assert "Definitions differ: PFS (any progression)" in body
    assert "Confidence levels differ: 95% vs 99.2% CIs." in body
    assert "High-grade bands differ: grade ≥3 in one trial, grade 3–4 in another." in body
    assert "RALU: single group without a control arm" in body
    assert "Trials report different data cuts" in body
    # VISION rPFS HR (Abstract) and NETTER-1 PFS HR (Results) in the same row.
    assert "HR 0.40 (99.2% CI 0.29–0.57); P&lt;0.001" in body
    assert "HR 0.21 (95% CI 0.13–0.33); P&lt;0.001" in body
    for chart in ("forest", "medians", "responses", "adverse-events", "at-risk"):
        assert f'id="{chart}"' in body


def test_trials_can_be_added_and_removed_by_link(client):
    body = text(client.get("/compare/?trials=vision,therap,ralu"))
    assert 'href="/compare/?trials=therap,ralu"' in body  # remove VISION
    assert '<option value="netter-1">NETTER-1</option>' in body
    response = client.get("/compare/?trials=vision,therap&add=netter-1")
    assert response.status_code == 302
    assert response["Location"] == "/compare/?trials=vision,therap,netter-1"


def test_repeated_parameters_redirect_to_the_permalink(client):
    response = client.get("/compare/?trials=vision&trials=therap")
    assert response.status_code == 302
    assert response["Location"] == "/compare/?trials=vision,therap"


@pytest.mark.parametrize(
    ("query", "status", "words"),
    [
        ("", 400, "Choose at least two trials"),
        ("?trials=", 400, "Choose at least two trials"),
        ("?trials=vision", 400, "Choose at least two trials"),
        ("?trials=vision,vision", 400, "chosen more than once"),
        ("?trials=vision,nope", 404, "No published trial has these names"),
        ("?trials=vision,%3Cscript%3Ealert(1)%3C/script%3E", 400, "not valid"),
        ("?trials=" + ",".join(f"t{i}" for i in range(9)), 404, "No published trial"),
        ("?trials=" + ",".join(f"t{i}" for i in range(13)), 400, "Compare at most 12 trials"),
        ("?trials=" + "x" * 5000, 400, "not valid"),
    ],
)
def test_bad_comparison_requests_get_a_helpful_4xx(client, query, status, words):
    response = client.get(f"/compare/{query}")
    assert response.status_code == status
    body = response.content.decode()
    assert words in body
    assert "<script>alert" not in body
    assert 'name="trials" value="vision"' in body  # the page offers a way forward


def test_too_many_trials_is_refused(client):
    from django.http import QueryDict

    from trials.forms import MAX_TRIALS, CompareForm

    slugs = [f"t{i}" for i in range(MAX_TRIALS + 1)]
    form = CompareForm(QueryDict("trials=" + ",".join(slugs)), trials=Trial.objects.none())
    assert not form.is_valid()
    assert form.errors["trials"] == [f"Compare at most {MAX_TRIALS} trials at a time."]
    assert client.get("/compare/?trials=" + ",".join(slugs)).status_code == 400


PSMA_TRIALS = ["ECLIPSE", "ENZA-p", "PSMAddition", "PSMAfore", "RALU", "SPLASH", "TheraP"]
PSMA_TRIALS += ["UpFrontPSMA", "VISION"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?agent=lu-177-dotatate", ["NETTER-1", "NETTER-2", "OCLURANDOM"]),
        ("?target=PSMA", [*PSMA_TRIALS]),
        ("?phase=2", ["ENZA-p", "OCLURANDOM", "TheraP", "UpFrontPSMA"]),
        ("?design=retrospective", ["RALU"]),
        ("?year=2017", ["NETTER-1"]),
        ("?q=NCT0351", ["VISION"]),
        ("?disease=net", ["COMPETE", "NETTER-1", "NETTER-2", "OCLURANDOM"]),
        # Search reaches arms, comparators and brand names: after docetaxel, which trials?
        ("?q=cabazitaxel", ["TheraP"]),
        ("?q=sunitinib", ["OCLURANDOM"]),
        ("?q=Lutathera", ["NETTER-1", "NETTER-2", "OCLURANDOM"]),
        # The setting facet gathers what free-text indications scattered (RALU alone before).
        ("?setting=mcrpc-after-taxane", ["TheraP", "VISION"]),
        # Randomised, or enrolled where counted so (ECLIPSE 439, RALU 133); unknown last.
        (
            "?sort=-n_randomised&per_page=100",
            ["PSMAddition", "VISION", "PSMAfore", "ECLIPSE", "SPLASH", "NETTER-1", "NETTER-2"]
            + ["TheraP", "ENZA-p", "RALU", "UpFrontPSMA", "OCLURANDOM", "COMPETE"],
        ),
    ],
)
def test_catalogue_filters_and_sorts(client, query, expected):
    response = client.get(f"/trials/{query}")
    assert response.status_code == 200
    shown = re.findall(r'<a href="/trials/[a-z0-9-]+/">([^<]+)</a>', response.content.decode())
    assert shown == expected


@pytest.mark.parametrize("query", ["?phase=9", "?agent=nope", "?year=abc", "?year=99999"])
def test_catalogue_rejects_malformed_filters_with_a_400(client, query):
    response = client.get(f"/trials/{query}")
    assert response.status_code == 400
    assert "Some filters could not be used" in response.content.decode()


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5"])
def test_catalogue_bad_page_number_is_a_400_with_a_message(client, page):
    response = client.get(f"/trials/?page={page}")
    assert response.status_code == 400
    assert "The page number must be a whole number" in response.content.decode()


def test_catalogue_checkboxes_submit_to_the_comparison(client):
    body = text(client.get("/trials/"))
    assert '<form id="compare-form" method="get" action="/compare/"' in body
    assert (
        '<input type="checkbox" name="trials" value="vision" form="compare-form" '
        'aria-label="Compare VISION">' in body
    )


TWELVE = ["vision", "netter-1", "therap", "ralu", "psmafore", "splash", "eclipse"]
TWELVE += ["psmaddition", "enza-p", "upfrontpsma", "netter-2", "compete"]


@pytest.mark.parametrize(
    "slugs", [["vision", "therap"], ["vision", "netter-1", "therap", "ralu"], TWELVE]
)
def test_comparison_query_count_does_not_grow_with_trials(client, django_assert_num_queries, slugs):
    # 1 requested slugs that exist; 1 trials + source; publications; arms + agents; analysis sets;
    # their arm Ns; end points; results; effects; numbers at risk; adverse events; their arms;
    # baseline; crossovers; the other trials offered in "Add a trial"; and the data version
    # keying the cache. Eligibility criteria are not shown, so not fetched. A comparison of 12,
    # the most there can be, offers no trial to add, so it reads one query fewer.
    with django_assert_num_queries(15 if len(slugs) == 12 else 16):
        body = client.get(f"/compare/?trials={','.join(slugs)}").content.decode()
    assert ('id="add-trial"' in body) == (len(slugs) < 12)


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        # The data version keying the page cache, then the page's own queries.
        ("/", 1 + 14),  # the featured trials' records (13, no criteria) and the count of the rest
        ("/trials/vision/", 1 + 14),
        ("/trials/ralu/", 1 + 14),
        # The facets' choices (the published trials' diseases, phases, designs and settings; their
        # agents and targets; the prior-therapy criteria), the count, a page of trials, their arms.
        ("/trials/", 6),
    ],
)
def test_page_query_counts(client, django_assert_num_queries, path, queries):
    with django_assert_num_queries(queries):
        assert client.get(path).status_code == 200


def test_a_comparison_says_first_that_it_is_not_head_to_head(client):
    body = text(client.get("/compare/?trials=vision,netter-1"))
    banner = body.split('class="caveats"', 1)[1].split("</section>", 1)[0]
    assert "Not a head-to-head comparison" in banner
    diseases = "Different diseases: Prostate cancer: VISION; Neuroendocrine tumours: NETTER-1."
    assert diseases in banner
    assert body.index('class="caveats"') < body.index('class="compare-table"')
    # Same disease and setting: still each hazard ratio against its own control, named.
    body = text(client.get("/compare/?trials=psmafore,splash"))
    banner = body.split('class="caveats"', 1)[1].split("</section>", 1)[0]
    assert "Each effect estimate is against its own trial" in banner
    assert "PSMAfore: ARPI change; SPLASH: Alternate ARPI" in banner
    assert "Different diseases" not in banner
    body = text(client.get("/compare/?trials=vision,eclipse"))
    assert "No results published in the sources: ECLIPSE." in body
