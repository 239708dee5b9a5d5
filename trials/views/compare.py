"""The side-by-side comparison of chosen trials, and its downloads."""

from django.shortcuts import redirect, render

from .. import charts, comparison, exports, keyresults
from ..caching import cached_public_page
from ..forms import MAX_TRIALS, UNKNOWN, CompareForm
from ..models import Trial
from ..selection import compare_url
from .common import LISTED, bad_export


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
    by_slug = {t.slug: t for t in visible.filter(slug__in=slugs).full_records(criteria=False)}
    trials = [by_slug[slug] for slug in slugs]
    if export in exports.RESULTS_FORMATS:
        return exports.results_response(trials, exports.RESULTS_FORMATS[export])
    sections = comparison.build(trials)
    if export is not None:
        return exports.comparison_response(trials, sections, export)
    columns = comparison.trial_columns(trials)
    for column in columns:
        column.remove_url = compare_url([s for s in slugs if s != column.trial.slug])
    baseline = [comparison.baseline_table(t) for t in trials]
    comparison.place(sections, columns, baseline)
    grids = [s.slug for s in sections if s.columns]
    return render(
        request,
        "trials/compare.html",
        {
            "trials": trials,
            "columns": columns,
            "summary": keyresults.summary(trials),
            "sections": sections,
            "baseline": baseline,
            "total_span": 1 + sum(c.span for c in columns),
            "legend_in": grids[0] if grids else "",
            "caveats": comparison.caveats(trials),
            "charts": charts.comparison_charts(trials),
            "others": others_to_add(visible, trials),
            "drafts": [t for t in trials if not t.is_published],
            "slugs": ",".join(slugs),
        },
    )


def others_to_add(visible, trials):
    """The trials one may add, by disease, the diseases compared here first (one query); none
    once the comparison holds as many as it can."""
    if len(trials) >= MAX_TRIALS:
        return []
    diseases = {t.disease for t in trials}
    compared = {t.pk for t in trials}
    rows = sorted(
        (disease not in diseases, disease, acronym, slug)
        for pk, slug, acronym, disease in visible.values_list("pk", "slug", "acronym", "disease")
        if pk not in compared
    )
    labels = dict(Trial.Disease.choices)
    groups = {}
    for _, disease, acronym, slug in rows[:LISTED]:
        label = labels.get(disease, disease)
        if disease in diseases:
            label += " (as compared here)"
        groups.setdefault(label, []).append((slug, acronym))
    return list(groups.items())
