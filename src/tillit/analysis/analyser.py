"""The "vad, inte hur" (what, not how) analyser for Swedish directive texts.

Pure Python: no Django, no network, no model downloads. The only dependency is the Snowball
Swedish stemmer (``snowballstemmer``). The rules live in :mod:`tillit.analysis.lexicon`.

How a text is analysed
----------------------
1. The text is split into sentences and clauses (a new clause starts at "och att", "samt att",
   ";"), and into words. Every word is lower-cased and stemmed (cached).
2. Term rules (single words, compound-aware) and pattern rules (multi-word regular expressions)
   produce candidate findings, each with a category, a weight and a Swedish reason.
3. Context is applied per sentence and clause:

   * a clause that asks for an inquiry, analysis or proposals ("utreda hur", "föreslå hur",
     "ta fram förslag på hur", "analysera hur") does not count: the administration is asked to
     work out the how — findings after the trigger are dropped, and so are findings before it
     when they sit inside an embedded question ("Hur bemanningen kan ... ska utredas");
   * an open information question ("Varför har öppettiderna ändrats?") is follow-up, not
     steering, and is dropped;
   * a sentence that explicitly leaves the how to the administration ("utan att styra
     bemanningen", "förvaltningen avgör själv", "oavsett system") is dropped;
   * examples and background ("till exempel", "eftersom", "mot bakgrund av") halve the weight;
   * a means clause after a goal ("Därför ska ...", "genom att ...") adds a bonus;
   * the measured quantity of a result is not a method ("minska antalet timanställda",
     "nöjdheten med öppettiderna") and is dropped.

4. Overlapping candidates are resolved (the stronger one wins), and the score is the noisy-or of
   the remaining weights: ``1 - Π(1 - w)``. A text with findings and no what-level evidence at
   all (no result, inquiry, resources, follow-up or deference) gets an extra pseudo-weight
   (``lexicon.NO_WHAT_WEIGHT``). The level is "how" when the score is at least 0.5.
5. Independently, the text is checked for the four parts of a good assignment: a measurable
   result, a deadline, resources and follow-up (see ``lexicon.RESULT_PATTERNS`` etc.). Callers
   with structured fields can override the last three with keyword flags.
6. The learned model (``model.py``) then decides the level with the rules' score as features;
   the rules' findings stay the explanation. When the rules alone call the text how-level, the
   model overrules them only if it finds both the text and the clause of the strongest finding
   what-level (version 7, ``MODEL_VETO_THRESHOLD``).

The analyser warns; it never blocks. ``analyse`` accepts any string (also empty) and never raises
for a ``str``; callers that want to reject empty or huge input (CLI, API) use ``validate_text``.
"""

from __future__ import annotations

import bisect
import itertools
import re
import re._constants as _sre  # the parse tree of a pattern, for its literal prefilter
import re._parser as _sre_parse
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from . import lexicon
from .lexicon import MISSING_KEYS, MISSING_LABELS, gettext_noop
from .model import load_model

__all__ = [
    "ANALYSER_VERSION",
    "HOW_THRESHOLD",
    "MAX_TEXT_LENGTH",
    "MISSING_LABELS",
    "Analysis",
    "AnalysisInputError",
    "Finding",
    "analyse",
    "explain",
    "validate_text",
]

ANALYSER_VERSION = "7"
"""Stored with every analysis; bump it when the rules change what a text is classified as."""

HOW_THRESHOLD = 0.5
"""Score at or above which a text is classified as how-level."""

MODEL_ONLY_THRESHOLD = 0.6
"""Probability the model needs to call a text how-level when no rule finds anything."""

GOALS_BLOCK_MODEL = False
"""Version 5's guard against model-only how-verdicts on goal language: left off. Checked again in
version 7 on development data only: with the version 7 model, ``dev_short`` left out of training
gives 0.965 with the guard against 0.970 without it (also when limited to single sentences of at
most 15 words), and real cross-validation how-recall falls 0.756 → 0.731
(docs/analysis-guidelines.md)."""

MODEL_VETO_THRESHOLD = 0.5
"""When the rules alone call a text how-level, the model overrules them only when its probability
is below this both for the whole text and for the clause of the strongest rule finding. (0.25 was
chosen by cross-validation on the real development sentences and measured worse on the real
held-out part than 0.5: docs/analysis-guidelines.md, "Version 7".)"""

MODEL_EVIDENCE_MIN = 0.3
"""Smallest summed word weight shown as a model finding."""

REPORT_THRESHOLD = 0.25
"""Candidates whose weight after context is below this are not reported."""

MAX_TEXT_LENGTH = 100_000
"""Largest text ``validate_text`` accepts (characters)."""


class AnalysisInputError(ValueError):
    """Raised by :func:`validate_text` for input that should not be analysed. The message is
    Swedish; ``template`` and ``params`` let a page show it in the reader's language."""

    def __init__(self, template: str, **params) -> None:
        self.template, self.params = template, params
        super().__init__(template % params if params else template)


@dataclass(frozen=True)
class Finding:
    """A phrase that prescribes method instead of result.

    ``start``/``end`` are character offsets into the original text: ``text[start:end] == phrase``.
    """

    start: int
    end: int
    phrase: str
    reason: str
    category: str

    def to_dict(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "phrase": self.phrase,
            "reason": self.reason,
            "category": self.category,
        }


@dataclass(frozen=True)
class Analysis:
    """The result of :func:`analyse`."""

    level: str
    score: float
    findings: tuple[Finding, ...]
    missing: tuple[str, ...]

    def to_dict(self) -> dict:
        return {
            "level": self.level,
            "score": self.score,
            "findings": [f.to_dict() for f in self.findings],
            "missing": list(self.missing),
        }


# ------------------------------------------------------------------------------------------------
# Compilation of the lexicon (once, at import time)
# ------------------------------------------------------------------------------------------------

_Rule = lexicon.TermRule | lexicon.PatternRule | lexicon.AddresseeRule
_STEMMER = snowballstemmer.stemmer("swedish")
_FLAGS = re.IGNORECASE | re.UNICODE

_WORD_RE = re.compile(r"\w+", re.UNICODE)
_LETTER_RE = re.compile(r"[^\W\d_]", re.UNICODE)
_SENTENCE_END_RE = re.compile(r"[.!?…]+(?=\s|$)|\n+")
_ABBREV_RE = re.compile(r"(?:^|[^\w.])" + lexicon.ABBREVIATIONS + r"\.$", _FLAGS)
_NEXT_STARTS_SENTENCE_RE = re.compile(r"\s*(?:$|[^\w\s]|[A-ZÅÄÖÉ0-9])")
_CLAUSE_RE = re.compile(lexicon.CLAUSE_BREAKS, _FLAGS)
_INQUIRY_RE = re.compile(lexicon.INQUIRY_TRIGGERS, _FLAGS)
_INQUIRY_BLOCK_RE = re.compile(lexicon.INQUIRY_BLOCKERS, _FLAGS)
_INTERROGATIVE_RE = re.compile(lexicon.INTERROGATIVES, _FLAGS)
_DEFERENCE_RE = re.compile(lexicon.DEFERENCE, _FLAGS)
_HEDGE_RE = re.compile(lexicon.HEDGES, _FLAGS)
_MEANS_RE = re.compile(lexicon.MEANS, _FLAGS)
_MEASURED_RE = re.compile(lexicon.MEASURED, _FLAGS)
_GOALS_RE = re.compile(lexicon.GOALS, _FLAGS)
_STANDARD_AFTER_RE = re.compile(lexicon.STANDARD_AFTER, _FLAGS)
_RESERVED_RE = re.compile(lexicon.RESERVED, _FLAGS)
_RESERVED_MONEY_RE = re.compile(lexicon.RESERVED_MONEY, _FLAGS)
_RESERVED_MONEY_GUARD_RE = re.compile(lexicon.RESERVED_MONEY_GUARD, _FLAGS)


def _top_level_branches(pattern: str) -> list[str]:
    """The alternatives of a pattern at the outermost level (split at "|" outside groups)."""
    branches, depth, start, i = [], 0, 0, 0
    in_class = False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            branches.append(pattern[start:i])
            start = i + 1
        i += 1
    branches.append(pattern[start:])
    return branches


def _guarded_variants() -> tuple[list[re.Pattern[str]], dict[tuple[bool, ...], re.Pattern[str]]]:
    """RESERVED compiled once per combination of present guards (lexicon.RESERVED_GUARDS).

    A branch whose guard does not occur in a text cannot match it; leaving it out (in the same
    order as before) gives exactly the matches of the whole pattern, faster.
    """
    branches = _top_level_branches(lexicon.RESERVED)
    assert "|".join(branches) == lexicon.RESERVED
    owners = []
    for prefix, _ in lexicon.RESERVED_GUARDS:
        found = [k for k, b in enumerate(branches) if b.startswith(prefix)]
        assert len(found) == 1, prefix
        owners.append(found[0])
    guards = [re.compile(g, _FLAGS) for _, g in lexicon.RESERVED_GUARDS]
    variants = {}
    for key in itertools.product((False, True), repeat=len(guards)):
        left_out = {owners[k] for k, present in enumerate(key) if not present}
        kept = [b for k, b in enumerate(branches) if k not in left_out]
        variants[key] = re.compile("|".join(kept), _FLAGS)
    return guards, variants


_RESERVED_GUARD_RES, _RESERVED_VARIANTS = _guarded_variants()


def _reserved_re(text: str) -> re.Pattern[str]:
    """RESERVED without the branches that cannot match ``text`` (same matches, faster)."""
    return _RESERVED_VARIANTS[tuple(g.search(text) is not None for g in _RESERVED_GUARD_RES)]


# Literal prefilters (speed only). For an expensive pattern, the strings of which every match
# must contain one are read from the pattern's parse tree at import time, so they follow every
# edit of the lexicon. A text that contains none of them (plain substring tests on the
# lower-cased text, far cheaper than a regular-expression scan) cannot match, and the search is
# skipped. The lower-cased text is only used when every character of it lower-cases to the one
# character the regex engine matches case-insensitively (``_prefilter_text``); otherwise (a long
# s, a Kelvin sign, a dotted capital I ...) every pattern runs as before.


def _literal_needles(items) -> set[str] | None:
    """Strings one of which every match of a parsed pattern contains (None: none known)."""
    best: set[str] | None = None
    run: list[str] = []

    def consider(candidates: set[str] | None) -> None:
        nonlocal best
        if candidates and (best is None or min(map(len, candidates)) > min(map(len, best))):
            best = candidates

    for op, av in items:
        if op is _sre.LITERAL:
            run.append(chr(av))
            continue
        if run:  # a run of literals is a string every match contains
            consider({"".join(run)})
            run = []
        if op is _sre.SUBPATTERN:
            consider(_literal_needles(av[-1]))
        elif op is _sre.ATOMIC_GROUP:
            consider(_literal_needles(av))
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT) and av[0] >= 1:
            consider(_literal_needles(av[2]))
        elif op is _sre.BRANCH:
            branches = [_literal_needles(b) for b in av[1]]
            if all(branches):  # every alternative must contribute
                consider(set().union(*branches))
        # anything else (classes, anchors, lookarounds, optional parts) requires no literal
    if run:
        consider({"".join(run)})
    return best


_NEEDLE_CHARS: set[str] = set()  # every literal character of a needle (all built at import)


def _needles(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lower-cased prefilter strings of a compiled pattern (None: always search)."""
    found = _literal_needles(_sre_parse.parse(pattern.pattern, pattern.flags))
    if not found or any(len(c.lower()) != 1 for n in found for c in n):
        return None
    _NEEDLE_CHARS.update(c for n in found for c in n)
    return tuple(sorted({n.lower() for n in found}))


@lru_cache(maxsize=4096)
def _char_safe(c: str) -> bool:
    """Whether the regex engine matches ``c`` case-insensitively only to characters that have
    the same one-character lower case (asked of the engine itself, once per character)."""
    low = c.lower()
    return len(low) == 1 and all(
        low == n.lower() or re.fullmatch(re.escape(n), c, _FLAGS) is None for n in _NEEDLE_CHARS
    )


def _prefilter_text(text: str) -> str | None:
    """The lower-cased text for the prefilters, or None when it is not safe to use."""
    return text.lower() if all(map(_char_safe, set(text))) else None


def _may_match(needles: tuple[str, ...] | None, lowered: str | None) -> bool:
    """False only when no match is possible: the text contains none of the needles."""
    return needles is None or lowered is None or any(map(lowered.__contains__, needles))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball Swedish stem of a lower-cased word (cached)."""
    return _STEMMER.stemWord(word)


def _compile_root(root: str) -> tuple[str, str]:
    """Return (mode, stem) for a lexicon root with ``*`` markers."""
    head = root.startswith("*")
    tail = root.endswith("*")
    word = root.strip("*").lower()
    root_stem = stem(word)
    mode = {(False, False): "exact", (True, False): "head", (False, True): "mod"}.get(
        (head, tail), "contains"
    )
    return mode, root_stem


@dataclass(frozen=True)
class _CompiledTerm:
    rule: lexicon.TermRule
    exact: frozenset[str]
    heads: tuple[str, ...]
    mods: tuple[str, ...]
    contains: tuple[str, ...]
    forms: re.Pattern[str] | None
    exclude: re.Pattern[str] | None

    def matches(self, word: str, word_stem: str) -> bool:
        if self.exclude is not None and self.exclude.fullmatch(word):
            return False
        if self.forms is not None and self.forms.fullmatch(word):
            return True
        if word_stem in self.exact:
            return True
        if any(word_stem.endswith(h) for h in self.heads):
            return True
        if any(word_stem.startswith(m) or word.startswith(m) for m in self.mods):
            return True
        return any(c in word_stem or c in word for c in self.contains)


def _compile_term(rule: lexicon.TermRule) -> _CompiledTerm:
    exact: set[str] = set()
    heads: list[str] = []
    mods: list[str] = []
    contains: list[str] = []
    for root in rule.roots:
        mode, root_stem = _compile_root(root)
        exact.add(root_stem)
        {"exact": [], "head": heads, "mod": mods, "contains": contains}[mode].append(root_stem)
    return _CompiledTerm(
        rule=rule,
        exact=frozenset(exact),
        heads=tuple(heads),
        mods=tuple(mods),
        contains=tuple(contains),
        forms=re.compile(rule.forms, _FLAGS) if rule.forms else None,
        exclude=re.compile(rule.exclude, _FLAGS) if rule.exclude else None,
    )


_RESERVED_NEEDLES = {v: _needles(v) for v in _RESERVED_VARIANTS.values()}
_INQUIRY_NEEDLES = _needles(_INQUIRY_RE)
_HEDGE_NEEDLES = _needles(_HEDGE_RE)
_MEANS_NEEDLES = _needles(_MEANS_RE)

_TERMS: tuple[_CompiledTerm, ...] = tuple(_compile_term(r) for r in lexicon.TERM_RULES)
# (rule, pattern, left-context pattern, hints, needles): a rule with hints runs only when one of
# its hint substrings occurs in the lower-cased text. The hints of all rules are tested once per
# text with plain substring tests (``_ALL_HINTS``), much cheaper than one regular-expression
# search per rule; the needles are the pattern's own literal prefilter (see ``_needles``).
_PATTERNS: tuple[tuple, ...] = tuple(
    (
        r,
        compiled := re.compile(r.pattern, _FLAGS),
        re.compile(r.before, _FLAGS) if r.before else None,
        frozenset(r.hints) if r.hints else None,
        _needles(compiled),
    )
    for r in lexicon.PATTERN_RULES
)
_ALL_HINTS: tuple[str, ...] = tuple(sorted({h for r in lexicon.PATTERN_RULES for h in r.hints}))
_ADDRESSEES = tuple(
    (
        r,
        re.compile(r.word, _FLAGS),
        re.compile(r.left, _FLAGS),
        re.compile(r.after, _FLAGS),
        re.compile(r.before, _FLAGS),
    )
    for r in lexicon.ADDRESSEE_RULES
)


def _any_of(patterns) -> re.Pattern[str]:
    """One alternation for a list of patterns: a single search instead of one per pattern."""
    return re.compile("|".join(f"(?:{p})" for p in patterns), _FLAGS)


_RESULT_RE = _any_of(lexicon.RESULT_PATTERNS)
_DEADLINE_RE = _any_of(lexicon.DEADLINE_PATTERNS)
_RESOURCE_RE = _any_of(lexicon.RESOURCE_PATTERNS)
_FOLLOWUP_RE = _any_of(lexicon.FOLLOWUP_PATTERNS)


@lru_cache(maxsize=200_000)
def _term_hits(word: str) -> tuple[int, ...]:
    """Indices of the term rules a lower-cased word matches (cached per word)."""
    if len(word) < 3 or word.isdigit():
        return ()
    word_stem = stem(word)
    return tuple(i for i, t in enumerate(_TERMS) if t.matches(word, word_stem))


@lru_cache(maxsize=200_000)
def _addressee_hits(word: str) -> tuple[int, ...]:
    """Indices of the addressee rules whose word pattern a lower-cased word matches (cached)."""
    return tuple(i for i, a in enumerate(_ADDRESSEES) if a[1].fullmatch(word))


def _addressee_candidates(text: str, start: int, end: int, index: int) -> tuple[int, int] | None:
    """Span of an addressee finding if a directive is addressed to the word at start:end."""
    _, _, left, after, before = _ADDRESSEES[index]
    m = left.search(text, max(0, start - 40), start)
    span_start = m.start() if m else start
    if after.match(text, end) or before.search(text, max(0, span_start - 60), span_start):
        return span_start, end
    return None


# ------------------------------------------------------------------------------------------------
# Segmentation and context
# ------------------------------------------------------------------------------------------------


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans. A full stop after an abbreviation or before a lower-case word is no end."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END_RE.finditer(text):
        end = m.end()
        if m.group().startswith("."):
            before = text[max(0, m.start() - 12) : m.start() + 1]
            if _ABBREV_RE.search(before) or not _NEXT_STARTS_SENTENCE_RE.match(text, end):
                continue
        if end > start:
            spans.append((start, end))
        start = end
    if start < len(text):
        spans.append((start, len(text)))
    return spans or [(0, len(text))]


class _lazy:  # noqa: N801 (used like a decorator)
    """functools.cached_property without its lock: a context belongs to one call."""

    def __init__(self, func) -> None:
        self.func, self.name = func, func.__name__

    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


class _SentenceContext:
    """Context of one sentence (offsets into the whole text).

    Only the clauses, the deference and the open-question test are needed for every candidate;
    the other positions are searched on first use (most candidates are decided before they are
    needed, and the RESERVED search is the most expensive of all).
    """

    def __init__(self, text: str, start: int, end: int, lowered: str | None = None) -> None:
        self.start, self.end = start, end
        self.sentence = sentence = text[start:end]
        # ``lowered``: the whole text from _prefilter_text (same offsets), or None
        self.lowered = lowered[start:end] if lowered is not None else None
        clauses: list[tuple[int, int]] = []
        cstart = start
        for m in _CLAUSE_RE.finditer(sentence):
            clauses.append((cstart, start + m.start()))
            cstart = start + m.start()
        clauses.append((cstart, end))
        self.clauses = clauses

    def _positions(self, pattern: re.Pattern[str], needles: tuple[str, ...] | None) -> list[int]:
        if not _may_match(needles, self.lowered):
            return []
        return [self.start + m.start() for m in pattern.finditer(self.sentence)]

    @_lazy
    def deference(self) -> bool:
        return bool(_DEFERENCE_RE.search(self.sentence))

    @_lazy
    def open_question(self) -> bool:
        stripped = self.sentence.strip()
        # "Hur många ...?" or, after a heading, "Fråga till förvaltningschefen: Hur många ...?"
        firsts = [_WORD_RE.search(stripped), _WORD_RE.search(stripped.rpartition(":")[2])]
        return stripped.endswith("?") and any(
            m is not None and m.group().lower() in lexicon.QUESTION_WORDS for m in firsts
        )

    @_lazy
    def inquiries(self) -> list[int]:
        """Start offsets of inquiry triggers."""
        return [self.start + p for p in _inquiry_positions(self.sentence, self.lowered)]

    @_lazy
    def interrogatives(self) -> list[int]:
        return self._positions(_INTERROGATIVE_RE, None)

    @_lazy
    def hedges(self) -> list[int]:
        return self._positions(_HEDGE_RE, _HEDGE_NEEDLES)

    @_lazy
    def means(self) -> list[int]:
        return self._positions(_MEANS_RE, _MEANS_NEEDLES)

    @_lazy
    def reserved(self) -> list[int]:
        """Start offsets of decisions on matters the elected bodies keep."""
        pattern = _reserved_re(self.sentence)
        return self._positions(pattern, _RESERVED_NEEDLES[pattern])

    def clause_of(self, pos: int) -> tuple[int, int]:
        for c in self.clauses:
            if c[0] <= pos < c[1]:
                return c
        return (self.start, self.end)


def _inquiry_positions(text: str, lowered: str | None = None) -> list[int]:
    """Offsets of inquiry triggers that are not part of an adopted proposal ("enligt förslag").

    ``lowered``: the text from ``_prefilter_text``, or None."""
    if not _may_match(_INQUIRY_NEEDLES, lowered):
        return []
    triggers = [m.start() for m in _INQUIRY_RE.finditer(text)]
    if not triggers:  # the blockers matter only around a trigger
        return triggers
    blocked = [(m.start(), m.end()) for m in _INQUIRY_BLOCK_RE.finditer(text)]
    return [p for p in triggers if not any(b0 <= p < b1 for b0, b1 in blocked)]


def _contextual_weight(
    text: str,
    ctx: _SentenceContext,
    start: int,
    weight: float,
    deferring: bool = False,
    end: int | None = None,
    rule: _Rule | None = None,
) -> float:
    """Weight of a candidate finding after its sentence context is applied (0 = dropped).

    ``deferring`` says that another sentence of the text leaves the how to the administration
    ("Placeringen avgör förvaltningen"): the finding is then read as background and halved.
    """
    if ctx.deference or ctx.open_question:
        return 0.0
    if deferring:
        weight *= 0.5
    if _MEASURED_RE.search(text, max(ctx.start, start - 48), start):
        return 0.0
    if end is not None and _STANDARD_AFTER_RE.match(text[end : min(ctx.end, end + 60)]):
        return 0.0
    c0, c1 = ctx.clause_of(start)
    # A named place, property or building work inside a decision on a matter the elected bodies
    # keep (a property sale, a plan, closing a unit) is the object of that decision, not a method.
    if (
        rule is not None
        and rule.category in lexicon.RESERVED_DROPS
        and (rule.category != "individual_case" or rule.reason == lexicon.R_PROPERTY)
        and not getattr(rule, "keep", False)
        and any(c0 <= p < c1 for p in ctx.reserved)
    ):
        return 0.0
    triggers = [p for p in ctx.inquiries if c0 <= p < c1]
    if triggers:
        if triggers[0] <= start:
            return 0.0
        # "Hur bemanningen kan förbättras ska utredas": an embedded question before the trigger.
        if any(c0 <= p <= start for p in ctx.interrogatives):
            return 0.0
    if any(p < start for p in ctx.hedges):
        weight *= 0.5
    elif any(c0 <= p < start for p in ctx.means):
        weight = min(0.9, weight + lexicon.MEANS_BONUS)
    return weight


# ------------------------------------------------------------------------------------------------
# Public API
# ------------------------------------------------------------------------------------------------


def validate_text(text: object) -> str:
    """Check input for callers that must reject it with a clear message (CLI, API).

    Returns the text unchanged, or raises :class:`AnalysisInputError` with a Swedish message.
    """
    if not isinstance(text, str):
        raise AnalysisInputError(gettext_noop("Texten måste vara en sträng."))
    if not text.strip():
        raise AnalysisInputError(
            gettext_noop("Texten är tom — skriv in uppdraget, beslutet eller frågan.")
        )
    if len(text) > MAX_TEXT_LENGTH:
        raise AnalysisInputError(
            gettext_noop(
                "Texten är för lång (%(length)s tecken); högst %(limit)s tecken analyseras."
            ),
            length=len(text),
            limit=MAX_TEXT_LENGTH,
        )
    return text


def _has(pattern: re.Pattern[str], text: str) -> bool:
    return pattern.search(text) is not None


def _parts(
    text: str,
    has_deadline: bool | None,
    has_resources: bool | None,
    has_followup: bool | None,
    lowered: str | None = None,
) -> tuple[tuple[str, ...], bool]:
    """Missing parts, and whether the text shows any what-level evidence at all.

    What-level evidence is a measurable result, resources, follow-up (judged from the text, not
    from the flags), an inquiry frame or an explicit deference to the administration.
    """
    # The text's own resources and follow-up are searched once, for both uses.
    resources_in_text = _has(_RESOURCE_RE, text)
    followup_in_text = _has(_FOLLOWUP_RE, text)
    present = {
        "result": _has(_RESULT_RE, text),
        "deadline": has_deadline if has_deadline is not None else _has(_DEADLINE_RE, text),
        "resources": has_resources if has_resources is not None else resources_in_text,
        "followup": has_followup if has_followup is not None else followup_in_text,
    }
    missing = tuple(k for k in MISSING_KEYS if not present[k])
    what_evidence = (
        present["result"]
        or resources_in_text
        or followup_in_text
        or bool(_inquiry_positions(text, lowered))
        or _deference(text)
        or reserved_decision(text)
        or money_decision(text)
    )
    return missing, what_evidence


def _rule_pass(
    text: str,
    has_deadline: bool | None = None,
    has_resources: bool | None = None,
    has_followup: bool | None = None,
) -> tuple[tuple[str, ...], list[tuple[int, int, float, _Rule]], float]:
    """The rules alone: (missing parts, findings with their rules and weights, score)."""
    lowered = text.lower()
    candidates: list[tuple[int, int, float, _Rule]] = []
    prefiltered = _prefilter_text(text)
    missing, what_evidence = _parts(text, has_deadline, has_resources, has_followup, prefiltered)
    # Weak cues count only in a text with no what-level evidence and no goal language.
    weak_ok = not what_evidence and not _GOALS_RE.search(text)

    for m in _WORD_RE.finditer(text):
        hits = _term_hits(m.group().lower())
        for i in hits:
            rule = _TERMS[i].rule
            if rule.weak and not weak_ok:
                continue
            candidates.append((m.start(), m.end(), rule.weight, rule))
        for i in _addressee_hits(m.group().lower()):
            span = _addressee_candidates(text, m.start(), m.end(), i)
            if span is not None:
                arule = _ADDRESSEES[i][0]
                candidates.append((span[0], span[1], arule.weight, arule))

    present_hints = set(filter(lowered.__contains__, _ALL_HINTS))
    for rule, pattern, before, hints, needles in _PATTERNS:
        if rule.weak and not weak_ok:
            continue
        if hints is not None and hints.isdisjoint(present_hints):
            continue
        if not _may_match(needles, prefiltered):
            continue
        for m in pattern.finditer(text):
            if "hit" in pattern.groupindex and m.group("hit") is not None:
                s, e = m.span("hit")
            else:
                s, e = m.span()
            if before is not None:
                b = before.search(text, max(0, s - 80), s)
                if b is None:
                    continue
                s = b.start()
            if e > s:
                candidates.append((s, e, rule.weight, rule))

    findings: list[tuple[int, int, float, _Rule]] = []
    if candidates:
        sentences = _sentences(text)
        starts = [s for s, _ in sentences]
        contexts: dict[int, _SentenceContext] = {}
        deferring = _deference(text)
        weighted = []
        for s, e, w, rule in candidates:
            idx = max(0, bisect.bisect_right(starts, s) - 1)
            ctx = contexts.get(idx)
            if ctx is None:
                ctx = contexts[idx] = _SentenceContext(text, *sentences[idx], prefiltered)
            w = _contextual_weight(text, ctx, s, w, deferring, e, rule)
            if w >= REPORT_THRESHOLD:
                weighted.append((s, e, w, rule))
        # Strongest first; longer spans win ties. Overlapping weaker candidates are dropped.
        weighted.sort(key=lambda c: (-c[2], -(c[1] - c[0]), c[0]))
        for cand in weighted:
            if all(cand[1] <= f[0] or cand[0] >= f[1] for f in findings):
                findings.append(cand)
        findings.sort(key=lambda c: c[0])

    remaining = 1.0
    strongest_weak = 0.0
    for _, _, w, rule in findings:
        if getattr(rule, "weak", False):
            strongest_weak = max(strongest_weak, w)  # weak cues do not add up
        else:
            remaining *= 1.0 - w
    remaining *= 1.0 - strongest_weak
    if findings and not what_evidence and max(f[2] for f in findings) >= 0.3:
        remaining *= 1.0 - lexicon.NO_WHAT_WEIGHT
    score = round(min(1.0, max(0.0, 1.0 - remaining)), 3)
    return missing, findings, score


def rule_features(text: str) -> tuple[float, bool, bool, bool]:
    """The rules' inputs to the model: (score, reserved matter, money matter, decisive rule)."""
    _, findings, score = _rule_pass(text)
    decisive = any(getattr(rule, "keep", False) for _, _, _, rule in findings)
    return score, reserved_decision(text), money_decision(text), decisive


def analyse(
    text: str,
    *,
    has_deadline: bool | None = None,
    has_resources: bool | None = None,
    has_followup: bool | None = None,
    use_model: bool = True,
) -> Analysis:
    """Analyse a Swedish directive text (assignment, decision or question).

    The keyword flags let a caller with structured fields say that a part is present (True) or
    absent (False) regardless of the text; ``None`` means "judge from the text". With
    ``use_model=False`` the rules decide alone (training and comparisons).
    """
    if not isinstance(text, str):
        raise TypeError(f"analyse() expects str, not {type(text).__name__}")

    missing, findings, score = _rule_pass(text, has_deadline, has_resources, has_followup)
    out = tuple(Finding(s, e, text[s:e], rule.reason, rule.category) for s, e, _, rule in findings)

    model = load_model() if use_model else None
    if model is not None and _LETTER_RE.search(text):
        # The learned model decides the level, with the rules' verdict as two of its features;
        # the rules' findings stay the explanation.
        reserved = reserved_decision(text)
        money = money_decision(text)
        decisive = [w for _, _, w, rule in findings if getattr(rule, "keep", False)]
        probability = round(
            model.probability(text, score, score >= HOW_THRESHOLD, reserved, money, bool(decisive)),
            3,
        )
        # A decision on a matter the elected bodies keep (a sale, a plan, a fee, closing a unit)
        # with no rule finding left is what-level: the model may not call it how on words alone.
        # Nor may it on words alone when the text speaks the language of goals ("fler",
        # "trygg", "prioriteras"): a goal is what-level unless a rule points to a method.
        if (
            probability >= MODEL_ONLY_THRESHOLD
            and not out
            and not reserved
            and not (GOALS_BLOCK_MODEL and _GOALS_RE.search(text))
            and not _only_open_questions(text)
        ):
            out = _model_findings(model, text)
        # A how-score nobody can point to is not given: with no rule finding and no word that
        # weighs clearly towards how (short or vague texts) the rules' score (0) stands.
        rule_score = score
        if out:
            score = probability
        # The rules found a method and call the text how-level on their own: the model overrules
        # them only when it finds the text what-level both as a whole and in the clause that
        # carries the strongest finding (one prescribed method is enough: "utreda hur ... och att
        # flytta cykelställen" is judged on its last clause too).
        if rule_score >= HOW_THRESHOLD and score < HOW_THRESHOLD:
            if score < MODEL_VETO_THRESHOLD:
                clause = _strongest_clause(text, findings)
                if clause is not None:
                    c_score, c_reserved, c_money, c_decisive = rule_features(clause)
                    score = model.probability(
                        clause, c_score, c_score >= HOW_THRESHOLD, c_reserved, c_money, c_decisive
                    )
            score = rule_score if score >= MODEL_VETO_THRESHOLD else probability
        # The unambiguous real-minutes rules (``keep``: a permit, an injunction, an order to
        # named units) decide how-level whatever the words around them weigh.
        if decisive and score < HOW_THRESHOLD:
            score = max(decisive)

    return Analysis(
        level="how" if score >= HOW_THRESHOLD else "what",
        score=score,
        findings=out,
        missing=missing,
    )


def _strongest_clause(text: str, findings) -> str | None:
    """The clause of the strongest rule finding, when the text has more than that clause."""
    start = max(findings, key=lambda f: f[2])[0]
    for s0, s1 in _sentences(text):
        if s0 <= start < s1:
            c0, c1 = _SentenceContext(text, s0, s1).clause_of(start)
            clause = text[c0:c1].strip()
            return clause if clause and len(clause) < len(text.strip()) else None
    return None


def _only_open_questions(text: str) -> bool:
    """Whether every sentence is an open information question ("Varför har ... ändrats?")."""
    return all(_SentenceContext(text, *span).open_question for span in _sentences(text))


@lru_cache(maxsize=256)
def _deference(text: str) -> bool:
    """Whether the text leaves the how to the administration (cached: asked twice per text)."""
    return _DEFERENCE_RE.search(text) is not None


@lru_cache(maxsize=256)
def reserved_decision(text: str) -> bool:
    """Whether the text decides a matter the elected bodies keep (lexicon.RESERVED)."""
    pattern = _reserved_re(text)
    if not _may_match(_RESERVED_NEEDLES[pattern], _prefilter_text(text)):
        return False
    return pattern.search(text) is not None


@lru_cache(maxsize=256)
def money_decision(text: str) -> bool:
    """Whether the text sets a fee, a tax or a grant (lexicon.RESERVED_MONEY)."""
    return _RESERVED_MONEY_GUARD_RE.search(text) is not None and (
        _RESERVED_MONEY_RE.search(text) is not None
    )


MODEL_REASON = gettext_noop(
    "Ordet är typiskt för texter som anger hur arbetet ska göras (inlärd modell) — kontrollera "
    "om texten styr arbetssättet i stället för resultatet."
)


def _model_findings(model, text: str) -> tuple[Finding, ...]:
    """When only the model sees how-level, show the words that weighed most (at most three)."""
    strongest = [ev for ev in model.word_evidence(text) if ev[2] >= MODEL_EVIDENCE_MIN][:3]
    return tuple(Finding(s, e, text[s:e], MODEL_REASON, "model") for s, e, _ in sorted(strongest))


def explain(analysis: Analysis) -> str:
    """A short Swedish explanation of an analysis, for people (CLI, forms, e-mail)."""
    lines: list[str] = []
    if analysis.level == "how":
        lines.append(
            f"Texten ligger på hur-nivå (styrka {analysis.score:.2f}): den anger hur arbetet ska "
            "utföras i stället för vilket resultat som ska uppnås."
        )
    elif analysis.findings:
        lines.append(
            f"Texten ligger i huvudsak på vad-nivå (styrka {analysis.score:.2f}), men nämner "
            "detaljer som kan uppfattas som styrning av hur."
        )
    else:
        lines.append("Texten ligger på vad-nivå: den anger vad som ska uppnås, inte hur.")
    for f in analysis.findings:
        lines.append(f"• ”{f.phrase}”: {f.reason}")
    if analysis.missing:
        lines.append("Ett bra uppdrag anger också:")
        lines.extend(f"• {MISSING_LABELS[k]}" for k in analysis.missing)
    return "\n".join(lines)
