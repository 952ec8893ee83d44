"""Writes for assignments. Every write records an AssignmentEvent inside the same transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tillit.accounts.permissions import can_change_assignment_status, can_register_decision
from tillit.core.amounts import AmountError, amount_parse
from tillit.core.errors import (
    ChainViolation,
    Conflict,
    PermissionDenied,
    TillitError,
    ValidationFailed,
)
from tillit.organisation.models import Body, Office
from tillit.organisation.selectors import target_resolve

from .chain import check_recipients
from .models import (
    FINAL_STATUSES,
    Assignment,
    AssignmentEvent,
    AssignmentRecipient,
    EventKind,
    FollowUp,
    Status,
)


@dataclass
class AssignmentDraft:
    """An assignment as entered in a form, an API call or a CLI command, before it is stored."""

    title: str
    what: str
    recipients: list[str]
    why: str = ""
    lead: str | None = None
    resources_sek: Decimal | int | str | None = None
    resources_fte: Decimal | int | str | None = None
    deadline: date | None = None
    followups: list[date] = field(default_factory=list)


@dataclass
class ResolvedDraft:
    draft: AssignmentDraft
    recipients: list[Body | Office]
    lead: Body | Office | None
    resources_sek: Decimal | None
    resources_fte: Decimal | None
    # Set when the body gave the assignment outside the decision chain and the secretary
    # confirmed it was decided so: the refusal's explanation, kept on the assignment.
    outside_chain: str = ""


_NUMBER_ERRORS = {
    AmountError.INVALID: gettext_lazy("måste vara ett tal."),
    AmountError.NEGATIVE: gettext_lazy("kan inte vara negativt."),
    AmountError.TOO_LARGE: gettext_lazy("är orimligt stort."),
}


def _decimal(value, *, field_name: str, label: str, errors: dict, places: int) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return amount_parse(value, places=places, negative=False)
    except AmountError as exc:
        errors[field_name] = f"{label} {_NUMBER_ERRORS[exc.reason]}"
        return None


def assignment_draft_check(
    *, issuer: Body, draft: AssignmentDraft, on: date, accept_outside_chain: bool = False
) -> ResolvedDraft:
    """Validate one draft and check the decision chain. Raises ValidationFailed or ChainViolation
    with field names relative to the draft ("recipients", "deadline", ...).

    With ``accept_outside_chain`` a confirmable chain violation does not raise: the draft is
    resolved with ``outside_chain`` set to the explanation (the body did decide it so).
    """
    errors: dict[str, str] = {}
    if not (draft.title or "").strip():
        errors["title"] = _("Ange en rubrik för uppdraget.")
    elif len(draft.title) > 300:
        errors["title"] = _("Rubriken får vara högst 300 tecken.")
    if not (draft.what or "").strip():
        errors["what"] = _("Beskriv vad uppdraget ska åstadkomma (avsett resultat).")
    sek = _decimal(
        draft.resources_sek,
        field_name="resources_sek",
        label="Resurser i kronor",
        errors=errors,
        places=0,
    )
    fte = _decimal(
        draft.resources_fte,
        field_name="resources_fte",
        label=_("Årsarbetare"),
        errors=errors,
        places=2,
    )
    if fte is not None and fte >= 100000:
        errors["resources_fte"] = _("Årsarbetare är orimligt stort.")
    if draft.deadline and draft.deadline < on:
        errors["deadline"] = _("Slutdatum kan inte ligga före beslutsdagen.")
    for followup in draft.followups:
        if followup < on:
            errors["followups"] = _("Planerad uppföljning kan inte ligga före beslutsdagen.")
    if len(set(draft.followups)) != len(draft.followups):
        errors["followups"] = _("Samma uppföljningsdatum anges två gånger.")

    recipients: list[Body | Office] = []
    for slug in draft.recipients or []:
        try:
            recipients.append(target_resolve(municipality=issuer.municipality, slug=slug))
        except ValidationFailed as exc:
            errors.setdefault("recipients", exc.message)
    lead = None
    if draft.lead:
        try:
            lead = target_resolve(municipality=issuer.municipality, slug=draft.lead, field="lead")
        except ValidationFailed as exc:
            errors.setdefault("lead", exc.message)
    if not draft.recipients:
        errors["recipients"] = _("Ange minst en mottagare för uppdraget.")
    outside_chain = ""
    if "recipients" not in errors and "lead" not in errors:
        try:
            check_recipients(issuer=issuer, recipients=recipients, lead=lead, on=on)
        except ValidationFailed as exc:
            errors.update(exc.errors)
        except ChainViolation as exc:
            if errors:  # report the chain problem together with the plain field errors
                errors[exc.field or "recipients"] = exc.message
                raise ValidationFailed(errors) from None
            if not (accept_outside_chain and exc.extra.get("confirmable", True)):
                raise
            outside_chain = exc.message
    if errors:
        raise ValidationFailed(errors)
    if lead is None and len(recipients) == 1:
        lead = recipients[0]
    return ResolvedDraft(draft, recipients, lead, sek, fte, outside_chain)


def _snapshot(assignment: Assignment) -> dict:
    recipients = list(assignment.recipients.all())
    return {
        "title": assignment.title,
        "what": assignment.what,
        "why": assignment.why,
        "recipients": [r.slug for r in recipients],
        "lead": next((r.slug for r in recipients if r.is_lead), None),
        "resources_sek": None
        if assignment.resources_sek is None
        else str(assignment.resources_sek),
        "resources_fte": None
        if assignment.resources_fte is None
        else str(assignment.resources_fte),
        "deadline": assignment.deadline.isoformat() if assignment.deadline else None,
        "followups": [f.due_on.isoformat() for f in assignment.followups.all()],
        "status": assignment.status,
    }


def day_start(day: date) -> datetime:
    """A decision takes effect on its meeting day; its history entry is dated to that day."""
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def effective_at(day: date) -> datetime:
    """When a change dated `day` took effect: now for today (noon may still be ahead, and a
    later step registered today must not sort before it), else noon of that day."""
    return timezone.now() if day == timezone.localdate() else day_start(day)


def _record(
    assignment: Assignment,
    *,
    kind: str,
    actor=None,
    decision=None,
    from_status="",
    note="",
    source_label="",
    occurred_at: datetime | None = None,
) -> AssignmentEvent:
    """occurred_at is when the change took effect; created_at (automatic) when it was recorded."""
    return AssignmentEvent.objects.create(
        municipality_id=assignment.municipality_id,
        assignment=assignment,
        kind=kind,
        occurred_at=occurred_at or timezone.now(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        decision=decision,
        from_status=from_status,
        to_status=assignment.status,
        version=assignment.version,
        snapshot=_snapshot(assignment),
        note=note,
        source_label=source_label,
    )


def _store_targets(assignment: Assignment, resolved: ResolvedDraft) -> None:
    for target in resolved.recipients:
        is_lead = resolved.lead is not None and (type(target), target.pk) == (
            type(resolved.lead),
            resolved.lead.pk,
        )
        AssignmentRecipient.objects.create(
            municipality_id=assignment.municipality_id,
            assignment=assignment,
            body=target if isinstance(target, Body) else None,
            office=target if isinstance(target, Office) else None,
            is_lead=is_lead,
        )
    for due_on in sorted(resolved.draft.followups):
        FollowUp.objects.create(
            municipality_id=assignment.municipality_id, assignment=assignment, due_on=due_on
        )


def assignment_issue(*, actor, decision, resolved: ResolvedDraft) -> Assignment:
    """Create an assignment from a checked draft. Called by decision_register inside its
    transaction; never on its own, because an assignment only comes into being by a decision."""
    draft = resolved.draft
    assignment = Assignment.objects.create(
        municipality_id=decision.municipality_id,
        decision=decision,
        issuer=decision.body,
        issued_on=decision.meeting.date,
        title=draft.title.strip(),
        what=draft.what.strip(),
        why=(draft.why or "").strip(),
        resources_sek=resolved.resources_sek,
        resources_fte=resolved.resources_fte,
        deadline=draft.deadline,
        status=Status.DECIDED,
        status_changed_at=timezone.now(),
        outside_chain=resolved.outside_chain,
    )
    _store_targets(assignment, resolved)
    _record(
        assignment,
        kind=EventKind.ISSUED,
        actor=actor,
        decision=decision,
        occurred_at=effective_at(decision.meeting.date),
    )
    return assignment


def _decision_may_govern(decision, assignment: Assignment) -> bool:
    """The issuing body, or a body above it, decides on the assignment."""
    body = assignment.issuer
    while body is not None:
        if body.id == decision.body_id:
            return True
        body = body.parent
    return False


def check_version(assignment: Assignment, expected_version: int | None) -> None:
    """Optimistic locking: an edit made from version N is refused (409) when someone else has
    changed the assignment since. The row is already locked (select_for_update)."""
    if expected_version is not None and expected_version != assignment.version:
        raise Conflict(
            _(
                "Uppdraget har ändrats av någon annan medan du arbetade (du utgick "
                "från version %(expected_version)s, nu gäller version %(version)s). "
                "Ladda om sidan, se över ändringen och gör om din."
            )
            % {"expected_version": expected_version, "version": assignment.version},
            code="stale_version",
            extra={"current_version": assignment.version},
        )


def check_open(
    assignment: Assignment, *, tail: str = ". Ett nytt uppdrag kräver ett nytt beslut."
) -> None:
    """Final states are final: refuse to change a completed or cancelled assignment, with code
    "assignment_closed" and the message "Uppdraget är <status><tail>"."""
    if assignment.status in FINAL_STATUSES:
        raise TillitError(
            _("Uppdraget är %(lower)s%(tail)s")
            % {"lower": Status(assignment.status).label.lower(), "tail": tail},
            code="assignment_closed",
        )


def check_governing_decision(*, actor, assignment: Assignment, decision) -> None:
    """A decision that changes an assignment is the issuing body's (or a body's above it), and
    the actor may register that body's decisions."""
    if decision.municipality_id != assignment.municipality_id or not _decision_may_govern(
        decision, assignment
    ):
        raise ChainViolation(
            _("Beslutet %(reference)s är inte fattat av %(name)s, som gav uppdraget.")
            % {"reference": decision.reference, "name": assignment.issuer.name},
            field="decision",
        )
    if not can_register_decision(actor, decision.body):
        raise PermissionDenied(
            _("Du får inte registrera beslut för %(name)s.") % {"name": decision.body.name}
        )


# Which transitions exist, and whether each needs a decision of the issuing body.
TRANSITIONS: dict[tuple[str, str], bool] = {
    (Status.DECIDED, Status.IN_PROGRESS): False,
    (Status.DECIDED, Status.REPORTED): False,
    (Status.IN_PROGRESS, Status.REPORTED): False,
    (Status.REPORTED, Status.IN_PROGRESS): True,
    (Status.DECIDED, Status.COMPLETED): True,
    (Status.IN_PROGRESS, Status.COMPLETED): True,
    (Status.REPORTED, Status.COMPLETED): True,
    (Status.DECIDED, Status.CANCELLED): True,
    (Status.IN_PROGRESS, Status.CANCELLED): True,
    (Status.REPORTED, Status.CANCELLED): True,
}


@transaction.atomic
def assignment_change_status(
    *,
    actor,
    assignment: Assignment,
    to_status: str,
    decision=None,
    note: str = "",
    source_label: str = "",
    occurred_on: date | None = None,
    expected_version: int | None = None,
) -> Assignment:
    """Move an assignment through its lifecycle.

    Starting and reporting are the administration's steps (the recipient chief); completing,
    cancelling and reopening are decisions of the issuing body. Final states are final: a new
    assignment needs a new decision. The change gives the assignment a new version; a stale
    `expected_version` is a 409 Conflict. The change takes effect on the decision's meeting
    day, else on `occurred_on` (for back-dated registration), else now.
    """
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    check_version(assignment, expected_version)
    current = assignment.status
    if to_status not in Status.values:
        raise ValidationFailed(
            {"status": _("Okänd status %(to_status)s.") % {"to_status": repr(to_status)}}
        )
    check_open(assignment)
    needs_decision = TRANSITIONS.get((current, to_status))
    if needs_decision is None:
        raise ValidationFailed(
            {
                "status": _("Uppdraget kan inte gå från %(lower)s till %(lower2)s.")
                % {
                    "lower": Status(current).label.lower(),
                    "lower2": Status(to_status).label.lower(),
                }
            }
        )
    if needs_decision:
        if decision is None:
            raise ValidationFailed(
                {
                    "decision": _(
                        "Att avsluta, avbryta eller återuppta ett uppdrag kräver ett beslut "
                        "av den nämnd som gav uppdraget."
                    )
                }
            )
        if decision.pk == assignment.decision_id:  # the issuer's, so it passes the next check
            raise ValidationFailed(
                {
                    "decision": _(
                        "Beslutet %(reference)s gav uppdraget och kan inte också avsluta, "
                        "avbryta eller återuppta det. Det krävs ett senare beslut."
                    )
                    % {"reference": decision.reference}
                }
            )
        check_governing_decision(actor=actor, assignment=assignment, decision=decision)
    elif not can_change_assignment_status(actor, assignment):
        raise PermissionDenied(
            _("Bara mottagaren av uppdraget eller nämndens sekreterare kan ändra dess status.")
        )
    today = timezone.localdate()
    effective = decision.meeting.date if decision is not None else occurred_on or today
    if effective > today:
        raise ValidationFailed({"occurred_on": _("En statusändring kan inte dateras i framtiden.")})
    if effective < assignment.issued_on:
        raise ValidationFailed(
            {"occurred_on": _("En statusändring kan inte ligga före uppdragets beslutsdag.")}
        )
    # History never runs backwards: not before the last status change (an assignment still
    # "beslutat" has only its decision day, checked above).
    if current != Status.DECIDED and assignment.status_changed_at is not None:
        last = timezone.localtime(assignment.status_changed_at).date()
        if effective < last:
            field = "decision" if decision is not None else "occurred_on"
            raise ValidationFailed(
                {
                    field: _(
                        "En statusändring kan inte dateras %(effective)s, före uppdragets "
                        "senaste statusändring %(last)s."
                    )
                    % {"effective": effective.isoformat(), "last": last.isoformat()}
                }
            )
    occurred_at = effective_at(effective)
    assignment.status = to_status
    assignment.status_changed_at = occurred_at
    # Every change is a new version, so optimistic locking covers status changes too: a second
    # change sent from the same version is refused (check_version above).
    assignment.version += 1
    assignment.save(update_fields=["status", "status_changed_at", "version", "updated_at"])
    _record(
        assignment,
        kind=EventKind.STATUS_CHANGED,
        actor=actor,
        decision=decision,
        from_status=current,
        note=note,
        source_label=source_label,
        occurred_at=occurred_at,
    )
    return assignment


@transaction.atomic
def assignment_amend(
    *,
    actor,
    assignment: Assignment,
    decision,
    draft: AssignmentDraft,
    note: str = "",
    source_label: str = "",
    expected_version: int | None = None,
) -> Assignment:
    """Give an assignment a new version by a decision of the issuing body (or a body above it).

    `draft` is the complete new content (what, deadline, recipients, resources, follow-ups). It is
    checked like a new assignment, the decision chain included, on the decision's meeting day.
    Nothing is deleted: replaced recipients and follow-ups are kept, marked
    `superseded_in_version`, and an AssignmentEvent of kind "amended" stores the new snapshot.
    Follow-up dates already passed on the meeting day are history and stay as they were.
    """
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    check_version(assignment, expected_version)
    check_open(assignment)
    if decision is None:
        raise ValidationFailed({"decision": _("Ett uppdrag ändras bara genom ett beslut.")})
    check_governing_decision(actor=actor, assignment=assignment, decision=decision)
    on = decision.meeting.date
    kept_followups = sorted(
        f.due_on for f in FollowUp.objects.filter(assignment=assignment) if f.due_on < on
    )
    future = sorted({d for d in draft.followups if d >= on})
    passed_in_draft = [d for d in draft.followups if d < on and d not in kept_followups]
    if passed_in_draft:
        raise ValidationFailed(
            {"followups": _("En ny planerad uppföljning kan inte ligga före beslutsdagen.")}
        )
    checked = AssignmentDraft(
        title=draft.title,
        what=draft.what,
        why=draft.why,
        recipients=list(draft.recipients),
        lead=draft.lead,
        resources_sek=draft.resources_sek,
        resources_fte=draft.resources_fte,
        # An unchanged deadline that has passed is history, not an error of the amendment.
        deadline=None if draft.deadline == assignment.deadline else draft.deadline,
        followups=future,
    )
    resolved = assignment_draft_check(issuer=assignment.issuer, draft=checked, on=on)
    before = _snapshot(assignment)

    new_version = assignment.version + 1
    current = list(AssignmentRecipient.objects.filter(assignment=assignment))

    def key(target, is_lead):
        return (type(target).__name__, target.pk, is_lead)

    old_keys = {key(r.target, r.is_lead) for r in current}
    lead = resolved.lead
    new_targets = [
        (t, lead is not None and (type(t), t.pk) == (type(lead), lead.pk))
        for t in resolved.recipients
    ]
    new_keys = {key(t, is_lead) for t, is_lead in new_targets}
    if old_keys != new_keys:
        AssignmentRecipient.objects.filter(assignment=assignment).update(
            superseded_in_version=new_version
        )
        for target, is_lead in new_targets:
            AssignmentRecipient.objects.create(
                municipality_id=assignment.municipality_id,
                assignment=assignment,
                body=target if isinstance(target, Body) else None,
                office=target if isinstance(target, Office) else None,
                is_lead=is_lead,
            )
    current_future = {f.due_on: f for f in FollowUp.objects.filter(assignment=assignment)}
    wanted = set(kept_followups) | set(future)
    for due_on, row in current_future.items():
        if due_on not in wanted:
            FollowUp.objects.filter(pk=row.pk).update(superseded_in_version=new_version)
    for due_on in sorted(wanted - set(current_future)):
        FollowUp.objects.create(
            municipality_id=assignment.municipality_id, assignment=assignment, due_on=due_on
        )

    assignment.title = draft.title.strip()
    assignment.what = draft.what.strip()
    assignment.why = (draft.why or "").strip()
    assignment.resources_sek = resolved.resources_sek
    assignment.resources_fte = resolved.resources_fte
    assignment.deadline = draft.deadline
    assignment.version = new_version
    assignment.save(
        update_fields=[
            "title",
            "what",
            "why",
            "resources_sek",
            "resources_fte",
            "deadline",
            "version",
            "updated_at",
        ]
    )
    event = _record(
        assignment,
        kind=EventKind.AMENDED,
        actor=actor,
        decision=decision,
        from_status=assignment.status,
        note=note,
        source_label=source_label,
        occurred_at=effective_at(on),
    )
    if event.snapshot == {**before, "status": assignment.status}:
        raise ValidationFailed(
            {"what": _("Ändringen ändrar ingenting i uppdraget. Ange det som ska ändras.")}
        )
    return assignment
