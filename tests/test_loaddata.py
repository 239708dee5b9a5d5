"""Loading fixtures is all or nothing, with a clear message for a bad fixture."""

import json

import pytest
from django.core.management import CommandError, call_command

from tests.trial_helpers import FIXTURES
from trials.models import EffectEstimate, Endpoint, Publication, Trial

pytestmark = pytest.mark.django_db

NEW_TRIAL = {
    "model": "trials.trial",
    "pk": 9001,
    "fields": {
        "slug": "example",
        "acronym": "EXAMPLE",
        "title": "An example trial",
        "nct_number": "",
        "phase": "2",
        "design": "single-group",
        "indication": "Example",
        "review_status": "draft",
    },
}
NEW_PUBLICATION = {
    "model": "trials.publication",
    "pk": 9001,
    "fields": {
        "trial": 9001,
        "label": "Example 2026",
        "citation": "Example.",
        "kind": "primary",
        "source_quality": "full-text",
    },
}
NEW_ENDPOINT = {
    "model": "trials.endpoint",
    "pk": 9001,
    "fields": {
        "trial": 9001,
        "publication": 9001,
        "name": "Overall survival",
        "family": "os",
        "kind": "time-to-event",
        "role": "primary",
    },
}


def write(tmp_path, rows):
    path = tmp_path / "fixture.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    return str(path)


def counts():
    return [model.objects.count() for model in (Trial, Publication, Endpoint, EffectEstimate)]


def test_a_fixture_whose_last_record_breaks_a_rule_loads_nothing(tmp_path):
    bad_hr = {
        "model": "trials.effectestimate",
        "pk": 9001,
        "fields": {
            "endpoint": 9001,
            "measure": "hr",
            "value": "0.62",
            "ci_low": "0.70",
            "ci_high": "0.74",
            "ci_level": "95",
            "source": 9001,
            "locator": "Table 2",
        },
    }
    before = counts()
    with pytest.raises(CommandError) as raised:
        call_command(
            "loaddata",
            write(tmp_path, [NEW_TRIAL, NEW_PUBLICATION, NEW_ENDPOINT, bad_hr]),
            verbosity=0,
        )
    assert "effectestimate_ci_low_le_estimate" in str(raised.value)
    assert "Nothing was loaded" in str(raised.value)
    assert counts() == before
    assert not Trial.objects.filter(slug="example").exists()


def test_a_rule_across_records_also_rolls_back(tmp_path):
    # Arms adding up to more than the trial's N pass the database but not the validation.
    trial = dict(NEW_TRIAL, fields=dict(NEW_TRIAL["fields"], n_randomised=10))
    arms = [
        {
            "model": "trials.arm",
            "pk": 9000 + i,
            "fields": {
                "trial": 9001,
                "label": f"Arm {i}",
                "short_label": f"Arm {i}",
                "role": "experimental",
                "n_randomised": 6,
                "regimen": "Example",
                "source": 9001,
                "locator": "Table 1",
            },
        }
        for i in (1, 2)
    ]
    before = counts()
    with pytest.raises(CommandError) as raised:
        call_command("loaddata", write(tmp_path, [trial, NEW_PUBLICATION, *arms]), verbosity=0)
    assert "arm_sum_le_trial" in str(raised.value)
    assert "nothing was loaded" in str(raised.value)
    assert counts() == before


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ('[{"model": "trials.trial", "pk": 9001, "fields": {', "Problem installing fixture"),
        (json.dumps([{"model": "trials.nosuchmodel", "pk": 1, "fields": {}}]), "Invalid model"),
        (
            json.dumps([dict(NEW_TRIAL, fields=dict(NEW_TRIAL["fields"], n_screened="many"))]),
            "many",
        ),
    ],
)
def test_malformed_fixtures_fail_clearly(tmp_path, content, words):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    before = counts()
    with pytest.raises(CommandError) as raised:
        call_command("loaddata", str(path), verbosity=0)
    assert words in str(raised.value)
    assert counts() == before


def test_the_shipped_fixtures_reload_cleanly():
    # Loading again over the same primary keys changes nothing and breaks no rule.
    before = counts()
    call_command("loaddata", *FIXTURES, verbosity=0)
    assert counts() == before
