"""Each integrity rule is enforced twice: clean() explains it, the database refuses it."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.trial_helpers import vision_os_hr
from trials.models import AdverseEventArm, Arm, ArmResult, BaselineCharacteristic, Trial

pytestmark = pytest.mark.django_db


def vision_cr(measure):
    """VISION's complete response in the 177Lu-PSMA-617 group (Results, key secondary)."""

    def get():
        return ArmResult.objects.get(
            endpoint__trial__slug="vision",
            endpoint__name="Complete response (RECIST 1.1)",
            arm__role="experimental",
            measure=measure,
        )

    return get


vision_cr_responders = vision_cr("responders")
vision_cr_proportion = vision_cr("proportion")


def vision_any_ae_lu():
    return AdverseEventArm.objects.get(
        adverse_event__trial__slug="vision",
        adverse_event__term="Any adverse event",
        arm__role="experimental",
    )


def vision_lu_arm():
    return Arm.objects.get(trial__slug="vision", role="experimental")


CASES = [
    # (record, changes, field with the message, rule code, words in the message, DB enforces)
    (
        vision_os_hr,
        {"ci_low": Decimal("0.70")},
        "ci_low",
        "ci_contains_estimate",
        "does not contain",
        True,
    ),
    (
        vision_os_hr,
        {"ci_high": Decimal("0.60")},
        "ci_high",
        "ci_contains_estimate",
        "does not contain",
        True,
    ),
    (
        vision_os_hr,
        {"ci_low": Decimal("0.80"), "ci_high": Decimal("0.70")},
        "ci_high",
        "ci_ordered",
        "below the lower limit",
        True,
    ),
    (
        vision_os_hr,
        {"value": Decimal("0"), "ci_low": None, "ci_high": None, "ci_level": None},
        "value",
        "ratio_positive",
        "greater than 0",
        True,
    ),
    (
        vision_os_hr,
        {"ci_level": Decimal("100")},
        "ci_level",
        "ci_level_range",
        "between 0 and 100",
        True,
    ),
    (vision_os_hr, {"ci_level": None}, "ci_level", "ci_has_level", "CI level", True),
    (
        vision_cr_proportion,
        {"value": Decimal("101")},
        "value",
        "percent_range",
        "between 0 and 100",
        True,
    ),
    (
        vision_cr_responders,
        {"value": Decimal("185")},
        "value",
        "n_le_total",
        "larger than its denominator",
        True,
    ),
    (vision_cr_responders, {"value": Decimal("17.5")}, "value", "integer", "whole number", False),
    (
        vision_any_ae_lu,
        {"high_grade_pct": Decimal("100.5")},
        "high_grade_pct",
        "percent_range",
        "between 0 and 100",
        True,
    ),
    (
        vision_any_ae_lu,
        {"all_grades_n": 600},
        "all_grades_n",
        "n_le_total",
        "larger than its denominator",
        True,
    ),
    (
        vision_lu_arm,
        {"n_randomised": 600, "n_safety": None},
        "n_randomised",
        "arm_sum_le_trial",
        "more than the trial's 831",
        False,
    ),
    (
        lambda: Trial.objects.get(slug="vision"),
        {"nct_number": "NCT0351166"},
        "nct_number",
        "invalid",
        "NCT followed by 8 digits",
        True,
    ),
    (
        lambda: BaselineCharacteristic.objects.filter(trial__slug="vision").first(),
        {"percent": Decimal("150")},
        "percent",
        "percent_range",
        "between 0 and 100",
        True,
    ),
]


@pytest.mark.parametrize(("record", "changes", "field", "code", "words", "db_enforced"), CASES)
def test_clean_explains_and_database_refuses(record, changes, field, code, words, db_enforced):
    obj = record()
    before = {name: getattr(obj, name) for name in changes}
    for name, value in changes.items():
        setattr(obj, name, value)

    with pytest.raises(ValidationError) as raised:
        obj.full_clean()
    errors = raised.value.error_dict
    assert field in errors, errors
    assert code in [e.code for e in errors[field]]
    assert words in " ".join(errors[field][0].messages)

    if db_enforced:
        with pytest.raises(IntegrityError), transaction.atomic():
            type(obj).objects.filter(pk=obj.pk).update(**changes)
    obj.refresh_from_db()
    assert {name: getattr(obj, name) for name in changes} == before


def test_a_number_needs_its_publication_and_locator():
    obj = vision_cr_proportion()
    obj.locator = ""
    with pytest.raises(ValidationError) as raised:
        obj.full_clean()
    assert "locator" in raised.value.error_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        ArmResult.objects.filter(pk=obj.pk).update(source=None)


def test_a_source_from_another_trial_is_refused():
    obj = vision_os_hr()
    obj.source = Trial.objects.get(slug="netter-1").publications.first()
    with pytest.raises(ValidationError) as raised:
        obj.full_clean()
    assert [e.code for e in raised.value.error_dict["source"]] == ["source_same_trial"]


def test_valid_records_pass():
    for obj in (vision_os_hr(), vision_cr_proportion(), vision_any_ae_lu(), vision_lu_arm()):
        obj.full_clean()
