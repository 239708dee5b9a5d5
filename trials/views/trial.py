"""One trial's page."""

from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse

from .. import charts, keyresults
from ..caching import cached_public_page
from ..models import AdverseEvent, Arm, Trial
from ..selection import compare_url


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
    if slug != slug.lower():
        # Slugs are lower case; "/trials/VISION/" as typed from a paper is the same page.
        found = reverse("trial", kwargs={"slug": slug.lower()})
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{found}?{query}" if query else found)
    visible = Trial.objects.visible_to(request.user)
    found = with_comparison_partner(visible.filter(slug=slug), visible).full_records()
    if not found:
        raise Http404("No published trial has this name.")
    trial = found[0]
    # One header for the high-grade columns when every row counts the same grades.
    grades = sorted({event.high_grade for event in trial.adverse_events.all() if event.high_grade})
    mixed = len(grades) > 1
    return render(
        request,
        "trials/trial_detail.html",
        {
            "trial": trial,
            "compare_with": compare_url([trial.slug, trial.partner]) if trial.partner else "",
            "key_results": keyresults.key_results(trial),
            "style": charts.trial_style(trial),
            "across_cuts": charts.across_cuts(trial),
            "charts": charts.comparison_charts([trial]),
            "high_grade_label": "Grade ≥3 or 3–4 (per row)"
            if mixed or not grades
            else AdverseEvent.HighGrade(grades[0]).label,
            "high_grade_mixed": mixed,
        },
    )
