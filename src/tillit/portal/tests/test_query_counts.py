"""The public report list has a pinned query count that does not grow with the reports."""

from __future__ import annotations

from datetime import date

import pytest

from tillit.decisions.tests.factories import decisions_add
from tillit.followup import services

pytestmark = pytest.mark.django_db


def _add_reports(tk, n: int, *, first_paragraph: int) -> None:
    """n KS assignments to the kommundirektör, each with two submitted reports (and a draft,
    which the list never shows)."""
    chief = tk.users["kommundirektor"]
    for decision in decisions_add(
        tk, n, first_paragraph=first_paragraph, first_day=date(2023, 2, 1)
    ):
        assignment = decision.assignments.get()
        for period in ("2023-T1", "2023-DR"):
            services.report_file(
                actor=chief,
                assignment=assignment,
                period=period,
                status="on_track",
                narrative="Arbetet går enligt plan.",
                resources_suffice=True,
            )
        services.report_save_draft(actor=chief, assignment=assignment, period="2023-AR")


@pytest.mark.parametrize(("query", "pinned"), [("", 4), ("?organ=ks", 5)])
def test_reports_query_count_does_not_grow_with_rows(
    client, testkommun, query, pinned, django_assert_max_num_queries, django_assert_num_queries
):
    url = "/testkommun/rapporter/" + query
    _add_reports(testkommun, 1, first_paragraph=100)
    with django_assert_max_num_queries(pinned) as few:
        assert client.get(url).status_code == 200
    _add_reports(testkommun, 30, first_paragraph=200)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    html = response.content.decode()
    assert "Uppdrag 229" in html and "62 rapporter" in html
