"""Reads for follow-up, scoped to one municipality: cycles, due assignments, reports (drafts only
for the administration), questions, the merged timeline, stale signals, "where is it now", the
inbox."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Max, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tillit.assignments.models import (
    FINAL_STATUSES,
    OPEN_STATUSES,
    Assignment,
    AssignmentEvent,
    EventKind,
    Status,
)
from tillit.assignments.selectors import assignment_public_history
from tillit.core.errors import NotFound
from tillit.organisation.models import Appointment

from . import permissions as perm
from .models import (
    IndicatorValue,
    Notification,
    Question,
    Report,
    ReportCycle,
    ReportDecision,
    ReportState,
)
from .periods import (
    DEFAULT_CYCLES,
    INTERIM,
    INTERIM_END_MONTH,
    Period,
    period_parse,
    periods_between,
)

STALE_GRACE_DAYS = 30  # a report up to a month before a planned follow-up counts for it
ANSWERS_SHOWN = timedelta(days=90)  # answers to the user's questions stay in the inbox so long


@dataclass(frozen=True)
class Cycle:
    kind: str
    label: str
    enabled: bool
    report_due_days: int
    council_note: str


def cycles_for(*, municipality) -> dict[str, Cycle]:
    """The municipality's cycles: its own settings over the Swedish defaults."""
    rows = {c.kind: c for c in ReportCycle.objects.filter(municipality=municipality)}
    out = {}
    for kind, default in DEFAULT_CYCLES.items():
        row = rows.get(kind)
        out[kind] = Cycle(
            kind,
            default.label,
            row.enabled if row else default.enabled,
            row.report_due_days if row else default.report_due_days,
            default.council_note,
        )
    return out


def interim_end_month(*, municipality) -> int:
    """The month the municipality's delårsrapport runs to (1–12; default August)."""
    row = ReportCycle.objects.filter(municipality=municipality, kind=INTERIM).first()
    return (row.period_end_month if row else None) or INTERIM_END_MONTH


def open_periods(*, municipality, today: date, ahead_days: int = 14, back_days: int = 120):
    """(period, due date) of enabled cycles whose report is due within ahead_days, or was due in
    the last back_days (overdue ones)."""
    cycles = cycles_for(municipality=municipality)
    kinds = tuple(k for k, c in cycles.items() if c.enabled)
    # A period is due report_due_days after its end (up to a year): scan back far enough.
    longest = max((cycles[k].report_due_days for k in kinds), default=0)
    out = []
    for period in periods_between(
        today - timedelta(days=back_days + longest), today + timedelta(days=ahead_days), kinds
    ):
        due_on = period.due_on(cycles[period.kind].report_due_days)
        if today - timedelta(days=back_days) <= due_on <= today + timedelta(days=ahead_days):
            out.append((period, due_on))
    return out


def recent_periods(*, municipality, today: date, count: int = 6) -> list[Period]:
    """The latest periods that have ended (newest first), for choosers."""
    cycles = cycles_for(municipality=municipality)
    kinds = tuple(k for k, c in cycles.items() if c.enabled)
    ended = periods_between(today - timedelta(days=3 * 366), today, kinds)
    return list(reversed(ended))[:count]


def current_period(*, municipality, today: date) -> Period:
    """The period a report written today is for: the latest ended one, else the next one."""
    periods = recent_periods(municipality=municipality, today=today, count=1)
    return periods[0] if periods else period_parse(f"{today.year}-T1")


def assignments_due(*, municipality, period: Period):
    """Assignments to report on for a period: open at its end (issued by then and not closed
    before the window), or with a planned follow-up in the window."""
    in_window = Q(
        followups__due_on__gte=period.start,
        followups__due_on__lte=period.end,
        followups__superseded_in_version__isnull=True,
    )
    start = timezone.make_aware(datetime.combine(period.start, datetime.min.time()))
    still_open = Q(status__in=[Status.DECIDED, Status.IN_PROGRESS]) | (
        Q(status__in=[*FINAL_STATUSES, Status.REPORTED]) & Q(status_changed_at__gte=start)
    )
    return (
        Assignment.objects.filter(municipality=municipality, issued_on__lte=period.end)
        .filter(still_open | in_window)
        .select_related("issuer", "decision", "decision__body")
        .distinct()
        .order_by("issuer_id", "issued_on", "id")
    )


def _reports(municipality):
    return (
        Report.objects.filter(municipality=municipality)
        .select_related("assignment", "assignment__issuer", "submitted_by", "author")
        .prefetch_related(
            Prefetch("indicators", queryset=IndicatorValue.objects.order_by("position", "id")),
            Prefetch(
                "decision_on",
                queryset=ReportDecision.objects.select_related("decision", "decision__body"),
            ),
        )
    )


def reports_visible(*, municipality, user=None):
    """Submitted reports, plus drafts the user may see (the recipient chief's own)."""
    qs = _reports(municipality)
    if user is None or not user.is_authenticated:
        return qs.filter(state=ReportState.SUBMITTED)
    if perm.is_admin(user, municipality.pk) or perm.is_auditor(user, municipality.pk):
        return qs
    # The rule of can_see_draft in SQL (a constant number of queries, however many drafts):
    # drafts on assignments held by a chief office the user holds today.
    offices = perm.chief_offices_held(user, municipality)
    if not offices:
        return qs.filter(state=ReportState.SUBMITTED)
    drafts = (
        Report.objects.filter(municipality=municipality, state=ReportState.DRAFT)
        .filter(perm.held_by_offices_q(offices, prefix="assignment__"))
        .distinct()
        .values("pk")
    )
    return qs.filter(Q(state=ReportState.SUBMITTED) | Q(pk__in=drafts))


def report_get(*, municipality, pk: int, user=None) -> Report:
    report = _reports(municipality).filter(pk=pk).first()
    if report is None or (
        not report.is_submitted and not perm.can_see_draft(user, report.assignment)
    ):
        raise NotFound(
            _("Rapporten %(pk)s finns inte (eller är ett utkast som inte är inlämnat).")
            % {"pk": pk}
        )
    return report


def report_for(*, assignment, period: str):
    return Report.objects.filter(assignment=assignment, period=period).first()


def report_prefill(*, assignment, period: Period) -> dict:
    """'Start from last period's text': the previous report's content for a new draft."""
    previous = (
        Report.objects.filter(assignment=assignment, period_end__lt=period.end)
        .order_by("-period_end")
        .prefetch_related("indicators")
        .first()
    )
    if previous is None:
        return {}
    return {
        "from_period": previous.period,
        "status": previous.status,
        "narrative": previous.narrative,
        "resources_suffice": previous.resources_suffice,
        "resources_missing_sek": previous.resources_missing_sek,
        "forecast": previous.forecast,
        "adjustment_request": "",
        "indicators": [
            {"name": i.name, "value": i.value, "unit": i.unit, "target": i.target}
            for i in previous.indicators.all()
        ],
    }


def questions_list(*, municipality, assignment=None, open_only: bool = False):
    qs = Question.objects.filter(municipality=municipality).select_related(
        "assignment", "body", "asked_by", "answered_by", "to_office", "report"
    )
    if assignment is not None:
        qs = qs.filter(assignment=assignment)
    if open_only:
        qs = qs.filter(answered_at__isnull=True)
    return qs.order_by("asked_at", "id")


def question_get(*, municipality, pk: int) -> Question:
    question = questions_list(municipality=municipality).filter(pk=pk).first()
    if question is None:
        raise NotFound(_("Frågan %(pk)s finns inte.") % {"pk": pk})
    return question


# ---------------------------------------------------------------------------------------------
# Timeline


SNAPSHOT_LABELS = {
    "title": gettext_lazy("Rubrik"),
    "what": gettext_lazy("Vad (avsett resultat)"),
    "why": gettext_lazy("Varför"),
    "recipients": gettext_lazy("Mottagare"),
    "lead": gettext_lazy("Samordnar"),
    "resources_sek": gettext_lazy("Resurser (kr)"),
    "resources_fte": gettext_lazy("Årsarbetare"),
    "deadline": gettext_lazy("Slutdatum"),
    "followups": gettext_lazy("Planerad uppföljning"),
}


def snapshot_diff(before: dict, after: dict) -> list[dict]:
    """What an amendment changed: [{field, label, before, after}] in a fixed order."""
    out = []
    for key, label in SNAPSHOT_LABELS.items():
        old, new = before.get(key), after.get(key)
        if old != new:
            fmt = (
                (lambda v: ", ".join(v) if v else "–")
                if isinstance(new or old, list)
                else (lambda v: "–" if v in (None, "") else str(v))
            )
            out.append({"field": key, "label": str(label), "before": fmt(old), "after": fmt(new)})
    return out


@dataclass
class TimelineItem:
    at: datetime
    kind: str  # issued | status | amended | report | question | answer | decision
    order: int
    obj: object = None
    event: AssignmentEvent | None = None
    diff: list = field(default_factory=list)
    children: list = field(default_factory=list)


KIND_ORDER = {
    "issued": 0,
    "report": 1,
    "status": 2,
    "question": 3,
    "answer": 4,
    "decision": 5,
    "amended": 6,
}


def assignment_timeline(*, assignment: Assignment) -> list[TimelineItem]:
    """One ordered list: decided → reports → questions and answers → decisions, every version.
    Status changes caused by a report or by a decision on a report are folded into that item."""
    events = list(assignment_public_history(assignment=assignment))
    reports = list(
        Report.objects.filter(assignment=assignment, state=ReportState.SUBMITTED)
        .select_related("submitted_by")
        .prefetch_related("indicators")
    )
    decisions = {
        rd.decision_id: rd
        for rd in ReportDecision.objects.filter(report__assignment=assignment).select_related(
            "decision", "decision__body", "decision__meeting", "report"
        )
    }
    by_label = {r.source_label: r for r in reports}
    items: list[TimelineItem] = []
    report_items: dict[int, TimelineItem] = {}
    for report in reports:
        item = TimelineItem(report.submitted_at, "report", KIND_ORDER["report"], report)
        report_items[report.pk] = item
        items.append(item)
    decision_items: dict[int, TimelineItem] = {}
    for rd in decisions.values():
        at = timezone.make_aware(datetime.combine(rd.decision.meeting.date, datetime.min.time()))
        at = at.replace(hour=12)
        item = TimelineItem(at, "decision", KIND_ORDER["decision"], rd)
        decision_items[rd.decision_id] = item
        items.append(item)
    previous_snapshot: dict = {}
    for event in events:
        diff = []
        if event.kind == EventKind.AMENDED:
            diff = snapshot_diff(previous_snapshot, event.snapshot)
        previous_snapshot = event.snapshot
        if event.source_label in by_label:
            report_items[by_label[event.source_label].pk].children.append(event)
            continue
        if event.decision_id in decision_items:
            parent = decision_items[event.decision_id]
            parent.children.append(event)
            if diff:
                parent.diff = diff
            continue
        kind = {"issued": "issued", "amended": "amended"}.get(event.kind, "status")
        items.append(
            TimelineItem(event.occurred_at, kind, KIND_ORDER[kind], event.decision, event, diff)
        )
    for question in questions_list(municipality=assignment.municipality_id, assignment=assignment):
        items.append(TimelineItem(question.asked_at, "question", KIND_ORDER["question"], question))
        if question.is_answered:
            items.append(
                TimelineItem(question.answered_at, "answer", KIND_ORDER["answer"], question)
            )
    items.sort(key=lambda i: (i.at, i.order))
    return items


def shown_users_version(*, assignment_id: int) -> str:
    """A digest of the users an assignment's follow-up block names (event actors, report
    authors, who asked and who answered). Users are not tenant rows, so a renamed user does not
    move the municipality's data version; the assignment page's stored copy is keyed on this
    too (core.fragments). One small query, asked on every view of the page, hence plain SQL."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    def select(model, field: str) -> str:
        column, assignment = (model._meta.get_field(f).column for f in (field, "assignment"))
        return f"SELECT {column} FROM {model._meta.db_table} WHERE {assignment} = %s"

    user = get_user_model()._meta
    union = " UNION ".join(
        select(model, field)
        for model, field in (
            (AssignmentEvent, "actor"),
            (Report, "submitted_by"),
            (Question, "asked_by"),
            (Question, "answered_by"),
        )
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {user.pk.column}, username, first_name, last_name, is_active "  # noqa: S608
            f"FROM {user.db_table} WHERE {user.pk.column} IN ({union}) ORDER BY 1",
            [assignment_id] * 4,
        )
        rows = cursor.fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:32]


# ---------------------------------------------------------------------------------------------
# Stale and "where is it now"


def _last_report_dates(assignment_ids) -> dict[int, date]:
    rows = (
        Report.objects.filter(assignment_id__in=assignment_ids, state=ReportState.SUBMITTED)
        .values("assignment_id")
        .annotate(last=Max("submitted_at"))
        .order_by()
    )
    return {r["assignment_id"]: timezone.localtime(r["last"]).date() for r in rows}


def stale_reason(assignment: Assignment, last_report: date | None, today: date) -> str | None:
    """Why an open assignment is stale, or None: a planned follow-up has passed with no report
    since (a report up to STALE_GRACE_DAYS before it counts), or the deadline has passed
    without the assignment being reported."""
    if assignment.status not in (Status.DECIDED, Status.IN_PROGRESS):
        return None
    followups = getattr(assignment, "current_followups", None)  # a table's plain prefetch
    if followups is None:
        followups = assignment.followups.all()
    passed = [f.due_on for f in followups if f.due_on < today]
    if passed:
        latest = max(passed)
        if last_report is None or last_report < latest - timedelta(days=STALE_GRACE_DAYS):
            return _("Ingen rapport efter planerad uppföljning %(day)s") % {
                "day": latest.isoformat()
            }
    deadline = assignment.deadline
    if deadline and deadline < today:
        grace = deadline - timedelta(days=STALE_GRACE_DAYS)
        if last_report is None or last_report < grace:
            return _("Slutdatum %(day)s passerat utan återrapportering") % {
                "day": assignment.deadline.isoformat()
            }
    return None


def stale_map(assignments, *, today: date | None = None) -> dict[int, str]:
    """{assignment id: reason} for the stale ones among `assignments` (one query; the
    follow-ups should be prefetched, as assignments.selectors does)."""
    today = today or timezone.localdate()
    rows = [a for a in assignments if a.status in (Status.DECIDED, Status.IN_PROGRESS)]
    if not rows:
        return {}
    last = _last_report_dates([a.pk for a in rows])
    out = {}
    for a in rows:
        reason = stale_reason(a, last.get(a.pk), today)
        if reason:
            out[a.pk] = reason
    return out


def stale_for_body(*, body, today: date | None = None) -> list[tuple[Assignment, str]]:
    today = today or timezone.localdate()
    rows = list(
        Assignment.objects.filter(issuer=body, status__in=[Status.DECIDED, Status.IN_PROGRESS])
        .prefetch_related("followups")
        .order_by("issued_on")
    )
    reasons = stale_map(rows, today=today)
    return [(a, reasons[a.pk]) for a in rows if a.pk in reasons]


@dataclass
class Holder:
    where: str  # "administration" | "body" | "closed"
    label: str
    people: list
    since: date
    days: int


def assignment_holder(*, assignment: Assignment, today: date | None = None) -> Holder:
    """Who holds the assignment now, and since when: the recipient chief (with the person
    appointed) while it is worked on; the issuing body while a report awaits its decision."""
    today = today or timezone.localdate()
    if assignment.status in FINAL_STATUSES:
        since = (
            timezone.localtime(assignment.status_changed_at).date()
            if assignment.status_changed_at
            else assignment.issued_on
        )
        return Holder("closed", assignment.get_status_display(), [], since, (today - since).days)
    if assignment.status == Status.REPORTED:
        since = (
            timezone.localtime(assignment.status_changed_at).date()
            if assignment.status_changed_at
            else assignment.issued_on
        )
        return Holder("body", assignment.issuer.name, [], since, (today - since).days)
    offices = perm.recipient_chief_offices(assignment)
    appointments = list(
        Appointment.objects.active_on(today)
        .filter(office__in=offices)
        .select_related("person", "office")
    )
    # Since the assignment came to the current recipients (the issue or the last amendment
    # that changed them), or since the person took the office if later.
    since = assignment.issued_on
    changed = (
        AssignmentEvent.objects.filter(assignment=assignment, kind=EventKind.AMENDED)
        .order_by("-occurred_at")
        .values_list("occurred_at", "snapshot")
    )
    for occurred_at, snapshot in changed:
        previous = (
            AssignmentEvent.objects.filter(assignment=assignment, occurred_at__lt=occurred_at)
            .order_by("-occurred_at", "-id")
            .values_list("snapshot", flat=True)
            .first()
        )
        if previous and previous.get("recipients") != snapshot.get("recipients"):
            since = max(since, timezone.localtime(occurred_at).date())
            break
    if appointments:
        since = max(since, max(a.valid_from for a in appointments))
    label = "; ".join(str(o) for o in offices) or "–"
    return Holder(
        "administration", label, [a.person for a in appointments], since, (today - since).days
    )


# ---------------------------------------------------------------------------------------------
# Inbox


@dataclass
class Inbox:
    received: list = field(default_factory=list)  # new assignments to the user's offices
    due: list = field(default_factory=list)  # (assignment, period, due_on, report or None)
    questions: list = field(default_factory=list)  # questions the user should answer
    answers: list = field(default_factory=list)  # answers to questions the user asked
    awaiting: list = field(default_factory=list)  # secretary: reports awaiting a decision
    overdue: list = field(default_factory=list)  # secretary: overdue reports of the body
    notifications: list = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(
            (self.received, self.due, self.questions, self.answers, self.awaiting, self.overdue)
        )


def inbox_for(*, user, municipality, today: date | None = None, ahead_days: int = 30) -> Inbox:
    from tillit.accounts.models import Role, RoleKind

    today = today or timezone.localdate()
    inbox = Inbox()
    roles = list(
        Role.objects.filter(user=user, municipality=municipality).select_related("office", "body")
    )
    # The same dated rule as accounts.permissions.recipient_chief_offices: only chief offices
    # active today hold assignments (an ended office loses them to its successor).
    chief_offices = perm.chief_offices_held(user, municipality, today)
    secretary_bodies = [r.body for r in roles if r.kind == RoleKind.SECRETARY and r.body_id]
    mine = []
    if chief_offices:
        mine = list(
            Assignment.objects.filter(municipality=municipality, status__in=OPEN_STATUSES)
            .filter(perm.held_by_offices_q(chief_offices, today))
            .distinct()
            .select_related("issuer")
            .prefetch_related("recipients__office", "recipients__body", "followups")
            .order_by("-issued_on")
        )
        inbox.received = [a for a in mine if a.issued_on >= today - timedelta(days=60)]
        mine_ids = {a.pk for a in mine}
        for period, due_on in open_periods(
            municipality=municipality, today=today, ahead_days=ahead_days
        ):
            due_ids = set(
                assignments_due(municipality=municipality, period=period)
                .filter(pk__in=mine_ids)
                .values_list("pk", flat=True)
            )
            reports = {
                r.assignment_id: r
                for r in Report.objects.filter(assignment_id__in=due_ids, period=period.code)
            }
            for a in mine:
                if a.pk in due_ids and not (a.pk in reports and reports[a.pk].is_submitted):
                    inbox.due.append((a, period, due_on, reports.get(a.pk)))
        inbox.due.sort(key=lambda row: row[2])
        # Also a question about an assignment already closed: it was put to my office, and
        # nobody else answers it (the asking body's Min sida still counts it as waiting).
        inbox.questions = list(
            questions_list(municipality=municipality, open_only=True)
            .filter(Q(assignment__in=mine_ids) | Q(to_office__in=chief_offices))
            .order_by("due_on", "asked_at", "id")
        )
    inbox.answers = list(
        questions_list(municipality=municipality)
        .filter(
            asked_by=user,
            answered_at__isnull=False,
            answered_at__gte=timezone.now() - ANSWERS_SHOWN,
        )
        .order_by("-answered_at")
    )
    if secretary_bodies:
        inbox.awaiting = list(
            _reports(municipality)
            .filter(
                state=ReportState.SUBMITTED,
                assignment__issuer__in=secretary_bodies,
                decision_on__isnull=True,
                assignment__status__in=OPEN_STATUSES,
            )
            .order_by("submitted_at")
        )
        for period, due_on in open_periods(municipality=municipality, today=today, ahead_days=0):
            if due_on >= today:
                continue
            rows = assignments_due(municipality=municipality, period=period).filter(
                issuer__in=secretary_bodies
            )
            submitted = set(
                Report.objects.filter(
                    assignment__in=rows, period=period.code, state=ReportState.SUBMITTED
                ).values_list("assignment_id", flat=True)
            )
            inbox.overdue.extend((a, period, due_on) for a in rows if a.pk not in submitted)
    inbox.notifications = list(
        Notification.objects.filter(user=user, municipality=municipality)[:30]
    )
    return inbox
