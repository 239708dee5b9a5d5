"""Numbers as the publications print them, and the sentences the pages build from them."""

from decimal import Decimal

NOT_REPORTED = "Not reported"
MINUS = "\u2212"


def fmt(value, decimals=None):
    """A Decimal with the published number of decimal places; negatives with a true minus."""
    if value is None:
        return ""
    if decimals is None:
        text = format(Decimal(value).normalize(), "f")
    else:
        text = f"{Decimal(value):.{decimals}f}"
    return text.replace("-", MINUS)


def level(value):
    return fmt(value) if value is not None else ""


def ci_text(obj, unit=""):
    if obj.ci_low is None or obj.ci_high is None:
        return ""
    lo, hi = fmt(obj.ci_low, obj.decimals), fmt(obj.ci_high, obj.decimals)
    return f"{level(obj.ci_level)}% CI {lo}–{hi}{unit}"


def p_text(p_value):
    if not p_value:
        return ""
    if p_value[0] in "<>=≤≥":
        return f"P{p_value}"
    return f"P={p_value}"


MEASURE_ABBREVIATIONS = {"hr": "HR", "or": "OR", "rr": "RR", "difference": "Difference"}


def effect_text(effect):
    """e.g. "HR 0.40 (99.2% CI 0.29–0.57); P<0.001"."""
    parts = []
    if effect.value is not None:
        unit = f" {effect.unit}" if effect.unit else ""
        head = (
            f"{MEASURE_ABBREVIATIONS.get(effect.measure, '')} {fmt(effect.value, effect.decimals)}"
        )
        parts.append(head.strip() + unit)
        ci = ci_text(effect)
        if ci:
            parts[-1] += f" ({ci})"
    p = p_text(effect.p_value)
    if p:
        parts.append(p)
    text = "; ".join(parts)
    if effect.measure == "test" and effect.method:
        text += f" ({effect.method})"
    return text


def result_text(result):
    """One per-arm number, e.g. "15.3 mo", "65.2% at 20 mo (95% CI 50.0–76.8)", "65/99"."""
    d = result.decimals
    value = fmt(result.value, d)
    ci = ci_text(result)
    measure = result.measure
    if measure == "median":
        text = "Not reached" if result.not_reached else f"{value} mo"
    elif measure == "rate":
        text = f"{value}% at {fmt(result.landmark_months)} mo"
    elif measure == "proportion":
        text = f"{value}%"
    elif measure == "responders":
        text = f"{value}/{result.n}" if result.n is not None else value
    elif measure == "events":
        text = f"{value} events" + (f" of {result.n}" if result.n is not None else "")
    elif measure == "rmst":
        text = f"{value} mo (restricted to {fmt(result.landmark_months)} mo)"
    else:
        text = value
    return f"{text} ({ci})" if ci else text


def count_cell(n, pct, decimals):
    """An adverse-event cell: "279 (52.7%)", "52.7%", "279", or blank."""
    if n is None and pct is None:
        return ""
    if pct is None:
        return str(n)
    if n is None:
        return f"{fmt(pct, decimals)}%"
    return f"{n} ({fmt(pct, decimals)}%)"


def source_text(obj):
    """Where a number was read: "NEJM 2021, Figure 2B" (+ "secondary source")."""
    if getattr(obj, "source_id", None) is None:
        return ""
    text = f"{obj.source.label}, {obj.locator}"
    if obj.source.is_secondary:
        text += " — secondary source"
    return text


def gbq_to_mci(gbq):
    """1 GBq = 27.027 mCi; used only to show a dose in mCi where the paper gives only GBq."""
    return (Decimal(gbq) / Decimal("0.037")).quantize(Decimal("1"))
