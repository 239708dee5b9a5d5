"""The comparison in a real browser at 1440x900 and 390x844: after scrolling, each trial's name
and the label of the row in view are on screen and not covered; one trial column at a time on a
phone without a sideways page; the Summary prints alone; no WCAG 2.1 A/AA violation."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import WCAG_21_AA, watched_page

pytestmark = pytest.mark.django_db

FOUR = "/compare/?trials=vision,therap,netter-1,ralu"
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}

# Whether an element is inside the viewport and what is drawn at its centre is the element or its
# own cell (not a sticky cell or anything else over it).
SEEN = """(el) => {
  const r = el.getBoundingClientRect();
  const inside = r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0
    && r.right <= window.innerWidth && r.bottom <= window.innerHeight;
  const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  // Between the lines of a wrapped label the point falls on its own cell.
  return {inside, uncovered: !!top && (el.contains(top) || top === el.closest("th, td")),
          top: top ? `${top.tagName}.${top.className} ${top.textContent.slice(0, 30)}` : "",
          box: [Math.round(r.left), Math.round(r.top), Math.round(r.right), Math.round(r.bottom)]};
}"""


@pytest.fixture
def screen(browser, live_url, request):
    """The viewport alone, as a narrow desktop window: the layout, not the phone emulation."""
    with watched_page(browser, live_url, viewport=request.param) as (page, _):
        yield page, live_url


def scroll_to_row(page, label):
    """Scroll the table's own box so that the row labelled `label` is in the middle of it."""
    page.locator(".full-scroll").scroll_into_view_if_needed()
    page.evaluate("document.querySelector('.full-scroll').scrollIntoView()")
    row = page.locator(f".full-scroll tbody th[scope='row'] .rl:text-is('{label}')").first
    moved = page.evaluate(
        """([box, label]) => {
          const row = [...box.querySelectorAll("tbody th[scope='row']")]
            .find((th) => th.textContent.trim() === label);
          const offset = row.getBoundingClientRect().top - box.getBoundingClientRect().top;
          box.scrollTop += offset - box.clientHeight / 2;
          return box.scrollTop;
        }""",
        [page.locator(".full-scroll").element_handle(), label],
    )
    assert moved > 1000  # far below the header row: the test is about scrolling
    return row


@pytest.mark.parametrize("screen", [DESKTOP], indirect=True, ids=["1440x900"])
def test_trial_names_and_row_label_stay_in_view_on_a_laptop(screen):
    page, url = screen
    page.goto(f"{url}{FOUR}")
    label = scroll_to_row(page, "Anemia")
    seen = label.evaluate(SEEN)
    assert seen["inside"] and seen["uncovered"], seen
    names = page.locator(".full-scroll th.trial-col .trial-name a")
    assert names.count() == 4
    for i in range(4):
        seen = names.nth(i).evaluate(SEEN)
        assert seen["inside"] and seen["uncovered"], (i, seen)
    # Four trials fit side by side at this width: nothing to scroll sideways.
    box = page.locator(".full-scroll")
    assert box.evaluate("(b) => b.scrollWidth <= b.clientWidth")


@pytest.mark.parametrize("screen", [PHONE], indirect=True, ids=["390x844"])
def test_one_trial_at_a_time_with_labels_in_view_on_a_phone(screen):
    page, url = screen
    page.goto(f"{url}{FOUR}")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    label = scroll_to_row(page, "Progression-free survival")
    for i, acronym in enumerate(["VISION", "TheraP", "NETTER-1", "RALU"]):
        header = page.locator(".full-scroll th.trial-col").nth(i)
        header.evaluate("(th) => th.scrollIntoView({inline: 'start', block: 'nearest'})")
        page.wait_for_timeout(150)  # let the sideways scroll snap
        name = header.locator(".trial-name a")
        assert name.inner_text() == acronym
        seen = name.evaluate(SEEN)
        assert seen["inside"] and seen["uncovered"], (acronym, seen)
        seen = label.evaluate(SEEN)
        assert seen["inside"] and seen["uncovered"], (acronym, seen)
        # The column in view starts where the label column ends: one trial at a time.
        edge = page.evaluate(
            "([th, lab]) => th.getBoundingClientRect().left"
            " - lab.closest('th').getBoundingClientRect().right",
            [header.element_handle(), label.element_handle()],
        )
        assert abs(edge) <= 2, (acronym, edge)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("screen", [DESKTOP], indirect=True, ids=["1440x900"])
def test_print_the_summary_alone_on_one_a4_landscape_page(screen):
    page, url = screen
    page.goto(f"{url}{FOUR}")
    page.emulate_media(media="print")
    assert page.locator("#summary").is_visible()
    assert page.locator(".full-scroll").is_visible()  # the full printout by default
    page.emulate_media(media="screen")
    page.check("#print-summary-only")
    page.emulate_media(media="print")
    assert page.locator("#summary").is_visible()
    assert not page.locator(".full-scroll").is_visible()
    assert not page.locator("#charts").is_visible()
    assert "not a head-to-head comparison" in page.locator("#summary").inner_text()
    pdf = page.pdf(format="A4", landscape=True, prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 1


@pytest.mark.parametrize("screen", [DESKTOP, PHONE], indirect=True, ids=["1440x900", "390x844"])
def test_no_wcag_violations_on_the_comparison(screen):
    page, url = screen
    page.goto(f"{url}{FOUR}")
    page.wait_for_load_state("networkidle")
    # The charts' data tables (another page part, checked at desktop width by
    # test_accessibility.py) are left out here.
    results = Axe().run(page, context={"exclude": [["#charts"]]}, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()
    assert len(results.response["passes"]) >= 15
