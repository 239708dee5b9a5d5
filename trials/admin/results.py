from django.contrib import admin
from import_export.admin import ImportExportMixin

from trials.models import ArmResult, AtRisk, EffectEstimate, Endpoint

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
    list_display = ["name", "trial", "family", "role", "publication", "analysis_set"]
    list_filter = ["trial", "family", "role", "kind"]
    search_fields = ["name", "trial__acronym"]
    inlines = [EffectEstimateInline, ArmResultInline, AtRiskInline]


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
    list_select_related = ["endpoint__trial", "arm", "source"]


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
    list_select_related = ["endpoint__trial", "source"]


@admin.register(AtRisk)
class AtRiskAdmin(CuratedAdmin):
    list_display = ["endpoint", "arm", "month", "n_at_risk", "locator"]
    list_filter = ["endpoint__trial"]
    list_select_related = ["endpoint__trial", "arm"]
