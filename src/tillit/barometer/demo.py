"""The barometer part of the Vimmerby demo, through the real services.

Invented, role-only examples (no real names): directives from "kommunstyrelsens ordförande"
straight to Gata/park (moving bicycle racks), a KS decision that ordered Gata/park directly
(registered as decided, outside the chain), delegation decisions of which a few are at the
strategic level, and target-group tags on the demo's assignments.
"""

from __future__ import annotations

import re
from datetime import date

from django.contrib.auth import get_user_model

from tillit.assignments.models import Assignment
from tillit.assignments.services import AssignmentDraft
from tillit.decisions.models import Meeting
from tillit.decisions.services import decision_register
from tillit.organisation.models import Body, Municipality, Office

from . import services
from .models import Handling

KSO = "Kommunstyrelsens ordförande"

# (date, from_role, body, to_office, content, handling, reporter username)
DEVIATIONS = [
    (
        "2021-05-04",
        "Kommunalråd",
        "sn",
        "enhet-hemtjanst",
        "Lägg om hemtjänstens scheman så att samma personal alltid går till samma brukare "
        "från nästa vecka.",
        Handling.REFERRED,
        "kommundirektor",
    ),
    (
        "2023-05-16",
        KSO,
        "ks",
        "enhet-gata-park",
        "Flytta cykelställen vid Stora torget till norra sidan av torget före helgen.",
        Handling.FOLLOWED,
        "kommundirektor",
    ),
    (
        "2024-04-09",
        KSO,
        "ks",
        "enhet-gata-park",
        "Ta bort cykelstället vid busstationen och ställ det vid biblioteket i stället, "
        "och flytta bänkarna dit också.",
        Handling.FOLLOWED,
        "kommundirektor",
    ),
    (
        "2024-09-03",
        KSO,
        "ks",
        "enhet-it",
        "Byt skrivarna på kommunkontoret till en annan modell och placera dem i korridoren.",
        Handling.REFERRED,
        "kommundirektor",
    ),
    (
        "2025-03-11",
        "Ledamot i barn- och utbildningsnämnden",
        "bun",
        "enhet-skolomrade-norr",
        "Lägg alla idrottslektioner på förmiddagarna och använd den nya schemamallen.",
        Handling.REFUSED,
        "forvaltningschef-bun",
    ),
    (
        "2025-10-21",
        KSO,
        "ks",
        "enhet-gata-park",
        "Flytta tillbaka cykelställen vid Stora torget och måla dem gröna.",
        Handling.FOLLOWED,
        "kommundirektor",
    ),
]

# (body, delegate office, point, date, title, content)
DELEGATIONS = [
    (
        "ks",
        "kommundirektor",
        "6.2",
        "2020-09-15",
        "Attest av leverantörsfakturor",
        "Beslut om attesträtt för leverantörsfakturor inom kommunledningsförvaltningen.",
    ),
    (
        "bun",
        "forvaltningschef-bun",
        "2.1",
        "2023-11-08",
        "Fritidshemmens inriktning",
        "Fritidshemmen ges en ny inriktning mot läxhjälp och rörelse från vårterminen.",
    ),
    (
        "bun",
        "forvaltningschef-bun",
        "5.2",
        "2024-03-05",
        "Tilldelning av förskoleplatser våren 2024",
        "Placering av barn i förskola enligt turordningen i antagningsreglerna.",
    ),
    (
        "sn",
        "forvaltningschef-sn",
        "4.3",
        "2024-06-12",
        "Sommarstängning av dagverksamheten för äldre",
        "Dagverksamheten stängs i juli och augusti för att klara budgeten; omfattningen "
        "minskas därmed under sommaren.",
    ),
    (
        "ks",
        "kommundirektor",
        "1.4",
        "2025-02-18",
        "Prioritering av gatuunderhållet 2025",
        "Underhållet prioriteras till centrum; ytterområdena får lägre servicenivå i år.",
    ),
    (
        "sn",
        "forvaltningschef-sn",
        "3.1",
        "2025-05-20",
        "Bistånd enligt socialtjänstlagen, sammanställning april",
        "Sammanställning av biståndsbeslut fattade på delegation under april.",
    ),
]

TAG_RULES = (
    ("barn-och-unga", r"barn|elev|skol|förskol|unga\b|fritidshem|läs"),
    ("aldre", r"äldre|hemtjänst|äldreomsorg|välfärdsteknik"),
    ("arbete-och-forsorjning", r"försörjningsstöd|arbetsmarknad|heltid|kompetensförsörjning"),
    ("funktionsnedsattning", r"funktionsstöd|funktionsnedsättning|tillgänglig"),
    ("naringsliv", r"näringsliv|företag"),
)


def barometer_demo_load(*, municipality: Municipality) -> dict:
    users = {u.username: u for u in get_user_model().objects.all()}
    bodies = {b.slug: b for b in Body.objects.filter(municipality=municipality)}
    offices = {o.slug: o for o in Office.objects.filter(municipality=municipality)}
    for day, role, body, office, content, handling, reporter in DEVIATIONS:
        services.deviation_report(
            actor=None,
            system=True,
            reporter=users.get(reporter),
            municipality=municipality,
            occurred_on=date.fromisoformat(day),
            from_role=role,
            body=bodies[body],
            to_office=offices[office],
            content=content,
            handling=handling,
        )
    # Kommunstyrelsen ordered Gata/park directly; the minutes say so, so the secretary
    # registered it as decided ("Beslutet fattades så"): a deviation in the barometer.
    secretary = users.get("sekreterare-ks")
    decision_register(
        actor=secretary,
        body=bodies["ks"],
        meeting_date=date(2025, 9, 9),
        paragraph=148,
        accept_deviation=True,
        approved_on=date(2025, 9, 16),
        case_number="KS 2025/311",
        text="Kommunstyrelsen beslutar att Gata/park-enheten ska flytta cykelställen vid Stora "
        "torget till torgets norra sida.",
        title="Cykelställ vid Stora torget",
        assignments=[
            AssignmentDraft(
                title="Nya cykelställ vid Stora torget",
                what="Flytta cykelställen till torgets norra sida.",
                recipients=["enhet-gata-park"],
            )
        ],
    )
    for body, office, point, day, title, content in DELEGATIONS:
        decided = date.fromisoformat(day)
        meeting = (
            Meeting.objects.filter(body=bodies[body], date__gte=decided).order_by("date").first()
        )
        services.delegation_decision_register(
            actor=None,
            system=True,
            body=bodies[body],
            delegate_office=offices[office],
            delegation_point=point,
            decided_on=decided,
            title=title,
            content=content,
            reported_meeting=meeting,
        )
    groups = {g.slug: g for g in services.target_groups_ensure(municipality=municipality)}
    tagged = 0
    for a in Assignment.objects.filter(municipality=municipality):
        text = f"{a.title} {a.what}".lower()
        slugs = [slug for slug, pattern in TAG_RULES if re.search(pattern, text)]
        for slug in slugs:
            groups[slug].assignments.add(a)
        tagged += bool(slugs)
    return {"deviations": len(DEVIATIONS) + 1, "delegations": len(DELEGATIONS), "tagged": tagged}
