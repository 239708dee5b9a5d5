from django.contrib import admin
from django.db.models import Count
from import_export.admin import ImportExportMixin

from trials.models import ArmResult, AtRisk, Crossover, EffectEstimate, Endpoint

from .base import CuratedAdmin, TabularInline
from .resources import (
    ARM_RESULT_FIELDS,
    EFFECT_FIELDS,
    ArmResultResource,
    EffectEstimateResource,
)


class ArmResultInline(TabularInline):
    model = ArmResult
    fields = ARM_RESULT_FIELDS
    show_change_link = False


class EffectEstimateInline(TabularInline):
    model = EffectEstimate
    fields = EFFECT_FIELDS
    show_change_link = False


class AtRiskInline(TabularInline):
    model = AtRisk
    fields = ["arm", "month", "n_at_risk", "source", "locator"]
    show_change_link = False
    classes = ["collapse"]


@admin.register(Endpoint)
class EndpointAdmin(CuratedAdmin):
    list_display = [
        "name",
        "trial",
        "family",
        "role",
        "publication",
        "analysis_set",
        "n_results",
        "n_estimates",
    ]
    list_filter = ["trial", "family", "role", "kind"]
    search_fields = ["name", "trial__acronym"]
    inlines = [EffectEstimateInline, ArmResultInline, AtRiskInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_results=Count("results", distinct=True),
                n_estimates=Count("effects", distinct=True),
            )
        )

    @admin.display(description="results", ordering="n_results")
    def n_results(self, obj):
        return obj.n_results

    @admin.display(description="estimates", ordering="n_estimates")
    def n_estimates(self, obj):
        return obj.n_estimates


@admin.register(ArmResult)
class ArmResultAdmin(ImportExportMixin, CuratedAdmin):
    resource_classes = [ArmResultResource]
    list_display = [
        "endpoint",
        "arm",
        "measure",
        "value",
        "not_reached",
        "ci_low",
        "ci_high",
        "ci_level",
        "n",
        "source",
        "locator",
    ]
    list_filter = ["endpoint__trial", "measure", "source__source_quality"]
    search_fields = ["endpoint__name", "endpoint__trial__acronym", "locator"]


@admin.register(EffectEstimate)
class EffectEstimateAdmin(ImportExportMixin, CuratedAdmin):
    resource_classes = [EffectEstimateResource]
    list_display = [
        "endpoint",
        "measure",
        "value",
        "ci_low",
        "ci_high",
        "ci_level",
        "p_value",
        "source",
        "locator",
    ]
    list_filter = ["endpoint__trial", "measure", "ci_level"]
    search_fields = ["endpoint__name", "endpoint__trial__acronym", "locator"]


@admin.register(AtRisk)
class AtRiskAdmin(CuratedAdmin):
    list_display = ["endpoint", "arm", "month", "n_at_risk", "locator"]
    list_filter = ["endpoint__trial"]


@admin.register(Crossover)
class CrossoverAdmin(CuratedAdmin):
    list_display = [
        "trial",
        "from_arm",
        "to_treatment",
        "population",
        "n",
        "denominator",
        "percent",
    ]
    list_filter = ["trial"]
    search_fields = ["trial__acronym", "population", "to_treatment"]
