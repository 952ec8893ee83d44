"""Chief rights follow the organisation as it is today: an ended chief office holds nothing."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from tillit.accounts import permissions as perm
from tillit.accounts.services import role_grant
from tillit.followup import services as followup
from tillit.followup.selectors import inbox_for, question_get
from tillit.organisation import services as org

pytestmark = pytest.mark.django_db


def _reorganise_bun(tk):
    """forvaltningschef-bun ended yesterday; a new chief office for BUN from today. Returns the
    old and the new chief's users."""
    User = get_user_model()
    today = timezone.localdate()
    old_user = User.objects.create_user(username="gammal-chef-bun")
    role_grant(
        user=old_user, municipality=tk.municipality, kind="chief", office=tk.forvaltningschef_bun
    )
    tk.forvaltningschef_bun.valid_to = today - timedelta(days=1)
    tk.forvaltningschef_bun.save()
    new_office = org.office_create(
        municipality=tk.municipality,
        slug="forvaltningschef-bun-ny",
        title="Förvaltningschef",
        organisation_name="Utbildningsförvaltningen",
        kind="department_head",
        valid_from=today,
        answers_to=tk.bun,
    )
    new_user = User.objects.create_user(username="ny-chef-bun")
    role_grant(user=new_user, municipality=tk.municipality, kind="chief", office=new_office)
    return old_user, new_user, new_office


def test_an_ended_chief_office_loses_its_rights(testkommun):
    a = testkommun.assignment_kf  # to KS and BUN, BUN leading
    User = get_user_model()
    asker = User.objects.create_user(username="politiker-kf")
    role_grant(
        user=asker, municipality=testkommun.municipality, kind="politician", body=testkommun.kf
    )
    before = followup.question_ask(actor=asker, assignment=a, text="Hur går det?")
    assert before.to_office == testkommun.forvaltningschef_bun

    old_user, new_user, new_office = _reorganise_bun(testkommun)
    before = question_get(municipality=testkommun.municipality, pk=before.pk)

    assert perm.recipient_chief_offices(a) == [new_office, testkommun.kommundirektor]
    assert not perm.can_file_report(old_user, a)
    assert not perm.can_read_drafts(old_user, a)
    assert not perm.can_answer_question(old_user, before)
    assert perm.can_file_report(new_user, a) and perm.can_read_drafts(new_user, a)
    assert perm.can_answer_question(new_user, before)
    after = followup.question_ask(actor=asker, assignment=a, text="Och nu?")
    assert after.to_office == new_office
    # the inbox uses the same dated rule
    assert [
        q.pk for q in inbox_for(user=new_user, municipality=testkommun.municipality).questions
    ] == [
        before.pk,
        after.pk,
    ]
    assert not inbox_for(user=old_user, municipality=testkommun.municipality).questions


def test_an_ended_recipient_office_is_held_by_its_successor(testkommun):
    """KS addressed the kommundirektör's office; after a change of office the new one holds it."""
    a = testkommun.assignment_ks
    today = timezone.localdate()
    testkommun.kommundirektor.valid_to = today - timedelta(days=1)
    testkommun.kommundirektor.save()
    assert perm.recipient_chief_offices(a) == []
    new = org.office_create(
        municipality=testkommun.municipality,
        slug="kommundirektor-ny",
        title="Kommundirektör",
        organisation_name="Kommunledningsförvaltningen",
        kind="chief_executive",
        valid_from=today,
        answers_to=testkommun.ks,
    )
    assert perm.recipient_chief_offices(a) == [new]
    assert not perm.can_file_report(testkommun.users["kommundirektor"], a)
