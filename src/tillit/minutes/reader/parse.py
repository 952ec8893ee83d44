"""From the text of a protocol to its meeting, paragraphs, decisions and assignments.

The steps, each a function so it can be tested alone:

1. ``clean_pages`` removes page furniture (headers/footers such as "Justerandes sign",
   "Utdragsbestyrkande", "PROTOKOLL 4(17)", lines repeated at the edge of most pages), soft and
   hard hyphenation at line ends, and joins the pages.
2. ``find_paragraphs`` finds § headings ("§ 45", "§45", "KS § 45", "§ 45/22"), drops the ones
   that are not paragraphs of this meeting (table of contents, other bodies' or other years'
   paragraphs, numbers outside the cover's "Paragrafer 45–58") by taking the heaviest rising
   sequence of numbers, and merges "§ 45 forts." into § 45.
3. ``decision_of`` picks the body's own decision out of a paragraph (not "Förslag till beslut",
   not yrkanden, not another body's decision quoted in the paragraph).
4. ``assignments_of`` reads the att-satser of the decision: recipient as written, what, deadline,
   resources in SEK. A rejected yrkande, a referral for beredning, an återremiss and "uppdraget
   förklaras fullgjort" are not assignments.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from .model import Assignment, Minutes, Paragraph
from .recipients import RecipientMatcher

MONTHS = {
    "januari": 1,
    "februari": 2,
    "mars": 3,
    "april": 4,
    "maj": 5,
    "juni": 6,
    "juli": 7,
    "augusti": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}
_MONTH_RE = "|".join(MONTHS)

# --------------------------------------------------------------------------- 1. cleaning

_FURNITURE_PHRASES = re.compile(
    r"justerandes?\s+sign(?:atur(?:er)?)?\.?|justerares?\s+sign(?:atur(?:er)?)?\.?|"
    r"justerarsignaturer?|justeringsmännens\s+sign(?:atur)?\.?|ordförandes\s+sign\.?|"
    r"utdragsbestyrkande",
    re.IGNORECASE,
)
_PAGE_MARK = re.compile(
    r"(?:^|\s)(?:sida\s*)?\d{1,3}\s?\(\s?\d{1,3}\s?\)\s*$|^\s*sida\s+\d{1,3}(?:\s*(?:av|/)\s*\d{1,3})?\s*$",
    re.IGNORECASE,
)
_SOFT_HYPHEN = "\u00ad"
_KEEP_HYPHEN_NEXT = re.compile(r"^(och|eller|samt|respektive|till|som)\b")


def _norm_line(line: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", line.strip().lower()))


def _is_structural(line: str) -> bool:
    low = line.strip().lower()
    return (
        low.startswith("§")
        or bool(re.match(r"^[a-zåäö]{0,6}\s?§", low))
        or "beslut" in low
        or _SECTION.match(low) is not None
    )


def clean_pages(pages: list[str]) -> str:
    """One text without page furniture or line-end hyphenation."""
    pages = [p.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ") for p in pages]
    split = [[ln.rstrip() for ln in p.split("\n")] for p in pages]
    repeated = _repeated_edge_lines(split)
    out: list[str] = []
    for lines in split:
        nonempty = [i for i, ln in enumerate(lines) if ln.strip()]
        edge = set(nonempty[:5] + nonempty[-4:])
        for i, line in enumerate(lines):
            if not line.strip():
                out.append("")
                continue
            norm = _norm_line(line)
            if i in edge and norm in repeated:
                continue
            if len(pages) == 1 and norm in repeated:
                continue
            if _FURNITURE_PHRASES.search(line):
                if len(line) < 140:
                    continue
                line = _FURNITURE_PHRASES.sub(" ", line)
            if _PAGE_MARK.search(line) and len(line) < 120 and not _is_heading_like(line):
                continue
            out.append(line)
    return dehyphenate("\n".join(out))


def _is_heading_like(line: str) -> bool:
    return _HEADING.match(line) is not None


def _repeated_edge_lines(split: list[list[str]]) -> set[str]:
    if len(split) > 1:
        counts: Counter[str] = Counter()
        for lines in split:
            nonempty = [ln for ln in lines if ln.strip()]
            counts.update({_norm_line(ln) for ln in nonempty[:5] + nonempty[-4:]})
        need = max(2, (len(split) + 1) // 2)
        return {
            n for n, c in counts.items() if c >= need and len(n) < 120 and not _is_structural(n)
        }
    # No page breaks known (plain text): lines repeated three times or more that are neither
    # headings nor decision lines are page furniture that survived a copy-paste.
    counts = Counter(_norm_line(ln) for ln in split[0] if ln.strip())
    return {
        n
        for n, c in counts.items()
        if c >= 3
        and len(n) < 100
        and len(n.split()) >= 2
        and not _is_structural(n)
        and not n.startswith(("att ", "- ", "• "))
    }


def dehyphenate(text: str) -> str:
    text = text.replace(_SOFT_HYPHEN + "\n", "").replace(_SOFT_HYPHEN, "")
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        while re.search(r"[A-Za-zÅÄÖåäö]-$", line) and i + 1 < len(lines):
            # The next non-empty line continues the word (a removed page header may have left
            # blank lines in between).
            j = i + 1
            while j < len(lines) and not lines[j].strip() and j - i < 4:
                j += 1
            nxt = lines[j].lstrip() if j < len(lines) else ""
            if not nxt or not nxt[0].islower():
                break
            # "barn-\noch utbildningsnämnden" keeps its hyphen; "kommun-\nstyrelsen" loses it.
            line = line + " " + nxt if _KEEP_HYPHEN_NEXT.match(nxt) else line[:-1] + nxt
            i = j
        out.append(line)
        i += 1
    return "\n".join(out)


# --------------------------------------------------------------------------- 2. paragraphs

_HEADING = re.compile(
    r"^\s*(?P<prefix>[A-ZÅÄÖ][A-ZÅÄÖa-zåäö]{0,7}\s?)?§\s?(?P<num>\d{1,4})"
    r"(?:\s?/\s?(?P<yr>\d{2}(?:\d{2})?)\b)?(?![\d§])(?P<rest>.*)$"
)
_FORTS = re.compile(r"^\s*[\s.,:–-]*\(?forts(?:\.|ättning|ätter)?\)?", re.IGNORECASE)
_DNR = re.compile(
    r"\b(?:dnr|diarienr|diarienummer|dnr\.)\s*:?\s*(?P<dnr>[A-ZÅÄÖ0-9][A-ZÅÄÖ0-9 ./:-]{3,30}?"
    r"\d)(?=\s{2,}|\s*$|\s+[A-ZÅÄÖ][a-zåäö])",
    re.IGNORECASE,
)
_TOC_LINE = re.compile(r"(\.{4,}|…{2,}|\. \. \. )\s*\d{0,4}\s*$|\s{3,}\d{1,3}\s*$")
_RANGE = re.compile(
    r"(?:paragrafer|justerade\s+paragrafer|paragraf)\s*:?\s*(?:§§?\s*)?(\d{1,4})\s*(?:[-–—]|till)\s*"
    r"(?:§\s*)?(\d{1,4})|§§\s*(\d{1,4})\s*[-–—]\s*(\d{1,4})",
    re.IGNORECASE,
)


@dataclass
class _Candidate:
    line: int
    number: int
    prefix: str
    year: str | None
    rest: str
    forts: bool
    weight: int = 0


def _candidates(lines: list[str]) -> list[_Candidate]:
    found = []
    for i, line in enumerate(lines):
        m = _HEADING.match(line)
        if not m:
            continue
        prefix = (m.group("prefix") or "").strip()
        if prefix and not (prefix.isupper() or len(prefix) <= 4):
            continue  # "Enligt § 5 ..." is prose
        if prefix.lower() in {"se", "i", "enl", "enligt", "och"}:
            continue
        rest = m.group("rest")
        forts = bool(_FORTS.match(rest))
        stripped = rest.strip(" .:–-\t")
        if not forts:
            if re.match(r"^\s*[-–—]\s*\d|^\s*(och|,)\s*\d", rest):
                continue  # "§ 45-50", "§ 45 och 46": a range in an attendance list
            if stripped and stripped[0].islower():
                continue  # "§ 45 i kommunallagen": a reference in prose
            if _TOC_LINE.search(rest):
                continue
        found.append(_Candidate(i, int(m.group("num")), prefix, m.group("yr"), stripped, forts))
        if len(found) > 1500:  # the rising-sequence search is quadratic
            break
    return found


def paragraph_range(text: str) -> tuple[int, int] | None:
    m = _RANGE.search(text[:6000])
    if not m:
        return None
    lo, hi = (int(g) for g in (m.groups()[:2] if m.group(1) else m.groups()[2:]))
    return (lo, hi) if lo <= hi and hi - lo < 500 else None


def _heaviest_rising(cands: list[_Candidate]) -> list[_Candidate]:
    """The rising sequence of numbers with the most text under it (O(n²), n is small)."""
    n = len(cands)
    best = [c.weight for c in cands]
    prev = [-1] * n
    for i in range(n):
        for j in range(i):
            if cands[j].number < cands[i].number and best[j] + cands[i].weight > best[i]:
                best[i] = best[j] + cands[i].weight
                prev[i] = j
    if not n:
        return []
    i = max(range(n), key=lambda k: best[k])
    chain = []
    while i != -1:
        chain.append(cands[i])
        i = prev[i]
    return chain[::-1]


_SIGNLESS = re.compile(
    r"(?:(?<=\s)|^)(?P<abbr>[A-ZÅÄÖ][A-ZÅÄÖa-zåäö]{1,3})\s(?P<num>\d{1,4})(?:/(?:\d{2}|\d{4}))?\s+"
    r"(?=Dnr\b|[A-ZÅÄÖ]{1,5}\s\d{4}/|[A-ZÅÄÖ][a-zåäö])",
    re.MULTILINE,
)
_NOT_ABBR = {"sida", "sid", "kl", "nr", "dnr", "bil", "art", "kap", "tel", "rum", "år", "punkt"}


def restore_signs(text: str) -> str:
    """Copies of protocols made by document sites often lose the § sign and the line breaks:
    "… [36] KS 136 Val av protokolljusterare …". When a text has no § heading at all, the
    meeting body's abbreviation followed by a number and a capitalised title ("KS 136 Val",
    "Sn 49 Sammanträdets", "Ks 43 KS 2019/0087") marks a paragraph; the abbreviation is the one
    used most often that way. Each such place gets a line "<abbr> § <number> …" back."""
    found = [
        m
        for m in _SIGNLESS.finditer(text)
        if m.group("abbr").lower() not in _NOT_ABBR
        # "Dnr KS 2018/14 …" is a case number, and so is a year before a slash
        and not re.search(
            r"(?:dnr|diarienr|diarienummer)[.:]?\s*$",
            text[max(0, m.start() - 14) : m.start()],
            re.I,
        )
        and not ("/" in m.group(0) and 1900 <= int(m.group("num")) <= 2099)
    ]
    if not found:
        return text
    counts = Counter(m.group("abbr").upper() for m in found)
    abbr = counts.most_common(1)[0][0]
    out, last, run_end = [], 0, -10
    for m in found:
        in_run = m.start() - run_end <= 1  # "Sn 50 Au 84 Sn 34": earlier handlings listed
        run_end = m.end()
        if m.group("abbr").upper() != abbr or in_run:
            continue
        out.append(text[last : m.start()])
        out.append(f"\n{m.group('abbr')} § {m.group('num')} ")  # "KS 353/2008" → "KS § 353"
        last = m.end()
    out.append(text[last:])
    return "".join(out)


def find_paragraphs(text: str) -> list[tuple[_Candidate, list[str]]]:
    """[(heading, content lines)] in printed order, each number once."""
    lines = text.split("\n")
    cands = _candidates(lines)
    if not cands:
        return []
    prefixes = Counter(c.prefix for c in cands if not c.forts and c.prefix)
    own_prefix = prefixes.most_common(1)[0][0] if prefixes else ""
    bare = sum(1 for c in cands if not c.forts and not c.prefix)
    if bare >= 3 * sum(prefixes.values()):
        own_prefix = ""  # "§ 45" headings; a stray "KSAU § 12" is someone else's
    years = Counter(c.year for c in cands if c.year)
    own_year = None
    if years and sum(years.values()) * 2 > len(cands):
        own_year = years.most_common(1)[0][0]
    rng = paragraph_range(text)
    kept = []
    for c in cands:
        if c.prefix and c.prefix != own_prefix:
            continue  # "KSAU § 12" in a KS protocol: another body's paragraph
        if own_year and c.year and c.year != own_year:
            continue  # "§ 45/22" in a 2023 protocol
        if rng and not c.forts and not (rng[0] <= c.number <= rng[1]):
            # The cover's range is trusted only when most headings agree with it.
            inside = sum(1 for d in cands if rng[0] <= d.number <= rng[1])
            if inside * 2 > len(cands):
                continue
        kept.append(c)
    # Weight: the amount of text under the heading up to the next heading candidate.
    latest: dict[int, _Candidate] = {}
    for k, c in enumerate(kept):
        end = kept[k + 1].line if k + 1 < len(kept) else len(lines)
        body = "".join(lines[c.line + 1 : end]).replace(" ", "")
        # A long heading line carries its own text (flattened copies have no line breaks).
        own = len(c.rest.replace(" ", "")) if len(c.rest) > 150 else int(len(c.rest) > 0)
        c.weight = min(len(body) + own, 20000)
        if c.forts and c.number in latest:
            # The text after "§ 45 forts." belongs to § 45 (a heading left alone at the
            # bottom of a page has nothing under it but its continuation).
            latest[c.number].weight += c.weight
        elif not c.forts:
            latest[c.number] = c
    heads = [c for c in kept if not c.forts and c.weight >= 10]
    chain = _heaviest_rising(heads)
    numbers = {c.number for c in chain}
    boundaries = sorted(
        [c for c in chain] + [c for c in kept if c.forts and c.number in numbers],
        key=lambda c: c.line,
    )
    chosen = {c.line for c in chain}
    content: dict[int, list[str]] = {c.number: [] for c in chain}
    first_line = {c.number: c for c in chain}
    for k, c in enumerate(boundaries):
        end = boundaries[k + 1].line if k + 1 < len(boundaries) else len(lines)
        if c.line not in chosen and c.rest:  # "§ 45 forts. Title" — keep nothing of the line
            pass
        content[c.number].extend(lines[c.line + 1 : end])
    return [(first_line[c.number], content[c.number]) for c in chain]


# --------------------------------------------------------------------------- 3. decisions

_SECTION = re.compile(
    r"^(?:"
    r"(?:[\wåäö -]+s\s+)?förslag(?:\s+till\s+beslut)?|beslutsunderlag|beslutsgång|beslutsordning|"
    r"yrkanden?|ärendebeskrivning|ärendet|sammanfattning(?:\s+av\s+ärendet)?|bakgrund|"
    r"propositionsordning|propositionsordningar|omröstning(?:sresultat)?|reservation(?:er)?|"
    r"protokollsanteckning(?:ar)?|särskilt\s+yttrande|skickas\s+till|beslutet\s+skickas\s+till|"
    r"expedieras(?:\s+till)?|expediering|för\s+kännedom|kopia\s+till|jäv|överläggning|"
    r"motivering|bedömning|(?:[\wåäö -]+s\s+)?bedömning|handlingar|underlag|"
    r"deltar\s+inte\s+i\s+beslutet|ajournering|upplysningar|information|"
    r"tjänsteskrivelse|ekonomiska\s+konsekvenser|konsekvenser|barnperspektiv|"
    r"ordförandens\s+förslag|föredragande|beredning|ärendets\s+beredning"
    r")\s*:?\s*$",
    re.IGNORECASE,
)
_BODY_WORD = (
    r"(?:[a-zåäö]+(?:-\s(?:och|och\s)?\s?[a-zåäö]+)?(?:nämnden|styrelsen|fullmäktige|utskottet|"
    r"beredningen|direktionen)|nämnden|styrelsen|fullmäktige|utskottet|"
    r"[a-zåäö]+nämndens\s+(?:arbets|individ)utskott|kommunstyrelsens\s+arbetsutskott)"
)
_OWN_DECISION = re.compile(
    r"^(?:beslut|beslutet|beslutsmening|beslutsförslag\s+som\s+antas|"
    r"(?P<body>(?:[\wåäö]+[- ])*[\wåäö]+?)s\s+beslut|"
    rf"(?P<body2>{_BODY_WORD}(?:\s+[a-zåäö]+)?)\s+beslutar(?:\s+för\s+egen\s+del)?)"
    r"\s*(?::|–|-)?\s*(?P<inline>.*)$",
    re.IGNORECASE,
)
_INLINE_DECISION = re.compile(
    rf"\b(?P<body>{_BODY_WORD})\s+beslut(?:ar|ade)\b(?:\s+för\s+egen\s+del)?",
    re.IGNORECASE,
)
_GENERIC_BODIES = {"nämnd", "styrels", "utskott", "fullmäktig", "arbetsutskott", "direktion"}


def _body_stem(name: str) -> str:
    name = name.lower().strip()
    name = re.sub(r"s$", "", name) if not name.endswith("ss") else name
    for suffix in ("en", "ens", "et", "e"):
        if name.endswith(suffix) and len(name) > 6:
            name = name[: -len(suffix)]
            break
    return name


def _same_body(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    sa, sb = _body_stem(a), _body_stem(b)
    if sa in _GENERIC_BODIES or sb in _GENERIC_BODIES:
        return True
    generic = sa.split()[-1] in _GENERIC_BODIES or sb.split()[-1] in _GENERIC_BODIES
    if generic and (len(sa.split()) == 1 or len(sb.split()) == 1):
        return True  # "nämndens" / "utskottets" refer to the meeting's own body
    return sa == sb or sa.startswith(sb) or sb.startswith(sa)


def decision_of(content: list[str], body: str | None) -> str:
    """The body's own decision text in a paragraph, or "" when none is found."""
    sections: list[list[str]] = []
    proposals: list[tuple[str, list[str]]] = []
    current: list[str] | None = None
    in_proposal = False
    for raw in content:
        line = raw.strip()
        if not line:
            if current is not None:
                current.append("")
            continue
        low = line.lower()
        if len(line) < 90 and _SECTION.match(low):
            current = None
            in_proposal = "förslag" in low
            if in_proposal:
                proposals.append((low, []))
            continue
        m = _OWN_DECISION.match(line)
        if in_proposal and not (m and not m.group("body2")):
            proposals[-1][1].append(line)
            continue  # also "Kommunstyrelsen beslutar" written inside "Förslag till beslut"
        inline_att = m is not None and m.group("inline").lower().startswith("att")
        if m and (len(line) < 70 or m.group("body2") or inline_att):
            in_proposal = False
            who = m.group("body") or m.group("body2")
            if "förslag" in low.split("beslut")[0]:
                current = None
                continue
            if who and not _same_body(who, body):
                current = None  # another body's decision quoted in the paragraph
                continue
            current = []
            sections.append(current)
            inline = m.group("inline").strip()
            if m.group("body2"):
                current.append(line)
            elif inline:
                current.append(inline)
            continue
        if current is not None:
            current.append(line)
    texts = ["\n".join(s).strip() for s in sections]
    texts = [t for t in texts if t]
    if texts:
        return _with_adopted_proposal(texts[-1], proposals)
    joined = "\n".join(content)
    last = None
    for m in _INLINE_DECISION.finditer(joined):
        before = joined[max(0, m.start() - 60) : m.start()].lower()
        if "förslag" in before or "föreslå" in before:
            continue
        if not _same_body(m.group("body"), body):
            continue
        last = m
    if last:
        tail = joined[last.start() :]
        stop = re.search(r"\n\s*\n(?=[A-ZÅÄÖ])", tail)
        return tail[: stop.start()].strip() if stop else tail.strip()
    return ""


_ADOPTS = re.compile(
    r"\b(?:i\s+enlighet\s+med|enligt|bifall(?:er|a)?\s+(?:till\s+)?)\s*"
    r"(?P<whose>(?:[\wåäö-]+\s+){0,2}?)förslag(?:et)?\b",
    re.IGNORECASE,
)


def _with_adopted_proposal(decision: str, proposals: list[tuple[str, list[str]]]) -> str:
    """ "Kommunstyrelsen beslutar i enlighet med förvaltningens förslag." adopts the proposal's
    att-satser: they are the decision. Only when the decision has none of its own and the
    proposal it names is in the paragraph (an "ordförandens förslag" made in the meeting is not
    written down as a section, so it is not guessed)."""
    m = _ADOPTS.search(decision)
    if not m or not proposals or len(decision) > 300:
        return decision
    if any(p.search(decision) for p in _PATTERNS):
        return decision
    whose = m.group("whose").strip().lower()
    if any(w in whose for w in ("ordförande", "eget", "yrkande", "ledamot")):
        return decision
    named = [lines for heading, lines in proposals if whose and whose.split()[0] in heading]
    chosen = (
        named[-1]
        if named
        else (proposals[-1][1] if not whose or whose in {"det", "detta"} else None)
    )
    if not chosen:
        return decision
    return decision + "\n" + "\n".join(chosen).strip()


# --------------------------------------------------------------------------- 4. assignments

_ORG_NOUN = (
    r"(?:nämnden|nämnderna|styrelsen|styrelserna|förvaltningen|förvaltningarna|kontoret|"
    r"direktören|direktör|chefen|cheferna|enheten|avdelningen|bolaget|bolagen|utskottet|"
    r"sekreteraren|ordföranden|presidiet|kansliet|staben|administrationen|fullmäktige|"
    r"samordnaren|strategen|ansvarig|ansvariga|gruppen|rådet|förbundet|nämnd|förvaltning)"
)
_NOT_ASSIGNMENT = re.compile(
    r"\bföreslå(?:r)?\s+(?:[\wåäö-]+\s+){0,3}?(?:att|besluta)\b|"
    r"avslå|avslag|avslås|fullgjort|fullgjorda|återremitt|återremiss|för\s+beredning|"
    r"remitteras|bordläggs|bordlägga|lägger\s+.*till\s+handlingarna",
    re.IGNORECASE,
)
_PATTERNS = [
    re.compile(
        r"\b(?:uppdra[rs]?|uppdrog|uppdraga)\s+(?:även\s+|också\s+|vidare\s+)?(?:åt|till)\s+"
        r"(?P<r>.+?)\s+att\s+(?P<w>.+)",
        re.IGNORECASE | re.DOTALL,
    ),
    re.compile(
        r"\b(?:ge|ger|gav)\s+(?:även\s+|också\s+)?(?P<r>.+?)\s+(?:i\s+)?uppdrag(?:et)?\s+"
        r"(?:att|om\s+att)\s+(?P<w>.+)",
        re.IGNORECASE | re.DOTALL,
    ),
    re.compile(
        r"(?P<r>[^,.;:]+?)\s+(?:ges|får|erhåller)\s+(?:även\s+|också\s+)?(?:i\s+)?uppdrag(?:et)?\s+"
        r"(?:att|om\s+att)\s+(?P<w>.+)",
        re.IGNORECASE | re.DOTALL,
    ),
    re.compile(
        r"(?P<r>[^,.;:]+?)\s+uppdras\s+(?:även\s+|också\s+|vidare\s+)?att\s+(?P<w>.+)",
        re.IGNORECASE | re.DOTALL,
    ),
    re.compile(
        r"\b(?:uppmana[r]?|anmoda[r]?|ålägg(?:er|a)?|beställ(?:er|a))\s+(?P<r>.+?)\s+att\s+"
        r"(?P<w>.+)",
        re.IGNORECASE | re.DOTALL,
    ),
    re.compile(
        r"(?P<r>[^,.;:]+?)\s+(?:uppmanas|anmodas|åläggs)\s+(?:även\s+|också\s+)?att\s+"
        r"(?P<w>.+)",
        re.IGNORECASE | re.DOTALL,
    ),
    re.compile(
        rf"^(?:att\s+)?(?P<r>(?:[A-ZÅÄÖa-zåäö-]+\s+){{0,4}}?[A-ZÅÄÖa-zåäö-]*{_ORG_NOUN})\s+ska\s+"
        r"(?P<w>(?!inte\b|ej\b|vara\b|gälla\b|ha\b).+)",
        re.IGNORECASE | re.DOTALL,
    ),
]
_LEADING = re.compile(r"^(?:att|även|också|dessutom|därtill|vidare|samtidigt|den|det)\s+", re.I)
_RECIPIENT_HEAD = re.compile(
    r"^(?:(?:[\wåäö]+\s+){0,3}(?:beslutar|beslutade|beslöt)\s+(?:även\s+|också\s+)?(?:att\s+)?)",
    re.IGNORECASE,
)


def split_clauses(decision: str) -> list[str]:
    text = decision.replace("\n", " \n ")
    parts = re.split(
        r"(?:\s*\n\s*(?=(?:\d{1,2}[.)]|[-•–*]|att\s|[A-ZÅÄÖ]))|[;]\s*|,\s*(?=att\s)|\s+samt\s+(?=att\s)"
        r"|\.\s+(?=[A-ZÅÄÖ]))",
        text,
    )
    out: list[tuple[str, bool]] = []
    for p in parts:
        p = re.sub(r"\s+", " ", p).strip()
        listed = re.match(r"^(?:\d{1,2}[.)]|[-•–*])\s", p) is not None
        p = re.sub(r"^(?:\d{1,2}[.)]|[-•–*])\s*", "", p)
        if p:
            out.append((p, listed))
    # A clause cut in the middle of a line wrap ("att uppdra åt\nkommundirektören att ...")
    # is glued back: a piece starting in lower case continues the previous one, unless it is
    # an item of a numbered or bulleted list.
    merged: list[str] = []
    for p, listed in out:
        if merged and p[0].islower() and not p.startswith("att ") and not listed:
            merged[-1] = merged[-1] + " " + p
        else:
            merged.append(p)
    return merged


def _split_recipients(text: str) -> list[str]:
    parts = re.split(r",\s*|(?<!-)\s+och\s+|\s+samt\s+", text)
    if len(parts) > 1 and all(re.search(_ORG_NOUN + r"$", p.strip(), re.I) for p in parts):
        return [p.strip() for p in parts]
    return [text]


def _clean_recipient(r: str) -> str:
    r = re.sub(r"\s+", " ", r).strip(" ,.:;")
    r = _RECIPIENT_HEAD.sub("", r)
    while True:
        new = _LEADING.sub("", r)
        if new == r:
            break
        r = new
    return r.strip(" ,.:;")


def assignments_of(decision: str, matcher: RecipientMatcher | None = None) -> list[Assignment]:
    found: list[Assignment] = []
    previous: list[Assignment] = []  # the assignments of the att-sats before this one
    for clause in split_clauses(decision):
        clause = clause[:4000]  # an att-sats is a sentence; this bounds the regex work
        if _NOT_ASSIGNMENT.search(clause):
            previous = []
            continue
        before = len(found)
        for pattern in _PATTERNS:
            m = pattern.search(clause)
            if not m:
                continue
            recipient = _clean_recipient(m.group("r"))
            what = re.sub(r"\s+", " ", m.group("w")).strip().rstrip(".;,")
            if not recipient or len(recipient) > 120 or not what:
                continue
            if recipient.lower() in {"det", "den", "man", "vi", "som", "de", "detta"}:
                continue
            for r in _split_recipients(recipient):
                found.append(
                    Assignment(
                        recipient_text=r,
                        what=what,
                        recipient=matcher.match(r) if matcher else None,
                        deadline=deadline_in(clause),
                        resources_sek=amount_in(clause),
                    )
                )
            break
        if len(found) > before:
            previous = found[before:]
            continue
        # "att avsätta 800 000 kronor för förstudien", "utredningen ska vara klar senast …":
        # money and dates in the next att-sats belong to the assignment just given.
        amount = amount_in(clause) if _FUNDING.search(clause) else None
        deadline = deadline_in(clause) if _DEADLINE_FOLLOWUP.search(clause) else None
        for a in previous:
            if a.resources_sek is None and amount is not None:
                a.resources_sek = amount
            if a.deadline is None and deadline is not None:
                a.deadline = deadline
    return found


_FUNDING = re.compile(r"\b(avsätt|anslå|anslag|tillför|finansier|budgeter|medel)", re.I)
_DEADLINE_FOLLOWUP = re.compile(r"\b(redovisa|klar|slutför|återrapport|rapporter)", re.I)


_DATE_ISO = re.compile(r"\b(20\d{2})-(\d{2})-(\d{2})\b")
_DATE_TEXT = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH_RE})\s+(20\d{{2}})\b", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"\b({_MONTH_RE})(?:\s+månad)?\s+(20\d{{2}})\b", re.IGNORECASE)
_DEADLINE_CUE = re.compile(
    r"\b(?:senast|före|innan|till\s+och\s+med|inom|under|i\s+samband\s+med|till)\b", re.I
)


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def deadline_in(text: str) -> date | None:
    """The deadline of an att-sats: the last day of what "senast ..." names."""
    cue = _DEADLINE_CUE.search(text)
    if not cue:
        return None
    tail = text[cue.start() :]
    if m := _DATE_ISO.search(tail):
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := _DATE_TEXT.search(tail):
        return _safe_date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
    if m := _MONTH_YEAR.search(tail):
        y, mo = int(m.group(2)), MONTHS[m.group(1).lower()]
        return date(y, mo, calendar.monthrange(y, mo)[1])
    if m := re.search(r"\b(?:första|1:a)\s+halvåret\s+(20\d{2})", tail, re.I):
        return date(int(m.group(1)), 6, 30)
    if m := re.search(
        r"\b(?:senast|under|före\s+utgången\s+av|till\s+utgången\s+av|inom)\s+(?:år\s+)?(20\d{2})\b",
        tail,
        re.I,
    ):
        return date(int(m.group(1)), 12, 31)
    return None


_AMOUNT = re.compile(
    r"(?<![\d/-])(\d{1,3}(?:[  .]\d{3})+|\d+)(?:,(\d+))?\s*"
    r"(miljoner\s+kronor|miljon\s+kronor|miljarder\s+kronor|mnkr|mkr|msek|mdkr|"
    r"tusen\s+kronor|tkr|ksek|kronor|kr\b|sek\b)",
    re.IGNORECASE,
)
_FACTORS = {
    "miljoner kronor": 1_000_000,
    "miljon kronor": 1_000_000,
    "miljarder kronor": 1_000_000_000,
    "mnkr": 1_000_000,
    "mkr": 1_000_000,
    "msek": 1_000_000,
    "mdkr": 1_000_000_000,
    "tusen kronor": 1000,
    "tkr": 1000,
    "ksek": 1000,
    "kronor": 1,
    "kr": 1,
    "sek": 1,
}


def amount_in(text: str) -> int | None:
    m = _AMOUNT.search(text)
    if not m:
        return None
    whole = re.sub(r"[  .]", "", m.group(1))
    frac = m.group(2) or ""
    unit = re.sub(r"\s+", " ", m.group(3).lower())
    value = float(f"{whole}.{frac}" if frac else whole)
    return int(round(value * _FACTORS[unit]))


# --------------------------------------------------------------------------- kinds

_ELECTION = re.compile(
    r"\b(val\s+av|val\s+till|fyllnadsval|entledigande|avsägelse|avsägelser|"
    r"val\s+av\s+justerare|valärende|ersättarval|nyval|kompletteringsval)\b",
    re.I,
)
_DELEGATION = re.compile(r"\b(delegationsbeslut|delegeringsbeslut|delegationsärenden)\b", re.I)
_NOTED = re.compile(
    r"\b(information|informationsärenden|meddelanden|anmälningsärenden|delgivningar|"
    r"anmälan\s+av\s+(?!delegations)|läggs\s+till\s+handlingarna|till\s+handlingarna|"
    r"noterar|noteras|tar\s+del\s+av|har\s+tagit\s+del|informationen\s+)",
    re.I,
)
_REPORT = re.compile(
    r"\b(uppföljning|återrapportering|redovisning\s+av\s+uppdrag|delårsrapport|"
    r"fullgjort|godkänner\s+(?:redovisningen|rapporten|uppföljningen|återrapporteringen)|"
    r"rapport|årsredovisning|verksamhetsberättelse|bokslut|internkontroll|intern\s+kontroll)\b",
    re.I,
)
_FRAME = re.compile(
    r"\b(ram(?:en|ar|arna|justering|förändring|ändring|tillskott|ökning)?|budgetram|"
    r"tilläggsanslag|tilläggsbudget|omfördel\w*|budgetjustering|anslag)\b",
    re.I,
)


def kind_of(title: str, decision: str, assignments: list[Assignment]) -> str:
    both = f"{title}\n{decision}"
    if _ELECTION.search(title):
        return "election"
    if _DELEGATION.search(title):
        return "delegation_report"
    if assignments:
        return "assignment"
    if _FRAME.search(decision) and amount_in(decision) is not None:
        return "frame_change"
    if _REPORT.search(both):
        return "report_decision"
    if _NOTED.search(both):
        return "noted"
    if _ELECTION.search(decision):
        return "election"
    return "other"


# --------------------------------------------------------------------------- meeting

_BODY_NAME = re.compile(
    r"\b([A-ZÅÄÖ][a-zåäö]*(?:nämndens|styrelsens)\s+arbetsutskott|"
    r"(?:[A-ZÅÄÖa-zåäö]+-\s(?:och|&)\s)?[A-ZÅÄÖa-zåäö]*(?:nämnden|styrelsen|fullmäktige|"
    r"utskottet|beredningen))(?:s)?\b",
)
_ORGAN_LABEL = re.compile(
    r"(?:^|\n|\s)(?:organ|beslutande\s+organ|beslutsinstans|instans|nämnd)\s*:?\s*"
    r"(?P<name>[^\n]{3,80})",
    re.IGNORECASE,
)


def _canonical_body(name: str) -> str:
    name = re.sub(r"\s+", " ", name.strip())
    if re.search(r"(nämndens|styrelsens)\s+arbetsutskott$", name, re.I):
        return name[0].upper() + name[1:].lower()
    name = re.sub(r"(fullmäktige)s$", r"\1", name, flags=re.I)
    name = re.sub(r"(nämnden|styrelsen|utskottet|beredningen)s$", r"\1", name, flags=re.I)
    return name[0].upper() + name[1:].lower()


def guess_body(text: str) -> str | None:
    head = text[:5000]
    for m in _ORGAN_LABEL.finditer(head):
        b = _BODY_NAME.search(m.group("name"))
        if b:
            return _canonical_body(b.group(0))
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for m in _BODY_NAME.finditer(head):
        key = _canonical_body(m.group(0))
        if key.lower() in {"nämnden", "styrelsen", "utskottet", "fullmäktige"}:
            continue
        counts[key] += 1
        first.setdefault(key, m.start())
    if not counts:
        return None
    # Frequent and early: a header repeated on every page names the meeting's own body.
    return max(counts, key=lambda k: (counts[k], -first[k]))


_DATE_LABEL = re.compile(
    r"(?:sammanträdesdatum|sammanträdesdag|mötesdatum|datum\s+för\s+sammanträdet|"
    r"sammanträde(?:t)?\s+den|sammanträde)\s*:?\s*(?P<rest>[^\n]{0,60})",
    re.IGNORECASE,
)
_PLACE_TIME = re.compile(
    r"(?:plats\s+och\s+tid|tid\s+och\s+plats)\s*:?\s*(?P<rest>[^\n]*(?:\n[^\n]*){0,2})", re.I
)


def _date_in(s: str) -> date | None:
    if m := _DATE_ISO.search(s):
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := _DATE_TEXT.search(s):
        return _safe_date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
    return None


def guess_date(text: str) -> date | None:
    head = text[:6000]
    for m in _DATE_LABEL.finditer(head):
        if d := _date_in(m.group("rest")):
            return d
    for m in _PLACE_TIME.finditer(head):
        if d := _date_in(m.group("rest")):
            return d
    return _date_in(head[:3000])


_MUNICIPALITY = re.compile(r"\b([A-ZÅÄÖ][a-zåäö]+(?:-[A-ZÅÄÖ][a-zåäö]+)?)\s+(kommun|stad)\b")


def guess_municipality(text: str) -> str | None:
    counts = Counter(m.group(0) for m in _MUNICIPALITY.finditer(text[:8000]))
    return counts.most_common(1)[0][0] if counts else None


# --------------------------------------------------------------------------- all together


def _title_of(head: _Candidate, content: list[str]) -> tuple[str, str | None, list[str]]:
    """(title, dnr, remaining content) of a paragraph."""
    title = "" if head.forts else head.rest
    dnr = None
    rest = list(content)
    if len(title) > 150:
        # A flattened copy: the whole paragraph is on the heading line. Its text is content;
        # the title is a guess (up to the first full stop).
        rest.insert(0, title)
        cut = re.search(r"[.!?](?=\s)", title[:160])
        title = title[: cut.start()] if cut else title[:100].rsplit(" ", 1)[0]
    if title and (m := _DNR.search(title)):
        dnr = m.group("dnr").strip()
        title = (title[: m.start()] + " " + title[m.end() :]).strip(" -–,")
    # Title and Dnr on the next lines when not on the heading line.
    while rest and (not title or (dnr is None and _DNR.match(rest[0].strip() or "x"))):
        line = rest.pop(0).strip()
        if not line:
            continue
        if m := _DNR.search(line):
            dnr = dnr or m.group("dnr").strip()
            remainder = (line[: m.start()] + " " + line[m.end() :]).strip(" -–,")
            if remainder and not title:
                title = remainder
            continue
        if not title:
            title = line
    if dnr is None:
        for line in rest[:4]:
            if m := _DNR.search(line):
                dnr = m.group("dnr").strip()
                break
    title = re.sub(r"\s+", " ", title).strip(" .:-–")
    return title[:300], dnr, rest


def _page_of(offsets: list[int], position: int) -> int | None:
    if len(offsets) <= 1:
        return None
    page = 1
    for k, off in enumerate(offsets):
        if position >= off:
            page = k + 1
    return page


def parse_text(
    pages: list[str],
    organisation=None,
    *,
    source_format: str = "text",
) -> Minutes:
    raw = "\n".join(pages)
    text = clean_pages(pages)
    if not _candidates(text.split("\n")):
        text = restore_signs(text)
    body = guess_body(raw)
    meeting_date = guess_date(raw)
    matcher = RecipientMatcher(organisation) if organisation else None
    # Start offsets of each page in the cleaned text are not kept; the page of a paragraph is
    # found by searching its heading line in the raw pages instead.
    paragraphs: list[Paragraph] = []
    lines = text.split("\n")
    page_lines = [{ln.strip() for ln in p.split("\n")} for p in pages]
    previous_page = 1
    for head, content in find_paragraphs(text):
        title, dnr, rest = _title_of(head, content)
        decision = decision_of(rest, body)
        assignments = assignments_of(decision, matcher) if decision else []
        heading_line = lines[head.line].strip()
        page = None
        if len(pages) > 1:
            # The last page at or after the previous paragraph's whose line is exactly the
            # heading: an identical table-of-contents line comes earlier.
            for k in range(previous_page - 1, len(pages)):
                if heading_line in page_lines[k]:
                    page = k + 1
            previous_page = page or previous_page
        paragraphs.append(
            Paragraph(
                number=head.number,
                title=title,
                kind=kind_of(title, decision, assignments),
                decision_text=re.sub(r"[ \t]+", " ", decision).strip(),
                assignments=assignments,
                label=re.match(r"^\s*(.*?§\s?\d+(?:\s?/\s?\d+)?)", heading_line).group(1),
                dnr=dnr,
                page=page,
                text="\n".join(rest).strip(),
            )
        )
    minutes = Minutes(
        body_guess=body,
        meeting_date=meeting_date,
        paragraphs=paragraphs,
        municipality_guess=guess_municipality(raw),
        pages=len(pages) if source_format == "pdf" else None,
        source_format=source_format,
    )
    return minutes
