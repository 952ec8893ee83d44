"""What Min sida shows a user: what waits for her in each of her roles.

One read per section; every section comes from the app that owns the data (follow-up's inbox,
economy's year, the barometer's public deviation reads), so the rules stay where they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from tillit.accounts.models import Role, RoleKind
from tillit.assignments.models import OPEN_STATUSES, Assignment
from tillit.barometer.models import DelegationDecision, Deviation
from tillit.followup.models import Notification, Report, ReportState
from tillit.followup.selectors import Inbox, inbox_for
from tillit.organisation.models import Body, BodyKind, Membership

RECENT = timedelta(days=365)  # deviations and strategic delegation decisions shown
RECENT_READ = timedelta(days=30)  # read messages still listed
MEETINGS_AHEAD = timedelta(days=365)  # årshjul dates shown on a politician's page
EVENTS_PER_BODY = 2
FAILED_JOBS_SHOWN = timedelta(days=7)


@dataclass
class AuditView:
    """Granskningsläge: what an auditor looks at first."""

    overdue: list = field(default_factory=list)  # past the deadline, no report submitted
    overdue_count: int = 0
    deviations_this_year: int = 0  # in the chosen period (the name kept for the year's default)
    last_check: object | None = None  # the last finished audit.verify job, if any
    # The period the deviations are counted over (review P4-34): "ar" the calendar year so far,
    # "mandat" the current mandate period, "forra" the one before; its first and last day.
    period: str = "ar"
    period_from: date | None = None
    period_to: date | None = None


@dataclass
class MeetingRow:
    """Politician: one of my bodies, its next dates in the årshjul and what waits for it."""

    body: object
    events: list = field(default_factory=list)  # followup.yearwheel.Occurrence, next first
    to_decide: int = 0  # submitted reports waiting for the body's decision
    questions_open: int = 0  # the body's questions not yet answered
    questions_due: date | None = None  # the earliest answer date among them
    questions_first: object | None = None  # the open question with that earliest date
    questions_late: bool = False  # the earliest answer date has passed
    # No date of the body's own: the events shown are the council's and the whole
    # municipality's, and the page says so (review P4-29).
    fallback: bool = False


@dataclass
class ChiefBody:
    """Chief: a body I answer to, its forecast this year and its verksamhetsplan."""

    body: object
    economy: object | None = None  # economy.selectors.BodyEconomy of the year, if any

    @property
    def forecast_missing(self) -> bool:
        """A frame is set for the year and no forecast has been reported (the controller's
        'Organ utan prognos' rule)."""
        e = self.economy
        return e is not None and e.frame is not None and not e.reported


@dataclass
class OpsView:
    """Administrators: the installation's small operations panel."""

    open_jobs: list = field(default_factory=list)  # queued or running
    failed_jobs: list = field(default_factory=list)  # failed in the last FAILED_JOBS_SHOWN
    imports: list = field(default_factory=list)  # the last economy imports
    without_role: list = field(default_factory=list)  # active users with no role anywhere
    without_role_count: int = 0


@dataclass
class Workspace:
    roles: set[str]
    inbox: Inbox
    notifications: list = field(default_factory=list)
    older: int = 0  # messages not listed (read, older than a month): the inbox API has them
    unread: int = 0
    member_bodies: list = field(default_factory=list)
    to_decide: list = field(default_factory=list)  # submitted reports awaiting my body
    given: list = field(default_factory=list)  # open assignments my bodies gave
    deviations: list = field(default_factory=list)  # (body, count) in the last year
    strategic: list = field(default_factory=list)  # strategic delegation decisions
    deficits: list = field(default_factory=list)  # BodyEconomy rows needing an action plan
    missing_forecasts: list = field(default_factory=list)  # controller: bodies without one
    economy_year: int | None = None
    # Politicians: the economy of the bodies they sit in, or of every body for a member of the
    # executive board, which oversees them all (review P4-28).
    economy_brief: list = field(default_factory=list)
    # Open assignments the bodies I sit in have received from another body (review P4-29).
    received: list = field(default_factory=list)
    audit: AuditView | None = None  # auditors and administrators: Granskningsläge
    meetings: list = field(default_factory=list)  # politician: MeetingRow per body
    chief_bodies: list = field(default_factory=list)  # chief: ChiefBody per body
    protocols: list = field(default_factory=list)  # secretary: uploaded, not registered
    meeting_drafts: list = field(default_factory=list)  # secretary: meetings being registered
    ops: OpsView | None = None  # administrators: jobs, imports, users without a role

    @property
    def is_politician(self) -> bool:
        return bool(self.member_bodies)

    @property
    def nothing(self) -> bool:
        return self.inbox.empty and not any(
            (
                self.notifications,
                self.to_decide,
                self.given,
                self.deviations,
                self.strategic,
                self.deficits,
                self.missing_forecasts,
                self.audit,
                self.protocols,
                self.meeting_drafts,
                self.ops,
                [c for c in self.chief_bodies if c.forecast_missing],
            )
        )


def member_bodies(*, user, municipality, on: date) -> list[Body]:
    """The bodies the user sits in on the day (politician role or active membership)."""
    role_bodies = Role.objects.filter(
        user=user, municipality=municipality, kind=RoleKind.POLITICIAN, body__isnull=False
    ).values("body_id")
    membership_bodies = (
        Membership.objects.active_on(on)
        .filter(person__user=user, body__municipality=municipality)
        .values("body_id")
    )
    return list(
        Body.objects.filter(Q(pk__in=role_bodies) | Q(pk__in=membership_bodies)).order_by(
            "kind", "name"
        )
    )


def workspace_for(
    *, user, municipality, today: date | None = None, audit_period: str = ""
) -> Workspace:
    today = today or timezone.localdate()
    roles = set(
        Role.objects.filter(user=user, municipality=municipality).values_list("kind", flat=True)
    )
    ws = Workspace(roles=roles, inbox=inbox_for(user=user, municipality=municipality, today=today))
    # What is new: every unread message, newest first, then what was read in the last month.
    mine = Notification.objects.filter(user=user, municipality=municipality)
    unread = list(mine.filter(read_at__isnull=True).order_by("-created_at", "-id")[:50])
    recent = list(
        mine.filter(read_at__isnull=False, created_at__gte=timezone.now() - RECENT_READ).order_by(
            "-created_at", "-id"
        )[: max(0, 30 - len(unread))]
    )
    ws.notifications = unread + recent
    ws.older = mine.count() - len(ws.notifications)
    ws.unread = Notification.objects.filter(
        user=user, municipality=municipality, read_at__isnull=True
    ).count()
    ws.member_bodies = member_bodies(user=user, municipality=municipality, on=today)
    bodies = ws.member_bodies
    if bodies:
        ws.to_decide = list(
            Report.objects.filter(
                municipality=municipality,
                state=ReportState.SUBMITTED,
                decision_on__isnull=True,
                assignment__issuer__in=bodies,
                assignment__status__in=OPEN_STATUSES,
            )
            .select_related("assignment", "assignment__issuer")
            .order_by("submitted_at")
        )
        ws.given = list(
            Assignment.objects.filter(
                municipality=municipality, issuer__in=bodies, status__in=OPEN_STATUSES
            )
            .select_related("issuer")
            .order_by("deadline", "-issued_on")[:50]
        )
        ws.received = list(
            Assignment.objects.filter(
                municipality=municipality,
                recipients__body__in=bodies,
                recipients__superseded_in_version__isnull=True,
                status__in=OPEN_STATUSES,
            )
            .select_related("issuer")
            .distinct()
            .order_by("deadline", "-issued_on")[:50]
        )
        since = today - RECENT
        counts = {}
        for body_id in Deviation.objects.filter(
            municipality=municipality, body__in=bodies, occurred_on__gte=since
        ).values_list("body_id", flat=True):
            counts[body_id] = counts.get(body_id, 0) + 1
        ws.deviations = [(b, counts[b.pk]) for b in bodies if counts.get(b.pk)]
        ws.strategic = list(
            DelegationDecision.objects.filter(
                municipality=municipality,
                body__in=bodies,
                is_strategic=True,
                decided_on__gte=since,
            )
            .select_related("body")
            .order_by("-decided_on")[:20]
        )
        ws.meetings = meeting_rows(
            municipality=municipality, bodies=bodies, to_decide=ws.to_decide, today=today
        )
    if RoleKind.SECRETARY in roles:
        ws.protocols = protocols_to_register(user=user, municipality=municipality)
        ws.meeting_drafts = meetings_to_register(user=user, municipality=municipality)
    if roles & {RoleKind.AUDITOR, RoleKind.ADMIN}:
        ws.audit = audit_view(municipality=municipality, today=today, period=audit_period)
    if RoleKind.ADMIN in roles:
        ws.ops = ops_view(municipality=municipality)
    economy_rows = None
    overseers = {RoleKind.CONTROLLER, RoleKind.ADMIN, RoleKind.CHIEF, RoleKind.AUDITOR}
    if bodies or roles & overseers:
        from tillit.economy.selectors import economy_year, economy_years

        years = economy_years(municipality=municipality)
        year = today.year if today.year in years else (max(years) if years else None)
        if year is not None:
            ws.economy_year = year
            rows = economy_year(municipality=municipality, year=year).bodies
            economy_rows = rows
            mine = {b.pk for b in bodies}
            everything = roles & overseers
            ws.deficits = [
                r for r in rows if r.needs_action_plan and (everything or r.body.pk in mine)
            ]
            board = any(b.kind == BodyKind.EXECUTIVE_BOARD for b in bodies)
            ws.economy_brief = [
                r for r in rows if r.frame is not None and (board or r.body.pk in mine)
            ]
            if roles & {RoleKind.CONTROLLER, RoleKind.ADMIN}:
                ws.missing_forecasts = [r for r in rows if r.frame is not None and not r.reported]
    if RoleKind.CHIEF in roles:
        ws.chief_bodies = chief_bodies(
            user=user, municipality=municipality, today=today, rows=economy_rows
        )
    return ws


def meeting_rows(*, municipality, bodies: list, to_decide: list, today: date) -> list[MeetingRow]:
    """Per body I sit in: its next dates in the årshjul (events of the body, and those of the
    whole municipality), the reports waiting for its decision and its open questions. A
    constant number of queries whatever the number of bodies."""
    from tillit.followup.models import Question
    from tillit.followup.yearwheel import year_events

    horizon = today + MEETINGS_AHEAD
    ahead = [
        o
        for year in sorted({today.year, horizon.year})
        for o in year_events(municipality=municipality, year=year)
        if today <= (o.end or o.start) and o.start <= horizon
    ]
    rows = {b.pk: MeetingRow(body=b) for b in bodies}
    for o in ahead:
        for row in rows.values():
            if (o.body is None or o.body.pk == row.body.pk) and len(row.events) < EVENTS_PER_BODY:
                row.events.append(o)
    shared = [o for o in ahead if o.body is None or o.body.kind == BodyKind.COUNCIL]
    for row in rows.values():
        if not row.events:  # nothing of its own: the council's and the municipality's dates
            row.fallback = True
            row.events = shared[:EVENTS_PER_BODY]
    for report in to_decide:
        row = rows.get(report.assignment.issuer_id)
        if row is not None:
            row.to_decide += 1
    # One read of the open questions: per body their number, the earliest answer date and the
    # question with that date (the line on Min sida links to it).
    for q in Question.objects.filter(
        municipality=municipality, body__in=bodies, answered_at__isnull=True
    ).order_by("-due_on", "-id"):
        row = rows[q.body_id]
        row.questions_open += 1
        row.questions_due, row.questions_first = q.due_on, q
    for row in rows.values():
        row.questions_late = bool(row.questions_due and row.questions_due < today)
    return list(rows.values())


def chief_bodies(*, user, municipality, today: date, rows) -> list[ChiefBody]:
    """The bodies whose chief I am (the bodies my chief offices answer to), each with its row of
    the economy year when one is read."""
    from tillit.accounts.permissions import chief_offices_held

    by_body = {r.body.pk: r for r in rows or []}
    offices = chief_offices_held(user, municipality, today)
    ids = {o.answers_to_id for o in offices if o.answers_to_id}
    if not ids:
        return []
    return [
        ChiefBody(body=b, economy=by_body.get(b.pk))
        for b in Body.objects.filter(municipality=municipality, pk__in=ids).order_by("kind", "name")
    ]


def protocols_to_register(*, user, municipality) -> list:
    """Uploaded minutes not yet registered: of the bodies I am secretary of, and those I uploaded
    whose body the reader could not tell."""
    from tillit.minutes.models import Protocol

    mine = Role.objects.filter(
        user=user, municipality=municipality, kind=RoleKind.SECRETARY, body__isnull=False
    ).values("body_id")
    return list(
        Protocol.objects.filter(municipality=municipality, registered_at__isnull=True)
        .filter(Q(body__in=mine) | Q(body__isnull=True, uploaded_by=user))
        .select_related("body")
        .order_by("meeting_date", "created_at")[:20]
    )


def meetings_to_register(*, user, municipality) -> list:
    """Meetings started in "Registrera ett sammanträde", not yet justerade: of the bodies I am
    secretary of, and those I started (one query, like protocols_to_register)."""
    from tillit.minutes.models import MeetingDraft

    mine = Role.objects.filter(
        user=user, municipality=municipality, kind=RoleKind.SECRETARY, body__isnull=False
    ).values("body_id")
    return list(
        MeetingDraft.objects.filter(municipality=municipality, meeting__isnull=True)
        .filter(Q(body__in=mine) | Q(created_by=user))
        .select_related("body")
        .order_by("meeting_date")[:20]
    )


def ops_view(*, municipality) -> OpsView:
    """Background jobs that run or failed lately, the last economy imports and the users who
    have no role at all and sit in no body (they see only what the public sees)."""
    from django.contrib.auth import get_user_model

    from tillit.economy.models import ImportBatch
    from tillit.jobs.models import OPEN_STATUSES as OPEN_JOBS
    from tillit.jobs.models import Job, JobStatus
    from tillit.jobs.services import job_reap

    jobs = list(
        Job.objects.filter(municipality=municipality)
        .filter(
            Q(status__in=OPEN_JOBS)
            | Q(status=JobStatus.FAILED, finished_at__gte=timezone.now() - FAILED_JOBS_SHOWN)
        )
        .select_related("user")
        .order_by("-created_at", "-pk")[:20]
    )
    jobs = [job_reap(j) if j.status == JobStatus.RUNNING else j for j in jobs]
    view = OpsView(
        open_jobs=[j for j in jobs if j.status in OPEN_JOBS],
        failed_jobs=[j for j in jobs if j.status == JobStatus.FAILED],
        imports=list(
            ImportBatch.objects.filter(municipality=municipality)
            .select_related("imported_by__person")
            .order_by("-created_at", "-id")[:3]
        ),
    )
    # A member who logs in through her person's membership needs no role: not listed.
    members = Membership.objects.filter(person__user__isnull=False).values("person__user_id")
    users = (
        get_user_model()
        .objects.filter(is_active=True, is_superuser=False)
        .exclude(pk__in=Role.objects.values("user_id"))
        .exclude(pk__in=members)
        .select_related("person")
        .order_by("username")
    )
    view.without_role = list(users[:10])
    view.without_role_count = users.count()
    return view


AUDIT_PERIODS = ("ar", "mandat", "forra")


def _audit_period(municipality, today: date, period: str) -> tuple[str, date, date]:
    """(key, first day, last day) of the period the auditor chose; the year so far by default
    and when the municipality has no such mandate period."""
    if period in ("mandat", "forra"):
        from tillit.organisation.models import Term

        terms = list(
            Term.objects.filter(municipality=municipality, starts_on__lte=today).order_by(
                "-starts_on"
            )[:2]
        )
        k = 0 if period == "mandat" else 1
        if len(terms) > k:
            return period, terms[k].starts_on, min(terms[k].ends_on, today)
    return "ar", date(today.year, 1, 1), today


def audit_view(*, municipality, today: date, period: str = "") -> AuditView:
    from tillit.jobs.models import Job, JobStatus

    overdue = (
        Assignment.objects.filter(
            municipality=municipality, status__in=OPEN_STATUSES, deadline__lt=today
        )
        .exclude(reports__state=ReportState.SUBMITTED)
        .select_related("issuer")
        .order_by("deadline", "pk")
    )
    view = AuditView(overdue=list(overdue[:10]), overdue_count=overdue.count())
    view.period, view.period_from, view.period_to = _audit_period(municipality, today, period)
    view.deviations_this_year = Deviation.objects.filter(
        municipality=municipality, occurred_on__range=(view.period_from, view.period_to)
    ).count()
    view.last_check = (
        Job.objects.filter(
            municipality=municipality,
            kind="audit.verify",
            status__in=(JobStatus.DONE, JobStatus.FAILED),
        )
        .order_by("-finished_at", "-pk")
        .first()
    )
    return view
