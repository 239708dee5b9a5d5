"""Pieces shared by every curated model: the source of a number and the rules on numbers."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

LOCATOR_HELP = 'Where the value is printed in the source, e.g. "Table 2", "Figure 2A", "Abstract".'
DECIMALS_HELP = "Decimal places as printed (0.40 has 2), so the value shows as published."


def decimal_field(help_text="", **kwargs):
    """A published number: up to 12 digits, 4 after the point, blank when not reported."""
    return models.DecimalField(
        max_digits=12, decimal_places=4, null=True, blank=True, help_text=help_text, **kwargs
    )


class Sourced(models.Model):
    """A curated row names the publication it was read in and where in it."""

    source = models.ForeignKey(
        "trials.Publication",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The publication (or report) this value was read in.",
    )
    locator = models.CharField(max_length=200, help_text=LOCATOR_HELP)

    class Meta:
        abstract = True

    def source_errors(self, trial):
        """The source must be a publication of the same trial."""
        if self.source_id and trial is not None and self.source.trial_id != trial.pk:
            return {
                "source": ValidationError(
                    "This publication belongs to another trial.", code="source_same_trial"
                )
            }
        return {}


def ci_constraints(prefix, value="value"):
    """Database rules for an estimate with a confidence interval, named after the model."""
    v, hi = F(value), F("ci_high")
    return [
        models.CheckConstraint(
            condition=Q(ci_low__isnull=True) | Q(ci_high__isnull=True) | Q(ci_low__lte=hi),
            name=f"{prefix}_ci_ordered",
        ),
        models.CheckConstraint(
            condition=Q(ci_low__isnull=True) | Q(**{f"{value}__isnull": True}) | Q(ci_low__lte=v),
            name=f"{prefix}_ci_low_le_estimate",
        ),
        models.CheckConstraint(
            condition=Q(ci_high__isnull=True) | Q(**{f"{value}__isnull": True}) | Q(ci_high__gte=v),
            name=f"{prefix}_ci_high_ge_estimate",
        ),
        models.CheckConstraint(
            condition=Q(ci_level__isnull=True) | (Q(ci_level__gt=0) & Q(ci_level__lt=100)),
            name=f"{prefix}_ci_level_range",
        ),
        models.CheckConstraint(
            condition=(Q(ci_low__isnull=True) & Q(ci_high__isnull=True))
            | Q(ci_level__isnull=False)
            | Q(ci_level_not_reported=True),
            name=f"{prefix}_ci_has_level",
        ),
        models.CheckConstraint(
            condition=Q(ci_level__isnull=True) | Q(ci_level_not_reported=False),
            name=f"{prefix}_ci_level_or_not_reported",
        ),
    ]


def limit_decimals_field(limit):
    return models.PositiveSmallIntegerField(
        f"decimals of the {limit} CI limit",
        null=True,
        blank=True,
        help_text="Only when it is printed with other places than the value (3.32 vs 18.4).",
    )


def ci_level_not_reported_field():
    return models.BooleanField(
        "CI level not reported",
        default=False,
        help_text="The source prints a CI without saying its level (shown as such).",
    )


def ci_errors(obj, value="value", label="estimate"):
    """Field-keyed, plain-language messages for the confidence-interval rules."""
    errors = {}
    v, lo, hi, level = getattr(obj, value), obj.ci_low, obj.ci_high, obj.ci_level
    if lo is not None and hi is not None and lo > hi:
        errors["ci_high"] = ValidationError(
            f"The upper CI limit ({hi}) is below the lower limit ({lo}).", code="ci_ordered"
        )
    elif v is not None and ((lo is not None and lo > v) or (hi is not None and hi < v)):
        field = "ci_low" if lo is not None and lo > v else "ci_high"
        errors[field] = ValidationError(
            f"The CI ({lo} to {hi}) does not contain the {label} ({v}).",
            code="ci_contains_estimate",
        )
    if level is not None and not (0 < level < 100):
        errors["ci_level"] = ValidationError(
            "The CI level must be between 0 and 100, e.g. 95 or 99.2.", code="ci_level_range"
        )
    unreported = getattr(obj, "ci_level_not_reported", False)
    if (lo is not None or hi is not None) and level is None and not unreported:
        errors["ci_level"] = ValidationError(
            "Give the CI level (e.g. 95 or 99.2) for a confidence interval, or tick "
            '"CI level not reported".',
            code="ci_has_level",
        )
    if level is not None and unreported:
        errors["ci_level"] = ValidationError(
            'Give the CI level or tick "CI level not reported", not both.',
            code="ci_level_or_not_reported",
        )
    return errors


def percent_errors(obj, fields):
    errors = {}
    for name in fields:
        v = getattr(obj, name)
        if v is not None and not (Decimal(0) <= v <= Decimal(100)):
            errors[name] = ValidationError(
                f"A percentage must lie between 0 and 100 (got {v}).", code="percent_range"
            )
    return errors


def count_errors(obj, pairs):
    """Each (count, denominator) pair: the count is no larger than its denominator."""
    errors = {}
    for count, denominator in pairs:
        n, total = getattr(obj, count), getattr(obj, denominator)
        if n is not None and total is not None and n > total:
            errors[count] = ValidationError(
                f"The count ({n}) is larger than its denominator ({total}).", code="n_le_total"
            )
    return errors


def raise_if(errors):
    if errors:
        raise ValidationError(errors)
