"""A clinician's path in a real browser: filter, select, compare, hover, remove."""

import pytest

pytestmark = pytest.mark.django_db


def drawn_charts(page):
    """Scroll through the charts (they draw as they come near) and wait for each SVG."""
    plots = page.locator(".plot[data-figure]").all()
    for plot in plots:
        plot.scroll_into_view_if_needed()
        plot.locator("svg.main-svg").first.wait_for(timeout=30000)
    return len(plots)


def test_filter_select_compare_hover_and_remove(site):
    page, watch, url = site
    page.goto(f"{url}/trials/")
    page.select_option("#id_target", "PSMA")
    page.select_option("#id_phase", "2")
    page.click("text=Apply filters")
    page.wait_for_url("**/trials/?**target=PSMA**")
    rows = page.locator("table.catalogue tbody tr")
    assert rows.count() == 3  # phase 2 trials of a PSMA agent: ENZA-p, TheraP, UpFrontPSMA
    page.goto(f"{url}/trials/?target=PSMA")

    for acronym in ("VISION", "TheraP", "RALU"):
        page.check(f"input[aria-label='Compare {acronym}']")
    page.click("text=Compare selected")
    page.wait_for_url("**/compare/?trials=**")
    assert page.url.endswith("/compare/?trials=ralu,therap,vision")
    assert page.locator("th.trial-col").count() == 3
    assert drawn_charts(page) >= 4

    # Hover a forest-plot point: Plotly shows its hover label with the source.
    point = page.locator("#plot-forest .scatterlayer .point").first
    point.scroll_into_view_if_needed()
    box = point.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector("#plot-forest .hoverlayer .hovertext", timeout=5000)
    assert "Source:" in page.locator("#plot-forest .hoverlayer").text_content()

    # A number's source shows on keyboard focus.
    value = page.locator(".compare-table .val[tabindex='0']").first
    value.focus()
    assert value.locator(".src").is_visible()

    page.click("a[aria-label='Remove RALU from the comparison']")
    page.wait_for_url("**/compare/?trials=therap,vision")
    assert page.locator("th.trial-col").count() == 2
    assert drawn_charts(page) >= 4


def test_four_trial_comparison_draws_every_chart(site):
    page, watch, url = site
    page.goto(f"{url}/compare/?trials=vision,netter-1,therap,ralu")
    assert page.locator("th.trial-col").count() == 4
    assert drawn_charts(page) == 4  # numbers at risk are a table, not a plot
    for chart in ("forest", "medians", "responses", "adverse-events"):
        assert page.locator(f"#plot-{chart} svg.main-svg").count() >= 1
    assert page.locator("#at-risk").count() == 1


TWELVE = "vision,netter-1,therap,ralu,psmafore,splash,eclipse,psmaddition,enza-p,upfrontpsma"
TWELVE += ",netter-2,compete"


def test_twelve_trial_comparison_draws_every_chart(site):
    page, watch, url = site
    page.goto(f"{url}/compare/?trials={TWELVE}")
    assert page.locator("th.trial-col").count() == 12
    # Trials of two diseases: the forest plot names each group.
    assert drawn_charts(page) == 4
    forest = page.locator("#plot-forest").text_content()
    assert "Prostate cancer" in forest and "Neuroendocrine tumours" in forest


def test_add_a_trial_from_the_page(site):
    page, watch, url = site
    page.goto(f"{url}/compare/?trials=vision,therap")
    page.select_option("#add-trial", "netter-1")
    page.click("form.inline-form button")
    page.wait_for_url("**/compare/?trials=vision,therap,netter-1")
    assert page.locator("th.trial-col").count() == 3


def test_chart_downloads_png_and_svg(site):
    page, watch, url = site
    page.goto(f"{url}/compare/?trials=vision,netter-1")
    drawn_charts(page)
    for kind in ("png", "svg"):
        with page.expect_download() as download:
            page.click(f"button[data-plot='plot-forest'][data-download='{kind}']")
        assert download.value.suggested_filename == f"hazard-ratios_vision_netter-1.{kind}"


def test_every_export_button_downloads_its_file(site):
    page, watch, url = site
    page.goto(f"{url}/compare/?trials=vision,therap")
    links = page.locator(".downloads a")
    names = []
    for index in range(links.count()):
        with page.expect_download() as download:
            links.nth(index).click()
        names.append(download.value.suggested_filename)
        assert download.value.path().stat().st_size > 1000
    stems = [name.rsplit("_", 1)[0] for name in names]
    assert stems == [
        *["radioligand-comparison_vision_therap"] * 3,
        *["radioligand-comparison-values_vision_therap"] * 2,
        *["radioligand-results_vision_therap"] * 2,
    ]
    extensions = [name.rsplit(".", 1)[1] for name in names]
    assert extensions == ["csv", "xlsx", "json", "csv", "xlsx", "csv", "xlsx"]
