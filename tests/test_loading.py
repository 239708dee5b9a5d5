"""Whole records as `full_records()` loads them: the same rows, in the same order, with the same
values as the ORM's querysets give, usable as ordinary model instances."""

import pytest
from django.db.models.signals import post_init

from trials.models import AdverseEvent, Arm, ArmResult, Endpoint, Trial
from trials.models.loading import compiled
from trials.models.trials import by_pk, rows_of

from .trial_helpers import SLUGS

pytestmark = pytest.mark.django_db

# The trial's relations full_records() loads.
RELATIONS = [
    "publications",
    "arms",
    "analysis_sets",
    "endpoints",
    "adverse_events",
    "baseline",
    "crossovers",
    "criteria",
]


def fields(obj):
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_every_row_and_value_is_what_the_orm_reads():
    loaded = {t.slug: t for t in Trial.objects.all().full_records()}
    assert sorted(loaded) == sorted(SLUGS)
    for trial in Trial.objects.all():
        mine = loaded[trial.slug]
        assert fields(mine) == fields(trial)
        for name in RELATIONS:
            expected = list(getattr(trial, name).all())
            assert [fields(r) for r in rows_of(mine, name)] == [fields(r) for r in expected], name
        for endpoint in rows_of(mine, "endpoints"):
            for name in ("results", "effects", "at_risk"):
                expected = list(getattr(Endpoint.objects.get(pk=endpoint.pk), name).all())
                got = rows_of(endpoint, name)
                assert [fields(r) for r in got] == [fields(r) for r in expected], name
        for event in rows_of(mine, "adverse_events"):
            expected = list(AdverseEvent.objects.get(pk=event.pk).arms.all())
            assert [fields(r) for r in rows_of(event, "arms")] == [fields(r) for r in expected]


def test_loaded_rows_read_their_relations_without_a_query(django_assert_num_queries):
    (vision,) = Trial.objects.filter(slug="vision").full_records()
    with django_assert_num_queries(0):
        arms = list(vision.arms.all())  # the related manager, as templates and the admin read it
        assert arms == rows_of(vision, "arms")
        assert vision.arms.count() == len(arms)
        endpoint = vision.endpoints.all()[0]
        assert endpoint.trial is vision
        assert endpoint.publication.trial_id == vision.pk
        result = endpoint.results.all()[0]
        assert result.endpoint is endpoint
        assert result.source.trial_id == vision.pk
        assert result.arm is None or result.arm in arms
        assert by_pk(vision, "arms") is by_pk(vision, "arms")  # made once
        assert not vision._state.adding and vision._state.db == "default"


def test_a_narrowed_relation_still_queries_the_database():
    (vision,) = Trial.objects.filter(slug="vision").full_records()
    control = vision.arms.filter(role=Arm.Role.CONTROL)
    assert [a.short_label for a in control] == ["Standard care"]


def test_a_refreshed_relation_is_read_again(django_assert_num_queries):
    (vision,) = Trial.objects.filter(slug="vision").full_records()
    vision.refresh_from_db(fields=["arms"])
    expected = Arm.objects.filter(trial=vision).count()
    with django_assert_num_queries(1):
        assert len(vision.arms.all()) == expected


def test_a_loaded_row_saves_like_any_other():
    (vision,) = Trial.objects.filter(slug="vision").full_records()
    arm = rows_of(vision, "arms")[0]
    arm.locator = "Table 1 (checked)"
    arm.save(update_fields=["locator"])
    assert Arm.objects.get(pk=arm.pk).locator == "Table 1 (checked)"


def test_an_init_signal_is_honoured():
    """No init signal is connected to these models; if one ever is, rows go through from_db()."""
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance)

    post_init.connect(receiver, sender=ArmResult)
    try:
        (vision,) = Trial.objects.filter(slug="vision").full_records()
    finally:
        post_init.disconnect(receiver, sender=ArmResult)
    loaded = [r for e in rows_of(vision, "endpoints") for r in rows_of(e, "results")]
    assert loaded and all(any(r is s for s in seen) for r in loaded)


def test_sql_is_compiled_once_per_shape():
    compiled.cache_clear()
    for slugs in (["vision", "therap"], ["netter-1", "ralu"], ["vision", "therap", "ralu"]):
        Trial.objects.filter(slug__in=slugs).full_records()
    info = compiled.cache_info()
    # Two shapes (two trials, three trials) of each table: the second pair reuses the first's.
    tables = info.currsize // 2
    assert tables >= 10
    assert (info.misses, info.hits) == (2 * tables, tables)


def test_no_trials_no_queries(django_assert_num_queries):
    with django_assert_num_queries(1):
        assert Trial.objects.filter(slug="none").full_records() == []
