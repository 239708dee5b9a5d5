"""The page cache: a repeat anonymous visit runs one SQL query; any saved change shows at once; a
cache that fails or hangs never takes a page or a save down."""

import socket
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import override_settings

from trials import caching
from trials.models import DataVersion, EffectEstimate, Trial

pytestmark = pytest.mark.django_db

URL = "/compare/?trials=vision,netter-1,therap,ralu"


def test_a_repeat_visit_is_served_from_the_cache(client, django_assert_num_queries):
    first = client.get(URL)
    with django_assert_num_queries(1):  # the data version
        second = client.get(URL)
    assert second.status_code == 200
    assert second.content == first.content
    assert "script-src 'self'" in second["Content-Security-Policy"]


def test_a_page_is_cached_per_host_as_it_prints_its_address(client):
    first = client.get("/trials/vision/")
    other = client.get("/trials/vision/", HTTP_HOST="localhost")
    assert "Printed from http://testserver/trials/vision/" in first.content.decode()
    assert "Printed from http://localhost/trials/vision/" in other.content.decode()


def test_saving_curated_data_invalidates_every_cached_page(client):
    assert "HR 0.62 (95% CI 0.52–0.74)" in client.get(URL).content.decode()
    assert "HR 0.62 (95% CI 0.52–0.74)" in client.get("/trials/vision/").content.decode()
    hr = EffectEstimate.objects.get(
        endpoint__trial__slug="vision", endpoint__name="Overall survival", measure="hr"
    )
    hr.value = Decimal("0.63")
    hr.save()
    assert "HR 0.63 (95% CI 0.52–0.74)" in client.get(URL).content.decode()
    assert "HR 0.63 (95% CI 0.52–0.74)" in client.get("/trials/vision/").content.decode()
    trial = Trial.objects.get(slug="ralu")
    trial.review_status = Trial.ReviewStatus.DRAFT
    trial.save()
    assert client.get(URL).status_code == 404


def test_staff_and_exports_bypass_the_cache(client, django_assert_num_queries):
    client.get("/trials/vision/")
    client.force_login(User.objects.create_user("staff", is_staff=True))
    with django_assert_num_queries(16):  # session and user, then the page's 14
        client.get("/trials/vision/")
    client.logout()
    client.get(f"{URL}&_export=csv")
    with django_assert_num_queries(14):  # exports are never cached
        client.get(f"{URL}&_export=csv")


def test_the_page_cache_can_be_turned_off(client, settings, django_assert_num_queries):
    settings.PAGE_CACHE = False
    client.get("/trials/vision/")
    with django_assert_num_queries(14):
        client.get("/trials/vision/")


def test_the_version_moves_with_the_change_in_its_transaction():
    """The version lives in the database: a reader sees the old version with the old data until
    the change commits, and a change that is rolled back moves nothing."""
    before = DataVersion.current()
    hr = EffectEstimate.objects.get(
        endpoint__trial__slug="vision", endpoint__name="Overall survival", measure="hr"
    )
    hr.value = Decimal("0.63")
    with pytest.raises(RuntimeError), transaction.atomic():
        hr.save()
        assert DataVersion.current() == before + 1
        raise RuntimeError("the save fails later in its transaction")
    assert DataVersion.current() == before
    hr.save()
    assert DataVersion.current() == before + 1


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_at(port):
    return override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": f"redis://127.0.0.1:{port}/0",
                "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
            }
        }
    )


@pytest.fixture
def hung_redis():
    """A port that accepts connections and never answers, like a Redis that hangs."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        yield server.getsockname()[1]


@pytest.mark.parametrize("redis", ["down", "hanging"])
def test_pages_and_saves_work_while_the_cache_is_away(client, redis, hung_redis, monkeypatch):
    monkeypatch.setattr(caching, "_skip_until", 0.0)
    port = closed_port() if redis == "down" else hung_redis
    with redis_at(port):
        for url in ("/", "/trials/vision/", URL, "/trials/", "/api/trials/vision/"):
            response = client.get(url)
            assert response.status_code == 200, url
        hr = EffectEstimate.objects.get(
            endpoint__trial__slug="vision", endpoint__name="Overall survival", measure="hr"
        )
        hr.value = Decimal("0.63")
        hr.save()
        assert "HR 0.63 (95% CI 0.52–0.74)" in client.get("/trials/vision/").content.decode()
    hr.refresh_from_db()
    assert hr.value == Decimal("0.63")


def test_pages_cached_before_an_outage_are_not_served_after_a_change_made_during_it(
    client, monkeypatch
):
    assert "HR 0.62 (95% CI 0.52–0.74)" in client.get("/trials/vision/").content.decode()
    monkeypatch.setattr(caching, "_skip_until", 0.0)
    with redis_at(closed_port()):  # the cache is away while a curator saves
        hr = EffectEstimate.objects.get(
            endpoint__trial__slug="vision", endpoint__name="Overall survival", measure="hr"
        )
        hr.value = Decimal("0.63")
        hr.save()
    monkeypatch.setattr(caching, "_skip_until", 0.0)  # and comes back with the old page
    assert "HR 0.63 (95% CI 0.52–0.74)" in client.get("/trials/vision/").content.decode()
