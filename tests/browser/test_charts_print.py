"""Printing draws every chart, sized to the page; downloads carry the trials they draw."""

import shutil
import subprocess

import pytest

pytestmark = pytest.mark.django_db

COMPARE = "/compare/?trials=vision,therap,netter-1,ralu"
# Every plot has an SVG with drawn marks (markers, or heatmap cells).
MARKED = """() => [...document.querySelectorAll('.plot[data-figure]')].every(plot =>
  plot.querySelector('svg.main-svg') &&
  plot.querySelectorAll('.scatterlayer .point, .heatmaplayer image, .hm image').length > 0)
"""
WIDTHS = (
    "[...document.querySelectorAll('.plot[data-figure] svg.main-svg')]"
    ".map(s => s.getBoundingClientRect().width)"
)


def wait_until(page, script, timeout=30000):
    """Poll a page function (wait_for_function evaluates strings, which the CSP forbids)."""
    for _ in range(timeout // 100):
        if page.evaluate(script):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"never true: {script}")


@pytest.mark.parametrize("path", [COMPARE, "/trials/vision/"])
def test_print_draws_every_chart_within_the_page(site, path, tmp_path):
    page, watch, url = site
    page.goto(f"{url}{path}")
    page.wait_for_load_state("networkidle")
    # No scrolling: the charts below the fold are drawn for the print all the same.
    page.emulate_media(media="print")
    wait_until(page, MARKED)
    # Sized to A4 landscape less its margins, not to the 1440 px screen.
    assert max(page.evaluate(f"() => {WIDTHS}")) <= 1000
    pdf = tmp_path / "page.pdf"
    page.pdf(path=str(pdf), format="A4", landscape=True)
    assert pdf.stat().st_size > 20000
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        # Axis titles drawn by Plotly, in the printed SVG.
        assert "Hazard ratio, log scale" in text
    # Back on screen, the charts fill their width again.
    page.emulate_media(media="screen")
    wait_until(page, f"() => Math.max(...{WIDTHS}) > 1000")


def test_downloads_name_only_the_trials_drawn(site):
    page, watch, url = site
    page.goto(f"{url}{COMPARE}")
    page.wait_for_load_state("networkidle")
    names = []
    for kind in ("png", "svg", "slide"):
        with page.expect_download() as download:
            page.click(f"button[data-plot='plot-forest'][data-download='{kind}']")
        names.append(download.value.suggested_filename)
        if kind == "svg":
            svg = download.value.path().read_text()
            assert "VISION, TheraP, NETTER-1" in svg  # the title names the trials drawn
            assert "NEJM 2021 (cut-off 27 January 2021)" in svg  # the footnote, the data cut
    # RALU, a single group, has no hazard ratio to draw.
    assert names == [
        "hazard-ratios_vision_therap_netter-1.png",
        "hazard-ratios_vision_therap_netter-1.svg",
        "hazard-ratios_vision_therap_netter-1_slide-16x9.png",
    ]
