"""Template filters that show curated values as published, through trials.formatting."""

import html
import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

from trials import datacuts, formatting

SECONDARY_BADGE = mark_safe(' <span class="badge secondary-badge">secondary</span>')

register = template.Library()


@register.filter
def effect_text(effect):
    return formatting.effect_text(effect)


@register.filter
def result_text(result):
    return formatting.result_text(result)


@register.filter
def crossover_text(crossover):
    return formatting.crossover_text(crossover)


@register.filter
def pct_places(counts, event):
    return formatting.pct_places(counts, event)


@register.filter
def number(value, decimals=None):
    return formatting.number(value, decimals)


@register.filter
def page_date(value):
    return formatting.page_date(value)


@register.simple_tag
def cutoff(publication, trial):
    """The cut-off date of the data cut `publication` belongs to, as the key results give it
    ("18 January 2021 (as given by …, secondary source)"); "" where no source gives one."""
    return datacuts.cutoff_text(publication, datacuts.publications(trial))


@register.simple_tag
def count_cell(n, pct, decimals):
    return formatting.count_cell(n, pct, decimals) or "—"


@register.filter
def counts_for(event, arm):
    """An adverse event's counts for one arm (prefetched), or None when not reported; with no
    arm ("all"), the counts published for all arms together."""
    arm_id = None if arm == "all" else arm.pk
    return next((c for c in event.arms.all() if c.arm_id == arm_id), None)


@register.simple_tag
def secondary_badge(obj):
    """The badge of a value read in a secondary report, or of a publication that is one."""
    return SECONDARY_BADGE if formatting.is_secondary(obj) else ""


@register.simple_tag
def value(text, obj=None):
    """A published value with its source (from `obj`), shown on hover or keyboard focus."""
    source = formatting.source_text(obj)
    secondary = formatting.is_secondary(obj)
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


# What json_script escapes, as replacements: str.translate over a chart's figure (tens of KB)
# costs milliseconds a page.
JSON_SCRIPT_ESCAPES = (("&", "\\u0026"), ("<", "\\u003C"), (">", "\\u003E"))


@register.filter
def figure_json(value, element_id):
    """json_script's exact bytes, escaped with str.replace."""
    text = json.dumps(value, cls=DjangoJSONEncoder)
    for character, escape in JSON_SCRIPT_ESCAPES:
        if character in text:
            text = text.replace(character, escape)
    return format_html(
        '<script id="{}" type="application/json">{}</script>', element_id, mark_safe(text)
    )


def _cell(value):
    """A value as `{{ value }}` prints it: localized, then escaped unless marked safe."""
    if type(value) is str:  # most cells: nothing to localize, nothing marked safe
        return html.escape(value)
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)  # counts: what localize() prints without a thousands separator
    value = localize(template_localtime(value))
    if not isinstance(value, str):
        value = str(value)
    return conditional_escape(value)


@register.filter
def header_cells(columns):
    """A data table's column headers, printed in one pass instead of a template loop."""
    return mark_safe("".join(f'<th scope="col">{_cell(column)}</th>' for column in columns))


@register.filter
def body_rows(rows):
    """A data table's rows, the first cell of each a row header, printed in one pass."""
    parts = []
    for row in rows:
        parts.append("<tr>")
        for index, value in enumerate(row):
            if index:
                parts.append(f"<td>{_cell(value)}</td>")
            else:
                parts.append(f'<th scope="row">{_cell(value)}</th>')
        parts.append("</tr>")
    return mark_safe("".join(parts))
