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
from django.utils.translation import gettext

from tillit.accounts.permissions import can_manage_budget
from tillit.assignments.models import Assignment
from tillit.assignments.services import AssignmentDraft, assignment_draft_check
from tillit.core.amounts import AmountError, amount_parse
from tillit.core.errors import ChainViolation, Conflict, PermissionDenied, ValidationFailed
from tillit.core.validation import text_problem
from tillit.decisions.services import decision_register
from tillit.economy.models import ChangeKind, Frame, FrameChange
from tillit.organisation.models import Body, BodyKind, Municipality

from .models import Budget, BudgetChange, BudgetLine, BudgetRevision, BudgetStatus, Kind
from .selectors import adopted_budget, bodies_left_out, previous_frames

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
        errors[key] = gettext("Ange %(lower)s i kronor.") % {"lower": label.lower()}
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
        errors[key] = gettext("%(label)s ska vara text.") % {"label": label}
        return ""
    if required and not value:
        errors[key] = gettext("Ange %(lower)s.") % {"lower": label.lower()}
    elif len(value) > limit:
        errors[key] = gettext("%(label)s får vara högst %(limit)s tecken.") % {
            "label": label,
            "limit": limit,
        }
    elif problem := text_problem(value):
        errors[key] = problem
    return value


def _check_day(year: int) -> date:
    """The day the chain is checked on for a proposal: today, within the budget's span."""
    today = timezone.localdate()
    return min(max(today, date(year - 1, 1, 1)), date(year, 12, 31))


def _draft(data, errors: dict, key: str) -> AssignmentDraft | None:
    if not isinstance(data, dict):
        errors[key] = gettext("Det nya uppdraget ska ha rubrik, vad, mottagare och övriga fält.")
        return None
    known = set(AssignmentDraft.__dataclass_fields__)
    unknown = sorted(set(data) - known)
    if unknown:
        errors[key] = gettext("Okända fält i det nya uppdraget: %(join)s.") % {
            "join": ", ".join(unknown)
        }
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
        errors[key] = gettext("Datum i det nya uppdraget anges ÅÅÅÅ-MM-DD.")
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
        errors[key] = gettext("En förändring ska ha typ och belopp.")
        return None
    kind = data.get("kind")
    if kind not in Kind.values:
        errors[f"{key}.kind"] = gettext("Välj typ: %(kinds)s") % {
            "kinds": ", ".join(f"{value} ({label.lower()})" for value, label in Kind.choices)
        }
        return None
    label = Kind(kind).label
    amount = _amount(data.get("amount_sek"), errors, f"{key}.amount_sek")
    if amount is not None and amount == 0:
        errors[f"{key}.amount_sek"] = gettext("En förändring på 0 kr behövs inte; ta bort raden.")
    note = _text(data.get("note"), errors, f"{key}.note", limit=500, label="Kommentaren")
    change = ChangeIn(kind=kind, amount=amount or ZERO, note=note)

    ids = data.get("assignments") or []
    new = data.get("new_assignment")
    if kind == Kind.ASSIGNMENT:
        if not ids and not new:
            errors[f"{key}.assignments"] = gettext(
                "En förändring av typen uppdrag ska finansiera minst ett uppdrag: "
                "ange ett befintligt uppdrag eller ett nytt uppdrag som ges med "
                "budgeten."
            )
    elif ids or new:
        errors[f"{key}.assignments"] = gettext(
            "Endast förändringar av typen uppdrag kopplas till uppdrag. Ändra "
            "typen till uppdrag eller ta bort kopplingen (%(lower)s har inget "
            "uppdrag)."
        ) % {"lower": label.lower()}
    if kind == Kind.ASSIGNMENT and ids:
        if not isinstance(ids, list) or not all(
            isinstance(i, int) and not isinstance(i, bool) for i in ids
        ):
            errors[f"{key}.assignments"] = gettext("Ange uppdragen med sina id-nummer.")
        else:
            found = {
                a.pk: a
                for a in Assignment.objects.filter(municipality=municipality, pk__in=ids)
                .select_related("issuer")
                .prefetch_related("recipients__office")
            }
            missing = [str(i) for i in ids if i not in found]
            if missing:
                errors[f"{key}.assignments"] = gettext(
                    "Uppdrag %(join)s finns inte i kommunen."
                ) % {"join": ", ".join(missing)}
            else:
                for i in ids:
                    a = found[i]
                    if not _funds_body(a, body, council):
                        errors[f"{key}.assignments"] = gettext(
                            "Uppdrag %(pk)s (”%(title)s”) är varken %(name)ss eget eller "
                            "kommunfullmäktiges uppdrag till %(name)s; %(name)ss ram kan inte "
                            "finansiera det."
                        ) % {"pk": a.pk, "title": a.title, "name": body.name}
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
                    errors[f"{key}.new_assignment.recipients"] = gettext(
                        "Uppdraget finansieras av %(name)ss ram och ska därför ges till "
                        "%(name)s (”%(slug)s”), ensam eller tillsammans med andra."
                    ) % {"name": body.name, "slug": body.slug}
            change.new_assignment = draft
            change.new_assignment_data = draft_as_json(draft)

    percentage = data.get("percentage")
    if kind == Kind.INDEX:
        if amount is not None and amount < 0:
            errors[f"{key}.amount_sek"] = gettext(
                "En pris- och löneuppräkning kan inte vara negativ. En minskning är "
                "ett effektiviseringskrav."
            )
        if percentage is None and (match := PERCENT.search(note)):
            percentage = match.group(1)
        if percentage is not None:
            try:
                change.percentage = amount_parse(percentage, places=2)
            except AmountError:
                errors[f"{key}.percentage"] = gettext("Uppräkningen anges i procent, t.ex. 2,9.")
            else:
                if change.percentage < 0:
                    errors[f"{key}.percentage"] = gettext("Uppräkningen kan inte vara negativ.")
                elif change.percentage > 100:
                    errors[f"{key}.percentage"] = gettext(
                        "Uppräkningen är orimligt stor (över 100 %)."
                    )
    elif percentage is not None:
        errors[f"{key}.percentage"] = gettext(
            "Endast en pris- och löneuppräkning har en procentsats."
        )

    driver = data.get("driver")
    if kind == Kind.VOLUME:
        change.driver = _text(
            driver, errors, f"{key}.driver", limit=200, label="Volymdrivaren", required=True
        )
        if f"{key}.driver" in errors and not driver:
            errors[f"{key}.driver"] = gettext(
                "Ange vad volymförändringen beror på, t.ex. ”antal elever i grundskolan +40”."
            )
    elif driver:
        errors[f"{key}.driver"] = gettext("Endast en volymförändring har en volymdrivare.")

    if kind == Kind.EFFICIENCY and amount is not None and amount >= 0:
        errors[f"{key}.amount_sek"] = gettext(
            "Ett effektiviseringskrav minskar ramen: ange beloppet som ett negativt tal."
        )

    counterpart = data.get("counterpart")
    if kind == Kind.TECHNICAL:
        if not counterpart:
            errors[f"{key}.counterpart"] = gettext(
                "En teknisk justering flyttar pengar mellan organ: ange motparten."
            )
        elif counterpart == body.slug:
            errors[f"{key}.counterpart"] = gettext("Motparten ska vara ett annat organ.")
        elif counterpart not in bodies:
            errors[f"{key}.counterpart"] = gettext(
                "Motparten ”%(counterpart)s” har ingen rad i budgeten; lägg till organets rad."
            ) % {"counterpart": counterpart}
        else:
            change.counterpart = bodies[counterpart]
    elif counterpart:
        errors[f"{key}.counterpart"] = gettext("Endast en teknisk justering har en motpart.")
    return change


def budget_check(
    *, municipality: Municipality, year, lines, frame_year_free: bool = True
) -> Checked:
    """Validate a proposal without storing anything. ``lines`` is a list of dicts (the API's
    shape): {"body": slug, "changes": [...], "frame_sek"?, "plan"?: {year: amount},
    "mission"?: {...}}."""
    errors: dict[str, str] = {}
    if isinstance(year, bool) or not isinstance(year, int) or not 1990 <= year <= 2100:
        raise ValidationFailed({"year": gettext("Ange budgetåret, ett år mellan 1990 och 2100.")})
    council = _council(municipality)
    if council is None:
        raise ValidationFailed(
            {"year": gettext("Kommunen har inget kommunfullmäktige som kan anta budget.")}
        )
    if frame_year_free and (adopted := adopted_budget(municipality=municipality, year=year)):
        raise ValidationFailed(
            {
                "year": gettext(
                    "Budgeten för %(year)s är redan antagen (%(reference)s, "
                    "%(proposed_by)s). Ändra ramarna med ramförändringar i stället."
                )
                % {
                    "year": year,
                    "reference": adopted.decision.reference,
                    "proposed_by": adopted.proposed_by,
                }
            }
        )
    if not isinstance(lines, list) or not lines:
        raise ValidationFailed({"lines": gettext("Ange minst ett organ med sin ram.")})
    first, last = date(year, 1, 1), date(year, 12, 31)
    all_bodies = {b.slug: b for b in Body.objects.filter(municipality=municipality)}
    bodies: dict[str, Body] = {}
    for index, line in enumerate(lines):
        slug = line.get("body") if isinstance(line, dict) else None
        key = f"lines[{index}].body"
        body = all_bodies.get(slug) if isinstance(slug, str) else None
        if body is None:
            errors[key] = gettext("Organet ”%(slug)s” finns inte i %(name)s.") % {
                "slug": slug,
                "name": municipality.name,
            }
        elif body.kind == BodyKind.SUBCOMMITTEE:
            errors[key] = gettext("%(name)s är ett utskott och har ingen egen ram.") % {
                "name": body.name
            }
        elif body.valid_from > last or (body.valid_to is not None and body.valid_to < first):
            errors[key] = gettext("%(name)s finns inte under %(year)s.") % {
                "name": body.name,
                "year": year,
            }
        elif slug in bodies:
            errors[key] = gettext(
                "%(name)s finns två gånger i budgeten; samla förändringarna i en rad."
            ) % {"name": body.name}
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
            errors[f"lines[{index}].changes"] = gettext("Förändringarna ska vara en lista.")
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
            errors[f"lines[{index}].plan"] = gettext("Planramarna anges per år.")
            raw_plan = {}
        for plan_year, value in raw_plan.items():
            pkey = f"lines[{index}].plan.{plan_year}"
            try:
                plan_year = int(plan_year)
            except (TypeError, ValueError):
                plan_year = None
            if plan_year not in (year + 1, year + 2):
                errors[pkey] = gettext(
                    "Planåren för budget %(year)s är %(value)s och %(value2)s."
                ) % {"year": year, "value": year + 1, "value2": year + 2}
                continue
            amount = _amount(value, errors, pkey, label="Planramen")
            if amount is not None and amount < 0:
                errors[pkey] = gettext("Planramen kan inte vara negativ.")
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
            errors[key] = gettext(
                "Beloppen går inte ihop för %(name)s: föregående ram %(sek)s + "
                "förändringar %(sek2)s = %(sek3)s, inte %(sek4)s."
            ) % {
                "name": body.name,
                "sek": sek(computed.previous),
                "sek2": sek(computed.frame - computed.previous),
                "sek3": sek(computed.frame),
                "sek4": sek(stated),
            }
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
        errors[key] = gettext("Grunduppdraget ska ha en beskrivning (vad) och gärna indikatorer.")
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
            errors[ikey] = gettext("En indikator har Kolada-id, namn och målvärde.")
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
            errors[f"{ikey}.target"] = gettext("Ange målvärdet som ett tal.")
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
            gettext(
                "Budgetförslag registreras och antas av kommunfullmäktiges "
                "sekreterare eller en administratör."
            )
        )


def _result_budget(goals, tax_revenue, financial_net, financial_goal, errors: dict) -> dict:
    """The council's direction goals and the result budget's own lines (all optional)."""
    out: dict = {"goals": []}
    if goals is not None and not isinstance(goals, list):
        errors["goals"] = gettext("Inriktningsmålen anges som en lista.")
        goals = []
    if len(goals or []) > 20:
        errors["goals"] = gettext("Högst 20 inriktningsmål; fullmäktiges mål ska vara få.")
    for i, goal in enumerate(goals or []):
        out["goals"].append(
            _text(
                goal,
                errors,
                f"goals[{i}]",
                limit=500,
                label=gettext("Inriktningsmålet"),
                required=True,
            )
        )
    for key, value, label in (
        ("tax_revenue", tax_revenue, "Skatteintäkterna"),
        ("financial_net", financial_net, "Finansnettot"),
    ):
        out[key] = None if value in (None, "") else _amount(value, errors, key, label=label)
    if out["tax_revenue"] is not None and out["tax_revenue"] <= 0:
        errors["tax_revenue"] = gettext(
            "Skatteintäkter och generella statsbidrag ska vara ett positivt belopp."
        )
    out["financial_goal"] = None
    if financial_goal not in (None, ""):
        try:
            out["financial_goal"] = amount_parse(financial_goal, places=2)
        except AmountError:
            errors["financial_goal"] = gettext("Ange det finansiella målet i procent, t.ex. 2.")
        else:
            if not -20 <= out["financial_goal"] <= 20:
                errors["financial_goal"] = gettext(
                    "Det finansiella målet anges i procent, −20 till 20."
                )
    return out


def _proposal_validate(
    *,
    municipality: Municipality,
    year,
    title,
    proposed_by,
    lines,
    goals,
    tax_revenue,
    financial_net,
    financial_goal,
) -> tuple[dict, Checked]:
    """The proposal's header and result budget and ``budget_check`` of its lines, every error
    at once (``ValidationFailed``). The same rules for entering and for amending."""
    errors: dict[str, str] = {}
    header = {
        "title": _text(title, errors, "title", limit=300, label="Rubriken", required=True),
        "proposed_by": _text(
            proposed_by,
            errors,
            "proposed_by",
            limit=200,
            label=gettext("Förslagsställaren"),
            required=True,
        ),
    }
    header.update(_result_budget(goals, tax_revenue, financial_net, financial_goal, errors))
    try:
        checked = budget_check(municipality=municipality, year=year, lines=lines)
    except ValidationFailed as exc:
        raise ValidationFailed({**errors, **exc.errors}) from None
    if errors:
        raise ValidationFailed(errors)
    return header, checked


def _lines_store(budget: Budget, checked: Checked) -> None:
    municipality, year = budget.municipality, budget.year
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
    header, checked = _proposal_validate(
        municipality=municipality,
        year=year,
        title=title,
        proposed_by=proposed_by,
        lines=lines,
        goals=goals,
        tax_revenue=tax_revenue,
        financial_net=financial_net,
        financial_goal=financial_goal,
    )
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        budget = Budget.objects.create(
            municipality=municipality, year=year, registered_by=user, **header
        )
        _lines_store(budget, checked)
    return budget


@dataclass
class Amended:
    budget: Budget
    revision: BudgetRevision | None  # None: the amendment changed nothing


def budget_amend(
    *,
    actor,
    budget: Budget,
    title: str,
    proposed_by: str,
    lines,
    goals=None,
    tax_revenue=None,
    financial_net=None,
    financial_goal=None,
    year=None,
    at_adoption: bool = False,
) -> Amended:
    """Replace a proposal's content (header, result budget, lines and changes) before it is
    adopted; the same shape and rules as ``budget_propose``. Records a ``BudgetRevision`` with
    what changed and the proposal as it was. An adopted budget is locked (Conflict); the year
    cannot change. An amendment that changes nothing stores nothing (``revision`` None)."""
    municipality = budget.municipality
    _check_actor(actor, municipality)
    if budget.status == BudgetStatus.ADOPTED:
        raise Conflict(
            gettext(
                "Budgeten är antagen (%(reference)s) och kan inte ändras. Ändra "
                "ramarna med ramförändringar."
            )
            % {"reference": budget.decision.reference},
            field="budget",
        )
    if year is not None and year != budget.year:
        raise ValidationFailed(
            {
                "year": gettext(
                    "Förslaget gäller %(year)s; året kan inte ändras. Registrera ett "
                    "nytt förslag för ett annat år."
                )
                % {"year": budget.year}
            }
        )
    header, checked = _proposal_validate(
        municipality=municipality,
        year=budget.year,
        title=title,
        proposed_by=proposed_by,
        lines=lines,
        goals=goals,
        tax_revenue=tax_revenue,
        financial_net=financial_net,
        financial_goal=financial_goal,
    )
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        locked = Budget.objects.select_for_update().get(pk=budget.pk)
        if locked.status == BudgetStatus.ADOPTED:
            raise Conflict(gettext("Budgeten antogs just av någon annan och kan inte ändras."))
        before = proposal_snapshot(locked)
        summary = _amendment_summary(locked, before, header, checked)
        if not summary:
            return Amended(budget=locked, revision=None)
        BudgetChange.assignments.through.objects.filter(budgetchange__line__budget=locked).delete()
        BudgetChange.objects.filter(line__budget=locked).delete()
        BudgetLine.objects.filter(budget=locked).delete()
        for key, value in header.items():
            setattr(locked, key, value)
        locked.save()
        _lines_store(locked, checked)
        revision = BudgetRevision.objects.create(
            municipality=municipality,
            budget=locked,
            at_adoption=at_adoption,
            summary="\n".join(summary),
            before=before,
            made_by=user,
        )
    budget.refresh_from_db()
    return Amended(budget=budget, revision=revision)


def _plain(value):
    """JSON-safe: Decimal -> int (whole) or str, dict keys -> str."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def proposal_snapshot(budget: Budget) -> dict:
    """The proposal as stored: its header, result budget and lines in ``budget_check``'s input
    shape (JSON-safe), kept in each revision as the version before the change."""
    return _plain(
        {
            "title": budget.title,
            "proposed_by": budget.proposed_by,
            "goals": list(budget.goals or []),
            "tax_revenue": budget.tax_revenue,
            "financial_net": budget.financial_net,
            "financial_goal": budget.financial_goal,
            "lines": budget_as_input(budget),
        }
    )


def _describe(change: dict, names: dict[str, str]) -> str:
    text = f"{Kind(change['kind']).label} {sek(Decimal(change['amount_sek']))}"
    details = [change.get("note") or "", change.get("driver") or ""]
    if change.get("counterpart"):
        details.append(f"motpart {names.get(change['counterpart'], change['counterpart'])}")
    if change.get("assignments"):
        details.append("uppdrag " + ", ".join(str(i) for i in change["assignments"]))
    if change.get("new_assignment"):
        details.append(f"nytt uppdrag ”{change['new_assignment'].get('title', '')}”")
    details = [d for d in details if d]
    return text + (f" ({'; '.join(details)})" if details else "")


def _frames_of(lines: list[dict], previous: dict[str, Decimal]) -> dict[str, Decimal]:
    out = {}
    for line in lines:
        slug = line["body"]
        out[slug] = out.get(slug, previous.get(slug, ZERO)) + sum(
            (Decimal(c["amount_sek"]) for c in line["changes"]), ZERO
        )
    for line in lines:
        for c in line["changes"]:
            if c["kind"] == Kind.TECHNICAL and c.get("counterpart") in out:
                out[c["counterpart"]] -= Decimal(c["amount_sek"])
    return out


def _amendment_summary(budget: Budget, before: dict, header: dict, checked: Checked) -> list:
    """What an amendment changes, one Swedish line per item (empty: nothing)."""
    from collections import Counter

    after = _plain(
        {
            **header,
            "lines": [
                {
                    "body": line.body.slug,
                    "plan": {str(y): v for y, v in line.plan.items()},
                    "mission": line.mission,
                    "changes": [
                        {
                            "kind": c.kind,
                            "amount_sek": c.amount,
                            "note": c.note,
                            "percentage": c.percentage,
                            "driver": c.driver or None,
                            "counterpart": c.counterpart.slug if c.counterpart else None,
                            "assignments": [a.pk for a in c.assignments],
                            "new_assignment": c.new_assignment_data,
                        }
                        for c in line.changes
                    ],
                }
                for line in checked.lines
            ],
        }
    )
    out = []
    for key, label in (("title", "Rubriken"), ("proposed_by", "Förslagsställaren")):
        if before[key] != after[key]:
            out.append(f"{label}: ”{before[key]}” → ”{after[key]}”.")
    if before["goals"] != after["goals"]:
        out.append("Inriktningsmålen ändrade.")
    if any(before[k] != after[k] for k in ("tax_revenue", "financial_net", "financial_goal")):
        out.append("Resultatbudgeten ändrad.")
    bodies = {
        b.slug: b
        for b in Body.objects.filter(municipality=budget.municipality).order_by("valid_from", "id")
    }
    names = {slug: b.name for slug, b in bodies.items()}
    by_pk = previous_frames(municipality=budget.municipality, year=budget.year)
    previous = {slug: by_pk[b.pk] for slug, b in bodies.items() if b.pk in by_pk}
    old_frames = _frames_of(before["lines"], previous)
    new_frames = _frames_of(after["lines"], previous)
    old_lines = {line["body"]: line for line in before["lines"]}
    new_lines = {line["body"]: line for line in after["lines"]}
    for slug in list(old_lines) + [s for s in new_lines if s not in old_lines]:
        old, new = old_lines.get(slug), new_lines.get(slug)
        name = names.get(slug, slug)
        parts = []
        old_frame = old_frames.get(slug, previous.get(slug, ZERO))
        new_frame = new_frames.get(slug, previous.get(slug, ZERO))
        if old_frame != new_frame:
            parts.append(f"ram {sek(old_frame)} → {sek(new_frame)}")
        was = Counter(_describe(c, names) for c in (old or {}).get("changes", []))
        now = Counter(_describe(c, names) for c in (new or {}).get("changes", []))
        added, removed = list((now - was).elements()), list((was - now).elements())
        if added:
            parts.append("tillagt: " + "; ".join(added))
        if removed:
            parts.append("borttaget: " + "; ".join(removed))
        if (old or {}).get("plan", {}) != (new or {}).get("plan", {}):
            parts.append("planramarna ändrade")
        if ((old or {}).get("mission") or {}) != ((new or {}).get("mission") or {}):
            parts.append("grunduppdraget ändrat")
        if old is None:
            parts.insert(0, "tas med i förslaget")
        elif new is None:
            parts.insert(0, "tas bort ur förslaget (behåller föregående ram)")
        if parts:
            out.append(f"{name}: " + ", ".join(parts) + ".")
    return out


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
        why=gettext("Grunduppdrag enligt reglementet, fastställt i Mål och budget %(year)s.")
        % {"year": year},
        recipients=[line.body.slug],
        deadline=date(year, 12, 31),
    )


def _names(municipality: Municipality) -> dict[str, str]:
    """Recipients by slug -> their names (bodies and offices share one namespace)."""
    from tillit.organisation.models import Office

    names = {o.slug: str(o) for o in Office.objects.filter(municipality=municipality)}
    names.update({b.slug: b.name for b in Body.objects.filter(municipality=municipality)})
    return names


def budget_adopt(
    *,
    actor,
    budget: Budget,
    meeting_date: date,
    paragraph: int,
    case_number: str = "",
    approved_on: date | None = None,
    amendments: dict | None = None,
) -> Adopted:
    """KF adopts the proposal: one decision, the frames, frame changes, new assignments and the
    grunduppdrag, in one transaction. A year has one adopted budget (Conflict).

    ``amendments`` (the keyword arguments of ``budget_amend``: title, proposed_by, lines, …):
    KF adopts the proposal as amended; the amendment is recorded as a revision made at the
    adoption and listed in the decision's text. A body the proposal leaves out (it had a frame
    the year before and still exists) keeps its previous frame: it gets a Frame row with that
    amount and no changes, and the decision's text names it as unchanged."""
    municipality = budget.municipality
    if actor is None:
        raise PermissionDenied(gettext("Ange vem som registrerar kommunfullmäktiges beslut."))
    _check_actor(actor, municipality)
    year = budget.year
    if budget.status == BudgetStatus.ADOPTED:
        raise Conflict(
            gettext("Budgeten är redan antagen (%(reference)s).")
            % {"reference": budget.decision.reference},
            field="budget",
        )
    if adopted := adopted_budget(municipality=municipality, year=year):
        raise Conflict(
            gettext(
                "En budget för %(year)s är redan antagen: %(title)s "
                "(%(proposed_by)s, %(reference)s). Ändra ramarna med ramförändringar."
            )
            % {
                "year": year,
                "title": adopted.title,
                "proposed_by": adopted.proposed_by,
                "reference": adopted.decision.reference,
            },
            field="budget",
        )
    if not isinstance(meeting_date, date):
        raise ValidationFailed({"meeting_date": gettext("Ange sammanträdets datum (ÅÅÅÅ-MM-DD).")})
    if meeting_date > date(year, 12, 31):
        raise ValidationFailed(
            {
                "meeting_date": gettext(
                    "Budgeten för %(year)s antas senast den 31 december %(year)s."
                )
                % {"year": year}
            }
        )
    if amendments is not None and not isinstance(amendments, dict):
        raise ValidationFailed({"amendments": gettext("Ändringarna anges som ett helt förslag.")})
    try:
        with transaction.atomic():
            revision = None
            if amendments is not None:
                amended = budget_amend(
                    actor=actor, budget=budget, at_adoption=True, **_amend_args(amendments)
                )
                budget, revision = amended.budget, amended.revision
            return _adopt(
                actor=actor,
                budget=budget,
                meeting_date=meeting_date,
                paragraph=paragraph,
                case_number=case_number,
                approved_on=approved_on,
                revision=revision,
            )
    except IntegrityError:
        raise Conflict(
            gettext("En budget för %(year)s antogs samtidigt av någon annan. Ladda om sidan.")
            % {"year": year},
            field="budget",
        ) from None


AMEND_ARGS = (
    "title",
    "proposed_by",
    "lines",
    "goals",
    "tax_revenue",
    "financial_net",
    "financial_goal",
    "year",
)


def _amend_args(amendments: dict) -> dict:
    unknown = sorted(set(amendments) - set(AMEND_ARGS))
    if unknown:
        raise ValidationFailed(
            {
                "amendments": gettext("Okända fält i ändringarna: %(join)s.")
                % {"join": ", ".join(unknown)}
            }
        )
    return dict(amendments)


def _adopt(
    *, actor, budget, meeting_date, paragraph, case_number, approved_on, revision
) -> Adopted:
    municipality, year = budget.municipality, budget.year
    checked = budget_check(municipality=municipality, year=year, lines=budget_as_input(budget))
    taken = Frame.objects.filter(
        municipality=municipality, year=year, body__in=[line.body for line in checked.lines]
    ).select_related("body", "decision")
    if taken:
        frame = taken[0]
        raise Conflict(
            gettext(
                "Ramen för %(name)s %(year)s är redan satt (%(reference)s). Budgeten "
                "kan inte antas ovanpå den; ändra ramen med en ramförändring."
            )
            % {"name": frame.body.name, "year": year, "reference": frame.decision.reference},
            field="budget",
        )
    left_out = bodies_left_out(budget)
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
    frames.update({body.slug: amount for body, amount in left_out})
    names = _names(municipality)
    text = (
        f"Kommunfullmäktige beslutar att anta {budget.title} ({budget.proposed_by})"
        + (" med ändringar" if revision is not None else "")
        + f" med ramar för {year} och plan för {year + 1}–{year + 2}:\n"
        + "\n".join(f"{line.body.name}: {sek(line.frame)}" for line in checked.lines)
    )
    if left_out:
        text += "\n" + "\n".join(
            f"{body.name}: {sek(amount)} (oförändrad ram; förslaget tar inte upp organet)"
            for body, amount in left_out
        )
    if revision is not None:
        text += "\n\nÄndringar i förslaget:\n" + "\n".join(revision.summary_lines)
    if drafts:
        text += "\n\nKommunfullmäktige ger följande uppdrag:\n" + "\n".join(
            f"{d.title} ({', '.join(names.get(r, r) for r in d.recipients)})."
            + (
                f" Uppdraget ska återrapporteras till kommunfullmäktige senast "
                f"{d.deadline.isoformat()}."
                if d.deadline
                else ""
            )
            for d in drafts
        )
    user = actor if getattr(actor, "is_authenticated", False) else None
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
        for body, amount in [(line.body, line.previous) for line in checked.lines] + left_out:
            Frame.objects.create(
                municipality=municipality,
                body=body,
                year=year,
                amount=amount,
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
    """The grunduppdrag's indicators, announced for the app that keeps KPIs (portal subscribes,
    core.events); its receiver writes inside this transaction."""
    from tillit.core import events

    events.mission_indicators_given.send(
        sender=events.mission_indicators_given,
        municipality=municipality,
        assignment=assignment,
        year=year,
        indicators=list(line.mission.get("indicators", [])),
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
            gettext(
                "Verksamhetsplanen för %(name)s skrivs av förvaltningschefen som "
                "svarar mot organet. Förtroendevalda läser den."
            )
            % {"name": body.name}
        )
    municipality = body.municipality
    allowed = {a.pk for a in plan_assignments(municipality=municipality, body=body, year=year)}
    if not allowed:
        raise ValidationFailed(
            {
                "year": gettext(
                    "Det finns ingen antagen budget för %(year)s med uppdrag till %(name)s."
                )
                % {"year": year, "name": body.name}
            }
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
            errors[f"items.{key}"] = gettext("Uppdraget hör inte till organets budget för året.")
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
