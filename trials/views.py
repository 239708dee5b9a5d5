from django.db.models import OuterRef, Subquery, prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from . import charts, comparison, exports, selection
from .caching import cached_public_page
from .filters import TrialFilter
from .headlines import headline
from .models import Arm, Publication, Trial
from .tables import TrialTable

FEATURED = 12
MAX_PER_PAGE = 100  # trials on one catalogue page; the downloads have them all


@cached_public_page
def home(request):
    # The overview features the first trials; the catalogue lists them all.
    published = Trial.objects.published()
    trials = published[:FEATURED].full_records()
    cards = [(trial, *headline(trial)) for trial in trials]
    return render(
        request,
        "trials/home.html",
        {
            "cards": cards,
            "chart": charts.forest(trials),
            "all_slugs": ",".join(t.slug for t in trials),
            "more": max(published.count() - FEATURED, 0),
        },
    )


def bad_request(request, problem):
    return render(request, "trials/bad_request.html", {"problem": problem}, status=400)


def bad_export(request):
    formats = ", ".join(exports.TABLE_FORMATS + tuple(exports.RESULTS_FORMATS))
    return bad_request(request, f"Unknown export format. Choose one of: {formats}.")


def whole_number(value, maximum):
    """An absent query parameter, or a whole number from 1 to `maximum` in ASCII digits."""
    return value is None or (value.isascii() and value.isdigit() and 1 <= int(value) <= maximum)


class CatalogueView(ExportMixin, SingleTableMixin, FilterView):
    table_class = TrialTable
    export_formats = exports.TABLE_FORMATS
    exclude_columns = ("select",)
    filterset_class = TrialFilter
    template_name = "trials/catalogue.html"
    table_pagination = {"per_page": 25}

    def get_queryset(self):
        # Correlated subqueries run for the rows of one page, not for every trial.
        first_agents = (
            Arm.objects.filter(trial=OuterRef("pk"), agent__isnull=False)
            .order_by("agent__name")
            .values("agent__name")[:1]
        )
        first_years = (
            Publication.objects.filter(trial=OuterRef("pk"), year__isnull=False)
            .order_by("year")
            .values("year")[:1]
        )
        return (
            Trial.objects.published()
            .for_list()
            .annotate(first_agent=Subquery(first_agents), first_year=Subquery(first_years))
        )

    def get(self, request, *args, **kwargs):
        if request.GET.get("_export", "csv") not in exports.TABLE_FORMATS:
            return bad_export(request)
        if not whole_number(request.GET.get("per_page"), MAX_PER_PAGE):
            return bad_request(
                request,
                f"The number of trials per page must be a whole number from 1 to {MAX_PER_PAGE}.",
            )
        self.page_error = not whole_number(request.GET.get("page"), 1_000_000)
        response = super().get(request, *args, **kwargs)
        invalid_filters = self.filterset.is_bound and not self.filterset.is_valid()
        if invalid_filters or self.page_error:
            response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_error=self.page_error, **kwargs)

    def create_export(self, export_format):
        table = self.get_table(**self.get_table_kwargs())
        trials = [row.record for row in table.rows]
        prefetch_related_objects(trials, "publications")  # the files' citation lines
        return exports.table_response(
            table,
            export_format,
            trials,
            "trials",
            exclude_columns=self.exclude_columns,
            name_trials=False,
        )


@cached_public_page
def trial_detail(request, slug):
    found = Trial.objects.visible_to(request.user).filter(slug=slug).full_records()
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


LISTED = 50  # trials offered in a select or checklist; the catalogue has them all


@cached_public_page
def compare(request):
    export = request.GET.get("_export")
    if export is not None and export not in exports.ALL_FORMATS:
        return bad_export(request)
    visible = Trial.objects.visible_to(request.user)
    choice = selection.parse(
        request.GET,
        lambda slugs: set(visible.filter(slug__in=slugs).values_list("slug", flat=True)),
    )
    if choice.redirect_query:
        return redirect(f"{reverse('compare')}?{choice.redirect_query}")
    if choice.status != 200:
        listed = list(visible.values_list("slug", "acronym")[:LISTED])
        return render(
            request,
            "trials/compare_error.html",
            {"selection": choice, "published": listed},
            status=choice.status,
        )
    by_slug = {t.slug: t for t in visible.filter(slug__in=choice.slugs).full_records()}
    trials = [by_slug[slug] for slug in choice.slugs]
    if export is not None:
        return exports.comparison_download(trials, comparison.build, export)
    others = list(visible.exclude(slug__in=choice.slugs).values_list("slug", "acronym")[:LISTED])
    return render(
        request,
        "trials/compare.html",
        {
            "trials": trials,
            "columns": [(t, ",".join(s for s in choice.slugs if s != t.slug)) for t in trials],
            "sections": comparison.build(trials),
            "charts": charts.comparison_charts(trials),
            "others": others,
            "drafts": [t for t in trials if t.review_status != Trial.ReviewStatus.PUBLISHED],
            "query": selection.canonical_query(choice.slugs),
            "slugs": ",".join(choice.slugs),
        },
    )
