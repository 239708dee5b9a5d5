"""Whole-database integrity checks: every record's own rules plus rules across records.

The rules live on the models (`clean()` and `Meta.constraints`), so the admin, imports and
fixtures enforce them record by record with `full_clean()`. Checking the whole database applies
the same rules in a fixed number of queries, whatever the number of rows: each model's rows are
read once, a foreign key points at the row already read, the sibling rows a cross-record rule
reads are prefetched, and each unique field and database constraint is evaluated once per model
in SQL. The report is the one `full_clean()` on every record would give.
"""

from dataclasses import dataclass
from itertools import groupby

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import (
    BooleanField,
    CheckConstraint,
    Exists,
    OuterRef,
    Q,
    UniqueConstraint,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce

from . import models as m
from .models.ownership import owner_trial

# Parents before children, so a report reads from the top down.
CURATED_MODELS = [
    m.Radioligand,
    m.Trial,
    m.Publication,
    m.Arm,
    m.AnalysisSet,
    m.AnalysisSetArm,
    m.Endpoint,
    m.ArmResult,
    m.EffectEstimate,
    m.AtRisk,
    m.AdverseEvent,
    m.AdverseEventArm,
    m.BaselineCharacteristic,
    m.Crossover,
    m.EligibilityCriterion,
]

# Foreign keys to records outside the curated models, read in the same query as their rows
# (a join), so that proving they exist costs no query per row.
JOINED = {m.Trial: ["clinical_setting"]}

# The rows a cross-record rule reads through a relation's .all(): Arm.clean sums the trial's
# arms, AnalysisSetArm.clean the analysis set's arm Ns, AtRisk.clean its curve's neighbours.
SIBLINGS = {m.Trial: ["arms"], m.AnalysisSet: ["arm_ns"], m.Endpoint: ["at_risk"]}


@dataclass(frozen=True)
class Violation:
    trial: str
    record: str
    rule: str
    message: str

    def __str__(self):
        return f"{self.trial} | {self.record} | {self.rule} | {self.message}"


def trial_of(obj):
    """The acronym of the trial a curated record belongs to, for the report."""
    trial = owner_trial(obj)
    return trial.acronym if trial is not None else "-"


def describe(obj):
    return f"{obj._meta.verbose_name} #{obj.pk} ({obj})"


def record_violations(obj, errors):
    """One violation per message of a record's error dict, as full_clean() builds it."""
    found = []
    for name, items in errors.items():
        for item in items:
            message = " ".join(item.messages)
            rule = item.code or name
            if name != NON_FIELD_ERRORS:
                message = f"{name}: {message}"
            found.append(Violation(trial_of(obj), describe(obj), rule, message))
    return found


@dataclass
class Check:
    """A unique field or a database constraint of one model, evaluated once for all its rows.

    Like Model.full_clean(), a record skips a check that reads a field which already failed.
    """

    fields: set  # the fields it reads
    key: str  # the field its message goes under, or NON_FIELD_ERRORS
    error: object  # record -> ValidationError, the one Django would raise
    failing: set  # primary keys of the rows that break it

    def applies(self, obj, failed):
        return obj.pk in self.failing and not (self.fields & failed)


def duplicated(model, names):
    """Rows that share their values of `names` with another row; NULL equals nothing."""
    manager = model._default_manager
    twin = manager.filter(**{name: OuterRef(name) for name in names}).exclude(pk=OuterRef("pk"))
    return set(manager.filter(Exists(twin)).order_by().values_list("pk", flat=True))


def breaking(model, condition):
    """Rows whose values make `condition` false. Unknown (NULL) passes, as it does in a CHECK
    constraint and in CheckConstraint.validate()."""
    holds = Coalesce(Q(condition), True, output_field=BooleanField())
    rows = model._default_manager.alias(holds=holds).filter(holds=False).order_by()
    return set(rows.values_list("pk", flat=True))


def unique_checks(model):
    """What Model.validate_unique() checks: unique_together, then each unique field."""
    together = [tuple(names) for names in model._meta.unique_together]
    single = [(f.name,) for f in model._meta.local_fields if f.unique and not f.primary_key]
    return [
        Check(
            fields=set(names),
            key=names[0] if len(names) == 1 else NON_FIELD_ERRORS,
            error=lambda obj, names=names: obj.unique_error_message(model, names),
            failing=duplicated(model, names),
        )
        for names in together + single
    ]


def constraint_checks(model):
    """What Model.validate_constraints() checks, in the order it checks them."""
    columns = {f.name for f in model._meta.local_concrete_fields} | {"pk"}
    checks = []
    for constraint in model._meta.constraints:
        if isinstance(constraint, CheckConstraint):
            fields = Q(constraint.condition).referenced_base_fields
            if fields <= columns:  # otherwise validate() cannot resolve it and skips it
                checks.append(check_constraint_check(model, constraint, fields))
        elif isinstance(constraint, UniqueConstraint) and constraint.nulls_distinct is not False:
            if constraint.expressions or constraint.condition:
                raise NotImplementedError(f"No whole-table check for {constraint.name} yet.")
            checks.append(unique_constraint_check(model, constraint))
        else:
            raise NotImplementedError(f"No whole-table check for {constraint.name} yet.")
    return checks


def check_constraint_check(model, constraint, fields):
    return Check(
        fields=fields,
        key=NON_FIELD_ERRORS,
        error=lambda obj: ValidationError(
            constraint.get_violation_error_message(), code=constraint.violation_error_code
        ),
        failing=breaking(model, constraint.condition),
    )


def unique_constraint_check(model, constraint):
    names = tuple(constraint.fields)
    if constraint.violation_error_message == constraint.default_violation_error_message:
        code = "unique" if len(names) == 1 else "unique_together"

        def error(obj):
            message = obj.unique_error_message(model, names)
            return ValidationError(message, code=message.code)

    else:
        code = constraint.violation_error_code

        def error(obj):
            return ValidationError(constraint.get_violation_error_message(), code=code)

    return Check(
        fields=set(names),
        key=names[0] if code == "unique" and len(names) == 1 else NON_FIELD_ERRORS,
        error=error,
        failing=duplicated(model, names),
    )


def record_errors(obj, linked, unique, constraints):
    """The error dict obj.full_clean() would raise, without a query per record."""
    errors = {}
    try:
        obj.full_clean(exclude=linked, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    for checks in (unique, constraints):
        failed = {name for name in errors if name != NON_FIELD_ERRORS}
        found = {}
        for check in checks:
            if check.applies(obj, failed):
                found.setdefault(check.key, []).append(check.error(obj))
        if found:
            errors = ValidationError(found).update_error_dict(errors)
    return errors


def link_related(rows):
    """Point each foreign key at the row already read, so clean() and str() query no more.

    Returns, per model, the foreign keys so linked."""
    by_pk = {model: {obj.pk: obj for obj in objs} for model, objs in rows.items()}
    keys = {}
    for model, objs in rows.items():
        keys[model] = [
            f
            for f in model._meta.concrete_fields
            if f.many_to_one
            and f.related_model in by_pk
            and f.target_field.primary_key
            and not f.validators
            and not f.get_limit_choices_to()
        ]
        for obj in objs:
            for key in keys[model]:
                target = by_pk[key.related_model].get(getattr(obj, key.attname))
                if target is not None:
                    key.set_cached_value(obj, target)
    return keys


def at_risk_violations(rows):
    """Numbers at risk never rise over time within one curve."""
    found = []
    rows = sorted(rows, key=lambda row: (row.endpoint_id, row.arm_id, row.month))
    for _, curve in groupby(rows, key=lambda row: (row.endpoint_id, row.arm_id)):
        previous = None
        for row in curve:
            if previous is not None and row.n_at_risk > previous.n_at_risk:
                found.append(
                    Violation(
                        row.endpoint.trial.acronym,
                        describe(row),
                        "atrisk_non_increasing",
                        f"{row.n_at_risk} at risk at month {row.month} is more than "
                        f"{previous.n_at_risk} at month {previous.month}.",
                    )
                )
            previous = row
    return found


def joined(obj, model):
    """Foreign keys of obj whose target came with it from the database (JOINED)."""
    return {
        name
        for name in JOINED.get(model, [])
        if model._meta.get_field(name).is_cached(obj) and getattr(obj, name) is not None
    }


def all_violations():
    rows = {
        model: list(model.objects.select_related(*JOINED.get(model, [])))
        for model in CURATED_MODELS
    }
    keys = link_related(rows)
    for model, relations in SIBLINGS.items():
        prefetch_related_objects(rows[model], *relations)
    found = []
    for model in CURATED_MODELS:
        unique, constraints = unique_checks(model), constraint_checks(model)
        for obj in rows[model]:
            # A foreign key to a row read above exists: no query to prove it.
            linked = {key.name for key in keys[model] if key.is_cached(obj)} | joined(obj, model)
            errors = record_errors(obj, linked, unique, constraints)
            found.extend(record_violations(obj, errors))
    found.extend(at_risk_violations(rows[m.AtRisk]))
    return found
