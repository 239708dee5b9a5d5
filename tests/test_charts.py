"""Chart figures are valid Plotly figures carrying the published numbers and their sources: one
style per trial everywhere, the latest main analyses by default, estimates across data cuts."""

import copy

import plotly.graph_objects as go
import pytest

from trials import charts
from trials.models import Trial

pytestmark = pytest.mark.django_db

FOUR = ("vision", "netter-1", "therap", "ralu")


def by_slug():
    return {t.slug: t for t in Trial.objects.published().full_records()}


@pytest.fixture
def trials():
    found = by_slug()
    return [found[s] for s in FOUR]


def merged(target, patch):
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            merged(target[key], value)
        else:
            target[key] = value
    return target


def plotly_figures(chart):
    """The figure as drawn wide, as drawn on a phone, and its alternate: each must be valid."""
    figures = [chart["figure"]]
    if chart["alternate"]:
        figures.append(chart["alternate"]["figure"])
    for figure in figures:
        yield {"data": figure["data"], "layout": figure["layout"]}
        narrow = copy.deepcopy(figure)
        merged(narrow["layout"], figure["narrow"]["layout"])
        for index, patch in figure["narrow"].get("data", {}).items():
            merged(narrow["data"][int(index)], patch)
        yield {"data": narrow["data"], "layout": narrow["layout"]}


def rows_of(chart_figure):
    """(row label, HR, numeric column text) for each marker of a forest figure."""
    labels = chart_figure["layout"]["yaxis"]["ticktext"]
    column = next(t for t in chart_figure["data"] if t.get("mode") == "text")
    texts = dict(zip(column["y"], column["text"], strict=True))
    return [
        (labels[y], x, texts[y])
        for trace in chart_figure["data"]
        if trace.get("mode") == "markers"
        for x, y in zip(trace["x"], trace["y"], strict=True)
    ]


def test_every_chart_is_valid_and_names_only_the_trials_it_draws(trials):
    built = charts.comparison_charts(trials)
    assert [c["id"] for c in built] == [
        "forest",
        "medians",
        "responses",
        "adverse-events",
        "at-risk",
    ]
    for chart in built:
        assert chart["table"] or chart["tables"]
        if chart["figure"]:
            for figure in plotly_figures(chart):
                go.Figure(figure)  # raises on any invalid property
    names = {c["id"]: c["filename"] for c in built}
    # RALU is a single group: no hazard ratio, so not in the forest plot's file name.
    assert names["forest"] == "hazard-ratios_vision_netter-1_therap"
    assert names["medians"] == "median-survival_vision_netter-1_therap_ralu"
    # Only VISION prints numbers at risk (NEJM 2021, Figure 2A-C).
    assert names["at-risk"] == "numbers-at-risk_vision"


def test_one_style_per_trial_on_every_chart_without_a_query(django_assert_num_queries):
    found = by_slug()
    assert len(found) == 13
    with django_assert_num_queries(0):
        styles = {slug: charts.trial_style(t) for slug, t in found.items()}
        everything = charts.comparison_charts(list(found.values()))
        two = charts.comparison_charts([found["netter-1"], found["vision"]])
    pairs = {(s["colour"], s["symbol"]) for s in styles.values()}
    assert len(pairs) == 13
    assert all(s["colour"] in charts.PALETTE for s in styles.values())
    assert styles["vision"]["glyph"] == charts.GLYPHS[styles["vision"]["symbol"]]
    vision = styles["vision"]
    for built in (everything, two):
        forest = next(c for c in built if c["id"] == "forest")["figure"]
        trace = next(t for t in forest["data"] if t.get("name") == "VISION")
        assert (trace["marker"]["color"], trace["marker"]["symbol"]) == (
            vision["colour"],
            vision["symbol"],
        )
        # Arms of one trial share its colour: the experimental arm filled, the control open.
        medians = next(c for c in built if c["id"] == "medians")["figure"]["data"]
        arms = {t["name"]: t["marker"] for t in medians if t["name"].startswith("VISION")}
        assert arms["VISION: experimental arm"]["color"] == vision["colour"]
        assert arms["VISION: experimental arm"]["symbol"] == vision["symbol"]
        assert arms["VISION: control arm"]["color"] == vision["colour"]
        assert arms["VISION: control arm"]["symbol"] == vision["symbol"] + "-open"


def test_forest_shows_the_latest_main_analyses_and_the_rest_one_switch_away(trials):
    chart = charts.forest(trials)
    layout = chart["figure"]["layout"]
    assert layout["xaxis"]["type"] == "log"
    assert layout["shapes"][0]["x0"] == layout["shapes"][0]["x1"] == 1
    shown = rows_of(chart["figure"])
    # VISION NEJM 2021 Abstract: OS HR 0.62 (95% CI 0.52-0.74); rPFS 0.40 (99.2% CI 0.29-0.57);
    # each label names its data cut's year (cut-off 27 January 2021).
    assert ("VISION · OS (2021)", 0.62, "0.62 (0.52–0.74)") in shown
    assert ("VISION · rPFS (2021)", 0.40, "0.40 (0.29–0.57)<br>99.2% CI") in shown
    # NETTER-1: the final analysis (Lancet Oncol 2021: HR 0.84, 95% CI 0.60-1.17), not the
    # interim one (NEJM 2017 Results: HR 0.40, P=0.004).
    assert ("NETTER-1 · OS (2021)", 0.84, "0.84 (0.60–1.17)") in shown
    assert not any(x == 0.40 and label.startswith("NETTER-1") for label, x, _ in shown)
    # VISION's supplementary analyses (Results: 0.63 in the 581-patient set; 0.64 ad hoc).
    assert not any(x in (0.63, 0.64) and label.startswith("VISION") for label, x, _ in shown)
    assert len([row for row in shown if row[0].startswith("VISION")]) == 3
    # All of them, labelled, one switch away.
    every = rows_of(chart["alternate"]["figure"])
    assert ("NETTER-1 · OS (earlier cut, 2015)", 0.40, "0.40<br>CI not reported") in every
    vision = {x for label, x, _ in every if label.startswith("VISION · OS (") and x != 0.62}
    assert vision == {0.63, 0.64}
    assert ("VISION · OS (2021)", 0.62, "0.62 (0.52–0.74)") in every
    assert chart["alternate"]["filename"] == "hazard-ratios-all_vision_netter-1_therap"
    # The data table has every estimate, each saying how it is shown.
    table = {(r[0], r[5], r[3]) for r in chart["table"]["rows"]}
    assert ("NETTER-1", "0.84", "Main analysis, latest data cut") in table
    assert ("NETTER-1", "0.40", "Main analysis, earlier data cut") in table
    assert ("VISION", "0.63", "Supplementary or sensitivity analysis") in table


def test_forest_keeps_crossover_adjusted_estimates_out_of_the_default():
    found = by_slug()
    chart = charts.forest([found["splash"], found["psmafore"]])
    shown = rows_of(chart["figure"])
    # SPLASH ESMO 2024 LBA65: OS HR 1.11 unadjusted; 0.72 adjusted for crossover (IPCW).
    assert ("SPLASH · OS (2024)", 1.11, "1.11 (0.73–1.69)<br>CI level not reported") in shown
    # PSMAfore Ann Oncol 2025: final OS HR 0.91 (0.72-1.14); ESMO 2023: 0.80 RPSFT-adjusted.
    assert ("PSMAfore · OS (2025)", 0.91, "0.91 (0.72–1.14)") in shown
    assert not any(x in (0.72, 0.8) and "OS" in label for label, x, _ in shown)
    every = rows_of(chart["alternate"]["figure"])
    assert ("SPLASH · OS (crossover-adj., IPCW)", 0.72) in [(r[0], r[1]) for r in every]
    assert ("PSMAfore · OS (crossover-adj., RPSFT)", 0.8) in [(r[0], r[1]) for r in every]


def test_forest_groups_by_disease_and_setting_with_its_own_id():
    found = by_slug()
    chart = charts.forest(list(found.values()))
    labels = chart["figure"]["layout"]["yaxis"]["ticktext"]
    headings = [label for label in labels if label.startswith("<b>")]
    assert any("Prostate cancer" in h for h in headings)
    assert any("Neuroendocrine tumours" in h for h in headings)
    # A page of one setting: its own id and title, no headings.
    one = charts.forest(
        [found["vision"], found["therap"]], chart_id="forest-post-taxane", title="T"
    )
    assert (one["id"], one["title"]) == ("forest-post-taxane", "T")
    assert not any(
        label.startswith("<b>") for label in one["figure"]["layout"]["yaxis"]["ticktext"]
    )


def test_netter_1_overall_survival_across_data_cuts():
    found = by_slug()
    built = {c["id"]: c for c in charts.across_cuts(found["netter-1"])}
    assert set(built) == {"cuts-netter-1-os", "cuts-netter-1-pfs"}
    chart = built["cuts-netter-1-os"]
    (trace,) = chart["figure"]["data"]
    assert trace["y"] == [0.40, 0.84]
    assert trace["x"] == [0, 1]
    # The interim estimate has no published CI, and says so beside its marker; the final cut's
    # date is the one the table and the key results give (F-31, secondary).
    assert trace["text"] == ["0.40, no CI", "0.84"]
    ticks = chart["figure"]["layout"]["xaxis"]["ticktext"]
    assert ticks[0].startswith("Jul 2015") and ticks[1].startswith("Jan 2021")
    rows = chart["table"]["rows"]
    # NEJM 2017 Results (Figure 1B): interim OS HR 0.40, P=0.004, cut-off 24 July 2015.
    assert rows[0][:6] == [
        "NEJM 2017",
        "24 July 2015",
        "14 months",
        "Planned interim analysis",
        "0.40 (CI not reported)",
        "P=0.004",
    ]
    assert rows[0][6] == "NEJM 2017, Results (Efficacy); Figure 1B"
    # Lancet Oncol 2021 final OS, read in the congress abstract: 0.84 (95% CI 0.60-1.17), P=0.30.
    assert rows[1][0] == "Lancet Oncol 2021 (final OS)"
    assert rows[1][4:6] == ["0.84 (95% CI 0.60–1.17)", "P=0.30"]
    # Its cut-off date, as the key results give it: from a secondary company page (F-31, S4);
    # its follow-up per arm from the journal abstract (F-06, F-07: 76·3 and 76·5 months).
    assert rows[1][1] == (
        "18 January 2021 (as given by Novartis US HCP long-term safety page, secondary source)"
    )
    assert rows[1][2] == "76.3 months (¹⁷⁷Lu-Dotatate); 76.5 months (Octreotide LAR 60 mg)"
    assert rows[1][6].startswith("Congress abstract (OS and long-term safety), Congress abstract")
    assert chart["filename"] == "os-across-data-cuts_netter-1"
    assert "NETTER-1" in chart["figure"]["export"]["title"]
    assert "NEJM 2017 (cut-off 24 July 2015)" in chart["figure"]["export"]["footnote"]
    for figure in plotly_figures(chart):
        go.Figure(figure)


def test_psmafore_across_data_cuts_puts_adjusted_and_unadjusted_side_by_side():
    found = by_slug()
    built = {c["id"]: c for c in charts.across_cuts(found["psmafore"])}
    # rPFS: ESMO 2023 LBA13 primary 0.41 (also in Lancet 2024), second interim 0.43, updated 0.49.
    rpfs = built["cuts-psmafore-rpfs"]["figure"]["data"]
    assert [t["y"] for t in rpfs] == [[0.41, 0.43, 0.49]]
    # The 7.3-month follow-up is the primary analysis's (psmafore.md F3), not the second interim
    # analysis's that LBA13 also reports; the updated analysis's 24.11 months was read in ASCO
    # Post (F20, secondary).
    follow_up = {row[3]: row[2] for row in built["cuts-psmafore-rpfs"]["table"]["rows"]}
    assert follow_up == {
        "Primary analysis": "7.3 months",
        "Second interim analysis": "Not reported",
        "Updated analysis": "24.11 months, secondary source",
    }
    # OS: ESMO 2023 crossover-adjusted (RPSFT) 0.80; Ann Oncol 2025 final, unadjusted 0.91.
    os_traces = {t["name"]: t for t in built["cuts-psmafore-os"]["figure"]["data"]}
    assert {name: t["y"] for name, t in os_traces.items()} == {
        "Unadjusted": [0.91],
        "Adjusted for crossover: RPSFT": [0.8],
    }
    # Each at its own data cut, in time order, on the cut's tick (nothing beside it there).
    assert os_traces["Adjusted for crossover: RPSFT"]["x"] == [0]
    assert os_traces["Unadjusted"]["x"] == [1]
    assert os_traces["Adjusted for crossover: RPSFT"]["marker"]["symbol"].endswith("-open")
    assert not charts.across_cuts(found["vision"])  # one data cut
    assert not charts.across_cuts(found["splash"])  # one data cut, five analyses


def test_downloads_carry_title_trials_and_sources(trials):
    chart = charts.forest(trials)
    export = chart["figure"]["export"]
    assert export["title"].startswith("Hazard ratios across trials<br><sup>VISION, NETTER-1")
    assert "RALU" not in export["title"]
    assert "VISION: NEJM 2021 (cut-off 27 January 2021)" in export["footnote"]
    assert export["lines"] == export["footnote"].count("<br>") + 1


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
    any_row = chart["table"]["rows"][0]
    assert any_row[0] == "Any adverse event"
    column = chart["table"]["columns"].index("VISION · ¹⁷⁷Lu-PSMA-617 + SOC") - 1
    assert heatmap["z"][0][column] == 52.7  # Table 2: 279 (52.7) of 529
    assert any_row[column + 1] == "52.7%"
    assert "of 529" in heatmap["customdata"][0][column]
    assert "VISION: Grade ≥3;" in chart["note"]
    # NETTER-1: NEJM 2017 Table 4 is grade 3–4; a later safety report prints a grade ≥3 row.
    assert "NETTER-1: Grade 3–4 or Grade ≥3" in chart["note"]


def test_numbers_at_risk_are_tables_not_curves(trials):
    chart = charts.at_risk(trials)
    assert chart["figure"] is None
    assert chart["title"] == "Numbers at risk (patients still followed), not survival curves"
    captions = [t["caption"] for t in chart["tables"]]
    assert len(captions) == 3  # VISION Figure 2A-C
    assert "VISION · Overall survival — numbers at risk (NEJM 2021, Figure 2B)" in captions


def test_a_single_group_trial_gets_no_forest_plot():
    (ralu,) = Trial.objects.filter(slug="ralu").full_records()
    assert [c["id"] for c in charts.comparison_charts([ralu])] == ["medians", "adverse-events"]


def test_the_comparison_page_places_the_switch_the_downloads_and_the_tables(client):
    body = client.get("/compare/?trials=vision,netter-1,therap,ralu").content.decode()
    assert 'data-toggle="plot-forest"' in body and 'role="status"' in body
    assert '<script id="forest-all" type="application/json">' in body
    assert 'data-filename="hazard-ratios_vision_netter-1_therap"' in body
    assert 'data-download="slide"' in body
    assert "Numbers at risk (patients still followed), not survival curves" in body
    assert 'id="plot-at-risk"' not in body


def test_analyses_of_one_data_cut_sit_side_by_side():
    # SPLASH ESMO 2024 LBA65: OS unadjusted and adjusted four ways, all at one data cut.
    found = by_slug()
    points = [e for e in charts.estimates(found["splash"]) if e.family == "os"]
    adjustments = list(dict.fromkeys(e.effect.crossover_adjustment for e in points))
    assert len(adjustments) == 5
    offsets = [charts.side_by_side(e, points, adjustments) for e in points]
    assert len(set(offsets)) == 5 and sum(offsets) == pytest.approx(0)


def test_forest_markers_are_sized_by_the_number_analysed(trials):
    # VISION (Sartor, NEJM 2021): OS analysed in all 831 randomised, rPFS in the 581 randomised
    # on or after 5 March 2019 (Methods; Figure 2).
    vision = next(t for t in charts.forest(trials)["figure"]["data"] if t.get("name") == "VISION")
    sizes = {
        cd[0]: (cd[5], size)
        for cd, size in zip(vision["customdata"], vision["marker"]["size"], strict=True)
    }
    os_n, os_size = sizes["Overall survival"]
    rpfs_n, rpfs_size = sizes["Imaging-based progression-free survival"]
    assert (os_n, rpfs_n) == (831, 581)
    assert os_size > rpfs_size


def test_a_published_zero_is_no_patient_not_a_blank(trials):
    # NEJM 2017 Table 4, grade 3-4: "Decreased appetite 20 (18) 0 9 (8) 3 (3)" and
    # "Lymphopenia 20 (18) 10 (9) 2 (2) 0": a printed 0, with no percentage.
    chart = charts.adverse_events(trials)
    heatmap = chart["figure"]["data"][0]
    columns = chart["table"]["columns"]
    rows = {row[0]: row for row in chart["table"]["rows"]}
    lutetium = columns.index("NETTER-1 · ¹⁷⁷Lu-Dotatate")
    control = columns.index("NETTER-1 · Octreotide LAR 60 mg")
    assert rows["Decreased appetite"][lutetium] == "0"
    assert rows["Decreased appetite"][control] == "3%"
    assert rows["Lymphopenia"][control] == "0"
    y = [row[0] for row in chart["table"]["rows"]].index("Decreased appetite")
    assert heatmap["z"][y][lutetium - 1] == 0
    assert heatmap["text"][y][lutetium - 1] == "0"
    hover = heatmap["customdata"][y][lutetium - 1]
    assert "Grade 3–4 0 of 111" in hover and "not reported" not in hover
    assert "0: no patient" in chart["note"]


def test_a_count_without_its_denominator_names_none():
    # NETTER-2 grade >=3 haematological toxicity, "20 patients (14%) vs 1 patient (1%)" in a
    # news report that gives no denominator.
    (netter2,) = Trial.objects.filter(slug="netter-2").full_records()
    heatmap = charts.adverse_events([netter2])["figure"]["data"][0]
    hovers = [h for row in heatmap["customdata"] for h in row]
    assert any("20 (14%)<br>" in h for h in hovers)
    assert not any("None" in h for h in hovers)


def test_a_marker_without_its_number_analysed_is_drawn_at_the_smallest_size():
    found = by_slug()
    figure = charts.forest([found["psmafore"], found["vision"]])["figure"]
    sizes = {}
    for trace in figure["data"]:
        if trace.get("type") == "scatter" and "customdata" in trace:
            for n, size in zip(
                (row[5] for row in trace["customdata"]), trace["marker"]["size"], strict=True
            ):
                sizes.setdefault(n == "not reported", set()).add(size)
    # VISION's OS in all 831 randomised (NEJM 2021) is the largest marker; a hazard ratio whose
    # source ties it to no analysed set gets the smallest size, as the note says, below any N.
    assert max(sizes[False]) == 20
    assert sizes[True] == {8} and min(sizes[False]) > 8
    assert "the smallest size where it does not" in charts.forest([found["vision"]])["note"]


def test_a_secondary_value_says_so_on_the_heatmap_and_in_its_table():
    # NETTER-2 grade >=3 haematological toxicity, 20 (14%) vs 1 (1%): read only in a news report
    # (netter-2.md N2-34, secondary).
    (netter2,) = Trial.objects.filter(slug="netter-2").full_records()
    chart = charts.adverse_events([netter2])
    rows = {row[0]: row for row in chart["table"]["rows"]}
    assert rows["Grade ≥3 haematological toxicity"][1:] == [
        "14% (secondary source)",
        "1% (secondary source)",
    ]
    heatmap = chart["figure"]["data"][0]
    y = [row[0] for row in chart["table"]["rows"]].index("Grade ≥3 haematological toxicity")
    assert heatmap["text"][y] == ["14*", "1*"] and heatmap["z"][y] == [14, 1]
    assert "*: read in a secondary report" in chart["note"]
