"""python manage.py check_trials: silent success on the shipped data, named rules on bad data."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import check_constraints_off
from trials.models import AtRisk, EffectEstimate

pytestmark = pytest.mark.django_db


def run():
    out = StringIO()
    call_command("check_trials", stdout=out)
    return out.getvalue()


def test_shipped_data_passes():
    assert "All curated records pass" in run()


def test_a_ci_that_misses_its_estimate_is_reported_with_trial_record_and_rule():
    hr = EffectEstimate.objects.get(
        endpoint__trial__slug="vision", endpoint__name="Overall survival", measure="hr"
    )
    with check_constraints_off(EffectEstimate):
        EffectEstimate.objects.filter(pk=hr.pk).update(ci_low=Decimal("0.70"))
    out = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("check_trials", stdout=out)
    assert raised.value.returncode == 1
    (line,) = [line for line in out.getvalue().splitlines() if "ci_contains_estimate" in line]
    assert line.startswith(f"VISION | effect estimate #{hr.pk} (Overall survival")
    assert "ci_low: The CI (0.7000 to 0.7400) does not contain the estimate (0.6200)." in line


def test_numbers_at_risk_that_rise_are_reported():
    row = AtRisk.objects.get(
        endpoint__trial__slug="vision",
        endpoint__name="Overall survival",
        arm__role="control",
        month=4,
    )
    AtRisk.objects.filter(pk=row.pk).update(n_at_risk=300)
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("check_trials", stdout=out)
    assert "atrisk_non_increasing" in out.getvalue()
    assert "300 at risk at month 4.0 is more than 238 at month 2.0." in out.getvalue()
