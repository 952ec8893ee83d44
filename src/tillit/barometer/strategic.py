"""Is a delegation decision at the strategic level? A small, explainable Swedish rule set.

Kommunallagen 6 kap. 38 § says a nämnd may not delegate "ärenden som avser verksamhetens mål,
inriktning, omfattning eller kvalitet" (among others). A delegation decision whose content sets
goals, direction, scope or quality is a sign that officials decide what politics should. Like the
"vad, inte hur" analyser, each rule is a set of phrases with a Swedish reason; the result lists
the phrases found, so a reader can judge. Pure code, no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LAW = "kommunallagen 6 kap. 38 §"
RULES_VERSION = "v1"

# (key, reason, phrase patterns). Patterns match word starts, case-insensitively.
RULES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "goals",
        "Beslutet sätter mål för verksamheten – det är fullmäktiges och nämndens sak.",
        (r"mål(?:en|et|s?ättning\w*)?\b", r"målnivå\w*", r"resultatmål\w*", r"verksamhetsmål\w*"),
    ),
    (
        "direction",
        "Beslutet anger verksamhetens inriktning eller prioriteringar.",
        (
            r"inriktning\w*",
            r"prioriter\w*",
            r"strategi\w*",
            r"vägval\w*",
            r"policy\w*",
            r"ny(?:a|tt)? verksamhet\w*",
        ),
    ),
    (
        "scope",
        "Beslutet ändrar verksamhetens omfattning (öppnar, stänger, lägger ner eller minskar).",
        (
            r"omfattning\w*",
            r"lägg(?:a|er|s)? ned\b",
            r"lägg(?:a|er|s)? ner\b",
            r"nedläggning\w*",
            r"avveckl\w*",
            r"stäng(?:a|er|s|ning)\w*",
            r"minska(?:r|s)? antalet\b",
            r"utöka(?:r|s)? antalet\b",
            r"öppettid\w*",
            r"antal(?:et)? platser\b",
        ),
    ),
    (
        "quality",
        "Beslutet bestämmer verksamhetens kvalitet eller servicenivå.",
        (r"kvalitet\w*", r"servicenivå\w*", r"vårdnivå\w*", r"bemanningsnivå\w*", r"nivån på\b"),
    ),
)

_COMPILED = [
    (key, reason, re.compile(r"\b(?:" + "|".join(pats) + r")", re.IGNORECASE))
    for key, reason, pats in RULES
]


@dataclass(frozen=True)
class StrategicCheck:
    is_strategic: bool
    findings: tuple[dict, ...]  # {"rule", "phrase", "reason"}

    def to_list(self) -> list[dict]:
        return [dict(f) for f in self.findings]


def strategic_check(text: str) -> StrategicCheck:
    """Which strategic-level rules the text hits, with the phrase and the reason for each."""
    findings = []
    for key, reason, pattern in _COMPILED:
        match = pattern.search(text or "")
        if match:
            findings.append({"rule": key, "phrase": match.group(0), "reason": reason})
    return StrategicCheck(bool(findings), tuple(findings))
