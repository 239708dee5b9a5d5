"""On a phone (390x844) and a laptop (1440x900) no page is wider than the screen.

Wide tables scroll inside their own box; fact lists put the term above its value; the
header's links wrap instead of widening the page.
"""

import pytest

from tests.browser.conftest import LAPTOP, PHONE, phone_options, watched_page
from tests.trial_helpers import SLUGS

pytestmark = pytest.mark.django_db

COMPARE = "/compare/?trials=vision,therap,netter-1,ralu"
PAGES = [
    "/",
    "/trials/",
    *[f"/trials/{slug}/" for slug in SLUGS],
    COMPARE,
    "/treatment-settings/",
    "/patients-like-mine/",
]

# What sticks out past the right edge of the screen outside any scroll box: elements and
# text (a long URL overflows its box without widening it), so a failure names its cause.
STICKING_OUT = """() => {
  const W = document.documentElement.clientWidth, out = [];
  const free = (el) => { for (let p = el.parentElement; p; p = p.parentElement)
    if (getComputedStyle(p).overflowX !== 'visible') return false; return true; };
  const name = (el) => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
    ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > W + 1 && free(el))
      out.push(`${name(el)} right=${Math.round(r.right)}`);
  }
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n; (n = walk.nextNode()); ) {
    if (!n.textContent.trim()) continue;
    const range = document.createRange(); range.selectNodeContents(n);
    const r = range.getBoundingClientRect();
    if (r.width && r.right > W + 1 && free(n.parentElement))
      out.push(`text in ${name(n.parentElement)} right=${Math.round(r.right)}: `
        + n.textContent.trim().slice(0, 60));
  }
  return out.slice(0, 8);
}"""


@pytest.fixture
def screen(browser, live_url, db, request):
    """A page at the viewport the test asks for; a phone is emulated as one (touch, mobile)."""
    with watched_page(browser, live_url, **phone_options(request.param, 3)) as (page, _):
        yield page, live_url


def open_page(page, url):
    response = page.goto(url)
    assert response.status == 200, url
    page.wait_for_load_state("networkidle")
    # Charts are drawn as they come near the screen: scroll down so every one is drawn.
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_load_state("networkidle")


def test_every_published_trial_is_checked(django_db_blocker):
    from trials.models import Trial

    with django_db_blocker.unblock():
        published = set(Trial.objects.published().values_list("slug", flat=True))
    assert published == set(SLUGS)


@pytest.mark.parametrize("screen", [PHONE, LAPTOP], indirect=True, ids=["phone", "laptop"])
@pytest.mark.parametrize("path", PAGES)
def test_no_page_is_wider_than_the_screen(screen, path):
    page, url = screen
    width = page.viewport_size["width"]
    open_page(page, f"{url}{path}")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, page.evaluate(STICKING_OUT)


@pytest.mark.parametrize("screen", [PHONE], indirect=True, ids=["phone"])
def test_a_wide_table_scrolls_in_its_own_box(screen):
    # UpFrontPSMA's arms-and-dosing table (seven columns) is wider than a phone.
    page, url = screen
    open_page(page, f"{url}/trials/upfrontpsma/")
    box = page.locator("#arms .table-scroll").first
    sizes = box.evaluate("b => [b.scrollWidth, b.clientWidth, getComputedStyle(b).overflowX]")
    assert sizes[0] > sizes[1] and sizes[2] == "auto"
    # Scrolled to its end, the box shows the last column, still within the screen.
    box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
    last = box.locator("thead th").last.bounding_box()
    assert last["x"] + last["width"] <= PHONE["width"] + 1


# The three boxes read in one go: charts drawn meanwhile may move the page between two reads.
BOXES = """(selector) => {
  const row = document.querySelector(selector);
  const box = (node) => {
    const r = node.getBoundingClientRect();
    return {x: r.x, y: r.y, width: r.width, height: r.height};
  };
  return [box(row.querySelector('dt')), box(row.querySelector('dd')), box(row)];
}"""


def term_and_value(page, selector):
    return page.evaluate(BOXES, selector)


@pytest.mark.parametrize("screen", [PHONE], indirect=True, ids=["phone"])
@pytest.mark.parametrize(
    "path, selector", [("/trials/vision/", ".facts.wide div"), ("/", ".facts div")]
)
def test_facts_stack_on_a_phone(screen, path, selector):
    page, url = screen
    open_page(page, f"{url}{path}")
    term, value, row = term_and_value(page, selector)
    assert value["y"] >= term["y"] + term["height"] - 1  # the value sits below its term
    assert value["width"] >= row["width"] - 1  # and has the row's full width


@pytest.mark.parametrize("screen", [LAPTOP], indirect=True, ids=["laptop"])
def test_facts_side_by_side_on_a_laptop(screen):
    page, url = screen
    open_page(page, f"{url}/trials/vision/")
    term, value, _ = term_and_value(page, ".facts.wide div")
    assert value["x"] > term["x"] + term["width"] and abs(value["y"] - term["y"]) < 2


@pytest.mark.parametrize("screen", [PHONE], indirect=True, ids=["phone"])
def test_header_links_wrap_within_the_screen(screen):
    page, url = screen
    open_page(page, f"{url}/trials/vision/")
    links = page.locator(".site-header nav a")
    assert links.count() == 6
    for box in (links.nth(i).bounding_box() for i in range(links.count())):
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        assert box["height"] >= 24  # a finger-sized target (WCAG 2.2 target size minimum)


# Every value's source, opened by keyboard focus, whether it stays on the screen (the box) and
# whether it widens the page.
SOURCES_OPENED = """(width) => {
  const out = [];
  for (const value of document.querySelectorAll('.val[tabindex]')) {
    if (!value.getClientRects().length) continue;
    value.focus();
    const box = value.querySelector('.src').getBoundingClientRect();
    const page = document.documentElement.scrollWidth;
    if (page > width || box.left < 0 || box.right > width)
      out.push(`${value.innerText.slice(0, 40)}: source ${Math.round(box.left)}-`
        + `${Math.round(box.right)}, page ${page}`);
  }
  return {opened: document.querySelectorAll('.val[tabindex]').length, outside: out.slice(0, 5)};
}"""


@pytest.mark.parametrize("screen", [PHONE, LAPTOP], indirect=True, ids=["phone", "laptop"])
@pytest.mark.parametrize("path", ["/trials/vision/", COMPARE])
def test_a_source_opens_within_the_screen(screen, path):
    page, url = screen
    width = page.viewport_size["width"]
    open_page(page, f"{url}{path}")
    found = page.evaluate(SOURCES_OPENED, width)
    assert found["opened"] > 50  # VISION's values carry their sources
    assert found["outside"] == []
