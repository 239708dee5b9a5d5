"""A server error leaves a trace: its traceback on stderr, each record a line with time, level
and logger; DJANGO_ADMINS names who is mailed about it."""

import logging
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.core import mail
from django.test import override_settings
from django.urls import path


def boom(request):
    raise RuntimeError("a test-only failure")


# This module is also the test-only URLconf of the failing view.
urlpatterns = [path("boom/", boom)]


def line(level, logger, message):
    """A whole log line: time, level, logger, message."""
    time = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}"
    return re.compile(rf"^{time} {level} {re.escape(logger)}: {re.escape(message)}$", re.M)


def run(code, **env):
    """Python in a fresh process with the site's settings; returns the finished process."""
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "radioligand_site.settings"} | env
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def stderr_handlers(logger):
    return [
        h
        for h in logging.getLogger(logger).handlers
        if type(h) is logging.StreamHandler and h.name == "stderr"
    ]


def test_request_errors_and_the_apps_messages_are_routed_to_stderr():
    assert settings.LOGGING["handlers"]["stderr"]["class"] == "logging.StreamHandler"
    assert settings.LOGGING["handlers"]["stderr"]["stream"] == "ext://sys.stderr"
    request = logging.getLogger("django.request")
    assert request.level == logging.ERROR and stderr_handlers("django.request")
    assert logging.getLogger("trials").level == logging.INFO and stderr_handlers("trials")


def test_a_server_error_writes_its_traceback_to_stderr():
    code = (
        "import logging; from django.test import Client, override_settings\n"
        "with override_settings(ROOT_URLCONF='tests.test_logging'):\n"
        "    print(Client(raise_request_exception=False).get('/boom/').status_code)\n"
        "logging.getLogger('trials.caching').info('an app message')\n"
        "logging.getLogger('trials.caching').debug('a debug message')"
    )
    done = run(code, DJANGO_DEBUG="false", DJANGO_ADMINS="", DATABASE_URL="sqlite://:memory:")
    assert done.stdout.strip() == "500", done.stderr
    error = line("ERROR", "django.request", "Internal Server Error: /boom/")
    assert error.search(done.stderr), done.stderr
    assert "Traceback (most recent call last):" in done.stderr
    assert "RuntimeError: a test-only failure" in done.stderr
    assert line("INFO", "trials.caching", "an app message").search(done.stderr), done.stderr
    assert "a debug message" not in done.stderr


@pytest.mark.urls(__name__)
@override_settings(ADMINS=[("Ops", "ops@example.org")])
def test_a_server_error_is_mailed_to_the_admins(client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "The error has been logged" in response.content.decode()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ops@example.org"]
    assert "Internal Server Error: /boom/" in mail.outbox[0].subject


@pytest.mark.parametrize(
    ("value", "admins"),
    [
        ("", []),
        (
            "Ana Lima <ana@example.org>, ops@example.org",
            [("Ana Lima", "ana@example.org"), ("ops@example.org", "ops@example.org")],
        ),
    ],
)
def test_admins_are_read_from_the_environment(value, admins):
    done = run("from django.conf import settings; print(settings.ADMINS)", DJANGO_ADMINS=value)
    assert done.stdout.strip() == repr(admins), done.stderr


def test_an_admin_must_be_an_email_address():
    done = run("", DJANGO_ADMINS="Ana Lima")
    assert done.returncode != 0
    assert "DJANGO_ADMINS: 'Ana Lima' is not an e-mail address" in done.stderr
