"""The barometer page's query count is pinned and does not grow with the rows behind it."""

from __future__ import annotations

from datetime import date

import pytest

from tillit.assignments.services import AssignmentDraft
from tillit.barometer import services
from tillit.decisions.services import decision_register

pytestmark = pytest.mark.django_db

URL = "/testkommun/barometer/?from=2023-01-01&to=2023-12-31"


def _add_rows(tk, n: int, *, start_paragraph: int) -> None:
    """n decisions with an assignment each, alternating KS and BUN, and as many deviations and
    delegation decisions."""
    for i in range(n):
        body, secretary, recipient = (
            (tk.ks, "sekreterare-ks", "kommundirektor")
            if i % 2
            else (tk.bun, "sekreterare-bun", "forvaltningschef-bun")
        )
        day = date(2023, 1 + i % 12, 10)
        decision_register(
            actor=tk.users[secretary],
            body=body,
            meeting_date=day,
            paragraph=start_paragraph + i,
            title=f"Beslut {start_paragraph + i}",
            assignments=[
                AssignmentDraft(
                    title=f"Uppdrag {i}",
                    what="Ett resultat.",
                    recipients=[recipient],
                    deadline=date(2023, 12, 31),
                )
            ],
        )
        services.deviation_report(
            actor=None,
            system=True,
            municipality=tk.municipality,
            occurred_on=day,
            from_role="ordförande",
            content=f"Gör så här med ärende {i}.",
            body=body,
            to_role="enhetschef",
        )
        services.delegation_decision_register(
            actor=None,
            system=True,
            body=body,
            delegation_point=f"{i}.1",
            decided_on=day,
            title=f"Delegationsbeslut {i}",
            content="Placering enligt turordningen.",
            delegate_role="rektor",
        )


def test_index_query_count_does_not_grow_with_rows(
    client, testkommun, django_assert_max_num_queries, django_assert_num_queries
):
    client.force_login(testkommun.users["sekreterare-ks"])
    _add_rows(testkommun, 2, start_paragraph=100)
    with django_assert_max_num_queries(32) as few:
        assert client.get(URL).status_code == 200
    _add_rows(testkommun, 24, start_paragraph=200)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert response.status_code == 200
