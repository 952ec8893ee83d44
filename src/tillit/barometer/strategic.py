"""Is a delegation decision at the strategic level? A small, explainable Swedish rule set.

Kommunallagen 6 kap. 38 § says a nämnd may not delegate "ärenden som avser verksamhetens mål,
inriktning, omfattning eller kvalitet" nor matters "av principiell beskaffenhet eller annars av
större vikt". A delegation decision whose content sets goals, direction, scope or quality is a
sign that officials decide what politics should. Like the "vad, inte hur" analyser, each rule is
a set of phrases with a Swedish reason; the result lists the phrases found, so a reader can judge.

Version 2 (issue 17) was tuned on the development part of a labelled corpus of real and written
delegation decisions (``data/``, ``strategic_evaluate``, docs/strategic-guidelines.md):

* the signals of a lasting change (läggs på entreprenad, upphör, inte längre, halveras, a fee
  introduced, a new unit, money moved between activities, opening hours set) count, not only
  the words mål/inriktning/omfattning/kvalitet;
* operational contexts clear the scope, quality and direction signals, and say why: a short,
  stated time (a holiday, a week, a day, a few weeks), building services and repairs
  (ventilation, water, heating), applying a frame already set ("enligt gällande riktlinjer"),
  staff matters, and an assignment only to investigate or propose. Goals and matters of
  principle (fees, detaljplaner, eligibility) are not cleared.

Pure code, no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

LAW = "kommunallagen 6 kap. 38 §"
RULES_VERSION = "v2.2"

MONTHS = [
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
]
_MONTH = "(?:" + "|".join(MONTHS) + ")"

# (key, reason, phrase patterns), in the order the reasons are shown. Case-insensitive.
RULES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "goals",
        "Beslutet sätter mål för verksamheten – det är fullmäktiges och nämndens sak.",
        (
            r"\bmål(?:en|et|nivå\w*|s?ättning\w*)?\b",
            r"\b(?:resultat|verksamhets)mål\w*",
            r"\bklimatneutral\w*",
            r"\bvision\w*",
        ),
    ),
    (
        "direction",
        "Beslutet anger verksamhetens inriktning, prioriteringar eller driftform.",
        (
            r"\binriktning\w*",
            r"\b(?:ändra\w*|ny|nya|annan)\s+målgrupp\w*",
            r"\b(?!skylt|grafisk|färg)\w*strategi\w*",
            r"\bpolic(?:y|yn|ies)\b",
            r"\bprioriter\w*",
            r"\bvägval\w*",
            r"\bpå\s+entreprenad\b",
            r"\bverksamhetsövergång\w*",
            r"\btar\s+över\s+(?:den\s+)?(?:kommunala\s+)?\w+",
            r"\bvalfrihetssystem\w*|\blagen\s+om\s+valfrihet\b|\bLOV\b",
            r"\bi\s+egen\s+regi\b",
            r"\bupphandl\w*[^.;]{0,40}?\b(?:hemtjänst\w*|omsorg\w*|öppenvård\w*|hemsjukvård\w*)",
            r"\bny(?:a|tt)?\s+(?:verksamhet\w*|mottagning\w*|förskola|skola|enhet|"
            r"gymnasieutbildning\w*|utbildning\w*)\b",
            r"\böppna\s+en\s+ny\b",
            r"\bbygga\s+(?:en\s+)?ny\b",
            r"\b(?:flytta|flyttas|omfördela\w*|föra\s+över)\s+\d[\d\s,]*\s*"
            r"(?:miljoner|mnkr|tkr|kr|kronor)",
            r"\bmedlemskap\w*",
            r"\briktlinje\w*",
        ),
    ),
    (
        "scope",
        "Beslutet ändrar verksamhetens omfattning (öppnar, stänger, lägger ner, minskar eller "
        "ändrar öppettider).",
        (
            r"\bomfattning\w*",
            r"\bläggs?\s+(?:ned|ner)\b|\blägga\s+(?:ned|ner)\b|\bnedläggning\w*",
            r"\bavveckl\w*",
            r"\bstäng\w*",
            r"\bupphör\w*",
            r"\binte\s+längre\b",
            r"\btas\s+bort\b",
            r"\bhalver\w*",
            r"\bslås\s+(?:ihop|samman)\b|\bsammanslagning\w*",
            r"\b(?:minska\w*|utöka\w*|förkorta\w*|begränsa\w*)\b[^.;]{0,40}?\b(?:platser|"
            r"öppettid\w*|timmar|dagar|dygn)\b",
            r"\b(?:antal(?:et)?\s+)?platser\b[^.;]{0,50}?\b(?:minskas|ökas|utökas|bort)\b",
            r"\bvila\s+(?:en|två|tre|\d+)\s+avdelning\w*",
            r"\butökning\w*|\binskränkning\w*",
            r"\böppettid\w*",
            r"\bhar\s+öppet\b|\bär\s+öppen\b|\böppnar\s+(?:\w+\s+)?(?:kl|klockan)\b",
            r"\btänd\s+från\b|\bbelysningstimmar\b",
            r"\bsläck\w*",
            r"\bflytta\w*\s+(?:över\s+)?till\s+(?:\w+skolan|\w+\s+(?:skola|förskola))\b",
            r"\bvilande\b",
            r"\bi\s+samma\s+utsträckning\b",
        ),
    ),
    (
        "quality",
        "Beslutet bestämmer verksamhetens kvalitet eller servicenivå.",
        (
            r"\b(?!kvalitetsregist|kvalitetsrevision|kvalitetssäkr)kvalitet\w*",
            r"\bservicenivå\w*",
            r"\bvårdnivå\w*",
            r"\bbemanning\w*",
            r"\bvar\s+(?:fjärde|tredje|annan)\s+(?:vecka|dag|månad)\b|\bvarannan\s+(?:dag|vecka)\b",
            r"\ben\s+gång\s+i\s+(?:veckan|månaden)\b",
            r"\bi\s+stället\s+för\b",
            r"\bersätts\s+med\b",
            r"\bvegetarisk\w*",
            r"\bsänk\w*",
        ),
    ),
    (
        "principle",
        "Beslutet är av principiell beskaffenhet (avgifter, detaljplan, rätt till insatser, "
        "organisation) – det avgörs av nämnden eller fullmäktige.",
        (
            r"\b(?:inför\w*|höj\w*|sänk\w*|slopa\w*|tas|ta\s+ut)\b[^.;]{0,30}?"
            r"\w*(?:avgift|taxa)\w*",
            r"\w*(?:avgift|taxa)\w*[^.;]{0,30}?\b(?:höjs|sänks|slopas|införs|tas\s+bort)\b",
            r"\btaxa\s+för\b|\bny\s+taxa\b",
            r"\b(?:ändra|anta|upphäva)\w*\s+(?:\w+\s+)?detaljplan\w*",
            r"\b(?:bara|endast)\s+beviljas\b|\bbeviljas\s+(?:bara|endast)\b",
            r"\bbilda\w*\s+en\s+(?:ny\s+)?förvaltning\b|\böverförs\s+i\s+sin\s+helhet\b|"
            r"\begen\s+organisation\b",
            r"\bsälja\b[^.;]{0,40}?\w*(?:gård|skola|skolan|huset|fastighet)\w*",
            r"\b\d+(?:[,.]\d+)?\s*(?:mnkr|miljoner)\b",
            r"\bsepareras\s+från\b|\bny\s+förvaltning\b",
        ),
    ),
)

# Contexts that make a scope, quality or direction signal the administration's "how".
# (key, reason, patterns, rule families they clear)
OPERATIONAL: tuple[tuple[str, str, tuple[str, ...], frozenset[str]], ...] = (
    (
        "temporary",
        "Åtgärden gäller en kort, angiven tid (ett lov, en vecka, en dag eller några veckor) eller "
        "i avvaktan på en utredning – verkställighet, inte en ändrad omfattning.",
        (
            r"\btillfällig\w*",
            r"\bi\s+avvaktan\s+på\b",
            r"\bunder\s+(?:sport|jul|höst|sommar|påsk|vinter)lovet\b",
            r"\bunder\s+sommar(?:en|veckorna)\b",
            r"\bunder\s+\w+veckan\b",
            r"\bvecka\s+\d+\b",
            r"\bpå\s+(?:midsommarafton|julafton|nyårsafton|måndag|tisdag|onsdag|torsdag|fredag|"
            r"lördag|söndag)\b",
        ),
        frozenset({"scope", "quality", "direction"}),
    ),
    (
        "technical",
        "Beslutet gäller drift, underhåll eller säkerhet i byggnader, ledningar och gator – inte "
        "vad verksamheten erbjuder.",
        (
            r"\bventilation\w*",
            r"\bvärmen\b",
            r"\bvattnet\b",
            r"\bledningsarbete\w*",
            r"\basfalt\w*",
            r"\bsanering\w*",
            r"\bunderhåll\w*",
            r"\breparation\w*",
            r"\brengöring\w*",
            r"\bbyte\s+(?:till|av)\b",
            r"\bbyggnadens\s+skick\b",
            r"\bhälsovådlig\w*",
            r"\bsäkerhets\w*",
            r"\bskadegörelse\b|\bvattenläcka\b|\bmögel\w*|\bsnömassor\b|\brasrisk\b",
        ),
        frozenset({"scope", "quality", "direction"}),
    ),
    (
        "protective",
        "Ett skyddsbeslut med stöd i lag eller vid smittspridning (eldningsförbud, "
        "bevattningsförbud, distansundervisning) – myndighetsutövning och verkställighet.",
        (
            r"\w*eldningsförbud\w*",
            r"\bbevattningsförbud\w*",
            r"\bsmittspridning\w*|\bcorona\w*|\bcovid\w*|\bpandemi\w*",
            r"\bdistansundervisning\w*|\bfjärrundervisning\w*",
        ),
        frozenset({"scope", "quality", "direction"}),
    ),
    (
        "applying",
        "Beslutet tillämpar en ram som redan är fastställd (plan, avtal, riktlinjer eller "
        "policy) – verkställighet.",
        (
            r"\benligt\s+(?:gällande|den\s+fastställda|det\s+fastställda|kommunens|avtalets|"
            r"det\s+nya|den\s+nya|det\s+befintliga|fastställd\w*)\b",
            r"\binom\s+(?:ramen|budgetram\w*|befintlig\w*)\b",
            r"\btillämpningsanvisning\w*",
        ),
        frozenset({"scope", "quality", "direction"}),
    ),
    (
        "staff",
        "Beslutet gäller en anställning eller personalfråga – arbetsgivarens verkställighet.",
        (r"\banställning\w*",),
        frozenset({"scope", "quality"}),
    ),
    (
        "preparing",
        "Beslutet ger bara i uppdrag att utreda eller ta fram förslag; det avgörande beslutet "
        "fattas senare.",
        (r"\bi\s+uppdrag\s+att\s+(?:utreda|ta\s+fram|se\s+över|återkomma)\b",),
        frozenset({"scope", "quality", "direction"}),
    ),
)

_COMPILED = [
    (key, reason, re.compile("|".join(f"(?:{p})" for p in pats), re.IGNORECASE))
    for key, reason, pats in RULES
]
_OPERATIONAL = [
    (key, reason, re.compile("|".join(f"(?:{p})" for p in pats), re.IGNORECASE), clears)
    for key, reason, pats, clears in OPERATIONAL
]

# The words of 6 kap. 38 § for what changes, used by the text itself.
_EXPLICIT = re.compile(
    r"\bomfattning\w*|\bservicenivå\w*|\bvårdnivå\w*|\bkvalitetsnivå\w*|\binriktning\w*",
    re.IGNORECASE,
)

# A short window: "den 23 december" (one day, not "från den …"), "3–5 maj", "12 januari 2022 till
# 29 januari 2022", "2022-12-01 till 2023-03-31". Longer than SHORT_DAYS is a lasting change.
SHORT_DAYS = 42
_DAY = re.compile(
    rf"(?<!från )(?<!med )\bden\s+(\d{{1,2}})\s+{_MONTH}\b(?!\s*(?:–|-|till)\s*\d)", re.IGNORECASE
)
_RANGE_TEXT = re.compile(
    rf"\b(\d{{1,2}})\s*(?:({_MONTH})\s*(\d{{4}})?)?\s*(?:–|-|till)\s*(\d{{1,2}})\s+({_MONTH})"
    rf"(?:\s+(\d{{4}}))?",
    re.IGNORECASE,
)
_RANGE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\s*(?:–|-|till)\s*(\d{4})-(\d{2})-(\d{2})\b")


def _short_window(text: str) -> str | None:
    """The phrase of a stated period of at most SHORT_DAYS days, if any."""
    m = _DAY.search(text)
    if m:
        return m.group(0)
    for m in _RANGE_ISO.finditer(text):
        try:
            a = date(int(m[1]), int(m[2]), int(m[3]))
            b = date(int(m[4]), int(m[5]), int(m[6]))
        except ValueError:
            continue
        if 0 <= (b - a).days <= SHORT_DAYS:
            return m.group(0)
    for m in _RANGE_TEXT.finditer(text):
        end_month = MONTHS.index(m[5].lower()) + 1
        start_month = MONTHS.index(m[2].lower()) + 1 if m[2] else end_month
        end_year = int(m[6]) if m[6] else 2000
        start_year = int(m[3]) if m[3] else (end_year if start_month <= end_month else end_year - 1)
        try:
            days = (
                date(end_year, end_month, int(m[4])) - date(start_year, start_month, int(m[1]))
            ).days
        except ValueError:
            continue
        if 0 <= days <= SHORT_DAYS:
            return m.group(0)
    return None


@dataclass(frozen=True)
class StrategicCheck:
    is_strategic: bool
    findings: tuple[dict, ...]  # {"rule", "phrase", "reason"}; operational ones explain a "no"

    def to_list(self) -> list[dict]:
        return [dict(f) for f in self.findings]


def strategic_check(text: str) -> StrategicCheck:
    """Which strategic-level rules the text hits, with the phrase and the reason for each.

    When every signal is cleared by an operational context, the verdict is "not strategic" and
    the findings say why (rule "operational", the cleared phrase and the context's reason).
    """
    text = text or ""
    hits = []
    for key, reason, pattern in _COMPILED:
        match = pattern.search(text)
        if match:
            hits.append({"rule": key, "phrase": match.group(0), "reason": reason})
    if not hits:
        return StrategicCheck(False, ())
    cleared: set[str] = set()
    contexts = []
    window = _short_window(text)
    if window:
        cleared |= {"scope", "quality", "direction"}
        contexts.append((window, OPERATIONAL[0][1]))
    for _key, reason, pattern, clears in _OPERATIONAL:
        match = pattern.search(text)
        if match:
            cleared |= clears
            contexts.append((match.group(0), reason))
    # A text that names the criterion itself ("omfattningen minskas", "lägre servicenivå") says
    # what it changes; no operational context makes that the administration's how.
    if _EXPLICIT.search(text):
        cleared = set()
    kept = [h for h in hits if h["rule"] not in cleared]
    if kept:
        return StrategicCheck(True, tuple(kept))
    operational = tuple(
        {"rule": "operational", "phrase": phrase, "reason": reason} for phrase, reason in contexts
    )
    return StrategicCheck(False, operational)
