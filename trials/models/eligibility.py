"""A trial's eligibility criteria, each as published and with its source."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from ..eligibility import BY_CODE, FEATURE_CHOICES, admits_errors, admitted_codes
from .base import Sourced, raise_if

ADMITS_HELP = "The answers this criterion lets in, comma-separated: " + "; ".join(
    f"{f.label}: {', '.join(f.answer_codes)}" for f in BY_CODE.values()
)


class EligibilityCriterion(Sourced):
    """One published criterion, read as which answers to one patient feature it lets in.

    A criterion published as an exclusion ("prior chemotherapy excluded") is stored with the
    answers it still lets in, so that matching reads every criterion the same way.
    """

    trial = models.ForeignKey("Trial", on_delete=models.CASCADE, related_name="criteria")
    feature = models.CharField(max_length=20, choices=FEATURE_CHOICES)
    admits = models.CharField(max_length=200, help_text=ADMITS_HELP)
    text = models.TextField(help_text="The criterion as published, quoted from the source.")
    is_exclusion = models.BooleanField(
        "published as an exclusion criterion",
        default=False,
        help_text="Shown as “Excluded: …”, as the source lists it.",
    )
    asks_more = models.BooleanField(
        "asks more than the answer tells",
        default=False,
        help_text="The criterion sets a further condition that the patients page's answers "
        "cannot tell (TheraP's “at least one site with SUVmax≥20” for a positive PSMA PET): a "
        "patient with an admitted answer was eligible only if it held, and the page says so.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "eligibility criterion"
        verbose_name_plural = "eligibility criteria"
        ordering = ["trial", "order", "pk"]
        constraints = [
            # The patients page matches on these: a criterion names a feature and what it admits.
            models.CheckConstraint(
                condition=Q(feature__in=[code for code, _ in FEATURE_CHOICES]),
                name="criterion_known_feature",
            ),
            models.CheckConstraint(condition=~Q(admits=""), name="criterion_admits_something"),
            models.CheckConstraint(condition=~Q(text=""), name="criterion_text_as_published"),
            # "Only if the patient also meets it" reads for a criterion met, not an exclusion.
            models.CheckConstraint(
                condition=Q(asks_more=False) | Q(is_exclusion=False),
                name="criterion_asks_more_not_exclusion",
            ),
        ]

    def __str__(self):
        return f"{self.trial} – {self.get_feature_display()}: {self.admits}"

    @property
    def admitted(self):
        """The admitted answer codes, as a list."""
        return admitted_codes(self.admits)

    @property
    def feature_label(self):
        return BY_CODE[self.feature].label if self.feature in BY_CODE else self.feature

    def clean(self):
        trial = self.trial if self.trial_id else None
        errors = self.source_errors(trial)
        if self.asks_more and self.is_exclusion:
            errors["asks_more"] = ValidationError(
                "An exclusion criterion cannot ask more than the answer tells: record the "
                "further condition on the inclusion criterion it qualifies.",
                code="criterion_asks_more_exclusion",
            )
        problems = admits_errors(self.feature, self.admitted)
        if problems:
            errors["admits"] = ValidationError(problems, code="criterion_admits")
        elif self.admits:
            # Stored in one spelling, so history and exports compare alike.
            self.admits = ",".join(self.admitted)
        raise_if(errors)
