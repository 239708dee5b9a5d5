"""seed_synthetic_trials: valid, visibly synthetic data, never mixed with the curated data."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command


def manage(*args, database_url):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"DATABASE_URL": database_url, "DJANGO_DEBUG": "true"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_seeded_trials_pass_every_integrity_rule_and_say_they_are_synthetic(tmp_path):
    url = f"sqlite:///{tmp_path / 'synthetic.sqlite3'}"
    assert manage("migrate", "--noinput", database_url=url).returncode == 0
    seeded = manage("seed_synthetic_trials", "25", database_url=url)
    assert seeded.returncode == 0, seeded.stderr
    checked = manage("check_trials", database_url=url)
    assert checked.returncode == 0, checked.stdout[-2000:]
    listing = manage(
        "shell",
        "-c",
        "from django.test import Client; print(Client().get('/api/trials/').content.decode())",
        database_url=url,
    )
    data = json.loads(listing.stdout.strip().splitlines()[-1])
    assert data["count"] == 25
    assert all(t["is_synthetic"] and t["acronym"].startswith("SYN-") for t in data["items"])
    # Curated fixtures cannot be loaded beside them.
    mixed = manage(
        "loaddata",
        *sorted(str(p) for p in (settings.BASE_DIR / "fixtures").glob("*.json")),
        database_url=url,
    )
    assert mixed.returncode != 0
    assert "synthetic_not_mixed" in mixed.stderr
    # And no database but a synthetic one is seeded.
    refused = manage("seed_synthetic_trials", "5", database_url=f"sqlite:///{tmp_path / 'x.db'}")
    assert refused.returncode != 0
    assert "use a database whose name contains 'synthetic'" in refused.stderr


@pytest.mark.django_db
def test_a_database_with_curated_trials_is_refused(monkeypatch):
    from django.db import connection

    monkeypatch.setitem(connection.settings_dict, "NAME", "synthetic-but-curated")
    with pytest.raises(CommandError, match="holds curated trials"):
        call_command("seed_synthetic_trials", "3")
