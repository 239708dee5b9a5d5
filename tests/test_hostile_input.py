"""Hostile input on every public URL and the API: never a 5xx, a traceback or echoed markup."""

from urllib.parse import quote, urlencode

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from radioligand_site.wsgi import application

pytestmark = pytest.mark.django_db

MARKER = "<x-fuzz>"
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

PAGES = [
    "/",
    "/trials/",
    "/trials/vision/",
    "/compare/",
    "/api/trials/",
    "/api/trials/vision/",
    "/api/trials/vision/results.csv",
    "/admin/login/",
    "/treatment-settings/",
    "/patients-like-mine/",
]
KEYS = [
    "trials",
    "add",
    "_export",
    "page",
    "page_size",
    "sort",
    "q",
    "indication",
    "setting",
    "prior",
    "disease",
    "stage",
    "arpi",
    "taxane",
    "psma_pet",
    "ecog",
    "agent",
    "target",
    "phase",
    "design",
    "year",
    "next",
]

values = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="<>\"'&%;=/\\,-_ .\x00\r\nvisonterapl0123", max_size=40),
    st.sampled_from(
        [
            "vision,therap",
            "vision,vision",
            ",,,",
            "-1",
            "0",
            "99999999999999999999",
            "1e309",
            "NaN",
            "csv",
            "xlsx",
            "results-csv",
            "../../etc/passwd",
            "' OR 1=1 --",
            "%00",
            "\x00",
        ]
    ),
).map(lambda text: text + MARKER if len(text) % 3 == 0 else text)


def assert_safe(response, sent):
    assert response.status_code < 500, (response.status_code, sent)
    body = response.content.decode("utf-8", "replace")
    assert "Traceback" not in body
    if response["Content-Type"].startswith("text/html"):
        assert MARKER not in body, sent


@FUZZ
@given(
    page=st.sampled_from(PAGES),
    query=st.lists(
        st.tuples(st.one_of(st.sampled_from(KEYS), st.text(max_size=10)), values), max_size=4
    ),
)
def test_query_strings(client, page, query):
    sent = f"{page}?{urlencode(query)}"
    assert_safe(client.get(sent), sent)


@FUZZ
@given(
    prefix=st.sampled_from(["/trials/", "/api/trials/", "/compare/", "/static/", "/"]),
    segment=st.text(min_size=1, max_size=30),
    suffix=st.sampled_from(["", "/", "/results.csv", "/results.xlsx", "/x/"]),
)
def test_paths(client, prefix, segment, suffix):
    sent = prefix + quote(segment, safe="") + suffix
    assert_safe(client.get(sent), sent)


@FUZZ
@given(
    body=st.dictionaries(st.sampled_from(["username", "password", "next", "x"]), values, max_size=3)
)
def test_posts_to_public_pages(client, body):
    for page in ("/", "/compare/?trials=vision,therap", "/api/trials/", "/admin/login/"):
        assert_safe(client.post(page, body), f"POST {page} {body}")


schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture
def keep_test_connection():
    """As Django's test client does: a request must not close the test's open transaction."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_against_its_openapi_schema(case, db, keep_test_connection):
    # Plain bodies: the checks below read the text, which a gzipped body would hide.
    response = case.call(headers={"Accept-Encoding": "identity"})
    assert response.status_code < 500, case.as_curl_command()
    assert "Traceback" not in response.text
