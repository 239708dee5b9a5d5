import django_tables2 as tables
from django.db.models import F
from django.utils.html import format_html

from .models import Trial


class TrialTable(tables.Table):
    select = tables.Column(accessor="slug", verbose_name="Compare", orderable=False)
    acronym = tables.Column(linkify=True, verbose_name="Trial")  # the trial's get_absolute_url
    title = tables.Column()
    indication = tables.Column()
    agents = tables.Column(accessor="first_agent", verbose_name="Agent", empty_values=())
    phase = tables.Column()
    design = tables.Column()
    # Named as before so sort links stay permalinks; randomised, or enrolled where counted so.
    n_randomised = tables.Column(verbose_name="N", accessor="n_patients", order_by=("n_patients",))
    first_year = tables.Column(verbose_name="Year")

    class Meta:
        model = Trial
        fields = [
            "select",
            "acronym",
            "title",
            "indication",
            "agents",
            "phase",
            "design",
            "n_randomised",
            "first_year",
        ]
        order_by = "acronym"
        # Each cell names its column, for the card layout on a phone.
        attrs = {
            "class": "data-table catalogue",
            "td": {"data-label": lambda bound_column: bound_column.header},
        }

    def render_agents(self, record):
        return ", ".join(record.agent_names()) or "—"

    def value_agents(self, record):
        return self.render_agents(record)

    def render_select(self, value, record):
        return format_html(
            '<input type="checkbox" name="trials" value="{}" form="compare-form" '
            'aria-label="Compare {}">',
            value,
            record.acronym,
        )

    def order_n_randomised(self, queryset, is_descending):
        # Trials whose N is not reported come last either way, on every database.
        n = F("n_patients")
        order = n.desc(nulls_last=True) if is_descending else n.asc(nulls_last=True)
        return queryset.order_by(order, "acronym"), True

    def value_n_randomised(self, value, record):
        return self.render_n_randomised(value, record)

    def render_n_randomised(self, value, record):
        return f"{value} (enrolled)" if record.n_randomised is None else f"{value}"
