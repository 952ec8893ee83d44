"""The inbox (a user's own page: reports to file, questions, new assignments, reports awaiting a
decision, answers) has a pinned query count that does not grow with its rows."""

from __future__ import annotations

from datetime import date

import pytest

from tillit.decisions.tests.factories import decisions_add
from tillit.followup import services

pytestmark = pytest.mark.django_db

URL = "/testkommun/uppfoljning/inkorg/"
# The inbox depends on the day (which periods are open); a fixed one keeps the count fixed.
DAY = date(2023, 10, 2)


def _add_rows(fu, n: int, *, first_paragraph: int) -> None:
    """n KS assignments to the kommundirektör, issued within the last 60 days, each with an
    open question; every other one with a submitted report, every third question answered."""
    chief = fu.users["kommundirektor"]
    decisions = decisions_add(
        fu,
        n,
        first_paragraph=first_paragraph,
        first_day=date(2023, 8, 10),
        followups=[date(2023, 9, 15)],
    )
    for i, decision in enumerate(decisions):
        assignment = decision.assignments.get()
        if i % 2:
            services.report_file(
                actor=chief,
                assignment=assignment,
                period="2023-DR",
                status="on_track",
                narrative="Arbetet går enligt plan.",
                resources_suffice=True,
            )
        question = services.question_ask(
            actor=fu.users["ledamot-ks"], assignment=assignment, text=f"Hur går det med {i}?"
        )
        if i % 3 == 0:
            services.question_answer(actor=chief, question=question, text="Enligt plan.")


@pytest.mark.parametrize(
    # (+1 to +3 on a cold cache: the header's "Name (office)", kept until the data changes)
    ("username", "pinned"),
    [("kommundirektor", 19), ("sekreterare-ks", 16), ("ledamot-ks", 12)],
)
def test_inbox_query_count_does_not_grow_with_rows(
    client,
    fu,
    monkeypatch,
    username,
    pinned,
    django_assert_max_num_queries,
    django_assert_num_queries,
):
    monkeypatch.setattr("tillit.followup.views.today", lambda: DAY)
    client.force_login(fu.users[username])
    _add_rows(fu, 2, first_paragraph=100)
    with django_assert_max_num_queries(pinned) as few:
        assert client.get(URL).status_code == 200
    _add_rows(fu, 12, first_paragraph=200)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert "Uppdrag 209" in response.content.decode()  # in every section list
