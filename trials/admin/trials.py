from django.contrib import admin, messages
from django.utils.html import format_html

from trials.models import (
    AdverseEvent,
    AnalysisSet,
    AnalysisSetArm,
    Arm,
    BaselineCharacteristic,
    Endpoint,
    Publication,
    Radioligand,
    Trial,
)

from .base import CuratedAdmin, StackedInline, TabularInline


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


class EndpointInline(TabularInline):
    model = Endpoint
    fields = [
        "name",
        "family",
        "kind",
        "role",
        "publication",
        "analysis_set",
        "order",
        "results_link",
    ]
    readonly_fields = ["results_link"]

    @admin.display(description="Results and estimates")
    def results_link(self, obj):
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">{} results, {} estimates</a>',
            f"/admin/trials/endpoint/{obj.pk}/change/",
            obj.results.count(),
            obj.effects.count(),
        )


class AdverseEventInline(TabularInline):
    model = AdverseEvent
    fields = ["term", "category", "high_grade", "system_organ_class", "source", "locator", "order"]


class BaselineInline(TabularInline):
    model = BaselineCharacteristic
    fields = [
        "group",
        "label",
        "arm",
        "analysis_set",
        "value",
        "n",
        "percent",
        "source",
        "locator",
        "order",
    ]
    classes = ["collapse"]


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
    list_filter = ["review_status", "phase", "design"]
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
                    "indication",
                    "setting",
                    "stratification",
                ]
            },
        ),
        (
            "Population",
            {
                "fields": [
                    ("n_screened", "n_randomised", "n_sites"),
                    "screening",
                    "sites",
                    "enrolment_period",
                    "sponsor",
                    "key_eligibility",
                ]
            },
        ),
        ("Source of these facts", {"fields": [("source", "locator")]}),
        ("Why", {"fields": ["change_reason"]}),
    ]
    inlines = [
        PublicationInline,
        ArmInline,
        AnalysisSetInline,
        EndpointInline,
        AdverseEventInline,
        BaselineInline,
    ]

    @admin.display(description="Public page")
    def preview(self, obj):
        label = "view" if obj.review_status == Trial.ReviewStatus.PUBLISHED else "preview draft"
        return format_html('<a href="/trials/{}/">{}</a>', obj.slug, label)

    def can_publish(self, request):
        return request.user.has_perm("trials.publish_trial")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        # Only editors move a trial onto or off the public site.
        if (
            not self.can_publish(request)
            and obj is not None
            and (obj.review_status == Trial.ReviewStatus.PUBLISHED)
        ):
            readonly.append("review_status")
        return readonly

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "review_status" and not self.can_publish(request):
            kwargs["choices"] = [
                c for c in Trial.ReviewStatus.choices if c[0] != Trial.ReviewStatus.PUBLISHED
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "source":
            trial_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Publication.objects.filter(trial_id=trial_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

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
                request, f"This trial is not public; staff can preview it at /trials/{obj.slug}/."
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
