"""Whole published tables, row by row, compared with the text of the source documents.

Each test renders what the API serves the way the table prints it and finds that line in the
source file, so a mistyped or missing number fails here.
"""

import re

import pytest

from tests.trial_helpers import cell

pytestmark = pytest.mark.django_db

VISION_TEXT = "000"  # Sartor et al., N Engl J Med 2021
NETTER_TEXT = "003"  # Strosberg et al., N Engl J Med 2017
RALU_TEXT = "004"  # Rahbar et al., J Nucl Med 2023 (abstract)


def normalise(text):
    """Drop footnote marks and the space some tables put after a superscript mass number."""
    text = re.sub(r"[†‡§¶*]", "", text).replace("¹⁷⁷ Lu", "¹⁷⁷Lu").replace("\u2009", " ")
    return text.replace("lleum", "Ileum")


def lines(text):
    return {line.strip() for line in normalise(text).splitlines()}


def ae_cells(event):
    cells = []
    for arm in event["arms"]:
        if arm["not_applicable"]:
            cells += ["NA", "NA"]
            continue
        cells.append(cell(arm["all_grades_n"], arm["all_grades_pct"], event["decimals"]))
        if event["high_grade"]:
            cells.append(cell(arm["high_grade_n"], arm["high_grade_pct"], event["decimals"]))
    return cells


def test_vision_table_2_every_row(api, source_text):
    printed = lines(source_text(VISION_TEXT))
    table = [
        a
        for a in api("/api/trials/vision/")["adverse_events"]
        if a["source"]["locator"] == "Table 2"
    ]
    assert len(table) == 18
    for event in table:
        row = "\t".join([event["term"], *ae_cells(event)])
        assert row in printed, row


def test_vision_table_1_every_cell(api, source_text):
    printed = lines(source_text(VISION_TEXT))
    vision = api("/api/trials/vision/")
    rows = {}
    for b in vision["baseline"]:
        rows.setdefault((b["group"], b["label"]), []).append(b["value"])
    assert len(rows) == 20
    for (_, label), values in rows.items():
        # Table 1 columns: 581-set 177Lu, control, then all-831 177Lu, control.
        assert len(values) == 4, label
        row = "\t".join([label, *values])
        assert row in printed, row


def test_vision_figure_2_numbers_at_risk(api, source_text):
    text = normalise(source_text(VISION_TEXT))
    panels = {
        "Imaging-based progression-free survival": text.index("A Imaging-Based Progression"),
        "Overall survival": text.index("B Overall Survival"),
        "Time to first symptomatic skeletal event or death": text.index(
            "C Time to First Symptomatic"
        ),
    }
    vision = api("/api/trials/vision/")
    labels = {"experimental": "¹⁷⁷Lu-PSMA-617+standard care", "control": "Standard care alone"}
    roles = {a["id"]: a["role"] for a in vision["arms"]}
    for ep in vision["endpoints"]:
        if not ep["at_risk"]:
            continue
        start = panels[ep["name"]]
        for arm_id, role in roles.items():
            counts = [
                str(r["n_at_risk"])
                for r in sorted(ep["at_risk"], key=lambda r: r["month"])
                if r["arm_id"] == arm_id
            ]
            row = "\t".join([labels[role], *counts]) + "\n"
            # The row is the first of its label after the panel's heading.
            assert text.index(labels[role] + "\t", start) == text.index(row, start), row


def test_netter_1_tables_3_and_4_every_row(api, source_text):
    text = normalise(source_text(NETTER_TEXT))
    printed = lines(text)
    netter = api("/api/trials/netter-1/")
    table4 = [a for a in netter["adverse_events"] if a["source"]["locator"] == "Table 4"]
    assert len(table4) == 20
    for event in table4:
        row = "\t".join([event["term"], *ae_cells(event), event["p_value"]])
        assert row in printed, row
    table3 = [a for a in netter["adverse_events"] if a["source"]["locator"] == "Table 3"]
    assert len(table3) == 6
    for event in table3:
        row = "\t" + "\t".join([*ae_cells(event), event["p_value"].replace("<", "< ")])
        assert row in text or ("\t" + "\t".join([*ae_cells(event), event["p_value"]])) in text, row


def test_netter_1_table_1_every_row(api, source_text):
    text = normalise(source_text(NETTER_TEXT))
    netter = api("/api/trials/netter-1/")
    table1 = [b for b in netter["baseline"] if b["source"]["locator"] == "Table 1"]
    assert len(table1) == 22 * 2
    for i in range(0, len(table1), 2):
        lu, control = table1[i], table1[i + 1]
        assert lu["label"] == control["label"]
        assert f"\t{lu['value']}\t{control['value']}\n" in text, lu["label"]


def test_ralu_abstract_numbers(api, source_text):
    text = normalise(source_text(RALU_TEXT))
    ralu = api("/api/trials/ralu/")
    for event in ralu["adverse_events"]:
        arm = event["arms"][0]
        n = arm["all_grades_n"] if arm["all_grades_n"] is not None else arm["high_grade_n"]
        pct = arm["all_grades_pct"] if arm["all_grades_pct"] is not None else arm["high_grade_pct"]
        assert (
            f"{pct:.0f}% ({n}/{arm['denominator']})" in text
            or f"{pct:.0f}%, {n}/{arm['denominator']}" in text
        ), event["term"]
    (os_,) = [e for e in ralu["endpoints"] if e["family"] == "os"]
    median = os_["results"][0]
    assert (f"{median['value']} mo (95% CI, {median['ci_low']}–{median['ci_high']} mo)") in text


TRIAL_SOURCES = {
    "vision": [VISION_TEXT],
    "netter-1": [NETTER_TEXT, "trials/netter-1-final.md"],
    "therap": ["trials/therap.md"],
    "ralu": [RALU_TEXT],
    **{
        slug: [f"trials/{slug}.md"]
        for slug in (
            "psmafore",
            "splash",
            "eclipse",
            "psmaddition",
            "enza-p",
            "upfrontpsma",
            "netter-2",
            "compete",
            "oclurandom",
        )
    },
}


def places(row, key):
    """Places a served number was printed with: a CI limit may have its own."""
    own = row.get(f"{key}_decimals") if key in ("ci_low", "ci_high") else None
    return row["decimals"] if own is None else own


@pytest.mark.parametrize("slug", sorted(TRIAL_SOURCES))
def test_every_served_number_is_printed_in_the_trial_sources(api, source_text, slug):
    """Each value, CI limit and count the API serves appears in the trial's source texts, as
    printed (a typo such as 15.8 for 15.3 fails here)."""
    names = [*TRIAL_SOURCES[slug], "external-facts.md"]
    texts = [normalise(source_text(name)) for name in names]
    corpus = " ".join(texts).replace("\u2013", "-").replace("\u2212", "-")
    trial = api(f"/api/trials/{slug}/")
    numbers = []
    for e in trial["endpoints"]:
        for row in e["results"] + e["effects"]:
            for key in ("value", "ci_low", "ci_high"):
                # A zero published in words ("none of the 64 patients") says so in its note.
                if row[key] == 0 and row["note"].startswith("Published as"):
                    continue
                if row[key] is not None:
                    numbers.append((f"{row[key]:.{places(row, key)}f}", e["name"], key))
        numbers += [(str(r["n_at_risk"]), e["name"], "at risk") for r in e["at_risk"]]
    for event in trial["adverse_events"]:
        for arm in event["arms"]:
            for key in ("all_grades_n", "high_grade_n", "denominator"):
                if arm[key] == 0 and event["note"].startswith("Published as"):
                    continue
                if arm[key] is not None:
                    numbers.append((str(arm[key]), event["term"], key))
            for key in ("all_grades_pct", "high_grade_pct"):
                if arm[key] is not None:
                    pct_places = event["decimals"] if arm["decimals"] is None else arm["decimals"]
                    numbers.append((f"{arm[key]:.{pct_places}f}", event["term"], key))
    for crossover in trial["crossovers"]:
        for key in ("n", "denominator"):
            if crossover[key] is not None:
                numbers.append((str(crossover[key]), "crossover", key))
        if crossover["percent"] is not None:
            numbers.append((f"{crossover['percent']:.{crossover['decimals']}f}", "crossover", "%"))
    # ECLIPSE has published no result: nothing to check but that nothing is served.
    assert len(numbers) > 10 or trial["results_status"] != "reported"
    for text, where, key in numbers:
        # A French or German source prints a decimal comma ("24,1 mois").
        printed = rf"(?:{re.escape(text)}|{re.escape(text.replace('.', ','))})"
        assert re.search(rf"(?<![\d.,]){printed}(?![\d]|[.,]\d)", corpus), (text, where, key)


@pytest.mark.parametrize("name", [VISION_TEXT, "external-facts.md"])
def test_without_the_sources_folder_a_source_skips_locally_and_fails_under_ci(
    source_text, monkeypatch, tmp_path, name
):
    monkeypatch.setattr("tests.conftest.SOURCES", tmp_path / "missing")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        source_text(name)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="The shared sources folder is missing"):
        source_text(name)
