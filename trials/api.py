"""The read-only JSON API: /api/trials/, /api/trials/<slug>/, /api/openapi.json."""

from ninja import Field, NinjaAPI, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from . import exports
from .models import Trial
from .schemas import ErrorOut, TrialOut, TrialSummaryOut
from .selection import SLUG

# No interactive docs page: it would load its assets from a CDN.
api = NinjaAPI(
    title="Radioligand trials dashboard API",
    version="1",
    description="Curated results of radioligand-therapy trials, each number with its source.",
    docs_url=None,
    urls_namespace="api",
)


class Pages(PageNumberPagination):
    """Page numbers within what a database offset can hold; at most 100 trials a page."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int | None = Field(None, ge=1, le=100)


@api.get("/trials/", response=list[TrialSummaryOut], tags=["trials"])
@paginate(Pages, page_size=50, max_page_size=100)
def list_trials(request):
    """Published trials, by acronym."""
    return Trial.objects.published().for_list()


@api.get("/trials/{slug}/", response={200: TrialOut, 404: ErrorOut}, tags=["trials"])
def trial_detail(request, slug: str):
    """The whole curated record of one published trial."""
    found = find_trials(slug)
    if not found:
        return not_found()
    return found[0]


def find_trials(slug):
    # A slug is checked before it reaches the database (PostgreSQL refuses NUL bytes).
    if not SLUG.match(slug):
        return []
    return Trial.objects.published().filter(slug=slug).full_records()


def not_found():
    known = ", ".join(Trial.objects.published().values_list("slug", flat=True))
    return Status(404, {"detail": f"No published trial has this slug. Known slugs: {known}."})


def results_file(slug, fmt):
    found = find_trials(slug)
    if not found:
        return not_found()
    return exports.results_response(found, fmt)


def file_response(media_type, description):
    return {
        "responses": {
            "200": {
                "description": description,
                "content": {media_type: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    }


@api.get(
    "/trials/{slug}/results.csv",
    response={404: ErrorOut},
    tags=["exports"],
    openapi_extra=file_response("text/csv", "UTF-8 CSV with a byte-order mark."),
)
def results_csv(request, slug: str):
    """Every curated result, one row per publication x end point x arm x measure (CSV)."""
    return results_file(slug, "csv")


@api.get(
    "/trials/{slug}/results.xlsx",
    response={404: ErrorOut},
    tags=["exports"],
    openapi_extra=file_response(exports.CONTENT_TYPES["xlsx"], "Excel workbook."),
)
def results_xlsx(request, slug: str):
    """Every curated result, one row per publication x end point x arm x measure (XLSX)."""
    return results_file(slug, "xlsx")
