"""The barometer page's query count is pinned and does not grow with the rows behind it."""

from __future__ import annotations

from datetime import date

import pytest

from tillit.barometer import services
from tillit.decisions.tests.factories import decisions_add

pytestmark = pytest.mark.django_db

URL = "/testkommun/barometer/?from=2023-01-01&to=2023-12-31"


def _add_rows(tk, n: int, *, first_paragraph: int) -> None:
    """n decisions with an assignment each, taking turns between KS and BUN through 2023, and as
    many deviations and delegation decisions."""
    decisions = decisions_add(
        tk,
        n,
        first_paragraph=first_paragraph,
        first_day=date(2023, 1, 10),
        days=300,
        bodies=("bun", "ks"),
        deadline=date(2023, 12, 31),
    )
    for i, decision in enumerate(decisions):
        day, body = decision.meeting.date, decision.body
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
    _add_rows(testkommun, 2, first_paragraph=100)
    # The scorecard computes the barometer twice (the period and the previous one of equal
    # length) and reads the targets, plus the header's "Name (office)" on a cold cache (2), and
    # the terms and majorities that name a previous period in another term (2): 50 queries,
    # whatever the number of rows.
    with django_assert_max_num_queries(50) as few:
        assert client.get(URL).status_code == 200
    _add_rows(testkommun, 24, first_paragraph=200)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert response.status_code == 200
