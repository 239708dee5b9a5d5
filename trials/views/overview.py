"""The overview: the trials as cards by disease, and every hazard ratio in one forest plot."""

from django.shortcuts import render

from .. import charts
from ..caching import cached_public_page
from ..forms import MAX_TRIALS
from ..headlines import headlines
from ..models import Trial
from ..selection import compare_url

FEATURED = 30


@cached_public_page
def home(request):
    # The overview features the first trials, by disease; the catalogue lists them all.
    published = Trial.objects.published().order_by("disease", "acronym")
    trials = published[:FEATURED].full_records(criteria=False)
    groups = []
    for disease, label in Trial.Disease.choices:
        mine = [t for t in trials if t.disease == disease]
        if mine:
            cards = [(trial, headlines(trial)) for trial in mine]
            slugs = [t.slug for t in mine][:MAX_TRIALS]
            groups.append((disease, label, cards, compare_url(slugs) if len(slugs) > 1 else ""))
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
