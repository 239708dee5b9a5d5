"""Axe-core finds no WCAG 2.1 A/AA violation on the main pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import WCAG_21_AA

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/trials/",
        "/trials/vision/",
        "/trials/psmafore/",  # data cuts, NE values, crossover
        "/trials/netter-2/",  # counts for all arms together, 90% and NE limits
        "/trials/eclipse/",  # topline only
        "/compare/?trials=vision,netter-1,therap,ralu",
        "/compare/?trials=vision,netter-1,therap,ralu,psmafore,splash,eclipse,psmaddition,"
        "enza-p,upfrontpsma,netter-2,compete",
        "/compare/?trials=vision",
    ],
)
def test_no_wcag_violations(site, path):
    page, watch, url = site
    page.goto(f"{url}{path}")
    page.wait_for_load_state("networkidle")
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()
    assert len(results.response["passes"]) >= 15  # the audit really ran its rules
