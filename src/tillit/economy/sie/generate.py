"""A deterministic generator of valid SIE 4 files, for tests, benchmarks and demo data.

``generate_sie(path, transactions=N, seed=S)`` writes a SIE 4 file (``#FORMAT PC8``,
codepage 437 by default, with å/ä/ö in names and texts) and returns the totals it wrote,
so a reader can be checked against them. The same arguments always give the same bytes.

The file exercises the rules a reader must follow: vouchers of 2-6 balanced rows, object
lists in several spellings (``{1 "100" 6 "P3"}``, ``{}``, ``{ }``), quoted texts with
``\\"`` escapes, some ``#RTRANS`` rows with their ``#TRANS`` twins, some ``#BTRANS`` rows,
``#PBUDGET`` per object and month, an unknown record, and optionally a fiscal year that
is not a calendar year (``fiscal_start_month=7`` gives July-June).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from .parser import format_ore

__all__ = ["GeneratedTotals", "generate_sie"]

RESULT_ACCOUNTS = [
    ("3010", "Försäljning av tjänster"),
    ("3510", "Taxor och avgifter"),
    ("3590", "Övriga intäkter"),
    ("4010", "Inköp av material"),
    ("4610", "Bidrag till föreningar"),
    ("5010", "Löner månadsavlönade"),
    ("5410", "Förbrukningsinventarier"),
    ("6110", "Kontorsmateriel"),
    ("6250", "Porto"),
    ("6540", "IT-tjänster"),
    ("7010", "Löner tjänstemän"),
    ("7510", "Arbetsgivaravgifter"),
    ("8310", "Ränteintäkter"),
    ("8410", "Räntekostnader"),
]
BALANCE_ACCOUNTS = [
    ("1510", "Kundfordringar"),
    ("1930", "Företagskonto"),
    ("2440", "Leverantörsskulder"),
    ("2640", "Ingående moms"),
]
UNITS = [
    "Förvaltning",
    "Äldreomsorg",
    "Grundskola",
    "Förskola",
    "Gymnasium",
    "Socialtjänst",
    "Kultur och fritid",
    "Räddningstjänst",
    "Gata/park",
    "Måltidsservice",
]
TEXTS = [
    "Faktura",
    "Lön",
    "Inköp av förbrukningsmaterial",
    "Hyra lokal",
    "Måltider äldreboende",
    "Återbetalning",
    "Städning skolgård",
    'Avgift "Öppen förskola"',
    "Bidrag förening",
    "Övertid",
]


@dataclass
class GeneratedTotals:
    """What the generator wrote. Sums are integer öre."""

    company: str
    fiscal_year: tuple[date, date]
    vouchers: int = 0
    transactions: int = 0
    result_by_object: dict[str, dict[str, int]] = field(default_factory=dict)
    budget_by_object: dict[str, dict[str, int]] = field(default_factory=dict)

    def expected_summary(self) -> dict:
        """The summary a correct reader must produce for dimension 1."""

        def fmt(sums):
            return {
                k: {m: format_ore(v) for m, v in sorted(ms.items())}
                for k, ms in sorted(sums.items())
            }

        return {
            "company": self.company,
            "fiscal_year": {
                "start": self.fiscal_year[0].isoformat(),
                "end": self.fiscal_year[1].isoformat(),
            },
            "vouchers": self.vouchers,
            "transactions": self.transactions,
            "result_by_object": fmt(self.result_by_object),
            "budget_by_object": fmt(self.budget_by_object),
            "warnings": [],
        }


def _q(text: str) -> str:
    return '"' + text.replace('"', '\\"') + '"'


def _add(sums: dict[str, dict[str, int]], obj: str, month: str, ore: int) -> None:
    months = sums.setdefault(obj, {})
    months[month] = months.get(month, 0) + ore


def generate_sie(
    path,
    *,
    transactions: int,
    seed: int,
    objects: int = 20,
    projects: int = 5,
    year: int = 2023,
    fiscal_start_month: int = 1,
    company: str = "Vimmerby kommun, Ekonomiavdelningen",
    encoding: str = "cp437",
    rtrans_share: float = 0.02,
    btrans_share: float = 0.02,
    budget: bool = True,
    crlf: bool = False,
) -> GeneratedTotals:
    """Write a valid SIE 4 file with exactly ``transactions`` counted rows.

    Object ids of dimension 1 are "100", "101", ...; dimension 6 holds projects "P1"...
    About 10 % of rows have no dimension-1 object (they sum under ""), and every voucher
    ends with a balancing row on a balance-sheet account.
    """
    if transactions < 0:
        raise ValueError("transactions must be >= 0")
    rng = random.Random(seed)
    start = date(year, fiscal_start_month, 1)
    end_year = year + (1 if fiscal_start_month > 1 else 0)
    end_month = fiscal_start_month - 1 if fiscal_start_month > 1 else 12
    end = (date(end_year + (end_month == 12), end_month % 12 + 1, 1)) - timedelta(days=1)
    span = (end - start).days
    totals = GeneratedTotals(company=company, fiscal_year=(start, end))
    obj_ids = [str(100 + i) for i in range(max(objects, 1))]
    proj_ids = [f"P{i + 1}" for i in range(projects)]
    nl = "\r\n" if crlf else "\n"
    d8 = "%Y%m%d"

    out: list[str] = []
    w = out.append
    w("#FLAGGA 0")
    w('#PROGRAM "Tillit SIE-generator" 1.0')
    w("#FORMAT PC8")
    w(f"#GEN {end.strftime(d8)} tillit")
    w("#SIETYP 4")
    w(f"#FNAMN {_q(company)}")
    w("#ORGNR 212000-0787")
    w("#KPTYP EUBAS97")
    w(f"#RAR 0 {start.strftime(d8)} {end.strftime(d8)}")
    prev = date(start.year - 1, start.month, 1)
    w(f"#RAR -1 {prev.strftime(d8)} {(start - timedelta(days=1)).strftime(d8)}")
    w('#PROSA "Genererad testfil, inte riktiga data"')
    for acc, name in BALANCE_ACCOUNTS + RESULT_ACCOUNTS:
        w(f"#KONTO {acc} {_q(name)}")
    w("#KTYP 1510 T")
    w('#DIM 1 "Ansvar/kostnadsställe"')
    w('#DIM 6 "Projekt"')
    w('#UNDERDIM 21 "Underavdelning" 1')
    for i, obj in enumerate(obj_ids):
        name = UNITS[i % len(UNITS)]
        if i >= len(UNITS):
            name += f" {i // len(UNITS) + 1}"
        w(f'#OBJEKT 1 "{obj}" {_q(name)}')
    for i, proj in enumerate(proj_ids):
        w(f'#OBJEKT 6 "{proj}" {_q(f"Projekt Ödeshög {i + 1}")}')
    w("#XYZOKAND detta är en okänd post som ska ignoreras")
    w("#IB 0 1930 125000.00")
    w("#UB 0 1930 98000.50")
    w("#IB -1 1930 101000.00")
    w("#RES 0 3010 -250000.00")
    if budget:
        # Per object and month on three result accounts, and rows a summary must skip.
        months = []
        y, m = start.year, start.month
        for _ in range(12):
            months.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        for obj in obj_ids:
            for y, m in months:
                for acc in ("3510", "5010", "6110"):
                    ore = rng.randrange(1_000_00, 500_000_00)
                    if acc.startswith("3"):
                        ore = -ore
                    w(f'#PBUDGET 0 {y}{m:02d} {acc} {{1 "{obj}"}} {format_ore(ore)}')
                    _add(totals.budget_by_object, obj, f"{y}-{m:02d}", ore)
        for y, m in months[:3]:
            ore = rng.randrange(1_00, 10_000_00)
            w(f"#PBUDGET 0 {y}{m:02d} 6250 {{}} {format_ore(ore)} 12")
            _add(totals.budget_by_object, "", f"{y}-{m:02d}", ore)
            w(f"#PBUDGET -1 {y - 1}{m:02d} 6250 {{}} {format_ore(ore)}")  # other year
            w(f'#PBUDGET 0 {y}{m:02d} 1930 {{1 "{obj_ids[0]}"}} 5.00')  # balance account
        w(f'#PSALDO 0 {start.year}{start.month:02d} 3010 {{1 "{obj_ids[0]}"}} -1243.50')

    written = 0
    vernr = 0
    fh = open(path, "wb")  # noqa: SIM115 - written in batches below
    try:
        fh.write((nl.join(out) + nl).encode(encoding))
        out.clear()
        result_accounts = [a for a, _ in RESULT_ACCOUNTS]
        balance_accounts = [a for a, _ in BALANCE_ACCOUNTS]
        while written < transactions:
            remaining = transactions - written
            n = rng.randint(2, 6)
            n = min(n, remaining)  # a final one-row voucher gets a zero amount
            vernr += 1
            vday = start + timedelta(days=rng.randint(0, span))
            month = f"{vday.year}-{vday.month:02d}"
            vdate = vday.strftime(d8)
            text = rng.choice(TEXTS)
            if rng.random() < 0.3:
                reg = (vday + timedelta(days=rng.randint(0, 5))).strftime(d8)
                w(f"#VER A {vernr} {vdate} {_q(text)} {reg}")
            else:
                w(f"#VER A {vernr} {vdate} {_q(text)}")
            w("{")
            rows = []
            total = 0
            for i in range(n):
                last = i == n - 1
                if last:
                    acc = rng.choice(balance_accounts)
                    ore = -total
                else:
                    acc = rng.choice(result_accounts) if rng.random() < 0.85 else "2640"
                    ore = rng.randrange(1, 5_000_000) * (1 if rng.random() < 0.7 else -1)
                    if n == 1:
                        ore = 0
                    total += ore
                r = rng.random()
                if r < 0.9:
                    obj = rng.choice(obj_ids)
                    if rng.random() < 0.3:
                        objs = f'{{1 "{obj}" 6 "{rng.choice(proj_ids)}"}}' if proj_ids else ""
                        objs = objs or f'{{1 "{obj}"}}'
                    else:
                        objs = f'{{1 "{obj}"}}'
                elif r < 0.95:
                    obj = ""
                    objs = "{}" if rng.random() < 0.5 else "{ }"
                else:
                    obj = ""
                    objs = f'{{6 "{rng.choice(proj_ids)}"}}' if proj_ids else "{ }"
                rows.append((acc, objs, ore, obj))
            for acc, objs, ore, obj in rows:
                amount = format_ore(ore)
                kind = rng.random()
                if kind < btrans_share:
                    w(f"\t#BTRANS {acc} {objs} {format_ore(rng.randrange(1, 99999))} {vdate}")
                if kind > 1 - rtrans_share:
                    row = f"{acc} {objs} {amount} {vdate} {_q(text)}"
                    w(f"\t#RTRANS {row}")
                    w(f"\t#TRANS {row}")
                elif kind < 0.05:
                    w(f"\t#TRANS {acc} {objs} {amount}")  # no transdat/text
                else:
                    w(f"\t#TRANS {acc} {objs} {amount} {vdate} {_q(text)}")
                if acc in _RESULT_SET:
                    _add(totals.result_by_object, obj, month, ore)
            w("}")
            written += n
            totals.vouchers += 1
            totals.transactions += n
            if len(out) > 20_000:
                fh.write((nl.join(out) + nl).encode(encoding))
                out.clear()
        if out:
            fh.write((nl.join(out) + nl).encode(encoding))
    finally:
        fh.close()
    return totals


_RESULT_SET = {a for a, _ in RESULT_ACCOUNTS}
