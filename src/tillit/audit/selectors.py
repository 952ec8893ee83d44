"""Reads of the audit trail: auditors and administrators only (accounts.permissions)."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

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
    *,
    user,
    municipality,
    model: str = "",
    object_pk: str = "",
    include_noise: bool = True,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    actor: str = "",
    action: str = "",
):
    """The municipality's events, newest first. ``date_from``/``date_to``: local days, both
    included; ``actor``: a user's id, or ``SYSTEM_ACTOR`` for what no signed-in user did;
    ``action``: create, update, delete, rows or baseline."""
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
    if date_from:
        qs = qs.filter(at__gte=_day_start(date_from))
    if date_to:
        qs = qs.filter(at__lt=_day_start(date_to + dt.timedelta(days=1)))
    if actor == SYSTEM_ACTOR:
        qs = qs.filter(actor__isnull=True)
    elif actor.isdigit():
        qs = qs.filter(actor_id=int(actor))
    if action:
        qs = qs.filter(action=action)
    return qs.order_by("-seq")


def _day_start(day: dt.date) -> dt.datetime:
    """Midnight of a local (Swedish) day, as an aware datetime."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


SYSTEM_ACTOR = "system"


def audit_actors(*, municipality) -> list[tuple[str, str]]:
    """[(value, name)] of who acted in the municipality's log, for the filter: each user by
    name, then the system (imports, the command line, the demo) as one choice."""
    ids = (
        AuditEvent.objects.filter(municipality=municipality, actor__isnull=False)
        .order_by()
        .values_list("actor_id", flat=True)
        .distinct()
    )
    from django.contrib.auth import get_user_model

    from tillit.accounts.templatetags.people import public_name_of

    users = get_user_model().objects.filter(pk__in=list(ids))
    out = sorted(((str(u.pk), public_name_of(u)) for u in users), key=lambda x: x[1].lower())
    return [*out, (SYSTEM_ACTOR, _("Systemet (inläsningar, kommandorad, demo)"))]


def hidden_count(*, municipality) -> int:
    """Events of the municipality's chain that the default view hides (notifications, jobs)."""
    qs = AuditEvent.objects.filter(municipality=municipality)
    noise = Q(model__in=NOISE_MODELS)
    for prefix in NOISE_PREFIXES:
        noise |= Q(model__startswith=prefix)
    return qs.filter(noise).count()


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
    for key in ("title", "name", "label", "purpose"):
        value = state.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()[:120]
    snapshot = state.get("snapshot")  # an assignment's history entry holds the title it had
    if isinstance(snapshot, dict) and isinstance(snapshot.get("title"), str):
        return snapshot["title"].strip()[:120]
    return ""


# Foreign keys that name the row in a person's terms ("BUN", "Översyn av IT-kostnader"); the
# related rows are read once per kind for the whole page, never per event.
NAMING_KEYS = (
    "assignment_id",
    "mission_assignment_id",
    "person_id",
    "office_id",
    "kpi_id",
    "body_id",
)
# Fields that place the row in time: shown after its name ("BUN 2025, per 2025-08-01").
WHEN_KEYS = ("year", "as_of", "date", "occurred_on", "decided_on", "due_on", "period_end")
_DECIMAL = re.compile(r"^-?\d+\.\d+$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


@dataclass
class Change:
    field: str  # the field's Swedish name
    old: str
    new: str


@dataclass
class EventRow:
    event: AuditEvent
    who: str
    what: str  # "Prognos: BUN 2025, per 2025-08-01"
    changes: list[Change]
    note: str = ""  # why an update shows no changed value

    @property
    def changed(self) -> list[str]:
        return [c.field for c in self.changes]


class _Names:
    """Names of the rows that events point to, read in one query per kind of row."""

    def __init__(self, events):
        self.wanted: dict = {}
        self.found: dict = {}
        self.users: dict = {}
        for e in events:
            model = _model(e.model)
            if model is None:
                continue
            for state in (e.before, e.after):
                if not isinstance(state, dict):
                    continue
                for key, value in state.items():
                    related = _related(model, key)
                    if related is None or value in (None, "", []):
                        continue
                    values = value if isinstance(value, list) else [value]
                    self.wanted.setdefault(related, set()).update(str(v) for v in values)

    def name(self, related, pk) -> str:
        from django.contrib.auth import get_user_model

        if related is get_user_model():
            return self._user(pk)
        if related not in self.found:
            self.found[related] = self._read(related, self.wanted.get(related, set()))
        return self.found[related].get(str(pk), f"{object_name(related._meta.label)} {pk}")

    def _read(self, related, pks) -> dict:
        fields = {f.attname for f in related._meta.concrete_fields}
        names = [n for n in ("short_name", "title", "name") if n in fields]
        if not names or not pks:
            return {}
        pk_field = related._meta.pk
        clean = []
        for pk in pks:
            with contextlib.suppress(Exception):
                clean.append(pk_field.to_python(pk))
        out = {}
        for row in related._base_manager.filter(pk__in=clean).values("pk", *names):
            value = next((row[n] for n in names if row[n]), "")
            out[str(row["pk"])] = str(value)[:120] if value else ""
        return out

    def _user(self, pk) -> str:
        from django.contrib.auth import get_user_model

        from tillit.accounts.templatetags.people import public_name_of

        key = str(pk)
        if key not in self.users:
            user = get_user_model().objects.filter(pk=pk).first()
            self.users[key] = public_name_of(user) if user else _("Borttagen användare")
        return self.users[key]


def _related(model, key: str):
    """The model a state key points to (a foreign key's column or a link list), or None."""
    try:
        f = model._meta.get_field(key[:-3] if key.endswith("_id") else key)
    except FieldDoesNotExist:
        return None
    if not (f.many_to_one or f.one_to_one or f.many_to_many) or f.related_model is None:
        return None
    if f.related_model._meta.label == "organisation.Municipality":
        return None
    return f.related_model


# Columns declared without a Swedish name.
FIELD_NAMES = {
    "submitted_by": _lazy("Inlämnad av"),
    "answered_by": _lazy("Besvarad av"),
    "registered_by": _lazy("Registrerad av"),
    "reported_by": _lazy("Rapporterad av"),
    "asked_by": _lazy("Ställd av"),
    "approved_by": _lazy("Justerad av"),
    "author": _lazy("Skriven av"),
}


def _field_name(model, key: str) -> str:
    name = key[:-3] if key.endswith("_id") else key
    if name in FIELD_NAMES:
        return str(FIELD_NAMES[name])
    if model is not None:
        with contextlib.suppress(FieldDoesNotExist):
            f = model._meta.get_field(name)
            verbose = str(getattr(f, "verbose_name", key))
            if verbose == name.replace("_", " ") and getattr(f, "related_model", None):
                verbose = object_name(f.related_model._meta.label)  # no Swedish name declared
            return capfirst(verbose)
    return key


def _value(model, key: str, value, names: _Names, redacted: bool) -> str:
    """A logged value as a person reads it: a row's name, a choice's label, a local time."""
    if redacted:
        return _("(dolt)")
    if value is None or value == "" or value == []:
        return "–"
    related = _related(model, key) if model is not None else None
    if related is not None:
        values = value if isinstance(value, list) else [value]
        return ", ".join(names.name(related, v) for v in values)
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if model is not None:
        with contextlib.suppress(FieldDoesNotExist):
            f = model._meta.get_field(key)
            if getattr(f, "choices", None):
                return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, list | dict):
        text = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    else:
        text = str(value)
    if _DATETIME.match(text):
        with contextlib.suppress(ValueError):
            moment = dt.datetime.fromisoformat(text)
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return moment.strftime("%Y-%m-%d %H:%M")
    if _DECIMAL.match(text):
        text = text.replace(".", ",")
    return text if len(text) <= 200 else text[:199] + "…"


def changes_of(event, names: _Names | None = None) -> tuple[list[Change], str]:
    """The fields an update changed, each with its value before and after, and a note when
    nothing but bookkeeping changed. The bookkeeping columns (created, updated) are shown only
    when they are all that changed, so a back-dated row still says what happened to it."""
    if event.action != "update" or not event.before or not event.after:
        return [], ""
    from .capture import REDACTED

    names = names or _Names([event])
    model = _model(event.model)
    hidden = REDACTED.get(event.model, frozenset())
    keys = [
        k
        for k in sorted(set(event.before) | set(event.after))
        if event.before.get(k) != event.after.get(k)
    ]
    shown = [k for k in keys if k not in UNINTERESTING] or keys
    if not shown:
        return [], _("Sparad igen utan ändrade värden.")
    out = []
    for key in shown:
        out.append(
            Change(
                _field_name(model, key),
                _value(model, key, event.before.get(key), names, key in hidden),
                _value(model, key, event.after.get(key), names, key in hidden),
            )
        )
    return out, ""


def changed_fields(event) -> list[str]:
    """The Swedish names of the fields an update changed, from the states the event holds."""
    return [c.field for c in changes_of(event)[0]]


def describe(event, names: _Names) -> str:
    """The row in human terms: "Prognos: BUN 2025, per 2025-08-01", "Rapport: Rapport tertial 1
    2023 – Översyn av IT-kostnader"; the kind and number only when nothing better is logged."""
    kind = object_name(event.model)
    state = event.after or event.before
    if event.action == "rows":  # an import's rows: the batch they came in
        return _("%(kind)s i inläsning %(pk)s") % {"kind": kind, "pk": event.object_pk}
    if not isinstance(state, dict):
        return f"{kind} {event.object_pk}"
    model = _model(event.model)
    title = _title(state)
    context = []
    for key in NAMING_KEYS:
        value = state.get(key)
        related = _related(model, key) if model is not None else None
        if value in (None, "") or related is None:
            continue
        if key == "body_id":
            context.append(names.name(related, value))
        elif not title:
            title = names.name(related, value)
    period = state.get("period")
    if isinstance(period, str) and period and model is not None and hasattr(model, "label"):
        with contextlib.suppress(Exception):  # a report: "Rapport tertial 1 2023"
            kind = model(period=period).label
    if state.get("year") not in (None, ""):
        context.append(str(state["year"]))
    for key in WHEN_KEYS:
        value = state.get(key)
        if key != "year" and value not in (None, ""):
            context.append(_("per %(d)s") % {"d": value})
            break
    if not title:
        text = state.get("text")
        if isinstance(text, str) and text.strip():
            title = text.strip()[:80]
    if not title and state.get("kind") and model is not None:  # "Indexering 23 000,00"
        title = _value(model, "kind", state["kind"], names, False)
        if state.get("amount") not in (None, ""):
            title = f"{title} {_value(model, 'amount', state['amount'], names, False)}"
    for key in ("valid_from", "starts_on"):
        if state.get(key) and not any(c.startswith(_("från")) for c in context):
            context.append(_("från %(d)s") % {"d": state[key]})
    detail = ", ".join(c for c in context if c)
    if title and detail:
        return f"{kind}: {title} ({detail})"
    if title or detail:
        return f"{kind}: {title or detail}"
    return f"{kind} {event.object_pk}"


def event_rows(events) -> list[EventRow]:
    """The page's events as an auditor reads them; no query per event (titles come from the
    state each event logged; the rows they point to are read once per kind for the page, the
    acting person's name once per person)."""
    events = list(events)
    names: dict = {}
    lookup = _Names(events)
    rows = []
    for e in events:
        changes, note = changes_of(e, lookup)
        rows.append(EventRow(e, actor_name(e, names), describe(e, lookup), changes, note))
    return rows
