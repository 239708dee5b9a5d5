"""Printed (Ctrl+P), a trial and a comparison keep every table row readable.

On screen table headers are sticky; on paper a sticky header lands on the rows below it
(VISION's adverse events were hidden under it). Printed, headers are static and repeat on each
page, no scroll box clips a table, and the controls are left out.
"""

import shutil
import subprocess

import pytest

pytestmark = pytest.mark.django_db

PAGES = ["/trials/vision/", "/compare/?trials=vision,therap,netter-1,ralu"]
# A4 landscape less 10 mm margins, in CSS pixels (96 per inch): the printed content width.
PAPER = {"width": 1047, "height": 720}

# Each table row brought to the top of the screen, where a sticky header would sit on it.
ROWS_UNDER_A_HEADER = """() => {
  const hidden = [];
  let rows = 0;
  for (const table of document.querySelectorAll('table')) {
    // The table's own rows and header cells, not those of a table nested in one of its cells.
    const heads = table.querySelectorAll(':scope > thead > tr > th, :scope > thead > tr > td');
    for (const row of table.querySelectorAll(':scope > tbody > tr')) {
      rows += 1;
      row.scrollIntoView({block: 'start'});
      const r = row.getBoundingClientRect();
      const over = [...heads].find((cell) => {
        const h = cell.getBoundingClientRect();
        return h.width && h.left < r.right && r.left < h.right
          && h.top < r.bottom && r.top < h.bottom;
      });
      if (over) hidden.push(
        `${row.innerText.slice(0, 50)} (under "${over.innerText.slice(0, 20)}")`);
    }
  }
  return {rows, hidden};
}"""

# A table wider than the paper, or inside a box that would clip or scroll it.
CLIPPED_TABLES = """(paper) => [...document.querySelectorAll('table')].filter((t) => {
  if (!t.getClientRects().length) return false;
  for (let p = t.parentElement; p; p = p.parentElement)
    if (getComputedStyle(p).overflowX !== 'visible') return true;
  return t.getBoundingClientRect().right > paper + 1;
}).map((t) => (t.querySelector('caption, thead') || t).innerText.slice(0, 60))"""


@pytest.fixture
def printed(site):
    page, watch, url = site
    page.set_viewport_size(PAPER)

    def open_printed(path):
        assert page.goto(f"{url}{path}").status == 200
        page.wait_for_load_state("networkidle")
        page.emulate_media(media="print")
        return page

    return open_printed


@pytest.mark.parametrize("path", PAGES)
def test_no_row_is_hidden_under_a_header(printed, path):
    page = printed(path)
    found = page.evaluate(ROWS_UNDER_A_HEADER)
    assert found["rows"] > 20  # the tables were there to check
    assert found["hidden"] == []


def test_a_sticky_header_would_be_caught(printed):
    # The check above can fail: printed with the screen's sticky headers, rows end up under them.
    page = printed("/trials/vision/")
    page.add_style_tag(content="#main table thead th { position: sticky !important; top: 0; }")
    assert page.evaluate(ROWS_UNDER_A_HEADER)["hidden"] != []


@pytest.mark.parametrize("path", PAGES)
def test_tables_fit_the_paper_unclipped(printed, path):
    page = printed(path)
    assert page.evaluate(CLIPPED_TABLES, PAPER["width"]) == []
    heads = page.locator("table thead")
    assert heads.count() > 0
    for i in range(heads.count()):  # repeated at the top of each printed page
        assert heads.nth(i).evaluate("h => getComputedStyle(h).display") == "table-header-group"


@pytest.mark.parametrize("path", PAGES)
def test_controls_are_left_out(printed, path):
    page = printed(path)
    for selector in (".site-header nav", ".skip-link", ".button", ".downloads", ".chart-actions"):
        shown = page.locator(selector).evaluate_all(
            "els => els.filter((e) => e.getClientRects().length).length"
        )
        assert shown == 0, selector
    assert page.locator("h1").is_visible()


def test_chart_data_tables_print_open(printed):
    # Each value's source is in the chart's data table, folded on screen.
    page = printed("/trials/vision/")
    tables = page.locator(".chart-data table")
    assert tables.count() > 0
    for i in range(tables.count()):
        assert tables.nth(i).is_visible()


@pytest.mark.parametrize("path", PAGES)
def test_the_pdf_prints(printed, path, tmp_path):
    page = printed(path)
    pdf = page.pdf(format="A4", landscape=True)
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    if not shutil.which("pdftotext"):
        return
    (tmp_path / "page.pdf").write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "page.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "VISION" in text
    if path == "/trials/vision/":
        # NEJM 2021 Table 2: dry mouth, any grade, 205 of 529 (38.8%) with 177Lu-PSMA-617.
        assert "Dry mouth" in text and "205 (38.8%)" in text
