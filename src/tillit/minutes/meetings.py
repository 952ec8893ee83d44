"""Registering a meeting by hand (“Registrera ett sammanträde”), § by §, then justering.

The rules (docs/meetings.md):
- The secretary starts a meeting once (body + date) and adds paragraphs in order; each § number
  is proposed (``next_paragraph_number``: the body's next free number that year, continuing from
  the previous meeting's last §). Each § has a kind (``ParagraphKind``).
- Paragraphs are **drafts** (``DraftParagraph``): nothing is stored in the decision chain, the
  barometer or the public pages until justering. When a § is saved it is checked by running the
  very registration it will get — ``decisions.services.decision_register`` (the chain rule,
  unique §, the lock), ``followup.services.report_decide``, ``economy.services.
  frame_change_register`` — inside a savepoint that is rolled back (``_dry_run``). So a draft is
  refused with exactly the form's and the API's messages, and it counts nowhere.
- Justering (``meeting_draft_approve``) registers every § for real, in number order, in one
  transaction, then records the justering on the meeting (``decisions.services.
  meeting_approve``), which locks it: no § can be added, changed or removed afterwards — here
  (Conflict ``meeting_locked``) and through every other path (``meeting_lock_check`` in
  ``decision_register``). Any problem stores nothing and is named per §.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from tillit.accounts.permissions import can_register_decision
from tillit.assignments.models import Assignment
from tillit.assignments.services import AssignmentDraft
from tillit.barometer.models import DelegationDecision
from tillit.core.errors import (
    ChainViolation,
    Conflict,
    PermissionDenied,
    TillitError,
    ValidationFailed,
)
from tillit.decisions.models import Decision, Meeting
from tillit.decisions.services import (
    decision_register,
    locked_message,
    meeting_approve,
    meeting_lock_check,
)
from tillit.economy.services import frame_change_register
from tillit.followup.models import Report
from tillit.followup.services import report_decide
from tillit.organisation.models import Body

from .models import DraftParagraph, MeetingDraft, ParagraphKind

MAX_PARAGRAPHS = 500


def _permit(actor, body: Body) -> None:
    if not can_register_decision(actor, body):
        raise PermissionDenied(
            gettext(
                "Du får inte registrera sammanträden för %(body)s. Det gör organets sekreterare."
            )
            % {"body": body.name}
        )


def _check_open(draft: MeetingDraft) -> None:
    if draft.meeting_id is not None:
        raise Conflict(locked_message(draft.meeting), code="meeting_locked")
    meeting_lock_check(body=draft.body, meeting_date=draft.meeting_date)


def next_paragraph_number(draft: MeetingDraft) -> int:
    """The next free § for the body that year: after every registered decision and every draft
    § of the body's meetings being registered that year."""
    year = draft.meeting_date.year
    registered = (
        Decision.objects.filter(body=draft.body, year=year).aggregate(n=Max("paragraph"))["n"] or 0
    )
    drafted = (
        DraftParagraph.objects.filter(
            draft__body=draft.body,
            draft__meeting_date__year=year,
            draft__meeting__isnull=True,
            draft__meeting_date__lte=draft.meeting_date,
        ).aggregate(n=Max("number"))["n"]
        or 0
    )
    return max(registered, drafted) + 1


def meeting_draft_start(*, actor, body: Body | None, meeting_date: date | None) -> MeetingDraft:
    """Start registering the body's meeting that day, or resume the one already started."""
    errors: dict[str, str] = {}
    if body is None:
        errors["body"] = gettext("Välj organ.")
    if meeting_date is None:
        errors["meeting_date"] = gettext("Ange sammanträdesdagen (ÅÅÅÅ-MM-DD).")
    elif meeting_date > timezone.localdate():
        errors["meeting_date"] = gettext("Registrera sammanträdet när det har hållits.")
    if body is not None:
        _permit(actor, body)
        if meeting_date is not None and not body.is_active_on(meeting_date):
            errors["meeting_date"] = gettext("%(name)s fanns inte på dagen %(meeting_date)s.") % {
                "name": body.name,
                "meeting_date": meeting_date.isoformat(),
            }
    if errors:
        raise ValidationFailed(errors)
    meeting_lock_check(body=body, meeting_date=meeting_date)
    existing = MeetingDraft.objects.filter(body=body, meeting_date=meeting_date).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return MeetingDraft.objects.create(
                municipality_id=body.municipality_id,
                body=body,
                meeting_date=meeting_date,
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError:  # started by someone else a moment ago
        return MeetingDraft.objects.get(body=body, meeting_date=meeting_date)


# ---------------------------------------------------------------------------------------------
# One § through the existing services


def _day(value) -> date | None:
    if not value:
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _assignment_draft(data: Mapping) -> AssignmentDraft:
    a = data.get("assignment") or {}
    return AssignmentDraft(
        title=a.get("title", ""),
        what=a.get("what", ""),
        why=a.get("why", ""),
        recipients=list(a.get("recipients") or []),
        lead=a.get("lead") or None,
        resources_sek=a.get("resources_sek") or None,
        deadline=_day(a.get("deadline")),
        followups=[_day(d) for d in a.get("followups") or []],
    )


# The services' field paths → the § form's field names.
FIELD_NAMES = {
    "assignments[0].title": "assignment_title",
    "assignments[0].what": "what",
    "assignments[0].why": "why",
    "assignments[0].recipients": "recipients",
    "assignments[0].lead": "lead",
    "assignments[0].resources_sek": "resources_sek",
    "assignments[0].deadline": "deadline",
    "assignments[0].followups": "followups",
    "report": "report",
    "kind": "change_kind",
    "body": "target_body",
    "assignments": "frame_assignments",
    "amount": "amount",
    "from_body": "from_body",
    "year": "frame_year",
    "decision": "target_body",
}


def _field(key: str | None) -> str:
    key = key or "__all__"
    if key.startswith("assignments[0].") and key not in FIELD_NAMES:
        return "what"
    return FIELD_NAMES.get(key, key)


def _register(
    *, actor, draft: MeetingDraft, number: int, kind: str, title: str, data: Mapping, approved_on
) -> Decision:
    """Register one § with the service of its kind; raises what the service raises."""
    body, day = draft.body, draft.meeting_date
    common = {
        "actor": actor,
        "meeting_date": day,
        "paragraph": number,
        "title": title,
        "text": data.get("text", ""),
        "case_number": data.get("case_number", ""),
        "approved_on": approved_on,
    }
    if kind == ParagraphKind.ASSIGNMENT:
        return decision_register(
            body=body,
            assignments=[_assignment_draft(data)],
            accept_deviation=bool(data.get("accept_deviation")),
            **common,
        )
    if kind == ParagraphKind.REPORT_DECISION:
        report = (
            Report.objects.filter(municipality_id=body.municipality_id, pk=data.get("report"))
            .select_related("assignment__issuer")
            .first()
        )
        if report is None:
            raise ValidationFailed({"report": gettext("Välj rapporten som organet beslutade om.")})
        if report.assignment.issuer_id != body.pk:
            raise ValidationFailed(
                {
                    "report": gettext(
                        "Rapporten gäller ett uppdrag från %(body)s; det organet beslutar om den."
                    )
                    % {"body": report.assignment.issuer.name}
                }
            )
        row = report_decide(
            report=report,
            outcome=data.get("outcome", ""),
            resources_change_sek=data.get("resources_change_sek") or None,
            **common,
        )
        return row.decision
    if kind == ParagraphKind.FRAME_CHANGE:
        slugs = {b.slug: b for b in Body.objects.filter(municipality_id=body.municipality_id)}
        target = slugs.get(data.get("target_body") or "")
        if target is None:
            raise ValidationFailed({"body": gettext("Välj organet vars ram ändras.")})
        decision = decision_register(body=body, **common)
        linked = list(
            Assignment.objects.filter(
                municipality_id=body.municipality_id, pk__in=data.get("frame_assignments") or []
            )
        )
        frame_change_register(
            actor=actor,
            decision=decision,
            kind=data.get("change_kind", ""),
            body=target,
            year=data.get("frame_year") or day.year,
            amount=data.get("amount", ""),
            assignments=linked,
            unlinked=bool(data.get("unlinked")),
            from_body=slugs.get(data.get("from_body") or ""),
            purpose=title,
        )
        return decision
    if kind == ParagraphKind.DELEGATION_REPORT:
        ids = list(data.get("delegations") or [])
        rows = list(
            DelegationDecision.objects.select_for_update().filter(
                body=body, pk__in=ids, reported_meeting__isnull=True
            )
        )
        if not ids or len(rows) != len(set(ids)):
            raise ValidationFailed(
                {
                    "delegations": gettext(
                        "Välj de delegationsbeslut som anmäldes (organets egna, inte redan "
                        "anmälda)."
                    )
                }
            )
        decision = decision_register(body=body, **common)
        DelegationDecision.objects.filter(pk__in=[r.pk for r in rows]).update(
            reported_meeting=decision.meeting
        )
        return decision
    if kind == ParagraphKind.NOTED:
        return decision_register(body=body, **common)
    raise ValidationFailed({"kind": gettext("Välj vad paragrafen gäller.")})


class _DryRun(Exception):
    pass


def _dry_run(**kwargs) -> None:
    """Run the real registration and roll it back: the same rules, nothing kept."""
    try:
        with transaction.atomic():
            _register(**kwargs)
            raise _DryRun
    except _DryRun:
        pass


def _as_form_errors(exc: TillitError) -> TillitError:
    """The service's field paths renamed to the § form's fields (same messages)."""
    if isinstance(exc, ValidationFailed):
        errors: dict[str, str] = {}
        for key, message in exc.errors.items():
            errors.setdefault(_field(key), message)
        return ValidationFailed(errors)
    exc.field = _field(exc.field)
    return exc


# ---------------------------------------------------------------------------------------------
# Drafts


def draft_paragraph_save(
    *,
    actor,
    draft: MeetingDraft,
    kind: str,
    number,
    title: str,
    data: Mapping,
    paragraph: DraftParagraph | None = None,
) -> DraftParagraph:
    """Save one § as a draft after checking it exactly as it will be registered."""
    _permit(actor, draft.body)
    _check_open(draft)
    if kind not in ParagraphKind.values:
        raise ValidationFailed({"kind": gettext("Välj vad paragrafen gäller.")})
    title = (title or "").strip()
    errors: dict[str, str] = {}
    if not isinstance(number, int) or number < 1:
        errors["paragraph"] = gettext("Paragrafnumret måste vara ett heltal från 1.")
    else:
        clash = draft.paragraphs.filter(number=number)
        if paragraph is not None:
            clash = clash.exclude(pk=paragraph.pk)
        if clash.exists():
            errors["paragraph"] = gettext("§ %(n)s finns redan i det här sammanträdet.") % {
                "n": number
            }
    if paragraph is None and draft.paragraphs.count() >= MAX_PARAGRAPHS:
        errors["paragraph"] = gettext("Högst %(n)s paragrafer per sammanträde.") % {
            "n": MAX_PARAGRAPHS
        }
    if errors:
        raise ValidationFailed(errors)
    data = dict(data)
    try:
        _dry_run(
            actor=actor,
            draft=draft,
            number=number,
            kind=kind,
            title=title,
            data=data,
            approved_on=None,
        )
    except PermissionDenied as exc:
        # The secretary may register the meeting (checked above) but not this kind of § (e.g. a
        # frame change is for KF's secretary): said beside the § instead of a 403 page.
        raise ValidationFailed({"__all__": exc.message}) from None
    except TillitError as exc:
        raise _as_form_errors(exc) from None
    with transaction.atomic():
        if paragraph is None:
            paragraph = DraftParagraph(municipality_id=draft.municipality_id, draft=draft)
        paragraph.number = number
        paragraph.kind = kind
        paragraph.title = title
        paragraph.data = data
        paragraph.save()
    return paragraph


def draft_paragraph_delete(*, actor, paragraph: DraftParagraph) -> None:
    draft = paragraph.draft
    _permit(actor, draft.body)
    _check_open(draft)
    paragraph.delete()


def draft_delete(*, actor, draft: MeetingDraft) -> None:
    """Throw away a meeting being registered (nothing of it was ever in the chain)."""
    _permit(actor, draft.body)
    _check_open(draft)
    with transaction.atomic():
        draft.paragraphs.all().delete()
        draft.delete()


def registered_earlier(draft: MeetingDraft) -> list[Decision]:
    """The meeting's §§ registered before or outside this flow (decision form, API, minutes),
    in number order; they are shown on the meeting page and justerade with it."""
    own = draft.paragraphs.filter(decision__isnull=False).values("decision_id")
    return list(
        Decision.objects.filter(body=draft.body, meeting__date=draft.meeting_date)
        .exclude(pk__in=own)
        .order_by("paragraph")
    )


def meeting_draft_approve(
    *, actor, draft: MeetingDraft, approved_on: date | None, adjusters: str
) -> Meeting:
    """Justering: register every draft § (in number order) and lock the meeting, all or nothing.

    Every § is checked first so each problem is named (``paragraphs[§ n]``); then they are
    registered in one transaction and the justering recorded (``meeting_approve``)."""
    _permit(actor, draft.body)
    _check_open(draft)
    paragraphs = list(draft.paragraphs.order_by("number"))
    errors: dict[str, str] = {}
    # §§ of the meeting registered earlier (decision form, API, minutes) are justerade with it.
    earlier = registered_earlier(draft)
    if not paragraphs and not earlier:
        errors["paragraphs"] = gettext("Lägg till minst en paragraf innan sammanträdet justeras.")
    if approved_on is None:
        errors["approved_on"] = gettext("Ange justeringsdagen (ÅÅÅÅ-MM-DD).")
    elif approved_on < draft.meeting_date:
        errors["approved_on"] = gettext("Protokollet kan inte justeras före sammanträdet.")
    elif approved_on > timezone.localdate():
        errors["approved_on"] = gettext("Justeringsdagen kan inte ligga i framtiden.")
    if not (adjusters or "").strip():
        errors["adjusters"] = gettext(
            "Ange vilka som justerade, t.ex. ”ordföranden och en ledamot”."
        )
    if errors:
        raise ValidationFailed(errors)
    for p in paragraphs:
        try:
            _dry_run(
                actor=actor,
                draft=draft,
                number=p.number,
                kind=p.kind,
                title=p.title,
                data=p.data,
                approved_on=approved_on,
            )
        except (ValidationFailed, ChainViolation, Conflict, PermissionDenied) as exc:
            errors[f"paragraphs[{p.number}]"] = gettext("§ %(n)s: %(message)s") % {
                "n": p.number,
                "message": exc.message,
            }
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        for p in paragraphs:
            p.decision = _register(
                actor=actor,
                draft=draft,
                number=p.number,
                kind=p.kind,
                title=p.title,
                data=p.data,
                approved_on=approved_on,
            )
            p.save(update_fields=["decision", "updated_at"])
        meeting = Meeting.objects.get(body=draft.body, date=draft.meeting_date)
        meeting = meeting_approve(
            actor=actor, meeting=meeting, approved_on=approved_on, adjusters=adjusters
        )
        draft.meeting = meeting
        draft.save(update_fields=["meeting", "updated_at"])
    return meeting


# ---------------------------------------------------------------------------------------------
# Reads for the pages


@dataclass
class ParagraphOptions:
    """What a § form offers: recipients grouped as the decision form groups them (the chain's
    right path for the body first); the body's reports awaiting its decision; bodies; open
    assignments; the body's unreported delegation decisions."""

    recipients: list = field(default_factory=list)
    reports: list = field(default_factory=list)
    bodies: list = field(default_factory=list)
    assignments: list = field(default_factory=list)
    delegations: list = field(default_factory=list)


def paragraph_options(draft: MeetingDraft) -> ParagraphOptions:
    from tillit.assignments.models import Status
    from tillit.decisions.forms import recipient_choices
    from tillit.followup.models import ReportState
    from tillit.organisation.selectors import bodies_list

    m = draft.municipality
    groups = recipient_choices(municipality=m, issuer=draft.body, on=draft.meeting_date)
    reports = (
        Report.objects.filter(
            municipality=m,
            state=ReportState.SUBMITTED,
            assignment__issuer=draft.body,
            decision_on__isnull=True,
        )
        .exclude(assignment__status__in=[Status.COMPLETED, Status.CANCELLED])
        .select_related("assignment")
        .order_by("submitted_at")
    )
    return ParagraphOptions(
        recipients=groups,
        reports=[_ReportChoice(r) for r in reports],
        bodies=list(bodies_list(municipality=m)),
        assignments=list(
            Assignment.objects.filter(municipality=m)
            .exclude(status__in=[Status.COMPLETED, Status.CANCELLED])
            .order_by("title")
        ),
        delegations=list(
            DelegationDecision.objects.filter(
                body=draft.body, reported_meeting__isnull=True, decided_on__lte=draft.meeting_date
            ).order_by("decided_on", "pk")
        ),
    )


class _ReportChoice:
    def __init__(self, report):
        self.pk = report.pk
        self.report = report

    def __str__(self) -> str:
        return f"{self.report.label}: {self.report.assignment.title}"


def drafts_open(*, user, municipality):
    """Meetings the user may register that are started but not yet justerade (Min sida)."""
    from tillit.accounts.permissions import bodies_user_can_register_for

    return (
        MeetingDraft.objects.filter(
            municipality=municipality,
            meeting__isnull=True,
            body__in=bodies_user_can_register_for(user, municipality),
        )
        .select_related("body")
        .order_by("meeting_date")
    )
