import django_filters
from django.db.models import Q

from .models import Arm, Radioligand, Trial


def agent_targets():
    # From the few agents, not from every trial's arms.
    targets = Radioligand.objects.order_by("target").values_list("target", flat=True).distinct()
    return [(t, t) for t in targets]


class TrialFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        label="Search",
        help_text="Acronym, title, NCT number, indication, setting, agent or brand, arms "
        "and comparators, eligibility",
    )
    disease = django_filters.ChoiceFilter(choices=Trial.Disease.choices, label="Disease")
    indication = django_filters.AllValuesFilter(label="Indication")
    agent = django_filters.ModelChoiceFilter(
        field_name="arms__agent",
        queryset=Radioligand.objects.all(),
        label="Agent",
        to_field_name="slug",
        distinct=True,
    )
    target = django_filters.ChoiceFilter(
        field_name="arms__agent__target", label="Target", distinct=True, choices=agent_targets
    )
    phase = django_filters.ChoiceFilter(choices=Trial.Phase.choices, label="Phase")
    design = django_filters.ChoiceFilter(choices=Trial.Design.choices, label="Design")
    year = django_filters.NumberFilter(
        field_name="publications__year",
        label="Publication year",
        distinct=True,
        min_value=1900,
        max_value=2100,
    )

    class Meta:
        model = Trial
        fields = ["q", "disease", "indication", "agent", "target", "phase", "design", "year"]

    def search(self, queryset, name, value):
        # Arms are matched in a subquery, so a trial with several matching arms is listed once.
        arms = Arm.objects.filter(
            Q(label__icontains=value)
            | Q(regimen__icontains=value)
            | Q(agent__name__icontains=value)
            | Q(agent__brand__icontains=value)
        )
        return queryset.filter(
            Q(acronym__icontains=value)
            | Q(title__icontains=value)
            | Q(nct_number__icontains=value)
            | Q(indication__icontains=value)
            | Q(setting__icontains=value)
            | Q(key_eligibility__icontains=value)
            | Q(pk__in=arms.values("trial_id"))
        )
