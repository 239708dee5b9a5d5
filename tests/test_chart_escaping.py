"""Curated text in a chart is drawn as written: Plotly reads tags and entities in the text it
draws, so markup typed by a curator must reach the figure escaped."""

import re

import pytest

from trials import charts
from trials.models import AdverseEvent, Arm, ArmResult, EffectEstimate, Endpoint, Publication, Trial

pytestmark = pytest.mark.django_db

HOSTILE = '<a href="javascript:alert(1)">x</a>'
SHOWN = '&lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt;'
SLUGS = ("vision", "netter-1")  # between them every chart, and a "not reached" annotation
# Markup the charts write themselves: line breaks, bold group headings, the download's subtitle.
OWN_MARKUP = re.compile(r"<br>|</?extra>|</?b>|</?sup>")
TAG = re.compile(r"<[A-Za-z/!?]")


def rename(queryset, field):
    # One by one, so that names unique within a trial stay unique.
    for pk in queryset.values_list("pk", flat=True):
        queryset.model.objects.filter(pk=pk).update(**{field: f"{HOSTILE} {pk}"})


@pytest.fixture
def hostile_text():
    rename(Trial.objects.filter(slug__in=SLUGS), "acronym")
    rename(Arm.objects.filter(trial__slug__in=SLUGS), "short_label")
    rename(Endpoint.objects.filter(trial__slug__in=SLUGS), "name")
    rename(Publication.objects.filter(trial__slug__in=SLUGS), "label")
    rename(ArmResult.objects.filter(endpoint__trial__slug__in=SLUGS), "locator")
    rename(EffectEstimate.objects.filter(endpoint__trial__slug__in=SLUGS), "analysis")
    rename(AdverseEvent.objects.filter(trial__slug__in=SLUGS), "term")


def strings(value):
    """Every string in a figure, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings(item)


def figures():
    by_slug = {t.slug: t for t in Trial.objects.published().full_records()}
    built = charts.comparison_charts([by_slug[s] for s in SLUGS])
    for slug in SLUGS:
        built += charts.comparison_charts([by_slug[slug]])
    return built


def test_curated_markup_is_escaped_in_every_figure(hostile_text):
    built = figures()
    assert {c["id"] for c in built} == {
        "forest",
        "medians",
        "responses",
        "adverse-events",
        "at-risk",
    }
    # The figures as drawn, on a phone, in downloads, and the alternate forest plot.
    texts = [s for chart in built for s in strings([chart["figure"], chart["alternate"]])]
    for text in texts:
        assert not TAG.search(OWN_MARKUP.sub("", text)), text
    joined = "\n".join(texts)
    assert SHOWN in joined
    # Legend names, category labels, hover text and the "not reached" annotation.
    forest = next(c for c in built if c["id"] == "forest")["figure"]
    assert forest["data"][0]["name"].startswith(SHOWN)
    assert forest["layout"]["yaxis"]["ticktext"][-1].startswith(SHOWN)
    assert SHOWN in forest["export"]["title"] and SHOWN in forest["export"]["footnote"]
    medians = next(c for c in built if c["id"] == "medians")["figure"]
    assert any(a["text"].startswith(SHOWN) for a in medians["layout"]["annotations"])


def test_the_markup_the_charts_write_still_works(hostile_text):
    built = figures()
    heatmap = next(c for c in built if c["id"] == "adverse-events")["figure"]["data"][0]
    assert heatmap["customdata"][0][0].count("<br>") == 2
    # VISION Abstract: rPFS HR 0.40 (99.2% CI 0.29-0.57), P<0.001: a comparison, not a tag.
    forest = next(c for c in built if c["id"] == "forest")["figure"]
    hovers = [row[1] for trace in forest["data"] for row in trace.get("customdata", [])]
    assert any("P<0.001" in hover for hover in hovers)


def test_data_tables_keep_the_raw_text_for_the_template_to_escape(hostile_text):
    chart = next(c for c in figures() if c["id"] == "medians")
    assert any(row[0].startswith(HOSTILE) for row in chart["table"]["rows"])


@pytest.mark.parametrize("url", ["/trials/vision/", "/compare/?trials=vision,netter-1", "/"])
def test_pages_with_hostile_text_answer(client, hostile_text, url):
    response = client.get(url)
    assert response.status_code == 200
    assert HOSTILE not in response.content.decode()
