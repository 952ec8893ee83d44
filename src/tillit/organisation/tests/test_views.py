import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_redirects_to_the_only_municipality(client, testkommun):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("organisation:start", args=["testkommun"])


def test_home_lists_municipalities_when_several(client, testkommun):
    from tillit.organisation.services import municipality_create

    municipality_create(slug="annan", name="Annan kommun", code="9998")
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Annan kommun" in response.content.decode()


def test_start_page(client, testkommun):
    response = client.get(reverse("organisation:start", args=["testkommun"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "C+D" in html  # current majority
    assert "Uppdrag om digitalisering" in html  # recent decision
    assert 'lang="sv"' in html
    assert "Registrera beslut" not in html  # anonymous


def test_start_page_shows_register_link_to_secretary(login, testkommun):
    client = login("sekreterare-ks")
    html = client.get(reverse("organisation:start", args=["testkommun"])).content.decode()
    assert reverse("decisions:register", args=["testkommun"]) in html


def test_unknown_municipality_is_404(client, db):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()


def test_chart_shows_the_chain(client, testkommun):
    response = client.get(reverse("organisation:chart", args=["testkommun"]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Kommunfullmäktige",
        "Kommunstyrelsen",
        "Kommunstyrelsens arbetsutskott",
        "Kommundirektör",
        "Gata/park",
        "Barn- och utbildningsnämnden",
        "gemensam med Hultsfreds kommun",
    ):
        assert text in html
    # KS is nested inside KF's list
    assert html.index("Kommunfullmäktige") < html.index("Kommunstyrelsen")


def test_chart_on_a_date_before_the_organisation_existed(client, testkommun):
    response = client.get(
        reverse("organisation:chart", args=["testkommun"]), {"datum": "2010-01-01"}
    )
    assert response.status_code == 200
    assert "Det fanns inga organ den dagen." in response.content.decode()


def test_chart_bad_date_gives_a_swedish_message(client, testkommun):
    response = client.get(reverse("organisation:chart", args=["testkommun"]), {"datum": "igår"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "är inget giltigt datum" in html
    assert "Kommunfullmäktige" in html


def test_body_page(client, testkommun):
    response = client.get(reverse("organisation:body", args=["testkommun", "ks"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ordförande KS (fiktiv)" in html
    assert "Ordförande" in html
    assert "Kommundirektör" in html
    assert "Effektivisera genom digitalisering" in html  # given
    assert "Samordna skolskjutsarna" in html  # received from KF
    assert "2023-03-14" in html  # meeting


def test_body_page_joint_committee_and_bad_date(client, testkommun):
    url = reverse("organisation:body", args=["testkommun", "mbn"])
    assert "gemensam med Hultsfreds kommun" in client.get(url).content.decode()
    response = client.get(url, {"datum": "2024-13-45"})
    assert response.status_code == 400
    assert "är inget giltigt datum" in response.content.decode()


def test_unknown_body_is_404(client, testkommun):
    response = client.get(reverse("organisation:body", args=["testkommun", "nope"]))
    assert response.status_code == 404


def test_language_switch_to_english(client, testkommun):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/testkommun/"})
    assert response.status_code == 302
    html = client.get(reverse("organisation:start", args=["testkommun"])).content.decode()
    assert 'lang="en"' in html
