"""Template filters that show curated numbers as published."""

from django import template

from trials import formatting

register = template.Library()


@register.filter
def effect_text(effect):
    return formatting.effect_text(effect)


@register.filter
def result_text(result):
    return formatting.result_text(result)


@register.filter
def source_text(obj):
    return formatting.source_text(obj)


@register.filter
def number(value, decimals=None):
    return formatting.fmt(value, decimals)


@register.simple_tag
def count_cell(n, pct, decimals):
    return formatting.count_cell(n, pct, decimals) or "—"


@register.filter
def mci(gbq):
    return formatting.gbq_to_mci(gbq)


@register.filter
def counts_for(event, arm):
    """An adverse event's counts for one arm (prefetched), or None when not reported."""
    return next((c for c in event.arms.all() if c.arm_id == arm.pk), None)
