"""dumpdata of the curated app, loaded into an empty database, serves the same API."""

import pytest
from django.core.management import call_command

from trials.models import EffectEstimate, Trial

pytestmark = pytest.mark.django_db

SLUGS = ["vision", "netter-1", "therap", "ralu"]


def test_dumpdata_round_trip_reproduces_the_api(api, tmp_path):
    before = {slug: api(f"/api/trials/{slug}/") for slug in SLUGS} | {"": api("/api/trials/")}
    backup = tmp_path / "backup.json"
    call_command("dumpdata", "trials", output=str(backup), indent=1, verbosity=0)

    call_command("flush", interactive=False, verbosity=0)
    assert Trial.objects.count() == EffectEstimate.objects.count() == 0

    call_command("loaddata", str(backup), verbosity=0)
    after = {slug: api(f"/api/trials/{slug}/") for slug in SLUGS} | {"": api("/api/trials/")}
    assert after == before
    # The history came back too, and loading it again adds none.
    hr = EffectEstimate.objects.get(
        endpoint__trial__slug="vision", endpoint__name="Overall survival", measure="hr"
    )
    assert hr.history.count() == 1
