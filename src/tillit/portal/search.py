"""Full-text search across published assignments, decisions and reports.

One selector, `search()`, picks the backend:

- PostgreSQL: `to_tsvector('swedish', …)` against a prefix `to_tsquery('swedish', 'skol:*')`
  built from the Snowball stems (see `stems`), so "skolan" finds "skolor" and "skola"; GIN
  expression indexes from migration 0002 (PostgreSQL only) match the expressions below exactly.
- SQLite: the FTS5 table `portal_search`, kept in sync by triggers (migration 0002, SQLite only;
  draft reports never enter it). Each query word is reduced with the Swedish Snowball stemmer
  and matched as a prefix ("skolan" → skol*), which finds the same inflections.

Highlighting is done here, in Python, the same way for both backends (escaped text, <mark>).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import snowballstemmer
from django.db import connection
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from tillit.assignments.models import Assignment
from tillit.decisions.models import Decision
from tillit.followup.models import Report, ReportState
from tillit.organisation.models import Municipality

KINDS = ("assignment", "decision", "report")
KIND_CODES = {"assignment": 0, "decision": 1, "report": 2}  # FTS rowid = id * 3 + code
MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
WORD = re.compile(r"\w+", re.UNICODE)
_stemmer = snowballstemmer.stemmer("swedish")

# The indexed text per kind. PostgreSQL: the same expressions are used in the GIN indexes.
PG_DOCUMENTS = {
    "assignment": (
        "assignments_assignment",
        "coalesce(title, '') || ' ' || coalesce(what, '') || ' ' || coalesce(why, '')",
    ),
    "decision": ("decisions_decision", "coalesce(title, '') || ' ' || coalesce(text, '')"),
    "report": (
        "followup_report",
        "coalesce(narrative, '') || ' ' || coalesce(forecast, '') || ' ' "
        "|| coalesce(adjustment_request, '')",
    ),
}


@dataclass
class Hit:
    kind: str
    id: int
    rank: float
    title: str = ""
    url: str = ""
    when: date | None = None
    label: str = ""
    snippet: SafeString = field(default_factory=lambda: mark_safe(""))


@dataclass
class SearchResult:
    query: str
    terms: list[str]
    hits: list[Hit]
    counts: dict[str, int]
    limit: int
    offset: int

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def grouped(self) -> list[tuple[str, list[Hit]]]:
        return [(k, [h for h in self.hits if h.kind == k]) for k in KINDS if self.counts.get(k)]


def query_terms(query: str) -> list[str]:
    """The words of a query, lower-cased, at most MAX_TERMS."""
    return [w.lower() for w in WORD.findall(query[:MAX_QUERY_LENGTH])][:MAX_TERMS]


# Snowball's Swedish stemmer keeps the definite "-an"/"-et" ("skolan" stays "skolan" while
# "skolor" and "skola" become "skol"), so the query side also drops those endings. Matching is by
# prefix on both backends, so "skol" then finds skola, skolor, skolan, skolans.
DEFINITE_ENDINGS = ("an", "et")


def stems(terms: list[str]) -> list[str]:
    out = []
    for term in terms:
        stem = _stemmer.stemWord(term)
        for ending in DEFINITE_ENDINGS:
            if stem.endswith(ending) and len(stem) - len(ending) >= 3:
                stem = stem[: -len(ending)]
                break
        out.append(stem if len(stem) >= 2 else term)
    return out


def search(
    *,
    municipality: Municipality,
    query: str,
    kinds: list[str] | tuple[str, ...] | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchResult:
    kinds = [k for k in (kinds or KINDS) if k in KINDS]
    terms = query_terms(query)
    if not terms or not kinds:
        return SearchResult(query, terms, [], {}, limit, offset)
    if connection.vendor == "postgresql":
        ranked, counts = _search_postgres(municipality.pk, terms, kinds)
    else:
        ranked, counts = _search_sqlite(municipality.pk, terms, kinds)
    page = ranked[offset : offset + limit]
    hits = _load(municipality, page, stems(terms))
    return SearchResult(query, terms, hits, counts, limit, offset)


def ts_query(terms: list[str]) -> str:
    """to_tsquery text: every word as a stem prefix (skol:*), all required. Stems are \\w+
    only, so nothing in them is tsquery syntax."""
    return " & ".join(f"{s}:*" for s in stems(terms))


def _search_postgres(municipality_id: int, terms: list[str], kinds: list[str]):
    query = ts_query(terms)
    ranked: list[tuple[float, str, int]] = []
    counts: dict[str, int] = {}
    with connection.cursor() as cursor:
        for kind in kinds:
            table, doc = PG_DOCUMENTS[kind]
            extra = " AND state = 'submitted'" if kind == "report" else ""
            cursor.execute(
                f"SELECT id, ts_rank(to_tsvector('swedish', {doc}), q) AS rank "  # noqa: S608
                f"FROM {table}, to_tsquery('swedish', %s) q "
                f"WHERE municipality_id = %s AND to_tsvector('swedish', {doc}) @@ q{extra}",
                [query, municipality_id],
            )
            rows = cursor.fetchall()
            if rows:
                counts[kind] = len(rows)
            ranked.extend((float(rank), kind, pk) for pk, rank in rows)
    ranked.sort(key=lambda r: (-r[0], KIND_CODES[r[1]], -r[2]))
    return [(kind, pk, rank) for rank, kind, pk in ranked], counts


def fts_query(terms: list[str]) -> str:
    """FTS5 MATCH text: every word as a quoted stem prefix ("skol"*), all required."""
    return " AND ".join('"' + s.replace('"', "") + '"*' for s in stems(terms))


def _search_sqlite(municipality_id: int, terms: list[str], kinds: list[str]):
    placeholders = ",".join("%s" for _ in kinds)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT kind, object_id, bm25(portal_search, 0, 0, 0, 5.0, 1.0) AS rank "
            "FROM portal_search WHERE portal_search MATCH %s AND municipality_id = %s "
            f"AND kind IN ({placeholders}) ORDER BY rank, rowid DESC",  # noqa: S608
            [fts_query(terms), municipality_id, *kinds],
        )
        rows = cursor.fetchall()
    counts: dict[str, int] = {}
    for kind, _pk, _rank in rows:
        counts[kind] = counts.get(kind, 0) + 1
    return [(kind, int(pk), -float(rank)) for kind, pk, rank in rows], counts


def _load(municipality: Municipality, page, stem_list: list[str]) -> list[Hit]:
    ids = {k: [pk for kind, pk, _ in page if kind == k] for k in KINDS}
    slug = municipality.slug
    objects = {}
    for a in Assignment.objects.filter(municipality=municipality, pk__in=ids["assignment"]):
        objects[("assignment", a.pk)] = (
            a.title,
            a.what + "\n" + a.why,
            reverse("assignments:detail", args=[slug, a.pk]),
            a.issued_on,
            a.get_status_display(),
        )
    for d in Decision.objects.filter(
        municipality=municipality, pk__in=ids["decision"]
    ).select_related("body", "meeting"):
        objects[("decision", d.pk)] = (
            d.title,
            d.text,
            reverse("decisions:detail", args=[slug, d.pk]),
            d.meeting.date,
            d.reference,
        )
    for r in Report.objects.filter(
        municipality=municipality, pk__in=ids["report"], state=ReportState.SUBMITTED
    ).select_related("assignment"):
        objects[("report", r.pk)] = (
            f"{r.label}: {r.assignment.title}",
            "\n".join(x for x in (r.narrative, r.forecast, r.adjustment_request) if x),
            reverse("followup:report", args=[slug, r.pk]),
            r.period_end,
            r.get_status_display(),
        )
    hits = []
    for kind, pk, rank in page:
        found = objects.get((kind, pk))
        if found is None:  # a draft report or a row of another municipality: never shown
            continue
        title, text, url, when, label = found
        hits.append(
            Hit(
                kind,
                pk,
                rank,
                highlight(title, stem_list),
                url,
                when,
                label,
                snippet(text, stem_list),
            )
        )
    return hits


def _matches(word: str, stem_list: list[str]) -> bool:
    lower = word.lower()
    return any(lower.startswith(s) for s in stem_list)


def highlight(text: str, stem_list: list[str]) -> SafeString:
    """The text, HTML-escaped, with every word that matches a query stem in <mark>."""
    out, last = [], 0
    for m in WORD.finditer(text):
        if _matches(m.group(), stem_list):
            out.append(escape(text[last : m.start()]))
            out.append(f"<mark>{escape(m.group())}</mark>")
            last = m.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 — every piece is escaped above


def snippet(text: str, stem_list: list[str], width: int = 220) -> SafeString:
    """About `width` characters around the first match, highlighted."""
    text = " ".join(text.split())
    first = next((m.start() for m in WORD.finditer(text) if _matches(m.group(), stem_list)), 0)
    start = max(0, first - width // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(text), start + width)
    piece = text[start:end]
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(escape(prefix) + highlight(piece, stem_list) + escape(suffix))  # noqa: S308
