from django.db.models import Min
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from . import charts, comparison, selection
from .filters import TrialFilter
from .headlines import headline
from .models import Trial
from .tables import TrialTable


def home(request):
    trials = Trial.objects.published().full_records()
    cards = [(trial, *headline(trial)) for trial in trials]
    return render(
        request,
        "trials/home.html",
        {
            "cards": cards,
            "chart": charts.forest(trials),
            "all_slugs": ",".join(t.slug for t in trials),
        },
    )


class CatalogueView(SingleTableMixin, FilterView):
    table_class = TrialTable
    filterset_class = TrialFilter
    template_name = "trials/catalogue.html"
    table_pagination = {"per_page": 25}

    def get_queryset(self):
        return (
            Trial.objects.published()
            .for_list()
            .annotate(first_agent=Min("arms__agent__name"), first_year=Min("publications__year"))
        )

    def get(self, request, *args, **kwargs):
        page = request.GET.get("page")
        self.page_error = page is not None and not (page.isdigit() and int(page) >= 1)
        response = super().get(request, *args, **kwargs)
        invalid_filters = self.filterset.is_bound and not self.filterset.is_valid()
        if invalid_filters or self.page_error:
            response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_error=self.page_error, **kwargs)


def trial_detail(request, slug):
    found = Trial.objects.published().filter(slug=slug).full_records()
    if not found:
        raise Http404("No published trial has this name.")
    trial = found[0]
    return render(
        request,
        "trials/trial_detail.html",
        {
            "trial": trial,
            "charts": charts.comparison_charts([trial]),
        },
    )


def compare(request):
    published = list(Trial.objects.published().values_list("slug", "acronym"))
    choice = selection.parse(request.GET, {slug for slug, _ in published})
    if choice.redirect_query:
        return redirect(f"{reverse('compare')}?{choice.redirect_query}")
    if choice.status != 200:
        return render(
            request,
            "trials/compare_error.html",
            {
                "selection": choice,
                "published": published,
            },
            status=choice.status,
        )
    by_slug = {
        t.slug: t for t in Trial.objects.published().filter(slug__in=choice.slugs).full_records()
    }
    trials = [by_slug[slug] for slug in choice.slugs]
    others = [(slug, acronym) for slug, acronym in published if slug not in choice.slugs]
    return render(
        request,
        "trials/compare.html",
        {
            "trials": trials,
            "columns": [(t, ",".join(s for s in choice.slugs if s != t.slug)) for t in trials],
            "sections": comparison.build(trials),
            "charts": charts.comparison_charts(trials),
            "others": others,
            "query": selection.canonical_query(choice.slugs),
            "slugs": ",".join(choice.slugs),
        },
    )
