"""The read-only JSON API: shapes, sources, 404s, drafts, the OpenAPI document, query counts."""

import pytest

from trials.models import Trial

pytestmark = pytest.mark.django_db

SUMMARY_KEYS = {
    "slug",
    "acronym",
    "title",
    "nct_number",
    "phase",
    "design",
    "disease",
    "indication",
    "agents",
    "n_randomised",
    "n_enrolled",
    "results_status",
}


def test_list_of_trials(api):
    data = api("/api/trials/")
    assert data["count"] == 13
    assert [t["slug"] for t in data["items"]] == [
        "compete",
        "eclipse",
        "enza-p",
        "netter-1",
        "netter-2",
        "oclurandom",
        "psmaddition",
        "psmafore",
        "ralu",
        "splash",
        "therap",
        "upfrontpsma",
        "vision",
    ]
    assert all(set(t) == SUMMARY_KEYS for t in data["items"])
    vision = data["items"][12]
    assert (vision["n_randomised"], vision["agents"], vision["phase"]) == (
        831,
        ["¹⁷⁷Lu-PSMA-617"],
        "3",
    )


def test_detail_holds_the_whole_record(api):
    vision = api("/api/trials/vision/")
    assert SUMMARY_KEYS | {
        "publications",
        "arms",
        "analysis_sets",
        "endpoints",
        "adverse_events",
        "baseline",
        "source",
    } <= set(vision)
    assert len(vision["publications"]) == 2
    assert len(vision["arms"]) == 2
    assert len(vision["analysis_sets"]) == 5
    assert sum(len(e["at_risk"]) for e in vision["endpoints"]) == (12 + 17 + 12) * 2


def walk_sources(node, found):
    """Every "source" in the record, leaving out the agents' (read in whichever trial's paper)."""
    if isinstance(node, dict):
        if node.get("source") is not None:
            found.append(node["source"])
        for key, value in node.items():
            if key != "agent":
                walk_sources(value, found)
    elif isinstance(node, list):
        for value in node:
            walk_sources(value, found)
    return found


@pytest.mark.parametrize("slug", ["vision", "netter-1", "therap", "ralu"])
def test_every_value_names_a_publication_of_its_trial_and_a_locator(api, slug):
    trial = api(f"/api/trials/{slug}/")
    publications = {p["id"]: p for p in trial["publications"]}
    sources = walk_sources(trial, [])
    assert len(sources) > 10
    for source in sources:
        assert source["locator"]
        publication = publications[source["publication_id"]]
        assert source["publication"] == publication["label"]
        assert source["secondary"] == (publication["source_quality"] == "secondary")


def test_percentages_and_counts_are_json_numbers(client):
    body = client.get("/api/trials/vision/").content.decode()
    assert '"high_grade_pct": 52.7' in body
    assert '"all_grades_n": 519' in body


def test_unknown_slug_is_a_json_404(client):
    response = client.get("/api/trials/no-such-trial/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"].startswith("No published trial has this slug.")


def test_draft_trials_are_not_served(api, client):
    Trial.objects.filter(slug="ralu").update(review_status=Trial.ReviewStatus.DRAFT)
    served = [t["slug"] for t in api("/api/trials/")["items"]]
    assert "ralu" not in served and len(served) == 12
    assert client.get("/api/trials/ralu/").status_code == 404


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("page=abc", 422),
        ("page=-1", 422),
        ("page_size=x", 422),
        ("page=0", 422),
        ("page=99999999999999999999", 422),
        ("page_size=1000", 422),
        ("page=99999", 200),
    ],
)
def test_bad_paging_is_a_clear_client_error_or_an_empty_page(client, query, status):
    response = client.get(f"/api/trials/?{query}")
    assert response.status_code == status
    body = response.json()
    if status == 200:
        assert body == {"items": [], "count": 13}
    else:
        assert body["detail"][0]["loc"][0] == "query"


def test_openapi_document(api):
    schema = api("/api/openapi.json")
    assert schema["openapi"].startswith("3.")
    assert {"/api/trials/", "/api/trials/{slug}/"} <= set(schema["paths"])
    components = schema["components"]["schemas"]
    assert {"TrialOut", "EffectOut", "ArmResultOut", "AdverseEventOut"} <= set(components)
    assert "404" in schema["paths"]["/api/trials/{slug}/"]["get"]["responses"]


@pytest.mark.parametrize("slug", ["vision", "ralu"])
def test_detail_query_count_does_not_grow_with_the_record(client, django_assert_num_queries, slug):
    # 1 trial + its source; then publications, arms (+agent), analysis sets, their arm Ns,
    # end points, results, effects, numbers at risk, adverse events, their arms, baseline,
    # crossovers, eligibility criteria.
    with django_assert_num_queries(14):
        assert client.get(f"/api/trials/{slug}/").status_code == 200


def test_list_query_count(client, django_assert_num_queries):
    # The count, the page of trials, and their arms with agents.
    with django_assert_num_queries(3):
        assert client.get("/api/trials/").status_code == 200
