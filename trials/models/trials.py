"""A trial, its publications (data cuts), arms and analysis sets."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from . import loading
from .base import Sourced, count_errors, decimal_field, raise_if

NCT_PATTERN = r"^NCT[0-9]{8}$"


class TrialQuerySet(models.QuerySet):
    def published(self):
        return self.filter(review_status=Trial.ReviewStatus.PUBLISHED)

    def visible_to(self, user):
        """Staff preview drafts at their public URLs; everyone else sees published trials."""
        if user.is_authenticated and user.is_staff:
            return self.all()
        return self.published()

    def for_list(self):
        return self.select_related("clinical_setting").prefetch_related(
            models.Prefetch("arms", queryset=Arm.objects.select_related("agent"))
        )

    def full_records(self, criteria=True):
        """The trials with their whole record, each row's related objects already in place;
        without their eligibility criteria when `criteria` is false (a page that shows none).

        One query per table, loaded by `loading.fetch`: prefetch_related built a queryset per
        parent row and compiled each query afresh, which cost more than the queries themselves
        on a comparison page.
        """
        from .baseline import BaselineCharacteristic
        from .eligibility import EligibilityCriterion
        from .results import ArmResult, AtRisk, Crossover, EffectEstimate, Endpoint
        from .safety import AdverseEvent, AdverseEventArm

        trials = list(self.select_related("source", "clinical_setting"))
        if not trials:
            return trials
        alias = self.db
        ids = [trial.pk for trial in trials]

        def load(parents, name, model, path="trial", rows=None):
            """`model`'s rows of `ids`' trials, given to `parents` under the relation `name`."""
            fk = model._meta.get_field(path.split("__")[0])
            if rows is None:
                rows = loading.fetch(model, path, ids, alias)
            return loading.hand_over(parents, name, rows, fk.attname, fk.name)

        publications = load(trials, "publications", Publication)
        # Arms bring their agent and its source; rows are grouped by trial, so not ordered by it.
        arms = Arm.objects.using(alias).select_related("agent", "agent__source")
        arms = arms.filter(trial__in=ids).order_by(*Arm._meta.ordering[1:])
        arms = load(trials, "arms", Arm, rows=list(arms))
        sets = load(trials, "analysis_sets", AnalysisSet)
        load(sets, "arm_ns", AnalysisSetArm, "analysis_set__trial")
        endpoints = load(trials, "endpoints", Endpoint)
        results = load(endpoints, "results", ArmResult, "endpoint__trial")
        effects = load(endpoints, "effects", EffectEstimate, "endpoint__trial")
        at_risk = load(endpoints, "at_risk", AtRisk, "endpoint__trial")
        events = load(trials, "adverse_events", AdverseEvent)
        load(events, "arms", AdverseEventArm, "adverse_event__trial")
        baseline = load(trials, "baseline", BaselineCharacteristic)
        crossovers = load(trials, "crossovers", Crossover)
        criteria = load(trials, "criteria", EligibilityCriterion) if criteria else []

        # Each row's publication, arm and analysis set, from the rows just loaded.
        publications = {p.pk: p for p in publications}
        arms = {a.pk: a for a in arms}
        sets = {s.pk: s for s in sets}
        for row in (*arms.values(), *sets.values()):
            row._state.fields_cache["source"] = publications[row.source_id]
        for endpoint in endpoints:
            endpoint._state.fields_cache["publication"] = publications[endpoint.publication_id]
            endpoint._state.fields_cache["analysis_set"] = sets.get(endpoint.analysis_set_id)
        for row in (*results, *effects, *at_risk):
            row._state.fields_cache["source"] = publications[row.source_id]
        for row in (*results, *at_risk):
            row._state.fields_cache["arm"] = arms.get(row.arm_id)
        for event in events:
            event._state.fields_cache["source"] = publications[event.source_id]
            event._state.fields_cache["data_cut"] = publications.get(event.data_cut_id)
        for row in crossovers:
            row._state.fields_cache["source"] = publications[row.source_id]
            row._state.fields_cache["data_cut"] = publications[row.data_cut_id]
            row._state.fields_cache["from_arm"] = arms[row.from_arm_id]
        for row in criteria:
            row._state.fields_cache["source"] = publications[row.source_id]
        for row in baseline:
            row._state.fields_cache["source"] = publications[row.source_id]
            row._state.fields_cache["arm"] = arms.get(row.arm_id)
            row._state.fields_cache["analysis_set"] = sets.get(row.analysis_set_id)
        return trials


def by_pk(obj, name):
    """`{row.pk: row}` of `rows_of(obj, name)`, made once per loaded object (a comparison looks
    up a trial's publications and arms by key hundreds of times)."""
    cache = obj.__dict__.get("_prefetched_objects_cache")
    if not isinstance(cache, loading.Loaded) or name not in cache.rows:
        return {row.pk: row for row in rows_of(obj, name)}
    found = cache.by_pk.get(name)
    if found is None:
        found = cache.by_pk[name] = {row.pk: row for row in cache.rows[name]}
    return found


def rows_of(obj, name):
    """`obj.<name>.all()` for a reverse relation: the rows `full_records()` loaded, read without
    building a related manager (a comparison reads them over a thousand times); a query where
    they were not loaded."""
    cache = obj.__dict__.get("_prefetched_objects_cache")
    if isinstance(cache, loading.Loaded) and name in cache.rows:
        return cache.rows[name]
    try:
        return cache[name]._result_cache
    except (TypeError, KeyError):
        return getattr(obj, name).all()


class Trial(models.Model):
    class Phase(models.TextChoices):
        PHASE_1 = "1", "Phase 1"
        PHASE_2 = "2", "Phase 2"
        PHASE_3 = "3", "Phase 3"
        PHASE_4 = "4", "Phase 4"
        NOT_APPLICABLE = "NA", "Not applicable (observational)"

    class Design(models.TextChoices):
        RANDOMISED_OPEN_LABEL = "randomised-open-label", "Randomised, open-label"
        RANDOMISED_BLINDED = "randomised-blinded", "Randomised, blinded"
        SINGLE_GROUP = "single-group", "Single-group, prospective"
        RETROSPECTIVE = "retrospective", "Retrospective chart review"

    class ReviewStatus(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in-review", "In review"
        PUBLISHED = "published", "Published"

    class Disease(models.TextChoices):
        PROSTATE = "prostate", "Prostate cancer"
        NET = "net", "Neuroendocrine tumours"

    class ResultsStatus(models.TextChoices):
        REPORTED = "reported", "Results reported"
        TOPLINE = "topline", "Topline only: no numbers published"
        NOT_YET = "not-yet", "Results not yet published"

    slug = models.SlugField(unique=True, help_text="Permanent URL name, e.g. vision.")
    acronym = models.CharField(max_length=40)
    title = models.CharField(max_length=300)
    nct_number = models.CharField(
        "NCT number",
        max_length=11,
        blank=True,
        validators=[RegexValidator(NCT_PATTERN, "An NCT number is NCT followed by 8 digits.")],
        help_text="ClinicalTrials.gov identifier, e.g. NCT03511664; blank if none is published.",
    )
    phase = models.CharField(max_length=2, choices=Phase.choices)
    design = models.CharField(max_length=30, choices=Design.choices)
    design_detail = models.TextField(blank=True, help_text="Design as the publication words it.")
    disease = models.CharField(max_length=10, choices=Disease.choices)
    indication = models.CharField(max_length=200, help_text="Disease, e.g. mCRPC.")
    setting = models.TextField(blank=True, help_text="Line of therapy and prior treatment.")
    clinical_setting = models.ForeignKey(
        "ClinicalSetting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trials",
        help_text="Where the trial sits in the disease's treatment sequence.",
    )
    randomisation_ratio = models.CharField(max_length=10, blank=True, help_text="e.g. 2:1")
    stratification = models.TextField(blank=True)
    n_screened = models.PositiveIntegerField("number screened", null=True, blank=True)
    n_randomised = models.PositiveIntegerField(
        "number randomised",
        null=True,
        blank=True,
        help_text="Patients randomised, as published; blank if the source says only enrolled.",
    )
    n_enrolled = models.PositiveIntegerField(
        "number enrolled",
        null=True,
        blank=True,
        help_text="Patients enrolled, where the source counts enrolled rather than randomised.",
    )
    screening = models.TextField(blank=True, help_text="Screening and exclusion, as published.")
    n_sites = models.PositiveIntegerField("number of sites", null=True, blank=True)
    sites = models.CharField(max_length=300, blank=True, help_text="Sites and countries.")
    enrolment_period = models.CharField(max_length=200, blank=True)
    sponsor = models.CharField(max_length=200, blank=True)
    key_eligibility = models.TextField(blank=True)
    results_status = models.CharField(
        max_length=10,
        choices=ResultsStatus.choices,
        default=ResultsStatus.REPORTED,
        help_text="Whether the sources publish results; pages and charts follow it.",
    )
    results_note = models.TextField(
        blank=True, help_text="What has been said of the results so far, with its source."
    )
    review_status = models.CharField(
        max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    source = models.ForeignKey(
        "Publication",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text="The publication the design facts above were read in.",
    )
    locator = models.CharField(max_length=200, blank=True)

    objects = TrialQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["acronym"]
        permissions = [("publish_trial", "Can publish a trial or take it off the public site")]
        indexes = [
            # The catalogue and the API list page through published trials in these orders.
            models.Index(fields=["review_status", "acronym"], name="trial_published_acronym"),
            models.Index(fields=["review_status", "n_randomised"], name="trial_published_n"),
            # The catalogue's indication filter lists the distinct indications.
            models.Index(fields=["indication"], name="trial_indication"),
        ]
        constraints = [
            # The catalogue and the API reject anything but NCT + 8 digits.
            models.CheckConstraint(
                condition=Q(nct_number="") | Q(nct_number__regex=NCT_PATTERN),
                name="trial_nct_format",
            ),
            models.CheckConstraint(
                condition=Q(n_screened__isnull=True)
                | Q(n_randomised__isnull=True)
                | Q(n_randomised__lte=models.F("n_screened")),
                name="trial_randomised_le_screened",
            ),
            models.CheckConstraint(
                condition=Q(n_screened__isnull=True)
                | Q(n_enrolled__isnull=True)
                | Q(n_enrolled__lte=models.F("n_screened")),
                name="trial_enrolled_le_screened",
            ),
        ]

    def __str__(self):
        return self.acronym

    def get_absolute_url(self):
        return reverse("trial", args=[self.slug])

    def clean(self):
        errors = count_errors(self, [("n_randomised", "n_screened"), ("n_enrolled", "n_screened")])
        if self.source_id and self.pk and self.source.trial_id != self.pk:
            errors["source"] = ValidationError(
                "This publication belongs to another trial.", code="source_same_trial"
            )
        raise_if(errors)

    @property
    def is_single_group(self):
        """No control arm: no between-arm comparison, and not randomised evidence."""
        return self.design in (self.Design.SINGLE_GROUP, self.Design.RETROSPECTIVE)

    @property
    def is_published(self):
        return self.review_status == self.ReviewStatus.PUBLISHED

    def agents(self):
        """The trial's radioligands, each once, in arm order (from the prefetched arms)."""
        return list({arm.agent_id: arm.agent for arm in self.arms.all() if arm.agent_id}.values())

    def agent_names(self):
        return [agent.name for agent in self.agents()]

    @property
    def patients(self):
        """(N, "randomised" or "enrolled"): what the sources count, or (None, "")."""
        if self.n_randomised is not None:
            return self.n_randomised, "randomised"
        if self.n_enrolled is not None:
            return self.n_enrolled, "enrolled"
        return None, ""

    @property
    def patients_text(self):
        """e.g. "831 randomised", "133 enrolled", "" when not reported."""
        n, counted = self.patients
        return "" if n is None else f"{n} {counted}"

    @property
    def has_pooled_adverse_events(self):
        """Whether some adverse-event counts are published for all arms together."""
        return any(
            c.arm_id is None for event in self.adverse_events.all() for c in event.arms.all()
        )

    @property
    def has_results(self):
        return self.results_status == self.ResultsStatus.REPORTED


class Publication(models.Model):
    """A document the curated numbers were read in, and the data cut it reports."""

    class Kind(models.TextChoices):
        PRIMARY = "primary", "Primary analysis"
        INTERIM = "interim", "Interim analysis"
        INTERIM_OS = "interim-os", "Interim OS analysis"
        FINAL_OS = "final-os", "Final OS analysis"
        UPDATE = "update", "Updated analysis"
        SUBSTUDY = "substudy", "Sub-study or secondary analysis"
        PROTOCOL = "protocol", "Protocol or design"
        CONFERENCE = "conference", "Conference abstract"
        SECONDARY = "secondary", "Secondary report"

    class SourceQuality(models.TextChoices):
        FULL_TEXT = "full-text", "Full text"
        JOURNAL_ABSTRACT = "journal-abstract", "Journal abstract"
        CONFERENCE_ABSTRACT = "conference-abstract", "Conference abstract"
        PREPRINT = "preprint", "Preprint (authors' abstract)"
        SECONDARY = "secondary", "Secondary report"

    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="publications")
    label = models.CharField(max_length=80, help_text='Short name, e.g. "NEJM 2021".')
    citation = models.TextField()
    journal = models.CharField(max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    doi = models.CharField(
        "DOI",
        max_length=100,
        blank=True,
        validators=[RegexValidator(r"^10\.\d{4,9}/\S+$", "A DOI starts with 10. and a prefix.")],
    )
    pmid = models.CharField(
        "PMID", max_length=10, blank=True, validators=[RegexValidator(r"^\d{1,9}$")]
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    source_quality = models.CharField(max_length=20, choices=SourceQuality.choices)
    data_cutoff = models.DateField("data cut-off", null=True, blank=True)
    reports = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reported_by",
        help_text="For a secondary report or abstract: the publication whose results it reports.",
    )
    median_follow_up_months = decimal_field("Median follow-up in months, as published.")
    follow_up_locator = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["trial", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(median_follow_up_months__isnull=True)
                | Q(median_follow_up_months__gte=0),
                name="publication_follow_up_positive",
            ),
        ]

    def __str__(self):
        return f"{self.trial} – {self.label}"

    @property
    def is_secondary(self):
        return self.source_quality == self.SourceQuality.SECONDARY

    def clean(self):
        if self.reports_id and self.reports.trial_id != self.trial_id:
            raise ValidationError(
                {
                    "reports": ValidationError(
                        "The reported publication belongs to another trial.",
                        code="source_same_trial",
                    )
                }
            )


class Arm(Sourced):
    class Role(models.TextChoices):
        EXPERIMENTAL = "experimental", "Experimental"
        CONTROL = "control", "Control"
        SINGLE_GROUP = "single-group", "Single group"

    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="arms")
    label = models.CharField(max_length=120, help_text="As the publication names the group.")
    short_label = models.CharField(max_length=40, help_text="For table headers and charts.")
    role = models.CharField(max_length=12, choices=Role.choices)
    n_randomised = models.PositiveIntegerField("N randomised (or enrolled)", null=True, blank=True)
    n_safety = models.PositiveIntegerField(
        "N in safety population",
        null=True,
        blank=True,
        help_text="As treated: may exceed the N randomised (e.g. after crossover).",
    )
    agent = models.ForeignKey(
        "Radioligand", on_delete=models.PROTECT, null=True, blank=True, related_name="arms"
    )
    activity_gbq = models.DecimalField(
        "activity per cycle (GBq)",
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Blank when the activity changes from cycle to cycle: the regimen says how.",
    )
    activity_mci = models.DecimalField(
        "activity per cycle (mCi), as published",
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
    )
    interval_weeks = models.DecimalField(
        "interval (weeks)", max_digits=5, decimal_places=1, null=True, blank=True
    )
    max_cycles = models.PositiveSmallIntegerField("maximum cycles", null=True, blank=True)
    regimen = models.TextField(help_text="The regimen as published, including any comparator.")
    exposure = models.TextField(blank=True, help_text="Treatment received, as published.")
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["trial", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(activity_gbq__isnull=True) | Q(activity_gbq__gt=0),
                name="arm_activity_positive",
            ),
        ]

    def __str__(self):
        return f"{self.trial} – {self.short_label}"

    def clean(self):
        errors = self.source_errors(self.trial if self.trial_id else None)
        if self.activity_gbq is not None and self.activity_gbq <= 0:
            errors["activity_gbq"] = ValidationError("Activity must be positive.", code="positive")
        if self.n_randomised is not None and self.trial_id and self.trial.n_randomised is not None:
            # Through arms.all(): the whole-database check prefetches the arms once.
            others = [a.n_randomised for a in self.trial.arms.all() if a.pk != self.pk]
            total = sum(n for n in others if n is not None) + self.n_randomised
            if total > self.trial.n_randomised:
                errors["n_randomised"] = ValidationError(
                    f"The arms' N add up to {total}, more than the trial's "
                    f"{self.trial.n_randomised}.",
                    code="arm_sum_le_trial",
                )
        raise_if(errors)


class AnalysisSet(Sourced):
    """A population results are analysed in, e.g. VISION's 831 randomised or its 581 subset."""

    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="analysis_sets")
    label = models.CharField(max_length=160)
    description = models.TextField(blank=True)
    n_total = models.PositiveIntegerField("N (all arms)", null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["trial", "order", "pk"]

    def __str__(self):
        return f"{self.trial} – {self.label}"

    def clean(self):
        errors = self.source_errors(self.trial if self.trial_id else None)
        raise_if(errors)


class AnalysisSetArm(models.Model):
    """The N of one arm in an analysis set, read where the analysis set is."""

    analysis_set = models.ForeignKey(AnalysisSet, on_delete=models.CASCADE, related_name="arm_ns")
    arm = models.ForeignKey(Arm, on_delete=models.CASCADE, related_name="analysis_set_ns")
    n = models.PositiveIntegerField("N")

    history = HistoricalRecords()

    class Meta:
        ordering = ["analysis_set", "arm__order"]
        constraints = [
            models.UniqueConstraint(fields=["analysis_set", "arm"], name="analysis_set_arm_unique"),
        ]

    def __str__(self):
        return f"{self.analysis_set}: {self.arm.short_label} N={self.n}"

    def clean(self):
        if not (self.arm_id and self.analysis_set_id):
            return
        if self.arm.trial_id != self.analysis_set.trial_id:
            raise ValidationError(
                {"arm": ValidationError("This arm belongs to another trial.", code="same_trial")}
            )
        total = self.analysis_set.n_total
        if total is not None and self.n is not None:
            # Through arm_ns.all(): the whole-database check prefetches them once.
            others = [row.n for row in self.analysis_set.arm_ns.all() if row.pk != self.pk]
            added = sum(n for n in others if n is not None) + self.n
            if added > total:
                raise ValidationError(
                    {
                        "n": ValidationError(
                            f"The arms' N add up to {added}, more than the analysis set's {total}.",
                            code="arm_sum_le_trial",
                        )
                    }
                )
