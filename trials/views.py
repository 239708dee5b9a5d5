from django.db.models import Exists, OuterRef, Subquery, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect, render
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from . import charts, comparison, exports
from .caching import cached_public_page
from .filters import TrialFilter
from .forms import UNKNOWN, CompareForm
from .headlines import headline
from .models import Arm, Publication, Trial
from .selection import compare_url
from .tables import TrialTable

FEATURED = 30
MAX_PER_PAGE = 100  # trials on one catalogue page; the downloads have them all


@cached_public_page
def home(request):
    # The overview features the first trials, by disease; the catalogue lists them all.
    published = Trial.objects.published().order_by("disease", "acronym")
    trials = published[:FEATURED].full_records()
    groups = []
    for disease, label in Trial.Disease.choices:
        mine = [t for t in trials if t.disease == disease]
        if mine:
            cards = [(trial, *headline(trial)) for trial in mine]
            groups.append((disease, label, cards, compare_url([t.slug for t in mine][:12])))
    return render(
        request,
        "trials/home.html",
        {
            "groups": groups,
            "n_trials": len(trials),
            "chart": charts.forest(trials),
            "more": max(published.count() - FEATURED, 0),
        },
    )


def bad_request(request, problem):
    return render(request, "trials/bad_request.html", {"problem": problem}, status=400)


def bad_export(request, formats):
    return bad_request(request, f"Unknown export format. Choose one of: {', '.join(formats)}.")


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
            .annotate(
                first_agent=Subquery(first_agents),
                first_year=Subquery(first_years),
                n_patients=Coalesce("n_randomised", "n_enrolled"),
            )
        )

    def get(self, request, *args, **kwargs):
        if request.GET.get("_export", "csv") not in exports.TABLE_FORMATS:
            return bad_export(request, exports.TABLE_FORMATS)
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


def with_comparison_partner(trials, visible):
    """Each trial with the slug of the trial its page offers to compare with: the largest other
    trial whose agent has the same target (PSMA, SSTR2), else the largest other trial.
    Subqueries of the trial's own query, so this costs no query."""
    # Two levels out: the page's trial; one level out: an arm of the candidate.
    same_target = Arm.objects.filter(
        trial=OuterRef(OuterRef("pk")), agent__target=OuterRef("arms__agent__target")
    )
    others = visible.exclude(pk=OuterRef("pk")).order_by(
        Coalesce("n_randomised", "n_enrolled").desc(nulls_last=True), "acronym"
    )
    # SQLite cannot order by a subquery that looks two levels out, so the match is a filter.
    return trials.annotate(
        partner=Coalesce(
            Subquery(others.filter(Exists(same_target)).values("slug")[:1]),
            Subquery(others.values("slug")[:1]),
        )
    )


@cached_public_page
def trial_detail(request, slug):
    visible = Trial.objects.visible_to(request.user)
    found = with_comparison_partner(visible.filter(slug=slug), visible).full_records()
    if not found:
        raise Http404("No published trial has this name.")
    trial = found[0]
    return render(
        request,
        "trials/trial_detail.html",
        {
            "trial": trial,
            "compare_with": compare_url([trial.slug, trial.partner]) if trial.partner else "",
            "charts": charts.comparison_charts([trial]),
        },
    )


LISTED = 50  # trials offered in a select or checklist; the catalogue has them all


def compare_refused(request, refusal, visible):
    """A page that says what was wrong with the choice and offers the trials to choose from."""
    params = refusal.params or {}
    return render(
        request,
        "trials/compare_error.html",
        {
            "problem": refusal.message,
            "details": params.get("names", []),
            "chosen": params.get("chosen", []),
            "offered": list(visible.values_list("slug", "acronym")[:LISTED]),
        },
        status=404 if refusal.code == UNKNOWN else 400,
    )


@cached_public_page
def compare(request):
    export = request.GET.get("_export")
    if export is not None and export not in exports.ALL_FORMATS:
        return bad_export(request, exports.ALL_FORMATS)
    visible = Trial.objects.visible_to(request.user)
    form = CompareForm(request.GET, trials=visible)
    if not form.is_valid():
        return compare_refused(request, form.refusal, visible)
    slugs = form.cleaned_data["trials"]
    if not form.is_permalink():
        return redirect(compare_url(slugs))
    by_slug = {t.slug: t for t in visible.filter(slug__in=slugs).full_records()}
    trials = [by_slug[slug] for slug in slugs]
    if export in exports.RESULTS_FORMATS:
        return exports.results_response(trials, exports.RESULTS_FORMATS[export])
    sections = comparison.build(trials)
    if export is not None:
        return exports.comparison_response(trials, sections, export)
    others = list(visible.exclude(slug__in=slugs).values_list("slug", "acronym")[:LISTED])
    return render(
        request,
        "trials/compare.html",
        {
            "trials": trials,
            "columns": [(t, compare_url([s for s in slugs if s != t.slug])) for t in trials],
            "sections": sections,
            "caveats": comparison.caveats(trials),
            "charts": charts.comparison_charts(trials),
            "others": others,
            "drafts": [t for t in trials if not t.is_published],
            "slugs": ",".join(slugs),
        },
    )
