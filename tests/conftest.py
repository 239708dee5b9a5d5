"""Hooks and fixtures; the helpers tests import are in tests/trial_helpers.py and
tests/admin_forms.py."""

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.test.utils import override_settings

from tests.trial_helpers import (
    FIXTURES,
    find,  # noqa: F401 (several published-number tests import it from here)
)

SOURCES = Path(settings.BASE_DIR).parent / "shared" / "sources"


# TEST_CLOCK=midnight: test modules are imported at 23:59:59.9 and the tests then run just after
# midnight, with the clock ticking; a date read at import, or twice, shows up as a failure.
EVE = datetime.now(UTC).replace(hour=23, minute=59, second=59, microsecond=900000)
_clock = []


def pytest_configure(config):
    if os.environ.get("TEST_CLOCK") == "midnight":
        _clock.append(time_machine.travel(EVE, tick=False))
        _clock[-1].start()


def pytest_collection_finish(session):
    if _clock:
        _clock.pop().stop()
        _clock.append(time_machine.travel(EVE + timedelta(milliseconds=200), tick=True))
        _clock[-1].start()


def pytest_unconfigure(config):
    while _clock:
        _clock.pop().stop()


def pytest_collection_modifyitems(items):
    """Tests that flush the database run last, so every other test sees the curated data."""
    items.sort(key=lambda item: item.get_closest_marker("flushes_db") is not None)


@pytest.fixture(autouse=True, scope="session")
def plain_static_storage():
    """Pages resolve static names without a collectstatic manifest, as in development."""
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(STORAGES=settings.STORAGES | {"staticfiles": plain}):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts from an empty cache (Redis or local memory)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the curated fixtures once, with the project's validating loaddata."""
    with django_db_blocker.unblock():
        call_command("loaddata", *FIXTURES, verbosity=0)


@pytest.fixture
def api(client):
    """GET an API path and return the parsed JSON, asserting a 200."""

    def get(path):
        response = client.get(path)
        assert response.status_code == 200, response.content
        return response.json()

    return get


@pytest.fixture
def source_text():
    """The text of a file in the shared sources folder: a numbered source document by its
    prefix ("003" reads 003_*.txt), or any other file by its name ("external-facts.md").

    Every read of a source goes through here, so that without the folder every fidelity test
    skips alike, while under CI (where the folder is always there) each one fails.
    """

    def read(name):
        if not SOURCES.is_dir():
            if os.environ.get("CI"):
                pytest.fail(f"The shared sources folder is missing: {SOURCES}")
            pytest.skip("The shared sources folder is not beside the project.")
        if "." in name:
            return (SOURCES / name).read_text(encoding="utf-8")
        (path,) = SOURCES.glob(f"{name}_*.txt")
        return path.read_text(encoding="utf-8")

    return read
