"""Writes of the barometer: deviations (reported by officials or seen by the system),
delegation decisions, target groups and the confidentiality setting."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from tillit.analysis.analyser import AnalysisInputError, analyse, validate_text
from tillit.core.errors import PermissionDenied, ValidationFailed
from tillit.core.validation import date_problem, text_problem
from tillit.organisation.models import Body, Municipality, Office, Person

from . import permissions as perm
from .models import (
    ConfidentialitySetting,
    DelegationDecision,
    Deviation,
    DeviationSource,
    Handling,
    MetricTarget,
    TargetGroup,
)
from .strategic import strategic_check

logger = logging.getLogger(__name__)

MAX_TEXT = 10000

DEFAULT_TARGET_GROUPS = (
    ("barn-och-unga", "Barn och unga"),
    ("aldre", "Äldre"),
    ("arbete-och-forsorjning", "Arbete och försörjning"),
    ("funktionsnedsattning", "Funktionsnedsättning"),
    ("naringsliv", "Näringsliv"),
    ("alla-invanare", "Alla invånare"),
)


def _analysis(text: str) -> dict:
    """The 'vad, inte hur' analysis of a directive's content (never an error)."""
    try:
        validate_text(text)
        result = analyse(text)
    except (AnalysisInputError, ValueError, TypeError):
        return {"level": "", "score": None, "findings": []}
    data = result.to_dict()
    return {"level": data["level"], "score": data["score"], "findings": data["findings"]}


def _same_municipality(obj, municipality, key: str, errors: dict) -> None:
    if obj is not None and obj.municipality_id != municipality.pk:
        errors[key] = gettext("Hör inte till kommunen.")


@transaction.atomic
def deviation_report(
    *,
    actor,
    municipality: Municipality,
    occurred_on: date,
    from_role: str,
    content: str,
    body: Body | None = None,
    to_office: Office | None = None,
    to_role: str = "",
    handling: str = Handling.PENDING,
    handling_note: str = "",
    named_person: Person | None = None,
    reporter=None,
    system: bool = False,
) -> Deviation:
    """An official records a directive received outside the chain. The reporter is the actor
    (or ``reporter`` for a trusted system caller, ``system=True`` such as the demo loader) and
    stays confidential. Without ``system`` the actor must be an official."""
    if not system and not perm.can_report_deviation(actor, municipality):
        raise PermissionDenied(
            gettext(
                "Avvikelser registreras av tjänstepersoner (chef, sekreterare, "
                "controller eller administratör)."
            )
        )
    errors: dict[str, str] = {}
    from_role = (from_role or "").strip()
    content = (content or "").strip()
    if not from_role:
        errors["from_role"] = gettext(
            "Ange vilken roll direktivet kom från (en roll, inte ett namn)."
        )
    elif len(from_role) > 200:
        errors["from_role"] = gettext("Rollen får vara högst 200 tecken.")
    if not content:
        errors["content"] = "Beskriv vad direktivet sa."
    elif len(content) > MAX_TEXT:
        errors["content"] = gettext("Texten får vara högst %(MAX_TEXT)s tecken.") % {
            "MAX_TEXT": MAX_TEXT
        }
    if len(to_role or "") > 200:
        errors["to_role"] = gettext("Rollen får vara högst 200 tecken.")
    if handling not in Handling.values:
        errors["handling"] = gettext("Välj hur direktivet hanterades.")
    if occurred_on is None:
        errors["occurred_on"] = gettext("Ange datum.")
    elif occurred_on > timezone.localdate():
        errors["occurred_on"] = gettext("Datumet kan inte ligga i framtiden.")
    elif problem := date_problem(occurred_on):
        errors["occurred_on"] = problem
    for key, text in (
        ("from_role", from_role),
        ("to_role", to_role),
        ("content", content),
        ("handling_note", handling_note),
    ):
        if key not in errors and isinstance(text, str) and (problem := text_problem(text)):
            errors[key] = problem  # the deviation page posts without a Django form
    if to_office is None and not (to_role or "").strip():
        errors["to_office"] = gettext("Ange vilken enhet eller roll direktivet gick till.")
    _same_municipality(body, municipality, "body", errors)
    _same_municipality(to_office, municipality, "to_office", errors)
    _same_municipality(named_person, municipality, "named_person", errors)
    if errors:
        raise ValidationFailed(errors)
    deviation = Deviation.objects.create(
        municipality=municipality,
        source=DeviationSource.REPORTED,
        occurred_on=occurred_on,
        body=body,
        from_role=from_role,
        to_office=to_office,
        to_role=(to_role or "").strip(),
        content=content,
        handling=handling,
        handling_note=(handling_note or "").strip(),
        named_person=named_person,
        reporter=actor if actor is not None else reporter,
        **_analysis(content),
    )
    deviation_notify(deviation)
    return deviation


def deviation_notify(deviation: Deviation) -> int:
    """Tell the body the deviation is counted on (members and secretaries). Never the content,
    the receiving unit or the reporter: the link leads to what each reader may see."""
    from tillit.followup.models import NotificationKind
    from tillit.followup.services import notify_body

    if deviation.body is None:
        return 0
    return notify_body(
        deviation.body,
        key=f"deviation:{deviation.pk}",
        kind=NotificationKind.DEVIATION,
        title=f"Avvikelse från beslutskedjan: {deviation.body.name}, {deviation.occurred_on}",
        text=f"{deviation.get_source_display()}. Den räknas på {deviation.body.name} i "
        "Tillitsbarometern.",
        url=reverse(
            "barometer:metric",
            kwargs={"municipality": deviation.body.municipality.slug, "metric": "chain_deviations"},
        )
        + f"?body={deviation.body.slug}",
    )


def deviation_record_refusal(
    *,
    municipality_id: int,
    body: Body | None,
    occurred_on: date,
    source: str,
    from_role: str,
    content: str,
    to_role: str = "",
    to_office: Office | None = None,
    details: dict | None = None,
) -> Deviation | None:
    """A deviation the system saw itself (a refused attempt). Written in its own transaction
    (a savepoint inside an outer one) and never raises: recording must not change the refusal."""
    try:
        with transaction.atomic():
            return Deviation.objects.create(
                municipality_id=municipality_id,
                source=source,
                occurred_on=occurred_on,
                body=body,
                from_role=from_role[:200],
                to_office=to_office,
                to_role=(to_role or "")[:200],
                content=(content or "")[:MAX_TEXT] or "(ingen text)",
                handling=Handling.REFUSED,
                details=details or {},
                **_analysis(content or ""),
            )
    except Exception:  # noqa: BLE001 — a failed record must never hide the refusal
        logger.exception("Could not record an automatic deviation")
        return None


def deviation_record_decided(
    *,
    municipality_id: int,
    body: Body,
    occurred_on: date,
    from_role: str,
    content: str,
    to_role: str = "",
    details: dict | None = None,
) -> Deviation:
    """A body's decision outside the chain, confirmed by its secretary. Runs inside the decision's
    transaction and raises like any write: the decision and its deviation are stored together."""
    return Deviation.objects.create(
        municipality_id=municipality_id,
        source=DeviationSource.DECIDED_OUTSIDE_CHAIN,
        occurred_on=occurred_on,
        body=body,
        from_role=from_role[:200],
        to_role=(to_role or "")[:200],
        content=(content or "")[:MAX_TEXT] or "(ingen text)",
        handling=Handling.PENDING,
        details=details or {},
        **_analysis(content or ""),
    )


@transaction.atomic
def confidentiality_set(
    *,
    actor,
    municipality: Municipality,
    office: Office | None,
    admins_may_see: bool = True,
    details_public: bool | None = None,
    system: bool = False,
) -> ConfidentialitySetting:
    """Designate the office whose chief sees reporters and choose whether the details of each
    deviation are published (``details_public``; None keeps the current choice, off by default)
    — admins only, or a trusted system caller with ``system=True``."""
    from tillit.accounts.permissions import is_admin

    if not system and not is_admin(actor, municipality):
        raise PermissionDenied(
            gettext("Bara en administratör kan ändra vem som ser uppgiftslämnare.")
        )
    errors: dict[str, str] = {}
    _same_municipality(office, municipality, "office", errors)
    if errors:
        raise ValidationFailed(errors)
    values = {"office": office, "admins_may_see": admins_may_see}
    if details_public is not None:
        values["details_public"] = bool(details_public)
    setting, _ = ConfidentialitySetting.objects.update_or_create(
        municipality=municipality, defaults=values
    )
    return setting


@transaction.atomic
def delegation_decision_register(
    *,
    actor,
    body: Body,
    delegation_point: str,
    decided_on: date,
    title: str,
    content: str,
    delegate_office: Office | None = None,
    delegate_role: str = "",
    reported_meeting=None,
    system: bool = False,
) -> DelegationDecision:
    """Record a delegationsbeslut reported to the body; flag strategic-level content. Without
    ``system=True`` (a trusted caller such as the demo loader) the actor must be permitted."""
    if body is None:
        raise ValidationFailed({"body": gettext("Ange organ.")})
    if not system and not perm.can_register_delegation(actor, body):
        raise PermissionDenied(
            gettext(
                "Du får inte registrera delegationsbeslut för %(name)s. Det gör "
                "organets sekreterare eller förvaltningens chef."
            )
            % {"name": body.name}
        )
    errors: dict[str, str] = {}
    point = (delegation_point or "").strip()
    title = (title or "").strip()
    content = (content or "").strip()
    if not point:
        errors["delegation_point"] = gettext("Ange punkten i delegationsordningen.")
    elif len(point) > 50:
        errors["delegation_point"] = gettext("Punkten får vara högst 50 tecken.")
    if not title:
        errors["title"] = gettext("Ange en rubrik.")
    elif len(title) > 300:
        errors["title"] = gettext("Rubriken får vara högst 300 tecken.")
    if not content:
        errors["content"] = gettext("Beskriv beslutets innehåll.")
    elif len(content) > MAX_TEXT:
        errors["content"] = gettext("Texten får vara högst %(MAX_TEXT)s tecken.") % {
            "MAX_TEXT": MAX_TEXT
        }
    if decided_on is None:
        errors["decided_on"] = gettext("Ange datum.")
    elif decided_on > timezone.localdate():
        errors["decided_on"] = gettext("Datumet kan inte ligga i framtiden.")
    if delegate_office is None and not (delegate_role or "").strip():
        errors["delegate_office"] = gettext(
            "Ange vem som fattade beslutet (befattning eller roll)."
        )
    _same_municipality(delegate_office, body.municipality, "delegate_office", errors)
    if reported_meeting is not None and reported_meeting.body_id != body.pk:
        errors["reported_meeting"] = gettext("Sammanträdet ska vara organets eget.")
    if errors:
        raise ValidationFailed(errors)
    check = strategic_check(f"{title}\n{content}")
    row = DelegationDecision.objects.create(
        municipality_id=body.municipality_id,
        body=body,
        delegate_office=delegate_office,
        delegate_role=(delegate_role or "").strip(),
        delegation_point=point,
        decided_on=decided_on,
        title=title,
        content=content,
        reported_meeting=reported_meeting,
        is_strategic=check.is_strategic,
        strategic_findings=check.to_list(),
        registered_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if row.is_strategic:
        _strategic_notify(row)
    return row


def _strategic_notify(row: DelegationDecision) -> int:
    from tillit.followup.models import NotificationKind
    from tillit.followup.services import notify_body

    return notify_body(
        row.body,
        key=f"strategic-delegation:{row.pk}",
        kind=NotificationKind.STRATEGIC_DELEGATION,
        title=f"Delegationsbeslut på strategisk nivå i {row.body.name}: {row.title}",
        text="Beslutet verkar röra verksamhetens mål, inriktning, omfattning eller kvalitet, som "
        "nämnden inte får delegera (kommunallagen 6 kap. 38 §).",
        url=reverse("barometer:delegations", kwargs={"municipality": row.body.municipality.slug}),
    )


def target_groups_ensure(*, municipality: Municipality) -> list[TargetGroup]:
    """The municipality's target groups, creating the default set the first time."""
    existing = list(TargetGroup.objects.filter(municipality=municipality))
    if existing:
        return existing
    return [
        TargetGroup.objects.create(municipality=municipality, slug=slug, name=name, position=i)
        for i, (slug, name) in enumerate(DEFAULT_TARGET_GROUPS)
    ]


@transaction.atomic
def assignment_tag(
    *, actor, assignment, slugs: Iterable[str], system: bool = False
) -> list[TargetGroup]:
    """Set an assignment's target groups (replacing the previous set). The issuing body's
    secretary or an admin (can_register_decision), or a trusted caller with ``system=True``."""
    from tillit.accounts.permissions import can_register_decision

    if not system and not can_register_decision(actor, assignment.issuer):
        raise PermissionDenied(
            gettext(
                "Målgrupper för uppdraget anges av sekreteraren i %(name)s eller en administratör."
            )
            % {"name": assignment.issuer.name}
        )
    groups = {g.slug: g for g in target_groups_ensure(municipality=assignment.municipality)}
    slugs = list(dict.fromkeys(slugs))
    unknown = [s for s in slugs if s not in groups]
    if unknown:
        raise ValidationFailed(
            {"target_groups": gettext("Okänd målgrupp: %(slugs)s.") % {"slugs": ", ".join(unknown)}}
        )
    chosen: Sequence[TargetGroup] = [groups[s] for s in slugs]
    for group in groups.values():
        if group in chosen:
            group.assignments.add(assignment)
        else:
            group.assignments.remove(assignment)
    return list(chosen)


def metric_target_problems(*, municipality, metric: str, value, body=None) -> dict[str, str]:
    """Why a target cannot be stored ({field: Swedish message}); empty when it can."""
    from decimal import Decimal, InvalidOperation

    from .metrics import METRICS_BY_NAME, SHARE

    errors: dict[str, str] = {}
    m = METRICS_BY_NAME.get(metric)
    if m is None:
        errors["metric"] = gettext("Okänt mått.")
    try:
        number = Decimal(str(value).replace(",", ".").replace("\u00a0", "").replace(" ", ""))
        if not number.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors["value"] = gettext("Ange målet som ett tal, t.ex. 0,8 för 80 %.")
        return errors
    if m is not None and m.kind == SHARE and not 0 <= number <= 1:
        errors["value"] = gettext("En andel anges mellan 0 och 1 (0,8 = 80 %).")
    elif number < 0:
        errors["value"] = gettext("Målet kan inte vara negativt.")
    _same_municipality(body, municipality, "body", errors)
    return errors


def metric_target_set(
    *, actor, municipality: Municipality, metric: str, value, body=None, note: str = ""
) -> MetricTarget:
    """Set (or replace) the municipality's target for a metric — admins only. In the metric's
    unit: a share 0–1, days, counts and amounts (kronor) per 12 months."""
    from decimal import Decimal

    from tillit.accounts.permissions import is_admin

    if not is_admin(actor, municipality):
        raise PermissionDenied(gettext("Bara en administratör kan ändra barometerns mål."))
    errors = metric_target_problems(
        municipality=municipality, metric=metric, value=value, body=body
    )
    if errors:
        raise ValidationFailed(errors)
    number = Decimal(str(value).replace(",", ".").replace("\u00a0", "").replace(" ", ""))
    target, _ = MetricTarget.objects.update_or_create(
        municipality=municipality,
        metric=metric,
        body=body,
        defaults={"value": number, "note": note[:200]},
    )
    return target
