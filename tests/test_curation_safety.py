"""Curation under hostile edits and races: large trials save, the review gate holds on every
path, records stay with their trial, stale forms overwrite nothing, fixtures leave history."""

import json
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tablib import Dataset

from tests.admin_forms import change_url, form_data, staff, submit
from tests.trial_helpers import vision_os_hr
from trials.admin.resources import AdverseEventResource
from trials.models import AdverseEvent, Arm, AtRisk, Trial

pytestmark = pytest.mark.django_db

SLUGS = ["vision", "netter-1", "therap", "ralu"]


@pytest.fixture
def curator(client):
    client.force_login(staff("curator", "Curator"))
    return client


def errors(response):
    return re.findall(r'class="errorlist[^"]*">(.*?)</ul>', response.content.decode(), re.S)


@pytest.mark.parametrize("slug", SLUGS)
def test_every_trial_page_posts_fewer_fields_than_django_accepts_and_saves(curator, slug):
    trial = Trial.objects.get(slug=slug)
    page = curator.get(change_url(trial)).content.decode()
    fields = form_data(page, "trial_form", change_reason="Checked the sponsor")
    assert len(fields) < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS / 2, len(fields)
    response = curator.post(change_url(trial), fields | {"sponsor": "Checked sponsor"})
    assert response.status_code == 302, errors(response)
    trial.refresh_from_db()
    assert trial.sponsor == "Checked sponsor"
    assert trial.history.first().history_change_reason == "Checked the sponsor"


def test_the_trial_page_links_its_end_points_adverse_events_and_baseline(curator):
    vision = Trial.objects.get(slug="vision")
    page = curator.get(change_url(vision)).content.decode()
    n = vision.endpoints.count()
    assert f'href="/admin/trials/endpoint/?trial__id__exact={vision.pk}">{n} end points' in page
    assert f'href="/admin/trials/adverseevent/add/?trial={vision.pk}"' in page
    listed = curator.get(f"/admin/trials/endpoint/?trial__id__exact={vision.pk}").content.decode()
    assert f"{n} results (" in listed
    # An add form opened from there offers only that trial's publications.
    add = curator.get(f"/admin/trials/adverseevent/add/?trial={vision.pk}").content.decode()
    assert "NEJM 2021" in add and "Lancet Oncol 2021" not in add


def test_the_admin_query_count_does_not_grow_with_the_trial(curator):
    """VISION has 10x RALU's rows; both pages run the same queries."""
    counts = {}
    for slug in ("vision", "ralu"):
        trial = Trial.objects.get(slug=slug)
        pages = [
            change_url(trial),
            change_url(trial.endpoints.order_by("pk").first()),
            change_url(trial.adverse_events.order_by("pk").first()),
            *(
                f"/admin/trials/{name}/?{path}={trial.pk}"
                for name, path in [
                    ("publication", "trial__id__exact"),
                    ("arm", "trial__id__exact"),
                    ("analysisset", "trial__id__exact"),
                    ("endpoint", "trial__id__exact"),
                    ("armresult", "endpoint__trial__id__exact"),
                    ("effectestimate", "endpoint__trial__id__exact"),
                    ("atrisk", "endpoint__trial__id__exact"),
                    ("adverseevent", "trial__id__exact"),
                    ("adverseeventarm", "adverse_event__trial__id__exact"),
                    ("baselinecharacteristic", "trial__id__exact"),
                    ("crossover", "trial__id__exact"),
                ]
            ),
        ]
        for page, url in enumerate(pages):
            ContentType.objects.clear_cache()  # each page starts as cold as the others
            with CaptureQueriesContext(connection) as captured:
                assert curator.get(url).status_code == 200, url
            counts.setdefault(page, []).append(len(captured))
    assert all(vision == ralu for vision, ralu in counts.values()), sorted(counts.items())
    assert max(vision for vision, _ in counts.values()) <= 40, counts


def test_reverting_to_an_older_version_cannot_publish_or_unpublish(client, curator):
    editor = staff("editor", "Editor")
    ralu = Trial.objects.get(slug="ralu")
    published = ralu.history.latest()  # loaded from fixtures, published
    ralu.review_status = Trial.ReviewStatus.DRAFT
    ralu._change_reason = "Back to draft"
    ralu.save()

    # Draft now; the older version is published: a curator's revert must not publish it. The
    # form offers no "published", so the reverted trial stays a draft; forcing it is refused.
    url = f"/admin/trials/trial/{ralu.pk}/history/{published.history_id}/"
    response = submit(curator, url, "historicaltrial_form", change_reason="Revert")
    ralu.refresh_from_db()
    assert ralu.review_status == Trial.ReviewStatus.DRAFT
    response = submit(
        curator, url, "historicaltrial_form", change_reason="Revert", review_status="published"
    )
    assert response.status_code == 200
    ralu.refresh_from_db()
    assert ralu.review_status == Trial.ReviewStatus.DRAFT

    # Published now; the older version is a draft: a curator's revert must not unpublish it.
    draft = ralu.history.latest()
    ralu.review_status = Trial.ReviewStatus.PUBLISHED
    ralu._history_user = editor
    ralu.save()
    url = f"/admin/trials/trial/{ralu.pk}/history/{draft.history_id}/"
    response = submit(curator, url, "historicaltrial_form", change_reason="Revert")
    assert "Only an editor can publish a trial" in response.content.decode()
    ralu.refresh_from_db()
    assert ralu.review_status == Trial.ReviewStatus.PUBLISHED

    # An editor may do either.
    client.force_login(editor)
    response = submit(client, url, "historicaltrial_form", change_reason="Unpublish")
    assert response.status_code == 302, errors(response)
    ralu.refresh_from_db()
    assert ralu.review_status == Trial.ReviewStatus.DRAFT


def test_a_curator_cannot_publish_by_any_form_field(curator):
    ralu = Trial.objects.get(slug="ralu")
    Trial.objects.filter(pk=ralu.pk).update(review_status=Trial.ReviewStatus.IN_REVIEW)
    url = change_url(ralu)
    data = form_data(curator.get(url).content.decode(), "trial_form", change_reason="x")
    response = curator.post(url, data | {"review_status": "published"})
    assert response.status_code == 200
    ralu.refresh_from_db()
    assert ralu.review_status == Trial.ReviewStatus.IN_REVIEW


def vision_control_arm():
    return Arm.objects.get(trial__slug="vision", role="control")


def test_a_record_cannot_move_to_another_trial_in_the_admin(curator):
    arm = vision_control_arm()
    netter = Trial.objects.get(slug="netter-1")
    response = submit(
        curator, change_url(arm), "arm_form", trial=str(netter.pk), change_reason="Move"
    )
    arm.refresh_from_db()
    assert arm.trial.slug == "vision"
    assert response.status_code in (200, 302)
    page = curator.get(change_url(arm)).content.decode()
    assert 'name="trial"' not in page  # shown, not editable
    assert curator.get("/trials/vision/").status_code == 200


def test_a_record_cannot_move_to_another_trial_in_code_or_an_import():
    arm = vision_control_arm()
    arm.trial = Trial.objects.get(slug="netter-1")
    with pytest.raises(ValidationError, match="cannot move to another trial"):
        arm.save()
    hr = vision_os_hr()
    hr.endpoint = Trial.objects.get(slug="ralu").endpoints.first()
    with pytest.raises(ValidationError, match="cannot move to another trial"):
        hr.save()

    fatigue = AdverseEvent.objects.get(trial__slug="vision", term="Fatigue")
    netter = Trial.objects.get(slug="netter-1")
    resource = AdverseEventResource()
    row = resource.export(queryset=AdverseEvent.objects.filter(pk=fatigue.pk))
    data = Dataset(headers=row.headers)
    values = dict(zip(row.headers, row[0], strict=True))
    values["trial"] = netter.pk
    values["source"] = netter.publications.first().pk
    data.append([values[h] for h in row.headers])
    result = resource.import_data(data, dry_run=False, raise_errors=False)
    assert result.has_errors() or result.has_validation_errors()
    fatigue.refresh_from_db()
    assert fatigue.trial.slug == "vision"


def test_a_fixture_cannot_move_a_record_to_another_trial(tmp_path):
    arm = vision_control_arm()
    fixture = tmp_path / "move.json"
    netter = Trial.objects.get(slug="netter-1")
    call_command("dumpdata", "trials.arm", pks=str(arm.pk), output=str(fixture), verbosity=0)
    rows = json.loads(fixture.read_text())
    rows[0]["fields"]["trial"] = netter.pk
    rows[0]["fields"]["source"] = netter.publications.first().pk
    fixture.write_text(json.dumps(rows))
    with pytest.raises(CommandError, match="cannot move to another trial.*\n.*Nothing was loaded"):
        call_command("loaddata", str(fixture), verbosity=0)
    assert vision_control_arm().trial.slug == "vision"


def test_numbers_at_risk_that_rise_are_refused_on_save(curator):
    # VISION Figure 2B: the numbers at risk fall month by month.
    row = AtRisk.objects.filter(endpoint__trial__slug="vision", month__gt=0).order_by("pk").first()
    earlier = AtRisk.objects.filter(
        endpoint=row.endpoint, arm=row.arm, month__lt=row.month
    ).order_by("-month")[0]
    response = submit(
        curator,
        change_url(row),
        "atrisk_form",
        n_at_risk=str(earlier.n_at_risk + 1),
        change_reason="Typo",
    )
    assert response.status_code == 200
    assert "numbers at risk never rise" in response.content.decode()
    assert AtRisk.objects.get(pk=row.pk).n_at_risk == row.n_at_risk


def test_a_save_from_a_stale_form_is_refused_and_says_what_changed(client, curator):
    """Two curators open VISION's OS hazard ratio; the first saves 0.63, the second, whose
    form still shows 0.62, edits the locator: the second save is refused, 0.63 is kept."""
    hr = vision_os_hr()
    url = change_url(hr)
    second = form_data(curator.get(url).content.decode(), "effectestimate_form")
    client.force_login(staff("other", "Curator"))
    response = submit(client, url, "effectestimate_form", value="0.63", change_reason="First")
    assert response.status_code == 302

    response = curator.post(
        url, second | {"locator": "Figure 2B", "change_reason": "Second, from an old page"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Someone saved this record after you opened it" in body
    assert "value: 0.6200 → 0.6300" in body
    hr.refresh_from_db()
    assert hr.value == Decimal("0.63")
    assert hr.locator != "Figure 2B"
    assert hr.history.first().history_change_reason == "First"


def test_a_stale_inline_row_is_refused_but_untouched_rows_are_not(client, curator):
    vision = Trial.objects.get(slug="vision")
    url = change_url(vision)
    stale = form_data(curator.get(url).content.decode(), "trial_form")
    arm = vision_control_arm()
    arm.exposure = "Changed by someone else"
    arm._change_reason = "Meanwhile"
    arm.save()
    # The arm was not touched in this form: the save goes through and keeps their change.
    experimental = Arm.objects.get(trial=vision, role="experimental")  # 7.4 GBq, 200 mCi
    history = experimental.history.count()
    response = curator.post(url, stale | {"change_reason": "Sponsor", "sponsor": "Novartis"})
    assert response.status_code == 302, errors(response)
    assert vision_control_arm().exposure == "Changed by someone else"
    assert experimental.history.count() == history  # untouched rows are not saved again
    # Editing that arm from the stale page is refused.
    stale = form_data(curator.get(url).content.decode(), "trial_form")
    arm.exposure = "Changed again"
    arm.save()
    prefix = next(k for k, v in stale.items() if k.startswith("arms-") and v == str(arm.pk))[:-3]
    response = curator.post(
        url, stale | {"change_reason": "Arm", f"{prefix}-exposure": "Mine", "sponsor": "X"}
    )
    assert response.status_code == 200
    assert "Someone saved this record after you opened it" in response.content.decode()
    assert vision_control_arm().exposure == "Changed again"
    vision.refresh_from_db()
    assert vision.sponsor == "Novartis"


def test_loading_a_fixture_over_existing_rows_records_history(tmp_path):
    hr = vision_os_hr()
    fixture = tmp_path / "hr.json"
    call_command(
        "dumpdata", "trials.effectestimate", pks=str(hr.pk), output=str(fixture), verbosity=0
    )
    before = hr.history.count()
    call_command("loaddata", str(fixture), verbosity=0)
    assert hr.history.count() == before  # the same values: nothing to record
    rows = json.loads(fixture.read_text())
    rows[0]["fields"]["locator"] = "Figure 2B"
    fixture.write_text(json.dumps(rows))
    call_command("loaddata", str(fixture), verbosity=0)
    latest = hr.history.first()
    assert (latest.locator, latest.history_type, latest.history_change_reason) == (
        "Figure 2B",
        "~",
        "Loaded from fixtures",
    )
