"""Helpers for the economy tests: KF decisions, a mapped test municipality, small SIE files."""

from __future__ import annotations

from datetime import date

from tillit.decisions.services import decision_register
from tillit.economy import services

_paragraphs = {}


def kf_decision(tk, day: date = date(2022, 11, 20), title: str = "Mål och budget"):
    key = (tk.municipality.pk, day.year)
    _paragraphs[key] = _paragraphs.get(key, 100) + 1
    return decision_register(
        actor=tk.users["sekreterare-kf"],
        body=tk.kf,
        meeting_date=day,
        paragraph=_paragraphs[key],
        title=title,
    )


def body_decision(tk, body, secretary: str, day: date, paragraph: int = 7, title="Åtgärdsplan"):
    return decision_register(
        actor=tk.users[secretary], body=body, meeting_date=day, paragraph=paragraph, title=title
    )


def map_objects(tk):
    """Object 100 → BUN, 200 → SN; project P1 → the KF assignment."""
    m = tk.municipality
    services.mapping_set(actor=None, municipality=m, object_id="100", body=tk.bun, name="Skola")
    services.mapping_set(actor=None, municipality=m, object_id="200", body=tk.sn, name="Omsorg")
    if tk.assignment_kf is not None:
        services.mapping_set(
            actor=None, municipality=m, dimension="6", object_id="P1", assignment=tk.assignment_kf
        )


HEAD = """#FLAGGA 0
#FORMAT PC8
#SIETYP 4
#FNAMN "Testkommun"
#RAR 0 {start} {end}
#DIM 1 "Ansvar"
#OBJEKT 1 "100" "Skola"
#OBJEKT 1 "200" "Omsorg"
#OBJEKT 1 "300" "Okänt"
"""


def sie_text(vouchers: list[tuple[str, list[tuple[str, str, str]]]], *, year=2023, budget=()):
    """vouchers: [(YYYYMMDD, [(account, objects, amount), ...])]; budget: [(YYYYMM, acc, obj,
    amount)]."""
    out = [HEAD.format(start=f"{year}0101", end=f"{year}1231")]
    for period, acc, obj, amount in budget:
        out.append(f'#PBUDGET 0 {period} {acc} {{1 "{obj}"}} {amount}\n')
    for n, (day, rows) in enumerate(vouchers, start=1):
        out.append(f'#VER A {n} {day} "Ver {n}"\n{{\n')
        for acc, objs, amount in rows:
            out.append(f"   #TRANS {acc} {{{objs}}} {amount}\n")
        out.append("}\n")
    return "".join(out)


def write_sie(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_bytes(text.encode("cp437"))
    return path
