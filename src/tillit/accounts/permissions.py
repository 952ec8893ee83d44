"""Who may do what — one function per action, checked inside the domain services.

Roles (accounts.models.RoleKind) are held per municipality and, for secretaries, politicians and
chiefs, per body or office. "public" is the absence of a role: everyone may read what is
published, nobody without a role may write. Every function takes the target object, so the
municipality is always the target's: a role in another municipality never counts.

The permission matrix (accounts/permission_matrix.py) lists what each role may do in its own and
in another body; tests/security/test_permission_matrix.py checks these functions against it and
docs/permissions.md is generated from it.
"""

from __future__ import annotations

from datetime import date

from .models import Role, RoleKind


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _mid(obj) -> int:
    """The municipality id of a municipality, a tenant row or a plain id."""
    if isinstance(obj, int):
        return obj
    if hasattr(obj, "municipality_id"):
        return obj.municipality_id
    return obj.pk


def _roles(user, municipality):
    return Role.objects.filter(user=user, municipality_id=_mid(municipality))


def has_role(user, municipality, *kinds: str) -> bool:
    if not _active(user):
        return False
    return _roles(user, municipality).filter(kind__in=kinds).exists()


def is_admin(user, municipality) -> bool:
    if not _active(user):
        return False
    return user.is_superuser or has_role(user, municipality, RoleKind.ADMIN)


def is_auditor(user, municipality) -> bool:
    return has_role(user, municipality, RoleKind.AUDITOR)


# ---------------------------------------------------------------------------------------------
# Decisions


def can_register_decision(user, body) -> bool:
    """A body's secretary registers its decisions; a municipality admin may do so for any body."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    roles = _roles(user, body.municipality_id)
    return (
        roles.filter(kind=RoleKind.ADMIN).exists()
        or roles.filter(kind=RoleKind.SECRETARY, body=body).exists()
    )


def can_import_minutes(user, body) -> bool:
    """Registering a body's protocol (uploaded, pushed by a meeting system or read in bulk)
    registers its decisions, so it is exactly the right to register the body's decisions."""
    return can_register_decision(user, body)


def bodies_user_can_register_for(user, municipality):
    from tillit.organisation.models import Body

    qs = Body.objects.filter(municipality=municipality)
    if not _active(user):
        return qs.none()
    if user.is_superuser:
        return qs
    roles = _roles(user, municipality)
    if roles.filter(kind=RoleKind.ADMIN).exists():
        return qs
    return qs.filter(
        pk__in=roles.filter(kind=RoleKind.SECRETARY, body__isnull=False).values("body")
    )


def can_register_any(user, municipality) -> bool:
    """``bodies_user_can_register_for(user, municipality).exists()`` with one light query
    (the menu asks it on every page)."""
    from tillit.organisation.models import Body

    if not _active(user):
        return False
    mid = _mid(municipality)
    if not user.is_superuser:
        rows = _roles(user, mid).values_list("kind", "body__municipality_id")
        kinds = {kind for kind, body_mid in rows if kind != RoleKind.SECRETARY or body_mid == mid}
        if RoleKind.SECRETARY in kinds:
            return True
        if RoleKind.ADMIN not in kinds:
            return False
    return Body.objects.filter(municipality_id=mid).exists()


def can_decide_on_report(user, assignment) -> bool:
    """A decision on a report is a decision of the issuing body: its secretary records it."""
    return can_register_decision(user, assignment.issuer)


# ---------------------------------------------------------------------------------------------
# Assignments, reports, questions


def recipient_chief_offices(assignment) -> list:
    """The chiefs who hold the assignment today: a recipient office, or the chief answering to a
    recipient body (the lead first). Current version only. Offices that have ended (a
    reorganisation) hold nothing: a recipient office that has ended is succeeded by the active
    chief answering to the same body."""
    from django.utils import timezone

    from tillit.organisation.models import Office

    today = timezone.localdate()
    offices: list = []
    recipients = sorted(assignment.recipients.all(), key=lambda r: not r.is_lead)
    ended = {
        r.office_id: r.office.answers_to_id
        for r in recipients
        if r.office_id and r.office.valid_to is not None and r.office.valid_to < today
    }
    body_ids = [r.body_id for r in recipients if r.body_id] + [b for b in ended.values() if b]
    chiefs_by_body: dict[int, list] = {}
    if body_ids:
        for office in (
            Office.objects.active_on(today).filter(answers_to_id__in=body_ids).order_by("id")
        ):
            if office.is_chief:
                chiefs_by_body.setdefault(office.answers_to_id, []).append(office)
    for r in recipients:
        if r.office_id in ended:
            successors = chiefs_by_body.get(ended[r.office_id], [])
            offices.extend(o for o in successors if o.kind == r.office.kind)
        elif r.office_id:
            offices.append(r.office)
        else:
            offices.extend(chiefs_by_body.get(r.body_id, []))
    return list(dict.fromkeys(offices))


def chief_offices_held(user, municipality, on: date | None = None) -> list:
    """The chief offices the user holds a chief role for that are active on the day (today)."""
    from django.utils import timezone

    from tillit.organisation.models import Office

    if not _active(user):
        return []
    return [
        o
        for o in Office.objects.active_on(on or timezone.localdate()).filter(
            municipality_id=_mid(municipality),
            pk__in=_roles(user, municipality)
            .filter(kind=RoleKind.CHIEF, office__isnull=False)
            .values("office"),
        )
        if o.is_chief
    ]


def held_by_offices_q(offices, on: date | None = None, prefix: str = ""):
    """A Q over assignments (``prefix`` "assignment__" for rows of an assignment) held by any of
    the given active chief offices — the SQL form of recipient_chief_offices: a current
    recipient that is one of the offices, a body one of them answers to, or an ended office
    they succeed (same kind, answering to the same body)."""
    from django.db.models import Q
    from django.utils import timezone

    on = on or timezone.localdate()
    r = f"{prefix}recipients__"
    if not offices:
        return Q(pk__in=[])
    held = Q(**{f"{r}office_id__in": [o.pk for o in offices]}) | Q(
        **{f"{r}body_id__in": [o.answers_to_id for o in offices if o.answers_to_id]}
    )
    for o in offices:
        if o.answers_to_id:
            held |= Q(
                **{
                    f"{r}office__valid_to__lt": on,
                    f"{r}office__answers_to_id": o.answers_to_id,
                    f"{r}office__kind": o.kind,
                }
            )
    return held & Q(**{f"{r}superseded_in_version__isnull": True})


def is_recipient_chief(user, assignment) -> bool:
    if not _active(user):
        return False
    office_ids = [o.id for o in recipient_chief_offices(assignment)]
    return Role.objects.filter(
        user=user,
        municipality_id=assignment.municipality_id,
        kind=RoleKind.CHIEF,
        office_id__in=office_ids,
    ).exists()


def can_change_assignment_status(user, assignment) -> bool:
    """Starting and reporting: the recipient chief or the issuing body's secretary (steps that
    need a decision are checked against the decision's body)."""
    return can_register_decision(user, assignment.issuer) or is_recipient_chief(user, assignment)


def can_file_report(user, assignment) -> bool:
    """Reports are written and submitted by the chief who holds the assignment."""
    return is_recipient_chief(user, assignment)


def can_read_drafts(user, assignment) -> bool:
    """Draft reports are the administration's own: the recipient chief, a municipality admin and
    the auditors (who read everything)."""
    return (
        is_recipient_chief(user, assignment)
        or is_admin(user, assignment.municipality_id)
        or is_auditor(user, assignment.municipality_id)
    )


def is_member_of(user, body, on: date) -> bool:
    """A member of the body on the day (an active membership of the user's person), or a user
    with a politician role for the body."""
    from django.db.models import Q

    from tillit.organisation.models import Membership

    if not _active(user):
        return False
    if Role.objects.filter(
        user=user, municipality_id=body.municipality_id, kind=RoleKind.POLITICIAN, body=body
    ).exists():
        return True
    return (
        Membership.objects.active_on(on)
        .filter(body=body, person__user=user)
        .filter(Q(person__municipality_id=body.municipality_id))
        .exists()
    )


def can_ask_question(user, assignment, on: date | None = None) -> bool:
    """Questions go through the chain: the members of the body that gave the assignment."""
    from django.utils import timezone

    return is_member_of(user, assignment.issuer, on or timezone.localdate())


def can_answer_question(user, question) -> bool:
    """The chief who holds the assignment, or the office the question was put to (while that
    office is active: after a reorganisation its successor answers)."""
    from django.utils import timezone

    if not _active(user):
        return False
    if is_recipient_chief(user, question.assignment):
        return True
    return (
        bool(question.to_office_id)
        and question.to_office.is_active_on(timezone.localdate())
        and Role.objects.filter(
            user=user,
            municipality_id=question.municipality_id,
            kind=RoleKind.CHIEF,
            office_id=question.to_office_id,
        ).exists()
    )


# ---------------------------------------------------------------------------------------------
# Economy


def can_manage_economy(user, municipality) -> bool:
    """Frames, frame changes, imports, mappings and forecasts: a municipality admin, a
    controller, or kommunfullmäktige's secretary (who records KF's budget decisions)."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    roles = _roles(user, municipality)
    return (
        roles.filter(kind__in=[RoleKind.ADMIN, RoleKind.CONTROLLER]).exists()
        or roles.filter(kind=RoleKind.SECRETARY, body__kind="council").exists()
    )


def can_report_forecast(user, body) -> bool:
    """A body's year-end forecast is the administration's: the chief who answers to the body
    (the förvaltningschef; the kommundirektör for KS) reports it, and so may anyone who manages
    the municipality's economy."""
    if can_manage_economy(user, body.municipality_id):
        return True
    return any(o.answers_to_id == body.pk for o in chief_offices_held(user, body.municipality_id))


def can_import_economy(user, municipality) -> bool:
    """SIE and CSV imports of actuals and budget, object mappings, forecasts."""
    return can_manage_economy(user, municipality)


def can_manage_frames(user, municipality) -> bool:
    """Frames and frame changes (KF's budget decisions, recorded by a controller, an admin or
    KF's secretary)."""
    return can_manage_economy(user, municipality)


def can_manage_budget(user, municipality) -> bool:
    """Budget proposals (mål och budget) and their adoption: KF's secretary, who records what
    is tabled in and decided by kommunfullmäktige, or a municipality admin."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    roles = _roles(user, municipality)
    return (
        roles.filter(kind=RoleKind.ADMIN).exists()
        or roles.filter(kind=RoleKind.SECRETARY, body__kind="council").exists()
    )


def can_write_operational_plan(user, body) -> bool:
    """A body's verksamhetsplan is the administration's answer to the budget: the chief who
    answers to the body writes it (an admin may help); politicians only read it."""
    if is_admin(user, body.municipality_id):
        return True
    return any(o.answers_to_id == body.pk for o in chief_offices_held(user, body.municipality_id))


# ---------------------------------------------------------------------------------------------
# Audit, administration, deviations


def can_read_audit(user, municipality) -> bool:
    """The audit trail: the auditors (revisorer) and the municipality's administrators."""
    return is_admin(user, municipality) or is_auditor(user, municipality)


def can_view_job(user, job) -> bool:
    """A background job (jobs.Job): the user who started it, and the municipality's
    administrators (who may need to see why an import failed)."""
    if not _active(user):
        return False
    if job.user_id is not None and job.user_id == user.pk:
        return True
    return job.municipality_id is not None and is_admin(user, job.municipality_id)


def can_manage_roles(user, municipality) -> bool:
    return is_admin(user, municipality)


def can_configure(user, municipality) -> bool:
    """Municipality settings such as the report cycles."""
    return is_admin(user, municipality)


# The deviation rules (can_record_deviation, can_read_deviation_reporter) live beside the data
# they read, in barometer.permissions: accounts imports no higher app.


def can_manage_organisation(user, municipality) -> bool:
    """Terms, majorities, bodies, office holders and memberships (organisation/andra/): the
    municipality's administrators."""
    return is_admin(user, municipality)
