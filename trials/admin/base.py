"""What every curated model's admin shares: history with a change reason, sources limited to
the trial's own publications, arms limited to the trial's own arms."""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from trials.models import Arm, Publication, Trial

REASON_HELP = "Why this change, e.g. “Corrected from Table 2”. Kept in the history."


class ChangeReasonForm(forms.ModelForm):
    change_reason = forms.CharField(
        max_length=100,
        required=False,
        help_text=REASON_HELP,
        widget=forms.TextInput(attrs={"size": 60}),
    )

    def clean_change_reason(self):
        reason = self.cleaned_data["change_reason"].strip()
        if self.instance.pk and not reason:
            raise forms.ValidationError("Say why you are changing this record.")
        return reason


class CuratedAdmin(SimpleHistoryAdmin):
    """Model admin with a required change reason (kept in the history) on every edit."""

    form = ChangeReasonForm
    save_on_top = True

    def get_fields(self, request, obj=None):
        fields = [f for f in super().get_fields(request, obj) if f != "change_reason"]
        return [*fields, "change_reason"]

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data.get("change_reason") or (
            "Created" if not change else ""
        )
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        reason = form.cleaned_data.get("change_reason") or "Edited with its parent"
        for inline_form in formset.forms:
            inline_form.instance._change_reason = reason
        super().save_formset(request, form, formset, change)


def trial_of(obj):
    if obj is None:
        return None
    if isinstance(obj, Trial):
        return obj
    return getattr(obj, "trial", None)


class TrialScopedInline:
    """Inline whose source and arm choices are those of the trial being edited."""

    parent_trial = None

    def get_formset(self, request, obj=None, **kwargs):
        self.parent_trial = trial_of(obj)
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        trial = self.parent_trial
        if trial is not None:
            if db_field.related_model is Publication:
                kwargs["queryset"] = Publication.objects.filter(trial=trial)
            elif db_field.related_model is Arm:
                kwargs["queryset"] = Arm.objects.filter(trial=trial)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class TabularInline(TrialScopedInline, admin.TabularInline):
    extra = 0
    show_change_link = True


class StackedInline(TrialScopedInline, admin.StackedInline):
    extra = 0
    show_change_link = True
