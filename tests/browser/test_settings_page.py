"""Where radioligand therapy fits in a real browser: the map on the first screen, every
setting's forest plot drawn, no sideways scroll on a phone, and no WCAG violation."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import WCAG_21_AA, page_width

pytestmark = pytest.mark.django_db

URL = "/treatment-settings/"


def test_the_whole_map_is_on_the_first_screen_of_a_laptop(site):
    page, watch, url = site
    page.goto(f"{url}{URL}")
    box = page.locator("nav.settings-map").bounding_box()
    assert box["y"] + box["height"] <= 900, box
    # Nine settings, thirteen trials, all linked.
    assert page.locator(".map-settings > li").count() == 9
    assert page.locator(".map-trials a").count() == 13
    assert page_width(page) <= 1440


def test_every_setting_draws_its_forest_plot(site):
    page, watch, url = site
    page.goto(f"{url}{URL}")
    plots = page.locator(".setting .plot[data-figure]").all()
    assert len(plots) >= 7
    for plot in plots:
        plot.scroll_into_view_if_needed()
        plot.locator("svg.main-svg").first.wait_for(timeout=30000)
    # The map's links lead to their settings.
    page.click(".map-settings a[href='#setting-mcrpc-after-taxane']")
    assert page.url.endswith("#setting-mcrpc-after-taxane")
    heading = page.locator("#setting-mcrpc-after-taxane-name")
    assert heading.is_visible()
    assert heading.bounding_box()["y"] < 900


def test_on_a_phone_the_map_starts_the_page_and_trials_are_cards(phone):
    page, watch, url = phone
    page.goto(f"{url}{URL}")
    assert page_width(page) <= 390
    assert page.locator("#map-heading").bounding_box()["y"] < 844
    assert not page.locator(".setting-trials thead").first.is_visible()
    row = page.locator(".setting-trials tbody tr").first
    box = row.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    # Each value is labelled as its column.
    label = row.locator("td").first.evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"N"'
    plot = page.locator(".setting .plot[data-figure]").first
    plot.scroll_into_view_if_needed()
    plot.locator("svg.main-svg").first.wait_for(timeout=30000)
    assert page_width(page) <= 390


@pytest.mark.parametrize("viewport", ["laptop", "phone"])
def test_no_wcag_violations(request, viewport):
    page, watch, url = request.getfixturevalue("site" if viewport == "laptop" else "phone")
    page.goto(f"{url}{URL}")
    page.wait_for_load_state("networkidle")
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()
    assert len(results.response["passes"]) >= 15
