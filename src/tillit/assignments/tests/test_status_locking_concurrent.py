"""Two connections change an assignment's status from the same version at once (issue 19,
item 8): the row lock makes the second wait, see the new version and get 409. PostgreSQL only
(SQLite serialises writers); a module of its own, since it needs a transactional database."""

from __future__ import annotations

import pytest

from tillit.assignments.models import Assignment, Status
from tillit.assignments.services import assignment_change_status
from tillit.core.errors import Conflict


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_status_changes_one_wins(testkommun):
    """Two connections change the status from the same version at once: the row lock makes the
    second wait and then see the new version (PostgreSQL; SQLite serialises writers anyway)."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL")
    a = Assignment.objects.get(pk=testkommun.assignment_ks.pk)
    actor = testkommun.users["kommundirektor"]
    barrier = threading.Barrier(2)
    outcomes = []

    def change(to_status):
        try:
            barrier.wait(timeout=5)
            assignment_change_status(
                actor=actor, assignment=a, to_status=to_status, expected_version=a.version
            )
            outcomes.append("ok")
        except Conflict:
            outcomes.append("conflict")
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            outcomes.append(type(exc).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=change, args=(Status.REPORTED,)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=20)
    assert sorted(outcomes) == ["conflict", "ok"]
    assert Assignment.objects.get(pk=a.pk).version == a.version + 1
