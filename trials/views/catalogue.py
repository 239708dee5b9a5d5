"""The catalogue: every trial, filtered, sorted, paged and downloadable."""

from django.db.models import OuterRef, Subquery, prefetch_related_objects
from django.db.models.functions import Coalesce
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from .. import exports
from ..filters import TrialFilter
from ..models import Arm, Publication, Trial
from ..tables import TrialTable
from .common import bad_export, bad_request, whole_number

MAX_PER_PAGE = 100  # trials on one catalogue page; the downloads have them all


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
