"""Eligibility criteria keep to their rules: answers of their own feature, a source of their own
trial, the same trial for life; the admin, the whole-database check and the matching agree."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.admin_forms import change_url, staff, submit
from trials.eligibility import EXCLUDED, INCLUDED, NOT_STATED, match
from trials.models import EligibilityCriterion, Publication, Trial
from trials.validation import all_violations

pytestmark = pytest.mark.django_db


def criterion(slug, feature):
    return EligibilityCriterion.objects.get(trial__slug=slug, feature=feature)


def errors(obj):
    with pytest.raises(ValidationError) as raised:
        obj.full_clean()
    return raised.value.message_dict


def test_an_answer_of_another_feature_is_refused_with_the_answers_it_could_be():
    row = criterion("vision", "ecog")
    row.admits = "0,1,positive"
    message = " ".join(errors(row)["admits"])
    assert "“positive” is not an answer to “ECOG”" in message
    assert "choose from: 0, 1, 2, 3-4" in message


def test_a_criterion_admits_at_least_one_answer_and_is_stored_in_one_spelling():
    row = criterion("vision", "ecog")
    row.admits = " , "
    assert "admits" in errors(row)
    row.admits = " 0, 1 ,2"
    row.full_clean()
    assert row.admits == "0,1,2"


def test_an_exclusion_criterion_cannot_ask_more_than_the_answer():
    row = criterion("vision", "ecog")
    row.is_exclusion, row.asks_more = True, True
    assert "cannot ask more" in " ".join(errors(row)["asks_more"])
    # Saved around the form, the database refuses it too.
    with pytest.raises(IntegrityError), transaction.atomic():
        EligibilityCriterion.objects.filter(pk=row.pk).update(is_exclusion=True, asks_more=True)


def test_the_api_says_which_criteria_ask_more_than_the_answer(client):
    # TheraP, ASCO 2022 abstract 5000, Methods: "at least one site with SUVmax≥20".
    found = client.get("/api/trials/therap/").json()["criteria"]
    flagged = [c["text"] for c in found if c["asks_more"]]
    assert flagged == ["at least one site with SUVmax≥20"]


def test_the_source_is_a_publication_of_the_same_trial():
    row = criterion("vision", "ecog")
    row.source = Publication.objects.filter(trial__slug="therap").first()
    assert "source" in errors(row)


def test_a_criterion_never_moves_to_another_trial():
    row = criterion("vision", "ecog")
    row.trial = Trial.objects.get(slug="therap")
    with pytest.raises(ValidationError, match="cannot move to another trial"):
        row.save()


def test_the_whole_database_check_reports_a_criterion_saved_around_the_rules():
    row = criterion("therap", "fdg")
    EligibilityCriterion.objects.filter(pk=row.pk).update(admits="none,maybe")
    found = [str(v) for v in all_violations()]
    assert [line for line in found if f"#{row.pk} " in line and "not an answer" in line]
    assert all("TheraP" in line for line in found)


def test_an_edit_in_the_admin_is_validated_and_kept_in_history(client):
    client.force_login(staff("curator", "Curator"))
    row = criterion("psmafore", "ecog")
    url = change_url(row)
    refused = submit(client, url, "eligibilitycriterion_form", admits="0,5", change_reason="Test")
    assert refused.status_code == 200
    assert "is not an answer to “ECOG”" in refused.content.decode()
    saved = submit(client, url, "eligibilitycriterion_form", admits="0", change_reason="Test")
    assert saved.status_code == 302
    row.refresh_from_db()
    assert row.admits == "0"
    assert row.history.first().history_change_reason == "Test"
    # The source offered is only PSMAfore's own publications.
    page = client.get(url).content.decode()
    assert "ESMO 2023 LBA13" in page and "NEJM 2021" not in page


def test_clinical_settings_are_curated_in_the_admin(client):
    client.force_login(staff("editor", "Editor"))
    assert client.get("/admin/trials/clinicalsetting/").status_code == 200
    assert client.get("/admin/trials/eligibilitycriterion/?trial__id__exact=1001").status_code == (
        200
    )


def matched(slug, answers):
    trial = Trial.objects.prefetch_related("criteria").get(slug=slug)
    return match(trial, answers)


def test_one_criterion_that_rules_an_answer_out_excludes_even_when_others_are_met():
    # PSMAfore: mCRPC and PSMA-positive are met, a prior taxane for mCRPC is ruled out.
    found = matched("psmafore", {"stage": "mcrpc", "psma_pet": "positive", "taxane": "one-mcrpc"})
    assert found.verdict == EXCLUDED
    assert [c.feature for c in found.failed] == ["taxane"]
    assert sorted(c.feature for c in found.met) == ["psma_pet", "stage"]


def test_unstated_features_are_named_and_do_not_decide():
    found = matched("ralu", {"stage": "mcrpc", "ecog": "3-4"})
    assert found.verdict == INCLUDED
    assert [f.code for f in found.unstated] == ["ecog"]
    assert [c.feature for c in found.unanswered] == ["radium"]
    assert matched("ralu", {"ecog": "3-4"}).verdict == NOT_STATED


def test_every_criterion_of_a_feature_must_admit_the_answer():
    # TheraP states PSMA PET twice (P1 and the SUVmax threshold of A3): both are met.
    found = matched("therap", {"psma_pet": "positive"})
    assert found.verdict == INCLUDED and len(found.met) == 2
    assert matched("therap", {"psma_pet": "negative"}).verdict == EXCLUDED
