"""Template filters that show curated numbers as published."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from trials import formatting

SECONDARY_BADGE = mark_safe(' <span class="badge secondary-badge">secondary</span>')

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


@register.simple_tag
def value(text, source="", secondary=False):
    """A published value with its source, shown on hover or keyboard focus."""
    badge = SECONDARY_BADGE if secondary else ""
    if not source:
        return format_html(
            '<span class="val{}">{}{}</span>', " is-secondary" if secondary else "", text, badge
        )
    return format_html(
        '<span class="val{}" tabindex="0">{}{}<span class="src"> — source: {}</span></span>',
        " is-secondary" if secondary else "",
        text,
        badge,
        source,
    )
