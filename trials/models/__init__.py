"""Curated radioligand-therapy trial data: every number as published, with its source."""

from .agents import HalfLifeUnit, Radioligand
from .baseline import BaselineCharacteristic
from .eligibility import EligibilityCriterion
from .results import ArmResult, AtRisk, Crossover, EffectEstimate, Endpoint
from .safety import AdverseEvent, AdverseEventArm
from .settings import ClinicalSetting
from .trials import AnalysisSet, AnalysisSetArm, Arm, Publication, Trial
from .versions import DataVersion

__all__ = [
    "AdverseEvent",
    "AdverseEventArm",
    "AnalysisSet",
    "AnalysisSetArm",
    "Arm",
    "ArmResult",
    "AtRisk",
    "BaselineCharacteristic",
    "ClinicalSetting",
    "Crossover",
    "DataVersion",
    "EffectEstimate",
    "EligibilityCriterion",
    "Endpoint",
    "HalfLifeUnit",
    "Publication",
    "Radioligand",
    "Trial",
]
