"""The budget part of the Vimmerby demo: Mål och budget 2027, adopted by kommunfullmäktige in
November 2026, and an opposition proposal for the same year. Loaded through the real services.

Both start from the economy demo's final frames 2026 (tillit.economy.demo.final_frames: KF's
frames plus the year's changes), so the economy pages continue from them. All amounts, texts and
targets are invented. The majority's budget says what each krona is for — index, volume,
efficiency, a technical move and new assignments with resources — and gives every nämnd and
kommunstyrelsen its grunduppdrag with indicators; the opposition's adds money without purpose
("utan kopplat uppdrag"), so the comparison page shows the difference.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from tillit.organisation.models import Body, Municipality

from . import services
from .selectors import previous_frames

YEAR = 2027
ADOPTED_ON = date(2026, 11, 23)  # KF's budget meeting (a Monday)
MAJORITY = "S+C+V"
OPPOSITION = "M+KD"
M = 1_000_000


def _index(previous: Decimal, percent: str) -> int:
    """previous × percent / 100, rounded to thousands of kronor."""
    amount = previous * Decimal(percent) / 100 / Decimal(1000)
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)) * 1000


def _mnkr(value: float) -> int:
    return int(Decimal(str(value)) * M)


MISSIONS = {
    "ks": {
        "what": "Kommunen leds och samordnas så att verksamheterna tillsammans når fullmäktiges "
        "mål med en ekonomi i balans: resultatet är minst 2 procent av skatter och bidrag, och "
        "invånare och företag får svar och service i tid.",
        "indicators": [
            {
                "code": "N00005",
                "title": "Resultat före extraordinära poster, andel av skatt och generella "
                "bidrag (%)",
                "unit": "%",
                "target": 2,
            }
        ],
    },
    "bun": {
        "what": "Alla barn och elever utvecklas och lär sig så långt det är möjligt: fler "
        "elever lämnar grundskolan behöriga till gymnasiet och förskolan ger barnen en god "
        "start.",
        "indicators": [
            {
                "code": "N15428",
                "title": "Elever i åk 9 som är behöriga till yrkesprogram, hemkommun, andel (%)",
                "unit": "%",
                "target": 78,
            }
        ],
    },
    "sn": {
        "what": "Äldre och personer med funktionsnedsättning får det stöd de behöver för ett "
        "självständigt liv, och barn och familjer får tidigt stöd; brukarna är nöjda med "
        "hemtjänsten.",
        "indicators": [
            {
                "code": "U21468",
                "title": "Brukarbedömning hemtjänst äldreomsorg – helhetssyn, andel (%)",
                "unit": "%",
                "target": 88,
            }
        ],
    },
    "mbn": {
        "what": "Tillsyn och bygglov ger en hållbar och säker miljö: beslut om bygglov fattas "
        "inom lagstadgad tid och den planerade tillsynen genomförs.",
        "indicators": [],
    },
    "valn": {
        "what": "Val och folkomröstningar genomförs korrekt och tillgängligt för alla väljare.",
        "indicators": [],
    },
}


def _majority_lines(prev: dict[str, Decimal]) -> list[dict]:
    def plan(frame: int) -> dict:
        return {
            str(YEAR + 1): _index(Decimal(frame), "102"),
            str(YEAR + 2): _index(Decimal(frame), "104"),
        }

    lines = [
        {
            "body": "kf",
            "changes": [
                {"kind": "index", "amount_sek": _index(prev["kf"], "2.9"), "note": "2,9 %"}
            ],
        },
        {
            "body": "ks",
            "changes": [
                {"kind": "index", "amount_sek": _index(prev["ks"], "2.9"), "note": "2,9 %"},
                {
                    "kind": "assignment",
                    "amount_sek": _mnkr(1.5),
                    "note": "Digitalisering som frigör resurser",
                    "new_assignment": {
                        "title": "Digitalisering som frigör resurser till skola och omsorg",
                        "what": "Digitala arbetssätt frigör minst 10 mnkr per år från 2029 som "
                        "förs till skola och äldreomsorg, utan att servicen till invånarna "
                        "försämras.",
                        "why": "Fullmäktige vill att resurser flyttas från administration till "
                        "kärnverksamhet.",
                        "recipients": ["ks"],
                        "resources_sek": "1500000",
                        "deadline": "2028-12-31",
                        "followups": ["2027-08-31", "2028-02-28"],
                    },
                },
                {
                    "kind": "technical",
                    "amount_sek": -_mnkr(2.0),
                    "note": "Skolskjutsen flyttas till barn- och utbildningsnämnden",
                    "counterpart": "bun",
                },
                {
                    "kind": "efficiency",
                    "amount_sek": -_mnkr(3.0),
                    "note": "Effektiviseringskrav på administrationen",
                },
            ],
        },
        {
            "body": "bun",
            "changes": [
                {"kind": "index", "amount_sek": _index(prev["bun"], "2.9"), "note": "2,9 %"},
                {
                    "kind": "volume",
                    "amount_sek": _mnkr(6.0),
                    "driver": "Fler elever i grundskolan (+45 elever)",
                },
                {
                    "kind": "assignment",
                    "amount_sek": _mnkr(3.0),
                    "note": "Behörighet till gymnasiet",
                    "new_assignment": {
                        "title": "Fler elever behöriga till gymnasiet",
                        "what": "Andelen elever i årskurs 9 som är behöriga till yrkesprogram "
                        "ökar till minst 78 % 2027 och 80 % 2029.",
                        "why": "Behörigheten har legat under jämförbara kommuner i flera år.",
                        "recipients": ["bun"],
                        "resources_sek": "3000000",
                        "deadline": "2029-06-30",
                        "followups": ["2027-08-31", "2028-08-31"],
                    },
                },
                {
                    "kind": "assignment",
                    "amount_sek": _mnkr(2.0),
                    "note": "Tidiga insatser i samverkan",
                    "new_assignment": {
                        "title": "Tidiga insatser för barn och unga i samverkan",
                        "what": "Färre barn och unga behöver placeras utanför hemmet, och fler "
                        "fullföljer skolan, genom att skola och socialtjänst arbetar som en "
                        "helhet.",
                        "recipients": ["bun", "sn"],
                        "lead": "bun",
                        "resources_sek": "2000000",
                        "deadline": "2028-12-31",
                        "followups": ["2027-08-31"],
                    },
                },
                {
                    "kind": "efficiency",
                    "amount_sek": -_mnkr(4.0),
                    "note": "Effektivare lokalanvändning",
                },
            ],
        },
        {
            "body": "sn",
            "changes": [
                {"kind": "index", "amount_sek": _index(prev["sn"], "2.9"), "note": "2,9 %"},
                {
                    "kind": "volume",
                    "amount_sek": _mnkr(9.0),
                    "driver": "Fler invånare över 80 år (+60 personer)",
                },
                {
                    "kind": "assignment",
                    "amount_sek": _mnkr(4.0),
                    "note": "Ekonomi i balans i äldreomsorgen",
                    "new_assignment": {
                        "title": "Äldreomsorg med ekonomi i balans",
                        "what": "Socialnämnden har en ekonomi i balans 2028 och brukarnas "
                        "helhetsbedömning av hemtjänsten är minst 88 %.",
                        "why": "Underskotten har återkommit varje år sedan 2022.",
                        "recipients": ["sn"],
                        "resources_sek": "4000000",
                        "deadline": "2028-12-31",
                        "followups": ["2027-04-30", "2027-08-31"],
                    },
                },
                {
                    "kind": "efficiency",
                    "amount_sek": -_mnkr(5.0),
                    "note": "Mindre inhyrd personal",
                },
            ],
        },
        {
            "body": "mbn",
            "changes": [
                {"kind": "index", "amount_sek": _index(prev["mbn"], "2.9"), "note": "2,9 %"},
                {"kind": "unlinked", "amount_sek": _mnkr(0.3), "note": "Förstärkning"},
            ],
        },
        {
            "body": "valn",
            "changes": [
                {"kind": "index", "amount_sek": _index(prev["valn"], "2.9"), "note": "2,9 %"},
            ],
        },
    ]
    for line in lines:
        if line["body"] in MISSIONS:
            line["mission"] = MISSIONS[line["body"]]
    # Plan years: the new frame raised 2 and 4 % (the proposal states them per body).
    technical = {"bun": _mnkr(2.0), "ks": 0}
    for line in lines:
        frame = prev[line["body"]] + sum(c["amount_sek"] for c in line["changes"])
        frame += technical.get(line["body"], 0)
        line["frame_sek"] = int(frame)
        line["plan"] = plan(int(frame))
    return lines


def _opposition_lines(prev: dict[str, Decimal]) -> list[dict]:
    return [
        {
            "body": "ks",
            "changes": [
                {"kind": "index", "amount_sek": _index(prev["ks"], "2.5"), "note": "2,5 %"},
                {"kind": "efficiency", "amount_sek": -_mnkr(6.0), "note": "Minskad administration"},
            ],
        },
        {
            "body": "bun",
            "changes": [
                {"kind": "index", "amount_sek": _index(prev["bun"], "2.5"), "note": "2,5 %"},
                {"kind": "unlinked", "amount_sek": _mnkr(8.0), "note": "Förstärkning av ramen"},
            ],
        },
        {
            "body": "sn",
            "changes": [
                {"kind": "index", "amount_sek": _index(prev["sn"], "2.5"), "note": "2,5 %"},
                {"kind": "unlinked", "amount_sek": _mnkr(12.0), "note": "Förstärkning av ramen"},
            ],
        },
        {
            "body": "mbn",
            "changes": [
                {"kind": "index", "amount_sek": _index(prev["mbn"], "2.5"), "note": "2,5 %"}
            ],
        },
    ]


GOALS = [
    "Barn och unga i Vimmerby lyckas i skolan och får en trygg uppväxt.",
    "Äldre och personer med stöd får en omsorg med god kvalitet inom ramen för en ekonomi i "
    "balans.",
    "Kommunens verksamheter arbetar som en helhet över nämndgränserna, och digitaliseringen "
    "frigör resurser till kärnverksamheten.",
    "Vimmerby är en attraktiv kommun att bo, verka och driva företag i.",
]
FINANCIAL_NET = -_mnkr(6.0)
FINANCIAL_GOAL = "2"


def _tax_revenue(lines: list[dict]) -> int:
    """Invented skatteintäkter och generella statsbidrag: the level that leaves the majority's
    budget a result of about 2.1 % of skatter och bidrag."""
    net = sum(line["frame_sek"] for line in lines)
    tax = (Decimal(net) - FINANCIAL_NET) / Decimal("0.979")
    return int((tax / M).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * M


def budget_demo_load(*, municipality: Municipality, actor) -> dict:
    """Two proposals for 2027; KF adopts the majority's on 23 November 2026."""
    bodies = {b.slug: b for b in Body.objects.filter(municipality=municipality)}
    prev_by_id = previous_frames(municipality=municipality, year=YEAR)
    prev = {slug: prev_by_id[b.pk] for slug, b in bodies.items() if b.pk in prev_by_id}
    lines = _majority_lines(prev)
    tax = _tax_revenue(lines)
    majority = services.budget_propose(
        actor=None,
        municipality=municipality,
        year=YEAR,
        title=f"Mål och budget {YEAR} med plan {YEAR + 1}–{YEAR + 2}",
        proposed_by=MAJORITY,
        lines=lines,
        goals=GOALS,
        tax_revenue=tax,
        financial_net=FINANCIAL_NET,
        financial_goal=FINANCIAL_GOAL,
    )
    services.budget_propose(
        actor=None,
        municipality=municipality,
        year=YEAR,
        title=f"Budget {YEAR} – oppositionens förslag",
        proposed_by=OPPOSITION,
        lines=_opposition_lines(prev),
        goals=["Trygghet och kunskap i skolan.", "En omsorg att lita på."],
        tax_revenue=tax,
        financial_net=FINANCIAL_NET,
        financial_goal=FINANCIAL_GOAL,
    )
    day = ADOPTED_ON
    while day.weekday() >= 5:
        day += timedelta(days=1)
    # KF's § where the minutes of a November meeting would be (tillit.demo.data numbering).
    from tillit.economy.demo import demo_paragraph

    paragraph = demo_paragraph(bodies["kf"], day)
    result = services.budget_adopt(
        actor=actor,
        budget=majority,
        meeting_date=day,
        paragraph=paragraph,
        case_number="KS 2026/412",
        approved_on=day + timedelta(days=9),
    )
    return {"budget_decision": result.decision.reference, "frames": result.frames}
