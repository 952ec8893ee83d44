"""The delegation decision page, and questions past the chain recorded as deviations."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from tillit.accounts.services import api_token_create, role_grant
from tillit.barometer.models import DelegationDecision, Deviation, DeviationSource
from tillit.followup.models import Question


def _url(tk) -> str:
    return f"/{tk.municipality.slug}/barometer/delegationsbeslut/"


def _form(**changes) -> dict:
    return {
        "body": "bun",
        "delegation_point": "2.1",
        "decided_on": timezone.localdate().isoformat(),
        "title": "Ny inriktning för fritidshemmen",
        "content": "Fritidshemmen ges en ny inriktning mot friluftsliv.",
        "delegate_office": "forvaltningschef-bun",
        "delegate_role": "",
        "reported_meeting": "",
        **changes,
    }


def test_delegation_page_records_and_shows_the_strategic_flag(client, testkommun):
    client.force_login(testkommun.users["sekreterare-bun"])
    index = client.get(f"/{testkommun.municipality.slug}/barometer/").content.decode()
    assert "delegationsbeslut/" in index  # linked from the barometer page
    assert client.get(_url(testkommun)).status_code == 200
    response = client.post(_url(testkommun), _form(), follow=True)
    assert response.status_code == 200
    d = DelegationDecision.objects.get()
    assert (
        d.body == testkommun.bun
        and d.is_strategic
        and d.registered_by.username.endswith("sekreterare-bun")
    )
    assert response.redirect_chain[-1][0].endswith(f"?organ=bun&sparat={d.pk}")
    html = response.content.decode()
    assert "Flaggat: strategisk nivå" in html
    assert "verksamhetens inriktning" in html  # the reason shown after saving
    assert "»inriktning«" in html
    assert html.count("Ny inriktning för fritidshemmen") >= 2  # notice and the list
    plain = client.post(
        _url(testkommun),
        _form(title="Placering i förskola", content="Placering av ett barn enligt turordningen."),
        follow=True,
    ).content.decode()
    assert "Inte flaggat" in plain
    assert DelegationDecision.objects.filter(is_strategic=False).count() == 1


def test_delegation_page_errors_stay_beside_the_fields(client, testkommun):
    client.force_login(testkommun.users["sekreterare-bun"])
    response = client.post(
        _url(testkommun), _form(title="", delegation_point="", content="Min text finns kvar.")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-field="title"' in html and "Ange en rubrik." in html
    assert (
        'data-field="delegation_point"' in html and "Ange punkten i delegationsordningen." in html
    )
    assert "Min text finns kvar." in html  # input kept
    bad_date = client.post(_url(testkommun), _form(decided_on="2024-13-45"))
    assert bad_date.status_code == 200
    assert "Ange datum som ÅÅÅÅ-MM-DD." in bad_date.content.decode()
    unknown = client.post(_url(testkommun), _form(delegate_office="nope", reported_meeting="x1"))
    assert unknown.status_code == 200
    assert "Okänd befattning." in unknown.content.decode()
    assert not DelegationDecision.objects.exists()


def test_delegation_page_permissions(client, testkommun):
    url = _url(testkommun)
    assert client.get(url).status_code == 302  # login first
    client.force_login(testkommun.users["lasare"])
    assert client.get(url).status_code == 403
    assert client.post(url, _form()).status_code == 403
    index = client.get(f"/{testkommun.municipality.slug}/barometer/").content.decode()
    assert "delegationsbeslut/" not in index
    client.force_login(testkommun.users["sekreterare-ks"])  # KS's secretary, not BUN's
    assert client.get(url + "?organ=bun").status_code == 403
    assert client.post(url, _form()).status_code == 403
    assert client.get(url + "?organ=nope").status_code == 404
    assert not DelegationDecision.objects.exists()
    client.force_login(testkommun.users["kommundirektor"])
    assert client.post(url, _form()).status_code == 302


@pytest.fixture
def outsider(testkommun):
    user = get_user_model().objects.create_user(username="politiker-bun", password="x")
    role_grant(
        user=user, municipality=testkommun.municipality, kind="politician", body=testkommun.bun
    )
    return user


def _ask_api(client, tk, user):
    token = api_token_create(username=user.username)[1]
    return client.post(
        "/api/v1/questions",
        data=json.dumps({"assignment_id": tk.assignment_ks.pk, "text": "Hur går det?"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_question_past_the_chain_via_api_records_one_deviation(client, testkommun, outsider):
    questions = Question.objects.count()
    response = _ask_api(client, testkommun, outsider)
    assert response.status_code == 403 and response.json()["code"] == "not_member"
    assert "Ställ din fråga i ditt eget organ" in response.json()["detail"]
    assert Question.objects.count() == questions  # the question is not stored
    d = Deviation.objects.get()
    assert d.source == DeviationSource.QUESTION_OUTSIDE_CHAIN
    assert d.body == testkommun.bun and d.to_office == testkommun.kommundirektor
    assert d.reporter is None and d.content == "Hur går det?"
    assert d.occurred_on == timezone.localdate()
    assert d.details["issuer"] == "ks" and d.details["assignment"] == testkommun.assignment_ks.pk
    assert "politiker" not in d.from_role  # a role, never a name


def test_question_past_the_chain_via_page_records_one_deviation(client, testkommun, outsider):
    client.force_login(outsider)
    response = client.post(
        f"/{testkommun.municipality.slug}/uppfoljning/uppdrag/{testkommun.assignment_ks.pk}/fraga/",
        {"text": "Varför dröjer det?"},
    )
    assert response.status_code == 403 and "eget organ" in response.content.decode()
    assert not Question.objects.filter(text="Varför dröjer det?").exists()
    d = Deviation.objects.get()
    assert d.source == DeviationSource.QUESTION_OUTSIDE_CHAIN and d.body == testkommun.bun


def test_a_failure_to_record_never_changes_the_refusal(client, testkommun, outsider, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr("tillit.barometer.services.deviation_record_refusal", broken)
    response = _ask_api(client, testkommun, outsider)
    assert response.status_code == 403 and response.json()["code"] == "not_member"
    assert not Deviation.objects.exists()


def test_a_member_asking_records_no_deviation(client, testkommun):
    from tillit.organisation.models import Person

    member = get_user_model().objects.create_user(username="ledamot-ks", password="x")
    Person.objects.filter(name="Ledamot KS (fiktiv)").update(user=member)
    assert _ask_api(client, testkommun, member).status_code == 201
    assert not Deviation.objects.exists()
