"""Helpers for tests that need many decisions: each gives one assignment, through the real
services (as build_testkommun does)."""

from __future__ import annotations

from datetime import date, timedelta

from tillit.assignments.services import AssignmentDraft
from tillit.decisions.services import decision_register

# body slug -> (its secretary's username, the chief the body gives assignments to)
ISSUERS = {
    "ks": ("sekreterare-ks", "kommundirektor"),
    "bun": ("sekreterare-bun", "forvaltningschef-bun"),
}


def decisions_add(
    tk,
    n: int,
    *,
    first_paragraph: int,
    first_day: date,
    days: int = 20,
    bodies: tuple[str, ...] = ("ks",),
    recipient: str | None = None,
    **draft,
) -> list:
    """n decisions "Beslut <paragraph>" from `first_paragraph` on, taking turns among `bodies`,
    dated within `days` days from `first_day`. Each gives "Uppdrag <paragraph>" to the body's
    chief (or `recipient`); `draft` adds AssignmentDraft fields (deadline, followups, ...)."""
    out = []
    for i in range(n):
        slug = bodies[i % len(bodies)]
        secretary, chief = ISSUERS[slug]
        paragraph = first_paragraph + i
        decision = decision_register(
            actor=tk.users[secretary],
            body=getattr(tk, slug),
            meeting_date=first_day + timedelta(days=i % days),
            paragraph=paragraph,
            title=f"Beslut {paragraph}",
            assignments=[
                AssignmentDraft(
                    title=f"Uppdrag {paragraph}",
                    what="Ett resultat.",
                    recipients=[recipient or chief],
                    **draft,
                )
            ],
        )
        out.append(decision)
    return out
