"""Small lookups into the API's trial record, shared by the published-number tests."""

from tests.conftest import find


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
