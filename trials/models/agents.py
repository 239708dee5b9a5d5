"""Radioligand agents."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class HalfLifeUnit(models.TextChoices):
    HOURS = "hours", "hours"
    DAYS = "days", "days"


class Radioligand(models.Model):
    name = models.CharField(max_length=80, unique=True, help_text="e.g. ¹⁷⁷Lu-PSMA-617")
    slug = models.SlugField(unique=True)
    brand = models.CharField(max_length=80, blank=True)
    radionuclide = models.CharField(max_length=20, help_text="e.g. Lu-177")
    target = models.CharField(max_length=80, help_text="e.g. PSMA, somatostatin receptor")
    emission = models.CharField(max_length=120, blank=True, help_text="As published.")
    half_life = models.DecimalField(
        "physical half-life", max_digits=8, decimal_places=2, null=True, blank=True
    )
    half_life_unit = models.CharField(max_length=5, choices=HalfLifeUnit.choices, blank=True)
    source = models.ForeignKey(
        "Publication",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Where the emission and half-life were read.",
    )
    locator = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(half_life__isnull=True) | (Q(half_life__gt=0) & ~Q(half_life_unit="")),
                name="radioligand_half_life_positive_with_unit",
            ),
        ]

    def __str__(self):
        return self.name
