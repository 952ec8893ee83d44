"""The upgrade to the keyed chain (migration 0002), kept here so a test can run it on a chain
written the old way. It uses only the models it is given (the migration's historical ones) and
the pure functions of ``capture`` and ``keys``.

1. Every existing chain's unkeyed events (scheme 1) are sealed with the audit key
   (``AuditHead.legacy_seq``/``seal``): they keep verifying and can no longer be rewritten.
2. The rows the log covers from now on but did not before — the municipality row and its portal
   settings in each municipality's chain; users, API tokens and two-factor devices in the
   installation's chain — get a keyed ``baseline`` event, so ``audit verify`` does not report
   them as created outside Tillit.
"""

from __future__ import annotations

from django.utils import timezone

from . import capture, keys

ACTOR = "system:uppgradering"


def _models(apps) -> list:
    out = []
    for name in capture.EXTRA:
        app_label, model_name = name.split(".")
        try:
            out.append(apps.get_model(app_label, model_name))
        except LookupError:  # an optional app not installed
            continue
    return out


def _append(event_model, head, *, model: str, pk: str, state: dict, kid: str, key: bytes):
    seq = head.seq + 1
    at = timezone.now()
    fp = capture.fingerprint(state)
    fields = dict(
        municipality_id=head.municipality_id,
        seq=seq,
        at=at,
        actor_id=None,
        actor_label=ACTOR,
        model=model,
        object_pk=pk,
        action="baseline",
        before=None,
        after=state,
        scheme=keys.SCHEME_KEYED,
        key_id=kid,
    )
    digest = capture.event_hash(head.last_hash, capture.event_payload(**fields, fp=fp), key)
    event_model.objects.create(**fields, fingerprint=fp, prev_hash=head.last_hash, hash=digest)
    head.seq, head.last_hash = seq, digest


def upgrade_to_keyed_chain(apps) -> None:
    head_model = apps.get_model("audit", "AuditHead")
    event_model = apps.get_model("audit", "AuditEvent")
    municipality_model = apps.get_model("organisation", "Municipality")
    kid, key = keys.current()

    # 1. Seal the unkeyed beginnings.
    for head in head_model.objects.filter(seq__gt=0, legacy_seq=0):
        head.legacy_seq = head.seq
        head.seal = keys.seal(key, head.municipality_id, head.seq, head.last_hash)
        head.seal_key_id = kid
        head.save(update_fields=["legacy_seq", "seal", "seal_key_id"])

    # 2. Baseline the newly covered rows, chain by chain.
    models = _models(apps)
    chains = [None, *municipality_model.objects.order_by("pk").values_list("pk", flat=True)]
    for mid in chains:
        wanted = []
        for model in models:
            for pk, raw in capture.raw_states(model, capture.chain_rows(model, mid)).items():
                wanted.append((capture.label(model), pk, capture.redacted(model, raw, key)))
        if not wanted:
            continue
        logged = set(
            event_model.objects.filter(
                municipality_id=mid, model__in={name for name, _pk, _st in wanted}
            ).values_list("model", "object_pk")
        )
        head = head_model.objects.filter(municipality_id=mid).first()
        if head is None:
            head = head_model.objects.create(municipality_id=mid)
        for name, pk, state in wanted:
            if (name, pk) not in logged:
                _append(event_model, head, model=name, pk=pk, state=state, kid=kid, key=key)
        head_model.objects.filter(pk=head.pk).update(seq=head.seq, last_hash=head.last_hash)
