"""`tillit generate`: a reproducible synthetic national dataset for performance work (issue 9).

    tillit generate --municipalities 290 --assignments 300 --years 8 --seed 1

What it builds per municipality (all synthetic: slugs ``kommun-0001``…, codes ``9001``…, county
"Syntetiskt län", people named "Ordförande KF 0001" and the like — no real people):

* the organisation **through organisation.services** (a few rows each): terms, majorities,
  KF, KS, KS arbetsutskott, four nämnder (one a gemensam nämnd), the kommundirektör, four
  förvaltningschefer and two units per chief, one person per chair/chief with membership and
  appointment; three users (secretary, politician, chief) with roles;
* ``--assignments`` assignments over ``--years`` years (ending ``END_YEAR``), each born from a
  decision (§ numbered per body and year) at a monthly meeting of its issuer, with recipients
  taken from :func:`tillit.assignments.chain.allowed_recipients` (so every pair follows the
  decision chain; a sample is re-checked with ``check_recipients``), planned follow-ups, history
  events (issued, started, reported, completed/cancelled by a decision of the issuer) with the
  same snapshots the services write, reports per DR/AR period, questions and answers;
* frames per budget body and year (KF's budget decision), frame changes (additions linked to
  assignments, unlinked cuts, reallocation pairs), object mappings, forecasts, and a year of
  actuals and internal budget per month × body × account class (one import batch).

Volume rows are written with ``bulk_create`` in batches (no per-row services, no signals), in
municipality chunks, each chunk in one transaction. Everything random comes from one
``random.Random(seed)`` per municipality and fixed dates, so the same arguments give the same
data (see :func:`dataset_fingerprint`). It refuses SQLite unless ``allow_sqlite`` (tests, small
sizes) and refuses to run when generated municipalities exist unless ``reset``.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from tillit.accounts.models import Role, RoleKind
from tillit.assignments.chain import allowed_recipients, check_recipients
from tillit.assignments.models import (
    Assignment,
    AssignmentEvent,
    AssignmentRecipient,
    EventKind,
    FollowUp,
    Status,
)
from tillit.core.errors import TillitError
from tillit.decisions.models import Decision, Initiative, Meeting
from tillit.economy.models import (
    ActualLine,
    BatchKind,
    BudgetLine,
    ChangeKind,
    Forecast,
    Frame,
    FrameChange,
    ImportBatch,
    ObjectMapping,
)
from tillit.followup.models import Question, Report, ReportState, ReportStatus
from tillit.organisation import services as org
from tillit.organisation.models import Body, BodyKind, Municipality, Office, OfficeKind

END_YEAR = 2025  # the last generated year; fixed so that the data never depends on today
SLUG_PREFIX = "kommun-"
COUNTY = "Syntetiskt län"
CODE_BASE = 9000
MAX_MUNICIPALITIES = 900  # codes 9001-9900; 9998/9999 are used by tests and benchmarks
BATCH = 5000
CHUNK = 10  # municipalities per transaction
SAMPLE_CHECKS = 5  # assignments per municipality re-checked with check_recipients
PASSWORD = "generate-losen-123"  # noqa: S105 - synthetic accounts on a benchmark database

BODIES = [
    # slug, name, short, kind, parent, chief office slug, chief title, organisation
    ("kf", "Kommunfullmäktige", "KF", BodyKind.COUNCIL, None, None),
    ("ks", "Kommunstyrelsen", "KS", BodyKind.EXECUTIVE_BOARD, "kf", "kommundirektor"),
    ("ks-au", "Kommunstyrelsens arbetsutskott", "KSAU", BodyKind.SUBCOMMITTEE, "ks", None),
    ("bun", "Barn- och utbildningsnämnden", "BUN", BodyKind.COMMITTEE, "kf", "fc-bun"),
    ("son", "Socialnämnden", "SON", BodyKind.COMMITTEE, "kf", "fc-son"),
    ("tn", "Tekniska nämnden", "TN", BodyKind.COMMITTEE, "kf", "fc-tn"),
    ("mbn", "Miljö- och byggnadsnämnden", "MBN", BodyKind.JOINT_COMMITTEE, "kf", "fc-mbn"),
]
CHIEFS = {
    "kommundirektor": ("Kommundirektör", "Kommunledningskontoret", OfficeKind.CHIEF_EXECUTIVE),
    "fc-bun": (
        "Förvaltningschef",
        "Barn- och utbildningsförvaltningen",
        OfficeKind.DEPARTMENT_HEAD,
    ),
    "fc-son": ("Förvaltningschef", "Socialförvaltningen", OfficeKind.DEPARTMENT_HEAD),
    "fc-tn": ("Förvaltningschef", "Tekniska förvaltningen", OfficeKind.DEPARTMENT_HEAD),
    "fc-mbn": ("Förvaltningschef", "Miljö- och byggförvaltningen", OfficeKind.DEPARTMENT_HEAD),
}
UNITS = {
    "kommundirektor": ["Ekonomienheten", "Digitaliseringsenheten"],
    "fc-bun": ["Grundskola norr", "Förskola syd"],
    "fc-son": ["Hemtjänsten", "Individ- och familjeomsorgen"],
    "fc-tn": ["Gata/park", "Vatten och avlopp"],
    "fc-mbn": ["Bygglov", "Miljötillsyn"],
}
BUDGET_BODIES = ["ks", "bun", "son", "tn", "mbn"]
# Who issues how many of the assignments (weights).
ISSUER_WEIGHTS = [("kf", 15), ("ks", 25), ("ks-au", 5), ("bun", 20), ("son", 15), ("tn", 12)]
ISSUER_WEIGHTS += [("mbn", 8)]

THEMES = [
    ("digitalisering", "Digitalisering som frigör resurser", "minst 2 procent av kostnaderna"),
    ("behörighet", "Fler elever med gymnasiebehörighet", "andelen behöriga elever ökar"),
    ("sjukfrånvaro", "Lägre sjukfrånvaro", "sjukfrånvaron sjunker till högst 7 procent"),
    ("hemtjänst", "Kontinuitet i hemtjänsten", "färre olika personal per brukare"),
    ("energi", "Lägre energiförbrukning i lokaler", "energiförbrukningen minskar med 10 procent"),
    ("bygglov", "Snabbare bygglov", "handläggningstiden understiger tio veckor"),
    ("trygghet", "Tryggare centrum", "fler invånare upplever centrum som tryggt"),
    ("näringsliv", "Bättre företagsklimat", "företagens nöjdhet med kommunens service ökar"),
    ("bostäder", "Fler bostäder", "planberedskap för 200 nya bostäder"),
    ("underskott", "Budget i balans", "nämndens underskott elimineras inom två år"),
    ("psykisk hälsa", "Bättre psykisk hälsa bland unga", "färre unga med psykisk ohälsa"),
    ("integration", "Snabbare etablering", "fler nyanlända i arbete eller studier"),
]
NARRATIVES = [
    "Arbetet följer plan. Första delmålet är nått och effekten mäts till nästa period.",
    "Arbetet är försenat på grund av vakanser; en reviderad tidplan redovisas.",
    "Resultatet är bättre än väntat. Lärdomar sprids till övriga förvaltningar.",
    "Avvikelse: resurserna räcker inte. Förvaltningen föreslår en justering av uppdraget.",
]
QUESTIONS = [
    "Hur påverkar förseningen det avsedda resultatet?",
    "Vilka resurser saknas för att nå målet?",
    "Hur har ni mätt effekten för invånarna?",
    "När kan nämnden förvänta sig en slutredovisning?",
]


def _plain(name: str):
    """Django's own ``QuerySet.bulk_create``/``update``. The audit app wraps them to log
    every created row (about four queries a row); the synthetic benchmark volume is written
    without that trail (the organisation, written through the services, still has it)."""
    try:
        from tillit.audit import capture
    except ImportError:  # pragma: no cover - the audit app is optional here
        return getattr(QuerySet, name)
    return getattr(capture, f"_orig_{name}", getattr(QuerySet, name))


class GenerateError(TillitError):
    code = "generate_error"


@dataclass
class GenerateResult:
    municipalities: int
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    checked_pairs: int = 0


def generated_municipalities():
    return Municipality.objects.filter(slug__startswith=SLUG_PREFIX, county=COUNTY)


def _slug(i: int) -> str:
    return f"{SLUG_PREFIX}{i:04d}"


# ---------------------------------------------------------------------------------------------
# Entry point


def generate(
    *,
    municipalities: int,
    assignments: int,
    years: int,
    seed: int = 1,
    reset: bool = False,
    allow_sqlite: bool = False,
    progress=None,
) -> GenerateResult:
    """Build the dataset; see the module doc. Raises GenerateError when refused."""
    if connection.vendor == "sqlite" and not allow_sqlite:
        raise GenerateError(
            "tillit generate skapar en nationell datamängd och kräver PostgreSQL "
            "(TILLIT_DATABASE_URL=postgres://...). SQLite tillåts bara för små storlekar med "
            "--allow-sqlite."
        )
    if connection.vendor == "sqlite" and municipalities * assignments > 20_000:
        raise GenerateError("För stort för SQLite: högst 20 000 uppdrag totalt med --allow-sqlite.")
    if not 1 <= municipalities <= MAX_MUNICIPALITIES:
        raise GenerateError(f"--municipalities ska vara 1–{MAX_MUNICIPALITIES}.")
    if not 0 <= assignments <= 100_000 or not 1 <= years <= 30:
        raise GenerateError("--assignments ska vara 0–100 000 och --years 1–30.")
    t0 = time.perf_counter()
    if generated_municipalities().exists():
        if not reset:
            raise GenerateError(
                "Det finns redan genererade kommuner (kommun-0001 …). Använd --reset för att ta "
                "bort dem och generera på nytt."
            )
        generated_delete()
    User = get_user_model()
    password = make_password(PASSWORD, salt="tillitgenerate")  # deterministic hash, one time
    result = GenerateResult(municipalities=municipalities)
    counts: dict[str, int] = {}
    for first in range(1, municipalities + 1, CHUNK):
        numbers = range(first, min(first + CHUNK, municipalities + 1))
        with transaction.atomic():
            builders = [
                _Municipality(i, seed=seed, years=years, n_assignments=assignments, User=User)
                for i in numbers
            ]
            for b in builders:
                b.build_organisation(password)
            _Bulk(builders, counts).run()
            result.checked_pairs += sum(b.sample_check() for b in builders)
        if progress is not None:
            progress(numbers[-1], municipalities, time.perf_counter() - t0)
    result.counts = dataset_counts()
    result.seconds = time.perf_counter() - t0
    return result


def dataset_counts() -> dict[str, int]:
    ids = list(generated_municipalities().values_list("pk", flat=True))
    scope = {"municipality_id__in": ids}
    return {
        "municipalities": len(ids),
        "bodies": Body.objects.filter(**scope).count(),
        "offices": Office.objects.filter(**scope).count(),
        "meetings": Meeting.objects.filter(**scope).count(),
        "decisions": Decision.objects.filter(**scope).count(),
        "assignments": Assignment.objects.filter(**scope).count(),
        "recipients": AssignmentRecipient.all_versions.filter(**scope).count(),
        "followups": FollowUp.all_versions.filter(**scope).count(),
        "events": AssignmentEvent.objects.filter(**scope).count(),
        "reports": Report.objects.filter(**scope).count(),
        "questions": Question.objects.filter(**scope).count(),
        "frames": Frame.objects.filter(**scope).count(),
        "frame_changes": FrameChange.objects.filter(**scope).count(),
        "actual_lines": ActualLine.objects.filter(**scope).count(),
        "budget_lines": BudgetLine.objects.filter(**scope).count(),
        "forecasts": Forecast.objects.filter(**scope).count(),
    }


# What the fingerprint covers: content only (no primary keys, no timestamps of the run).
_FINGERPRINT = [
    (Body, ["municipality__slug", "slug", "name", "kind", "parent__slug", "valid_from"]),
    (Office, ["municipality__slug", "slug", "kind", "answers_to__slug", "parent__slug"]),
    (
        Decision,
        ["municipality__slug", "body__slug", "year", "paragraph", "meeting__date", "title"],
    ),
    (
        Assignment,
        [
            "municipality__slug",
            "decision__body__slug",
            "decision__year",
            "decision__paragraph",
            "title",
            "what",
            "status",
            "deadline",
            "resources_sek",
            "issued_on",
        ],
    ),
    (
        AssignmentRecipient,
        [
            "municipality__slug",
            "assignment__decision__body__slug",
            "assignment__decision__year",
            "assignment__decision__paragraph",
            "body__slug",
            "office__slug",
            "is_lead",
        ],
    ),
    (
        AssignmentEvent,
        [
            "municipality__slug",
            "assignment__decision__body__slug",
            "assignment__decision__year",
            "assignment__decision__paragraph",
            "kind",
            "occurred_at",
            "to_status",
            "decision__paragraph",
            "snapshot",
        ],
    ),
    (
        Report,
        [
            "municipality__slug",
            "assignment__decision__body__slug",
            "assignment__decision__year",
            "assignment__decision__paragraph",
            "period",
            "status",
            "narrative",
        ],
    ),
    (Question, ["municipality__slug", "body__slug", "asked_at", "text", "answered_at"]),
    (Frame, ["municipality__slug", "body__slug", "year", "amount"]),
    (FrameChange, ["municipality__slug", "body__slug", "year", "kind", "amount", "unlinked"]),
    (ActualLine, ["municipality__slug", "month", "object_id", "account_class", "amount"]),
]


def dataset_fingerprint() -> str:
    """sha256 over the generated content in a stable order (same seed -> same fingerprint)."""
    ids = list(generated_municipalities().values_list("pk", flat=True))
    digest = hashlib.sha256()
    for model, fields in _FINGERPRINT:
        manager = getattr(model, "all_versions", model.objects)
        rows = manager.filter(municipality_id__in=ids).values_list(*fields).order_by(*fields)
        digest.update(model.__name__.encode())
        for row in rows.iterator(chunk_size=5000):
            digest.update(json.dumps(row, default=str, sort_keys=True).encode())
    return digest.hexdigest()


def generated_delete() -> None:
    """Delete every row of the generated municipalities and their users (``--reset``).

    Raw deletes inside one transaction: foreign keys are checked at commit on PostgreSQL and
    SQLite (Django creates them deferrable), so the order does not matter and no rows are loaded.
    """
    ids = list(generated_municipalities().values_list("pk", flat=True))
    if not ids:
        return
    with transaction.atomic():
        for model in apps.get_models(include_auto_created=True):
            if model is Municipality:
                continue
            for f in model._meta.fields:
                related = getattr(f, "related_model", None)
                if related is Municipality:
                    qs = model._base_manager.filter(**{f"{f.name}__in": ids})
                    qs._raw_delete(qs.db)
                elif (
                    model._meta.auto_created
                    and related is not None
                    and related is not Assignment
                    and any(
                        getattr(g, "related_model", None) is Municipality
                        for g in related._meta.fields
                    )
                ):
                    # m2m through tables (FrameChange.assignments): by the owning side
                    qs = model._base_manager.filter(**{f"{f.name}__municipality_id__in": ids})
                    qs._raw_delete(qs.db)
        User = get_user_model()
        qs = User.objects.filter(username__startswith=SLUG_PREFIX)
        qs._raw_delete(qs.db)
        qs = Municipality.objects.filter(pk__in=ids)
        qs._raw_delete(qs.db)


# ---------------------------------------------------------------------------------------------
# One municipality: the organisation through the services, the rest planned in memory


def _aware(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, 0))


def _meeting_day(year: int, month: int, offset: int) -> date:
    return date(year, month, 8 + offset)


class _Municipality:
    def __init__(self, number: int, *, seed: int, years: int, n_assignments: int, User) -> None:
        self.number = number
        self.slug = _slug(number)
        self.rng = random.Random(f"{seed}:{number}")
        self.years = list(range(END_YEAR - years + 1, END_YEAR + 1))
        self.n_assignments = n_assignments
        self.User = User
        self.start = date(self.years[0] - 1, 1, 1)
        self.end = date(END_YEAR, 12, 31)
        self.bodies: dict[str, Body] = {}
        self.offices: dict[str, Office] = {}
        self.users: dict[str, object] = {}
        self.checked: list[tuple[Body, list, object, date]] = []

    # -- organisation: the services, few rows -------------------------------------------------

    def build_organisation(self, password: str) -> None:
        n = self.number
        self.m = org.municipality_create(
            slug=self.slug,
            name=f"Kommun {n:04d}",
            code=f"{CODE_BASE + n:04d}",
            population=5_000 + (n * 7919) % 150_000,
            county=COUNTY,
        )
        first_election = self.start.year - (self.start.year - 2014) % 4 - 4
        for year in range(first_election, END_YEAR + 1, 4):
            org.term_create(municipality=self.m, election_year=year)
        org.majority_set(municipality=self.m, name="A+B", parties="A, B", valid_from=self.start)
        if self.start < date(2022, 10, 15):
            org.majority_set(
                municipality=self.m, name="C+D", parties="C, D", valid_from=date(2022, 10, 15)
            )
        for slug, name, short, kind, parent, _chief in BODIES:
            self.bodies[slug] = org.body_create(
                municipality=self.m,
                slug=slug,
                name=name,
                short_name=short,
                kind=kind,
                valid_from=self.start,
                parent=self.bodies[parent] if parent else None,
                seats={"kf": 41, "ks": 13}.get(slug, 9),
                shared_with="Grannkommunen" if kind == BodyKind.JOINT_COMMITTEE else "",
            )
        for slug, _name, _short, _kind, _parent, chief in BODIES:
            if chief:
                title, orgname, kind = CHIEFS[chief]
                self.offices[chief] = org.office_create(
                    municipality=self.m,
                    slug=chief,
                    title=title,
                    organisation_name=orgname,
                    kind=kind,
                    valid_from=self.start,
                    answers_to=self.bodies[slug],
                )
                for k, unit in enumerate(UNITS[chief], 1):
                    org.office_create(
                        municipality=self.m,
                        slug=f"{chief}-enhet-{k}",
                        title="Enhetschef",
                        organisation_name=unit,
                        kind=OfficeKind.UNIT,
                        valid_from=self.start,
                        parent=self.offices[chief],
                    )
        for slug, body in self.bodies.items():
            person = org.person_create(
                municipality=self.m, name=f"Ordförande {slug.upper()} {n:04d}"
            )
            org.membership_add(person=person, body=body, role="chair", valid_from=self.start)
        for slug, office in self.offices.items():
            person = org.person_create(municipality=self.m, name=f"Chef {slug} {n:04d}")
            org.appointment_add(person=person, office=office, valid_from=self.start)
        users = [
            self.User(username=f"{self.slug}-{kind}", password=password, first_name=kind.title())
            for kind in ("sekreterare", "politiker", "chef")
        ]
        for user in _plain("bulk_create")(self.User.objects.all(), users):
            self.users[user.username.rsplit("-", 1)[1]] = user
        _plain("bulk_create")(
            Role.objects.all(),
            [
                Role(
                    municipality=self.m,
                    user=self.users["sekreterare"],
                    kind=RoleKind.SECRETARY,
                    body=self.bodies["kf"],
                ),
                Role(
                    municipality=self.m,
                    user=self.users["politiker"],
                    kind=RoleKind.POLITICIAN,
                    body=self.bodies["kf"],
                ),
                Role(
                    municipality=self.m,
                    user=self.users["chef"],
                    kind=RoleKind.CHIEF,
                    office=self.offices["kommundirektor"],
                ),
            ],
        )
        # Valid recipients per issuer, from the chain rule itself (the organisation is constant).
        self.allowed = {
            slug: sorted(
                allowed_recipients(self.bodies[slug], self.start),
                key=lambda t: (type(t).__name__, t.slug),
            )
            for slug, _w in ISSUER_WEIGHTS
        }

    def chief_for(self, target) -> Office | None:
        if isinstance(target, Office):
            return target
        for slug, _n, _s, _k, _p, chief in BODIES:
            if slug == target.slug and chief:
                return self.offices[chief]
        return None

    # -- planning (pure Python, deterministic) -----------------------------------------------

    def plan(self) -> None:
        rng = self.rng
        issuers = [s for s, _ in ISSUER_WEIGHTS]
        weights = [w for _, w in ISSUER_WEIGHTS]
        self.decisions: list[dict] = []  # {body, date, title, kind, ...}
        self.items: list[dict] = []
        for k in range(self.n_assignments):
            issuer = rng.choices(issuers, weights)[0]
            year = rng.choice(self.years)
            month = rng.choice([1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12])
            day = _meeting_day(year, month, issuers.index(issuer))
            allowed = self.allowed[issuer]
            if issuer == "kf":
                count = rng.choices([1, 2, 3], [70, 20, 10])[0]
                targets = rng.sample(allowed, min(count, len(allowed)))
            else:
                targets = [rng.choice(allowed)]
            lead = targets[0] if len(targets) > 1 else None
            theme, title, result = rng.choice(THEMES)
            sek = rng.choice([None, None, 250_000, 500_000, 1_200_000, 3_000_000])
            item = {
                "k": k,
                "issuer": issuer,
                "day": day,
                "targets": targets,
                "lead": lead or targets[0],
                "title": f"{title} ({k + 1})",
                "what": f"Uppdraget är klart när {result}. Resultatet redovisas per delår.",
                "why": f"Fullmäktiges mål om {theme} kräver en tydlig beställning.",
                "sek": None if sek is None else Decimal(sek),
                "fte": rng.choice([None, Decimal("0.50"), Decimal("1.00"), Decimal("2.00")]),
                "deadline": day + timedelta(days=rng.choice([180, 365, 540, 730])),
                "followups": sorted({day + timedelta(days=120), day + timedelta(days=300)}),
            }
            item["decision"] = self._decision(issuer, day, f"Uppdrag: {item['title']}")
            self._lifecycle(item)
            self.items.append(item)
        self._economy_plan()
        self._number()

    def _decision(self, body: str, day: date, title: str, initiative=Initiative.POLITICAL) -> dict:
        d = {"body": body, "date": day, "title": title, "initiative": initiative}
        self.decisions.append(d)
        return d

    def _next_meeting(self, body: str, after: date) -> date | None:
        offset = [s for s, _ in ISSUER_WEIGHTS].index(body)
        day = after + timedelta(days=20)
        month = day.month + (1 if day.day > 8 + offset else 0)
        year = day.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        if month == 7:
            month = 8
        meeting = _meeting_day(year, month, offset)
        return meeting if meeting <= self.end else None

    def _lifecycle(self, item: dict) -> None:
        """Status changes with their dates: started, reported, then closed by a decision."""
        rng = self.rng
        steps = []
        day = item["day"]
        started = day + timedelta(days=rng.randint(14, 90))
        if started <= self.end and rng.random() < 0.9:
            steps.append((Status.DECIDED, Status.IN_PROGRESS, started, None))
            reported = started + timedelta(days=rng.randint(120, 420))
            if reported <= self.end and rng.random() < 0.75:
                steps.append((Status.IN_PROGRESS, Status.REPORTED, reported, None))
                meeting = self._next_meeting(item["issuer"], reported)
                if meeting and rng.random() < 0.8:
                    to = Status.COMPLETED if rng.random() < 0.92 else Status.CANCELLED
                    word = "avslutas" if to == Status.COMPLETED else "avbryts"
                    dec = self._decision(
                        item["issuer"],
                        meeting,
                        f"Redovisning av uppdrag: {item['title']} {word}",
                        Initiative.ADMINISTRATION,
                    )
                    steps.append((Status.REPORTED, to, meeting, dec))
        elif started <= self.end and rng.random() < 0.3:
            meeting = self._next_meeting(item["issuer"], day)
            if meeting:
                dec = self._decision(item["issuer"], meeting, f"Uppdrag avbryts: {item['title']}")
                steps.append((Status.DECIDED, Status.CANCELLED, meeting, dec))
        item["steps"] = steps
        item["status"] = steps[-1][1] if steps else Status.DECIDED
        last = steps[-1][2] if steps else self.end
        # Reports for each DR and AR period the assignment was open through.
        reports = []
        for year in range(day.year, END_YEAR + 1):
            for kind, end in (("DR", date(year, 8, 31)), ("AR", date(year, 12, 31))):
                open_through = end <= last or item["status"] not in ("completed", "cancelled")
                if day < end <= self.end and open_through and len(reports) < 4:
                    reports.append((f"{year}-{kind}", end))
        item["reports"] = reports

    def _economy_plan(self) -> None:
        rng = self.rng
        self.frames = []  # (body, year, amount, decision)
        self.changes = []  # (body, year, kind, amount, decision, [items], unlinked, pair)
        for year in self.years:
            budget = self._decision(
                "kf", _meeting_day(year - 1, 11, 0), f"Budget {year} med ramar för nämnderna"
            )
            base = 100_000_000 + (self.number * 104_729) % 400_000_000
            for k, body in enumerate(BUDGET_BODIES):
                amount = Decimal(base // (k + 2) + rng.randint(0, 5_000_000))
                self.frames.append((body, year, amount, budget))
            extra = self._decision("kf", _meeting_day(year, 6, 0), f"Tilläggsbudget {year}")
            for body in rng.sample(BUDGET_BODIES, 2):
                funded = [
                    it
                    for it in self.items
                    if it["day"].year == year
                    and any(getattr(t, "slug", "") in (body,) for t in it["targets"])
                ][:2]
                amount = Decimal(rng.randint(5, 40) * 100_000)
                self.changes.append(
                    (body, year, ChangeKind.ADDITION, amount, extra, funded, not funded, None)
                )
            cut = rng.choice(BUDGET_BODIES)
            amount = -Decimal(rng.randint(1, 20) * 100_000)
            self.changes.append((cut, year, ChangeKind.CUT, amount, extra, [], True, None))
            giver, taker = rng.sample(BUDGET_BODIES, 2)
            amount = Decimal(rng.randint(1, 10) * 100_000)
            self.changes.append(
                (giver, year, ChangeKind.REALLOCATION, -amount, extra, [], True, "give")
            )
            self.changes.append(
                (taker, year, ChangeKind.REALLOCATION, amount, extra, [], True, "take")
            )

    def _number(self) -> None:
        """§ numbers per body and year, in meeting order (stable for equal dates)."""
        order = sorted(
            range(len(self.decisions)),
            key=lambda i: (self.decisions[i]["body"], self.decisions[i]["date"], i),
        )
        counters: dict[tuple[str, int], int] = {}
        for i in order:
            d = self.decisions[i]
            key = (d["body"], d["date"].year)
            counters[key] = counters.get(key, 0) + 1
            d["paragraph"] = counters[key]
        self.meeting_keys = sorted({(d["body"], d["date"]) for d in self.decisions})

    def sample_check(self) -> int:
        """Re-check the first assignments with the chain rule itself (raises on a bad pair)."""
        for item in self.items[:SAMPLE_CHECKS]:
            lead = item["lead"] if len(item["targets"]) > 1 else None
            check_recipients(
                issuer=self.bodies[item["issuer"]],
                recipients=item["targets"],
                lead=lead,
                on=item["day"],
            )
        return min(SAMPLE_CHECKS, len(self.items))


def _snapshot(item: dict, status: str) -> dict:
    """The same shape as assignments.services._snapshot."""
    slugs = [t.slug for t in item["targets"]]
    return {
        "title": item["title"],
        "what": item["what"],
        "why": item["why"],
        "recipients": slugs,
        "lead": item["lead"].slug,
        "resources_sek": None if item["sek"] is None else str(item["sek"]),
        "resources_fte": None if item["fte"] is None else str(item["fte"]),
        "deadline": item["deadline"].isoformat(),
        "followups": [d.isoformat() for d in item["followups"]],
        "status": status,
    }


# ---------------------------------------------------------------------------------------------
# Bulk writing of a chunk of municipalities, stage by stage (parents before children)


class _Bulk:
    def __init__(self, builders: list[_Municipality], counts: dict[str, int]) -> None:
        self.builders = builders
        self.counts = counts

    def _create(self, model, rows: list) -> list:
        if rows:
            _plain("bulk_create")(model._base_manager.all(), rows, batch_size=BATCH)
        self.counts[model.__name__] = self.counts.get(model.__name__, 0) + len(rows)
        return rows

    def run(self) -> None:
        for b in self.builders:
            b.plan()
        self._meetings_and_decisions()
        self._assignments()
        self._children()
        self._economy()

    def _meetings_and_decisions(self) -> None:
        meetings = []
        for b in self.builders:
            b.meetings = {}
            for body, day in b.meeting_keys:
                m = Meeting(municipality=b.m, body=b.bodies[body], date=day)
                b.meetings[(body, day)] = m
                meetings.append(m)
        self._create(Meeting, meetings)
        rows = []
        for b in self.builders:
            for d in b.decisions:
                body = b.bodies[d["body"]]
                obj = Decision(
                    municipality=b.m,
                    body=body,
                    meeting=b.meetings[(d["body"], d["date"])],
                    year=d["date"].year,
                    paragraph=d["paragraph"],
                    case_number=f"{body.short_name} {d['date'].year}/{d['paragraph']}",
                    title=d["title"],
                    text=f"{body.name} beslutar: {d['title']}.",
                    approved_on=d["date"] + timedelta(days=7),
                    initiative=d["initiative"],
                    registered_by=b.users["sekreterare"],
                )
                d["obj"] = obj
                rows.append(obj)
        self._create(Decision, rows)

    def _assignments(self) -> None:
        rows = []
        for b in self.builders:
            for item in b.items:
                steps = item["steps"]
                obj = Assignment(
                    municipality=b.m,
                    decision=item["decision"]["obj"],
                    issuer=b.bodies[item["issuer"]],
                    issued_on=item["day"],
                    title=item["title"],
                    what=item["what"],
                    why=item["why"],
                    resources_sek=item["sek"],
                    resources_fte=item["fte"],
                    deadline=item["deadline"],
                    status=item["status"],
                    status_changed_at=_aware(steps[-1][2] if steps else item["day"]),
                )
                item["obj"] = obj
                rows.append(obj)
        self._create(Assignment, rows)

    def _children(self) -> None:
        recipients, followups, events, reports = [], [], [], []
        for b in self.builders:
            for item in b.items:
                a = item["obj"]
                for t in item["targets"]:
                    recipients.append(
                        AssignmentRecipient(
                            municipality=b.m,
                            assignment=a,
                            body=t if isinstance(t, Body) else None,
                            office=t if isinstance(t, Office) else None,
                            is_lead=t is item["lead"],
                        )
                    )
                for due in item["followups"]:
                    followups.append(FollowUp(municipality=b.m, assignment=a, due_on=due))
                events.append(
                    AssignmentEvent(
                        municipality=b.m,
                        assignment=a,
                        kind=EventKind.ISSUED,
                        occurred_at=_aware(item["day"]),
                        actor=b.users["sekreterare"],
                        decision=item["decision"]["obj"],
                        to_status=Status.DECIDED,
                        version=1,
                        snapshot=_snapshot(item, Status.DECIDED),
                    )
                )
                for from_status, to_status, day, dec in item["steps"]:
                    events.append(
                        AssignmentEvent(
                            municipality=b.m,
                            assignment=a,
                            kind=EventKind.STATUS_CHANGED,
                            occurred_at=_aware(day),
                            actor=b.users["sekreterare" if dec else "chef"],
                            decision=dec["obj"] if dec else None,
                            from_status=from_status,
                            to_status=to_status,
                            version=1,
                            snapshot=_snapshot(item, to_status),
                        )
                    )
                for period, end in item["reports"]:
                    submitted = end + timedelta(days=b.rng.randint(5, 25))
                    status = b.rng.choice(ReportStatus.values)
                    narrative = b.rng.choice(NARRATIVES)
                    r = Report(
                        municipality=b.m,
                        assignment=a,
                        period=period,
                        period_end=end,
                        due_on=end + timedelta(days=31 if period.endswith("AR") else 20),
                        state=ReportState.SUBMITTED,
                        status=status,
                        narrative=narrative,
                        resources_suffice=status != ReportStatus.DEVIATION,
                        forecast="Målet nås enligt plan."
                        if status == ReportStatus.ON_TRACK
                        else "Målet nås med fördröjning.",
                        assignment_version=1,
                        author=b.users["chef"],
                        submitted_by=b.users["chef"],
                        submitted_at=_aware(submitted, 10),
                    )
                    reports.append((b, item, r, submitted))
        self._create(AssignmentRecipient, recipients)
        self._create(FollowUp, followups)
        self._create(AssignmentEvent, events)
        self._create(Report, [r for _b, _i, r, _s in reports])
        questions = []
        for b, item, r, submitted in reports:
            if b.rng.random() < 0.25:
                asked = submitted + timedelta(days=7)
                answered = b.rng.random() < 0.8 and asked + timedelta(days=10) <= b.end
                questions.append(
                    Question(
                        municipality=b.m,
                        assignment=item["obj"],
                        report=r,
                        body=b.bodies[item["issuer"]],
                        to_office=b.chief_for(item["lead"])
                        or b.chief_for(b.bodies[item["issuer"]]),
                        text=b.rng.choice(QUESTIONS),
                        asked_by=b.users["politiker"],
                        asked_at=_aware(asked, 14),
                        due_on=asked + timedelta(days=14),
                        answer="Svar: förvaltningen återkommer med en plan." if answered else "",
                        answered_by=b.users["chef"] if answered else None,
                        answered_at=_aware(asked + timedelta(days=10), 9) if answered else None,
                    )
                )
        self._create(Question, questions)

    def _economy(self) -> None:
        frames, changes, links, pairs = [], [], [], []
        mappings, batches, forecasts = [], [], []
        for b in self.builders:
            for body, year, amount, dec in b.frames:
                frames.append(
                    Frame(
                        municipality=b.m,
                        body=b.bodies[body],
                        year=year,
                        amount=amount,
                        decision=dec["obj"],
                        registered_by=b.users["sekreterare"],
                    )
                )
            previous = None
            for body, year, kind, amount, dec, funded, unlinked, pair in b.changes:
                fc = FrameChange(
                    municipality=b.m,
                    body=b.bodies[body],
                    year=year,
                    kind=kind,
                    amount=amount,
                    decision=dec["obj"],
                    unlinked=unlinked,
                    purpose="Tillskott för uppdrag" if funded else "Ramjustering",
                    registered_by=b.users["sekreterare"],
                )
                changes.append(fc)
                links.extend((fc, it["obj"]) for it in funded)
                if pair == "give":
                    previous = fc
                elif pair == "take":
                    pairs.append((previous, fc))
            for k, body in enumerate(BUDGET_BODIES):
                mappings.append(
                    ObjectMapping(
                        municipality=b.m,
                        dimension="1",
                        object_id=f"{k + 1}00",
                        name=b.bodies[body].name,
                        body=b.bodies[body],
                    )
                )
                for month in (4, 8):
                    forecasts.append(
                        Forecast(
                            municipality=b.m,
                            body=b.bodies[body],
                            year=END_YEAR,
                            as_of=date(END_YEAR, month, 1),
                            amount=next(
                                f.amount
                                for f in frames[-len(BUDGET_BODIES) :]
                                if f.body == b.bodies[body]
                            )
                            + Decimal(b.rng.randint(-3, 8) * 1_000_000),
                            reported_by=b.users["chef"],
                        )
                    )
            b.batch = ImportBatch(
                municipality=b.m,
                kind=BatchKind.ACTUAL_CSV,
                file_name=f"utfall-{END_YEAR}-{b.slug}.csv",
                sha256=hashlib.sha256(f"{b.slug}:{END_YEAR}".encode()).hexdigest(),
                period_start=date(END_YEAR, 1, 1),
                period_end=date(END_YEAR, 12, 31),
                imported_by=b.users["chef"],
                rows=12 * len(BUDGET_BODIES) * 4,
                transactions=12 * len(BUDGET_BODIES) * 4,
            )
            batches.append(b.batch)
        self._create(Frame, frames)
        self._create(FrameChange, changes)
        for giver, taker in pairs:
            giver.counterpart = taker
            taker.counterpart = giver
        update = _plain("update")
        for giver, taker in pairs:
            update(FrameChange.objects.filter(pk=giver.pk), counterpart=taker)
            update(FrameChange.objects.filter(pk=taker.pk), counterpart=giver)
        Through = FrameChange.assignments.through
        self._create(
            Through,
            [Through(framechange_id=fc.pk, assignment_id=a.pk) for fc, a in links],
        )
        self._create(ObjectMapping, mappings)
        self._create(Forecast, forecasts)
        self._create(ImportBatch, batches)
        actuals, budgets = [], []
        for b in self.builders:
            frame_of = {
                f.body_id: f.amount
                for f in frames
                if f.municipality_id == b.m.pk and f.year == END_YEAR
            }
            for k, slug in enumerate(BUDGET_BODIES):
                body = b.bodies[slug]
                monthly = (frame_of[body.pk] / 12).quantize(Decimal("0.01"))
                for month in range(1, 13):
                    day = date(END_YEAR, month, 1)
                    budgets.append(
                        BudgetLine(
                            municipality=b.m,
                            batch=b.batch,
                            month=day,
                            object_id=f"{k + 1}00",
                            amount=monthly,
                            body=body,
                        )
                    )
                    revenue = -(monthly * Decimal("0.2")).quantize(Decimal("0.01"))
                    spread = Decimal(b.rng.randint(90, 112)) / 100
                    costs = (monthly * spread - revenue).quantize(Decimal("0.01"))
                    for cls, amount in (
                        ("3", revenue),
                        ("5", (costs * Decimal("0.6")).quantize(Decimal("0.01"))),
                        ("6", (costs * Decimal("0.3")).quantize(Decimal("0.01"))),
                        ("7", (costs * Decimal("0.1")).quantize(Decimal("0.01"))),
                    ):
                        actuals.append(
                            ActualLine(
                                municipality=b.m,
                                batch=b.batch,
                                month=day,
                                object_id=f"{k + 1}00",
                                account_class=cls,
                                amount=amount,
                                body=body,
                            )
                        )
        self._create(ActualLine, actuals)
        self._create(BudgetLine, budgets)
