"""Playwright driving Debian's Chromium against the live test server."""

import contextlib
import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# What axe-core checks: WCAG 2.0 and 2.1, levels A and AA.
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        # CI installs Chromium: there a missing browser is a failure, not a skip.
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed at /usr/bin/chromium.")
        pytest.skip("Chromium is not installed at /usr/bin/chromium.")
    # Playwright's sync API runs an event loop in this thread; the ORM calls here are sync.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


class PageWatch:
    """Records console errors and any request that leaves the site."""

    def __init__(self, page, origin):
        self.page = page
        self.origin = origin
        self.console_errors = []
        self.external_requests = []
        self.failed_resources = []
        page.on("console", self.console)
        page.on("response", self.response)
        page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        page.route("**/*", self.route)

    def console(self, message):
        # A failed load is judged by the response handler: a 4xx page is a valid answer.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.console_errors.append(message.text)

    def response(self, response):
        if response.status >= 400 and response.request.resource_type != "document":
            self.failed_resources.append(f"{response.status} {response.url}")

    def route(self, route):
        if route.request.url.startswith(self.origin) or route.request.url.startswith("data:"):
            route.continue_()
        else:
            self.external_requests.append(route.request.url)
            route.abort()


@pytest.fixture(scope="session")
def live_url(django_db_setup, django_db_blocker):
    """A threaded test server over the curated test database, for the whole session.

    pytest-django's live_server makes each test transactional, flushing the curated data the
    other tests read; this server reads the data loaded once, like the rest of the suite.
    """
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.db import connections
    from django.test.testcases import LiveServerThread

    with django_db_blocker.unblock():
        shared = {}
        for conn in connections.all():
            # An in-memory SQLite database exists only in this connection: share it.
            if conn.vendor == "sqlite" and conn.is_in_memory_db():
                conn.inc_thread_sharing()
                shared[conn.alias] = conn
        thread = LiveServerThread(
            "localhost", StaticFilesHandler, connections_override=shared, port=0
        )
        thread.daemon = True
        thread.start()
        thread.is_ready.wait()
        if thread.error:
            raise thread.error
        yield f"http://localhost:{thread.port}"
        thread.terminate()
        for conn in shared.values():
            conn.dec_thread_sharing()


@contextlib.contextmanager
def watched_page(browser, live_url, **options):
    """A page in a browser context of its own (`options` as `new_context` takes them); once the
    test is done, no request has left the site, no script has logged an error and no resource
    has failed to load."""
    context = browser.new_context(**options)
    page = context.new_page()
    watch = PageWatch(page, live_url)
    try:
        yield page, watch
    finally:
        context.close()
    assert watch.external_requests == []
    assert watch.console_errors == []
    assert watch.failed_resources == []


LAPTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}


def phone_options(viewport, scale=1):
    """A phone's viewport is emulated as a phone: touch, mobile layout (and `scale` pixels)."""
    options = {"viewport": viewport}
    if viewport == PHONE:
        options |= {"is_mobile": True, "has_touch": True, "device_scale_factor": scale}
    return options


@pytest.fixture
def site(browser, live_url, db):
    with watched_page(browser, live_url, viewport=LAPTOP, accept_downloads=True) as (page, watch):
        yield page, watch, live_url


@pytest.fixture
def phone(browser, live_url, db):
    """A 390 x 844 phone at three device pixels per CSS pixel."""
    with watched_page(browser, live_url, **phone_options(PHONE, 3)) as (page, watch):
        yield page, watch, live_url


@pytest.fixture(params=[LAPTOP, PHONE], ids=["1440x900", "390x844"])
def screen(request, browser, live_url):
    """A page on a laptop and on a phone (touch, mobile viewport), watched for errors."""
    with watched_page(browser, live_url, **phone_options(request.param)) as (page, _):
        yield page, live_url


def page_width(page):
    """The page's full width: wider than the viewport means a sideways scroll."""
    return page.evaluate("document.documentElement.scrollWidth")


def on_first_screen(page, locator):
    """The element is drawn wholly within the first screen, before any scrolling."""
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    if box is None or page.evaluate("window.scrollY") != 0:
        return False
    return 0 <= box["y"] and box["y"] + box["height"] <= height
