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
from tillit.organisation.models import Body, Membership

RECENT = timedelta(days=365)  # deviations and strategic delegation decisions shown
RECENT_READ = timedelta(days=30)  # read messages still listed


@dataclass
class AuditView:
    """Granskningsläge: what an auditor looks at first."""

    overdue: list = field(default_factory=list)  # past the deadline, no report submitted
    overdue_count: int = 0
    deviations_this_year: int = 0
    last_check: object | None = None  # the last finished audit.verify job, if any


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
    audit: AuditView | None = None  # auditors and administrators: Granskningsläge

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


def workspace_for(*, user, municipality, today: date | None = None) -> Workspace:
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
    if roles & {RoleKind.AUDITOR, RoleKind.ADMIN}:
        ws.audit = audit_view(municipality=municipality, today=today)
    overseers = {RoleKind.CONTROLLER, RoleKind.ADMIN, RoleKind.CHIEF, RoleKind.AUDITOR}
    if bodies or roles & overseers:
        from tillit.economy.selectors import economy_year, economy_years

        years = economy_years(municipality=municipality)
        year = today.year if today.year in years else (max(years) if years else None)
        if year is not None:
            ws.economy_year = year
            rows = economy_year(municipality=municipality, year=year).bodies
            mine = {b.pk for b in bodies}
            everything = roles & overseers
            ws.deficits = [
                r for r in rows if r.needs_action_plan and (everything or r.body.pk in mine)
            ]
            if roles & {RoleKind.CONTROLLER, RoleKind.ADMIN}:
                ws.missing_forecasts = [r for r in rows if r.frame is not None and not r.reported]
    return ws


def audit_view(*, municipality, today: date) -> AuditView:
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
    view.deviations_this_year = Deviation.objects.filter(
        municipality=municipality, occurred_on__year=today.year
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
