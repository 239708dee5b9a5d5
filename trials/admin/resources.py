"""Spreadsheet import and export of results and adverse events (django-import-export).

Rows are validated with each model's full_clean(), so a bad row is reported in the dry run,
and the import runs in one transaction: nothing is saved until the preview is confirmed.
"""

from import_export import fields, resources, widgets

from trials.models import AdverseEvent, AdverseEventArm, ArmResult, EffectEstimate

# The editable columns of each row, shared by its import/export and its inline form.
ARM_RESULT_FIELDS = [
    "arm",
    "measure",
    "value",
    "unit",
    "not_reached",
    "not_estimable",
    "ci_low",
    "ci_low_not_estimable",
    "ci_high",
    "ci_high_not_estimable",
    "ci_level",
    "ci_level_not_reported",
    "ci_low_decimals",
    "ci_high_decimals",
    "n",
    "landmark_months",
    "decimals",
    "source",
    "locator",
]
EFFECT_FIELDS = [
    "measure",
    "analysis",
    "value",
    "unit",
    "ci_low",
    "ci_high",
    "ci_level",
    "ci_level_not_reported",
    "ci_low_decimals",
    "ci_high_decimals",
    "p_value",
    "p_sided",
    "significance_level",
    "method",
    "crossover_adjustment",
    "decimals",
    "source",
    "locator",
]
AE_ARM_FIELDS = [
    "arm",
    "denominator",
    "all_grades_n",
    "all_grades_pct",
    "high_grade_n",
    "high_grade_pct",
    "not_applicable",
    "decimals",
    "note",
]


class CuratedResource(resources.ModelResource):
    change_reason = "Imported from a spreadsheet"

    class Meta:
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def save_instance(self, instance, is_create, row, **kwargs):
        instance._change_reason = self.change_reason
        return super().save_instance(instance, is_create, row, **kwargs)


class ArmResultResource(CuratedResource):
    class Meta(CuratedResource.Meta):
        model = ArmResult
        fields = ["id", "endpoint", *ARM_RESULT_FIELDS, "note"]


class EffectEstimateResource(CuratedResource):
    class Meta(CuratedResource.Meta):
        model = EffectEstimate
        fields = ["id", "endpoint", *EFFECT_FIELDS, "note", "order"]


class AdverseEventResource(CuratedResource):
    class Meta(CuratedResource.Meta):
        model = AdverseEvent
        fields = [
            "id",
            "trial",
            "term",
            "system_organ_class",
            "category",
            "high_grade",
            "grading",
            "p_value",
            "decimals",
            "note",
            "source",
            "locator",
            "order",
        ]


class AdverseEventArmResource(CuratedResource):
    trial = fields.Field(attribute="adverse_event__trial__acronym", readonly=True)
    term = fields.Field(attribute="adverse_event__term", readonly=True)
    adverse_event = fields.Field(
        attribute="adverse_event",
        column_name="adverse_event",
        widget=widgets.ForeignKeyWidget(AdverseEvent),
    )

    class Meta(CuratedResource.Meta):
        model = AdverseEventArm
        fields = ["id", "trial", "term", "adverse_event", *AE_ARM_FIELDS]
