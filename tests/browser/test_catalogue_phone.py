"""The catalogue in a real browser on a phone (390x844) and a laptop: cards, folded filters,
no sideways scroll, and no WCAG violation either way."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import WCAG_21_AA, page_width

pytestmark = pytest.mark.django_db


def test_on_a_phone_each_trial_is_a_card_and_the_page_does_not_scroll_sideways(phone):  # noqa: F811
    page, watch, url = phone
    page.goto(f"{url}/trials/")
    assert page_width(page) <= 390
    assert not page.locator("table.catalogue thead").is_visible()
    rows = page.locator("table.catalogue tbody tr")
    assert rows.count() == 13
    for row in rows.all():
        box = row.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    # Every value carries its column's name, as label: value.
    cell = rows.first.locator("td[data-label='Phase']")
    assert cell.evaluate("td => getComputedStyle(td, '::before').content") == '"Phase"'
    assert cell.inner_text().strip() == "Phase 3"  # COMPETE (ENETS 2025 abstract)
    # The trial's name is a link at the top of its card; its checkbox still feeds the comparison.
    first = rows.first.bounding_box()
    link = rows.first.locator("a[href='/trials/compete/']").bounding_box()
    assert link["y"] - first["y"] < 80
    page.check("input[aria-label='Compare COMPETE']")
    page.check("input[aria-label='Compare NETTER-1']")
    page.click("text=Compare selected")
    page.wait_for_url("**/compare/?trials=**")
    assert page.url.endswith("/compare/?trials=compete,netter-1")


def test_on_a_phone_the_filters_fold_behind_a_button(phone):  # noqa: F811
    page, watch, url = phone
    page.goto(f"{url}/trials/")
    summary = page.locator("details.filter-fold > summary")
    assert summary.is_visible() and summary.inner_text().strip() == "Filters"
    assert not page.locator("#id_prior").is_visible()
    box = summary.bounding_box()
    assert box["y"] + box["height"] < 844  # on the first screen
    summary.click()
    page.select_option("#id_prior", "taxane:one-mcrpc")
    page.click("text=Apply filters")
    page.wait_for_url("**/trials/?**prior=taxane**")
    # VISION and TheraP admitted patients after a taxane for castration-resistant disease.
    assert page.locator("table.catalogue tbody tr").count() == 2
    assert "Filters (1 in use)" in page.locator("details.filter-fold > summary").inner_text()
    assert page_width(page) <= 390


def test_on_a_laptop_the_filters_are_open_beside_the_table(site):
    page, watch, url = site
    page.goto(f"{url}/trials/")
    assert not page.locator("details.filter-fold > summary").is_visible()
    assert page.locator("#id_setting").is_visible()
    assert page.locator("table.catalogue thead").is_visible()
    filters = page.locator("form.filters").bounding_box()
    table = page.locator("table.catalogue").bounding_box()
    assert filters["x"] + filters["width"] <= table["x"]
    page.select_option("#id_setting", "mcrpc-after-arpi-taxane-naive")
    page.click("text=Apply filters")
    page.wait_for_url("**/trials/?**setting=**")
    acronyms = page.locator("table.catalogue tbody tr td[data-label='Trial'] a").all_inner_texts()
    assert acronyms == ["ECLIPSE", "PSMAfore", "SPLASH"]
    assert page_width(page) <= 1440


@pytest.mark.parametrize(
    ("viewport", "open_filters"), [("site", False), ("phone", False), ("phone", True)]
)
def test_no_wcag_violations(request, viewport, open_filters):
    page, watch, url = request.getfixturevalue(viewport)
    page.goto(f"{url}/trials/?disease=prostate")
    if open_filters:
        page.click("details.filter-fold > summary")
    page.wait_for_load_state("networkidle")
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()
    assert len(results.response["passes"]) >= 15
