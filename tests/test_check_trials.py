"""python manage.py check_trials: silent success on the shipped data, named rules on bad data."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection

from tests.trial_helpers import check_constraints_off
from trials.models import (
    AnalysisSetArm,
    Arm,
    ArmResult,
    AtRisk,
    BaselineCharacteristic,
    EffectEstimate,
    Publication,
    Radioligand,
    Trial,
)
from trials.models.ownership import trial_path
from trials.validation import (
    CURATED_MODELS,
    SIBLINGS,
    all_violations,
    at_risk_violations,
    record_violations,
)

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


# The whole-database check must report exactly what full_clean() on every record reports, in a
# number of queries that does not grow with the rows.


def full_clean_report():
    """The report as full_clean() on each record, one query at a time, gives it."""
    found = []
    for model in CURATED_MODELS:
        for obj in model.objects.all():
            try:
                obj.full_clean()
            except ValidationError as error:
                found.extend(record_violations(obj, error.error_dict))
    found.extend(at_risk_violations(AtRisk.objects.all()))
    return [str(v) for v in found]


def report():
    return [str(v) for v in all_violations()]


def break_rules():
    """Bad rows of every kind: rules of clean() alone, of the database alone, of both, and
    across records; each record's own rules are also in tests/test_integrity_rules.py."""
    hr = EffectEstimate.objects.get(
        endpoint__trial__slug="vision", endpoint__name="Overall survival", measure="hr"
    )
    events = ArmResult.objects.filter(measure="events", n__isnull=False).order_by("pk")
    lu = Arm.objects.get(trial__slug="vision", role="experimental")
    control = Arm.objects.get(trial__slug="vision", role="control")
    with check_constraints_off(EffectEstimate):
        # clean() and a CHECK both refuse it: the CHECK on the failed field is not repeated.
        EffectEstimate.objects.filter(pk=hr.pk).update(ci_low=Decimal("0.70"))
    with check_constraints_off(ArmResult):
        # Only the CHECK refuses a negative count.
        ArmResult.objects.filter(pk=events[0].pk).update(value=Decimal("-3"))
        # Only clean() refuses a fraction of a patient.
        ArmResult.objects.filter(pk=events[1].pk).update(value=Decimal("17.5"))
    with check_constraints_off(Arm):
        Arm.objects.filter(pk=lu.pk).update(activity_gbq=Decimal("-1"))
    Arm.objects.filter(pk=control.pk).update(n_randomised=600)  # the arms add up to 1151
    aset = AnalysisSetArm.objects.filter(analysis_set__n_total__isnull=False).first()
    AnalysisSetArm.objects.filter(pk=aset.pk).update(n=aset.analysis_set.n_total + 1)
    at_risk = AtRisk.objects.get(
        endpoint__trial__slug="vision",
        endpoint__name="Overall survival",
        arm__role="control",
        month=4,
    )
    AtRisk.objects.filter(pk=at_risk.pk).update(n_at_risk=300)
    baseline = BaselineCharacteristic.objects.filter(trial__slug="vision").first()
    other = Publication.objects.filter(trial__slug="therap").first()
    BaselineCharacteristic.objects.filter(pk=baseline.pk).update(source=other)
    if connection.vendor == "postgresql":
        # Unique constraints can be switched off only there.
        with check_constraints_off(AtRisk):
            at_risk.pk = None
            at_risk.save()


def test_the_report_is_the_one_full_clean_gives_record_by_record():
    break_rules()
    found = report()
    assert found == full_clean_report()
    rules = {line.split(" | ")[2] for line in found}
    assert {
        "ci_contains_estimate",
        "__all__",
        "integer",
        "positive",
        "arm_sum_le_trial",
        "atrisk_non_increasing",
        "source_same_trial",
    } <= rules
    assert "Constraint “effectestimate_ci_low_le_estimate” is violated." not in " ".join(found)
    assert any("armresult_value_non_negative" in line for line in found)
    if connection.vendor == "postgresql":
        assert "unique_together" in rules


def test_a_check_whose_condition_is_unknown_passes():
    # value <= n with no value is neither true nor false: the database takes the row, and so
    # does the check, while a count that is known to exceed n is reported.
    events = ArmResult.objects.filter(measure="events", n__isnull=False).order_by("pk")
    unknown, known = events[0], events[1]
    ArmResult.objects.filter(pk=unknown.pk).update(value=None, not_reached=True)
    with check_constraints_off(ArmResult):
        ArmResult.objects.filter(pk=known.pk).update(value=known.n + 1)
    found = report()
    assert found == full_clean_report()
    assert not [line for line in found if f"#{unknown.pk} " in line]
    assert [line for line in found if f"#{known.pk} " in line and "n_le_total" in line]


def expected_queries():
    """One read of each model's rows, one prefetch per relation a cross-record rule reads, and
    one query per unique field and per database constraint."""
    per_model = [
        1
        + len(model._meta.unique_together)
        + len(model._meta.constraints)
        + sum(1 for f in model._meta.local_fields if f.unique and not f.primary_key)
        for model in CURATED_MODELS
    ]
    return sum(per_model) + sum(len(relations) for relations in SIBLINGS.values())


def keep_only(slug):
    """Delete every trial but one, children first."""
    kept = Trial.objects.get(slug=slug)
    Trial.objects.exclude(pk=kept.pk).update(source=None)
    Radioligand.objects.exclude(source__trial=kept).update(source=None)
    Publication.objects.exclude(trial=kept).update(reports=None)
    for model in reversed(CURATED_MODELS):
        if model not in (Radioligand, Trial):
            model.objects.exclude(**{trial_path(model): kept.pk}).delete()
    Trial.objects.exclude(pk=kept.pk).delete()


def test_the_check_runs_the_same_queries_for_one_trial_as_for_all(django_assert_num_queries):
    with django_assert_num_queries(expected_queries()):
        assert all_violations() == []
    keep_only("vision")
    assert Trial.objects.count() == 1 and AtRisk.objects.exists()
    with django_assert_num_queries(expected_queries()):
        assert all_violations() == []
