"""Reads of the audit trail: auditors and administrators only (accounts.permissions)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from tillit.accounts.permissions import can_read_audit
from tillit.core.errors import PermissionDenied

from .models import AuditEvent

# Rows the system writes by the hundred (a notification created or read, a job's progress):
# hidden unless asked for, so they do not bury the changes an auditor looks for.
NOISE_MODELS = ("followup.Notification",)
NOISE_PREFIXES = ("jobs.",)
# Bookkeeping columns every row has: a change to them alone says nothing.
UNINTERESTING = {"updated_at", "created_at"}


def audit_events_for(
    *, user, municipality, model: str = "", object_pk: str = "", include_noise: bool = True
):
    if not can_read_audit(user, municipality):
        raise PermissionDenied(
            _("Granskningsloggen läses av kommunens revisorer och administratörer.")
        )
    qs = AuditEvent.objects.filter(municipality=municipality).select_related("actor")
    if model:
        qs = qs.filter(model=model)
    elif not include_noise:
        qs = qs.exclude(model__in=NOISE_MODELS)
        for prefix in NOISE_PREFIXES:
            qs = qs.exclude(model__startswith=prefix)
    if object_pk:
        qs = qs.filter(object_pk=str(object_pk))
    return qs.order_by("-seq")


def _model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def object_name(label: str) -> str:
    """'Beslut' for decisions.Decision: the model's verbose name, capitalised; the label itself
    for a model no longer installed."""
    model = _model(label)
    return capfirst(str(model._meta.verbose_name)) if model is not None else label


def audit_models(*, municipality) -> list[tuple[str, str]]:
    """[(label, Swedish name)] of the kinds of rows in the municipality's log, by name."""
    labels = (
        AuditEvent.objects.filter(municipality=municipality)
        .order_by()
        .values_list("model", flat=True)
        .distinct()
    )
    return sorted(((lb, object_name(lb)) for lb in labels), key=lambda x: x[1].lower())


def actor_name(event, names: dict) -> str:
    """Who acted, as a person's name (never a login name), or what kind of actor for the system
    and the command line. ``names`` caches names by user id within one page."""
    from tillit.accounts.templatetags.people import public_name_of

    if event.actor_id and event.actor is not None:
        if event.actor_id not in names:
            names[event.actor_id] = public_name_of(event.actor)
        return names[event.actor_id]
    label = event.actor_label or ""
    if label.startswith("cli:demo"):
        return _("Demoinläsning")
    if label.startswith("cli:"):
        return _("Systemet (kommandorad)")
    if label == "anonym":
        return _("Anonym besökare")
    if label.startswith("system:uppgradering"):
        return _("Systemet (uppgradering)")
    if label.startswith("system"):
        return _("Systemet")
    return _("Borttagen användare")


def _title(state: dict | None) -> str:
    if not state:
        return ""
    for key in ("title", "name", "label", "period"):
        value = state.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()[:120]
    return ""


def changed_fields(event) -> list[str]:
    """The Swedish names of the fields an update changed, from the states the event holds."""
    if event.action != "update" or not event.before or not event.after:
        return []
    model = _model(event.model)
    out = []
    for key in sorted(set(event.before) | set(event.after)):
        if key in UNINTERESTING or event.before.get(key) == event.after.get(key):
            continue
        name = key
        if model is not None:
            with contextlib.suppress(FieldDoesNotExist):  # a link list or a dropped column
                name = capfirst(str(model._meta.get_field(key).verbose_name))
        if name not in out:
            out.append(name)
    return out


@dataclass
class EventRow:
    event: AuditEvent
    who: str
    what: str  # "Uppdrag: Förskolornas öppettider"
    changed: list[str]


def event_rows(events) -> list[EventRow]:
    """The page's events as an auditor reads them; no query per event (the row's title comes
    from the state the event logged, the actor's name once per person)."""
    names: dict = {}
    rows = []
    for e in events:
        title = _title(e.after) or _title(e.before)
        what = object_name(e.model)
        what = f"{what}: {title}" if title else f"{what} {e.object_pk}"
        rows.append(EventRow(e, actor_name(e, names), what, changed_fields(e)))
    return rows
