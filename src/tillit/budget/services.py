"""Writes of the budget: proposals and their adoption by kommunfullmäktige (docs/budget.md).

Rules:

* A proposal is entered by KF's secretary or an administrator (``can_manage_budget``); any number
  of proposals may exist for a year (the majority's, the opposition's), until one is adopted.
* Each line is a body with a frame; its new frame = the previous frame (year Y-1's frame plus
  every frame change of Y-1) + its changes + the technical changes other lines move to or from it.
* Every change has a kind. ``assignment`` funds one or more assignments (existing ones of KF to
  the body, or the body's own; or a new KF assignment created with the budget under the same
  chain rule as any decision, ``assignments.chain``); no other kind has assignments. ``index``
  is never negative, ``efficiency`` always negative, ``technical`` names its counterpart line.
* Adoption (``budget_adopt``) registers KF's decision (``decisions.services.decision_register``)
  with the new assignments and the grunduppdrag, and writes economy.Frame (the previous frame)
  and one economy.FrameChange per change — all in one transaction. One adopted budget per year.
* Errors are ValidationFailed with field paths (``lines[0].changes[1].amount_sek``) and Swedish
  messages, Conflict or PermissionDenied; on any error nothing is stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from tillit.accounts.permissions import can_manage_budget
from tillit.assignments.models import Assignment
from tillit.assignments.services import AssignmentDraft, assignment_draft_check
from tillit.core.amounts import AmountError, amount_parse
from tillit.core.errors import ChainViolation, Conflict, PermissionDenied, ValidationFailed
from tillit.core.validation import text_problem
from tillit.decisions.services import decision_register
from tillit.economy.models import ChangeKind, Frame, FrameChange
from tillit.organisation.models import Body, BodyKind, Municipality

from .models import Budget, BudgetChange, BudgetLine, BudgetStatus, Kind
from .selectors import adopted_budget, previous_frames

ZERO = Decimal(0)
PERCENT = re.compile(r"(-?\d+(?:[.,]\d+)?)\s*%")


def sek(value: Decimal | int) -> str:
    """1234567 -> '1 234 567 kr' (Swedish digit groups, no-break spaces)."""
    return f"{Decimal(value):,.0f}".replace(",", "\u00a0").replace("-", "\u2212") + "\u00a0kr"


@dataclass
class ChangeIn:
    kind: str
    amount: Decimal
    note: str = ""
    percentage: Decimal | None = None
    driver: str = ""
    counterpart: Body | None = None
    assignments: list[Assignment] = field(default_factory=list)
    new_assignment: AssignmentDraft | None = None
    new_assignment_data: dict | None = None


@dataclass
class LineIn:
    body: Body
    changes: list[ChangeIn]
    previous: Decimal
    plan: dict[int, Decimal]
    mission: dict
    frame: Decimal = ZERO  # filled in when every line is known (technical counterparts)


@dataclass
class Checked:
    municipality: Municipality
    council: Body
    year: int
    lines: list[LineIn]


def _council(municipality: Municipality) -> Body | None:
    return (
        Body.objects.filter(municipality=municipality, kind=BodyKind.COUNCIL)
        .order_by("valid_from", "id")
        .last()
    )


def _amount(value, errors: dict, key: str, *, label: str = "Beloppet") -> Decimal | None:
    if value is None or value == "":
        errors[key] = f"Ange {label.lower()} i kronor."
        return None
    try:
        return amount_parse(value, places=0, strict=True)
    except AmountError as exc:
        errors[key] = {
            AmountError.DECIMALS: f"{label} anges i hela kronor.",
            AmountError.TOO_LARGE: f"{label} är orimligt stort.",
        }.get(exc.reason, f"{label} måste vara ett tal.")
        return None


def _text(value, errors: dict, key: str, *, limit: int, label: str, required=False) -> str:
    value = (value or "").strip() if isinstance(value, str) or value is None else None
    if value is None:
        errors[key] = f"{label} ska vara text."
        return ""
    if required and not value:
        errors[key] = f"Ange {label.lower()}."
    elif len(value) > limit:
        errors[key] = f"{label} får vara högst {limit} tecken."
    elif problem := text_problem(value):
        errors[key] = problem
    return value


def _check_day(year: int) -> date:
    """The day the chain is checked on for a proposal: today, within the budget's span."""
    today = timezone.localdate()
    return min(max(today, date(year - 1, 1, 1)), date(year, 12, 31))


def _draft(data, errors: dict, key: str) -> AssignmentDraft | None:
    if not isinstance(data, dict):
        errors[key] = "Det nya uppdraget ska ha rubrik, vad, mottagare och övriga fält."
        return None
    known = set(AssignmentDraft.__dataclass_fields__)
    unknown = sorted(set(data) - known)
    if unknown:
        errors[key] = f"Okända fält i det nya uppdraget: {', '.join(unknown)}."
        return None
    values = dict(data)
    try:
        for name in ("deadline",):
            if isinstance(values.get(name), str):
                values[name] = date.fromisoformat(values[name])
        values["followups"] = [
            date.fromisoformat(d) if isinstance(d, str) else d for d in values.get("followups", [])
        ]
    except ValueError:
        errors[key] = "Datum i det nya uppdraget anges ÅÅÅÅ-MM-DD."
        return None
    return AssignmentDraft(
        title=values.get("title", ""),
        what=values.get("what", ""),
        recipients=list(values.get("recipients") or []),
        why=values.get("why", ""),
        lead=values.get("lead"),
        resources_sek=values.get("resources_sek"),
        resources_fte=values.get("resources_fte"),
        deadline=values.get("deadline"),
        followups=values["followups"],
    )


def draft_as_json(draft: AssignmentDraft) -> dict:
    return {
        "title": draft.title,
        "what": draft.what,
        "why": draft.why,
        "recipients": list(draft.recipients),
        "lead": draft.lead,
        "resources_sek": None if draft.resources_sek is None else str(draft.resources_sek),
        "resources_fte": None if draft.resources_fte is None else str(draft.resources_fte),
        "deadline": draft.deadline.isoformat() if draft.deadline else None,
        "followups": [d.isoformat() for d in draft.followups],
    }


def _funds_body(assignment: Assignment, body: Body, council: Body) -> bool:
    """An assignment a body's frame may fund: the body's own, or KF's to the body (or to the
    chief who answers to it)."""
    if assignment.issuer_id == body.pk:
        return True
    if assignment.issuer_id != council.pk:
        return False
    return any(
        r.body_id == body.pk or (r.office_id and r.office.answers_to_id == body.pk)
        for r in assignment.recipients.all()
    )


def _check_change(data, key, *, body, council, municipality, year, bodies, errors) -> ChangeIn:
    if not isinstance(data, dict):
        errors[key] = "En förändring ska ha typ och belopp."
        return None
    kind = data.get("kind")
    if kind not in Kind.values:
        errors[f"{key}.kind"] = "Välj typ: " + ", ".join(
            f"{value} ({label.lower()})" for value, label in Kind.choices
        )
        return None
    label = Kind(kind).label
    amount = _amount(data.get("amount_sek"), errors, f"{key}.amount_sek")
    if amount is not None and amount == 0:
        errors[f"{key}.amount_sek"] = "En förändring på 0 kr behövs inte; ta bort raden."
    note = _text(data.get("note"), errors, f"{key}.note", limit=500, label="Kommentaren")
    change = ChangeIn(kind=kind, amount=amount or ZERO, note=note)

    ids = data.get("assignments") or []
    new = data.get("new_assignment")
    if kind == Kind.ASSIGNMENT:
        if not ids and not new:
            errors[f"{key}.assignments"] = (
                "En förändring av typen uppdrag ska finansiera minst ett uppdrag: ange ett "
                "befintligt uppdrag eller ett nytt uppdrag som ges med budgeten."
            )
    elif ids or new:
        errors[f"{key}.assignments"] = (
            f"Endast förändringar av typen uppdrag kopplas till uppdrag. Ändra typen till "
            f"uppdrag eller ta bort kopplingen ({label.lower()} har inget uppdrag)."
        )
    if kind == Kind.ASSIGNMENT and ids:
        if not isinstance(ids, list) or not all(
            isinstance(i, int) and not isinstance(i, bool) for i in ids
        ):
            errors[f"{key}.assignments"] = "Ange uppdragen med sina id-nummer."
        else:
            found = {
                a.pk: a
                for a in Assignment.objects.filter(municipality=municipality, pk__in=ids)
                .select_related("issuer")
                .prefetch_related("recipients__office")
            }
            missing = [str(i) for i in ids if i not in found]
            if missing:
                errors[f"{key}.assignments"] = (
                    f"Uppdrag {', '.join(missing)} finns inte i kommunen."
                )
            else:
                for i in ids:
                    a = found[i]
                    if not _funds_body(a, body, council):
                        errors[f"{key}.assignments"] = (
                            f"Uppdrag {a.pk} (”{a.title}”) är varken {body.name}s eget eller "
                            f"kommunfullmäktiges uppdrag till {body.name}; "
                            f"{body.name}s ram kan inte finansiera det."
                        )
                        break
                change.assignments = [found[i] for i in dict.fromkeys(ids)]
    if kind == Kind.ASSIGNMENT and new:
        draft = _draft(new, errors, f"{key}.new_assignment")
        if draft is not None:
            try:
                assignment_draft_check(issuer=council, draft=draft, on=_check_day(year))
            except ChainViolation as exc:
                errors[f"{key}.new_assignment.{exc.field or 'recipients'}"] = exc.message
            except ValidationFailed as exc:
                for k, v in exc.errors.items():
                    errors[f"{key}.new_assignment.{k}"] = v
            else:
                if body.slug not in draft.recipients:
                    errors[f"{key}.new_assignment.recipients"] = (
                        f"Uppdraget finansieras av {body.name}s ram och ska därför ges till "
                        f"{body.name} (”{body.slug}”), ensam eller tillsammans med andra."
                    )
            change.new_assignment = draft
            change.new_assignment_data = draft_as_json(draft)

    percentage = data.get("percentage")
    if kind == Kind.INDEX:
        if amount is not None and amount < 0:
            errors[f"{key}.amount_sek"] = (
                "En pris- och löneuppräkning kan inte vara negativ. En minskning är ett "
                "effektiviseringskrav."
            )
        if percentage is None and (match := PERCENT.search(note)):
            percentage = match.group(1)
        if percentage is not None:
            try:
                change.percentage = amount_parse(percentage, places=2)
            except AmountError:
                errors[f"{key}.percentage"] = "Uppräkningen anges i procent, t.ex. 2,9."
            else:
                if change.percentage < 0:
                    errors[f"{key}.percentage"] = "Uppräkningen kan inte vara negativ."
                elif change.percentage > 100:
                    errors[f"{key}.percentage"] = "Uppräkningen är orimligt stor (över 100 %)."
    elif percentage is not None:
        errors[f"{key}.percentage"] = "Endast en pris- och löneuppräkning har en procentsats."

    driver = data.get("driver")
    if kind == Kind.VOLUME:
        change.driver = _text(
            driver, errors, f"{key}.driver", limit=200, label="Volymdrivaren", required=True
        )
        if f"{key}.driver" in errors and not driver:
            errors[f"{key}.driver"] = (
                "Ange vad volymförändringen beror på, t.ex. ”antal elever i grundskolan +40”."
            )
    elif driver:
        errors[f"{key}.driver"] = "Endast en volymförändring har en volymdrivare."

    if kind == Kind.EFFICIENCY and amount is not None and amount >= 0:
        errors[f"{key}.amount_sek"] = (
            "Ett effektiviseringskrav minskar ramen: ange beloppet som ett negativt tal."
        )

    counterpart = data.get("counterpart")
    if kind == Kind.TECHNICAL:
        if not counterpart:
            errors[f"{key}.counterpart"] = (
                "En teknisk justering flyttar pengar mellan organ: ange motparten."
            )
        elif counterpart == body.slug:
            errors[f"{key}.counterpart"] = "Motparten ska vara ett annat organ."
        elif counterpart not in bodies:
            errors[f"{key}.counterpart"] = (
                f"Motparten ”{counterpart}” har ingen rad i budgeten; lägg till organets rad."
            )
        else:
            change.counterpart = bodies[counterpart]
    elif counterpart:
        errors[f"{key}.counterpart"] = "Endast en teknisk justering har en motpart."
    return change


def budget_check(
    *, municipality: Municipality, year, lines, frame_year_free: bool = True
) -> Checked:
    """Validate a proposal without storing anything. ``lines`` is a list of dicts (the API's
    shape): {"body": slug, "changes": [...], "frame_sek"?, "plan"?: {year: amount},
    "mission"?: {...}}."""
    errors: dict[str, str] = {}
    if isinstance(year, bool) or not isinstance(year, int) or not 1990 <= year <= 2100:
        raise ValidationFailed({"year": "Ange budgetåret, ett år mellan 1990 och 2100."})
    council = _council(municipality)
    if council is None:
        raise ValidationFailed(
            {"year": "Kommunen har inget kommunfullmäktige som kan anta budget."}
        )
    if frame_year_free and (adopted := adopted_budget(municipality=municipality, year=year)):
        raise ValidationFailed(
            {
                "year": f"Budgeten för {year} är redan antagen ({adopted.decision.reference}, "
                f"{adopted.proposed_by}). Ändra ramarna med ramförändringar i stället."
            }
        )
    if not isinstance(lines, list) or not lines:
        raise ValidationFailed({"lines": "Ange minst ett organ med sin ram."})
    first, last = date(year, 1, 1), date(year, 12, 31)
    all_bodies = {b.slug: b for b in Body.objects.filter(municipality=municipality)}
    bodies: dict[str, Body] = {}
    for index, line in enumerate(lines):
        slug = line.get("body") if isinstance(line, dict) else None
        key = f"lines[{index}].body"
        body = all_bodies.get(slug) if isinstance(slug, str) else None
        if body is None:
            errors[key] = f"Organet ”{slug}” finns inte i {municipality.name}."
        elif body.kind == BodyKind.SUBCOMMITTEE:
            errors[key] = f"{body.name} är ett utskott och har ingen egen ram."
        elif body.valid_from > last or (body.valid_to is not None and body.valid_to < first):
            errors[key] = f"{body.name} finns inte under {year}."
        elif slug in bodies:
            errors[key] = f"{body.name} finns två gånger i budgeten; samla förändringarna i en rad."
        else:
            bodies[slug] = body
    previous = previous_frames(municipality=municipality, year=year)
    checked: list[LineIn] = []
    for index, line in enumerate(lines):
        body = bodies.get(line.get("body")) if isinstance(line, dict) else None
        if body is None or errors.get(f"lines[{index}].body"):
            continue
        changes_in = line.get("changes") or []
        if not isinstance(changes_in, list):
            errors[f"lines[{index}].changes"] = "Förändringarna ska vara en lista."
            changes_in = []
        changes = [
            _check_change(
                data,
                f"lines[{index}].changes[{c}]",
                body=body,
                council=council,
                municipality=municipality,
                year=year,
                bodies=bodies,
                errors=errors,
            )
            for c, data in enumerate(changes_in)
        ]
        plan: dict[int, Decimal] = {}
        raw_plan = line.get("plan") or {}
        if not isinstance(raw_plan, dict):
            errors[f"lines[{index}].plan"] = "Planramarna anges per år."
            raw_plan = {}
        for plan_year, value in raw_plan.items():
            pkey = f"lines[{index}].plan.{plan_year}"
            try:
                plan_year = int(plan_year)
            except (TypeError, ValueError):
                plan_year = None
            if plan_year not in (year + 1, year + 2):
                errors[pkey] = f"Planåren för budget {year} är {year + 1} och {year + 2}."
                continue
            amount = _amount(value, errors, pkey, label="Planramen")
            if amount is not None and amount < 0:
                errors[pkey] = "Planramen kan inte vara negativ."
            elif amount is not None:
                plan[plan_year] = amount
        mission = _check_mission(line.get("mission"), f"lines[{index}].mission", body, errors)
        checked.append(
            LineIn(
                body=body,
                changes=[c for c in changes if c is not None],
                previous=previous.get(body.pk) or ZERO,
                plan=plan,
                mission=mission,
            )
        )
    # New frames: own changes, plus technical changes other lines move to/from this body.
    by_body = {line.body.pk: line for line in checked}
    for line in checked:
        line.frame = line.previous + sum((c.amount for c in line.changes), ZERO)
    for line in checked:
        for c in line.changes:
            if c.kind == Kind.TECHNICAL and c.counterpart is not None:
                other = by_body.get(c.counterpart.pk)
                if other is not None:
                    other.frame -= c.amount
    for index, line in enumerate(lines):
        if not isinstance(line, dict) or line.get("frame_sek") in (None, ""):
            continue
        body = bodies.get(line.get("body"))
        if body is None or body.pk not in by_body:
            continue
        key = f"lines[{index}].frame_sek"
        stated = _amount(line["frame_sek"], errors, key, label="Ramen")
        computed = by_body[body.pk]
        if stated is not None and stated != computed.frame:
            errors[key] = (
                f"Beloppen går inte ihop för {body.name}: föregående ram "
                f"{sek(computed.previous)} + förändringar {sek(computed.frame - computed.previous)}"
                f" = {sek(computed.frame)}, inte {sek(stated)}."
            )
    for line in checked:
        if line.frame < 0:
            errors.setdefault(
                f"lines[{list(by_body).index(line.body.pk)}].changes",
                f"{line.body.name}s ram blir negativ ({sek(line.frame)}).",
            )
    if errors:
        raise ValidationFailed(errors)
    return Checked(municipality=municipality, council=council, year=year, lines=checked)


def _check_mission(data, key: str, body: Body, errors: dict) -> dict:
    """The grunduppdrag: {"title"?, "what", "indicators"?: [{"code", "title", "unit"?,
    "target", "higher_is_better"?}]}."""
    if not data:
        return {}
    if not isinstance(data, dict):
        errors[key] = "Grunduppdraget ska ha en beskrivning (vad) och gärna indikatorer."
        return {}
    title = _text(
        data.get("title") or f"Grunduppdrag för {body.name}",
        errors,
        f"{key}.title",
        limit=300,
        label="Rubriken",
    )
    what = _text(
        data.get("what"),
        errors,
        f"{key}.what",
        limit=20000,
        label="Grunduppdragets resultat (vad)",
        required=True,
    )
    indicators = []
    for i, ind in enumerate(data.get("indicators") or []):
        ikey = f"{key}.indicators[{i}]"
        if not isinstance(ind, dict):
            errors[ikey] = "En indikator har Kolada-id, namn och målvärde."
            continue
        code = _text(
            ind.get("code"), errors, f"{ikey}.code", limit=20, label="Kolada-id", required=True
        )
        name = _text(
            ind.get("title"), errors, f"{ikey}.title", limit=300, label="Namnet", required=True
        )
        unit = _text(ind.get("unit"), errors, f"{ikey}.unit", limit=40, label="Enheten")
        try:
            target = amount_parse(ind.get("target"), places=2)
        except AmountError:
            errors[f"{ikey}.target"] = "Ange målvärdet som ett tal."
            target = None
        indicators.append(
            {
                "code": code,
                "title": name,
                "unit": unit,
                "target": None if target is None else str(target),
                "higher_is_better": bool(ind.get("higher_is_better", True)),
            }
        )
    return {"title": title, "what": what, "indicators": indicators}


def _check_actor(actor, municipality) -> None:
    if actor is None:
        return  # trusted system caller (the demo loader, the CLI)
    if not can_manage_budget(actor, municipality):
        raise PermissionDenied(
            "Budgetförslag registreras och antas av kommunfullmäktiges sekreterare eller en "
            "administratör."
        )


def _result_budget(goals, tax_revenue, financial_net, financial_goal, errors: dict) -> dict:
    """The council's direction goals and the result budget's own lines (all optional)."""
    out: dict = {"goals": []}
    if goals is not None and not isinstance(goals, list):
        errors["goals"] = "Inriktningsmålen anges som en lista."
        goals = []
    if len(goals or []) > 20:
        errors["goals"] = "Högst 20 inriktningsmål; fullmäktiges mål ska vara få."
    for i, goal in enumerate(goals or []):
        out["goals"].append(
            _text(goal, errors, f"goals[{i}]", limit=500, label="Inriktningsmålet", required=True)
        )
    for key, value, label in (
        ("tax_revenue", tax_revenue, "Skatteintäkterna"),
        ("financial_net", financial_net, "Finansnettot"),
    ):
        out[key] = None if value in (None, "") else _amount(value, errors, key, label=label)
    if out["tax_revenue"] is not None and out["tax_revenue"] <= 0:
        errors["tax_revenue"] = (
            "Skatteintäkter och generella statsbidrag ska vara ett positivt belopp."
        )
    out["financial_goal"] = None
    if financial_goal not in (None, ""):
        try:
            out["financial_goal"] = amount_parse(financial_goal, places=2)
        except AmountError:
            errors["financial_goal"] = "Ange det finansiella målet i procent, t.ex. 2."
        else:
            if not -20 <= out["financial_goal"] <= 20:
                errors["financial_goal"] = "Det finansiella målet anges i procent, −20 till 20."
    return out


def budget_propose(
    *,
    actor,
    municipality: Municipality,
    year,
    title: str,
    proposed_by: str,
    lines,
    goals=None,
    tax_revenue=None,
    financial_net=None,
    financial_goal=None,
) -> Budget:
    """Store a budget proposal for ``year``. Raises ValidationFailed/PermissionDenied; on any
    error nothing is stored."""
    _check_actor(actor, municipality)
    errors: dict[str, str] = {}
    title = _text(title, errors, "title", limit=300, label="Rubriken", required=True)
    proposed_by = _text(
        proposed_by, errors, "proposed_by", limit=200, label="Förslagsställaren", required=True
    )
    result = _result_budget(goals, tax_revenue, financial_net, financial_goal, errors)
    try:
        checked = budget_check(municipality=municipality, year=year, lines=lines)
    except ValidationFailed as exc:
        raise ValidationFailed({**errors, **exc.errors}) from None
    if errors:
        raise ValidationFailed(errors)
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        budget = Budget.objects.create(
            municipality=municipality,
            year=year,
            title=title,
            proposed_by=proposed_by,
            registered_by=user,
            **result,
        )
        for position, line in enumerate(checked.lines):
            stored = BudgetLine.objects.create(
                municipality=municipality,
                budget=budget,
                body=line.body,
                position=position,
                plan_1=line.plan.get(year + 1),
                plan_2=line.plan.get(year + 2),
                mission=line.mission,
            )
            for cpos, c in enumerate(line.changes):
                change = BudgetChange.objects.create(
                    municipality=municipality,
                    line=stored,
                    position=cpos,
                    kind=c.kind,
                    amount=c.amount,
                    note=c.note,
                    percentage=c.percentage,
                    driver=c.driver,
                    counterpart=c.counterpart,
                    new_assignment=c.new_assignment_data,
                )
                if c.assignments:
                    change.assignments.set(c.assignments)
    return budget


def budget_as_input(budget: Budget) -> list[dict]:
    """A stored proposal in the input shape of ``budget_check`` (adoption re-checks it)."""
    lines = []
    for line in budget.lines.select_related("body").prefetch_related(
        "changes__assignments", "changes__counterpart"
    ):
        plan = {}
        if line.plan_1 is not None:
            plan[budget.year + 1] = line.plan_1
        if line.plan_2 is not None:
            plan[budget.year + 2] = line.plan_2
        lines.append(
            {
                "body": line.body.slug,
                "plan": plan,
                "mission": line.mission,
                "changes": [
                    {
                        "kind": c.kind,
                        "amount_sek": c.amount,
                        "note": c.note,
                        "percentage": c.percentage,
                        "driver": c.driver or None,
                        "counterpart": c.counterpart.slug if c.counterpart else None,
                        "assignments": [a.pk for a in c.assignments.all()],
                        "new_assignment": c.new_assignment,
                    }
                    for c in line.changes.all()
                ],
            }
        )
    return lines


@dataclass
class Adopted:
    budget: Budget
    decision: object
    frames: dict[str, Decimal]


def _mission_draft(line: LineIn, year: int) -> AssignmentDraft:
    return AssignmentDraft(
        title=line.mission["title"],
        what=line.mission["what"],
        why=f"Grunduppdrag enligt reglementet, fastställt i Mål och budget {year}.",
        recipients=[line.body.slug],
        deadline=date(year, 12, 31),
    )


def budget_adopt(
    *,
    actor,
    budget: Budget,
    meeting_date: date,
    paragraph: int,
    case_number: str = "",
    approved_on: date | None = None,
) -> Adopted:
    """KF adopts the proposal: one decision, the frames, frame changes, new assignments and the
    grunduppdrag, in one transaction. A year has one adopted budget (Conflict)."""
    municipality = budget.municipality
    if actor is None:
        raise PermissionDenied("Ange vem som registrerar kommunfullmäktiges beslut.")
    _check_actor(actor, municipality)
    year = budget.year
    if budget.status == BudgetStatus.ADOPTED:
        raise Conflict(f"Budgeten är redan antagen ({budget.decision.reference}).", field="budget")
    if adopted := adopted_budget(municipality=municipality, year=year):
        raise Conflict(
            f"En budget för {year} är redan antagen: {adopted.title} ({adopted.proposed_by}, "
            f"{adopted.decision.reference}). Ändra ramarna med ramförändringar.",
            field="budget",
        )
    if not isinstance(meeting_date, date):
        raise ValidationFailed({"meeting_date": "Ange sammanträdets datum (ÅÅÅÅ-MM-DD)."})
    if meeting_date > date(year, 12, 31):
        raise ValidationFailed(
            {"meeting_date": f"Budgeten för {year} antas senast den 31 december {year}."}
        )
    checked = budget_check(municipality=municipality, year=year, lines=budget_as_input(budget))
    taken = Frame.objects.filter(
        municipality=municipality, year=year, body__in=[line.body for line in checked.lines]
    ).select_related("body", "decision")
    if taken:
        frame = taken[0]
        raise Conflict(
            f"Ramen för {frame.body.name} {year} är redan satt ({frame.decision.reference}). "
            "Budgeten kan inte antas ovanpå den; ändra ramen med en ramförändring.",
            field="budget",
        )
    stored_lines = {line.body_id: line for line in budget.lines.all()}
    stored_changes = {
        (c.line.body_id, c.position): c
        for c in BudgetChange.objects.filter(line__budget=budget).select_related("line")
    }
    # The assignments the decision gives: new ones first (in line and change order), then the
    # grunduppdrag; the decision returns them in that order (ids ascending).
    drafts: list[AssignmentDraft] = []
    new_for: dict[tuple[int, int], int] = {}
    for line in checked.lines:
        for position, c in enumerate(line.changes):
            if c.new_assignment is not None:
                new_for[(line.body.pk, position)] = len(drafts)
                drafts.append(c.new_assignment)
    mission_for: dict[int, int] = {}
    for line in checked.lines:
        if line.mission:
            mission_for[line.body.pk] = len(drafts)
            drafts.append(_mission_draft(line, year))
    frames = {line.body.slug: line.frame for line in checked.lines}
    text = (
        f"Kommunfullmäktige beslutar att anta {budget.title} ({budget.proposed_by}) med ramar "
        f"för {year} och plan för {year + 1}–{year + 2}:\n"
        + "\n".join(f"{line.body.name}: {sek(line.frame)}" for line in checked.lines)
    )
    given = drafts
    if given:
        text += "\n\nKommunfullmäktige ger följande uppdrag:\n" + "\n".join(
            f"{d.title} ({', '.join(d.recipients)})."
            + (
                f" Uppdraget ska återrapporteras till kommunfullmäktige senast "
                f"{d.deadline.isoformat()}."
                if d.deadline
                else ""
            )
            for d in given
        )
    user = actor if getattr(actor, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            decision = decision_register(
                actor=actor,
                body=checked.council,
                meeting_date=meeting_date,
                paragraph=paragraph,
                title=f"Mål och budget {year} med plan för {year + 1}–{year + 2}",
                text=text,
                case_number=case_number,
                approved_on=approved_on,
                assignments=drafts,
            )
            issued = list(decision.assignments.order_by("id"))
            for line in checked.lines:
                Frame.objects.create(
                    municipality=municipality,
                    body=line.body,
                    year=year,
                    amount=line.previous,
                    decision=decision,
                    registered_by=user,
                )
            for line in checked.lines:
                for position, c in enumerate(line.changes):
                    stored = stored_changes[(line.body.pk, position)]
                    linked = list(c.assignments)
                    if (line.body.pk, position) in new_for:
                        linked.append(issued[new_for[(line.body.pk, position)]])
                        stored.assignments.add(linked[-1])
                    _frame_changes(stored, c, line.body, year, decision, linked, user)
                if line.body.pk in mission_for:
                    assignment = issued[mission_for[line.body.pk]]
                    stored_line = stored_lines[line.body.pk]
                    stored_line.mission_assignment = assignment
                    stored_line.save(update_fields=["mission_assignment", "updated_at"])
                    _mission_indicators(municipality, line, assignment, year)
            budget.status = BudgetStatus.ADOPTED
            budget.decision = decision
            budget.save(update_fields=["status", "decision", "updated_at"])
    except IntegrityError:
        raise Conflict(
            f"En budget för {year} antogs samtidigt av någon annan. Ladda om sidan.",
            field="budget",
        ) from None
    return Adopted(budget=budget, decision=decision, frames=frames)


def _frame_changes(stored: BudgetChange, c: ChangeIn, body, year, decision, linked, user) -> None:
    purpose = Kind(c.kind).label
    detail = c.note or c.driver
    if detail:
        purpose = f"{purpose}: {detail}"
    common = {
        "municipality_id": body.municipality_id,
        "year": year,
        "decision": decision,
        "unlinked": c.kind == Kind.UNLINKED,
        "purpose": purpose[:500],
        "registered_by": user,
    }
    if c.kind == Kind.TECHNICAL:
        # economy's omfördelning: the receiving row (+) and the giving row (−), paired.
        mine = FrameChange.objects.create(
            body=body, kind=ChangeKind.REALLOCATION, amount=c.amount, **common
        )
        other = FrameChange.objects.create(
            body=c.counterpart,
            kind=ChangeKind.REALLOCATION,
            amount=-c.amount,
            counterpart=mine,
            **common,
        )
        mine.counterpart = other
        mine.save(update_fields=["counterpart"])
        stored.frame_change, stored.counterpart_frame_change = mine, other
    else:
        kind = ChangeKind.ADDITION if c.amount > 0 else ChangeKind.CUT
        mine = FrameChange.objects.create(body=body, kind=kind, amount=c.amount, **common)
        if linked:
            mine.assignments.set(linked)
        stored.frame_change = mine
    stored.save(update_fields=["frame_change", "counterpart_frame_change", "updated_at"])


def _mission_indicators(municipality, line: LineIn, assignment, year: int) -> None:
    from tillit.portal.indicators import kpi_define

    for ind in line.mission.get("indicators", []):
        targets = {year: Decimal(ind["target"])} if ind.get("target") is not None else {}
        kpi_define(
            municipality=municipality,
            code=ind["code"],
            title=ind["title"],
            unit=ind.get("unit", ""),
            higher_is_better=ind.get("higher_is_better", True),
            targets=targets,
            assignments=[assignment],
        )


# ---------------------------------------------------------------------------------------------
# The administration's answer: the verksamhetsplan


def operational_plan_save(*, actor, body: Body, year: int, mission_how: str, items: dict):
    """Save a body's verksamhetsplan for ``year``: how the grunduppdrag and each budget-funded
    assignment will be carried out. ``items`` = {assignment id: {"activities", "milestones"}}.
    Only the chief who answers to the body (or an admin) writes it."""
    from tillit.accounts.permissions import can_write_operational_plan

    from .models import OperationalPlan, OperationalPlanItem
    from .selectors import plan_assignments

    if not can_write_operational_plan(actor, body):
        raise PermissionDenied(
            f"Verksamhetsplanen för {body.name} skrivs av förvaltningschefen som svarar mot "
            "organet. Förtroendevalda läser den."
        )
    municipality = body.municipality
    allowed = {a.pk for a in plan_assignments(municipality=municipality, body=body, year=year)}
    if not allowed:
        raise ValidationFailed(
            {"year": f"Det finns ingen antagen budget för {year} med uppdrag till {body.name}."}
        )
    errors: dict[str, str] = {}
    mission_how = _text(mission_how, errors, "mission_how", limit=20000, label="Texten")
    clean = {}
    for key, value in (items or {}).items():
        try:
            pk = int(key)
        except (TypeError, ValueError):
            pk = None
        if pk not in allowed:
            errors[f"items.{key}"] = "Uppdraget hör inte till organets budget för året."
            continue
        clean[pk] = {
            field: _text(
                (value or {}).get(field), errors, f"items.{pk}.{field}", limit=20000, label=label
            )
            for field, label in (("activities", "Aktiviteterna"), ("milestones", "Delmålen"))
        }
    if errors:
        raise ValidationFailed(errors)
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        plan, _ = OperationalPlan.objects.update_or_create(
            municipality=municipality,
            body=body,
            year=year,
            defaults={"mission_how": mission_how, "updated_by": user},
        )
        for pk, values in clean.items():
            OperationalPlanItem.objects.update_or_create(
                municipality=municipality, plan=plan, assignment_id=pk, defaults=values
            )
    return plan
