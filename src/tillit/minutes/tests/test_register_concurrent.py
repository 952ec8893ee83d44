"""Two connections register the same meeting at once: the § is still registered once — one
request registers it, the other is refused (409) or finds it already registered. PostgreSQL only
(SQLite serialises writers); a module of its own, since it needs a transactional database."""

from __future__ import annotations

import pytest

from tillit.core.errors import Conflict
from tillit.decisions.models import Decision
from tillit.minutes.models import ProtocolParagraph
from tillit.minutes.services import meeting_register

from .test_register import meeting


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_meeting_registered_twice_at_once_is_stored_once(kommun):
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers: PostgreSQL")
    actor = kommun.users["sekreterare-ks"]
    barrier = threading.Barrier(2)
    outcomes = []

    def register():
        try:
            barrier.wait(timeout=5)
            result = meeting_register(
                actor=actor, municipality=kommun.municipality, meeting=meeting(), selected={30, 31}
            )
            outcomes.append(("ok", len(result.registered), len(result.already_registered)))
        except Conflict:
            outcomes.append(("conflict",))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            outcomes.append((type(exc).__name__, str(exc)[:200]))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert ("ok", 2, 0) in outcomes, outcomes
    other = [o for o in outcomes if o != ("ok", 2, 0)]
    assert other in ([("conflict",)], [("ok", 0, 2)]), outcomes
    assert Decision.objects.filter(body=kommun.ks, year=2024).count() == 2
    assert ProtocolParagraph.objects.count() == 2
