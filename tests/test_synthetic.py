"""bench/seed_synthetic.py: valid, visibly synthetic data, never beside the curated data."""

import json
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest
from django.conf import settings

FIXTURES = sorted(str(p) for p in (settings.BASE_DIR / "fixtures").glob("*.json"))


def run(*args, database):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"DATABASE_URL": f"sqlite:///{database}", "DJANGO_DEBUG": "true"}
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """An empty, migrated database; each test copies it under the name it needs."""
    path = tmp_path_factory.mktemp("base") / "empty.sqlite3"
    migrate = run("manage.py", "migrate", "--noinput", database=path)
    assert migrate.returncode == 0, migrate.stderr
    return path


def copy(migrated, path):
    shutil.copy(migrated, path)
    return path


def acronyms(database):
    with sqlite3.connect(database) as connection:
        return sorted(row[0] for row in connection.execute("SELECT acronym FROM trials_trial"))


def test_seeded_trials_pass_every_integrity_rule_and_say_they_are_synthetic(migrated, tmp_path):
    db = copy(migrated, tmp_path / "synthetic.sqlite3")
    seeded = run("bench/seed_synthetic.py", "25", database=db)
    assert seeded.returncode == 0, seeded.stderr
    checked = run("manage.py", "check_trials", database=db)
    assert checked.returncode == 0, checked.stdout[-2000:]
    listing = run(
        "manage.py",
        "shell",
        "-c",
        "from django.test import Client; print(Client().get('/api/trials/').content.decode())",
        database=db,
    )
    data = json.loads(listing.stdout.strip().splitlines()[-1])
    assert data["count"] == 25
    assert all(t["acronym"].startswith("SYN-") for t in data["items"])
    assert all(t["title"].startswith("Synthetic trial ") for t in data["items"])


def test_a_database_not_named_synthetic_is_refused(migrated, tmp_path):
    db = copy(migrated, tmp_path / "curated.sqlite3")
    refused = run("bench/seed_synthetic.py", "5", database=db)
    assert refused.returncode != 0
    assert "use a database whose name contains 'synthetic'" in refused.stderr
    assert acronyms(db) == []


def test_a_database_holding_other_trials_is_refused(migrated, tmp_path):
    db = copy(migrated, tmp_path / "synthetic-but-curated.sqlite3")
    loaded = run("manage.py", "loaddata", *FIXTURES, database=db)
    assert loaded.returncode == 0, loaded.stderr
    before = acronyms(db)
    assert "VISION" in before and not any(a.startswith("SYN-") for a in before)
    refused = run("bench/seed_synthetic.py", "5", database=db)
    assert refused.returncode != 0
    assert "it holds trials that are not synthetic" in refused.stderr
    assert acronyms(db) == before
