"""Whole-database integrity checks: every record's own rules plus rules across records."""

from dataclasses import dataclass
from itertools import groupby

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from . import models as m

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
]


@dataclass(frozen=True)
class Violation:
    trial: str
    record: str
    rule: str
    message: str

    def __str__(self):
        return f"{self.trial} | {self.record} | {self.rule} | {self.message}"


def trial_of(obj):
    """The trial a curated record belongs to, by the shortest path the model has."""
    for path in ("trial", "analysis_set.trial", "endpoint.trial", "adverse_event.trial"):
        target = obj
        for part in path.split("."):
            target = getattr(target, part, None) if target is not None else None
        if isinstance(target, m.Trial):
            return target.acronym
    if isinstance(obj, m.Trial):
        return obj.acronym
    return "-"


def describe(obj):
    return f"{obj._meta.verbose_name} #{obj.pk} ({obj})"


def record_violations(obj):
    try:
        obj.full_clean()
    except ValidationError as error:
        found = []
        for field, errors in error.error_dict.items():
            for item in errors:
                message = " ".join(item.messages)
                rule = item.code or field
                if field != NON_FIELD_ERRORS:
                    message = f"{field}: {message}"
                found.append(Violation(trial_of(obj), describe(obj), rule, message))
        return found
    return []


def at_risk_violations():
    """Numbers at risk never rise over time within one curve."""
    found = []
    rows = m.AtRisk.objects.select_related("endpoint__trial", "arm").order_by(
        "endpoint_id", "arm_id", "month"
    )
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


def all_violations():
    found = []
    for model in CURATED_MODELS:
        for obj in model.objects.all():
            found.extend(record_violations(obj))
    found.extend(at_risk_violations())
    return found
