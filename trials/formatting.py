"""Numbers and dates as the publications print them, and the sentences the pages build from them.

The one place that decides how a curated value reads: the pages (through the template filters),
the charts, the comparison and the downloads all go through these functions.
"""

from decimal import Decimal
from functools import lru_cache

from django.utils import dateformat, translation
from django.utils.encoding import force_str

from .models import ArmResult, EffectEstimate, Publication

NOT_REPORTED = "Not reported"
NOT_REACHED = "Not reached"
NOT_ESTIMABLE = "NE"  # as the publications print it
NOT_ESTIMABLE_LONG = "not estimable"
SECONDARY = "secondary source"
MINUS = "\u2212"
PAGE_DATE = "j F Y"  # 27 January 2021


def exact(value, decimals=None):
    """The number at its published precision: 0.4 with 2 decimals is Decimal("0.40").

    Without `decimals`, the number without trailing zeros or exponent: 99.2000 is 99.2.
    """
    if value is None:
        return None
    value = Decimal(value)
    if decimals is None:
        return Decimal(format(value.normalize(), "f"))
    return value.quantize(Decimal(1).scaleb(-decimals))


def number(value, decimals=None):
    """The number as printed, e.g. "0.40"; negatives with a true minus; blank when absent."""
    if value is None:
        return ""
    return format(exact(value, decimals), "f").replace("-", MINUS)


def page_date(value):
    """A date on a page: "27 January 2021"."""
    return formatted_date(value, translation.get_language()) if value else ""


@lru_cache(maxsize=1024)
def formatted_date(value, language):
    """A page prints the same few data cut-off dates hundreds of times."""
    return dateformat.format(value, PAGE_DATE)


CHOICES = {}


def display(obj, name):
    """`obj.get_<name>_display()`, without hashing the field's choices anew on every call."""
    field = obj._meta.get_field(name)
    labels = CHOICES.get(field)
    if labels is None:
        labels = CHOICES[field] = dict(field.flatchoices)
    value = getattr(obj, field.attname)
    return force_str(labels.get(value, value), strings_only=True)


def file_date(value):
    """A date in a download: ISO 8601, "2021-01-27"."""
    return value.isoformat() if value else ""


def is_secondary(obj):
    """Whether a value was read in a secondary report (or a publication is one)."""
    if isinstance(obj, Publication):
        return obj.is_secondary
    return getattr(obj, "source_id", None) is not None and obj.source.is_secondary


def source_text(obj):
    """Where a number was read: "NEJM 2021, Figure 2B" (+ "secondary source")."""
    if getattr(obj, "source_id", None) is None:
        return ""
    text = f"{obj.source.label}, {obj.locator}"
    if is_secondary(obj):
        text += f" — {SECONDARY}"
    return text


def limit_decimals(obj, name):
    """Places a CI limit is printed with: its own where it differs from the value's."""
    own = getattr(obj, f"{name}_decimals", None)
    return obj.decimals if own is None else own


def ci_limit(obj, name):
    """One CI limit as printed: its number, "NE" where printed so, blank where not printed."""
    if getattr(obj, f"{name}_not_estimable", False):
        return NOT_ESTIMABLE
    return number(getattr(obj, name), limit_decimals(obj, name))


def ci_text(obj, unit=""):
    """e.g. "95% CI 0.52–0.74", "95% CI 19.4–NE", "CI, level not reported, 16.9–21.4"."""
    lo, hi = ci_limit(obj, "ci_low"), ci_limit(obj, "ci_high")
    if not (lo and hi):
        return ""
    if obj.ci_level is None and getattr(obj, "ci_level_not_reported", False):
        return f"CI, level not reported, {lo}–{hi}{unit}"
    return f"{number(obj.ci_level)}% CI {lo}–{hi}{unit}"


def p_text(p_value):
    if not p_value:
        return ""
    if p_value[0] in "<>=≤≥":
        return f"P{p_value}"
    return f"P={p_value}"


MEASURE_ABBREVIATIONS = {
    EffectEstimate.Measure.HR: "HR",
    EffectEstimate.Measure.OR: "OR",
    EffectEstimate.Measure.RR: "RR",
    EffectEstimate.Measure.DIFFERENCE: EffectEstimate.Measure.DIFFERENCE.label,
}


def effect_text(effect):
    """e.g. "HR 0.40 (99.2% CI 0.29–0.57); P<0.001"."""
    parts = []
    if effect.value is not None:
        unit = f" {effect.unit}" if effect.unit else ""
        abbreviation = MEASURE_ABBREVIATIONS.get(effect.measure, "")
        head = f"{abbreviation} {number(effect.value, effect.decimals)}"
        parts.append(head.strip() + unit)
        ci = ci_text(effect)
        if ci:
            parts[-1] += f" ({ci})"
    p = p_text(effect.p_value)
    if p:
        parts.append(p + (f" ({effect.get_p_sided_display().lower()})" if effect.p_sided else ""))
    text = "; ".join(parts)
    if effect.crossover_adjustment:
        text += f" [{effect.get_crossover_adjustment_display()}]"
    if effect.measure == EffectEstimate.Measure.TEST and effect.method:
        text += f" ({effect.method})"
    return text


def value_text(result):
    """A per-arm value alone, as printed: "15.3", "Not reached" or "NE" (not estimable)."""
    if result.not_reached:
        return NOT_REACHED
    if result.not_estimable:
        return NOT_ESTIMABLE
    return number(result.value, result.decimals)


def result_text(result):
    """One per-arm number, e.g. "15.3 mo", "65.2% at 20 mo (95% CI 50.0–76.8)", "65/99"."""
    value = value_text(result)
    Measure = ArmResult.Measure
    measure = result.measure
    if measure == Measure.MEDIAN:
        text = value if result.value is None else f"{value} mo"
    elif measure == Measure.RATE:
        text = f"{value}% at {number(result.landmark_months)} mo"
    elif measure == Measure.PROPORTION:
        text = f"{value}%"
    elif measure == Measure.RESPONDERS:
        text = f"{value}/{result.n}" if result.n is not None else value
    elif measure == Measure.EVENTS:
        text = f"{value} events" + (f" of {result.n}" if result.n is not None else "")
    elif measure == Measure.RMST:
        horizon = number(result.landmark_months)
        text = f"{value} mo (restricted to {horizon} mo)" if horizon else f"{value} mo (RMST)"
    else:
        text = f"{value} {result.unit}".strip()
    ci = ci_text(result)
    return f"{text} ({ci})" if ci else text


def pct_places(counts, event):
    """Places an adverse-event cell's percentages are printed with: the arm's own, or the row's."""
    return event.decimals if counts.decimals is None else counts.decimals


def percent(value, decimals):
    return f"{number(value, decimals)}%"


def count_cell(n, pct, decimals):
    """An adverse-event cell: "279 (52.7%)", "52.7%", "279", or blank."""
    if n is None and pct is None:
        return ""
    if pct is None:
        return str(n)
    if n is None:
        return percent(pct, decimals)
    return f"{n} ({percent(pct, decimals)})"


def crossover_text(crossover):
    """e.g. "ARPI change → ¹⁷⁷Lu-PSMA-617: 141/234 (60.3%), all randomised (Ann Oncol 2025)"."""
    count = ""
    if crossover.n is not None and crossover.denominator is not None:
        count = f"{crossover.n}/{crossover.denominator}"
    elif crossover.n is not None:
        count = str(crossover.n)
    if crossover.percent is not None:
        pct = percent(crossover.percent, crossover.decimals)
        count = f"{count} ({pct})" if count else pct
    of = f", {crossover.population}" if crossover.population else ""
    when = f", {crossover.timing}" if crossover.timing else ""
    return (
        f"{crossover.from_arm.short_label} → {crossover.to_treatment}: {count}{of}{when}"
        f" ({crossover.data_cut.label})"
    )
