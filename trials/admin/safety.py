from django.contrib import admin
from import_export.admin import ImportExportMixin

from trials.models import AdverseEvent, AdverseEventArm

from .base import CuratedAdmin, TabularInline
from .resources import AE_ARM_FIELDS, AdverseEventArmResource, AdverseEventResource


class AdverseEventArmInline(TabularInline):
    model = AdverseEventArm
    fields = AE_ARM_FIELDS
    show_change_link = False


@admin.register(AdverseEvent)
class AdverseEventAdmin(ImportExportMixin, CuratedAdmin):
    resource_classes = [AdverseEventResource]
    list_display = ["term", "trial", "category", "high_grade", "source", "locator"]
    list_filter = ["trial", "category", "high_grade"]
    search_fields = ["term", "system_organ_class", "trial__acronym"]
    inlines = [AdverseEventArmInline]


@admin.register(AdverseEventArm)
class AdverseEventArmAdmin(ImportExportMixin, CuratedAdmin):
    resource_classes = [AdverseEventArmResource]
    list_display = [
        "adverse_event",
        "arm",
        "denominator",
        "all_grades_n",
        "all_grades_pct",
        "high_grade_n",
        "high_grade_pct",
        "not_applicable",
    ]
    list_filter = ["adverse_event__trial"]
    search_fields = ["adverse_event__term", "adverse_event__trial__acronym"]
