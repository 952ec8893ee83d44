"""The audit log page has a pinned query count that does not grow with the events."""

from __future__ import annotations

from datetime import date

import pytest

from tillit.audit.models import AuditEvent
from tillit.decisions.tests.factories import decisions_add

pytestmark = pytest.mark.django_db


# 8, plus the kinds of rows for the filter's select and the acting person's name (once per
# person on the page, never per event). Raised from 11/11 to 17/13 (review P1-8): the "Vem"
# filter's people (2), the count of hidden notification rows (1, unfiltered only), and the
# names of the rows the events point to (bodies, assignments, people: once per kind of row on
# the page, never per event).
@pytest.mark.parametrize(("model", "pinned"), [("", 17), ("decisions.Decision", 13)])
def test_log_query_count_does_not_grow_with_events(
    client, testkommun, model, pinned, django_assert_max_num_queries
):
    client.force_login(testkommun.users["admin"])
    url = "/testkommun/granskning/" + (f"?tabell={model}" if model else "")
    rows = {"first_day": date(2024, 1, 10), "recipient": "ks-au"}
    decisions_add(testkommun, 1, first_paragraph=100, **rows)
    with django_assert_max_num_queries(pinned) as few:
        assert client.get(url).status_code == 200
    decisions_add(testkommun, 30, first_paragraph=200, **rows)
    # At most as many (not exactly as many): the rows named depend on which kinds of rows the
    # newest 50 events touch, so 30 more decisions may leave fewer kinds on the page.
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    events = AuditEvent.objects.filter(municipality=testkommun.municipality)
    n = (events.filter(model=model) if model else events).count()
    assert n >= 33 and f"{n} händelser" in response.content.decode()
