"""The economy part of the Vimmerby demo, 2022–2026, loaded through the real services.

Roughly realistic figures (invented, not Vimmerby's accounts): net costs about 1.2 billion SEK a
year in total; in 2022 socialnämnden ends about −18.7 mnkr and barn- och utbildningsnämnden
about −6.8 mnkr against their frames. After 2022 the frame increases are mostly "utan kopplat
uppdrag" — the seed's "ko-bingo".

KF's budget decisions set the frames (``frame_set``; for 2025 and 2026 the adopted budgets of
tillit.demo.budgets, through tillit.budget); KF's decisions change them
(``frame_change_register``). The actuals and the internal budget are SIE 4 files written by
:func:`write_demo_sie` (deterministic, by seed) and imported with ``sie_file_import``.
"""

from __future__ import annotations

import random
import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.db.models import Max

from tillit.assignments.models import Assignment
from tillit.decisions.models import Decision
from tillit.decisions.services import decision_register
from tillit.organisation.models import Body, Municipality

from . import imports, services
from .models import ChangeKind
from .sie.parser import format_ore

SEED = 884
YEARS = [2022, 2023, 2024, 2025, 2026]
LAST_ACTUAL_MONTH_2026 = 10  # the demo's "today": actuals booked through October 2026

# Body -> (frame 2022 in mnkr, yearly growth, responsibility objects (dim 1) with their share)
BODIES = {
    "kf": (9.0, 0.02, [("010", "Fullmäktige och revision", 1.0)]),
    "ks": (
        268.0,
        0.03,
        [
            ("110", "Kommunledning", 0.35),
            ("120", "Samhällsbyggnad", 0.45),
            ("130", "Kultur och fritid", 0.20),
        ],
    ),
    "bun": (
        468.0,
        0.035,
        [("410", "Förskola", 0.3), ("420", "Grundskola", 0.5), ("430", "Gymnasieskola", 0.2)],
    ),
    "sn": (
        432.0,
        0.04,
        [
            ("510", "Äldreomsorg", 0.55),
            ("520", "Individ- och familjeomsorg", 0.25),
            ("530", "Funktionsstöd", 0.20),
        ],
    ),
    "mbn": (11.5, 0.02, [("810", "Miljö och bygg", 1.0)]),
    "valn": (0.8, 0.0, [("020", "Val", 1.0)]),
}
# Net result against the frame at year end, mnkr (negative = deficit)
DEVIATIONS = {
    2022: {"sn": -18.7, "bun": -6.8, "ks": 3.1, "mbn": 0.4, "kf": 0.2, "valn": -0.1},
    2023: {"sn": -24.2, "bun": -9.6, "ks": 1.2, "mbn": -0.2, "kf": 0.1, "valn": 0.0},
    2024: {"sn": -16.9, "bun": -4.1, "ks": 2.4, "mbn": 0.1, "kf": 0.0, "valn": 0.1},
    2025: {"sn": -12.5, "bun": -5.3, "ks": 0.8, "mbn": 0.0, "kf": 0.1, "valn": 0.0},
    2026: {"sn": -14.0, "bun": -3.2, "ks": 0.5, "mbn": 0.1, "kf": 0.0, "valn": 0.0},
}
# Frame changes: (year, month, kind, body, mnkr, from_body, linked?, purpose)
CHANGES = [
    (2022, 6, ChangeKind.ADDITION, "sn", 6.0, None, True, "Bemanning i hemtjänsten"),
    (2022, 9, ChangeKind.ADDITION, "bun", 2.5, None, True, "Fler elever i grundskolan"),
    (2023, 4, ChangeKind.ADDITION, "sn", 12.0, None, False, "Förstärkning av ramen"),
    (2023, 4, ChangeKind.ADDITION, "bun", 5.0, None, False, "Förstärkning av ramen"),
    (2023, 10, ChangeKind.ADDITION, "sn", 4.0, None, False, "Kostnadsökningar"),
    (2024, 3, ChangeKind.ADDITION, "sn", 10.0, None, False, "Förstärkning av ramen"),
    (2024, 3, ChangeKind.REALLOCATION, "bun", 3.0, "ks", False, "Omfördelning"),
    (2024, 9, ChangeKind.ADDITION, "bun", 2.0, None, True, "Digitalisering i skolan"),
    (2025, 4, ChangeKind.ADDITION, "sn", 9.0, None, False, "Förstärkning av ramen"),
    (2025, 4, ChangeKind.ADDITION, "bun", 4.0, None, False, "Förstärkning av ramen"),
    (2025, 6, ChangeKind.CUT, "ks", 2.0, None, False, "Effektivisering"),
    (2026, 4, ChangeKind.ADDITION, "sn", 8.0, None, False, "Förstärkning av ramen"),
    (2026, 4, ChangeKind.ADDITION, "bun", 3.0, None, False, "Förstärkning av ramen"),
]
# Monthly profile of net costs (July low, December high); sums to 1
PROFILE = [0.083, 0.080, 0.085, 0.083, 0.084, 0.082, 0.062, 0.075, 0.087, 0.088, 0.087, 0.104]
ACCOUNTS_COST = ["4010", "5010", "5410", "6110", "6540", "7010", "7510"]
ACCOUNTS_REVENUE = ["3010", "3510", "3590"]
UNMAPPED_OBJECT = ("990", "Gemensamma kostnader (ej fördelade)")


def _mnkr(value: float) -> Decimal:
    return (Decimal(str(value)) * 1_000_000).quantize(Decimal("1"))


def frames_for(year: int) -> dict[str, Decimal]:
    out = {}
    for slug, (base, growth, _objs) in BODIES.items():
        out[slug] = _mnkr(round(base * (1 + growth) ** (year - 2022), 1))
    return out


def final_frames(year: int) -> dict[str, Decimal]:
    frames = frames_for(year)
    for y, _m, kind, slug, amount, from_slug, _linked, _p in CHANGES:
        if y != year:
            continue
        sign = -1 if kind == ChangeKind.CUT else 1
        frames[slug] += sign * _mnkr(amount)
        if from_slug:
            frames[from_slug] -= _mnkr(amount)
    return frames


def _split(total_ore: int, shares: list[float], rng: random.Random) -> list[int]:
    """Split an öre total into parts by shares (with a little noise), exactly."""
    raw = [s * (1 + rng.uniform(-0.04, 0.04)) for s in shares]
    norm = sum(raw)
    parts = [int(total_ore * r / norm) for r in raw]
    parts[-1] += total_ore - sum(parts)
    return parts


def write_demo_sie(path, *, year: int, months: int = 12, seed: int = SEED) -> None:
    """One SIE 4 file for a year: #PBUDGET per object and month (the internal budget = the final
    frame) and vouchers whose net cost per body ends at frame + DEVIATIONS."""
    rng = random.Random(seed * 10000 + year)
    frames = final_frames(year)
    lines = [
        "#FLAGGA 0",
        '#PROGRAM "Tillit demo" 1.0',
        "#FORMAT PC8",
        f"#GEN {year}{months:02d}28",
        "#SIETYP 4",
        '#FNAMN "Vimmerby kommun"',
        "#ORGNR 212000-0787",
        f"#RAR 0 {year}0101 {year}1231",
        f"#RAR -1 {year - 1}0101 {year - 1}1231",
        '#DIM 1 "Ansvar"',
        '#DIM 6 "Projekt"',
    ]
    objects = [(o, n, slug, s) for slug, (_b, _g, objs) in BODIES.items() for o, n, s in objs]
    for obj, name, _slug, _share in objects:
        lines.append(f'#OBJEKT 1 "{obj}" "{name}"')
    lines.append(f'#OBJEKT 1 "{UNMAPPED_OBJECT[0]}" "{UNMAPPED_OBJECT[1]}"')
    for acc in ACCOUNTS_REVENUE + ACCOUNTS_COST + ["1930", "2440"]:
        lines.append(f'#KONTO {acc} "Konto {acc}"')
    # Internal budget: final frame by object and month (costs on 5010, revenue on 3510)
    for obj, _name, slug, share in objects:
        yearly = int(frames[slug] * 100 * Decimal(str(share)))
        for m, part in enumerate(_split(yearly, PROFILE, rng), start=1):
            revenue = part // 8
            lines.append(
                f'#PBUDGET 0 {year}{m:02d} 5010 {{1 "{obj}"}} {format_ore(part + revenue)}'
            )
            lines.append(f'#PBUDGET 0 {year}{m:02d} 3510 {{1 "{obj}"}} {format_ore(-revenue)}')
    # Actuals
    ver = 0
    for obj, _name, slug, share in objects:
        result = frames[slug] - _mnkr(DEVIATIONS[year].get(slug, 0.0))
        yearly = int(result * 100 * Decimal(str(share)))
        for m, part in enumerate(_split(yearly, PROFILE, rng), start=1):
            if m > months:
                break
            n_vouchers = 4
            for v_part in _split(part, [1.0] * n_vouchers, rng):
                ver += 1
                day = date(year, m, 1) + timedelta(days=rng.randint(0, 26))
                revenue = v_part // 9
                costs = _split(v_part + revenue, [1.0, 1.0, 1.0], rng)
                lines.append(f'#VER A {ver} {day:%Y%m%d} "Bokföring {obj} {m:02d}"')
                lines.append("{")
                for amount in costs:
                    acc = rng.choice(ACCOUNTS_COST)
                    lines.append(f'\t#TRANS {acc} {{1 "{obj}"}} {format_ore(amount)}')
                acc = rng.choice(ACCOUNTS_REVENUE)
                lines.append(f'\t#TRANS {acc} {{1 "{obj}"}} {format_ore(-revenue)}')
                lines.append(f"\t#TRANS 1930 {{}} {format_ore(-v_part)}")
                lines.append("}")
    # A small cost centre nobody has mapped yet (shows the "ej kopplade" bucket)
    for m in range(1, months + 1):
        ver += 1
        lines += [
            f'#VER B {ver} {year}{m:02d}15 "Gemensamt"',
            "{",
            f'\t#TRANS 6540 {{1 "{UNMAPPED_OBJECT[0]}"}} 42500.00',
            "\t#TRANS 2440 {} -42500.00",
            "}",
        ]
    Path(path).write_bytes(("\n".join(lines) + "\n").encode("cp437"))


def demo_paragraph(body: Body, day: date) -> int:
    """The body's § for a demo meeting on ``day``: where that day's minutes would be in the
    demo's numbering (tillit.demo.data.PARAGRAPHS_PER_DAY, as the loader numbers its own
    decisions), after every § of the body's earlier meetings that year, and not one already
    taken — so KF's in-year frame changes (spring) come before its budget (November) and the §
    rise with the meeting date. Deterministic: the same data gives the same numbers."""
    from tillit.demo.data import PARAGRAPHS_PER_DAY

    decisions = Decision.objects.filter(body=body, year=day.year)
    taken = set(decisions.values_list("paragraph", flat=True))
    earlier = decisions.filter(meeting__date__lte=day).aggregate(n=Max("paragraph"))["n"]
    paragraph = max(
        (earlier or 0) + 1,
        int(day.timetuple().tm_yday * PARAGRAPHS_PER_DAY.get(body.slug, 0.35)) + 1,
    )
    while paragraph in taken:
        paragraph += 1
    return paragraph


def _kf_decision(m, actor, kf: Body, day: date, title: str, text: str) -> Decision:
    while day.weekday() >= 5:  # meetings are held on weekdays
        day += timedelta(days=1)
    return decision_register(
        actor=actor,
        body=kf,
        meeting_date=day,
        approved_on=day + timedelta(days=9),
        paragraph=demo_paragraph(kf, day),
        title=title,
        text=text,
        case_number=f"KS {day.year - (1 if day.month > 10 else 0)}/{400 + day.month}",
    )


def economy_demo_load(*, municipality: Municipality, actor, budgets=None) -> dict:
    """Frames, frame changes, mappings, SIE imports, forecasts and an action plan.

    ``budgets`` maps a year to a callable that adopts that year's budget through
    tillit.budget (tillit.demo.budgets): its frames are then the previous year's final frames
    plus the budget's changes, which must come to :func:`frames_for`. Other years get KF's
    frames with ``frame_set``. Year by year, so a budget sees the previous year's changes."""
    bodies = {b.slug: b for b in Body.objects.filter(municipality=municipality)}
    kf = bodies["kf"]
    for slug, (_b, _g, objs) in BODIES.items():
        for obj, name, _share in objs:
            services.mapping_set(
                actor=None, municipality=municipality, object_id=obj, body=bodies[slug], name=name
            )
    kf_assignments = list(
        Assignment.objects.filter(municipality=municipality, issuer=kf)
        .prefetch_related("recipients")
        .order_by("issued_on")
    )
    for year in YEARS:
        if budgets and year in budgets:
            budgets[year]()
        else:
            budget = _kf_decision(
                municipality,
                actor,
                kf,
                date(year - 1, 11, 21),
                f"Mål och budget {year} med plan för {year + 1}–{year + 2}",
                f"Kommunfullmäktige fastställer ramarna för nämnderna {year}.",
            )
            for slug, amount in frames_for(year).items():
                services.frame_set(
                    actor=None, body=bodies[slug], year=year, amount=amount, decision=budget
                )
        _changes(municipality, actor, bodies, kf_assignments, year)
    imported = 0
    with tempfile.TemporaryDirectory(prefix="tillit-demo-sie-") as folder:
        for year in YEARS:
            path = Path(folder) / f"vimmerby-{year}.se"
            write_demo_sie(path, year=year, months=LAST_ACTUAL_MONTH_2026 if year == 2026 else 12)
            result = imports.sie_file_import(municipality=municipality, path=path, actor=None)
            imported += result.rows
    # Reported forecasts for 2026 (the administration expects a bit less than the projection)
    for slug, deficit in (("sn", 15.5), ("bun", 3.0), ("ks", -0.5)):
        services.forecast_report(
            actor=None,
            body=bodies[slug],
            year=2026,
            as_of=date(2026, LAST_ACTUAL_MONTH_2026, 1),
            amount=final_frames(2026)[slug] + _mnkr(deficit),
            note="Förvaltningens prognos efter oktober.",
        )
    # Socialnämnden decided an action plan for the 2023 deficit; no one else did
    sn_decision = (
        Decision.objects.filter(body=bodies["sn"], year=2023).order_by("meeting__date").last()
    )
    if sn_decision is not None:
        services.action_plan_link(
            actor=None,
            body=bodies["sn"],
            year=2023,
            decision=sn_decision,
            note="Åtgärdsplan för ekonomi i balans inom äldreomsorgen.",
        )
    return {"actual_rows": imported}


def _changes(municipality, actor, bodies, kf_assignments, year: int) -> None:
    """KF's in-year frame changes of one year (CHANGES)."""
    kf = bodies["kf"]
    decisions: dict[tuple[int, int], Decision] = {}
    for y, month, kind, slug, amount, from_slug, linked, purpose in CHANGES:
        if y != year:
            continue
        key = (year, month)
        if key not in decisions:
            decisions[key] = _kf_decision(
                municipality,
                actor,
                kf,
                date(year, month, 20),
                f"Ändrade ramar {year}",
                "Kommunfullmäktige beslutar om ändrade ramar för nämnderna.",
            )
        links = []
        if linked:
            links = [
                a
                for a in kf_assignments
                if any(r.body_id == bodies[slug].pk for r in a.recipients.all())
                and a.issued_on.year <= year
            ][-1:] or kf_assignments[:1]
        services.frame_change_register(
            actor=None,
            decision=decisions[key],
            kind=kind,
            body=bodies[slug],
            from_body=bodies[from_slug] if from_slug else None,
            year=year,
            amount=_mnkr(amount),
            assignments=links,
            unlinked=not links,
            purpose=purpose,
        )
