from django.contrib import admin

from trials.models import ClinicalSetting, EligibilityCriterion

from .base import CuratedAdmin


@admin.register(EligibilityCriterion)
class EligibilityCriterionAdmin(CuratedAdmin):
    list_display = ["trial", "feature", "admits", "is_exclusion", "asks_more", "text", "locator"]
    list_filter = ["trial", "feature", "asks_more"]
    search_fields = ["trial__acronym", "text"]
    fields = [
        "trial",
        ("feature", "admits"),
        "text",
        ("is_exclusion", "asks_more", "order"),
        ("source", "locator"),
    ]


@admin.register(ClinicalSetting)
class ClinicalSettingAdmin(CuratedAdmin):
    list_display = ["name", "disease", "disease_state", "line", "order"]
    list_filter = ["disease"]
    search_fields = ["name", "slug", "disease_state", "line"]
    prepopulated_fields = {"slug": ["name"]}
