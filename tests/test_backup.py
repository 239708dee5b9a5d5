"""The README's backup, loaded into an empty database, serves the same API and keeps the
history, also after curators have edited the data in the admin."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection

from tests.admin_forms import change_url, staff, submit
from tests.trial_helpers import vision_os_hr
from trials.models import EffectEstimate, Trial

pytestmark = pytest.mark.django_db

SLUGS = ["vision", "netter-1", "therap", "ralu"]
# The README's backup command: the curated data, its history, and the accounts and groups
# the history names.
BACKUP = ["trials", "auth.group", "auth.user", "--natural-foreign", "--natural-primary"]


def backup_and_restore(api, tmp_path):
    before = {slug: api(f"/api/trials/{slug}/") for slug in SLUGS} | {"": api("/api/trials/")}
    backup = tmp_path / "backup.json"
    call_command("dumpdata", *BACKUP, output=str(backup), indent=1, verbosity=0)

    if connection.vendor == "postgresql":
        # Inside the test's transaction: fire the deferred foreign-key checks of the admin
        # edit now, as its commit would, so that flush may truncate the tables.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    assert Trial.objects.count() == EffectEstimate.objects.count() == User.objects.count() == 0

    call_command("loaddata", str(backup), verbosity=0)
    after = {slug: api(f"/api/trials/{slug}/") for slug in SLUGS} | {"": api("/api/trials/")}
    assert after == before


def test_backup_round_trip_after_an_admin_edit(api, client, tmp_path):
    client.force_login(staff("curator", "Curator"))
    response = submit(
        client,
        change_url(vision_os_hr()),
        "effectestimate_form",
        locator="Abstract; Figure 2B",
        change_reason="Locator as printed",
    )
    assert response.status_code == 302
    client.logout()

    backup_and_restore(api, tmp_path)

    hr = vision_os_hr()
    latest, loaded = hr.history.all()[:2]
    assert (latest.history_user.username, latest.history_change_reason) == (
        "curator",
        "Locator as printed",
    )
    assert loaded.history_change_reason == "Loaded from fixtures"
    assert hr.history.count() == 2  # loading the backup adds no history of its own
    assert User.objects.get(username="curator").groups.filter(name="Curator").exists()


def test_backup_round_trip_of_the_shipped_data(api, tmp_path):
    backup_and_restore(api, tmp_path)
    hr = vision_os_hr()
    assert hr.history.count() == 1
