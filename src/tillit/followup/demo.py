"""Follow-up in the Vimmerby demo, 2023–2026: reports, questions, answers and decisions on
reports — loaded through the same services as the forms and the API. Called once from
tillit.demo.loader after the assignments exist. Every report is decided on at a meeting of the
body after it was filed (no report waits for years); some assignments are deliberately left
stale after the 2022 majority change: past their deadline, unreported.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model

from tillit.assignments.models import Assignment
from tillit.decisions.models import Decision

from . import services


def _user(username):
    return get_user_model().objects.get(username=username)


def _paragraph(body, day: date) -> int:
    """A free § for the body's year, near where the minutes would be that day."""
    taken = set(
        Decision.objects.filter(body=body, year=day.year).values_list("paragraph", flat=True)
    )
    number = int(day.timetuple().tm_yday * 0.5) + 1
    while number in taken:
        number += 1
    return number


def _decide(secretary, report, outcome, day, **kwargs):
    body = report.assignment.issuer
    return services.report_decide(
        actor=secretary,
        report=report,
        outcome=outcome,
        meeting_date=day,
        paragraph=_paragraph(body, day),
        approved_on=day + timedelta(days=8),
        **kwargs,
    )


def followup_demo_load(*, municipality) -> None:
    def assignment(title):
        return Assignment.objects.get(municipality=municipality, title=title)

    kd = _user("kommundirektor")
    fc_bun = _user("forvaltningschef-bun")
    sek_ks, sek_bun = _user("sekreterare-ks"), _user("sekreterare-bun")
    pol_ks, pol_bun = _user("politiker-ks"), _user("politiker-bun")

    # -- KS: the one assignment since the change. Every report decided at the next KS meeting;
    # the final report closed it in February 2024, and a question on the savings is still open.
    it = assignment("Översyn av IT-kostnader och faktureringsrutiner")
    t1 = services.report_file(
        actor=kd,
        assignment=it,
        period="2023-T1",
        submitted_on=date(2023, 5, 15),
        status="on_track",
        narrative=(
            "Kostnaderna för licenser, drift och support är kartlagda för kommunledningen och "
            "barn- och utbildningsförvaltningen. Kartläggningen av socialförvaltningen pågår."
        ),
        indicators=[{"name": "Förvaltningar kartlagda", "value": 2, "unit": "st", "target": 4}],
        resources_suffice=True,
        forecast="Redovisningen lämnas i december enligt plan.",
    )
    dr = services.report_file(
        actor=kd,
        assignment=it,
        period="2023-DR",
        submitted_on=date(2023, 9, 18),
        status="risk",
        narrative=(
            "Alla förvaltningar är kartlagda. IT-kostnaden per anställd skiljer sig mer än "
            "väntat mellan förvaltningarna, främst genom dubbla licensavtal. Faktureringen mellan "
            "förvaltningarna görs manuellt i fyra steg; två kan tas bort.\n\nVi har lärt oss att "
            "avtalen behöver samordnas centralt för att besparingen ska bli verklig."
        ),
        indicators=[
            {"name": "Förvaltningar kartlagda", "value": 4, "unit": "st", "target": 4},
            {"name": "IT-kostnad per anställd", "value": 14800, "unit": "kr", "target": 13000},
        ],
        resources_suffice=True,
        forecast="Redovisningen kan bli en månad sen, eftersom avtalsgenomgången tar längre tid.",
    )
    q = services.question_ask(
        actor=pol_ks,
        assignment=it,
        report=dr,
        text="Hur mycket skulle kommunen spara på att samordna licensavtalen?",
        asked_on=date(2023, 9, 25),
    )
    services.question_answer(
        actor=kd,
        question=q,
        answered_on=date(2023, 10, 5),
        text=(
            "Uppskattningsvis 600 000–900 000 kr per år från 2025, när de nuvarande avtalen löper "
            "ut. Siffran redovisas i slutrapporten."
        ),
    )
    _decide(sek_ks, t1, "continue", date(2023, 6, 13))
    _decide(sek_ks, dr, "continue", date(2023, 10, 10))
    ar = services.report_file(
        actor=kd,
        assignment=it,
        period="2023-AR",
        submitted_on=date(2024, 1, 16),
        status="on_track",
        narrative=(
            "Slutrapport: IT-kostnaderna per förvaltning är redovisade, och förslag lämnas om "
            "samordnade licensavtal och en förenklad internfakturering. Besparingen beräknas till "
            "750 000 kr per år från 2025."
        ),
        indicators=[{"name": "Beräknad besparing per år", "value": 750000, "unit": "kr"}],
        resources_suffice=True,
        forecast="Uppdraget är slutfört. Förslagen kräver beslut av kommunstyrelsen.",
    )
    _decide(sek_ks, ar, "complete", date(2024, 2, 13))
    services.question_ask(
        actor=pol_ks,
        assignment=it,
        text=(
            "Har förslagen om samordnade licensavtal genomförts, och hur stor blev besparingen "
            "2025 jämfört med de 750 000 kr som slutrapporten räknade med?"
        ),
        asked_on=date(2026, 11, 20),
    )

    # -- BUN: school premises. Deadline moved once, then the reports stopped (stale).
    lokaler = assignment("Anpassning av skollokalerna till ett minskat elevunderlag")
    dr = services.report_file(
        actor=fc_bun,
        assignment=lokaler,
        period="2023-DR",
        submitted_on=date(2023, 9, 20),
        status="risk",
        narrative=(
            "Lokalbehovet per skola är inventerat. Två alternativ tas fram: att samla "
            "mellanstadiet i Vimmerby tätort, eller att hyra ut delar av två skolor till andra "
            "verksamheter."
        ),
        indicators=[
            {"name": "Lokalkostnad per elev", "value": 21400, "unit": "kr", "target": 19000}
        ],
        resources_suffice=False,
        resources_missing_sek=400000,
        forecast="Förslagen kan inte konsekvensbeskrivas till mars 2024.",
        adjustment_request="Förvaltningen begär att slutdatum flyttas till den 31 december 2024.",
    )
    q = services.question_ask(
        actor=pol_bun,
        assignment=lokaler,
        report=dr,
        text="Hur påverkas elevernas skolvägar i de två alternativen?",
        asked_on=date(2023, 10, 2),
    )
    services.question_answer(
        actor=fc_bun,
        question=q,
        answered_on=date(2023, 10, 12),
        text=(
            "Alternativ 1 ger längre skolskjuts för cirka 60 elever. Alternativ 2 påverkar inte "
            "skolvägarna."
        ),
    )
    _decide(
        sek_bun,
        dr,
        "adjust",
        date(2023, 10, 18),
        amendment=services.amendment_from(lokaler, deadline=date(2024, 12, 31)),
    )
    ar = services.report_file(
        actor=fc_bun,
        assignment=lokaler,
        period="2023-AR",
        submitted_on=date(2024, 1, 22),
        status="on_track",
        narrative=(
            "Konsekvensbeskrivningarna pågår. Samråd med elevråd och föräldraråd är genomfört."
        ),
        indicators=[
            {"name": "Lokalkostnad per elev", "value": 21100, "unit": "kr", "target": 19000}
        ],
        resources_suffice=True,
        forecast="Förslaget lämnas till nämnden i november 2024.",
    )
    _decide(sek_bun, ar, "continue", date(2024, 2, 14))

    # -- BUN: a "how" assignment; the administration asks to have it rewritten as a result.
    oppet = assignment("Förskolornas öppettider")
    dr = services.report_file(
        actor=fc_bun,
        assignment=oppet,
        period="2024-DR",
        submitted_on=date(2024, 9, 16),
        status="deviation",
        narrative=(
            "Kravet på tre pedagoger vid öppning och stängning kan inte uppfyllas på de minsta "
            "förskolorna utan fler tjänster. Behovet av tidig öppning varierar mellan orterna."
        ),
        resources_suffice=False,
        resources_missing_sek=1800000,
        forecast="Uppdraget kan inte genomföras som det är formulerat inom ramen.",
        adjustment_request=(
            "Förvaltningen föreslår att uppdraget formuleras som ett resultat: att "
            "vårdnadshavares behov av omsorg tillgodoses, och att förvaltningen avgör öppettider "
            "och bemanning per förskola."
        ),
    )
    _decide(
        sek_bun,
        dr,
        "adjust",
        date(2024, 10, 16),
        amendment=services.amendment_from(
            oppet,
            what=(
                "Förskolornas öppettider motsvarar vårdnadshavarnas behov av omsorg, med god "
                "kvalitet och trygghet för barnen vid öppning och stängning."
            ),
            deadline=date(2025, 6, 30),
        ),
    )
    services.question_ask(
        actor=pol_bun,
        assignment=oppet,
        text="Hur många vårdnadshavare har begärt tidigare öppning under hösten?",
        asked_on=date(2026, 11, 2),
    )
    _year_wheel_demo(municipality)


def _year_wheel_demo(municipality) -> None:
    """Vimmerby's own årshjul: the defaults made its own, KF's budget meeting moved to a
    Monday late in November and one invented extra event (the dates are invented)."""
    from tillit.accounts.models import RoleKind

    from . import yearwheel
    from .models import YearEvent

    admin = (
        get_user_model()
        .objects.filter(roles__municipality=municipality, roles__kind=RoleKind.ADMIN)
        .first()
    )
    rows = yearwheel.year_wheel_customise(actor=admin, municipality=municipality)
    budget = next(r for r in rows if r.kind == "budget_decision")
    fields = ("kind", "title", "month", "end_month", "end_day", "year", "body", "enabled")
    yearwheel.year_event_save(
        actor=admin,
        municipality=municipality,
        event=budget,
        **{f: getattr(budget, f) for f in fields},
        day=23,
        remind_days_before=30,
    )
    ks = next(r.body for r in rows if r.kind == "budget_directives")
    if not YearEvent.objects.filter(municipality=municipality, kind="other").exists():
        yearwheel.year_event_save(
            actor=admin,
            municipality=municipality,
            kind="other",
            title="Budgetberedning i kommunstyrelsens arbetsutskott",
            month=9,
            day=8,
            body=ks,
            remind_days_before=14,
        )
