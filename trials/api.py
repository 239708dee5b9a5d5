"""The read-only JSON API: /api/trials/, /api/trials/<slug>/, /api/openapi.json."""

from ninja import NinjaAPI, Status
from ninja.pagination import PageNumberPagination, paginate

from .models import Trial
from .schemas import ErrorOut, TrialOut, TrialSummaryOut

# No interactive docs page: it would load its assets from a CDN.
api = NinjaAPI(
    title="Radioligand trials dashboard API",
    version="1",
    description="Curated results of radioligand-therapy trials, each number with its source.",
    docs_url=None,
    urls_namespace="api",
)


@api.get("/trials/", response=list[TrialSummaryOut], tags=["trials"])
@paginate(PageNumberPagination, page_size=50)
def list_trials(request):
    """Published trials, by acronym."""
    return Trial.objects.published().for_list()


@api.get("/trials/{slug}/", response={200: TrialOut, 404: ErrorOut}, tags=["trials"])
def trial_detail(request, slug: str):
    """The whole curated record of one published trial."""
    found = Trial.objects.published().filter(slug=slug).full_records()
    if not found:
        known = ", ".join(Trial.objects.published().values_list("slug", flat=True))
        return Status(404, {"detail": f"No published trial has this slug. Known slugs: {known}."})
    return found[0]
