"""Patients like mine in Chromium: the answer on the first screen of a laptop and of a phone, no
sideways page, the form sending a permalink, and no WCAG 2.1 A/AA violation."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import WCAG_21_AA, on_first_screen

pytestmark = pytest.mark.django_db

PATH = "/patients-like-mine/"
POST_DOCETAXEL = (
    f"{PATH}?disease=prostate&stage=mcrpc&arpi=one-mcrpc&taxane=one-mcrpc&psma_pet=positive"
)


def test_the_answer_is_on_the_first_screen_and_the_page_no_wider(screen):
    page, url = screen
    page.goto(f"{url}{POST_DOCETAXEL}")
    assert on_first_screen(page, page.locator(".not-advice"))
    included = page.locator(".verdict-included")
    excluded = page.locator(".verdict-excluded")
    assert on_first_screen(page, included) and on_first_screen(page, excluded)
    assert included.locator("a", has_text="TheraP").count() == 1
    assert included.locator("a", has_text="VISION").count() == 1
    assert excluded.locator("a", has_text="PSMAfore").count() == 1
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate("document.body.scrollWidth") <= width


def test_the_excluding_criterion_shows_its_source_on_focus(screen):
    page, url = screen
    page.goto(f"{url}{POST_DOCETAXEL}")
    criterion = page.locator("#match-psmafore").locator("xpath=..").locator(".failed .val")
    criterion.first.focus()
    source = criterion.first.locator(".src")
    assert source.is_visible()
    assert "ESMO 2023 LBA13, congress abstract LBA13, Methods" in source.inner_text()


def test_the_form_asks_the_chosen_diseases_questions_and_sends_a_permalink(site):
    page, watch, url = site
    page.goto(f"{url}{PATH}")
    assert page.locator(".q-net").is_visible() and page.locator(".q-prostate").is_visible()
    page.get_by_label("Prostate cancer").check()
    assert page.locator(".q-prostate").is_visible() and not page.locator(".q-net").is_visible()
    page.get_by_label("Disease state").select_option("mcrpc")
    page.get_by_label("Taxane chemotherapy so far").select_option("one-mcrpc")
    page.get_by_role("button", name="Show trials").click()
    page.wait_for_load_state()
    assert "disease=prostate" in page.url and "taxane=one-mcrpc" in page.url
    assert page.locator(".verdict-excluded a", has_text="PSMAfore").count() == 1


@pytest.mark.parametrize(
    "path", [PATH, POST_DOCETAXEL, f"{PATH}?disease=net&site=midgut&ki67=21-55&rlt=no"]
)
def test_no_wcag_violations(site, path):
    page, watch, url = site
    page.goto(f"{url}{path}")
    page.wait_for_load_state("networkidle")
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()
    assert len(results.response["passes"]) >= 15  # the audit really ran its rules
