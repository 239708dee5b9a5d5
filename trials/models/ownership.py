"""Every curated record belongs to one trial for life: no path (admin, import, fixtures, code)
may move it, or the records that hang from it, to another trial."""

from django.core.exceptions import ValidationError

# Each model's link to its trial: the field that holds it, and the parent's link when the
# trial is one step up.
OWNER = {
    "Publication": ("trial", None),
    "Arm": ("trial", None),
    "AnalysisSet": ("trial", None),
    "Endpoint": ("trial", None),
    "AdverseEvent": ("trial", None),
    "BaselineCharacteristic": ("trial", None),
    "Crossover": ("trial", None),
    "EligibilityCriterion": ("trial", None),
    "AnalysisSetArm": ("analysis_set", "trial"),
    "ArmResult": ("endpoint", "trial"),
    "EffectEstimate": ("endpoint", "trial"),
    "AtRisk": ("endpoint", "trial"),
    "AdverseEventArm": ("adverse_event", "trial"),
}


def trial_path(model):
    """The lookup from a record of `model` to its trial's id, e.g. "endpoint__trial_id"."""
    field, parent = OWNER[model.__name__]
    return f"{field}__{parent}_id" if parent else f"{field}_id"


def owner_trial(obj):
    """The trial a curated record (or a trial itself) belongs to, through cached relations."""
    if obj is None:
        return None
    if type(obj).__name__ == "Trial":
        return obj
    if type(obj).__name__ not in OWNER:
        return None
    field, parent = OWNER[type(obj).__name__]
    owner = getattr(obj, field, None)
    return getattr(owner, parent, None) if parent and owner is not None else owner


def owner_trial_id(instance):
    field, parent = OWNER[type(instance).__name__]
    parent_id = getattr(instance, f"{field}_id")
    if parent is None or parent_id is None:
        return parent_id
    related = type(instance)._meta.get_field(field).related_model
    return related.objects.filter(pk=parent_id).values_list(f"{parent}_id", flat=True).first()


def refuse_move(sender, instance, raw=False, **kwargs):
    """pre_save: a stored record keeps its trial."""
    if sender.__name__ not in OWNER or instance.pk is None:
        return
    stored = sender.objects.filter(pk=instance.pk).values_list(trial_path(sender), flat=True)
    stored = stored.first()
    if stored is None:  # a new record
        return
    if owner_trial_id(instance) != stored:
        field = OWNER[sender.__name__][0]
        raise ValidationError(
            {
                field: ValidationError(
                    f"A {sender._meta.verbose_name} cannot move to another trial: delete it "
                    "here and add it to the other trial, with its own sources.",
                    code="same_trial_for_life",
                )
            }
        )
