"""End points, per-arm results, between-arm effect estimates and numbers at risk."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .base import (
    DECIMALS_HELP,
    Sourced,
    ci_constraints,
    ci_errors,
    ci_level_not_reported_field,
    count_errors,
    decimal_field,
    limit_decimals_field,
    percent_errors,
    raise_if,
)


class Endpoint(models.Model):
    class Family(models.TextChoices):
        """What the end point measures, so rows align across trials."""

        OS = "os", "Overall survival"
        OS_RMST = "os-rmst", "Overall survival, restricted mean"
        PFS = "pfs", "Progression-free survival"
        RPFS = "rpfs", "Radiographic progression-free survival"
        PSA_PFS = "psa-pfs", "PSA progression-free survival"
        SSE = "sse", "Time to symptomatic skeletal event"
        ORR = "orr", "Objective response"
        CR = "cr", "Complete response"
        PR = "pr", "Partial response"
        DCR = "dcr", "Disease control"
        PSA50 = "psa50", "PSA decline ≥50%"
        PSA80 = "psa80", "PSA decline ≥80%"
        TTNT = "ttnt", "Time to next treatment or death"
        PSA_CHANGE = "psa-change", "Change in PSA and ALP"
        FOLLOW_UP = "follow-up", "Follow-up"
        # An end point whose results are the trial's adverse-event rows (RALU's primary one).
        SAFETY = "safety", "Safety (adverse events)"
        OTHER = "other", "Other"

    class Kind(models.TextChoices):
        TIME_TO_EVENT = "time-to-event", "Time to event"
        PROPORTION = "proportion", "Proportion"
        RMST = "rmst", "Restricted mean survival time"
        FOLLOW_UP = "follow-up", "Follow-up time"
        CONTINUOUS = "continuous", "Continuous"

    class Role(models.TextChoices):
        PRIMARY = "primary", "Primary"
        ALTERNATE_PRIMARY = "alternate-primary", "Alternate primary"
        KEY_SECONDARY = "key-secondary", "Key secondary"
        SECONDARY = "secondary", "Secondary"
        SUPPLEMENTARY = "supplementary", "Supplementary or sensitivity analysis"
        EXPLORATORY = "exploratory", "Exploratory"
        OTHER = "other", "Other reported outcome"

    trial = models.ForeignKey("Trial", on_delete=models.CASCADE, related_name="endpoints")
    publication = models.ForeignKey(
        "Publication",
        on_delete=models.PROTECT,
        related_name="endpoints",
        help_text="The publication (data cut) whose analysis this is.",
    )
    analysis_set = models.ForeignKey(
        "AnalysisSet", on_delete=models.PROTECT, null=True, blank=True, related_name="endpoints"
    )
    name = models.CharField(max_length=200, help_text="As the publication names it.")
    family = models.CharField(max_length=12, choices=Family.choices)
    kind = models.CharField(max_length=14, choices=Kind.choices)
    role = models.CharField(max_length=20, choices=Role.choices)
    definition = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["trial", "order", "pk"]
        indexes = [
            # The comparison aligns rows across trials by family.
            models.Index(fields=["family", "trial"], name="endpoint_family_trial_idx"),
        ]

    def __str__(self):
        return f"{self.trial} – {self.name} ({self.publication.label})"

    def clean(self):
        errors = {}
        if self.publication_id and self.trial_id and self.publication.trial_id != self.trial_id:
            errors["publication"] = ValidationError(
                "This publication belongs to another trial.", code="source_same_trial"
            )
        if self.analysis_set_id and self.trial_id and self.analysis_set.trial_id != self.trial_id:
            errors["analysis_set"] = ValidationError(
                "This analysis set belongs to another trial.", code="same_trial"
            )
        raise_if(errors)

    @property
    def is_primary(self):
        return self.role in (self.Role.PRIMARY, self.Role.ALTERNATE_PRIMARY)


class ArmResult(Sourced):
    """One published number for one arm of an end point: a tidy, long row."""

    class Measure(models.TextChoices):
        MEDIAN = "median", "Median (months)"
        RATE = "rate", "Event-free rate at landmark (%)"
        PROPORTION = "proportion", "Proportion (%)"
        RESPONDERS = "responders", "Patients with the outcome (n)"
        EVENTS = "events", "Events (n)"
        RMST = "rmst", "Restricted mean survival time (months)"
        OTHER = "other", "Other value, in its unit (e.g. mean dose in Gy/GBq)"

    PERCENT_MEASURES = (Measure.RATE, Measure.PROPORTION)
    COUNT_MEASURES = (Measure.RESPONDERS, Measure.EVENTS)

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="results")
    arm = models.ForeignKey(
        "Arm",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="results",
        help_text="Blank for a figure published for all arms together (e.g. 142 deaths).",
    )
    measure = models.CharField(max_length=10, choices=Measure.choices)
    value = decimal_field("Blank only when the median was not reached or not estimable.")
    not_reached = models.BooleanField(default=False, help_text="The median was not reached.")
    not_estimable = models.BooleanField(
        default=False, help_text='The source prints the value as "not estimable" (NE).'
    )
    unit = models.CharField(
        max_length=40, blank=True, help_text='For an "other" value: its unit as printed.'
    )
    ci_low = decimal_field()
    ci_low_not_estimable = models.BooleanField(
        "lower CI limit not estimable", default=False, help_text="Printed as NE."
    )
    ci_high = decimal_field()
    ci_high_not_estimable = models.BooleanField(
        "upper CI limit not estimable", default=False, help_text="Printed as NE."
    )
    ci_level = decimal_field("CI level, e.g. 95 or 99.2")
    ci_level_not_reported = ci_level_not_reported_field()
    n = models.PositiveIntegerField(
        "N analysed", null=True, blank=True, help_text="The denominator, where published."
    )
    landmark_months = decimal_field("Landmark for a rate, or horizon of an RMST, in months.")
    decimals = models.PositiveSmallIntegerField(default=1, help_text=DECIMALS_HELP)
    ci_low_decimals = limit_decimals_field("lower")
    ci_high_decimals = limit_decimals_field("upper")
    note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["endpoint", "arm__order", "measure"]
        constraints = [
            *ci_constraints("armresult"),
            # A value, or exactly one reason there is none.
            models.CheckConstraint(
                condition=(Q(not_reached=True) & Q(not_estimable=False) & Q(value__isnull=True))
                | (Q(not_reached=False) & Q(not_estimable=True) & Q(value__isnull=True))
                | (Q(not_reached=False) & Q(not_estimable=False) & Q(value__isnull=False)),
                name="armresult_value_or_not_reached",
            ),
            models.CheckConstraint(
                condition=(Q(ci_low_not_estimable=False) | Q(ci_low__isnull=True))
                & (Q(ci_high_not_estimable=False) | Q(ci_high__isnull=True)),
                name="armresult_ne_limit_blank",
            ),
            models.CheckConstraint(
                condition=~Q(measure__in=["rate", "proportion"])
                | (
                    (Q(value__isnull=True) | (Q(value__gte=0) & Q(value__lte=100)))
                    & (Q(ci_low__isnull=True) | Q(ci_low__gte=0))
                    & (Q(ci_high__isnull=True) | Q(ci_high__lte=100))
                ),
                name="armresult_percent_range",
            ),
            models.CheckConstraint(
                condition=~Q(measure__in=["responders", "events"])
                | Q(n__isnull=True)
                | Q(value__lte=models.F("n")),
                name="armresult_count_le_n",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0) | Q(measure="rmst"),
                name="armresult_value_non_negative",
            ),
            models.UniqueConstraint(
                fields=["endpoint", "arm", "measure"], name="armresult_one_per_measure"
            ),
        ]

    def __str__(self):
        arm = self.arm.short_label if self.arm_id else "all arms"
        return f"{self.endpoint.name}: {arm} {self.get_measure_display()}"

    def clean(self):
        endpoint = self.endpoint if self.endpoint_id else None
        errors = self.source_errors(endpoint.trial if endpoint else None)
        if self.arm_id and endpoint and self.arm.trial_id != endpoint.trial_id:
            errors["arm"] = ValidationError("This arm belongs to another trial.", code="same_trial")
        if self.not_reached and self.not_estimable:
            errors["not_estimable"] = ValidationError(
                'Tick "not reached" or "not estimable", not both.', code="value_or_not_reached"
            )
        elif (self.not_reached or self.not_estimable) and self.value is not None:
            errors["value"] = ValidationError(
                "Leave the value blank when it was not reached or not estimable.",
                code="value_or_not_reached",
            )
        elif not (self.not_reached or self.not_estimable) and self.value is None:
            errors["value"] = ValidationError(
                'Enter the published value, or tick "not reached" or "not estimable".',
                code="value_or_not_reached",
            )
        for limit in ("ci_low", "ci_high"):
            if getattr(self, f"{limit}_not_estimable") and getattr(self, limit) is not None:
                errors[limit] = ValidationError(
                    "Leave this limit blank when it is printed as not estimable.",
                    code="ne_limit_blank",
                )
        if self.measure in self.PERCENT_MEASURES:
            errors |= percent_errors(self, ["value", "ci_low", "ci_high"])
        if self.measure in self.COUNT_MEASURES:
            if self.value is not None and self.value != self.value.to_integral_value():
                errors["value"] = ValidationError("A count is a whole number.", code="integer")
            errors |= count_errors(self, [("value", "n")])
        elif self.value is not None and self.value < 0 and self.measure != self.Measure.RMST:
            errors["value"] = ValidationError("This value cannot be negative.", code="non_negative")
        if self.measure == self.Measure.RATE and self.landmark_months is None:
            errors["landmark_months"] = ValidationError(
                "A rate needs its landmark month.", code="rate_landmark"
            )
        for name, error in ci_errors(self).items():
            errors.setdefault(name, error)
        raise_if(errors)

    @property
    def arm_label(self):
        """Whom the number is for: its arm, or all arms together."""
        return self.arm.short_label if self.arm_id else "All arms"


class EffectEstimate(Sourced):
    """A between-arm comparison: hazard ratio, odds ratio, risk ratio or difference."""

    class Measure(models.TextChoices):
        HR = "hr", "Hazard ratio"
        OR = "or", "Odds ratio"
        RR = "rr", "Risk ratio"
        DIFFERENCE = "difference", "Difference"
        TEST = "test", "Test of difference (P value only)"

    class CrossoverAdjustment(models.TextChoices):
        NONE = "", "Unadjusted"
        RPSFT = "rpsft", "Adjusted for crossover: RPSFT"
        IPCW = "ipcw", "Adjusted for crossover: IPCW"
        TWO_STAGE = "two-stage", "Adjusted for crossover: two-stage"
        TWO_STAGE_RECENSORED = (
            "two-stage-recensored",
            "Adjusted for crossover: two-stage, recensored",
        )
        OTHER = "other", "Adjusted for crossover: other method (see method)"

    class Sidedness(models.TextChoices):
        NOT_STATED = "", "Not stated"
        TWO_SIDED = "two-sided", "Two-sided"
        ONE_SIDED = "one-sided", "One-sided"

    RATIO_MEASURES = (Measure.HR, Measure.OR, Measure.RR)

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="effects")
    measure = models.CharField(max_length=10, choices=Measure.choices)
    analysis = models.CharField(
        max_length=200, blank=True, help_text='Which analysis, e.g. "primary", "adjusted for …".'
    )
    value = decimal_field("Blank when only a P value is published.")
    unit = models.CharField(
        max_length=40, blank=True, help_text='For a difference: "percentage points", "months".'
    )
    ci_low = decimal_field()
    ci_high = decimal_field()
    ci_level = decimal_field("CI level, e.g. 95 or 99.2")
    ci_level_not_reported = ci_level_not_reported_field()
    p_value = models.CharField(
        "P value, as published", max_length=40, blank=True, help_text='e.g. "<0.001", "0.004"'
    )
    p_sided = models.CharField(
        "P value sidedness", max_length=9, choices=Sidedness.choices, blank=True, default=""
    )
    crossover_adjustment = models.CharField(
        max_length=20,
        choices=CrossoverAdjustment.choices,
        blank=True,
        default="",
        help_text="Blank for the unadjusted (intention-to-treat) estimate.",
    )
    significance_level = models.CharField(
        max_length=120, blank=True, help_text="The pre-specified threshold, as published."
    )
    method = models.CharField(max_length=200, blank=True)
    decimals = models.PositiveSmallIntegerField(default=2, help_text=DECIMALS_HELP)
    ci_low_decimals = limit_decimals_field("lower")
    ci_high_decimals = limit_decimals_field("upper")
    note = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["endpoint", "order", "pk"]
        constraints = [
            *ci_constraints("effectestimate"),
            # A ratio is positive, and so are the limits of its CI.
            models.CheckConstraint(
                condition=~Q(measure__in=["hr", "or", "rr"])
                | (
                    (Q(value__isnull=True) | Q(value__gt=0))
                    & (Q(ci_low__isnull=True) | Q(ci_low__gt=0))
                ),
                name="effectestimate_ratio_positive",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=False) | ~Q(p_value=""),
                name="effectestimate_value_or_p",
            ),
        ]

    def __str__(self):
        return f"{self.endpoint.name}: {self.get_measure_display()} {self.value}"

    def clean(self):
        endpoint = self.endpoint if self.endpoint_id else None
        errors = self.source_errors(endpoint.trial if endpoint else None)
        if self.measure in self.RATIO_MEASURES:
            if self.value is not None and self.value <= 0:
                errors["value"] = ValidationError(
                    f"A {self.get_measure_display().lower()} must be greater than 0.",
                    code="ratio_positive",
                )
            elif self.ci_low is not None and self.ci_low <= 0:
                errors["ci_low"] = ValidationError(
                    "The CI of a ratio lies above 0.", code="ratio_positive"
                )
        if self.value is None and not self.p_value:
            errors["value"] = ValidationError(
                "Enter the estimate, or at least its published P value.", code="value_or_p"
            )
        for name, error in ci_errors(self).items():
            errors.setdefault(name, error)
        raise_if(errors)

    @property
    def analysis_note(self):
        """The analysis, unless it is the primary one, which goes without saying."""
        return "" if self.analysis == "Primary analysis" else self.analysis


class AtRisk(Sourced):
    """Number at risk under a Kaplan–Meier curve, read from the figure."""

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="at_risk")
    arm = models.ForeignKey("Arm", on_delete=models.CASCADE, related_name="at_risk")
    month = models.DecimalField(max_digits=5, decimal_places=1)
    n_at_risk = models.PositiveIntegerField("number at risk")

    history = HistoricalRecords()

    class Meta:
        ordering = ["endpoint", "arm__order", "month"]
        verbose_name_plural = "numbers at risk"
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "arm", "month"], name="atrisk_unique"),
            models.CheckConstraint(condition=Q(month__gte=0), name="atrisk_month_non_negative"),
        ]

    def __str__(self):
        return f"{self.endpoint.name}: {self.arm.short_label} month {self.month}: {self.n_at_risk}"

    def clean(self):
        endpoint = self.endpoint if self.endpoint_id else None
        errors = self.source_errors(endpoint.trial if endpoint else None)
        if self.arm_id and endpoint and self.arm.trial_id != endpoint.trial_id:
            errors["arm"] = ValidationError("This arm belongs to another trial.", code="same_trial")
        if self.month is not None and self.month < 0:
            errors["month"] = ValidationError("The month cannot be negative.", code="non_negative")
        if (
            not errors
            and self.endpoint_id
            and self.arm_id
            and None not in (self.month, self.n_at_risk)
        ):
            errors.update(self.curve_errors())
        raise_if(errors)

    def curve_errors(self):
        """Numbers at risk never rise over time: checked against the stored neighbours."""
        # Through at_risk.all(): the whole-database check prefetches every curve once.
        curve = [
            row
            for row in self.endpoint.at_risk.all()
            if row.arm_id == self.arm_id and row.pk != self.pk
        ]
        earlier = [row for row in curve if row.month < self.month]
        later = [row for row in curve if row.month > self.month]
        before = max(earlier, key=lambda row: row.month, default=None)
        after = min(later, key=lambda row: row.month, default=None)
        if before and self.n_at_risk > before.n_at_risk:
            neighbour, relation = before, "more than"
        elif after and self.n_at_risk < after.n_at_risk:
            neighbour, relation = after, "fewer than"
        else:
            return {}
        return {
            "n_at_risk": ValidationError(
                f"{self.n_at_risk} at risk at month {self.month} is {relation} the "
                f"{neighbour.n_at_risk} at month {neighbour.month}: numbers at risk never rise.",
                code="atrisk_non_increasing",
            )
        }


class Crossover(Sourced):
    """Patients of one arm who went on to receive the other arm's treatment, as published."""

    trial = models.ForeignKey("Trial", on_delete=models.CASCADE, related_name="crossovers")
    data_cut = models.ForeignKey(
        "Publication",
        on_delete=models.PROTECT,
        related_name="crossovers",
        help_text="The publication (data cut) this count belongs to.",
    )
    from_arm = models.ForeignKey(
        "Arm", on_delete=models.CASCADE, related_name="crossovers", help_text="The arm they left."
    )
    to_treatment = models.CharField(max_length=120, help_text="What they crossed over to.")
    population = models.CharField(
        max_length=200,
        blank=True,
        help_text='Of whom, as published, e.g. "with confirmed radiographic progression".',
    )
    timing = models.CharField(max_length=200, blank=True, help_text="When, as published.")
    n = models.PositiveIntegerField(null=True, blank=True)
    denominator = models.PositiveIntegerField(null=True, blank=True)
    percent = decimal_field("Percentage, as published.")
    decimals = models.PositiveSmallIntegerField(default=1, help_text=DECIMALS_HELP)
    note = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["trial", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__range=(0, 100)),
                name="crossover_percent_range",
            ),
            models.CheckConstraint(
                condition=Q(n__isnull=True)
                | Q(denominator__isnull=True)
                | Q(n__lte=models.F("denominator")),
                name="crossover_n_le_denominator",
            ),
            models.CheckConstraint(
                condition=Q(n__isnull=False) | Q(percent__isnull=False),
                name="crossover_n_or_percent",
            ),
        ]

    def __str__(self):
        return f"{self.trial} – crossover from {self.from_arm.short_label}"

    def clean(self):
        trial = self.trial if self.trial_id else None
        errors = self.source_errors(trial)
        for field in ("data_cut", "from_arm"):
            related = getattr(self, field) if getattr(self, f"{field}_id") else None
            if related is not None and trial is not None and related.trial_id != trial.pk:
                errors[field] = ValidationError("This belongs to another trial.", code="same_trial")
        errors |= percent_errors(self, ["percent"])
        errors |= count_errors(self, [("n", "denominator")])
        if self.n is None and self.percent is None:
            errors["n"] = ValidationError(
                "Give the number or the percentage that crossed over.", code="n_or_percent"
            )
        raise_if(errors)
