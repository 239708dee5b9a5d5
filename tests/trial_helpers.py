"""Lookups into the curated trials, in the API's JSON and in the database, shared by the tests;
and a switch that lets rows breaking a CHECK constraint in."""

import contextlib
from pathlib import Path

from django.conf import settings
from django.db import connection

from trials.models import EffectEstimate

# The curated trials, in the order the project took them up.
SLUGS = [
    *("vision", "netter-1", "therap", "ralu", "psmafore", "splash", "eclipse"),
    *("psmaddition", "enza-p", "upfrontpsma", "netter-2", "compete", "oclurandom"),
]
FIXTURES = sorted(str(p) for p in (Path(settings.BASE_DIR) / "fixtures").glob("*.json"))


def find(items, **match):
    """The single item of a list of dicts whose keys equal the given values."""
    found = [item for item in items if all(item.get(k) == v for k, v in match.items())]
    assert len(found) == 1, f"{len(found)} items match {match}"
    return found[0]


def arm(trial, role):
    return find(trial["arms"], role=role)["id"]


def endpoint(trial, name):
    return find(trial["endpoints"], name=name)


def result(ep, arm_id, measure):
    return find(ep["results"], arm_id=arm_id, measure=measure)


def effect(ep, **match):
    return find(ep["effects"], **match)


def adverse_event(trial, term, locator=None):
    match = {"term": term}
    found = [
        a
        for a in trial["adverse_events"]
        if a["term"] == term and (locator is None or a["source"]["locator"] == locator)
    ]
    assert len(found) == 1, match
    return found[0]


def ae_arm(event, arm_id):
    return find(event["arms"], arm_id=arm_id)


def ci(item):
    return (item["value"], item["ci_low"], item["ci_high"], item["ci_level"])


def cell(n, pct, decimals):
    """An 'n (pct)' cell as the table prints it."""
    if n is None and pct is None:
        return "NA"
    if pct is None:
        return str(n)
    return f"{n} ({pct:.{decimals}f})"


def vision_os_hr():
    """VISION's hazard ratio for overall survival (Results, Table 2)."""
    return EffectEstimate.objects.get(
        endpoint__trial__slug="vision", endpoint__name="Overall survival", measure="hr"
    )


@contextlib.contextmanager
def check_constraints_off(model):
    """Let a row that breaks a CHECK constraint in, as a database restored from elsewhere might."""
    table = model._meta.db_table
    names = [c.name for c in model._meta.constraints if hasattr(c, "condition")]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA ignore_check_constraints = ON")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA ignore_check_constraints = OFF")
    else:
        # Transactional DDL: the test's rollback restores the constraints.
        with connection.cursor() as cursor:
            for name in names:
                cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
        yield
