"""Chart figures are valid Plotly figures carrying the published numbers and their sources."""

import plotly.graph_objects as go
import pytest

from trials import charts
from trials.models import Trial

pytestmark = pytest.mark.django_db


@pytest.fixture
def trials():
    by_slug = {t.slug: t for t in Trial.objects.published().full_records()}
    return [by_slug[s] for s in ("vision", "netter-1", "therap", "ralu")]


def test_every_chart_is_a_valid_plotly_figure_with_a_table(trials):
    built = charts.comparison_charts(trials)
    assert [c["id"] for c in built] == [
        "forest",
        "medians",
        "responses",
        "adverse-events",
        "at-risk",
    ]
    for chart in built:
        go.Figure(chart["figure"])  # raises on any invalid property
        assert chart["table"] or chart["tables"]
        assert chart["filename"].endswith("vision_netter-1_therap_ralu")


def test_forest_plot_log_axis_reference_line_and_ci_levels(trials):
    chart = charts.forest(trials)
    layout = chart["figure"]["layout"]
    assert layout["xaxis"]["type"] == "log"
    assert layout["shapes"][0]["x0"] == layout["shapes"][0]["x1"] == 1
    vision = next(t for t in chart["figure"]["data"] if t["name"] == "VISION")
    # Abstract: OS HR 0.62 (95% CI 0.52-0.74); rPFS 0.40 (99.2% CI 0.29-0.57).
    i = vision["y"].index("VISION · Overall survival (95% CI)")
    assert vision["x"][i] == 0.62
    assert vision["error_x"]["arrayminus"][i] == pytest.approx(0.10)
    assert vision["error_x"]["array"][i] == pytest.approx(0.12)
    assert "VISION · Imaging-based progression-free survival (99.2% CI)" in vision["y"]
    assert (
        "NEJM 2021, Abstract; Results (Primary End Points); Figure 2B" in vision["customdata"][i][1]
    )
    # Marker size grows with N: 831 analysed for OS, 581 for rPFS.
    j = vision["y"].index("VISION · Imaging-based progression-free survival (99.2% CI)")
    assert vision["marker"]["size"][i] > vision["marker"]["size"][j]
    assert not any(t["name"] == "RALU" for t in chart["figure"]["data"])


def test_distinct_colours_and_shapes_per_trial(trials):
    traces = charts.forest(trials)["figure"]["data"]
    assert len({t["marker"]["color"] for t in traces}) == len(traces)
    assert len({t["marker"]["symbol"] for t in traces}) == len(traces)


def test_medians_show_not_reached_as_such(trials):
    chart = charts.medians(trials)
    notes = [a["text"] for a in chart["figure"]["layout"]["annotations"]]
    assert "¹⁷⁷Lu-Dotatate: not reached" in notes
    rows = chart["table"]["rows"]
    assert [
        "NETTER-1",
        "Progression-free survival",
        "¹⁷⁷Lu-Dotatate",
        "Not reached",
        "NEJM 2017, Results (Efficacy); Figure 1A",
    ] in rows
    # RALU Abstract: 13.2 months (95% CI 10.5-15.6).
    assert [
        "RALU",
        "Overall survival from the start of ¹⁷⁷Lu-PSMA",
        "¹⁷⁷Lu-PSMA after ²²³Ra",
        "13.2 mo (95% CI 10.5–15.6)",
        "J Nucl Med 2023, Abstract",
    ] in rows


def test_adverse_event_heatmap_uses_each_safety_population(trials):
    chart = charts.adverse_events(trials)
    heatmap = chart["figure"]["data"][0]
    assert heatmap["colorscale"] == "Cividis"
    any_row = heatmap["y"].index("Any adverse event")
    column = heatmap["x"].index("VISION · ¹⁷⁷Lu-PSMA-617 + SOC")
    assert heatmap["z"][any_row][column] == 52.7  # Table 2: 279 (52.7) of 529
    assert "of 529" in heatmap["customdata"][any_row][column]
    assert "VISION: Grade ≥3;" in chart["note"]
    # NETTER-1: NEJM 2017 Table 4 is grade 3–4; a later safety report prints a grade ≥3 row.
    assert "NETTER-1: Grade 3–4 or Grade ≥3" in chart["note"]


def test_numbers_at_risk_chart_and_tables(trials):
    chart = charts.at_risk(trials)
    assert len(chart["figure"]["data"]) == 6  # VISION Figure 2A-C, two arms each
    captions = [t["caption"] for t in chart["tables"]]
    assert "VISION · Overall survival — numbers at risk (NEJM 2021, Figure 2B)" in captions


def test_a_single_group_trial_gets_no_forest_plot():
    (ralu,) = Trial.objects.filter(slug="ralu").full_records()
    assert [c["id"] for c in charts.comparison_charts([ralu])] == ["medians", "adverse-events"]
