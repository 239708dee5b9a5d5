"""The curation admin: validation, history with reasons, revert, roles, login limits, import."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.admin_forms import change_url, staff, submit
from tests.trial_helpers import vision_os_hr
from trials.models import AdverseEventArm, ArmResult, Trial

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator(client):
    user = staff("curator", "Curator")
    client.force_login(user)
    return user


@pytest.fixture
def editor_client(client):
    client.force_login(staff("editor", "Editor"))
    return client


def test_anonymous_users_are_sent_to_the_login(client):
    for url in ("/admin/", "/admin/trials/trial/", change_url(vision_os_hr())):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize(
    ("record", "changes", "message"),
    [
        (vision_os_hr, {"ci_low": "0.70"}, "does not contain the estimate"),
        (vision_os_hr, {"value": "0"}, "A hazard ratio must be greater than 0."),
        (vision_os_hr, {"ci_level": "100"}, "between 0 and 100, e.g. 95 or 99.2"),
        (vision_os_hr, {"locator": ""}, "This field is required."),
        (vision_os_hr, {"source": ""}, "This field is required."),
        (vision_os_hr, {"change_reason": ""}, "Say why you are changing this record."),
        (
            lambda: ArmResult.objects.get(
                endpoint__trial__slug="vision",
                arm__role="experimental",
                endpoint__name="Complete response (RECIST 1.1)",
                measure="proportion",
            ),
            {"value": "101"},
            "A percentage must lie between 0 and 100",
        ),
        (
            lambda: AdverseEventArm.objects.get(
                adverse_event__trial__slug="vision",
                adverse_event__term="Fatigue",
                arm__role="control",
            ),
            {"high_grade_n": "300"},
            "larger than its denominator",
        ),
    ],
)
def test_invalid_values_are_refused_with_a_message_and_nothing_is_saved(
    client, curator, record, changes, message
):
    obj = record()
    before = {f.name: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    history = obj.history.count()
    response = submit(
        client,
        change_url(obj),
        f"{obj._meta.model_name}_form",
        **{"change_reason": "Test edit", **changes},
    )
    assert response.status_code == 200  # the form comes back
    assert message in response.content.decode()
    obj.refresh_from_db()
    assert {f.name: getattr(obj, f.attname) for f in obj._meta.concrete_fields} == before
    assert obj.history.count() == history


def test_a_valid_edit_is_kept_in_history_with_user_and_reason_and_can_be_reverted(client, curator):
    hr = vision_os_hr()
    response = submit(
        client,
        change_url(hr),
        "effectestimate_form",
        value="0.63",
        change_reason="Checking the revert path",
    )
    assert response.status_code == 302
    hr.refresh_from_db()
    assert hr.value == Decimal("0.63")
    latest, loaded = hr.history.all()[:2]
    assert (latest.history_user, latest.history_change_reason) == (
        curator,
        "Checking the revert path",
    )
    assert loaded.value == Decimal("0.62")  # the old value is kept
    delta = latest.diff_against(loaded)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [
        ("value", Decimal("0.6200"), Decimal("0.6300"))
    ]

    # Revert from the admin's history page: the old version's form, saved with a reason.
    history_page = client.get(f"/admin/trials/effectestimate/{hr.pk}/history/")
    assert "Checking the revert path" in history_page.content.decode()
    response = submit(
        client,
        f"/admin/trials/effectestimate/{hr.pk}/history/{loaded.history_id}/",
        "historicaleffectestimate_form",
        change_reason="Revert to the published 0.62",
    )
    assert response.status_code == 302, re.findall(
        r'class="errorlist[^"]*">(.*?)</ul>', response.content.decode(), re.S
    )
    hr.refresh_from_db()
    assert hr.value == Decimal("0.62")
    assert hr.history.first().history_change_reason == "Revert to the published 0.62"


def test_the_public_page_shows_the_correction(client, curator):
    submit(
        client,
        change_url(vision_os_hr()),
        "effectestimate_form",
        value="0.63",
        change_reason="Correction",
    )
    assert (
        "HR 0.63 (95% CI 0.52–0.74)"
        in client.get("/compare/?trials=vision,therap").content.decode()
    )


def test_a_curator_cannot_publish(client, curator):
    Trial.objects.filter(slug="ralu").update(review_status=Trial.ReviewStatus.DRAFT)
    ralu = Trial.objects.get(slug="ralu")
    response = submit(
        client, change_url(ralu), "trial_form", review_status="published", change_reason="Publish"
    )
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    ralu.refresh_from_db()
    assert ralu.review_status == Trial.ReviewStatus.DRAFT
    # In review is a curator's to set.
    response = submit(
        client,
        change_url(ralu),
        "trial_form",
        review_status="in-review",
        change_reason="Ready for review",
    )
    assert response.status_code == 302
    ralu.refresh_from_db()
    assert ralu.review_status == Trial.ReviewStatus.IN_REVIEW


def test_a_curator_cannot_unpublish_or_delete_a_published_trial(client, curator):
    vision = Trial.objects.get(slug="vision")
    page = client.get(change_url(vision)).content.decode()
    assert 'name="review_status"' not in page  # shown read-only
    assert client.get(f"/admin/trials/trial/{vision.pk}/delete/").status_code == 403
    client.post(
        "/admin/trials/trial/",
        {"action": "delete_selected", "_selected_action": [vision.pk], "post": "yes"},
    )
    assert Trial.objects.filter(pk=vision.pk).exists()


def test_a_curator_has_no_user_management(client, curator):
    assert client.get("/admin/auth/user/").status_code == 403
    assert client.get("/admin/auth/group/").status_code == 403


def test_an_editor_publishes(editor_client):
    Trial.objects.filter(slug="ralu").update(review_status=Trial.ReviewStatus.IN_REVIEW)
    ralu = Trial.objects.get(slug="ralu")
    response = submit(
        editor_client,
        change_url(ralu),
        "trial_form",
        review_status="published",
        change_reason="Reviewed against the abstract",
    )
    assert response.status_code == 302
    ralu.refresh_from_db()
    assert ralu.review_status == Trial.ReviewStatus.PUBLISHED
    assert editor_client.get(f"/admin/trials/trial/{ralu.pk}/delete/").status_code == 200


def test_the_sixth_rapid_failed_login_is_refused(client):
    User.objects.create_user("someone", password="the-right-password", is_staff=True)
    statuses = [
        client.post("/admin/login/", {"username": "someone", "password": "wrong"}).status_code
        for _ in range(6)
    ]
    assert statuses == [200] * 5 + [429]
    # Even the right password is refused while locked out.
    locked = client.post("/admin/login/", {"username": "someone", "password": "the-right-password"})
    assert locked.status_code == 429


def test_drafts_are_public_nowhere_but_staff_preview_them_with_a_banner(client):
    Trial.objects.filter(slug="ralu").update(review_status=Trial.ReviewStatus.DRAFT)
    assert client.get("/trials/ralu/").status_code == 404
    assert client.get("/api/trials/ralu/").status_code == 404
    assert client.get("/api/trials/ralu/results.csv").status_code == 404
    assert client.get("/compare/?trials=vision,ralu&_export=csv").status_code == 404
    assert b"RALU" not in client.get("/trials/?_export=csv").content
    assert b"ralu" not in client.get("/api/trials/").content
    client.force_login(staff("preview", "Curator"))
    page = client.get("/trials/ralu/")
    assert page.status_code == 200
    assert "Draft preview" in page.content.decode()
    assert "Draft preview" in client.get("/compare/?trials=vision,ralu").content.decode()
    assert "Draft preview" not in client.get("/trials/vision/").content.decode()


IMPORT_HEADER = (
    "id,adverse_event,arm,denominator,all_grades_n,all_grades_pct,high_grade_n,"
    "high_grade_pct,not_applicable\n"
)


def control_counts(term):
    """VISION Table 2, standard-care column, for one adverse event."""
    return AdverseEventArm.objects.get(
        adverse_event__trial__slug="vision", adverse_event__term=term, arm__role="control"
    )


def import_row(counts, all_n, all_pct, high_n, high_pct):
    return (
        f"{counts.pk},{counts.adverse_event_id},{counts.arm_id},205,{all_n},{all_pct},"
        f"{high_n},{high_pct},0\n"
    )


def upload(client, *rows):
    """Send a CSV to the adverse-event counts import: its dry-run preview comes back."""
    file = SimpleUploadedFile(
        "ae.csv", (IMPORT_HEADER + "".join(rows)).encode(), content_type="text/csv"
    )
    return client.post(
        "/admin/trials/adverseeventarm/import/",
        {"import_file": file, "format": "0", "resource": "0"},
    )


def test_an_import_with_a_bad_row_shows_the_error_in_the_dry_run_and_changes_nothing(
    client, curator
):
    before = list(AdverseEventArm.objects.values_list("high_grade_n", flat=True).order_by("pk"))
    response = upload(
        client,
        import_row(control_counts("Fatigue"), 47, "22.9", 4, "2.0"),
        import_row(control_counts("Nausea"), 34, "16.6", 999, "0.5"),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "larger than its denominator" in body
    assert 'name="confirm"' not in body and "Confirm import" not in body
    after = list(AdverseEventArm.objects.values_list("high_grade_n", flat=True).order_by("pk"))
    assert after == before


def test_a_valid_import_previews_then_saves_on_confirmation(client, curator):
    fatigue = control_counts("Fatigue")
    preview = upload(client, import_row(fatigue, 47, "22.9", 4, "2.0"))
    assert preview.status_code == 200
    fatigue.refresh_from_db()
    assert fatigue.high_grade_n == 3  # Table 2: 3 (1.5); the dry run saved nothing
    confirm = submit_confirm(client, preview.content.decode())
    assert confirm.status_code == 302
    fatigue.refresh_from_db()
    assert fatigue.high_grade_n == 4
    assert fatigue.history.first().history_change_reason == "Imported from a spreadsheet"


def submit_confirm(client, preview_html):
    """Post the preview's confirmation form (its hidden fields), as "Confirm import" does."""
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', preview_html))
    assert "import_file_name" in hidden
    return client.post("/admin/trials/adverseeventarm/process_import/", hidden)
