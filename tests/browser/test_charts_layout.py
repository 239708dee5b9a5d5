"""Charts never clip: on a phone (390 px) and a desktop (1440 px), every tick label and axis
title lies inside its chart and overlaps no other."""

import pytest

from tests.browser.conftest import watched_page

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/trials/vision/",
    "/trials/netter-1/",  # its estimates across data cuts
    "/trials/psmafore/",
    "/compare/?trials=vision,therap,netter-1,ralu",
    "/treatment-settings/",  # a forest plot per setting
]
VIEWPORTS = [(390, 844), (1440, 900)]
LABELS = ".xtick text, .ytick text, .g-xtitle text, .g-ytitle text, .g-x2title text"

# Per plot: its width, the number of labels measured, and any label outside the SVG or
# overlapping another (boxes shrunk by 1 px so that touching is not overlapping).
MEASURE = """(selector) => [...document.querySelectorAll('.plot[data-figure]')].map(plot => {
  const svg = plot.querySelector('svg.main-svg').getBoundingClientRect();
  const labels = [...plot.querySelectorAll(selector)]
    .map(node => ({text: node.textContent, box: node.getBoundingClientRect()}))
    .filter(label => label.box.width > 0 && label.text.trim());
  const problems = [];
  for (const {text, box} of labels) {
    if (box.left < svg.left - 0.5 || box.right > svg.right + 0.5 ||
        box.top < svg.top - 0.5 || box.bottom > svg.bottom + 0.5) {
      problems.push('outside: ' + text);
    }
  }
  labels.forEach((a, i) => labels.slice(i + 1).forEach(b => {
    if (a.box.left < b.box.right - 1 && b.box.left < a.box.right - 1 &&
        a.box.top < b.box.bottom - 1 && b.box.top < a.box.bottom - 1) {
      problems.push('overlap: ' + a.text + ' / ' + b.text);
    }
  }));
  return {id: plot.id, right: svg.right, narrow: plot.dataset.narrow, labels: labels.length,
          problems};
})
"""


@pytest.fixture(params=VIEWPORTS, ids=["390", "1440"])
def sized(request, browser, live_url, db):
    width, height = request.param
    viewport = {"width": width, "height": height}
    with watched_page(browser, live_url, viewport=viewport) as (page, _):
        yield page, width, live_url


def draw_every_chart(page):
    plots = page.locator(".plot[data-figure]")
    for index in range(plots.count()):
        plots.nth(index).scroll_into_view_if_needed()
        plots.nth(index).locator("svg.main-svg").first.wait_for(timeout=30000)
    page.wait_for_timeout(300)  # automargin settles in the next frame
    return plots.count()


@pytest.mark.parametrize("path", PAGES)
def test_no_label_is_clipped_or_overlaps(sized, path):
    page, width, url = sized
    page.goto(f"{url}{path}")
    assert draw_every_chart(page) >= 1
    for plot in page.evaluate(MEASURE, LABELS):
        assert plot["problems"] == [], plot["id"]
        assert plot["right"] <= width, plot["id"]
        assert plot["narrow"] == ("true" if width < 600 else "false"), plot["id"]
        # On a phone the forest plot's row labels sit above the rows: only the axes are left.
        assert plot["labels"] >= 2, plot["id"]


def test_the_forest_switch_works_by_keyboard_and_says_what_is_shown(sized):
    page, width, url = sized
    page.goto(f"{url}/compare/?trials=vision,netter-1")
    draw_every_chart(page)
    status = page.locator("#status-forest")
    assert status.get_attribute("role") == "status"
    assert status.text_content() == "Showing the latest main analyses (5 estimates)."
    points = page.locator("#plot-forest .scatterlayer .point")
    assert points.count() == 5  # VISION rPFS, OS, SSE; NETTER-1 PFS, OS
    page.focus("input[data-toggle='plot-forest']")
    page.keyboard.press("Space")
    for _ in range(100):  # wait_for_function evaluates strings, which the CSP forbids
        if points.count() > 5:
            break
        page.wait_for_timeout(100)
    assert status.text_content().startswith("Showing all ")
    # NETTER-1 NEJM 2017: the interim OS HR 0.40, now shown with the final 0.84.
    assert "0.40" in page.locator("#plot-forest").text_content()
    for plot in page.evaluate(MEASURE, LABELS):
        assert plot["problems"] == [], plot["id"]
