"""Loading and resetting the Vimmerby demo through the real services.

Every organisation row, decision, assignment and status change goes through the same services
the forms and the API use (organisation.services, decisions.services.decision_register,
assignments.services.assignment_change_status, accounts.services.role_grant), so the demo is
itself a proof that its data follows the decision chain. The data lives in `tillit.demo.data`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import ModuleType

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone

from tillit.accounts.models import Role
from tillit.accounts.services import role_grant
from tillit.analysis.services import text_analysis_backfill
from tillit.assignments.models import (
    Assignment,
    AssignmentEvent,
    AssignmentRecipient,
    FollowUp,
    Status,
)
from tillit.assignments.services import AssignmentDraft, assignment_change_status, day_start
from tillit.core.errors import TillitError
from tillit.decisions.models import Decision, Meeting
from tillit.decisions.services import decision_register
from tillit.organisation import services as org
from tillit.organisation.models import (
    Appointment,
    Body,
    Majority,
    Membership,
    Municipality,
    Office,
    OfficeKind,
    Person,
    Term,
)

from . import data as default_data

MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)


class DemoError(TillitError):
    code = "demo_error"


@dataclass
class DemoResult:
    municipality: Municipality
    created: bool
    counts: dict[str, int] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------
# Public entry points


def demo_load(*, reset: bool = False, data: ModuleType = default_data) -> DemoResult:
    """Load the demo unless it is loaded; with reset, delete it first. All or nothing."""
    with transaction.atomic():
        if reset:
            demo_delete(data=data)
        existing = Municipality.objects.filter(slug=data.MUNICIPALITY["slug"]).first()
        if existing is not None:
            # A demo loaded before analyses were stored gets them now (no-op when up to date).
            text_analysis_backfill(municipality=existing)
            return DemoResult(existing, created=False, counts=demo_counts(existing))
        municipality = _Loader(data).run()
        return DemoResult(municipality, created=True, counts=demo_counts(municipality))


def demo_delete(*, data: ModuleType = default_data) -> None:
    """Delete the demo municipality's rows in dependency order (the models PROTECT), and the demo
    users. Used only by `tillit demo --reset`; the domain itself never hard-deletes."""
    municipality = Municipality.objects.filter(slug=data.MUNICIPALITY["slug"]).first()
    if municipality is not None:
        # An installation that took the demo's slug into real use must never be wiped by a
        # reset: a role held by anyone outside the demo's mail domain means real users.
        real_users = sorted(
            Role.objects.filter(municipality=municipality)
            .exclude(user__email__iendswith="@" + data.DEMO_EMAIL_DOMAIN)
            .values_list("user__username", flat=True)
            .distinct()
        )
        if real_users:
            raise DemoError(
                f"{municipality.name} har användare som inte hör till demot "
                f"({', '.join(real_users[:5])}); demot tas inte bort."
            )
        with transaction.atomic():
            _delete_other_tenant_rows(municipality)
            scope = {"municipality": municipality}
            for manager in (AssignmentRecipient.all_versions, FollowUp.all_versions):
                manager.filter(**scope).delete()  # superseded versions too
            for model in (
                AssignmentEvent,
                AssignmentRecipient,
                FollowUp,
                Assignment,
                Decision,
                Meeting,
                Role,
                Membership,
                Appointment,
                Person,
            ):
                model.objects.filter(**scope).delete()
            _delete_tree(Office.objects.filter(**scope))
            _delete_tree(Body.objects.filter(**scope))
            Majority.objects.filter(**scope).delete()
            Term.objects.filter(**scope).delete()
            municipality.delete()
    for user in _demo_users(data):
        try:
            with transaction.atomic():
                user.delete()
        except (ProtectedError, RestrictedError):
            pass  # it has registered decisions elsewhere; the next load reuses it


def demo_counts(municipality: Municipality) -> dict[str, int]:
    scope = {"municipality": municipality}
    return {
        "bodies": Body.objects.filter(**scope).count(),
        "offices": Office.objects.filter(**scope).count(),
        "persons": Person.objects.filter(**scope).count(),
        "memberships": Membership.objects.filter(**scope).count(),
        "decisions": Decision.objects.filter(**scope).count(),
        "assignments": Assignment.objects.filter(**scope).count(),
    }


def demo_logins(*, data: ModuleType = default_data) -> list[tuple[str, str, str]]:
    """(username, password, role) for every demo login."""
    return [(u["username"], data.DEMO_PASSWORD, u["label"]) for u in data.USERS]


# ---------------------------------------------------------------------------------------------
# Deleting


def _is_demo_user(user, data: ModuleType) -> bool:
    """Demo accounts carry an address in the demo's reserved (.invalid) mail domain, so a reset
    never deletes, and a load never takes over, a real account that happens to share a name."""
    return user.email.lower().endswith("@" + data.DEMO_EMAIL_DOMAIN)


def _demo_users(data: ModuleType):
    return get_user_model().objects.filter(
        username__in=[u["username"] for u in data.USERS],
        email__iendswith="@" + data.DEMO_EMAIL_DOMAIN,
    )


def _delete_tree(queryset) -> None:
    """Delete a self-referencing tree (parent PROTECT) leaves first."""
    for _ in range(50):
        if not queryset.exists():
            return
        queryset.filter(children__isnull=True).delete()
    raise DemoError("Organisationsträdet kunde inte tas bort (cirkulär överordning?).")


KNOWN_MODELS = {
    AssignmentEvent,
    AssignmentRecipient,
    FollowUp,
    Assignment,
    Decision,
    Meeting,
    Role,
    Membership,
    Appointment,
    Person,
    Office,
    Body,
    Majority,
    Term,
}


def _delete_other_tenant_rows(municipality: Municipality) -> None:
    """Rows of apps that came after the demo (economy, follow-up, ...) that belong to the
    municipality go first, in as many passes as their own PROTECT links need."""
    others = [
        model
        for model in apps.get_models()
        if model not in KNOWN_MODELS
        and any(
            getattr(f, "related_model", None) is Municipality and f.name == "municipality"
            for f in model._meta.get_fields()
        )
    ]
    for _ in range(len(others) + 1):
        blocked = []
        for model in others:
            try:
                with transaction.atomic():
                    model._default_manager.filter(municipality=municipality).delete()
            except (ProtectedError, RestrictedError):
                blocked.append(model)
        if not blocked:
            return
        others = blocked
    names = ", ".join(m._meta.label for m in others)
    raise DemoError(f"Kunde inte ta bort demots rader i {names}.")


# ---------------------------------------------------------------------------------------------
# Loading


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _long_date(day: date) -> str:
    return f"den {day.day} {MONTHS[day.month - 1]} {day.year}"


def _sek(amount: int) -> str:
    return f"{amount:,}".replace(",", " ")


def _definite(body: Body) -> str:
    return body.name[0].lower() + body.name[1:]


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " och " + words[-1]


class _Loader:
    def __init__(self, data: ModuleType) -> None:
        self.data = data
        self.bodies: dict[str, Body] = {}
        self.offices: dict[str, Office] = {}
        self.people: dict[str, Person] = {}
        self.users: dict[str, object] = {}
        self.numbers: dict[tuple[str, str], tuple[int, str]] = {}

    def run(self) -> Municipality:
        d = self.data
        self.municipality = org.municipality_create(**d.MUNICIPALITY)
        for year in d.ELECTION_YEARS:
            org.term_create(municipality=self.municipality, election_year=year)
        for majority in d.MAJORITIES:
            org.majority_set(
                municipality=self.municipality,
                name=majority["name"],
                parties=majority["parties"],
                valid_from=_day(majority["valid_from"]),
            )
        self._organisation()
        self._users()
        self._people()
        self._number_decisions()
        self._assignments()
        self._followup()
        self._economy()
        self._story()
        self._barometer()
        self._portal()
        self._budget()
        self._plans()
        self._redate()
        return self.municipality

    def _redate(self) -> None:
        """Date the history entries and the inbox messages when their events happened, not when
        the demo was loaded (the services stamp ``created_at`` now, which is right for real use):
        in the demo's story each thing was registered the day it happened (issue 14 item 7).
        The audit trail records this re-dating like any other change."""
        from tillit.barometer.models import DelegationDecision, Deviation
        from tillit.economy.models import Forecast
        from tillit.followup.models import Notification, Question, Report

        events = list(AssignmentEvent.objects.filter(municipality=self.municipality))
        for event in events:
            event.created_at = event.occurred_at
        AssignmentEvent.objects.bulk_update(events, ["created_at"], batch_size=500)
        # A forecast "after August" was reported in the middle of September.
        forecasts = list(Forecast.objects.filter(municipality=self.municipality))
        for forecast in forecasts:
            month = forecast.as_of.replace(day=28) + timedelta(days=4)
            forecast.created_at = day_start(month.replace(day=15))
        Forecast.objects.bulk_update(forecasts, ["created_at"], batch_size=500)

        def noon(day):
            return day_start(day) if day else None

        scope = {"municipality": self.municipality}
        when = {
            "report-submitted": dict(
                Report.objects.filter(**scope).values_list("pk", "submitted_at")
            ),
            "question": dict(Question.objects.filter(**scope).values_list("pk", "asked_at")),
            "answer": dict(Question.objects.filter(**scope).values_list("pk", "answered_at")),
            "deviation": {
                pk: noon(day)
                for pk, day in Deviation.objects.filter(**scope).values_list("pk", "occurred_on")
            },
            "strategic-delegation": {
                pk: noon(day)
                for pk, day in DelegationDecision.objects.filter(**scope).values_list(
                    "pk", "decided_on"
                )
            },
        }
        notifications = []
        for n in Notification.objects.filter(**scope):
            prefix, _, pk = n.key.partition(":")
            at = when.get(prefix, {}).get(int(pk)) if pk.isdigit() else None
            if at is not None:
                n.created_at = at
                notifications.append(n)
        # The demo's people have read what is older than two months: Min sida shows what is
        # new, not six years of messages about long decided reports.
        cutoff = day_start(timezone.localdate() - timedelta(days=60))
        for n in notifications:
            if n.created_at < cutoff:
                n.read_at = n.created_at + timedelta(days=1)
        Notification.objects.bulk_update(notifications, ["created_at", "read_at"], batch_size=500)

    def _followup(self) -> None:
        """Reports, questions and decisions on reports 2023–2026 (tillit.followup.demo, issue 5)."""
        from tillit.followup.demo import followup_demo_load

        followup_demo_load(municipality=self.municipality)

    def _economy(self) -> None:
        """Frames, frame changes and SIE imports 2022–2026 (tillit.economy.demo, issue 3); the
        frames of 2025 and 2026 by KF's adopted budgets (tillit.demo.budgets, issue 13)."""
        from tillit.economy.demo import economy_demo_load

        from .budgets import BUDGETS, budget_adopt_for

        actor = self._secretary(self.bodies["kf"])

        def adopt(year):
            return lambda: budget_adopt_for(municipality=self.municipality, actor=actor, year=year)

        economy_demo_load(
            municipality=self.municipality,
            actor=actor,
            budgets={year: adopt(year) for year in BUDGETS},
        )

    def _story(self) -> None:
        """Reports, decisions on them and forecasts 2025–2026 (tillit.demo.story, issue 13)."""
        from .story import story_demo_load

        story_demo_load(municipality=self.municipality)

    def _plans(self) -> None:
        """Verksamhetsplaner 2027 written by the chiefs (tillit.demo.plans, issue 13)."""
        from .plans import plans_demo_load

        plans_demo_load(municipality=self.municipality)

    def _barometer(self) -> None:
        """Deviations, delegation decisions and target groups (tillit.barometer.demo, issue 6)."""
        from tillit.barometer.demo import barometer_demo_load

        barometer_demo_load(municipality=self.municipality)

    def _portal(self) -> None:
        """KPIs with targets and Kolada values from the offline bundle (tillit.portal, issue 7)."""
        from tillit.portal.demo import portal_demo_load

        portal_demo_load(municipality=self.municipality)

    def _budget(self) -> None:
        """Mål och budget 2027 adopted in November 2026, and an opposition proposal
        (tillit.budget.demo, issue 13); after the portal, whose KPIs the grunduppdrag reuse."""
        from tillit.budget.demo import budget_demo_load

        budget_demo_load(municipality=self.municipality, actor=self._secretary(self.bodies["kf"]))

    # -- organisation ---------------------------------------------------------------------

    def _organisation(self) -> None:
        start = _day(self.data.ORGANISATION_FROM)
        for spec in self.data.BODIES:
            self.bodies[spec["slug"]] = org.body_create(
                municipality=self.municipality,
                slug=spec["slug"],
                name=spec["name"],
                short_name=spec["short_name"],
                kind=spec["kind"],
                valid_from=start,
                parent=self.bodies[spec["parent"]] if spec["parent"] else None,
                area_of_responsibility=spec["area"],
                seats=spec.get("seats"),
                shared_with=spec.get("shared_with", ""),
            )
        for spec in self.data.OFFICES:
            self.offices[spec["slug"]] = org.office_create(
                municipality=self.municipality,
                slug=spec["slug"],
                title=spec["title"],
                organisation_name=spec["organisation_name"],
                kind=spec["kind"],
                valid_from=start,
                parent=self.offices[spec["parent"]] if spec.get("parent") else None,
                answers_to=self.bodies[spec["answers_to"]] if spec.get("answers_to") else None,
            )

    def _users(self) -> None:
        """Django auth users (there is no Tillit service for them) with roles via role_grant.
        The password is hashed once and shared: these are demo accounts with a public password."""
        User = get_user_model()
        password = make_password(self.data.DEMO_PASSWORD)
        for spec in self.data.USERS:
            username = spec["username"]
            email = f"{username}@{self.data.DEMO_EMAIL_DOMAIN}"
            user = User.objects.filter(username=username).first()
            if user is not None and not _is_demo_user(user, self.data):
                raise DemoError(
                    f"Användaren {username!r} finns redan och är inte ett demokonto. Byt namn på "
                    "eller ta bort den innan demot läses in."
                )
            user = user or User(username=username)  # a demo user kept by a reset is reused
            user.email = email
            user.password = password
            user.is_active = True
            user.is_staff = user.is_superuser = spec.get("superuser", False)
            user.save()
            role_grant(
                user=user,
                municipality=self.municipality,
                kind=spec["role"],
                body=self.bodies[spec["body"]] if spec.get("body") else None,
                office=self.offices[spec["office"]] if spec.get("office") else None,
            )
            self.users[username] = user

    def _people(self) -> None:
        d = self.data
        person_user = {u["person"]: self.users[u["username"]] for u in d.USERS if u.get("person")}
        for key, (name, party) in d.PEOPLE.items():
            self.people[key] = org.person_create(
                municipality=self.municipality,
                name=name,
                party=party,
                user=person_user.get(key),
            )
        for person, body, role, terms in d.MEMBERSHIPS:
            for term in terms:
                valid_from, valid_to = d.MEMBERSHIP_PERIODS[term]
                org.membership_add(
                    person=self.people[person],
                    body=self.bodies[body],
                    role=role,
                    valid_from=_day(valid_from),
                    valid_to=_day(valid_to),
                )
        for person, office, valid_from, valid_to in d.APPOINTMENTS:
            org.appointment_add(
                person=self.people[person],
                office=self.offices[office],
                valid_from=_day(valid_from),
                valid_to=_day(valid_to),
            )

    # -- decisions and assignments --------------------------------------------------------

    def _decision_keys(self):
        """(body, date, key) of every decision: the one issuing each assignment, and the later
        ones that complete or cancel it."""
        for index, spec in enumerate(self.data.ASSIGNMENTS):
            yield spec["body"], spec["date"], (index, "issue")
            for step in spec["history"]:
                if step[0] in (Status.COMPLETED, Status.CANCELLED):
                    yield spec["body"], step[1], (index, step[0])

    def _number_decisions(self) -> None:
        """§ per body and year, and diarienummer per diary and year, rising with the date."""
        diary = {b["slug"]: b["diary"] for b in self.data.BODIES}
        last_paragraph: dict[tuple[str, int], int] = defaultdict(int)
        last_case: dict[tuple[str, int], int] = defaultdict(int)
        for body, day, key in sorted(self._decision_keys(), key=lambda k: (k[1], k[2])):
            when = date.fromisoformat(day)
            doy = when.timetuple().tm_yday
            p_key = (body, when.year)
            last_paragraph[p_key] = max(
                last_paragraph[p_key] + 1, int(doy * self.data.PARAGRAPHS_PER_DAY[body]) + 1
            )
            case = ""
            if key[1] == "issue":  # a closing decision keeps the matter's diarienummer
                prefix = diary[body]
                c_key = (prefix, when.year)
                last_case[c_key] = max(
                    last_case[c_key] + 1, int(doy * self.data.CASES_PER_DAY[prefix]) + 1
                )
                case = f"{prefix} {when.year}/{last_case[c_key]}"
            self.numbers[key] = (last_paragraph[p_key], case)

    def _secretary(self, body: Body):
        for spec in self.data.USERS:
            if spec["role"] == "secretary" and spec.get("body") == body.slug:
                return self.users[spec["username"]]
        return self._admin()

    def _admin(self):
        return next(self.users[u["username"]] for u in self.data.USERS if u["role"] == "admin")

    def _administration_actor(self, assignment: Assignment, recipients: list):
        """Who starts and reports the work: the recipient chief's login if the demo has one,
        otherwise the issuing body's secretary."""
        chief_users = {
            spec["office"]: self.users[spec["username"]]
            for spec in self.data.USERS
            if spec["role"] == "chief"
        }
        for target in recipients:
            if isinstance(target, Office) and target.slug in chief_users:
                return chief_users[target.slug]
            if isinstance(target, Body):
                for office in self.offices.values():
                    if office.answers_to_id == target.id and office.slug in chief_users:
                        return chief_users[office.slug]
        return self._secretary(assignment.issuer)

    def _recipient_phrase(self, targets: list) -> str:
        words = []
        for target in targets:
            if isinstance(target, Body):
                words.append(_definite(target))
            elif target.kind == OfficeKind.CHIEF_EXECUTIVE:
                words.append("kommundirektören")
            else:
                words.append(f"förvaltningschefen för {target.organisation_name.lower()}")
        return _join(words)

    def _decision_text(self, spec: dict, body: Body, targets: list) -> str:
        phrase = self._recipient_phrase(targets)
        if len(targets) > 1:
            lead = self.bodies.get(spec["lead"]) or self.offices[spec["lead"]]
            lead_name = lead.name if isinstance(lead, Body) else self._recipient_phrase([lead])
            first = (
                f"{body.name} beslutar att ge {phrase} ett gemensamt uppdrag att {spec['att']}. "
                f"{lead_name[0].upper() + lead_name[1:]} är samordningsansvarig."
            )
        else:
            first = f"{body.name} beslutar att uppdra åt {phrase} att {spec['att']}."
        parts = [first, spec["what"]]
        if spec.get("sek"):
            money = f"För uppdraget avsätts {_sek(spec['sek'])} kronor"
            if spec.get("fte"):
                money += f" och resurser motsvarande {spec['fte']} årsarbetare"
            parts.append(money + ".")
        followups = [date.fromisoformat(f) for f in spec.get("followups", [])]
        if followups:
            parts.append("Uppdraget följs upp " + _join([_long_date(f) for f in followups]) + ".")
        if spec.get("deadline"):
            parts.append(
                f"Uppdraget ska återrapporteras till {_definite(body)} senast "
                f"{_long_date(date.fromisoformat(spec['deadline']))}."
            )
        return "\n\n".join(parts)

    def _register(
        self,
        *,
        body: Body,
        day: date,
        key,
        title: str,
        text: str,
        initiative: str,
        initiative_by: str = "",
        case: str = "",
        assignments=(),
    ):
        paragraph, own_case = self.numbers[key]
        return decision_register(
            actor=self._secretary(body),
            body=body,
            meeting_date=day,
            paragraph=paragraph,
            title=title,
            text=text,
            case_number=case or own_case,
            approved_on=day + timedelta(days=self.data.APPROVAL_AFTER_DAYS[body.slug]),
            initiative=initiative,
            initiative_by=initiative_by,
            assignments=assignments,
        )

    def _assignments(self) -> None:
        actions = []
        for index, spec in enumerate(self.data.ASSIGNMENTS):
            actions.append((spec["date"], 0, index, None))
            for order, step in enumerate(spec["history"], start=1):
                actions.append((step[1], order, index, step))
        issued: dict[int, tuple[Assignment, str]] = {}
        for day_text, _, index, step in sorted(actions, key=lambda a: (a[0], a[1], a[2])):
            spec = self.data.ASSIGNMENTS[index]
            body = self.bodies[spec["body"]]
            day = date.fromisoformat(day_text)
            if step is None:
                issued[index] = (
                    self._issue(spec, body, day, index),
                    self.numbers[(index, "issue")][1],
                )
            else:
                assignment, case = issued[index]
                self._step(spec, body, day, index, step, assignment, case)

    def _issue(self, spec: dict, body: Body, day: date, index: int) -> Assignment:
        targets = [self.bodies.get(slug) or self.offices[slug] for slug in spec["to"]]
        draft = AssignmentDraft(
            title=spec["title"],
            what=spec["what"],
            why=spec.get("why", ""),
            recipients=list(spec["to"]),
            lead=spec.get("lead"),
            resources_sek=spec.get("sek"),
            resources_fte=spec.get("fte"),
            deadline=_day(spec.get("deadline")),
            followups=[date.fromisoformat(f) for f in spec.get("followups", [])],
        )
        decision = self._register(
            body=body,
            day=day,
            key=(index, "issue"),
            title=spec["title"],
            text=self._decision_text(spec, body, targets),
            initiative=spec["initiative"],
            initiative_by=spec.get("initiative_by", ""),
            assignments=[draft],
        )
        return decision.assignments.get()

    def _report(self, spec, body, day, assignment, actor) -> bool:
        """The final report behind a "reported" step, filed by the recipient chief through
        followup.services.report_file: a status "redovisat" is always backed by a submitted
        report a citizen can read (issue 14 item 7). False when no chief login can file it."""
        from tillit.accounts.permissions import can_file_report
        from tillit.followup.periods import period_parse
        from tillit.followup.services import report_file

        if not can_file_report(actor, assignment):
            return False
        taken = set(assignment.reports.values_list("period", flat=True))
        candidates = [
            period_parse(f"{year}-{kind}")
            for year in (day.year - 1, day.year)
            for kind in ("T1", "DR", "AR")
        ]
        usable = [p for p in candidates if p.end >= assignment.issued_on and p.code not in taken]
        # The last period closed before the report, else the one the report falls in.
        before = [p for p in usable if p.end <= day]
        period = before[-1] if before else min(usable, key=lambda p: p.end)
        report_file(
            actor=actor,
            assignment=assignment,
            period=period.code,
            submitted_on=day,
            status="on_track",
            narrative=(
                f"Slutrapport till {_definite(body)}: {spec['what']}\n\n"
                "Förvaltningen redovisar uppdraget som genomfört och lämnar det för "
                f"{_definite(body)}s beslut."
            ),
            resources_suffice=True,
            forecast="Uppdraget är slutfört.",
        )
        return True

    def _step(self, spec, body, day, index, step, assignment, case) -> None:
        to_status = step[0]
        if to_status == Status.REPORTED:
            recipients = [r.target for r in assignment.recipients.all()]
            actor = self._administration_actor(assignment, recipients)
            if not self._report(spec, body, day, assignment, actor):
                raise DemoError(
                    f"{spec['title']}: ”redovisat” {day} kräver en rapport, men ingen chef med "
                    "inloggning i demot har uppdraget."
                )
            return
        if to_status == Status.IN_PROGRESS:
            recipients = [r.target for r in assignment.recipients.all()]
            note = f"Arbetet påbörjades {day.isoformat()}."
            assignment_change_status(
                actor=self._administration_actor(assignment, recipients),
                assignment=assignment,
                to_status=to_status,
                note=note,
                occurred_on=day,
            )
            return
        reference = assignment.decision.reference
        if to_status == Status.COMPLETED:
            title = f"Återrapportering av uppdraget {spec['title']}"
            text = (
                f"{body.name} beslutar att godkänna återrapporteringen av uppdraget "
                f"({reference}) och att förklara uppdraget avslutat."
            )
        else:
            title = f"Avbrytande av uppdraget {spec['title']}"
            text = f"{body.name} beslutar att avbryta uppdraget ({reference}). {step[2]}"
        if self._decide_report(body, day, index, step, assignment, title, text, case):
            return
        decision = self._register(
            body=body,
            day=day,
            key=(index, to_status),
            title=title,
            text=text,
            initiative="administration",
            case=case,
        )
        assignment_change_status(
            actor=self._secretary(body),
            assignment=assignment,
            to_status=to_status,
            decision=decision,
            note=text,
        )

    def _decide_report(self, body, day, index, step, assignment, title, text, case) -> bool:
        """A closing step after a filed report is the body's decision *on that report*
        (followup.services.report_decide), so the report no longer waits for a decision and
        its page names the §. False when no report waits (closed by a decision of its own)."""
        from tillit.followup.models import Outcome, Report, ReportState
        from tillit.followup.services import report_decide

        report = (
            Report.objects.filter(
                assignment=assignment, state=ReportState.SUBMITTED, decision_on__isnull=True
            )
            .order_by("-period_end")
            .first()
        )
        if report is None:
            return False
        paragraph, _case = self.numbers[(index, step[0])]
        report_decide(
            actor=self._secretary(body),
            report=report,
            outcome=Outcome.COMPLETE if step[0] == Status.COMPLETED else Outcome.CANCEL,
            meeting_date=day,
            paragraph=paragraph,
            title=title,
            text=text,
            case_number=case,
            approved_on=day + timedelta(days=self.data.APPROVAL_AFTER_DAYS[body.slug]),
        )
        return True
