"""The comparison as JSON: each value as its parts, decimals as strings, with its data cut and its
source.
"""

from .. import comparison
from .. import formatting as f
from ..models import AdverseEvent, ArmResult, BaselineCharacteristic, Crossover, EffectEstimate
from .files import citation, today
from .lines import line_objects, value_label

# The comparison as JSON: each value as its parts, decimals as strings.

JSON_NOTES = [
    'Decimal numbers are strings exactly as the publication prints them ("0.40" keeps its '
    "zero), so that no JSON float re-rounds them: read them as decimals. Counts (n) are "
    'integers. null means not reported; "NE" is printed as not estimable.',
    'p_value is the published text ("<0.001"). ci_level is in percent.',
    "Each value names its data cut (the publication of the analysis) and its source (the "
    "publication it was read in, the place in it, and whether that is a secondary report).",
    "The comparison is not head-to-head: see caveats.",
]


def decimal(value, decimals=None):
    """A curated Decimal as its published digits ("0.40"), or None."""
    return None if value is None else format(f.exact(value, decimals), "f")


def limits(obj):
    ci = {}
    for name in ("ci_low", "ci_high"):
        if getattr(obj, f"{name}_not_estimable", False):
            ci[name] = f.NOT_ESTIMABLE
        else:
            ci[name] = decimal(getattr(obj, name), f.limit_decimals(obj, name))
    ci["ci_level"] = decimal(obj.ci_level)
    return ci


def cut(publication):
    if publication is None:
        return None
    return {
        "publication": publication.label,
        "data_cutoff": f.file_date(publication.data_cutoff) or None,
    }


def effect_values(x):
    return {
        "measure": x.get_measure_display(),
        "unit": x.unit,
        "arm": "Between arms",
        "value": decimal(x.value, x.decimals),
        **limits(x),
        "p_value": x.p_value or None,
        "n": None,
        "data_cut": cut(x.endpoint.publication),
    }


def result_values(r):
    value = decimal(r.value, r.decimals)
    if r.not_reached:
        value = f.NOT_REACHED
    elif r.not_estimable:
        value = f.NOT_ESTIMABLE
    return {
        "measure": r.get_measure_display(),
        "unit": r.unit,
        "arm": r.arm_label,
        "value": value,
        **limits(r),
        "p_value": None,
        "n": r.n,
        "landmark_months": decimal(r.landmark_months),
        "data_cut": cut(r.endpoint.publication),
    }


def event_counts(event, line):
    """The arm counts a line of an adverse-event row reports, and the band it reports, if any:
    from the line's arm and band where it names them, else from the arm its text opens with."""
    arm_key = getattr(line, "arm_key", None)
    if arm_key is not None:
        found = [c for c in event.arms.all() if (c.arm_id or "all") == arm_key]
        return (found[0] if len(found) == 1 else None), getattr(line, "band", "")
    arms = {a.pk: a.short_label for a in event.trial.arms.all()}  # prefetched, no query
    found = [
        c
        for c in event.arms.all()
        if line.text.startswith(
            tuple(f"{arms[c.arm_id] if c.arm_id else 'All arms'}{end}" for end in (":", " of "))
        )
    ]
    return (found[0] if len(found) == 1 else None), ""


def event_values(event, line):
    base = {
        "measure": event.term,
        "high_grade": event.get_high_grade_display(),
        "p_value": event.p_value or None,
        "data_cut": cut(event.data_cut or event.source),
    }
    counts, band = event_counts(event, line)
    if counts is None:
        return base
    arms = {a.pk: a.short_label for a in event.trial.arms.all()}
    places = f.pct_places(counts, event)
    values = {
        **base,
        "arm": arms[counts.arm_id] if counts.arm_id else "All arms",
        "n": counts.denominator,
    }
    if band in ("", "all"):
        values["all_grades_n"] = counts.all_grades_n
        values["all_grades_pct"] = decimal(counts.all_grades_pct, places)
    if band in ("", "high"):
        values["high_grade_n"] = counts.high_grade_n
        values["high_grade_pct"] = decimal(counts.high_grade_pct, places)
    return values


def crossover_values(c):
    return {
        "measure": "Crossover",
        "arm": c.from_arm.short_label,
        "to_treatment": c.to_treatment,
        "crossed_n": c.n,
        "n": c.denominator,
        "percent": decimal(c.percent, c.decimals),
        "data_cut": cut(c.data_cut),
    }


def baseline_values(b):
    return {
        "measure": b.label,
        "arm": b.arm.short_label if b.arm_id else "All patients",
        "value": b.value,
        "n": b.n,
        "percent": decimal(b.percent),
    }


def object_json(obj, line):
    """One value a line shows, as its parts, with its data cut and its source."""
    if isinstance(obj, EffectEstimate):
        item = {"kind": "effect estimate", **effect_values(obj)}
    elif isinstance(obj, ArmResult):
        item = {"kind": "arm result", **result_values(obj)}
    elif isinstance(obj, AdverseEvent):
        item = {"kind": "adverse event", **event_values(obj, line)}
    elif isinstance(obj, Crossover):
        item = {"kind": "crossover", **crossover_values(obj)}
    elif isinstance(obj, BaselineCharacteristic):
        item = {"kind": "baseline", **baseline_values(obj)}
    else:
        item = {"kind": obj._meta.verbose_name}
    item["source"] = None
    if getattr(obj, "source_id", None) is not None:
        item["source"] = {
            "publication": obj.source.label,
            "locator": obj.locator,
            "secondary": f.is_secondary(obj),
        }
    return item


def line_json(line):
    return {
        "text": value_label(line),
        "label": line.label or None,
        "values": [object_json(obj, line) for obj in line_objects(line)],
    }


def comparison_json(trials, sections):
    return {
        "exported": today(),
        "notes": JSON_NOTES,
        "caveats": comparison.caveats(trials),
        "trials": [
            {"slug": t.slug, "acronym": t.acronym, "nct_number": t.nct_number} for t in trials
        ],
        "citations": [citation(t) for t in trials],
        "sections": [
            {
                "slug": section.slug,
                "title": section.title,
                "notes": list(getattr(section, "notes", [])),
                "rows": [
                    {
                        "label": row.label,
                        "notes": list(row.notes),
                        "cells": {
                            t.slug: [line_json(x) for x in cell.lines]
                            for t, cell in zip(trials, row.cells, strict=True)
                        },
                    }
                    for row in section.rows
                ],
            }
            for section in sections
        ],
    }
