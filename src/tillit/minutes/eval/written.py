"""Build the written protocols of the evaluation corpus (``python -m tillit.minutes.eval.written``).

They imitate the layouts of the real protocols in corpus/real-*.txt with their messiness: page
headers and footers in the middle of the text, "§ 45 forts." after a page break, hyphenated line
ends, "§ 45"/"§45"/"KS § 45"/"§ 45/24" headings, tables of contents and "Paragrafer 45–58" on
the cover, flattened attendance tables, references to other bodies' paragraphs, many forms of
decision headings, proposals and yrkanden that are not the decision. Content comes from
cases_dev.py (dev part) and cases_heldout.py (held-out part), which share no sentence.

The output is deterministic (fixed seeds); the files are committed, this script documents how
they were made. Gold labels are NOT produced here: annotators label the files blind
(docs/minutes-annotation.md).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from . import cases_dev, cases_heldout

CORPUS = Path(__file__).with_name("corpus")

PEOPLE = [
    "Karin Lindqvist (S)",
    "Per Åberg (M)",
    "Lena Forsman (C)",
    "Jonas Heed (KD)",
    "Maria Sandell (V)",
    "Olle Ringdahl (SD)",
    "Eva Björkholm (L)",
    "Ahmed Rahimi (S)",
    "Sofia Tallberg (MP)",
    "Göran Vikström (M)",
]


@dataclass
class Doc:
    slug: str
    part: str  # dev | heldout
    municipality: str
    body: str
    body_gen: str
    abbr: str
    date: str
    first: int
    n: int
    seed: int
    heading: str  # "space" | "nospace" | "abbr" | "year" | "below"
    decision_heading: str  # "beslut" | "gen" | "beslutar" | "namnden" | "inline"
    decision_form: str  # "att" | "prose" | "numbered" | "bullets"
    decision_first: bool
    page_mark: str  # "protokoll" | "sida" | "paren"
    formfeed: bool
    forts: bool
    width: int
    toc: str  # "dots" | "plain" | "none"
    attendance: bool


DOCS = [
    Doc(
        "written-dev-01-vimmerby-ks",
        "dev",
        "Vimmerby kommun",
        "Kommunstyrelsen",
        "Kommunstyrelsens",
        "KS",
        "2024-03-12",
        45,
        14,
        1,
        "abbr",
        "gen",
        "att",
        False,
        "protokoll",
        True,
        True,
        88,
        "dots",
        True,
    ),
    Doc(
        "written-dev-02-hultsfred-bun",
        "dev",
        "Hultsfreds kommun",
        "Barn- och utbildningsnämnden",
        "Barn- och utbildningsnämndens",
        "BUN",
        "2024-02-20",
        12,
        14,
        2,
        "space",
        "beslut",
        "numbered",
        True,
        "sida",
        False,
        True,
        72,
        "plain",
        False,
    ),
    Doc(
        "written-dev-03-kalmar-sn",
        "dev",
        "Kalmar kommun",
        "Socialnämnden",
        "Socialnämndens",
        "SN",
        "2024-04-17",
        61,
        14,
        3,
        "year",
        "beslut",
        "bullets",
        True,
        "paren",
        True,
        False,
        80,
        "none",
        True,
    ),
    Doc(
        "written-dev-04-eksjo-kf",
        "dev",
        "Eksjö kommun",
        "Kommunfullmäktige",
        "Kommunfullmäktiges",
        "KF",
        "2024-05-27",
        88,
        14,
        4,
        "below",
        "gen",
        "prose",
        False,
        "protokoll",
        False,
        True,
        64,
        "dots",
        True,
    ),
    Doc(
        "written-dev-05-mora-tn",
        "dev",
        "Mora kommun",
        "Tekniska nämnden",
        "Tekniska nämndens",
        "TN",
        "2024-06-11",
        30,
        14,
        5,
        "nospace",
        "namnden",
        "att",
        False,
        "sida",
        True,
        True,
        70,
        "none",
        False,
    ),
    Doc(
        "written-dev-06-kiruna-ksau",
        "dev",
        "Kiruna kommun",
        "Kommunstyrelsens arbetsutskott",
        "Kommunstyrelsens arbetsutskotts",
        "KSAU",
        "2024-09-03",
        101,
        14,
        6,
        "space",
        "beslutar",
        "att",
        True,
        "paren",
        False,
        False,
        76,
        "plain",
        True,
    ),
    Doc(
        "written-ho-01-ludvika-ks",
        "heldout",
        "Ludvika kommun",
        "Kommunstyrelsen",
        "Kommunstyrelsens",
        "KS",
        "2024-10-08",
        150,
        14,
        11,
        "abbr",
        "beslut",
        "numbered",
        False,
        "protokoll",
        True,
        True,
        74,
        "plain",
        True,
    ),
    Doc(
        "written-ho-02-sala-kfn",
        "heldout",
        "Sala kommun",
        "Kultur- och fritidsnämnden",
        "Kultur- och fritidsnämndens",
        "KFN",
        "2024-03-21",
        18,
        14,
        12,
        "year",
        "gen",
        "att",
        True,
        "sida",
        False,
        True,
        68,
        "dots",
        False,
    ),
    Doc(
        "written-ho-03-tranas-von",
        "heldout",
        "Tranås kommun",
        "Vård- och omsorgsnämnden",
        "Vård- och omsorgsnämndens",
        "VON",
        "2024-11-14",
        77,
        14,
        13,
        "nospace",
        "beslutar",
        "prose",
        False,
        "paren",
        True,
        True,
        82,
        "none",
        True,
    ),
    Doc(
        "written-ho-04-borlange-mbn",
        "heldout",
        "Borlänge kommun",
        "Miljö- och byggnadsnämnden",
        "Miljö- och byggnadsnämndens",
        "MBN",
        "2024-08-29",
        204,
        14,
        14,
        "below",
        "namnden",
        "bullets",
        False,
        "protokoll",
        False,
        True,
        66,
        "plain",
        False,
    ),
    Doc(
        "written-ho-05-arvika-kf",
        "heldout",
        "Arvika kommun",
        "Kommunfullmäktige",
        "Kommunfullmäktiges",
        "KF",
        "2024-12-16",
        120,
        14,
        15,
        "space",
        "gen",
        "att",
        True,
        "sida",
        True,
        False,
        78,
        "dots",
        True,
    ),
]

FORMAL = {
    "Val av justerare",
    "Fastställande av dagordning",
    "Justering av protokollet",
    "Godkännande av föredragningslistan",
}


def _fill(text: str, doc: Doc, rng: random.Random) -> str:
    return (
        text.replace("{bodys}", doc.body_gen)
        .replace("{body}", doc.body)
        .replace("{j}", PEOPLE[doc.seed % len(PEOPLE)])
        .replace("{j2}", PEOPLE[(doc.seed + 3) % len(PEOPLE)])
    )


def _wrap(text: str, width: int, rng: random.Random, hyphenate: bool = True) -> list[str]:
    """Wrap like a word processor that hyphenates long words at the line end."""
    words = text.split()
    lines: list[str] = []
    line = ""
    for word in words:
        if not line:
            line = word
            continue
        if len(line) + 1 + len(word) <= width:
            line += " " + word
            continue
        room = width - len(line) - 2
        if hyphenate and len(word) >= 10 and room >= 4 and word.isalpha() and rng.random() < 0.7:
            cut = min(room, len(word) - 4)
            lines.append(f"{line} {word[:cut]}-")
            line = word[cut:]
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def _heading(doc: Doc, number: int, title: str, dnr: str | None) -> list[str]:
    d = f"Dnr {dnr}" if dnr else ""
    yy = doc.date[2:4]
    if doc.heading == "space":
        return [f"§ {number} {title}"] + ([d] if d else [])
    if doc.heading == "nospace":
        return [f"§{number}  {title}" + (f"  {d}" if d else "")]
    if doc.heading == "abbr":
        return [f"{doc.abbr} § {number}" + (f"    {d}" if d else ""), title]
    if doc.heading == "year":
        return [f"§ {number}/{yy}  {title}"] + ([d] if d else [])
    return [f"§ {number}", title] + ([d] if d else [])


def _decision_heading(doc: Doc) -> str:
    return {
        "beslut": "Beslut",
        "gen": f"{doc.body_gen} beslut",
        "beslutar": f"{doc.body} beslutar",
        "namnden": "Nämnden beslutar",
        "inline": "Beslut:",
    }[doc.decision_heading]


def _decision_lines(doc: Doc, items: list[str], rng: random.Random) -> list[str]:
    items = [_fill(i, doc, rng) for i in items]
    if doc.abbr == "KF":  # fullmäktige decides what the others propose to it
        items = [i.replace("föreslå kommunfullmäktige att ", "") for i in items]
    sentences = [i for i in items if i[0].isupper()]
    fragments = [i for i in items if not i[0].isupper()]
    out: list[str] = []
    lead = f"{doc.body} beslutar" if doc.decision_heading != "beslutar" else ""
    if fragments:
        if doc.decision_form == "prose":
            text = "att " + ", att ".join(fragments[:-1])
            text = (
                (text + " samt att " + fragments[-1])
                if len(fragments) > 1
                else ("att " + fragments[0])
            )
            out += _wrap(f"{lead} {text}.".strip(), doc.width, rng)
        elif doc.decision_form == "numbered":
            if lead:
                out.append(f"{lead} att")
            for k, f in enumerate(fragments, 1):
                out += _wrap(f"{k}. {f}", doc.width, rng)
        elif doc.decision_form == "bullets":
            if lead:
                out.append(f"{lead} att")
            for f in fragments:
                out += _wrap(f"- {f}", doc.width, rng)
        else:
            if lead:
                out.append(lead)
            for k, f in enumerate(fragments):
                tail = "," if k < len(fragments) - 1 else ""
                out += _wrap(f"att {f}{tail}", doc.width, rng)
    for s in sentences:
        out += _wrap(s if s.endswith(".") else s + ".", doc.width, rng)
    return out


def _paragraph(doc: Doc, number: int, case: dict, rng: random.Random) -> list[str]:
    lines = _heading(doc, number, case["title"], case.get("dnr"))
    lines.append("")
    decision = [_decision_heading(doc)] + _decision_lines(doc, case["decision"], rng)
    intro_head = rng.choice(["Ärendebeskrivning", "Sammanfattning av ärendet", "Ärendet"])
    intro = [intro_head] + _wrap(_fill(case["intro"], doc, rng), doc.width, rng)
    extra: list[str] = []
    if case.get("dnr") and rng.random() < 0.5:
        extra += ["", "Beslutsunderlag", f"Tjänsteskrivelse {doc.date}"]
        if rng.random() < 0.5:
            extra.append(f"KSAU § {rng.randint(5, 140)}/{doc.date[:4]}")
    if case.get("proposal"):
        head = rng.choice(
            [
                "Förslag till beslut",
                "Förvaltningens förslag till beslut",
                "Arbetsutskottets förslag till beslut",
            ]
        )
        if doc.abbr == "KF":
            head = "Kommunstyrelsens förslag till beslut"
        extra += ["", head] + _decision_lines(doc, case["proposal"], rng)
    if case.get("yrkanden"):
        extra += ["", "Yrkanden"] + _wrap(_fill(case["yrkanden"], doc, rng), doc.width, rng)
        extra += ["", "Propositionsordning"] + _wrap(
            "Ordföranden ställer proposition på yrkandena och finner att "
            f"{doc.body.lower() if doc.body.startswith('Kommun') else 'nämnden'} "
            "beslutar enligt ordförandens förslag.",
            doc.width,
            rng,
        )
    send = [
        "",
        rng.choice(["Beslutet skickas till", "Expedieras till", "Skickas till"]),
        rng.choice(["Förvaltningschefen", "Ekonomienheten", "Akten", "Berörda"]),
    ]
    if doc.decision_first:
        body = decision + [""] + intro + extra
    else:
        body = intro + extra + [""] + decision
    return lines + body + send + [""]


def _cover(doc: Doc, last: int, rng: random.Random) -> list[str]:
    lines = [
        doc.municipality.upper(),
        "SAMMANTRÄDESPROTOKOLL",
        doc.body,
        "",
        f"Sammanträdesdatum {doc.date}",
        "Plats och tid  Kommunhuset, sammanträdesrum Stora salen, kl. 13.00–16.20",
        "",
        "Beslutande",
    ]
    if doc.attendance:
        lines += [
            "Ledamöter            Tjg   Ers   §§",
        ]
        for k, p in enumerate(PEOPLE[:7]):
            mark = f"{doc.first}-{doc.first + 3}" if k == 2 else ""
            lines.append(f"{p}   X   {mark}".rstrip())
        lines.append(f"Närvaro  Ja  Nej  Avstår  § {doc.first + 2}")
    else:
        lines += _wrap(", ".join(PEOPLE[:7]) + ", ordförande först nämnd", doc.width, rng)
    lines += [
        "",
        "Övriga närvarande  Förvaltningschef, nämndsekreterare",
        f"Utses att justera  {PEOPLE[doc.seed % len(PEOPLE)]}",
        f"Justeringens plats och tid  Kommunhuset {doc.date}",
        f"Paragrafer  {doc.first}–{last}",
        "",
        "Underskrifter  Sekreterare ..................  Ordförande ..................",
        "",
        "ANSLAG/BEVIS",
        "Protokollet är justerat. Justeringen har tillkännagivits genom anslag.",
        f"Organ  {doc.body}",
        f"Sammanträdesdatum  {doc.date}",
        "Förvaringsplats för protokollet  Kommunkansliet",
        "",
    ]
    return lines


def _toc(doc: Doc, numbered: list[tuple[int, dict]], rng: random.Random) -> list[str]:
    if doc.toc == "none":
        return []
    lines = [rng.choice(["Innehållsförteckning", "Ärendelista"])]
    page = 3
    for number, case in numbered:
        label = _heading(doc, number, case["title"], None)[0]
        if doc.heading in {"abbr", "below"}:
            label = f"{label} {case['title']}"
        if doc.toc == "dots":
            lines.append(f"{label} {'.' * max(3, 60 - len(label))} {page}")
        else:
            lines.append(label)
        page += rng.choice([1, 1, 2])
    return lines + [""]


def _paginate(doc: Doc, lines: list[str], owners: list[int | None], rng: random.Random) -> str:
    per_page = rng.randint(38, 50)
    pages = [lines[i : i + per_page] for i in range(0, len(lines), per_page)]
    owner_pages = [owners[i : i + per_page] for i in range(0, len(owners), per_page)]
    total = len(pages)
    out: list[str] = []
    for k, (page, own) in enumerate(zip(pages, owner_pages, strict=True), 1):
        start = (k - 1) * per_page
        runs_over = k > 1 and own[0] is not None and owners[start - 1] == own[0]
        if doc.page_mark == "protokoll":
            head = [
                f"{doc.municipality.upper()}    PROTOKOLL {k}({total})",
                f"{doc.body}    {doc.date}",
            ]
        elif doc.page_mark == "sida":
            head = [f"{doc.municipality}", f"Sammanträdesprotokoll  Sida {k} av {total}"]
        else:
            head = [f"{doc.body}  {doc.date}  {k} ({total})"]
        foot = rng.choice(
            [
                ["Justerandes sign", "Utdragsbestyrkande"],
                ["Justerandes sign            Utdragsbestyrkande"],
                ["Justerarsignaturer  Utdragsbestyrkande"],
            ]
        )
        block = list(head) + [""]
        if doc.forts and runs_over:
            # A paragraph runs over the page break: the heading is repeated with "forts."
            block += [f"§ {own[0]} forts.", ""]
        block += page + [""] + foot
        out.append("\n".join(block))
    return ("\n\f" if doc.formfeed else "\n\n").join(out) + "\n"


def build(doc: Doc) -> str:
    rng = random.Random(doc.seed)
    pool = cases_dev.CASES if doc.part == "dev" else cases_heldout.CASES
    formal = [c for c in pool if c["title"] in FORMAL]
    rest = [c for c in pool if c["title"] not in FORMAL]
    chosen = formal + rng.sample(rest, doc.n - len(formal))
    numbered = [(doc.first + k, c) for k, c in enumerate(chosen)]
    last = numbered[-1][0]
    lines = _cover(doc, last, rng) + _toc(doc, numbered, rng)
    owners: list[int | None] = [None] * len(lines)
    for number, case in numbered:
        para = _paragraph(doc, number, case, rng)
        lines += para
        owners += [number] * len(para)
    return _paginate(doc, lines, owners, rng)


def main() -> None:
    CORPUS.mkdir(exist_ok=True)
    for doc in DOCS:
        (CORPUS / f"{doc.slug}.txt").write_text(build(doc), encoding="utf-8")
        print(doc.slug)


if __name__ == "__main__":
    main()
