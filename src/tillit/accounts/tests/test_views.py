import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_page_renders(client, db):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Användarnamn" in html and "Lösenord" in html
    assert 'for="id_username"' in html


def test_login_and_logout(client, testkommun, test_password):
    response = client.post(
        reverse("accounts:login"),
        {"username": "sekreterare-ks", "password": test_password, "next": "/testkommun/"},
    )
    assert response.status_code == 302
    # Signing in from the public start page leads to Min sida (issue 14 item 1).
    assert response["Location"] == "/min-sida/"
    assert client.get("/min-sida/")["Location"] == "/testkommun/min-sida/"
    html = client.get("/testkommun/").content.decode()
    from django.utils.html import escape

    from tillit.accounts.templatetags.people import public_name_of

    # The header names the person (or her role), never the login name.
    name = public_name_of(testkommun.users["sekreterare-ks"])
    assert f'<span class="tl-user">{escape(name)}</span>' in html and "Logga ut" in html
    assert "sekreterare-ks" not in html
    # Logout is a POST; GET only shows a confirmation form.
    assert client.get(reverse("accounts:logout")).status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "Logga in" in client.get("/testkommun/").content.decode()


def test_wrong_password_shows_swedish_error(client, testkommun):
    response = client.post(
        reverse("accounts:login"), {"username": "sekreterare-ks", "password": "fel"}
    )
    assert response.status_code == 200
    assert "Fel användarnamn eller lösenord" in response.content.decode()
