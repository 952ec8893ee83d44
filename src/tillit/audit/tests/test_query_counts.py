"""The audit log page has a pinned query count that does not grow with the events."""

from __future__ import annotations

from datetime import date

import pytest

from tillit.assignments.services import AssignmentDraft
from tillit.audit.models import AuditEvent
from tillit.decisions.services import decision_register

pytestmark = pytest.mark.django_db


def _add_decisions(tk, n: int, *, start_paragraph: int) -> None:
    for i in range(n):
        decision_register(
            actor=tk.users["sekreterare-ks"],
            body=tk.ks,
            meeting_date=date(2024, 1, 10 + i % 15),
            paragraph=start_paragraph + i,
            title=f"Beslut {start_paragraph + i}",
            assignments=[
                AssignmentDraft(title=f"Uppdrag {i}", what="Ett resultat.", recipients=["ks-au"])
            ],
        )


@pytest.mark.parametrize(("model", "pinned"), [("", 8), ("decisions.Decision", 8)])
def test_log_query_count_does_not_grow_with_events(
    client, testkommun, model, pinned, django_assert_max_num_queries, django_assert_num_queries
):
    client.force_login(testkommun.users["admin"])
    url = "/testkommun/granskning/" + (f"?tabell={model}" if model else "")
    _add_decisions(testkommun, 1, start_paragraph=100)
    with django_assert_max_num_queries(pinned) as few:
        assert client.get(url).status_code == 200
    _add_decisions(testkommun, 30, start_paragraph=200)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    events = AuditEvent.objects.filter(municipality=testkommun.municipality)
    n = (events.filter(model=model) if model else events).count()
    assert n >= 33 and f"{n} händelser" in response.content.decode()
