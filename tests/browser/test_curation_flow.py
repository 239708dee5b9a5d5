"""A curator corrects a value in the admin, sees it on the comparison, and reverts it."""

import pytest
from django.contrib.auth.models import Group, User

from trials.models import EffectEstimate

# Writes from the browser must be committed for the server to see them; the database is
# flushed afterwards, so this test runs last (see tests/conftest.py).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.flushes_db]


def test_curator_corrects_sees_and_reverts(site):
    page, watch, url = site
    user = User.objects.create_user("curator", password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Curator"))
    hr = EffectEstimate.objects.get(
        endpoint__trial__slug="vision", endpoint__name="Overall survival", measure="hr"
    )
    loaded = hr.history.get()

    page.goto(f"{url}/admin/trials/effectestimate/{hr.pk}/change/")
    page.fill("#id_username", "curator")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.fill("#id_value", "0.63")
    page.fill("#id_change_reason", "Checking a correction end to end")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/trials/effectestimate/")

    page.goto(f"{url}/compare/?trials=vision,therap")
    assert page.get_by_text("HR 0.63 (95% CI 0.52–0.74); P<0.001").count() == 1

    page.goto(f"{url}/admin/trials/effectestimate/{hr.pk}/history/")
    assert page.get_by_text("Checking a correction end to end").count() == 1
    page.click(f"a[href$='/history/{loaded.history_id}/']")
    page.fill("#id_change_reason", "Back to the published value")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/trials/effectestimate/**")

    page.goto(f"{url}/compare/?trials=vision,therap")
    assert page.get_by_text("HR 0.62 (95% CI 0.52–0.74); P<0.001").count() == 1
    hr.refresh_from_db()
    assert str(hr.value) == "0.6200"
    assert [h.history_change_reason for h in hr.history.all()] == [
        "Back to the published value",
        "Checking a correction end to end",
        "Loaded from fixtures",
    ]
