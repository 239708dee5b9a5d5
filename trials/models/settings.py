"""Where a trial sits in a disease's treatment sequence."""

from django.db import models
from simple_history.models import HistoricalRecords

from .trials import Trial

DISEASES = Trial.Disease.choices


class ClinicalSetting(models.Model):
    """A place in a disease's treatment sequence, e.g. "mCRPC after an ARPI and a taxane".

    An editorial grouping for navigation: what puts a trial in it are the trial's eligibility
    criteria, each curated with its source.
    """

    slug = models.SlugField(unique=True, help_text="Permanent URL name, e.g. mcrpc-post-taxane.")
    disease = models.CharField(max_length=10, choices=DISEASES)
    disease_state = models.CharField(
        max_length=80, help_text='e.g. "mCRPC", "mHSPC", "Well-differentiated GEP-NET".'
    )
    name = models.CharField(max_length=200, help_text="Short name clinicians use for it.")
    line = models.CharField(
        max_length=200, help_text='Line of treatment, e.g. "after an ARPI and a taxane".'
    )
    order = models.PositiveSmallIntegerField(
        help_text="Its place in the disease's treatment sequence (earlier first)."
    )
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["disease", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["disease", "order"], name="setting_order_unique"),
        ]

    def __str__(self):
        return self.name
