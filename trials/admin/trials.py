from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from trials.models import (
    AnalysisSet,
    AnalysisSetArm,
    Arm,
    BaselineCharacteristic,
    Publication,
    Radioligand,
    Trial,
)

from .base import ChangeReasonForm, CuratedAdmin, StackedInline, TabularInline


class PublicationInline(StackedInline):
    model = Publication
    fields = [
        ("label", "kind", "source_quality", "order"),
        "citation",
        ("journal", "year", "doi", "pmid"),
        ("data_cutoff", "reports"),
        ("median_follow_up_months", "follow_up_locator"),
        "notes",
    ]


class ArmInline(StackedInline):
    model = Arm
    fields = [
        ("label", "short_label", "role", "order"),
        ("n_randomised", "n_safety", "agent"),
        ("activity_gbq", "activity_mci", "interval_weeks", "max_cycles"),
        "regimen",
        "exposure",
        ("source", "locator"),
    ]


class AnalysisSetInline(TabularInline):
    model = AnalysisSet
    fields = ["label", "n_total", "description", "source", "locator", "order"]


class TrialForm(ChangeReasonForm):
    can_publish = False

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and not self.can_publish:
            stored = Trial.objects.filter(pk=self.instance.pk).values_list(
                "review_status", flat=True
            )
            stored = stored.first()
            status = cleaned.get("review_status", self.instance.review_status)
            published = Trial.ReviewStatus.PUBLISHED
            # Checked against the stored trial, so reverting to an older version from History
            # cannot publish or unpublish it either.
            if status != stored and published in (status, stored):
                raise forms.ValidationError(
                    "Only an editor can publish a trial or take it off the public site; "
                    "this change would %(what)s it.",
                    code="publish_trial",
                    params={"what": "publish" if status == published else "unpublish"},
                )
        return cleaned


# Large tables of a trial are edited on their own pages, linked from the trial's, so that no
# form grows with the trial (VISION's end points, adverse events and baseline would post more
# fields than Django accepts in one request).
RECORD_LISTS = [
    ("endpoint", "end points", "endpoints"),
    ("adverseevent", "adverse-event rows", "adverse_events"),
    ("baselinecharacteristic", "baseline rows", "baseline"),
    ("crossover", "crossover counts", "crossovers"),
    ("eligibilitycriterion", "eligibility criteria", "criteria"),
]


@admin.register(Trial)
class TrialAdmin(CuratedAdmin):
    list_display = [
        "acronym",
        "nct_number",
        "phase",
        "design",
        "indication",
        "n_randomised",
        "review_status",
        "preview",
    ]
    list_filter = ["review_status", "disease", "phase", "design"]
    search_fields = ["acronym", "title", "nct_number", "indication"]
    prepopulated_fields = {"slug": ["acronym"]}
    fieldsets = [
        (None, {"fields": [("acronym", "slug"), "title", ("nct_number", "review_status")]}),
        (
            "Design",
            {
                "fields": [
                    ("phase", "design", "randomisation_ratio"),
                    "design_detail",
                    "disease",
                    "indication",
                    "setting",
                    "clinical_setting",
                    "stratification",
                ]
            },
        ),
        (
            "Population",
            {
                "fields": [
                    ("n_screened", "n_randomised", "n_enrolled", "n_sites"),
                    "screening",
                    "sites",
                    "enrolment_period",
                    "sponsor",
                    "key_eligibility",
                ]
            },
        ),
        ("Results", {"fields": ["results_status", "results_note"]}),
        ("Source of these facts", {"fields": [("source", "locator")]}),
        ("Results, safety and baseline", {"fields": ["records"]}),
        ("Why", {"fields": ["change_reason", "seen"]}),
    ]
    inlines = [PublicationInline, ArmInline, AnalysisSetInline]
    form = TrialForm
    readonly_fields = ["records"]

    @admin.display(description="Public page")
    def preview(self, obj):
        label = "view" if obj.review_status == Trial.ReviewStatus.PUBLISHED else "preview draft"
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), label)

    @admin.display(description="Results, safety and baseline")
    def records(self, obj):
        if obj is None or obj.pk is None:
            return "Save the trial first, then add its end points, adverse events and baseline."
        rows = []
        for name, label, related in RECORD_LISTS:
            changelist = reverse(f"admin:trials_{name}_changelist")
            add = reverse(f"admin:trials_{name}_add")
            count = getattr(obj, related).count()
            rows.append((f"{changelist}?trial__id__exact={obj.pk}", count, label, add, obj.pk))
        return format_html_join(
            "",
            '<p><a href="{}">{} {}</a> · <a href="{}?trial={}">add</a></p>',
            rows,
        )

    def can_publish(self, request):
        return request.user.has_perm("trials.publish_trial")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"can_publish": self.can_publish(request)})

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        # Only editors move a trial onto or off the public site: judged by the stored trial,
        # not by an older version opened from History.
        stored = obj and Trial.objects.filter(pk=obj.pk).values_list("review_status", flat=True)
        if (
            not self.can_publish(request)
            and stored
            and stored.first() == Trial.ReviewStatus.PUBLISHED
        ):
            readonly.append("review_status")
        return readonly

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "review_status" and not self.can_publish(request):
            kwargs["choices"] = [
                c for c in Trial.ReviewStatus.choices if c[0] != Trial.ReviewStatus.PUBLISHED
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        if (
            obj is not None
            and obj.review_status == Trial.ReviewStatus.PUBLISHED
            and not (self.can_publish(request))
        ):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.review_status != Trial.ReviewStatus.PUBLISHED:
            messages.info(
                request,
                f"This trial is not public; staff can preview it at {obj.get_absolute_url()}.",
            )


@admin.register(Publication)
class PublicationAdmin(CuratedAdmin):
    list_display = ["__str__", "kind", "source_quality", "year", "doi", "data_cutoff"]
    list_filter = ["kind", "source_quality", "trial"]
    search_fields = ["label", "citation", "doi", "trial__acronym"]


@admin.register(Arm)
class ArmAdmin(CuratedAdmin):
    list_display = [
        "__str__",
        "role",
        "n_randomised",
        "n_safety",
        "activity_gbq",
        "interval_weeks",
        "max_cycles",
    ]
    list_filter = ["role", "trial"]
    search_fields = ["label", "trial__acronym"]


class AnalysisSetArmInline(TabularInline):
    model = AnalysisSetArm
    fields = ["arm", "n"]
    show_change_link = False


@admin.register(AnalysisSet)
class AnalysisSetAdmin(CuratedAdmin):
    list_display = ["__str__", "n_total", "locator"]
    list_filter = ["trial"]
    search_fields = ["label", "trial__acronym"]
    inlines = [AnalysisSetArmInline]


@admin.register(BaselineCharacteristic)
class BaselineAdmin(CuratedAdmin):
    list_display = ["trial", "group", "label", "arm", "value", "locator"]
    list_filter = ["trial"]
    search_fields = ["label", "group", "trial__acronym"]


@admin.register(Radioligand)
class RadioligandAdmin(CuratedAdmin):
    list_display = ["name", "brand", "radionuclide", "target", "half_life", "half_life_unit"]
    search_fields = ["name", "brand", "target"]
