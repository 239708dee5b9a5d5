"""Baseline characteristics, kept as published."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .base import Sourced, percent_errors, raise_if


class BaselineCharacteristic(Sourced):
    trial = models.ForeignKey("Trial", on_delete=models.CASCADE, related_name="baseline")
    analysis_set = models.ForeignKey(
        "AnalysisSet", on_delete=models.PROTECT, null=True, blank=True, related_name="baseline"
    )
    arm = models.ForeignKey(
        "Arm",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="baseline",
        help_text="Blank for a figure published for all patients together.",
    )
    group = models.CharField(max_length=120, blank=True, help_text='e.g. "Site of disease"')
    label = models.CharField(max_length=200, help_text='e.g. "Median age (range) — yr"')
    value = models.CharField(max_length=80, help_text='As printed, e.g. "71.0 (52–94)".')
    n = models.PositiveIntegerField(null=True, blank=True)
    percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["trial", "order", "pk"]  # pk keeps the published column order
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__range=(0, 100)),
                name="baseline_percent_range",
            ),
        ]

    def __str__(self):
        arm = self.arm.short_label if self.arm_id else "all"
        return f"{self.trial} – {self.label} ({arm}): {self.value}"

    def clean(self):
        errors = self.source_errors(self.trial if self.trial_id else None)
        if self.arm_id and self.trial_id and self.arm.trial_id != self.trial_id:
            errors["arm"] = ValidationError("This arm belongs to another trial.", code="same_trial")
        errors |= percent_errors(self, ["percent"])
        raise_if(errors)
