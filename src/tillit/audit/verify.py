"""`tillit audit verify`: is the chain intact, and does the data agree with it?"""

from __future__ import annotations

from dataclasses import dataclass

from . import capture
from .models import AuditEvent, AuditHead


@dataclass
class Problem:
    kind: str  # chain | changed | deleted | unlogged | rows
    model: str
    pk: str
    fields: tuple[str, ...] = ()
    message: str = ""

    def __str__(self) -> str:
        where = f"{self.model} pk={self.pk}"
        if self.fields:
            where += " fält " + ", ".join(self.fields)
        return f"{where}: {self.message}"


def _differing(logged: dict | None, current: dict | None) -> tuple[str, ...]:
    logged, current = logged or {}, current or {}
    return tuple(sorted(k for k in set(logged) | set(current) if logged.get(k) != current.get(k)))


def verify(municipality) -> list[Problem]:
    problems: list[Problem] = []
    mid = municipality.pk

    # 1. The chain: every event's hash, its link to the previous one, no gaps, the head.
    prev_hash, expected_seq = "", 1
    latest: dict[tuple[str, str], dict] = {}
    events = AuditEvent.objects.filter(municipality_id=mid).order_by("seq")
    for ev in events.values().iterator(chunk_size=2000):
        where = (ev["model"], ev["object_pk"])
        if ev["seq"] != expected_seq:
            problems.append(
                Problem(
                    "chain",
                    "audit.AuditEvent",
                    str(expected_seq),
                    message=f"händelse #{expected_seq} saknas i granskningsloggen (raderad)",
                )
            )
        payload = capture.event_payload(
            municipality_id=mid,
            seq=ev["seq"],
            at=ev["at"],
            actor_id=ev["actor_id"],
            actor_label=ev["actor_label"],
            model=ev["model"],
            object_pk=ev["object_pk"],
            action=ev["action"],
            before=ev["before"],
            after=ev["after"],
            fp=ev["fingerprint"],
        )
        if ev["prev_hash"] != prev_hash or capture.event_hash(prev_hash, payload) != ev["hash"]:
            problems.append(
                Problem(
                    "chain",
                    "audit.AuditEvent",
                    str(ev["seq"]),
                    message=(
                        f"händelse #{ev['seq']} ({ev['model']} pk={ev['object_pk']}) har "
                        "ändrats i efterhand: hashkedjan stämmer inte"
                    ),
                )
            )
        prev_hash, expected_seq = ev["hash"], ev["seq"] + 1
        latest[where] = ev
    head = AuditHead.objects.filter(municipality_id=mid).first()
    head_seq, head_hash = (head.seq, head.last_hash) if head else (0, "")
    if head_seq != expected_seq - 1 or head_hash != prev_hash:
        problems.append(
            Problem(
                "chain",
                "audit.AuditHead",
                str(head_seq),
                message=(
                    f"loggen slutar vid #{expected_seq - 1} men kedjans huvud säger #{head_seq}: "
                    "händelser har tagits bort eller ändrats"
                ),
            )
        )

    # 2. The data: every row as last logged; bulk rows by their batch checksums.
    for model in capture.tracked_models():
        name = capture.label(model)
        if name in capture.BULK_MODELS:
            field = capture.BULK_MODELS[name]
            batch_ids = set(
                model._base_manager.filter(municipality_id=mid)
                .values_list(field, flat=True)
                .distinct()
            )
            logged = {pk for (m, pk) in latest if m == name}
            for batch_id in sorted(batch_ids | {int(pk) for pk in logged}):
                ev = latest.get((name, str(batch_id)))
                now = capture.rows_checksum(model, batch_id)
                if ev is None or ev["fingerprint"] != now["checksum"]:
                    was = ev["after"]["rows"] if ev else 0
                    problems.append(
                        Problem(
                            "rows",
                            name,
                            f"batch {batch_id}",
                            message=(
                                f"importens rader stämmer inte med loggad kontrollsumma "
                                f"({was} rader loggade, {now['rows']} nu): ändrade utanför Tillit"
                            ),
                        )
                    )
            continue
        current = capture.states(model, model._base_manager.filter(municipality_id=mid))
        for pk, state in current.items():
            ev = latest.get((name, pk))
            if ev is None or ev["action"] == "delete":
                problems.append(
                    Problem(
                        "unlogged",
                        name,
                        pk,
                        message="raden finns men saknas i loggen: skapad utanför Tillit",
                    )
                )
            elif capture.fingerprint(state) != ev["fingerprint"]:
                problems.append(
                    Problem(
                        "changed",
                        name,
                        pk,
                        fields=_differing(ev["after"], state),
                        message="ändrad utanför Tillit (stämmer inte med senast loggade läge)",
                    )
                )
        for (m, pk), ev in latest.items():
            if m == name and ev["action"] != "delete" and pk not in current:
                problems.append(Problem("deleted", name, pk, message="borttagen utanför Tillit"))
    return problems


def baseline(municipality) -> int:
    """Log the current state of rows that have no event yet (data from before the audit log was
    installed). Returns the number of events written."""
    from django.db import transaction

    written = 0
    mid = municipality.pk
    with transaction.atomic():
        logged = set(
            AuditEvent.objects.filter(municipality_id=mid).values_list("model", "object_pk")
        )
        for model in capture.tracked_models():
            name = capture.label(model)
            if name in capture.BULK_MODELS:
                field = capture.BULK_MODELS[name]
                for batch_id in (
                    model._base_manager.filter(municipality_id=mid)
                    .values_list(field, flat=True)
                    .distinct()
                ):
                    if (name, str(batch_id)) not in logged:
                        capture._record_rows(model, mid, [batch_id], "default")
                        written += 1
                continue
            for pk, state in capture.states(
                model, model._base_manager.filter(municipality_id=mid)
            ).items():
                if (name, pk) not in logged:
                    capture.record(
                        municipality_id=mid,
                        model=name,
                        object_pk=pk,
                        action="baseline",
                        after=state,
                    )
                    written += 1
    return written
