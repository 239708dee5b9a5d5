"""What every curated model's admin shares: history with a change reason, edits refused when
someone else saved the record meanwhile, records that stay with their trial, and choices
limited to the trial's own publications, arms and analysis sets, read once per page."""

import json

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html_join
from simple_history.admin import SimpleHistoryAdmin

from trials.models import AnalysisSet, Arm, Endpoint, Publication, Trial
from trials.models.ownership import OWNER, owner_trial

REASON_HELP = "Why this change, e.g. “Corrected from Table 2”. Kept in the history."
SCOPED = (Publication, Arm, AnalysisSet)


def stored_values(instance):
    """The record's values as stored, in a form that survives a round trip through a page."""
    values = {f.attname: f.value_from_object(instance) for f in instance._meta.concrete_fields}
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))


def seen_value(field, seen):
    """A value the form was opened with, back in the field's type (0.62, a date, an id), so
    that an untouched field does not count as changed."""
    try:
        return field.to_python(seen[field.attname])
    except ValidationError:
        return seen[field.attname]


class CuratedForm(forms.ModelForm):
    """Carries the values the curator saw. What counts as changed is judged against them, so an
    untouched inline row is not saved over someone else's edit; a changed form is refused if
    the record changed since it was opened."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.seen_values = None
        if self.instance.pk:
            self.fields["seen"].initial = json.dumps(stored_values(self.instance))
        if self.is_bound and self.instance.pk:
            try:
                self.seen_values = json.loads(self.data.get(self.add_prefix("seen")) or "")
            except ValueError:
                self.seen_values = None
            if isinstance(self.seen_values, dict):
                self.initial["seen"] = self.data.get(self.add_prefix("seen"))
                for field in self.instance._meta.concrete_fields:
                    if field.name in self.fields and field.attname in self.seen_values:
                        self.initial[field.name] = seen_value(field, self.seen_values)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.has_changed():
            self.refuse_stale()
        return cleaned

    def refuse_stale(self):
        if not isinstance(self.seen_values, dict):
            raise forms.ValidationError(
                "This form is missing what it was opened with; reload the page.", code="stale"
            )
        now = stored_values(self.instance)
        changed = [(n, self.seen_values.get(n), v) for n, v in now.items()]
        changed = [c for c in changed if c[1] != c[2]]
        if changed:
            lines = format_html_join(
                "", "<li>{}: {} → {}</li>", ((n, show(b), show(a)) for n, b, a in changed)
            )
            raise forms.ValidationError(
                format_html_join("", "{}<ul>{}</ul>{}", [(STALE, lines, RELOAD)]),
                code="stale",
            )


STALE = "Someone saved this record after you opened it; nothing of yours was saved. Since then:"
RELOAD = "Reload the page to see the record as it is now, then make your change again."


def show(value):
    return "blank" if value in (None, "") else value


class ChangeReasonForm(CuratedForm):
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


def trial_from_query(request):
    """An add form opened from a trial's page (?trial=<id>) offers that trial's choices."""
    value = request.GET.get("trial", "")
    return Trial.objects.filter(pk=value).first() if value.isdigit() else None


def scoped_field(field, trial):
    """Limit a choice of publication, arm, analysis set or end point to the trial's own, and
    read the choices once for every form of the page instead of once per form."""
    model = field.queryset.model
    if model in (*SCOPED, Endpoint):
        queryset = field.queryset.select_related(*related_paths(model))
        field.queryset = queryset if trial is None else queryset.filter(trial=trial)
    field.choices = list(field.choices)
    return field


class TrialScoped:
    """Choices scoped to the trial of the record being edited (the parent's, for inlines)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None:
            field = scoped_field(field, getattr(request, "curated_trial", None))
        return field


class CuratedAdmin(TrialScoped, SimpleHistoryAdmin):
    """Model admin with a required change reason (kept in the history) on every edit."""

    form = ChangeReasonForm
    save_on_top = True

    def get_list_select_related(self, request):
        return related_paths(self.model)

    def get_form(self, request, obj=None, change=False, **kwargs):
        request.curated_trial = owner_trial(obj) or trial_from_query(request)
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        fields = [f for f in super().get_fields(request, obj) if f not in ("change_reason", "seen")]
        return [*fields, "change_reason", "seen"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and type(obj).__name__ in OWNER:
            # A record stays with its trial (and its end point or adverse event) for life.
            readonly.append(OWNER[type(obj).__name__][0])
        return readonly

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


def related_paths(model):
    """Every record a row's label reads (its parents, and their trial), for select_related."""
    paths = []
    for field in model._meta.concrete_fields:
        if field.many_to_one:
            paths.append(field.name)
            for parent in field.related_model._meta.concrete_fields:
                if parent.name in ("trial", "publication"):
                    paths.append(f"{field.name}__{parent.name}")
    return paths


class CuratedInline(TrialScoped):
    form = CuratedForm
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*related_paths(self.model))

    def get_fields(self, request, obj=None):
        return [*[f for f in super().get_fields(request, obj) if f != "seen"], "seen"]


class TabularInline(CuratedInline, admin.TabularInline):
    pass


class StackedInline(CuratedInline, admin.StackedInline):
    pass
