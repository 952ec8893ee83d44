"""Domain events: the one seam between the apps that decide and the apps that watch.

A lower app (decisions, followup, budget) owns the outcome of what it does and announces it here;
higher apps (barometer, portal, later notifications) subscribe in their ``AppConfig.ready()``.
So no lower app imports a higher one, and a new subscriber is one receiver, not a wrapper around
every adapter.

Receivers run inside the sender's transaction: what they write is stored with the outcome or not
at all. A receiver may return a value (e.g. the ids of the deviations it recorded); the sender
collects them with :func:`collect`.
"""

from __future__ import annotations

from django.dispatch import Signal

# A decision was registered. kwargs: decision, actor, assignments (all issued), and
# outside_chain: list of (assignment, message) for assignments the body gave outside the decision
# chain and the secretary confirmed ("Beslutet fattades så").
decision_registered = Signal()

# A decision was refused because it breaks the decision chain; nothing was stored.
# kwargs: actor, body, meeting_date, error (ChainViolation). Receivers must not write.
decision_refused = Signal()

# A question was refused because the asker is not a member of the issuing body; nothing of the
# question was stored. kwargs: actor, assignment, text, error (PermissionDenied).
question_refused = Signal()

# A budget's adoption gave a body its grunduppdrag with the indicators that follow it up.
# kwargs: municipality, assignment (the grunduppdrag), year, indicators (list of dicts: code,
# title, unit, higher_is_better, target). portal defines them as its Kolada KPIs.
mission_indicators_given = Signal()


def collect(signal: Signal, **kwargs) -> list:
    """Send ``signal`` and return the receivers' non-None results, flattened one level."""
    out: list = []
    for _receiver, result in signal.send(sender=signal, **kwargs):
        if result is None:
            continue
        if isinstance(result, list | tuple):
            out.extend(result)
        else:
            out.append(result)
    return out
