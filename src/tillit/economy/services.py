"""Writes of the economy: frames, frame changes, mappings, forecasts, action plans. The imports
(CSV and SIE files) are in economy.imports.

Rules (see docs/economy.md):

* Frames and frame changes are decided by **kommunfullmäktige** (KF sets the frames in the
  budget decision — "mål och budget" — and changes them). The decision must be KF's, taken the
  year before (the budget is adopted in November) or during the year.
* Every frame change funds one or more assignments, or is explicitly marked
  ``unlinked`` ("utan kopplat uppdrag") — exactly one of the two.
* An omfördelning moves money from ``from_body`` to ``body``: two rows, − and +, paired.
* ``actor=None`` is a trusted system caller (the CLI, the demo loader). Web and API callers
  always pass the user, who must be allowed by ``accounts.permissions.can_manage_economy``.
* Mapping an object re-assigns the stored rows of active import batches (``mapping_set``).
* An action plan is a decision, taken in the deficit's year, of the body with the deficit or of
  KS/KF about that body (``action_plan_errors``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext

from tillit.accounts.permissions import can_manage_economy, can_report_forecast
from tillit.core.amounts import amount_parse
from tillit.core.errors import Conflict, PermissionDenied, ValidationFailed
from tillit.core.validation import text_problem
from tillit.organisation.models import Body, BodyKind, Municipality

from .models import (
    ActionPlan,
    ActualLine,
    BudgetLine,
    ChangeKind,
    Forecast,
    Frame,
    FrameChange,
    ObjectMapping,
)

# ---------------------------------------------------------------------------------------------
# Helpers


def _check_actor(actor, municipality) -> None:
    if actor is None:
        return  # trusted system caller (CLI, demo loader)
    if not can_manage_economy(actor, municipality):
        raise PermissionDenied(
            gettext(
                "Du får inte ändra ekonomiuppgifter. Det gör controller, "
                "administratör eller kommunfullmäktiges sekreterare."
            )
        )


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def parse_amount(value) -> Decimal:
    """'1 234 567,50', '1234567.5', 1200 -> Decimal with two decimals (core.amounts: never
    float, at most two decimals, below MAX_AMOUNT). Raises ValueError with a Swedish message."""
    return amount_parse(value, strict=True)


def _council_decision_errors(decision, municipality, year: int) -> dict[str, str]:
    errors = {}
    if decision is None:
        return {"decision": "Ange kommunfullmäktiges beslut."}
    if decision.municipality_id != municipality.pk:
        errors["decision"] = gettext("Beslutet hör till en annan kommun.")
    elif decision.body.kind != BodyKind.COUNCIL:
        errors["decision"] = gettext(
            "Ramar och ramförändringar beslutas av kommunfullmäktige, inte av "
            "%(name)s (%(reference)s)."
        ) % {"name": decision.body.name, "reference": decision.reference}
    elif decision.year not in (year - 1, year):
        errors["decision"] = gettext(
            "Beslutet %(reference)s är från %(year)s; ramen för %(year2)s "
            "beslutas året före eller under året."
        ) % {"reference": decision.reference, "year": decision.year, "year2": year}
    return errors


def _body_errors(body, municipality, key="body") -> dict[str, str]:
    if body is None:
        return {key: "Ange organ."}
    if body.municipality_id != municipality.pk:
        return {key: f"{body.name} hör till en annan kommun."}
    if body.kind == BodyKind.SUBCOMMITTEE:
        return {key: f"{body.name} är ett utskott och har ingen egen ram."}
    return {}


def _year_errors(year) -> dict[str, str]:
    if not isinstance(year, int) or not 1990 <= year <= 2100:
        return {"year": "Ange ett år mellan 1990 och 2100."}
    return {}


# ---------------------------------------------------------------------------------------------
# Frames and frame changes


def frame_set(*, actor, body: Body, year: int, amount, decision) -> Frame:
    """Set a body's frame for a year from KF's budget decision.

    Setting the same frame again is a no-op; a different one is refused (Conflict): change a
    frame with :func:`frame_change_register`.
    """
    municipality = body.municipality
    _check_actor(actor, municipality)
    errors = {**_body_errors(body, municipality), **_year_errors(year)}
    try:
        amount = parse_amount(amount)
    except ValueError as exc:
        errors["amount"] = str(exc).capitalize() + "."
    if not errors:
        errors.update(_council_decision_errors(decision, municipality, year))
    if errors:
        raise ValidationFailed(errors)
    existing = Frame.objects.filter(body=body, year=year).first()
    if existing is not None:
        if existing.amount == amount and existing.decision_id == decision.pk:
            return existing
        raise Conflict(
            f"Ramen för {body.name} {year} är redan satt ({existing.amount:,.0f} kr, "
            f"{existing.decision.reference}). Ändra den med en ramförändring.".replace(",", " "),
            field="year",
        )
    try:
        with transaction.atomic():
            return Frame.objects.create(
                municipality=municipality,
                body=body,
                year=year,
                amount=amount,
                decision=decision,
                registered_by=_user(actor),
            )
    except IntegrityError:
        # A concurrent request set the frame between the check and the insert.
        raise Conflict(
            gettext(
                "Ramen för %(name)s %(year)s sattes samtidigt av någon annan. Ladda "
                "om sidan och ändra den vid behov med en ramförändring."
            )
            % {"name": body.name, "year": year},
            field="year",
        ) from None


def frame_change_register(
    *,
    actor,
    decision,
    kind: str,
    body: Body,
    year: int,
    amount,
    assignments: Sequence = (),
    unlinked: bool = False,
    from_body: Body | None = None,
    purpose: str = "",
) -> FrameChange:
    """Register a decided frame change; ``amount`` is the (positive) size of the change.

    tillskott adds to ``body``'s frame, besparing cuts it, omfördelning moves ``amount`` from
    ``from_body`` to ``body`` (two paired rows; the receiving row is returned).
    """
    municipality = body.municipality
    _check_actor(actor, municipality)
    errors = {**_body_errors(body, municipality), **_year_errors(year)}
    if kind not in ChangeKind.values:
        errors["kind"] = gettext("Välj typ: tillskott, besparing eller omfördelning.")
    try:
        amount = parse_amount(amount)
        if amount <= 0:
            errors["amount"] = gettext(
                "Ange beloppet som ett positivt tal; typen anger riktningen."
            )
    except ValueError as exc:
        errors["amount"] = str(exc).capitalize() + "."
    if kind == ChangeKind.REALLOCATION:
        if from_body is None:
            errors["from_body"] = gettext(
                "En omfördelning behöver organet som pengarna flyttas från."
            )
        elif from_body.pk == body.pk:
            errors["from_body"] = gettext("En omfördelning flyttar pengar mellan två olika organ.")
        else:
            errors.update(_body_errors(from_body, municipality, "from_body"))
    elif from_body is not None:
        errors["from_body"] = gettext(
            "Endast en omfördelning har ett organ som pengarna flyttas från."
        )
    assignments = list(assignments)
    if assignments and unlinked:
        errors["assignments"] = gettext(
            "Välj antingen de uppdrag som förändringen finansierar eller ”utan kopplat uppdrag”."
        )
    elif not assignments and not unlinked:
        errors["assignments"] = gettext(
            "Koppla förändringen till det eller de uppdrag den finansierar, "
            "eller markera den uttryckligen som ”utan kopplat uppdrag”."
        )
    elif any(a.municipality_id != municipality.pk for a in assignments):
        errors["assignments"] = gettext("Ett uppdrag hör till en annan kommun.")
    if len(purpose or "") > 500:
        errors["purpose"] = gettext("Syftet får vara högst 500 tecken.")
    if not errors:
        errors.update(_council_decision_errors(decision, municipality, year))
    if not errors:
        for key, b in (("body", body), ("from_body", from_body)):
            if b is not None and not Frame.objects.filter(body=b, year=year).exists():
                errors[key] = gettext("Ramen för %(name)s %(year)s är inte satt ännu.") % {
                    "name": b.name,
                    "year": year,
                }
    if errors:
        raise ValidationFailed(errors)
    common = {
        "municipality": municipality,
        "year": year,
        "kind": kind,
        "decision": decision,
        "unlinked": unlinked,
        "purpose": (purpose or "").strip(),
        "registered_by": _user(actor),
    }
    with transaction.atomic():
        sign = -1 if kind == ChangeKind.CUT else 1
        change = FrameChange.objects.create(body=body, amount=sign * amount, **common)
        if assignments:
            change.assignments.set(assignments)
        if kind == ChangeKind.REALLOCATION:
            other = FrameChange.objects.create(
                body=from_body, amount=-amount, counterpart=change, **common
            )
            if assignments:
                other.assignments.set(assignments)
            change.counterpart = other
            change.save(update_fields=["counterpart"])
    return change


# ---------------------------------------------------------------------------------------------
# Forecasts and action plans


def forecast_report(
    *, actor, body: Body, year: int, as_of: date, amount, note: str = ""
) -> Forecast:
    """The administration's year-end forecast of a body's net cost, as of a month."""
    municipality = body.municipality
    if actor is not None and not can_report_forecast(actor, body):
        raise PermissionDenied(
            gettext(
                "Prognosen för %(name)s rapporteras av förvaltningschefen som svarar "
                "mot organet, controller eller administratör."
            )
            % {"name": body.name}
        )
    errors = {**_body_errors(body, municipality), **_year_errors(year)}
    try:
        amount = parse_amount(amount)
    except ValueError as exc:
        errors["amount"] = str(exc).capitalize() + "."
    if as_of is None or as_of.year != year:
        errors["as_of"] = gettext("Prognosmånaden ska ligga i år %(year)s.") % {"year": year}
    if errors:
        raise ValidationFailed(errors)
    return Forecast.objects.create(
        municipality=municipality,
        body=body,
        year=year,
        as_of=as_of.replace(day=1),
        amount=amount,
        note=(note or "").strip(),
        reported_by=_user(actor),
    )


def _names_body(decision, body: Body) -> bool:
    """Does the decision name the body (its name, also in the genitive, or its short name as a
    word) in its title or text, or give an assignment to the body or to its chief's office?"""
    from tillit.assignments.models import AssignmentRecipient

    text = f"{decision.title}\n{decision.text}"
    if body.name and body.name.casefold() in text.casefold():
        return True
    if body.short_name and re.search(rf"(?<!\w){re.escape(body.short_name)}(?!\w)", text):
        return True
    return (
        AssignmentRecipient.all_versions.filter(assignment__decision=decision)
        .filter(Q(body=body) | Q(office__answers_to=body))
        .exists()
    )


def action_plan_errors(*, body: Body, year: int, decision) -> dict[str, str]:
    """Why ``decision`` cannot be the action plan of ``body``'s deficit in ``year`` (empty when
    it can). The rule, the same for the form, the API and the CLI:

    * the body has a deficit that year (forecast above the frame, ``economy_year``);
    * the decision is the body's own, or kommunstyrelsen's or kommunfullmäktige's *about* the
      body: it names the body or gives it (or its chief) an assignment;
    * the decision was taken in the deficit's year."""
    from .selectors import economy_year

    errors: dict[str, str] = {}
    municipality = body.municipality
    if decision is None or decision.municipality_id != municipality.pk:
        return {"decision": "Ange ett beslut i samma kommun."}
    if decision.body_id != body.pk:
        if decision.body.kind not in (BodyKind.COUNCIL, BodyKind.EXECUTIVE_BOARD):
            errors["decision"] = gettext(
                "Åtgärdsplanen för %(name)s beslutas av nämnden själv, "
                "kommunstyrelsen eller fullmäktige – inte av %(name2)s "
                "(%(reference)s)."
            ) % {"name": body.name, "name2": decision.body.name, "reference": decision.reference}
        elif not _names_body(decision, body):
            errors["decision"] = gettext(
                "%(reference)s (%(title)s) handlar inte om %(name)s. Ett beslut av "
                "kommunstyrelsen eller fullmäktige är en åtgärdsplan när det nämner "
                "nämnden eller ger den ett uppdrag."
            ) % {"reference": decision.reference, "title": decision.title, "name": body.name}
    if "decision" not in errors and decision.year != year:
        errors["decision"] = gettext(
            "Beslutet %(reference)s är från %(year)s; åtgärdsplanen för "
            "underskottet %(year2)s beslutas under %(year2)s."
        ) % {"reference": decision.reference, "year": decision.year, "year2": year}
    rows = economy_year(municipality=municipality, year=year, body=body).bodies
    if not rows or not rows[0].deficit:
        errors["year"] = gettext(
            "%(name)s har inget underskott %(year)s att besluta en åtgärdsplan om."
        ) % {"name": body.name, "year": year}
    return errors


def action_plan_link(*, actor, body: Body, year: int, decision, note: str = "") -> ActionPlan:
    """Link a decision with an action plan (åtgärdsplan) to a body's deficit in a year (the rule:
    :func:`action_plan_errors`)."""
    municipality = body.municipality
    _check_actor(actor, municipality)
    errors = {**_body_errors(body, municipality), **_year_errors(year)}
    if not errors:
        errors = action_plan_errors(body=body, year=year, decision=decision)
    if errors:
        raise ValidationFailed(errors)
    plan, _ = ActionPlan.objects.get_or_create(
        municipality=municipality,
        body=body,
        year=year,
        decision=decision,
        defaults={"note": (note or "").strip(), "registered_by": _user(actor)},
    )
    return plan


# ---------------------------------------------------------------------------------------------
# Object mappings


def _remap(municipality, mapping: ObjectMapping) -> None:
    """Re-resolve stored rows of active batches after a mapping change."""
    if mapping.dimension == "1":
        for model in (ActualLine, BudgetLine):
            model.objects.active().filter(
                municipality=municipality, object_id=mapping.object_id
            ).update(body=mapping.body)
    elif mapping.dimension == "6":
        ActualLine.objects.active().filter(
            municipality=municipality, project=mapping.object_id
        ).update(assignment=mapping.assignment)


def mapping_set(
    *,
    actor,
    municipality: Municipality,
    object_id: str,
    dimension: str = "1",
    body: Body | None = None,
    assignment=None,
    name: str = "",
) -> ObjectMapping:
    """Map a dimension object to a body (dim 1) or a project (dim 6) to an assignment."""
    _check_actor(actor, municipality)
    dimension = str(dimension).strip() or "1"
    object_id = (object_id or "").strip()
    errors = {}
    if not object_id or len(object_id) > 100:
        errors["object_id"] = gettext("Ange objektets id (högst 100 tecken).")
    for key, text in (("object_id", object_id), ("name", name or "")):
        if key not in errors and (problem := text_problem(text)):
            errors[key] = problem  # the mapping page and the mapping CSV post no Django form
    if dimension == "6":
        if assignment is None:
            errors["assignment"] = gettext("Ett projekt (dimension 6) kopplas till ett uppdrag.")
        elif assignment.municipality_id != municipality.pk:
            errors["assignment"] = gettext("Uppdraget hör till en annan kommun.")
    elif dimension == "1":
        if body is None:
            errors["body"] = gettext("Ett kostnadsställe (dimension 1) kopplas till ett organ.")
        else:
            errors.update(_body_errors(body, municipality))
    else:
        errors["dimension"] = gettext("Dimension 1 (ansvar) eller 6 (projekt).")
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        mapping, _ = ObjectMapping.objects.update_or_create(
            municipality=municipality,
            dimension=dimension,
            object_id=object_id,
            defaults={
                "body": body if dimension == "1" else None,
                "assignment": assignment if dimension == "6" else None,
                **({"name": name.strip()[:300]} if name else {}),
            },
        )
        _remap(municipality, mapping)
    return mapping
