"""English complete: no Swedish user-interface text without an English translation.

Three static checks over the source (no database, a few seconds) — run them with
``.venv/bin/python -m pytest -q tests/test_i18n_complete.py``; each failure lists exactly the
strings to fix, and docs/openness.md ("Languages") says how.

1. **The catalogue.** ``makemessages`` runs on a temporary copy of the package (the real
   ``django.po`` is not touched) and every msgid it finds in a template or in Python must have a
   non-empty, non-fuzzy English ``msgstr``; every translation in ``django.po`` must also be in the
   compiled ``django.mo`` (someone forgot ``compilemessages``).
2. **Templates.** Text a template writes outside ``{% translate %}``/``{% blocktranslate %}``
   (also ``title``, ``aria-label``, ``placeholder``, ``alt`` attributes) is never translated.
   Exempt: ``<script>``, ``<style>``, ``<code>``, ``<pre>``, documents that declare
   ``<html lang="sv">`` (the official Swedish PDF/Word documents and the self-contained 500 page),
   and the language-neutral words in ``NEUTRAL_WORDS``.
3. **Python messages.** A Swedish string literal in a place the user reads — an exception's
   message (``ValidationError``, ``TillitError``, ``ValidationFailed``...), ``messages.*``,
   ``add_error``, ``errors[...] = ...``, a model/form field's verbose name, ``label=``,
   ``help_text=``, ``why=``..., a ``TextChoices`` label — must be inside ``gettext``/
   ``gettext_lazy``/``gettext_noop`` (``_``). Data (lexicon patterns, demo content, parsers'
   patterns, the CLI, tests, migrations) is outside the scan (``PY_SKIP``), and so are stored
   texts such as notification titles (``title=``): they keep the language they were written in.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "tillit"
PO = PACKAGE / "locale" / "en" / "LC_MESSAGES" / "django.po"

# ---------------------------------------------------------------------------------------------
# 1. The catalogue
# ---------------------------------------------------------------------------------------------


def _unquote(line: str) -> str:
    return ast.literal_eval(line.strip()) if line.strip().startswith('"') else ""


def parse_po(text: str) -> list[dict]:
    """The entries of a .po file: {"msgid", "msgid_plural", "msgctxt", "msgstr": [..],
    "fuzzy", "refs"}; obsolete (#~) entries are left out."""
    entries: list[dict] = []
    entry: dict | None = None
    key = None

    def new() -> dict:
        return {
            "msgid": "",
            "msgid_plural": None,
            "msgctxt": None,
            "msgstr": [],
            "fuzzy": False,
            "refs": [],
        }

    for line in text.splitlines():
        if line.startswith("#~"):
            continue
        if not line.strip():
            if entry is not None:
                entries.append(entry)
            entry, key = None, None
            continue
        if entry is None:
            entry = new()
        if line.startswith("#,"):
            entry["fuzzy"] = entry["fuzzy"] or "fuzzy" in line
        elif line.startswith("#:"):
            entry["refs"].extend(line[2:].split())
        elif line.startswith("#"):
            continue
        elif line.startswith("msgctxt "):
            key, entry["msgctxt"] = "msgctxt", _unquote(line[8:])
        elif line.startswith("msgid_plural "):
            key, entry["msgid_plural"] = "msgid_plural", _unquote(line[13:])
        elif line.startswith("msgid "):
            key, entry["msgid"] = "msgid", _unquote(line[6:])
        elif line.startswith("msgstr"):
            key = "msgstr"
            entry["msgstr"].append(_unquote(line.split(" ", 1)[1]))
        elif line.startswith('"') and key:
            if key == "msgstr":
                entry["msgstr"][-1] += _unquote(line)
            else:
                entry[key] += _unquote(line)
    if entry is not None:
        entries.append(entry)
    return [e for e in entries if e["msgid"]]  # not the header


def _describe(entries: list[dict]) -> str:
    lines = []
    for e in entries:
        where = " ".join(e["refs"][:2])
        state = "fuzzy" if e["fuzzy"] else "empty"
        ctx = f" (context {e['msgctxt']!r})" if e["msgctxt"] else ""
        lines.append(f"  [{state}] {where}\n      msgid {e['msgid']!r}{ctx}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def extracted_catalogue(tmp_path_factory) -> list[dict]:
    """makemessages over a copy of the package, merged with the real django.po."""
    if not shutil.which("xgettext") or not shutil.which("msgmerge"):
        pytest.fail("GNU gettext (xgettext, msgmerge) is needed: apt-get install gettext")
    copy = tmp_path_factory.mktemp("i18n") / "tillit"
    shutil.copytree(
        PACKAGE,
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "static", "*.mo", "*.pyc", "fixtures", "data"),
    )
    script = (
        "import django, os;"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'tillit.config.settings.test');"
        "django.setup();"
        "from django.core.management import call_command;"
        "call_command('makemessages', locale=['en'], no_obsolete=True, verbosity=0,"
        " ignore_patterns=['tests/*', 'migrations/*'])"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tillit.config.settings.test"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=copy, env=env, capture_output=True, text=True
    )
    hint = (
        "django.po has a msgid twice (an entry appended that was already there): keep one.\n"
        if "duplicate message definition" in done.stderr
        else ""
    )
    assert done.returncode == 0, hint + done.stderr
    return parse_po((copy / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text())


def test_every_message_in_the_source_has_an_english_translation(extracted_catalogue):
    missing = [
        e
        for e in extracted_catalogue
        if e["fuzzy"] or not e["msgstr"] or any(not s for s in e["msgstr"])
    ]
    assert not missing, (
        f"{len(missing)} message(s) in templates or Python have no English translation. Add a "
        f"msgstr for each to {PO.relative_to(PACKAGE.parent.parent)} (under the team's lock), "
        "then `tillit compilemessages --ignore .venv` (docs/openness.md, Languages):\n"
        + _describe(missing)
    )


def test_the_compiled_catalogue_has_every_translation():
    from django.utils import translation

    stale = []
    with translation.override("en"):
        for e in parse_po(PO.read_text()):
            if e["fuzzy"] or e["msgid_plural"] or e["msgctxt"] or not e["msgstr"][0]:
                continue
            if translation.gettext(e["msgid"]) != e["msgstr"][0]:
                stale.append(e["msgid"])
    assert not stale, (
        f"{len(stale)} translation(s) in django.po are not in django.mo; run "
        "`tillit compilemessages --ignore .venv` and commit the .mo:\n"
        + "\n".join(f"  {m!r}" for m in stale[:50])
    )


# ---------------------------------------------------------------------------------------------
# 2. Templates
# ---------------------------------------------------------------------------------------------

# Words that are the same in Swedish and English (names, formats, symbols).
NEUTRAL_WORDS = {
    "Tillit",
    "Svenska",
    "English",
    "Excel",
    "PDF",
    "Word",
    "CSV",
    "JSON",
    "API",
    "SIE",
    "OpenAPI",
    "openapi",
    "json",
    "Atom",
    "RSS",
    "Kolada",
    "htmx",
    "HTMX",
    "curl",
    "https",
    "http",
    "ID",
    "id",
    "OK",
    "Designsystemet",
}
TEXT_ATTRS = {"title", "aria-label", "placeholder", "alt", "aria-description", "label"}
SKIP_ELEMENTS = {"script", "style", "code", "pre"}
ATTRIBUTE = re.compile(r"""([\w-]+)=("[^"]*"|'[^']*'|[^\s"'>]+)""")
ATTRIBUTE_LIST = re.compile(r"""\s*(?:[\w-]+=(?:"[^"]*"|'[^']*'|[^\s"'>]+)\s*)+""")
WORD = re.compile(r"[^\W\d_]{2,}")


def _language_words(text: str) -> list[str]:
    return [w for w in WORD.findall(text) if w not in NEUTRAL_WORDS]


class _LiteralText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skipping: list[str] = []
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIP_ELEMENTS:
            self.skipping.append(tag)
        for name, value in attrs:
            if name in TEXT_ATTRS and value and _language_words(value):
                self.found.append((self.getpos()[0], f'{name}="{value.strip()}"'))

    def handle_endtag(self, tag):
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data):
        if self.skipping:
            return
        if ATTRIBUTE_LIST.fullmatch(data):  # a partial that writes attributes into a tag
            for name, value in ATTRIBUTE.findall(data):
                value = value.strip("\"'")
                if name in TEXT_ATTRS and _language_words(value):
                    self.found.append((self.getpos()[0], f'{name}="{value.strip()}"'))
            return
        if _language_words(data):
            self.found.append((self.getpos()[0], " ".join(data.split())))


def template_literal_text(source: str) -> list[tuple[int, str]]:
    """(line, text) for the text a template writes without translating it."""
    from django.template.base import Lexer, TokenType

    if re.search(r"<html[^>]*\blang=\"sv\"", source):
        return []  # a Swedish document by declaration
    out: list[str] = []
    inside_translate = comment = 0
    for token in Lexer(source).tokenize():
        # Tags and variables become a space, so `<tr{% if x %} class="y"{% endif %}>` still
        # parses as a tag; the lines stay where they were.
        newlines = "\n" * token.contents.count("\n")
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            if name in ("blocktranslate", "blocktrans"):
                inside_translate += 1
            elif name in ("endblocktranslate", "endblocktrans"):
                inside_translate -= 1
            elif name == "comment":
                comment += 1
            elif name == "endcomment":
                comment -= 1
            out.append(" " + newlines)
        elif token.token_type == TokenType.TEXT and not (inside_translate or comment):
            out.append(token.contents)
        else:
            out.append(" " + newlines)
    parser = _LiteralText()
    parser.feed("".join(out))
    parser.close()
    return parser.found


def test_the_scan_finds_untranslated_template_text():
    found = template_literal_text(
        '{% load i18n %}<h1>{% translate "Beslut" %}</h1>\n<p title="Visa">Inga uppdrag</p>'
        "<code>bun;2026</code>{% blocktranslate %}Ett {{ x }} uppdrag{% endblocktranslate %}"
        "<td{% if a %} class='n'{% endif %}>{{ value }} PDF</td>"
    )
    assert found == [(2, 'title="Visa"'), (2, "Inga uppdrag")]
    # A partial that writes attributes into a tag (core/_date_attrs.html).
    partial = 'type="text" placeholder="{% translate \'ÅÅÅÅ-MM-DD\' %}" title="Skriv datumet"'
    assert template_literal_text(partial) == [(1, 'title="Skriv datumet"')]


def test_templates_write_no_untranslated_text():
    problems = []
    for path in sorted(PACKAGE.rglob("templates/**/*")):
        if path.suffix not in {".html", ".txt", ".xml", ".svg"}:
            continue
        for line, text in template_literal_text(path.read_text()):
            problems.append(f"  {path.relative_to(PACKAGE)}:{line}: {text[:120]}")
    assert not problems, (
        f"{len(problems)} text(s) in templates are not translatable; wrap them in "
        "{% translate %} or {% blocktranslate %} and add the English to django.po:\n"
        + "\n".join(problems)
    )


# ---------------------------------------------------------------------------------------------
# 3. Python messages
# ---------------------------------------------------------------------------------------------

# Data and tooling, not user-interface text: lexicons and their patterns, protocol parsing and its
# evaluation cases, demo content, the official Swedish documents, the CLI, tests, migrations.
PY_SKIP = re.compile(
    r"(^|/)(tests|migrations|management|eval|demo)/|(^|/)(demo|testing|lexicon|cli)\.py$"
    r"|^minutes/reader/|^analysis/(model|render|train|evaluate)\.py$"
    r"|^(followup|budget)/documents\.py$|^economy/sie/|^core/backup\.py$"
)
GETTEXT_CALLS = {
    "_",
    "gettext",
    "gettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
    "gettext_noop",
    "format_lazy",
    "_lazy",
    "N_",
}
TEXT_KEYWORDS = {
    "label",
    "verbose_name",
    "verbose_name_plural",
    "help_text",
    "empty_label",
    "placeholder",
    "why",
    "definition",
    "description",
    "message",
    "detail",
    "heading",
    "legend",
    "caption",
    "reason",
}
SWEDISH = re.compile(
    r"[åäöÅÄÖ]|\b(och|inte|för|att|som|med|har|ska|kan|är|eller|till|från|av|på|om|inga|ingen|"
    r"inget|finns|saknas|uppdrag|beslut|nämnd|organ|rapport|fråga|svar|belopp|ram|utfall|"
    r"prognos|sidan|välj|ange|måste|bara|redan|andel|antal)\b",
    re.IGNORECASE,
)
# Text with two or more English words and at least as many as Swedish ones is English (the
# API's OpenAPI descriptions name Swedish terms in parentheses).
ENGLISH = re.compile(
    r"\b(a|the|and|of|is|are|with|for|to|an|as|or|by|no|if|in|on|at|be|not|only|its|it|this|"
    r"that|else|each|default|when|per|from|one)\b",
    re.IGNORECASE,
)
# A widget's attrs={...} that the user reads ("title" and "label" are data fields far more often).
WIDGET_TEXT_ATTRS = {"placeholder", "aria-label", "aria-description", "alt"}
API_DOCS = {
    "Field",
    "Query",
    "Path",
    "Body",
    "Form",
    "File",
    "get",
    "post",
    "put",
    "patch",
    "delete",
}
NOT_ERRORS = {
    "KeyError",
    "AttributeError",
    "TypeError",
    "LookupError",
    "NotImplementedError",
    "ImportError",
    "IndexError",
    "RuntimeError",
    "AssertionError",
    "SieError",
}


def _call_name(call: ast.Call) -> str:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def _swedish_literals(node: ast.AST) -> list[tuple[int, str]]:
    """The Swedish-looking literal pieces of an expression that no gettext call wraps."""
    found: list[tuple[int, str]] = []

    def walk(n: ast.AST) -> None:
        if isinstance(n, ast.Call):
            if _call_name(n) in GETTEXT_CALLS:
                return
            if isinstance(n.func, ast.Attribute) and n.func.attr in ("format", "join"):
                walk(n.func.value)
                for arg in n.args:
                    walk(arg)
            return
        if isinstance(n, ast.Constant) and isinstance(n.value, str):
            text = n.value
            if re.search(r"[^\W\d_]{2}", text) and SWEDISH.search(text):
                english = len(ENGLISH.findall(text))
                if english < 2 or english < len(SWEDISH.findall(text)):
                    found.append((n.lineno, text))
            return
        if isinstance(n, ast.Dict):
            for value in n.values:
                walk(value)
            return
        if isinstance(
            n,
            (
                ast.JoinedStr,
                ast.FormattedValue,
                ast.BinOp,
                ast.IfExp,
                ast.BoolOp,
                ast.Tuple,
                ast.List,
            ),
        ):
            for child in ast.iter_child_nodes(n):
                walk(child)

    walk(node)
    return found


def python_untranslated(source: str) -> list[tuple[int, str, str]]:
    """(line, where, literal) for each untranslated Swedish literal in a user-facing place."""
    tree = ast.parse(source)
    found: list[tuple[int, str, str]] = []

    def add(where: str, node: ast.AST) -> None:
        found.extend((line, where, text) for line, text in _swedish_literals(node))

    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _call_name(node)
            if name in GETTEXT_CALLS:
                continue
            if re.search(r"(Error|Failed|Denied|NotFound|Conflict|Violation|Refused)$", name) and (
                name not in NOT_ERRORS
            ):
                for arg in node.args:
                    add(name, arg)
            func = node.func
            if (
                name in ("success", "error", "info", "warning", "add_message")
                and isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and func.value.id == "messages"
            ):
                for arg in node.args[1:]:
                    add(f"messages.{name}", arg)
            if name in ("add_error", "forbidden"):  # form.add_error(field, message), a 403 page
                for arg in node.args[1:2]:
                    add(name, arg)
            if name.endswith("Field") and node.args:
                add(name, node.args[0])
            for kw in node.keywords:
                if kw.arg == "description" and name in API_DOCS:
                    continue  # the OpenAPI document is in English
                if kw.arg in TEXT_KEYWORDS:
                    add(f"{kw.arg}=", kw.value)
                if kw.arg == "choices" and isinstance(kw.value, (ast.List, ast.Tuple)):
                    for choice in kw.value.elts:  # choices=[("value", "Label"), ...]
                        if isinstance(choice, ast.Tuple) and len(choice.elts) == 2:
                            add("choices=", choice.elts[1])
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value in WIDGET_TEXT_ATTRS:
                    add(f'"{key.value}":', value)  # a widget's attrs
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                base = target.value if isinstance(target, ast.Subscript) else target
                name = base.id if isinstance(base, ast.Name) else getattr(base, "attr", "")
                if re.search(r"error|message|label|legend|heading|help", name, re.IGNORECASE):
                    add(f"{name} =", node.value)
        elif isinstance(node, ast.ClassDef) and any(
            (getattr(b, "id", "") or getattr(b, "attr", "")).endswith("Choices") for b in node.bases
        ):
            for statement in node.body:
                value = getattr(statement, "value", None)
                if isinstance(statement, ast.Assign) and isinstance(value, ast.Tuple):
                    add("choices", value.elts[-1])
    return sorted(set(found))


def test_the_scan_finds_untranslated_python_messages():
    source = (
        "from django.utils.translation import gettext as _\n"
        "raise ValidationFailed({'x': 'Ange ett belopp.'})\n"
        "raise TillitError(_('Organet finns inte.'))\n"
        "errors['y'] = f'Högst {n} tecken.'\n"
        "label = models.CharField('namn på organet', max_length=9)\n"
        "raise KeyError('åäö')\n"
        "Metric(name='assignments_issued', label='Givna uppdrag', why=_('Därför.'))\n"
        "forms.ChoiceField(choices=[('a', 'Välj ett organ'), ('b', _('Inget organ'))])\n"
        "forms.TextInput(attrs={'placeholder': 'Sök uppdrag', 'title': 'Skola'})\n"
    )
    assert [(line, text) for line, _where, text in python_untranslated(source)] == [
        (2, "Ange ett belopp."),
        (4, "Högst "),
        (5, "namn på organet"),
        (7, "Givna uppdrag"),
        (8, "Välj ett organ"),
        (9, "Sök uppdrag"),
    ]


def test_python_user_messages_are_translatable():
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if PY_SKIP.search(rel):
            continue
        for line, where, text in python_untranslated(path.read_text()):
            problems.append(f"  {rel}:{line}: [{where}] {text[:110]!r}")
    assert not problems, (
        f"{len(problems)} Swedish message(s) in Python are not translatable. Wrap each in "
        "gettext `_()` (gettext_lazy at import time; a msgid with %(name)s placeholders, not an "
        "f-string) and add the English to django.po (docs/openness.md, Languages):\n"
        + "\n".join(problems)
    )


# ---------------------------------------------------------------------------------------------
# The translated pieces the issue named: barometer metrics, periods, the analyser's advice
# ---------------------------------------------------------------------------------------------


def test_english_mode_translates_labels_but_never_keys():
    from django.utils import translation

    from tillit.analysis.advice import advice_context
    from tillit.analysis.analyser import analyse
    from tillit.barometer.metrics import METRICS
    from tillit.followup.periods import period_parse

    text = "Tekniska enheten ska flytta cykelställen vid stadshuset."
    shown = {}
    for language in ("sv", "en"):
        with translation.override(language):
            advice = advice_context(text, analyse(text).to_dict())["advice"]
            shown[language] = {
                "metrics": {m.name: (str(m.label), str(m.why)) for m in METRICS},
                "period": period_parse("2024-DR").label,
                "reasons": [f["reason"] for f in advice["findings"]],
                "summary": str(advice["summary"]),
            }
    sv, en = shown["sv"], shown["en"]
    assert sv["metrics"].keys() == en["metrics"].keys()  # the JSON keys stay
    assert sv["metrics"]["assignments_issued"][0] == "Givna uppdrag"
    assert en["metrics"]["assignments_issued"][0] == "Assignments given"
    untranslated = [name for name in sv["metrics"] if sv["metrics"][name] == en["metrics"][name]]
    assert not untranslated
    assert (sv["period"], en["period"]) == ("Delårsrapport 2024", "Interim report 2024")
    assert sv["reasons"] and len(sv["reasons"]) == len(en["reasons"])
    assert all("förvaltning" in r for r in sv["reasons"])
    assert not any("förvaltning" in r for r in en["reasons"])
    assert "Orders something to be moved or placed" in " ".join(en["reasons"])
    assert en["summary"] != sv["summary"]
