"""Settings read the environment strictly and refuse to run in production without a secret."""

import os
import subprocess
import sys

from django.conf import settings


def check(env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_missing_secret_key_is_a_clear_error_when_debug_is_off():
    result = check({"DJANGO_DEBUG": "false"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_a_boolean_must_be_true_or_false():
    result = check({"DJANGO_DEBUG": "yes"})
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false, not 'yes'" in result.stderr


def test_debug_runs_without_a_secret():
    assert check({"DJANGO_DEBUG": "true"}).returncode == 0


def test_database_url_selects_the_engine():
    code = "from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'])"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"DJANGO_DEBUG": "true"}
    run = [sys.executable, "-c", f"import django; django.setup(); {code}"]
    env["DJANGO_SETTINGS_MODULE"] = "radioligand_site.settings"
    default = subprocess.run(run, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True)
    assert default.stdout.strip() == "django.db.backends.sqlite3", default.stderr
    env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/test"
    postgres = subprocess.run(run, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True)
    assert postgres.stdout.strip() == "django.db.backends.postgresql", postgres.stderr
