"""Swedish by default whatever the browser says; English only when the user chooses it."""

import pytest


@pytest.mark.django_db
def test_browser_language_does_not_switch_to_english(client, testkommun):
    response = client.get("/testkommun/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert response.status_code == 200
    assert response["Content-Language"] == "sv"
    assert '<html lang="sv"' in response.content.decode()


@pytest.mark.django_db
def test_language_switch_sets_english(client, testkommun):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/testkommun/"})
    assert response.status_code == 302
    response = client.get("/testkommun/")
    assert response["Content-Language"] == "en"
    assert '<html lang="en"' in response.content.decode()
