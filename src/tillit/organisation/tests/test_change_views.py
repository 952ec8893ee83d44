"""The administrator's organisation pages: only admins (403 for others, login for anonymous,
404 for another municipality's rows), Swedish messages beside the fields with nothing stored,
and the change visible in the history."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tillit.organisation.models import Appointment, Body, Majority, Membership, Person

pytestmark = pytest.mark.django_db

PAGES = [
    ("organisation:change", {}),
    ("organisation:change_term", {}),
    ("organisation:change_majority", {}),
    ("organisation:change_body", {}),
    ("organisation:change_body_end", {"slug": "ks"}),
    ("organisation:change_appointment", {}),
    ("organisation:change_membership", {}),
    ("organisation:change_person", {}),
]


def _url(name, **kwargs):
    return reverse(name, kwargs={"municipality": "testkommun", **kwargs})


@pytest.mark.parametrize("name,kwargs", PAGES)
def test_admin_sees_each_page(login, name, kwargs):
    response = login("admin").get(_url(name, **kwargs))
    assert response.status_code == 200
    assert 'class="ds-' in response.content.decode()


@pytest.mark.parametrize("username", ["sekreterare-ks", "kommundirektor", "lasare"])
def test_others_get_403_and_store_nothing(login, testkommun, username):
    client = login(username)
    for name, kwargs in PAGES:
        assert client.get(_url(name, **kwargs)).status_code == 403, name
    response = client.post(_url("organisation:change_person"), {"name": "Inkräktare"})
    assert response.status_code == 403
    assert "administratör" in response.content.decode()
    assert not Person.objects.filter(name="Inkräktare").exists()


def test_anonymous_is_sent_to_login(client, testkommun):
    response = client.get(_url("organisation:change"))
    assert response.status_code == 302 and "logga-in" in response["Location"]


def test_other_municipalitys_admin_gets_403_and_foreign_rows_404(client, testkommun):
    from django.contrib.auth import get_user_model

    from tillit.accounts.services import role_grant
    from tillit.organisation.services import (
        body_create,
        membership_add,
        municipality_create,
        person_create,
    )

    other = municipality_create(slug="annan", name="Annan kommun", code="9998")
    foreign_body = body_create(
        municipality=other,
        slug="kf-annan",
        name="Annans KF",
        kind="council",
        valid_from=date(2020, 1, 1),
    )
    foreign_ms = membership_add(
        person=person_create(municipality=other, name="Annans ledamot"),
        body=foreign_body,
        role="member",
        valid_from=date(2020, 1, 1),
    )
    admin_b = get_user_model().objects.create_user(username="admin-annan")
    role_grant(user=admin_b, municipality=other, kind="admin")
    client.force_login(admin_b)
    assert client.get(_url("organisation:change")).status_code == 403
    # B's own pages, A's rows: not found.
    assert (
        client.get(
            reverse("organisation:change_membership_end", args=["annan", foreign_ms.pk])
        ).status_code
        == 200
    )
    tk_ms = Membership.objects.filter(municipality=testkommun.municipality).first()
    assert (
        client.get(
            reverse("organisation:change_membership_end", args=["annan", tk_ms.pk])
        ).status_code
        == 404
    )
    assert (
        client.get(reverse("organisation:change_body_end", args=["annan", "ks"])).status_code == 404
    )
    # A's person offered in B's form is refused as an invalid choice, nothing stored.
    tk_person = Person.objects.filter(municipality=testkommun.municipality).first()
    response = client.post(
        reverse("organisation:change_membership", args=["annan"]),
        {
            "body": foreign_body.pk,
            "person": tk_person.pk,
            "role": "member",
            "valid_from": "2024-01-01",
        },
    )
    assert response.status_code == 400
    assert not Membership.objects.filter(body=foreign_body, person=tk_person).exists()


def test_new_chief_registered_and_shown_in_the_history(login, testkommun):
    client = login("admin")
    person = client.post(_url("organisation:change_person"), {"name": "Ny direktör (fiktiv)"})
    assert person.status_code == 302
    new = Person.objects.get(name="Ny direktör (fiktiv)")
    response = client.post(
        _url("organisation:change_appointment"),
        {"office": testkommun.kommundirektor.pk, "person": new.pk, "valid_from": "2025-04-01"},
        follow=True,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ny direktör (fiktiv) har befattningen" in html  # the message
    assert 'id="historik"' in html
    history = html[html.index('id="historik"') :]
    assert "Ny direktör (fiktiv)" in history and "2025-04-01" in history
    assert "Kommundirektören (fiktiv)" in history and "2025-03-31" in history
    assert Appointment.objects.filter(office=testkommun.kommundirektor).count() == 2


def test_bad_input_gives_swedish_messages_beside_the_fields_and_stores_nothing(login, testkommun):
    client = login("admin")
    before = (Majority.objects.count(), Body.objects.count(), Membership.objects.count())
    response = client.post(
        _url("organisation:change_majority"), {"parties": "", "valid_from": "igår"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ange partierna i styret." in html
    assert "Skriv datumet som ÅÅÅÅ-MM-DD" in html
    assert 'id="error-summary"' in html and 'aria-invalid="true"' in html
    # A rule of the service (majority inside the history) beside its field.
    response = client.post(
        _url("organisation:change_majority"), {"parties": "S", "valid_from": "2020-01-01"}
    )
    assert response.status_code == 400
    assert "Ett nytt styre måste börja efter det senaste" in response.content.decode()
    response = client.post(
        _url("organisation:change_body"),
        {
            "name": "Nämnd",
            "kind": "committee",
            "parent": testkommun.ks.pk,
            "valid_from": "3000-01-01",
        },
    )
    assert response.status_code == 400
    assert "utanför det tillåtna intervallet" in response.content.decode()
    response = client.post(
        _url("organisation:change_membership"),
        {
            "body": testkommun.ks.pk,
            "person": Person.objects.get(name="Ledamot KS (fiktiv)").pk,
            "role": "chair",
            "valid_from": "2024-01-01",
        },
    )
    assert response.status_code == 400
    assert "är redan ledamot i Kommunstyrelsen" in response.content.decode()
    response = client.post(_url("organisation:change_term"), {"election_year": "20x2"})
    assert response.status_code == 400 and "Skriv valåret med siffror." in response.content.decode()
    response = client.post(
        _url("organisation:change_body_end", slug="ks"), {"valid_to": "2025-01-01"}
    )
    assert response.status_code == 400 and "Avsluta dem först" in response.content.decode()
    assert (Majority.objects.count(), Body.objects.count(), Membership.objects.count()) == before


def test_membership_added_and_ended_from_the_body_page(login, testkommun):
    client = login("admin")
    person = Person.objects.get(name="Ordförande KS (fiktiv)")
    response = client.post(
        _url("organisation:change_membership"),
        {
            "body": testkommun.bun.pk,
            "person": person.pk,
            "role": "substitute",
            "valid_from": "2024-01-01",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(_url("organisation:body", slug="bun") + "#historik")
    ms = Membership.objects.get(body=testkommun.bun, person=person)
    page = client.get(_url("organisation:body", slug="bun")).content.decode()
    assert _url("organisation:change_membership_end", pk=ms.pk) in page
    response = client.post(
        _url("organisation:change_membership_end", pk=ms.pk), {"valid_to": "2024-12-31"}
    )
    assert response.status_code == 302
    ms.refresh_from_db()
    assert ms.valid_to == date(2024, 12, 31)


def test_history_is_public_but_the_change_links_are_not(client, testkommun):
    html = client.get(_url("organisation:chart")).content.decode()
    assert "Historik" in html and "C+D" in html and "A+B" in html
    assert _url("organisation:change") not in html
    html = client.get(_url("organisation:body", slug="ks")).content.decode()
    assert "Ledamöter över tid" in html
    assert "/organisation/andra/" not in html


def test_body_registered_and_ended_through_the_forms(login, testkommun):
    client = login("admin")
    response = client.post(
        _url("organisation:change_body"),
        {
            "name": "Kultur- och fritidsnämnden",
            "short_name": "KFN",
            "kind": "committee",
            "parent": testkommun.kf.pk,
            "valid_from": "2025-01-01",
            "seats": "9",
        },
    )
    assert response.status_code == 302
    body = Body.objects.get(slug="kfn")
    assert (body.kind, body.parent_id, body.seats) == ("committee", testkommun.kf.pk, 9)
    html = client.get(_url("organisation:chart")).content.decode()
    assert "Kultur- och fritidsnämnden" in html[html.index('id="historik"') :]
    response = client.post(
        _url("organisation:change_body_end", slug="kfn"), {"valid_to": "2025-12-31"}
    )
    assert response.status_code == 302
    body.refresh_from_db()
    assert body.valid_to == date(2025, 12, 31)
    html = client.get(_url("organisation:chart")).content.decode()
    assert "fanns 2025-01-01 – 2025-12-31" in html


def test_api_appoints_a_new_chief(client, testkommun):
    from tillit.accounts.services import api_token_create

    old = Appointment.objects.get(office=testkommun.kommundirektor)
    person = Person.objects.create(municipality=testkommun.municipality, name="API-chef (fiktiv)")
    payload = {"office": "kommundirektor", "person": person.pk, "valid_from": "2025-04-01"}
    url = "/api/v1/appointments?municipality=testkommun"
    token = api_token_create(username="sekreterare-ks")[1]
    response = client.post(
        url, payload, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 403
    token = api_token_create(username="admin")[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    response = client.post(url, payload, content_type="application/json", **auth)
    assert response.status_code == 201, response.content
    assert response.json()["previous_ended"] == [old.pk]
    old.refresh_from_db()
    assert old.valid_to == date(2025, 3, 31)
    response = client.post(url, payload, content_type="application/json", **auth)
    assert response.status_code == 422
    assert "valid_from" in response.json()["errors"]
    response = client.post(
        url, {**payload, "person": 987654}, content_type="application/json", **auth
    )
    assert response.status_code == 422 and "finns inte" in response.json()["detail"]
