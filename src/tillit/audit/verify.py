"""`tillit audit verify`: is the chain intact, and does the data agree with it?

A chain is a municipality's (``verify(municipality)``) or the installation's (``verify(None)``:
users, API tokens, two-factor devices). Events of scheme 2 are checked with the audit key that
signed them (``keys.known()``); events of scheme 1 (unkeyed, written before the key existed)
only as the chain's sealed beginning (``AuditHead.legacy_seq``/``seal``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from . import capture, keys
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


def _chain_events(mid):
    return AuditEvent.objects.filter(municipality_id=mid)


def _head(mid):
    return AuditHead.objects.filter(municipality_id=mid).first()


def _chain_problem(seq, message: str, model: str = "audit.AuditEvent") -> Problem:
    return Problem("chain", model, str(seq), message=message)


def _as_logged(model, state: dict, event: dict, ring: dict) -> dict | None:
    """The current state in the form the event logged it: scheme 1 before links and
    redaction; scheme 2 redacted with the event's own key (None: key unknown)."""
    if event["scheme"] == keys.SCHEME_LEGACY:
        return capture.legacy_view(model, state)
    key = ring.get(event["key_id"])
    return None if key is None else capture.redacted(model, state, key)


def verify(municipality) -> list[Problem]:
    """Problems in one chain and its data; ``municipality`` None: the installation's chain."""
    problems: list[Problem] = []
    mid = municipality.pk if municipality is not None else None
    ring = keys.known()
    head = _head(mid)
    legacy_seq = head.legacy_seq if head else 0

    # 1. The chain: every event's hash under its scheme and key, the links, no gaps, the head.
    prev_hash, expected_seq, legacy_hash = "", 1, None
    latest: dict[tuple[str, str], dict] = {}
    events = _chain_events(mid).order_by("seq")
    for ev in events.values().iterator(chunk_size=2000):
        where = (ev["model"], ev["object_pk"])
        if ev["seq"] != expected_seq:
            problems.append(
                _chain_problem(
                    expected_seq,
                    f"händelse #{expected_seq} saknas i granskningsloggen (raderad)",
                )
            )
        scheme, key = ev["scheme"], None
        if scheme == keys.SCHEME_KEYED:
            key = ring.get(ev["key_id"])
            if key is None:
                problems.append(
                    _chain_problem(
                        ev["seq"],
                        f"händelse #{ev['seq']} är signerad med en okänd nyckel "
                        f"({ev['key_id'] or 'ingen'}): ändrad i efterhand, eller har "
                        "TILLIT_AUDIT_KEY bytts utan att den gamla nyckeln står i "
                        "TILLIT_AUDIT_OLD_KEYS",
                    )
                )
        elif scheme == keys.SCHEME_LEGACY:
            if ev["seq"] > legacy_seq:
                problems.append(
                    _chain_problem(
                        ev["seq"],
                        f"händelse #{ev['seq']} saknar nyckelsignatur fast kedjan är "
                        f"nyckelsignerad efter #{legacy_seq}: skriven eller ändrad utanför "
                        "Tillit",
                    )
                )
        else:
            problems.append(_chain_problem(ev["seq"], f"okänt hashschema {scheme}"))
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
            scheme=scheme,
            key_id=ev["key_id"],
        )
        checked = scheme == keys.SCHEME_LEGACY or key is not None
        if ev["prev_hash"] != prev_hash or (
            checked and capture.event_hash(prev_hash, payload, key) != ev["hash"]
        ):
            problems.append(
                _chain_problem(
                    ev["seq"],
                    f"händelse #{ev['seq']} ({ev['model']} pk={ev['object_pk']}) har "
                    "ändrats i efterhand: hashkedjan stämmer inte",
                )
            )
        if ev["seq"] == legacy_seq:
            legacy_hash = ev["hash"]
        prev_hash, expected_seq = ev["hash"], ev["seq"] + 1
        latest[where] = ev
    head_seq, head_hash = (head.seq, head.last_hash) if head else (0, "")
    if head_seq != expected_seq - 1 or head_hash != prev_hash:
        problems.append(
            _chain_problem(
                head_seq,
                f"loggen slutar vid #{expected_seq - 1} men kedjans huvud säger #{head_seq}: "
                "händelser har tagits bort eller ändrats",
                "audit.AuditHead",
            )
        )
    if legacy_seq:
        key = ring.get(head.seal_key_id)
        if key is None or head.seal != keys.seal(key, mid, legacy_seq, legacy_hash or ""):
            problems.append(
                _chain_problem(
                    legacy_seq,
                    f"förseglingen av loggens osignerade början (#1–#{legacy_seq}) stämmer "
                    "inte: händelser där har ändrats, eller förseglingen",
                    "audit.AuditHead",
                )
            )

    # 2. The data: every row as last logged; bulk rows by their batch checksums.
    for model in capture.tracked_models():
        name = capture.label(model)
        if name in capture.BULK_MODELS:
            if mid is None:
                continue
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
                                _(
                                    "importens rader stämmer inte med loggad kontrollsumma "
                                    "(%(was)s rader loggade, %(rows)s nu): ändrade utanför Tillit"
                                )
                                % {"was": was, "rows": now["rows"]}
                            ),
                        )
                    )
            continue
        current = capture.raw_states(model, capture.chain_rows(model, mid))
        for pk, state in current.items():
            ev = latest.get((name, pk))
            if ev is None or ev["action"] == "delete":
                problems.append(
                    Problem(
                        "unlogged",
                        name,
                        pk,
                        message=_("raden finns men saknas i loggen: skapad utanför Tillit"),
                    )
                )
                continue
            logged_as = _as_logged(model, state, ev, ring)
            if logged_as is not None and capture.fingerprint(logged_as) != ev["fingerprint"]:
                problems.append(
                    Problem(
                        "changed",
                        name,
                        pk,
                        fields=_differing(ev["after"], logged_as),
                        message=_("ändrad utanför Tillit (stämmer inte med senast loggade läge)"),
                    )
                )
        for (m, pk), ev in latest.items():
            if m == name and ev["action"] != "delete" and pk not in current:
                problems.append(Problem("deleted", name, pk, message=_("borttagen utanför Tillit")))
    return problems


def baseline(municipality) -> int:
    """Log the current state of rows that have no event yet (data from before the audit log was
    installed, or from before it covered their table), and of rows with many-to-many links
    whose last event predates the links' coverage (scheme 1). ``municipality`` None: the
    installation's rows. Returns the number of events written."""
    written = 0
    mid = municipality.pk if municipality is not None else None
    with transaction.atomic():
        last: dict[tuple[str, str], int] = {}
        for model_name, pk, scheme in (
            _chain_events(mid).order_by("seq").values_list("model", "object_pk", "scheme")
        ):
            last[(model_name, pk)] = scheme
        for model in capture.tracked_models():
            name = capture.label(model)
            if name in capture.BULK_MODELS:
                if mid is None:
                    continue
                field = capture.BULK_MODELS[name]
                for batch_id in (
                    model._base_manager.filter(municipality_id=mid)
                    .values_list(field, flat=True)
                    .distinct()
                ):
                    if (name, str(batch_id)) not in last:
                        capture._record_rows(model, mid, [batch_id], "default")
                        written += 1
                continue
            has_links = bool(capture.link_fields(model))
            for pk, state in capture.states(model, capture.chain_rows(model, mid)).items():
                scheme = last.get((name, pk))
                if scheme is None or (has_links and scheme == keys.SCHEME_LEGACY):
                    capture.record(
                        municipality_id=mid,
                        model=name,
                        object_pk=pk,
                        action="baseline",
                        after=state,
                    )
                    written += 1
    return written


def seal_legacy(municipality) -> int:
    """Seal a chain's unkeyed events (scheme 1) with the current audit key, as migration 0002
    does for every chain at upgrade. Returns the number of events sealed (0: nothing to seal,
    or already sealed)."""
    mid = municipality.pk if municipality is not None else None
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().filter(municipality_id=mid).first()
        if head is None or head.legacy_seq or not head.seq:
            return 0
        kid, key = keys.current()
        head.legacy_seq = head.seq
        head.seal = keys.seal(key, mid, head.seq, head.last_hash)
        head.seal_key_id = kid
        head.save(update_fields=["legacy_seq", "seal", "seal_key_id"])
        return head.seq
