"""The decision chain — the one rule for who may give an assignment to whom.

Forms, the API and the CLI all call `check_recipients` (through `decision_register` and
`assignment_amend`), so the rule lives here and nowhere else:

- Kommunfullmäktige addresses kommunstyrelsen and nämnder, one or several at once (a joint
  assignment, with a lead).
- Kommunstyrelsen addresses the kommundirektör or its own utskott.
- A nämnd (also a gemensam nämnd) addresses its förvaltningschef or its own utskott.
- An utskott acts on delegation from its parent and addresses the parent's chief.
- Nobody addresses a unit or person below the chief; no individual issues assignments — the
  issuer is always a body, by a decision.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.utils.translation import gettext as _

from tillit.core.errors import ChainViolation, ValidationFailed
from tillit.organisation.models import Body, BodyKind, Office, OfficeKind

Target = Body | Office

CHIEF_DEFINITE = {
    OfficeKind.CHIEF_EXECUTIVE: "kommundirektören",
    OfficeKind.DEPARTMENT_HEAD: "förvaltningschefen",
}
ISSUING_KINDS = {
    BodyKind.COUNCIL,
    BodyKind.EXECUTIVE_BOARD,
    BodyKind.COMMITTEE,
    BodyKind.JOINT_COMMITTEE,
    BodyKind.SUBCOMMITTEE,
}


def _definite(body: Body) -> str:
    """'kommunstyrelsen', 'barn- och utbildningsnämnden' — names are stored in definite form."""
    return body.name[0].lower() + body.name[1:]


def _acting_body(issuer: Body) -> Body:
    """An utskott acts on its parent's delegation; its addressees are the parent's."""
    if issuer.kind == BodyKind.SUBCOMMITTEE and issuer.parent_id:
        return issuer.parent
    return issuer


def chiefs_of(body: Body, on: date) -> list[Office]:
    return list(
        Office.objects.active_on(on).filter(
            municipality_id=body.municipality_id,
            answers_to=body,
            kind__in=[OfficeKind.CHIEF_EXECUTIVE, OfficeKind.DEPARTMENT_HEAD],
        )
    )


def _right_path(issuer: Body, on: date) -> str:
    """The sentence that tells the user where the assignment should go instead."""
    acting = _acting_body(issuer)
    if acting.kind == BodyKind.COUNCIL:
        return (
            "Fullmäktige ger uppdrag till kommunstyrelsen eller nämnderna, som i sin tur "
            "ger uppdrag till sin förvaltning."
        )
    chiefs = chiefs_of(acting, on)
    if chiefs:
        chief = chiefs[0]
        return (
            f"Uppdraget ska ges till {CHIEF_DEFINITE[chief.kind]}, "
            "som fördelar arbetet inom förvaltningen."
        )
    return f"{_definite(acting).capitalize()} saknar en chef som svarar inför den på beslutsdagen."


def allowed_recipients(issuer: Body, on: date) -> list[Target]:
    """Every target the issuer may address on a date — used to make the right path the easy one."""
    acting = _acting_body(issuer)
    bodies = Body.objects.active_on(on).filter(municipality_id=issuer.municipality_id)
    if acting.kind == BodyKind.COUNCIL:
        return list(
            bodies.filter(
                kind__in=[BodyKind.EXECUTIVE_BOARD, BodyKind.COMMITTEE, BodyKind.JOINT_COMMITTEE]
            )
        )
    own_subcommittees = (
        [] if acting != issuer else list(bodies.filter(kind=BodyKind.SUBCOMMITTEE, parent=acting))
    )
    return [*chiefs_of(acting, on), *own_subcommittees]


def _violation(issuer: Body, target: Target, on: date) -> str | None:
    """Why `issuer` may not address `target`, in Swedish, or None when the path is right."""
    acting = _acting_body(issuer)
    right = _right_path(issuer, on)

    if isinstance(target, Office):
        if target.kind == OfficeKind.UNIT:
            above = target.chief_above()
            where = f" under {CHIEF_DEFINITE[above.kind]}" if above else ""
            return (
                f"{target.organisation_name} är en enhet{where} i förvaltningen. Politiken ger "
                f"inte uppdrag direkt till enheter eller medarbetare. {right}"
            )
        if acting.kind == BodyKind.COUNCIL:
            return (
                f"Fullmäktige ger inte uppdrag direkt till {CHIEF_DEFINITE[target.kind]}. "
                "Ge uppdraget till kommunstyrelsen eller den nämnd som ansvarar för frågan."
            )
        if target.answers_to_id != acting.id:
            boss = target.answers_to
            answers = f" svarar inför {_definite(boss)}" if boss else " svarar inte inför er"
            return f"{target.title} för {target.organisation_name.lower()}{answers}. {right}"
        return None

    # The target is a body.
    if target.id == issuer.id:
        return f"{issuer.name} kan inte ge uppdrag till sig själv. {right}"
    if acting.kind == BodyKind.COUNCIL:
        if target.kind in (BodyKind.EXECUTIVE_BOARD, BodyKind.COMMITTEE, BodyKind.JOINT_COMMITTEE):
            return None
        if target.kind == BodyKind.SUBCOMMITTEE:
            parent = _definite(target.parent) if target.parent else "sin nämnd"
            return (
                f"{target.name} är ett utskott som bereder ärenden åt {parent}. "
                f"Ge uppdraget till {parent}."
            )
        return f"Fullmäktige kan inte ge uppdrag till {_definite(target)}. {right}"
    if target.kind == BodyKind.SUBCOMMITTEE and target.parent_id == issuer.id:
        return None
    if target.kind == BodyKind.SUBCOMMITTEE:
        return f"{target.name} är inte {_definite(acting)}s utskott. {right}"
    if acting.kind == BodyKind.EXECUTIVE_BOARD and target.kind in (
        BodyKind.COMMITTEE,
        BodyKind.JOINT_COMMITTEE,
    ):
        return (
            "Kommunstyrelsen har uppsikt över nämnderna men ger dem inte uppdrag; det gör "
            f"fullmäktige. {right}"
        )
    return f"{_definite(acting).capitalize()} kan inte ge uppdrag till {_definite(target)}. {right}"


def check_recipients(
    *, issuer: Body, recipients: Sequence[Target], lead: Target | None, on: date
) -> None:
    """Raise ChainViolation (or ValidationFailed) when the recipients break the decision chain."""
    if issuer.kind not in ISSUING_KINDS:
        raise ChainViolation(
            _("%(name)s kan inte ge uppdrag.") % {"name": issuer.name}, field="recipients"
        )
    if not issuer.is_active_on(on):
        raise ValidationFailed(
            {
                "body": _("%(name)s fanns inte på beslutsdagen %(on)s.")
                % {"name": issuer.name, "on": on.isoformat()}
            }
        )
    if not recipients:
        raise ValidationFailed({"recipients": _("Ange minst en mottagare för uppdraget.")})
    seen: set[tuple[str, int]] = set()
    for target in recipients:
        key = (type(target).__name__, target.pk)
        if key in seen:
            raise ValidationFailed(
                {"recipients": _("%(target)s anges mer än en gång.") % {"target": target}}
            )
        seen.add(key)
        if target.municipality_id != issuer.municipality_id:
            # Never confirmable as "decided outside the chain": no body decides for another
            # municipality.
            raise ChainViolation(
                _(
                    "%(target)s hör till en annan kommun. Uppdrag ges inom den egna "
                    "kommunens beslutskedja."
                )
                % {"target": target},
                field="recipients",
                extra={"confirmable": False},
            )
        if not target.is_active_on(on):
            raise ValidationFailed(
                {
                    "recipients": _(
                        "%(target)s fanns inte i organisationen på beslutsdagen %(on)s."
                    )
                    % {"target": target, "on": on.isoformat()}
                }
            )
        reason = _violation(issuer, target, on)
        if reason:
            raise ChainViolation(reason, field="recipients")
    if len(recipients) > 1:
        if _acting_body(issuer).kind != BodyKind.COUNCIL:
            raise ChainViolation(
                _("Bara fullmäktige ger gemensamma uppdrag till flera mottagare.")
                + " "
                + _right_path(issuer, on),
                field="recipients",
            )
        if lead is None:
            raise ValidationFailed(
                {"lead": _("Ange vilken mottagare som samordnar det gemensamma uppdraget.")}
            )
    if lead is not None and all((type(t), t.pk) != (type(lead), lead.pk) for t in recipients):
        raise ValidationFailed({"lead": _("Den samordnande måste vara en av mottagarna.")})
