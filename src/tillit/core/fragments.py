"""Parts of signed-in pages kept until the data they show changes (issue 16, docs/performance.md).

Everyone who works in Tillit is signed in, so the public-page cache (core.public_cache) never
serves them. The pages they use most (assignment list and detail, barometer, economy, inbox,
decision list) read the same rows again and again between two changes. A **fragment** is the
variable part of such a page (its ``{% block content %}``, never the header with the user's name
and never a form with a CSRF token), rendered once and then reused while nothing it shows can
have changed. There is no timer: the key holds everything the HTML depends on, so a change
gives a new key at once.

The key is:

* the **data version** of the municipality: its audit chain's head (``AuditHead``: sequence
  number and last hash). tillit.audit.capture appends an event, in the same transaction, for
  every create, update and delete of every tenant row (``TenantModel``: organisation, roles,
  memberships, decisions, assignments, reports, economy, barometer ...) and for bulk and COPY
  imports, so the head moves with every committed change. The hash (not only the number) is
  used because a rolled-back transaction can reuse a number, never a hash. The version is read
  once per request, before the page reads anything else (``begin``), so a change committed
  while the page renders can only make the stored copy newer than its key, never older;
* the municipality row itself (``updated_at``; it is not a tenant row);
* the **viewer**: the user's id with ``is_active``/``is_superuser`` (roles, memberships and
  people are tenant rows, so their changes move the data version), or "anon" — nobody ever
  gets a fragment rendered for someone else;
* the date the page computes with (stale and overdue marks, periods, "x dagar"), the active
  language, the fragment's name and the page's own vary-on values (the query string, HTMX);
* ``extra``: anything else a page shows that is not a tenant row (the detail page passes a
  digest of the users whose names it shows).

Not seen (documented in docs/performance.md): rows written without the ORM and without
``audit.capture.record_copied_rows`` (raw SQL by hand; ``tillit generate``'s volume rows), until
the next audited change or a restart. Fragments live in the ``fragments`` cache (per process,
bounded); ``TILLIT_FRAGMENT_CACHE=0`` turns them off (every page rendered in full).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import timezone, translation

ALIAS = "fragments"
# Forms inside a fragment carry the page's CSRF token: it is cut out when the fragment is
# stored and every page that reuses it puts in its own (as core.public_cache does).
_CSRF_PLACEHOLDER = "\x00tillit-csrf\x00"


@receiver(setting_changed)
def _settings_changed(**kwargs) -> None:
    """A page may show a setting (tests override them): start again after a change."""
    if ALIAS in settings.CACHES:
        caches[ALIAS].clear()


def enabled() -> bool:
    return bool(getattr(settings, "TILLIT_FRAGMENT_CACHE", True)) and ALIAS in settings.CACHES


def data_version(request, municipality) -> str:
    """The municipality's audit head ("seq.hash"), read once per request."""
    from django.db import connection

    from tillit.audit.models import AuditHead

    memo = request.__dict__.setdefault("_tillit_data_versions", {})
    if municipality.pk not in memo:
        meta = AuditHead._meta
        column = meta.get_field("municipality").column
        with connection.cursor() as cursor:  # every signed-in page asks: no ORM compile
            cursor.execute(
                f"SELECT seq, last_hash FROM {meta.db_table} WHERE {column} = %s",  # noqa: S608
                [municipality.pk],
            )
            row = cursor.fetchone()
        memo[municipality.pk] = f"{row[0]}.{row[1]}" if row else "0"
    return memo[municipality.pk]


def municipality_with_version(request, slug: str):
    """The municipality by slug (None if there is none) and, in the same query, its data
    version, remembered for the request: a cached page costs one query less."""
    from django.db.models import OuterRef, Subquery

    from tillit.audit.models import AuditHead
    from tillit.organisation.models import Municipality

    head = AuditHead.objects.filter(municipality=OuterRef("pk"))
    found = (
        Municipality.objects.filter(slug=slug)
        .annotate(
            _audit_seq=Subquery(head.values("seq")[:1]),
            _audit_hash=Subquery(head.values("last_hash")[:1]),
        )
        .first()
    )
    if found is not None:
        version = "0" if found._audit_seq is None else f"{found._audit_seq}.{found._audit_hash}"
        request.__dict__.setdefault("_tillit_data_versions", {})[found.pk] = version
    return found


def remembered(request, municipality, name: str, compute):
    """``compute()`` kept for the viewer until the data changes — when the page has read the
    data version anyway (else computed as usual). For small per-user answers every page needs
    (the menu's "may register decisions")."""
    versions = request.__dict__.get("_tillit_data_versions") or {}
    if not enabled() or municipality.pk not in versions:
        return compute()
    raw = "\x1f".join((name, str(municipality.pk), versions[municipality.pk], viewer(request)))
    key = "tillit.remembered." + hashlib.sha256(raw.encode()).hexdigest()
    cache = caches[ALIAS]
    found = cache.get(key)
    if found is None:
        found = (compute(),)
        cache.set(key, found, timeout=None)
    return found[0]


def viewer(request) -> str:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return "anon"
    return f"u{user.pk}.{int(user.is_active)}{int(user.is_superuser)}"


class Fragment:
    """One page's cached part. ``html`` is the stored copy (None on a miss); ``meta`` holds
    small values the view needs before rendering (e.g. the status code) and is stored with it.

    Create it right after the municipality is known, before anything else is read."""

    def __init__(self, request, municipality, name: str, *vary, day=None, extra: str = ""):
        self.request = request
        self.key = None
        self.html = None
        self.meta: dict = {}
        if not enabled():
            return
        parts = (
            name,
            municipality.pk,
            municipality.updated_at.isoformat() if municipality.updated_at else "",
            data_version(request, municipality),
            viewer(request),
            (day.isoformat() if day else ""),
            translation.get_language() or "",
            extra,
            *vary,
        )
        raw = "\x1f".join(str(p) for p in parts)
        self.key = "tillit.fragment." + hashlib.sha256(raw.encode()).hexdigest()
        found = caches[ALIAS].get(self.key)
        if found is not None:
            html, meta = found
            # A page whose content changes at a known moment without any write (the inbox's
            # answers of the last 90 days) stores that moment: from then on it is a miss.
            changes_at = meta.get("changes_at")
            if changes_at is None or timezone.now() < changes_at:
                self.html, self.meta = html, meta

    @property
    def hit(self) -> bool:
        return self.html is not None

    def render(self, csrf_token: str = "") -> str:
        """The stored copy with this page's CSRF token."""
        if _CSRF_PLACEHOLDER in self.html:
            return self.html.replace(_CSRF_PLACEHOLDER, csrf_token)
        return self.html

    def store(self, html: str, csrf_token: str = "") -> None:
        if self.key is None or _CSRF_PLACEHOLDER in html:
            return
        stored = str(html)
        if csrf_token and csrf_token in stored:
            stored = stored.replace(csrf_token, _CSRF_PLACEHOLDER)
        elif "csrfmiddlewaretoken" in stored:  # a token this page did not render: keep out
            return
        self.html = stored
        caches[ALIAS].set(self.key, (stored, self.meta), timeout=None)
