"""The questions clinicians bring, walked in Chromium from where they would start: each answer is
on the first screen of the page they land on, on a laptop and on a phone."""

import pytest

from tests.browser.conftest import on_first_screen

pytestmark = pytest.mark.django_db


def test_after_docetaxel_lutetium_psma_or_cabazitaxel(screen):
    """Search the catalogue for the alternative, open the trial that compared them: TheraP's
    primary end point (PSA decline >=50%, 66% vs 37%; Hofman, Lancet 2021, abstract) and its
    comparator are on the first screen."""
    page, url = screen
    page.goto(f"{url}/trials/")
    search = page.get_by_label("Search")
    if not search.is_visible():  # on a phone the filters fold behind a button
        page.locator(".filter-fold summary").click()
    search.fill("cabazitaxel")
    search.press("Enter")
    page.wait_for_load_state()
    page.locator(".catalogue-results").get_by_role("link", name="TheraP", exact=True).click()
    page.wait_for_url("**/trials/therap/")
    primary = page.locator(".key-results .kr-primary dd").first
    assert on_first_screen(page, primary)
    assert "66%" in primary.inner_text() and "37%" in primary.inner_text()
    assert "Cabazitaxel" in page.locator(".key-results .kr-comparator").inner_text()


def test_which_trials_enrolled_a_man_like_mine(screen):
    """mCRPC after an ARPI and docetaxel for mCRPC, PSMA-positive: TheraP and VISION enrolled
    such a man; PSMAfore excluded him for the prior taxane."""
    page, url = screen
    page.goto(f"{url}/")
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Patients like mine").click()
    page.wait_for_url("**/patients-like-mine/")
    page.get_by_role("radio", name="Prostate cancer").check()
    page.locator("#id_stage").select_option("mcrpc")
    page.locator("#id_arpi").select_option("one-mcrpc")
    page.locator("#id_taxane").select_option("one-mcrpc")
    page.locator("#id_psma_pet").select_option("positive")
    page.locator("#patient-form [type=submit]").first.click()
    page.wait_for_url("**/patients-like-mine/?*")
    included = page.locator(".verdict-included")
    excluded = page.locator(".verdict-excluded")
    assert on_first_screen(page, included) and on_first_screen(page, excluded)
    assert included.get_by_role("link", name="TheraP", exact=True).count() == 1
    assert included.get_by_role("link", name="VISION", exact=True).count() == 1
    assert excluded.get_by_role("link", name="PSMAfore", exact=True).count() == 1


def test_where_lutetium_psma_fits_before_a_taxane(screen):
    """From the overview to the map of settings: the taxane-naive mCRPC setting and its trials
    are on the first screen."""
    page, url = screen
    page.goto(f"{url}/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Where it fits").click()
    page.wait_for_url("**/treatment-settings/")
    entry = page.locator(".settings-map li", has=page.locator("a[href='/trials/psmafore/']"))
    assert on_first_screen(page, entry)
    assert "taxane" in entry.inner_text().lower()


def test_netter_1_beside_vision_is_not_read_as_head_to_head(screen):
    """Two trials of different diseases against different controls: the warning is on the first
    screen, above any number."""
    page, url = screen
    page.goto(f"{url}/compare/?trials=vision,netter-1")
    caveats = page.locator(".caveats")
    assert on_first_screen(page, caveats.locator("li").first)
    text = caveats.inner_text()
    assert "Not a head-to-head comparison" in text
    assert "Different diseases" in text
