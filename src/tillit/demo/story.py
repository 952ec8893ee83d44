"""The demo's follow-up of 2025 and 2026: the administration's reports (återrapporter) to the
nämnder, the nämnder's decisions on them and the nämnder's forecasts after August, so that the
compiled delårsrapport 2026 and årsredovisning 2025 read as a council member expects: some
assignments reported done, some going on, a few late, one with a deviation that asks for a
decision, indicators against targets.

Everything goes through the real services (followup.services.report_file and report_decide,
economy.services.forecast_report); each report is dated the day it was submitted and each
decision the day of the meeting. The assignments from before 2025 that the seed's story leaves
stale (tillit.followup.demo) stay without reports. All content is invented.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model

from tillit.assignments.models import Assignment
from tillit.decisions.models import Decision
from tillit.organisation.models import Body, Municipality

M = Decimal(1_000_000)

# Forecasts after August (the delårsrapport's month), mnkr over (+) or under (−) the final frame.
FORECASTS = {
    2025: {"kf": 0.0, "ks": -1.0, "bun": 4.5, "sn": 11.0, "mbn": 0.0},
    2026: {"kf": 0.0, "ks": -0.8, "bun": 3.5, "sn": 13.0, "mbn": -0.1},
}
FORECAST_NOTES = {
    2025: "Nämndens prognos i delårsrapporten efter augusti.",
    2026: "Nämndens prognos i delårsrapporten efter augusti.",
}


def _user(username: str):
    return get_user_model().objects.get(username=username)


def _paragraph(body: Body, day: date) -> int:
    """A free § for the body's year, after the ones already used before that day."""
    rows = Decision.objects.filter(body=body, year=day.year)
    before = rows.filter(meeting__date__lte=day).order_by("-paragraph").first()
    taken = set(rows.values_list("paragraph", flat=True))
    number = (before.paragraph if before else 0) + 1
    while number in taken:
        number += 1
    return number


def story_demo_load(*, municipality: Municipality) -> None:
    from tillit.followup import services as fs

    def assignment(title: str) -> Assignment:
        return Assignment.objects.get(municipality=municipality, title=title)

    def file(actor, a, period, day, **fields):
        return fs.report_file(actor=actor, assignment=a, period=period, submitted_on=day, **fields)

    def decide(actor, report, outcome, day, **kwargs):
        body = report.assignment.issuer
        return fs.report_decide(
            actor=actor,
            report=report,
            outcome=outcome,
            meeting_date=day,
            paragraph=_paragraph(body, day),
            approved_on=day + timedelta(days=7),
            **kwargs,
        )

    fc_bun, fc_sn = _user("forvaltningschef-bun"), _user("forvaltningschef-sn")
    fc_mbn, admin = _user("forvaltningschef-mbn"), _user("admin")
    sek_bun, sek_sn = _user("sekreterare-bun"), _user("sekreterare-sn")

    # -- BUN: förskolornas öppettider, rewritten as a result in 2024; done by June 2025.
    oppet = assignment("Förskolornas öppettider")
    final = file(
        fc_bun,
        oppet,
        "2025-T1",
        date(2025, 6, 16),
        status="on_track",
        narrative=(
            "Slutrapport. Varje förskola har kartlagt vårdnadshavarnas behov av omsorg och "
            "anpassat öppettiderna efter det: fyra förskolor öppnar kl. 06.00, de övriga kl. "
            "06.30, och två förskolor i tätorten har kvällsöppet enligt behov. Bemanningen vid "
            "öppning och stängning planeras per förskola utifrån barngruppen.\n\nVi har lärt oss "
            "att behovet skiljer sig mycket mellan orterna; en enhetlig regel hade kostat mer "
            "och ändå inte mött behoven."
        ),
        indicators=[
            {
                "name": "Vårdnadshavare som får omsorg de tider de behöver",
                "value": 97,
                "unit": "%",
                "target": 100,
            },
            {
                "name": "Förskolor med behovsanpassade öppettider",
                "value": 14,
                "unit": "st",
                "target": 14,
            },
        ],
        resources_suffice=True,
        forecast="Uppdraget är slutfört.",
    )
    decide(sek_bun, final, "complete", date(2025, 8, 20))

    # -- SN: hemtjänstens ruttplanering, on track in the delårsrapport, done at the year end.
    rutt = assignment("Översyn av hemtjänstens ruttplanering")
    dr = file(
        fc_sn,
        rutt,
        "2025-DR",
        date(2025, 9, 15),
        status="on_track",
        narrative=(
            "Ny ruttplanering med digitalt planeringsstöd är införd i två av hemtjänstens fyra "
            "grupper (Vimmerby norra och Södra Vi). Restiden per besök har minskat från 13 till "
            "11 minuter där den är införd. Personalen har varit med och ritat om rutterna."
        ),
        indicators=[
            {"name": "Andel av arbetstiden hos brukaren", "value": 61, "unit": "%", "target": 65},
            {"name": "Restid per besök", "value": 11, "unit": "min", "target": 9},
        ],
        resources_suffice=True,
        forecast="De två återstående grupperna går över i november; slutrapport i januari.",
    )
    decide(sek_sn, dr, "continue", date(2025, 9, 24))
    ar = file(
        fc_sn,
        rutt,
        "2025-AR",
        date(2026, 1, 19),
        status="on_track",
        narrative=(
            "Slutrapport. Alla fyra grupper planerar nu rutterna med det digitala stödet. "
            "Andelen av arbetstiden hos brukaren har ökat från 57 till 66 procent, och "
            "restiden per besök är i genomsnitt 9 minuter. Tiden som frigjorts används till "
            "längre besök hos de brukare som har störst behov, inte till färre tjänster."
        ),
        indicators=[
            {"name": "Andel av arbetstiden hos brukaren", "value": 66, "unit": "%", "target": 65},
            {"name": "Restid per besök", "value": 9, "unit": "min", "target": 9},
        ],
        resources_suffice=True,
        forecast="Uppdraget är slutfört.",
    )
    decide(sek_sn, ar, "complete", date(2026, 2, 18))

    # -- MBN: the digital archive, late; the deadline moved once to 31 August 2026, finished in
    # August and closed on the delårsrapport, whose period the work ran in.
    arkiv = assignment("Digitalt arkiv för bygglovsärenden")
    dr = file(
        fc_mbn,
        arkiv,
        "2025-DR",
        date(2025, 9, 17),
        status="risk",
        narrative=(
            "Ärendena från 1980–1999 är skannade och sökbara. Skanningen av 2000–2012 är "
            "försenad: leverantören har bytt underleverantör och ritningar i storformat måste "
            "skannas för hand."
        ),
        indicators=[
            {"name": "Bygglovsärenden sökbara digitalt", "value": 55, "unit": "%", "target": 100},
        ],
        resources_suffice=True,
        forecast="Arbetet blir klart i augusti 2026, åtta månader efter slutdatum, inom "
        "anvisade medel.",
        adjustment_request="Förvaltningen begär att slutdatum flyttas till den 31 augusti 2026.",
    )
    decide(
        admin,
        dr,
        "adjust",
        date(2025, 10, 8),
        amendment=fs.amendment_from(arkiv, deadline=date(2026, 8, 31)),
    )
    ar = file(
        fc_mbn,
        arkiv,
        "2025-AR",
        date(2026, 1, 21),
        status="on_track",
        narrative="Ärendena till och med 2008 är sökbara. Arbetet följer den nya tidplanen.",
        indicators=[
            {"name": "Bygglovsärenden sökbara digitalt", "value": 78, "unit": "%", "target": 100},
        ],
        resources_suffice=True,
        forecast="Klart i augusti 2026.",
    )
    decide(admin, ar, "continue", date(2026, 2, 11))
    final = file(
        fc_mbn,
        arkiv,
        "2026-DR",
        date(2026, 9, 14),
        status="on_track",
        narrative=(
            "Slutrapport. Alla bygglovsärenden från 1980 och framåt är sökbara i e-arkivet "
            "sedan den 24 augusti 2026. Fastighetsägare och mäklare beställer ritningar i "
            "e-tjänsten; handläggarnas tid för arkivsökningar har minskat med ungefär en halv "
            "tjänst."
        ),
        indicators=[
            {"name": "Bygglovsärenden sökbara digitalt", "value": 100, "unit": "%", "target": 100},
        ],
        resources_suffice=True,
        forecast="Uppdraget är slutfört, 20 000 kr under anvisade medel.",
    )
    decide(admin, final, "complete", date(2026, 10, 7))

    # -- BUN: school premises. The proposal promised for November 2024 was late: the
    # årsredovisning 2024 asks for time, the nämnd moves the deadline to the end of 2026, and
    # the delårsrapport 2026 (the assignment still running) reports a deviation and asks the
    # nämnd to decide on the school organisation.
    lokaler = assignment("Anpassning av skollokalerna till ett minskat elevunderlag")
    ar = file(
        fc_bun,
        lokaler,
        "2024-AR",
        date(2025, 1, 27),
        status="risk",
        narrative=(
            "Förslaget lämnades inte till nämnden i november 2024 som utlovat: förvaltningen "
            "väntar på den nya befolkningsprognosen, som kommer i mars 2025, och rektorerna har "
            "bytts på två av skolorna."
        ),
        indicators=[
            {"name": "Lokalkostnad per elev", "value": 22600, "unit": "kr", "target": 19000},
        ],
        resources_suffice=True,
        forecast="Förslaget kan lämnas till nämnden under hösten 2026.",
        adjustment_request="Förvaltningen begär att slutdatum flyttas till den 31 december 2026.",
    )
    decide(
        sek_bun,
        ar,
        "adjust",
        date(2025, 2, 19),
        amendment=fs.amendment_from(lokaler, deadline=date(2026, 12, 31)),
    )
    file(
        fc_bun,
        lokaler,
        "2026-DR",
        date(2026, 9, 14),
        status="deviation",
        narrative=(
            "Den nya befolkningsprognosen visar att elevunderlaget på landsbygdsskolorna "
            "minskar mer än väntat, och lokalkostnaden per elev har ökat till 23 900 kr.\n\n"
            "Förvaltningen "
            "har nu tagit fram ett förslag: att mellanstadiet i Gullringen och Storebro samlas i "
            "Vimmerby tätort från höstterminen 2027, och att de lediga lokalerna hyrs ut till "
            "förskola och föreningsliv. Förslaget kräver nämndens beslut om skolorganisationen "
            "och en engångskostnad för anpassning av lokaler."
        ),
        indicators=[
            {"name": "Lokalkostnad per elev", "value": 23900, "unit": "kr", "target": 19000},
        ],
        resources_suffice=False,
        resources_missing_sek=1200000,
        forecast="Med beslut i november 2026 sjunker lokalkostnaden per elev till cirka "
        "20 500 kr från 2028.",
        adjustment_request=(
            "Förvaltningen begär att nämnden beslutar om förslaget till skolorganisation och att "
            "slutdatum flyttas till den 30 juni 2027."
        ),
    )

    # -- BUN: high absence, issued October 2025: on its way.
    franvaro = assignment("Minskad frånvaro i grundskolan")
    ar = file(
        fc_bun,
        franvaro,
        "2025-AR",
        date(2026, 1, 26),
        status="on_track",
        narrative=(
            "Alla skolor har infört gemensamma rutiner för frånvaroanmälan och kontakt med "
            "hemmet samma dag. Elevhälsan har fått en samordnare för närvaro."
        ),
        indicators=[
            {"name": "Elever med mer än 15 % frånvaro", "value": 10.8, "unit": "%", "target": 8},
        ],
        resources_suffice=True,
        forecast="Målet bedöms kunna nås läsåret 2026/27.",
    )
    decide(sek_bun, ar, "continue", date(2026, 2, 18))
    dr = file(
        fc_bun,
        franvaro,
        "2026-DR",
        date(2026, 9, 15),
        status="on_track",
        narrative=(
            "Frånvaron har minskat på fem av sju skolor. Närvarosamordnaren följer varje vecka "
            "upp de elever som har mer än 15 procent frånvaro, tillsammans med "
            "socialtjänstens familjebehandlare när det behövs."
        ),
        indicators=[
            {"name": "Elever med mer än 15 % frånvaro", "value": 9.4, "unit": "%", "target": 8},
        ],
        resources_suffice=True,
        forecast="Enligt plan till läsårets slut 2027.",
    )
    decide(sek_bun, dr, "continue", date(2026, 10, 14))

    # -- SN: agency staff in elderly care: at risk in the delårsrapport.
    inhyrd = assignment("Mindre inhyrd personal i äldreomsorgen")
    ar = file(
        fc_sn,
        inhyrd,
        "2025-AR",
        date(2026, 1, 22),
        status="on_track",
        narrative=(
            "Förvaltningen har kartlagt den inhyrda personalen per enhet och månad 2025: "
            "kostnaden var 6,9 mnkr, varav två tredjedelar sjuksköterskor. Rekrytering av "
            "sjuksköterskor och en gemensam vikariepool har påbörjats."
        ),
        resources_suffice=True,
        forecast="Målet för 2026 är högst 3,5 mnkr.",
    )
    decide(sek_sn, ar, "continue", date(2026, 2, 18))
    dr = file(
        fc_sn,
        inhyrd,
        "2026-DR",
        date(2026, 9, 16),
        status="risk",
        narrative=(
            "Kostnaden för inhyrd personal januari–augusti är 3,1 mnkr, mot 4,6 mnkr samma "
            "period 2025. Inhyrda undersköterskor behövs inte längre; sjuksköterskor hyrs "
            "fortfarande in under sommaren och helger på två särskilda boenden.\n\nFörvaltningen "
            "rekryterar fyra sjuksköterskor med utbildningsanställning, men de kan börja först "
            "i januari 2027."
        ),
        indicators=[
            {
                "name": "Kostnad för inhyrd personal jan–aug",
                "value": 3.1,
                "unit": "mnkr",
                "target": 2.3,
            },
        ],
        resources_suffice=True,
        forecast="Kostnaden för helåret blir cirka 4,4 mnkr, mot målet 3,5 mnkr.",
    )
    decide(sek_sn, dr, "continue", date(2026, 9, 23))

    # -- The nämnder's forecasts after August (the delårsrapporter 2025 and 2026).
    from tillit.economy.demo import final_frames
    from tillit.economy.services import forecast_report

    bodies = {b.slug: b for b in Body.objects.filter(municipality=municipality)}
    for year, by_body in FORECASTS.items():
        frames = final_frames(year)
        for slug, over in by_body.items():
            forecast_report(
                actor=None,
                body=bodies[slug],
                year=year,
                as_of=date(year, 8, 1),
                amount=frames[slug] + Decimal(str(over)) * M,
                note=FORECAST_NOTES[year],
            )
