"""A curator corrects a value in the admin, sees it on the comparison, and reverts it; the
largest trial's page saves from the browser."""

import pytest
from django.contrib.auth.models import Group, User

from trials.models import EffectEstimate, Trial

# Writes from the browser must be committed for the server to see them; the database is
# flushed afterwards, so this test runs last (see tests/conftest.py).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.flushes_db]


def log_in(page, url, path):
    user = User.objects.create_user("curator", password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Curator"))
    page.goto(f"{url}{path}")
    page.fill("#id_username", "curator")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")


def test_curator_saves_the_largest_trials_page_then_corrects_sees_and_reverts(site):
    # One test: the database is flushed after each test that commits from the browser.
    page, watch, url = site
    vision = Trial.objects.get(slug="vision")
    log_in(page, url, f"/admin/trials/trial/{vision.pk}/change/")
    page.fill("#id_sponsor", "Novartis (Advanced Accelerator Applications)")
    page.fill("#id_change_reason", "Sponsor as in the article")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/trials/trial/")
    assert page.get_by_text("was changed successfully").count() == 1
    vision.refresh_from_db()
    assert vision.sponsor == "Novartis (Advanced Accelerator Applications)"
    assert vision.history.first().history_change_reason == "Sponsor as in the article"

    hr = EffectEstimate.objects.get(
        endpoint__trial__slug="vision", endpoint__name="Overall survival", measure="hr"
    )
    loaded = hr.history.get()
    page.goto(f"{url}/admin/trials/effectestimate/{hr.pk}/change/")
    page.fill("#id_value", "0.63")
    page.fill("#id_change_reason", "Checking a correction end to end")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/trials/effectestimate/")

    page.goto(f"{url}/compare/?trials=vision,therap")
    # The corrected value, in the Summary and in the full table; the old one nowhere.
    assert page.get_by_text("HR 0.63 (95% CI 0.52–0.74); P<0.001").count() == 2
    assert page.get_by_text("HR 0.62 (95% CI 0.52–0.74); P<0.001").count() == 0

    page.goto(f"{url}/admin/trials/effectestimate/{hr.pk}/history/")
    assert page.get_by_text("Checking a correction end to end").count() == 1
    page.click(f"a[href$='/history/{loaded.history_id}/']")
    page.fill("#id_change_reason", "Back to the published value")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/trials/effectestimate/**")

    page.goto(f"{url}/compare/?trials=vision,therap")
    assert page.get_by_text("HR 0.62 (95% CI 0.52–0.74); P<0.001").count() == 2
    assert page.get_by_text("HR 0.63 (95% CI 0.52–0.74); P<0.001").count() == 0
    hr.refresh_from_db()
    assert str(hr.value) == "0.6200"
    assert [h.history_change_reason for h in hr.history.all()] == [
        "Back to the published value",
        "Checking a correction end to end",
        "Loaded from fixtures",
    ]
