"""Adverse events by grade, with the denominator each percentage is of."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from .base import DECIMALS_HELP, Sourced, count_errors, percent_errors, raise_if


class AdverseEvent(Sourced):
    """One row of a published adverse-event table; the per-arm counts hang off it."""

    class Category(models.TextChoices):
        ANY = "any", "Any adverse event"
        OVERVIEW = "overview", "Safety overview"
        EVENT = "event", "Adverse event"
        LABORATORY = "laboratory", "Laboratory abnormality"
        ACTION = "action", "Event leading to dose change, discontinuation or death"

    class HighGrade(models.TextChoices):
        GRADE_3_PLUS = "3+", "Grade ≥3"
        GRADE_3_4 = "3-4", "Grade 3–4"

    trial = models.ForeignKey("Trial", on_delete=models.CASCADE, related_name="adverse_events")
    term = models.CharField(max_length=200, help_text="As published (MedDRA preferred term).")
    system_organ_class = models.CharField(max_length=120, blank=True)
    category = models.CharField(max_length=10, choices=Category.choices)
    high_grade = models.CharField(
        "high-grade column",
        max_length=3,
        choices=HighGrade.choices,
        blank=True,
        help_text="Which high-grade band the table reports: grade ≥3 or grade 3–4.",
    )
    data_cut = models.ForeignKey(
        "Publication",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The publication whose data cut this row belongs to, when it was read in "
        "another document (e.g. an abstract quoting the paper); blank: the source's own cut.",
    )
    grading = models.CharField(max_length=80, blank=True, help_text="e.g. CTCAE version 5.0")
    p_value = models.CharField("P value (any grade), as published", max_length=40, blank=True)
    decimals = models.PositiveSmallIntegerField(default=1, help_text=DECIMALS_HELP)
    note = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["trial", "source", "order", "pk"]

    def __str__(self):
        return f"{self.trial} – {self.term} ({self.locator})"

    @property
    def cut(self):
        """The publication whose data cut the row belongs to."""
        return self.data_cut if self.data_cut_id else self.source

    def clean(self):
        errors = self.source_errors(self.trial if self.trial_id else None)
        if self.data_cut_id and self.trial_id and self.data_cut.trial_id != self.trial_id:
            errors["data_cut"] = ValidationError(
                "This publication belongs to another trial.", code="source_same_trial"
            )
        raise_if(errors)

    @property
    def is_compared(self):
        """Rows that align across trials: any adverse event, single events, lab abnormalities."""
        return self.category in COMPARED_CATEGORIES

    @property
    def row_key(self):
        """The row the event aligns under across trials."""
        if self.category == self.Category.ANY:
            return self.Category.ANY.label
        return self.term.strip().capitalize()

    @classmethod
    def row_order(cls, key):
        """Rows by key: "Any adverse event" first, then alphabetical."""
        return (key != cls.Category.ANY.label, key)


# Read once per event row on every comparison: a set of plain values, not an enum lookup.
COMPARED_CATEGORIES = frozenset(
    c.value
    for c in (
        AdverseEvent.Category.ANY,
        AdverseEvent.Category.EVENT,
        AdverseEvent.Category.LABORATORY,
    )
)


class AdverseEventArm(models.Model):
    """Patients with the event in one arm: all grades and the high-grade band, n and %."""

    adverse_event = models.ForeignKey(AdverseEvent, on_delete=models.CASCADE, related_name="arms")
    arm = models.ForeignKey(
        "Arm",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="adverse_events",
        help_text="Blank for counts published for all arms together.",
    )
    denominator = models.PositiveIntegerField(
        null=True, blank=True, help_text="The safety population N the percentages are of."
    )
    all_grades_n = models.PositiveIntegerField("all grades, n", null=True, blank=True)
    all_grades_pct = models.DecimalField(
        "all grades, %", max_digits=5, decimal_places=2, null=True, blank=True
    )
    high_grade_n = models.PositiveIntegerField("high grade, n", null=True, blank=True)
    high_grade_pct = models.DecimalField(
        "high grade, %", max_digits=5, decimal_places=2, null=True, blank=True
    )
    not_applicable = models.BooleanField(
        default=False, help_text='The table prints "NA" for this arm.'
    )
    decimals = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Places of this arm's percentages, only where they differ from the row's "
        '(e.g. "4.1% vs 0").',
    )
    note = models.TextField(blank=True, help_text="A footnote to this cell, as published.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["adverse_event", "arm__order"]
        constraints = [
            models.UniqueConstraint(fields=["adverse_event", "arm"], name="adverseeventarm_unique"),
            models.CheckConstraint(
                condition=(Q(all_grades_pct__isnull=True) | Q(all_grades_pct__range=(0, 100)))
                & (Q(high_grade_pct__isnull=True) | Q(high_grade_pct__range=(0, 100))),
                name="adverseeventarm_percent_range",
            ),
            models.CheckConstraint(
                condition=(
                    Q(denominator__isnull=True)
                    | Q(all_grades_n__isnull=True)
                    | Q(all_grades_n__lte=F("denominator"))
                )
                & (
                    Q(denominator__isnull=True)
                    | Q(high_grade_n__isnull=True)
                    | Q(high_grade_n__lte=F("denominator"))
                ),
                name="adverseeventarm_n_le_denominator",
            ),
            models.CheckConstraint(
                condition=Q(all_grades_n__isnull=True)
                | Q(high_grade_n__isnull=True)
                | Q(high_grade_n__lte=F("all_grades_n")),
                name="adverseeventarm_high_le_all",
            ),
        ]

    def __str__(self):
        arm = self.arm.short_label if self.arm_id else "all arms"
        return f"{self.adverse_event.term}: {arm}"

    def clean(self):
        errors = {}
        if (
            self.arm_id
            and self.adverse_event_id
            and self.arm.trial_id != self.adverse_event.trial_id
        ):
            errors["arm"] = ValidationError("This arm belongs to another trial.", code="same_trial")
        errors |= percent_errors(self, ["all_grades_pct", "high_grade_pct"])
        errors |= count_errors(
            self, [("all_grades_n", "denominator"), ("high_grade_n", "denominator")]
        )
        if "high_grade_n" not in errors:
            errors |= count_errors(self, [("high_grade_n", "all_grades_n")])
        raise_if(errors)
