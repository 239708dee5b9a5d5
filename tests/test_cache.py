"""The page cache: a repeat anonymous visit runs no SQL; any saved change shows at once."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from trials.models import EffectEstimate, Trial

pytestmark = pytest.mark.django_db

URL = "/compare/?trials=vision,netter-1,therap,ralu"


def test_a_repeat_visit_is_served_from_the_cache(client, django_assert_num_queries):
    first = client.get(URL)
    with django_assert_num_queries(0):
        second = client.get(URL)
    assert second.status_code == 200
    assert second.content == first.content
    assert "script-src 'self'" in second["Content-Security-Policy"]


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
    with django_assert_num_queries(14):  # session and user, then the page's 12
        client.get("/trials/vision/")
    client.logout()
    client.get(f"{URL}&_export=csv")
    with django_assert_num_queries(13):  # exports are never cached
        client.get(f"{URL}&_export=csv")


def test_the_page_cache_can_be_turned_off(client, settings, django_assert_num_queries):
    settings.PAGE_CACHE = False
    client.get("/trials/vision/")
    with django_assert_num_queries(12):
        client.get("/trials/vision/")
