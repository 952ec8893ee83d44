from datetime import date

import pytest
from django.urls import reverse

from tillit.assignments.services import AssignmentDraft
from tillit.decisions.services import decision_register

pytestmark = pytest.mark.django_db


def list_url():
    return reverse("assignments:list", args=["testkommun"])


def test_list_shows_all(client, testkommun):
    response = client.get(list_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Effektivisera genom digitalisering" in html
    assert "Samordna skolskjutsarna" in html
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize(
    ("params", "shown", "hidden"),
    [
        ({"organ": "kf", "roll": "issued"}, "Samordna skolskjutsarna", "Effektivisera"),
        ({"organ": "ks", "roll": "issued"}, "Effektivisera", "Samordna skolskjutsarna"),
        ({"organ": "bun", "roll": "received"}, "Samordna skolskjutsarna", "Effektivisera"),
        ({"status": "in_progress"}, "Effektivisera", "Samordna skolskjutsarna"),
        ({"fran": "2023-03-01", "till": "2023-12-31"}, "Effektivisera", "Samordna skolskjutsarna"),
        ({"q": "skolskjuts"}, "Samordna skolskjutsarna", "Effektivisera"),
    ],
)
def test_filters(client, testkommun, params, shown, hidden):
    response = client.get(list_url(), params)
    assert response.status_code == 200
    html = response.content.decode()
    assert shown in html
    assert hidden not in html


def test_majority_filter(client, testkommun):
    old = client.get(list_url(), {"majoritet": testkommun.majority_old.pk}).content.decode()
    new = client.get(list_url(), {"majoritet": testkommun.majority_new.pk}).content.decode()
    assert "0 uppdrag" in old
    assert "Effektivisera" in new and "Samordna" in new


@pytest.mark.parametrize(
    "params",
    [
        {"fran": "inte-ett-datum"},
        {"status": "okänd"},
        {"organ": "finns-inte"},
        {"majoritet": "999999"},
        {"fran": "2024-05-01", "till": "2024-01-01"},
        {"sida": "abc"},
    ],
)
def test_bad_filter_gives_message_not_500(client, testkommun, params):
    response = client.get(list_url(), params)
    assert response.status_code in (200, 400)
    html = response.content.decode()
    if response.status_code == 400:
        assert "Filtret kunde inte användas" in html


def test_bad_date_message_is_swedish(client, testkommun):
    response = client.get(list_url(), {"fran": "igår"})
    assert response.status_code == 400
    assert "Skriv datumet som ÅÅÅÅ-MM-DD" in response.content.decode()


def test_htmx_request_gets_only_the_results_fragment(client, testkommun):
    response = client.get(list_url(), {"status": "in_progress"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="results"')
    assert "<html" not in html
    assert "Effektivisera" in html
    bad = client.get(list_url(), {"fran": "x"}, headers={"HX-Request": "true"})
    assert bad.status_code == 200  # htmx swaps 2xx only
    assert "Filtret kunde inte användas" in bad.content.decode()


def _add_assignments(tk, n, start_paragraph=100):
    for i in range(n):
        decision_register(
            actor=tk.users["sekreterare-ks"],
            body=tk.ks,
            meeting_date=date(2024, 1, 10),
            paragraph=start_paragraph + i,
            title=f"Beslut {i}",
            assignments=[
                AssignmentDraft(
                    title=f"Uppdrag {i}",
                    what="Ett resultat.",
                    recipients=["kommundirektor"],
                    followups=[date(2024, 6, 1)],
                )
            ],
        )


def test_query_count_does_not_grow_with_rows(client, testkommun, django_assert_max_num_queries):
    _add_assignments(testkommun, 3)
    with django_assert_max_num_queries(12) as few:
        assert client.get(list_url()).status_code == 200
    _add_assignments(testkommun, 30, start_paragraph=200)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(list_url())
    assert "Uppdrag 29" in response.content.decode()


def test_pagination(client, testkommun):
    _add_assignments(testkommun, 55)
    first = client.get(list_url()).content.decode()
    assert "Sida 1 av 2" in first
    second = client.get(list_url(), {"sida": 2}).content.decode()
    assert "Sida 2 av 2" in second


def test_detail_page(client, testkommun):
    a = testkommun.assignment_ks
    response = client.get(reverse("assignments:detail", args=["testkommun", a.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Frigöra resurser till skola" in html  # what
    assert "Resurserna behövs" in html  # why
    assert "500 000 kr" in html or "500\xa0000 kr" in html
    assert "1,5 årsarbetare" in html
    assert "2023-12-31" in html and "2023-06-01" in html
    assert "KS\u00a02023\u00a0§\u00a012" in html  # never wraps before the number
    assert "Beslutat" in html and "Pågår" in html  # history from -> to
    # Who: the role and body of a user with no person linked — never the login name.
    assert "Sekreterare, Kommunstyrelsen" in html and "sekreterare-ks" not in html


def test_detail_joint_assignment_marks_the_lead(client, testkommun):
    a = testkommun.assignment_kf
    html = client.get(reverse("assignments:detail", args=["testkommun", a.pk])).content.decode()
    assert "samordnar" in html


def test_detail_of_unknown_assignment_is_404(client, testkommun):
    response = client.get(reverse("assignments:detail", args=["testkommun", 999999]))
    assert response.status_code == 404
