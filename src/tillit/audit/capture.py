"""Generic capture of every change to a tracked row: every TenantModel subclass, and the rows
that belong to a municipality or to the installation without being tenant rows (``EXTRA``: the
municipality row, its portal settings, users, API tokens, two-factor devices).

* ``post_save`` / ``pre_delete`` receivers, connected per tracked model, log create, update and
  delete with the row as the database holds it (read back, so ``verify`` compares like with
  like), its fingerprint and the state before (the last logged state).
* ``QuerySet.update``, ``bulk_create``, ``bulk_update`` and ``delete`` bypass those signals, so
  they are wrapped once here: a tracked model's rows touched through them are logged the same way.
* Bulk rows (economy ActualLine/BudgetLine, thousands per import) are not logged one by one: each
  change to a batch's rows logs one ``rows`` event with the row count and a SHA-256 checksum of
  all the batch's rows, which ``verify`` recomputes.
* Decisions and submitted reports are immutable (``IMMUTABLE``): an update raises Conflict —
  a correction is a new decision.
* Many-to-many links are part of the owning row's state (``"assignments": [ids]``): adding or
  removing a link, from either side or through the link table's QuerySet, logs an update of the
  owner (``THROUGH``).
* Confidential values are logged as a keyed fingerprint (``REDACTED``: password and token
  hashes, two-factor secrets, a deviation's reporter); volatile ones not at all (``IGNORED``:
  last login, last token use), so signing in or using a token is no event.
* An update that leaves the logged state exactly as it was (a QuerySet.update to the values the
  row already has) is no event: the log holds changes. (A model save bumps ``updated_at``, so
  it is one.)
* Events are chained with HMAC-SHA256 under the audit key (``keys``), in the municipality's
  chain or, for rows of no municipality, the installation's (``municipality`` null).

The events are written in the same transaction as the change: a rolled back change leaves no
event, and a change without its event cannot be committed through the application.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import QuerySet, signals
from django.utils import timezone

from tillit.core.models import TenantModel

from . import keys
from .context import current_actor

BULK_MODELS = {"economy.ActualLine": "batch_id", "economy.BudgetLine": "batch_id"}
EXCLUDED_MODELS: set[str] = set()
# Tracked models that are not TenantModels: label -> the field naming their chain (the
# municipality's id), or None for the installation's chain.
EXTRA: dict[str, str | None] = {
    "organisation.Municipality": "id",
    "portal.PortalSettings": "municipality_id",
    settings.AUTH_USER_MODEL: None,
    "accounts.ApiToken": None,
    "otp_totp.TOTPDevice": None,
}
# Logged as a keyed fingerprint (keys.redact), never as the value.
REDACTED: dict[str, frozenset[str]] = {
    settings.AUTH_USER_MODEL: frozenset({"password"}),
    "accounts.ApiToken": frozenset({"key_hash"}),
    "otp_totp.TOTPDevice": frozenset({"key"}),
    "barometer.Deviation": frozenset({"reporter_id"}),
}
# Not logged: they change on every sign-in or use; an update changing only them is no event.
IGNORED: dict[str, frozenset[str]] = {
    settings.AUTH_USER_MODEL: frozenset({"last_login"}),
    "accounts.ApiToken": frozenset({"last_used_at"}),
    "otp_totp.TOTPDevice": frozenset(
        {
            "last_t",
            "drift",
            "last_used_at",
            "throttling_failure_timestamp",
            "throttling_failure_count",
        }
    ),
}
# Deleting a municipality deletes its chain with it: nothing to log.
NO_DELETE_EVENT = {"organisation.Municipality"}

_installed = False
_tracked_cache: dict[type, bool] = {}
# through model -> (owning tracked model, the through's column pointing at the owner)
THROUGH: dict[type, tuple[type, str]] = {}


# ---------------------------------------------------------------------------------------------
# Serialisation


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return value


def canonical(obj) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _columns(model) -> list[str]:
    ignored = IGNORED.get(label(model), ())
    return [f.attname for f in model._meta.concrete_fields if f.attname not in ignored]


def link_fields(model) -> list:
    """The model's many-to-many fields whose links are part of its logged state."""
    return [
        f
        for f in model._meta.many_to_many
        if f.remote_field.through._meta.auto_created and f.concrete
    ]


def raw_states(model, queryset) -> dict[str, dict]:
    """{pk: row as plain JSON values, with its many-to-many links as sorted id lists} for the
    rows of `queryset`, read from the database (ignored fields left out, nothing redacted)."""
    out = {}
    pk_name = model._meta.pk.attname
    for row in queryset.values(*_columns(model)):
        out[str(row[pk_name])] = {k: _plain(v) for k, v in row.items()}
    links = link_fields(model)
    if links and out:
        pks = [model._meta.pk.to_python(pk) for pk in out]
        for f in links:
            through = f.remote_field.through
            own = through._meta.get_field(f.m2m_field_name()).attname
            other = through._meta.get_field(f.m2m_reverse_field_name()).attname
            found: dict[str, list] = {pk: [] for pk in out}
            rows = (
                through._base_manager.using(queryset.db)
                .filter(**{f"{own}__in": pks})
                .values_list(own, other)
            )
            for owner, target in rows:
                found[str(owner)].append(_plain(target))
            for pk, targets in found.items():
                out[pk][f.name] = sorted(targets, key=str)
    return out


def redacted(model, state: dict | None, key: bytes) -> dict | None:
    """The state as logged: confidential fields as a keyed fingerprint."""
    hidden = REDACTED.get(label(model))
    if state is None or not hidden:
        return state
    return {k: keys.redact(key, v) if k in hidden else v for k, v in state.items()}


def states(model, queryset, key: bytes | None = None) -> dict[str, dict]:
    """{pk: the row's state as logged} (raw_states, redacted with the current key)."""
    key = key if key is not None else keys.current()[1]
    return {pk: redacted(model, st, key) for pk, st in raw_states(model, queryset).items()}


def legacy_view(model, state: dict) -> dict:
    """A current state as a scheme-1 event logged it: before links and redaction."""
    names = {f.name for f in link_fields(model)}
    return {k: v for k, v in state.items() if k not in names}


def row_state(model, pk) -> dict | None:
    return states(model, model._base_manager.filter(pk=pk)).get(str(pk))


def fingerprint(state: dict | None) -> str:
    return sha256(canonical(state)) if state is not None else ""


def label(model) -> str:
    return model._meta.concrete_model._meta.label


def tracked(model) -> bool:
    found = _tracked_cache.get(model)
    if found is None:
        name = label(model)
        found = (
            not model._meta.abstract
            and name not in EXCLUDED_MODELS
            and (issubclass(model, TenantModel) or name in EXTRA)
        )
        _tracked_cache[model] = found
    return found


def chain_field(model) -> str | None:
    """The field holding a tracked row's chain (its municipality's id); None: the
    installation's chain."""
    return EXTRA.get(label(model), "municipality_id")


def chain_of(model, state: dict):
    field = chain_field(model)
    return state.get(field) if field else None


def chain_rows(model, municipality_id):
    """The rows of a tracked model that belong to one chain (None: the installation's)."""
    field = chain_field(model)
    qs = model._base_manager.all()
    if field is None:
        return qs if municipality_id is None else qs.none()
    if municipality_id is None:
        return qs.none()
    return qs.filter(**{field: municipality_id})


def tracked_models() -> list:
    from django.apps import apps

    return [m for m in apps.get_models() if tracked(m) and not m._meta.proxy]


def rows_checksum(model, batch_id) -> dict:
    """The count and SHA-256 of all rows of one import batch (in primary-key order)."""
    field = BULK_MODELS[label(model)]
    h = hashlib.sha256()
    count = 0
    for row in (
        model._base_manager.filter(**{field: batch_id}).order_by("pk").values(*_columns(model))
    ):
        h.update(canonical({k: _plain(v) for k, v in row.items()}).encode())
        h.update(b"\n")
        count += 1
    return {"rows": count, "checksum": h.hexdigest()}


# ---------------------------------------------------------------------------------------------
# The chain


def event_payload(
    *,
    municipality_id,
    seq,
    at,
    actor_id,
    actor_label,
    model,
    object_pk,
    action,
    before,
    after,
    fp,
    scheme: int = keys.SCHEME_LEGACY,
    key_id: str = "",
) -> dict:
    payload = {
        "municipality": municipality_id,
        "seq": seq,
        "at": at if isinstance(at, str) else at.isoformat(),
        "actor": actor_id,
        "actor_label": actor_label,
        "model": model,
        "object_pk": str(object_pk),
        "action": action,
        "before": before,
        "after": after,
        "fingerprint": fp,
    }
    if scheme != keys.SCHEME_LEGACY:  # scheme 1 payloads stay exactly as they were hashed
        payload["scheme"] = scheme
        payload["key"] = key_id
    return payload


def event_hash(prev_hash: str, payload: dict, key: bytes | None = None) -> str:
    """Scheme 2: HMAC-SHA256 under ``key``; without a key the legacy unkeyed SHA-256."""
    text = canonical(payload)
    return keys.legacy_hash(prev_hash, text) if key is None else keys.sign(key, prev_hash, text)


def _head(municipality_id, using):
    from .models import AuditHead

    head = (
        AuditHead.objects.using(using).select_for_update().filter(municipality_id=municipality_id)
    )
    found = head.first()
    if found is None:
        try:
            with transaction.atomic(using=using):
                AuditHead.objects.using(using).create(municipality_id=municipality_id)
        except IntegrityError:
            pass
        found = head.first()
    return found


def last_after(municipality_id, model_label: str, object_pk, using="default"):
    """The state last logged for a row (None if never, or deleted)."""
    from .models import AuditEvent

    row = (
        AuditEvent.objects.using(using)
        .filter(municipality_id=municipality_id, model=model_label, object_pk=str(object_pk))
        .order_by("-seq")
        .values_list("after", flat=True)
        .first()
    )
    return row


def record(
    *,
    municipality_id,
    model: str,
    object_pk,
    action: str,
    after: dict | None,
    before: dict | None = None,
    fp: str | None = None,
    using: str = "default",
):
    """Append one event to the chain of ``municipality_id`` (None: the installation's chain),
    inside the caller's transaction, signed with the current audit key."""
    from .models import AuditEvent, AuditHead

    with transaction.atomic(using=using, savepoint=False):
        head = _head(municipality_id, using)
        seq = head.seq + 1
        at = timezone.now()
        user, actor_label = current_actor()
        actor_id = getattr(user, "pk", None)
        fp = fingerprint(after) if fp is None else fp
        key_id, key = keys.current()
        payload = event_payload(
            municipality_id=municipality_id,
            seq=seq,
            at=at,
            actor_id=actor_id,
            actor_label=actor_label[:150],
            model=model,
            object_pk=object_pk,
            action=action,
            before=before,
            after=after,
            fp=fp,
            scheme=keys.SCHEME_KEYED,
            key_id=key_id,
        )
        digest = event_hash(head.last_hash, payload, key)
        event = AuditEvent(
            municipality_id=municipality_id,
            seq=seq,
            at=at,
            actor_id=actor_id,
            actor_label=actor_label[:150],
            model=model,
            object_pk=str(object_pk),
            action=action,
            before=before,
            after=after,
            fingerprint=fp,
            prev_hash=head.last_hash,
            hash=digest,
            scheme=keys.SCHEME_KEYED,
            key_id=key_id,
        )
        event.save(using=using)
        AuditHead.objects.using(using).filter(pk=head.pk).update(seq=seq, last_hash=digest)
        return event


def record_copied_rows(model, municipality_id, batch_id, using="default") -> None:
    """Log the "rows" event for an import batch written outside the ORM (PostgreSQL COPY),
    exactly as the wrapped bulk_create would have."""
    _record_rows(model, municipality_id, [batch_id], using)


def _record_rows(model, municipality_id, batch_ids, using):
    for batch_id in sorted({b for b in batch_ids if b is not None}):
        summary = rows_checksum(model, batch_id)
        record(
            municipality_id=municipality_id,
            model=label(model),
            object_pk=batch_id,
            action="rows",
            after=summary,
            fp=summary["checksum"],
            using=using,
        )


def _record_states(
    model, found: dict[str, dict], action: str, using: str, *, skip_unchanged: bool = False
) -> None:
    """Log the rows' states. No update event for a row whose state is the one last logged (an
    update to the values it has, or to ignored fields only; a link added twice): the log
    records changes, and such rows filled the auditor's page with empty 'Ändrade fält'
    (review P1-8). ``skip_unchanged`` does the same for other actions."""
    name = label(model)
    skip_unchanged = skip_unchanged or name in IGNORED or action == "update"
    for pk, state in found.items():
        mid = chain_of(model, state)
        before = None if action == "create" else last_after(mid, name, pk, using)
        if skip_unchanged and before is not None and canonical(before) == canonical(state):
            continue
        record(
            municipality_id=mid,
            model=name,
            object_pk=pk,
            action=action,
            before=before,
            after=state,
            using=using,
        )


# ---------------------------------------------------------------------------------------------
# Immutable rows


def _decision_locked(model, pks, using) -> bool:
    return bool(pks) and model._base_manager.using(using).filter(pk__in=pks).exists()


def _report_locked(model, pks, using) -> bool:
    return model._base_manager.using(using).filter(pk__in=pks, state="submitted").exists()


IMMUTABLE = {
    "decisions.Decision": (
        _decision_locked,
        "Ett registrerat beslut kan inte ändras. En rättelse är ett nytt beslut.",
    ),
    "followup.Report": (
        _report_locked,
        "En inlämnad rapport kan inte ändras.",
    ),
}


def guard_immutable(model, pks, using) -> None:
    rule = IMMUTABLE.get(label(model))
    if rule is None or not pks:
        return
    locked, message = rule
    if locked(model, list(pks), using):
        from tillit.core.errors import Conflict

        raise Conflict(message, code="immutable")


# ---------------------------------------------------------------------------------------------
# Receivers


def _pre_save(sender, instance, raw=False, using="default", **kwargs):
    if raw or instance.pk is None or instance._state.adding:
        return
    guard_immutable(sender, [instance.pk], using)


def _post_save(sender, instance, created, raw=False, using="default", update_fields=None, **kw):
    if raw:
        return
    model = sender
    ignored = IGNORED.get(label(model))
    if ignored and update_fields and set(update_fields) <= ignored:
        return  # e.g. last_login on signing in
    if label(model) in BULK_MODELS:
        field = BULK_MODELS[label(model)]
        _record_rows(model, instance.municipality_id, [getattr(instance, field)], using)
        return
    state = row_state(model, instance.pk)
    if state is None:
        return
    _record_states(model, {str(instance.pk): state}, "create" if created else "update", using)


def _pre_delete(sender, instance, using="default", **kwargs):
    state = row_state(sender, instance.pk)
    if state is None:
        return
    name = label(sender)
    record(
        municipality_id=chain_of(sender, state),
        model=name,
        object_pk=instance.pk,
        action="delete",
        before=state,
        after=None,
        fp="",
        using=using,
    )


# ---------------------------------------------------------------------------------------------
# QuerySet paths that bypass the signals

_orig_update = QuerySet.update
_orig_bulk_create = QuerySet.bulk_create
_orig_bulk_update = QuerySet.bulk_update
_orig_delete = QuerySet.delete


def _by_municipality(model, pks, using) -> dict:
    out: dict = {}
    rows = model._base_manager.using(using).filter(pk__in=pks).values_list("pk", "municipality_id")
    for pk, mid in rows:
        out.setdefault(mid, []).append(pk)
    return out


def _batches(model, queryset) -> dict:
    field = BULK_MODELS[label(model)]
    out: dict = {}
    for mid, batch_id in queryset.values_list("municipality_id", field).distinct():
        out.setdefault(mid, set()).add(batch_id)
    return out


def _record_links(owner_model, owner_pks, using) -> None:
    """Log the owners whose many-to-many links changed (their state holds the links)."""
    pks = sorted({pk for pk in owner_pks if pk is not None}, key=str)
    if pks:
        _record_states(
            owner_model,
            states(owner_model, owner_model._base_manager.using(using).filter(pk__in=pks)),
            "update",
            using,
            skip_unchanged=True,
        )


def _update(self, **kwargs):
    model = self.model
    if model in THROUGH:
        owner_model, column = THROUGH[model]
        with transaction.atomic(using=self.db, savepoint=False):
            owners = set(self.values_list(column, flat=True))
            count = _orig_update(self, **kwargs)
            owners |= set(
                model._base_manager.using(self.db)
                .filter(pk__in=list(self.values_list("pk", flat=True)))
                .values_list(column, flat=True)
            )
            _record_links(owner_model, owners, self.db)
            return count
    if not tracked(model):
        return _orig_update(self, **kwargs)
    ignored = IGNORED.get(label(model))
    if ignored and set(kwargs) <= ignored:
        return _orig_update(self, **kwargs)  # e.g. a token's last use: not logged
    using = self.db
    with transaction.atomic(using=using, savepoint=False):
        if label(model) in BULK_MODELS:
            touched = _batches(model, self)
            pks = list(self.values_list("pk", flat=True))
            count = _orig_update(self, **kwargs)
            after = _batches(model, model._base_manager.using(using).filter(pk__in=pks))
            for mid in set(touched) | set(after):
                _record_rows(model, mid, touched.get(mid, set()) | after.get(mid, set()), using)
            return count
        pks = list(self.values_list("pk", flat=True))
        guard_immutable(model, pks, using)
        count = _orig_update(self, **kwargs)
        _record_states(
            model,
            states(model, model._base_manager.using(using).filter(pk__in=pks)),
            "update",
            using,
        )
        return count


def _bulk_create(self, objs, *args, **kwargs):
    model = self.model
    if model in THROUGH:  # links added (ManyRelatedManager.add, or the link table itself)
        owner_model, column = THROUGH[model]
        objs = list(objs)
        with transaction.atomic(using=self.db, savepoint=False):
            created = _orig_bulk_create(self, objs, *args, **kwargs)
            _record_links(owner_model, [getattr(o, column) for o in objs], self.db)
            return created
    if not tracked(model):
        return _orig_bulk_create(self, objs, *args, **kwargs)
    using = self.db
    with transaction.atomic(using=using, savepoint=False):
        created = _orig_bulk_create(self, objs, *args, **kwargs)
        if label(model) in BULK_MODELS:
            field = BULK_MODELS[label(model)]
            by_mid: dict = {}
            for obj in created:
                by_mid.setdefault(obj.municipality_id, set()).add(getattr(obj, field))
            for mid, batch_ids in by_mid.items():
                _record_rows(model, mid, batch_ids, using)
        else:
            pks = [o.pk for o in created if o.pk is not None]
            _record_states(
                model,
                states(model, model._base_manager.using(using).filter(pk__in=pks)),
                "create",
                using,
            )
        return created


def _bulk_update(self, objs, fields, *args, **kwargs):
    model = self.model
    if model in THROUGH:
        owner_model, column = THROUGH[model]
        objs = list(objs)
        with transaction.atomic(using=self.db, savepoint=False):
            pks = [o.pk for o in objs]
            before = set(
                model._base_manager.using(self.db).filter(pk__in=pks).values_list(column, flat=True)
            )
            count = _orig_bulk_update(self, objs, fields, *args, **kwargs)
            _record_links(owner_model, before | {getattr(o, column) for o in objs}, self.db)
            return count
    if not tracked(model):
        return _orig_bulk_update(self, objs, fields, *args, **kwargs)
    using = self.db
    objs = list(objs)
    with transaction.atomic(using=using, savepoint=False):
        pks = [o.pk for o in objs]
        if label(model) in BULK_MODELS:
            touched = _batches(model, model._base_manager.using(using).filter(pk__in=pks))
            count = _orig_bulk_update(self, objs, fields, *args, **kwargs)
            after = _batches(model, model._base_manager.using(using).filter(pk__in=pks))
            for mid in set(touched) | set(after):
                _record_rows(model, mid, touched.get(mid, set()) | after.get(mid, set()), using)
            return count
        guard_immutable(model, pks, using)
        count = _orig_bulk_update(self, objs, fields, *args, **kwargs)
        _record_states(
            model,
            states(model, model._base_manager.using(using).filter(pk__in=pks)),
            "update",
            using,
        )
        return count


def _delete(self):
    model = self.model
    if model in THROUGH:  # links removed (remove, clear, set, or the link table itself)
        owner_model, column = THROUGH[model]
        with transaction.atomic(using=self.db, savepoint=False):
            owners = set(self.values_list(column, flat=True))
            result = _orig_delete(self)
            _record_links(owner_model, owners, self.db)
            return result
    if not tracked(model) or label(model) not in BULK_MODELS:
        return _orig_delete(self)  # tracked rows: the collector sends pre_delete per row
    using = self.db
    with transaction.atomic(using=using, savepoint=False):
        touched = _batches(model, self)
        result = _orig_delete(self)
        for mid, batch_ids in touched.items():
            _record_rows(model, mid, batch_ids, using)
        return result


_delete.alters_data = True
_delete.queryset_only = True
_update.alters_data = True
_bulk_update.alters_data = True


def install() -> None:
    """Connect the receivers to every tracked model and wrap the QuerySet bulk paths (once)."""
    global _installed
    if _installed:
        return
    _installed = True
    for model in tracked_models():
        uid = f"tillit-audit-{label(model)}"
        signals.pre_save.connect(_pre_save, sender=model, dispatch_uid=uid + "-pre")
        signals.post_save.connect(_post_save, sender=model, dispatch_uid=uid + "-post")
        if label(model) not in {*BULK_MODELS, *NO_DELETE_EVENT}:
            signals.pre_delete.connect(_pre_delete, sender=model, dispatch_uid=uid + "-del")
        for f in link_fields(model):
            through = f.remote_field.through
            THROUGH[through] = (model, through._meta.get_field(f.m2m_field_name()).attname)
    QuerySet.update = _update
    QuerySet.bulk_create = _bulk_create
    QuerySet.bulk_update = _bulk_update
    QuerySet.delete = _delete


__all__ = ["install", "record", "states", "fingerprint", "models"]
