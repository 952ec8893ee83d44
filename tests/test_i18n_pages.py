"""English complete, as a reader sees it: the main pages rendered in English show no Swedish
interface text (issue 14 item 6). The static checks (tests/test_i18n_complete.py) find text that
is not marked for translation; this one finds what they cannot see, such as a Swedish sentence
built in Python outside the places they scan.

Each page is rendered in Swedish and in English. A text node that is the same in both and reads
as Swedish is a leak, unless it is data: a node that contains, or is contained in, a text stored
in the database (a body's name, an assignment's title, a decision's text ...) is left alone."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import models
from django.test import Client

from tillit.core.testing import build_testkommun

pytestmark = pytest.mark.django_db

# Swedish letters or common Swedish interface words that English never uses.
SWEDISH = re.compile(
    r"[åäöÅÄÖ]|\b(och|inte|att|som|med|har|ska|kan|eller|till|av|på|om|inga|ingen|inget|finns|"
    r"saknas|efter|under|vid|alla|visa|sök|välj|ange|uppdrag|beslut|rapport|rapporter|organ|"
    r"nämnd|perioden|sidan)\b",
    re.IGNORECASE,
)
TEXT_ATTRS = ("title", "aria-label", "placeholder", "alt")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.nodes: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "code", "pre", "textarea"):
            self.skip += 1
        for name, value in attrs:
            if name in TEXT_ATTRS and value:
                self.nodes.append(" ".join(value.split()))

    def handle_endtag(self, tag):
        if tag in ("script", "style", "code", "pre", "textarea") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not self.skip:
            self.nodes.append(text)


def _nodes(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.nodes


def _stored_texts() -> list[str]:
    """Every text stored in the database, at least four characters long."""
    texts: set[str] = set()
    for model in apps.get_models():
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
        ]
        if not fields:
            continue
        for row in model.objects.values_list(*fields):
            texts.update(" ".join(v.split()) for v in row if isinstance(v, str) and len(v) >= 4)
    return sorted(texts, key=len, reverse=True)


def _is_data(node: str, stored: list[str]) -> bool:
    return any(node in text or text in node for text in stored)


def test_the_main_pages_show_no_swedish_interface_text_in_english():
    tk = build_testkommun()
    slug = tk.municipality.slug
    pages = {
        None: [
            "",
            "organisation/",
            "uppdrag/",
            f"uppdrag/{tk.assignment_ks.pk}/",
            "beslut/",
            f"beslut/{tk.decision_ks.pk}/",
            "rapporter/",
            "barometer/",
            "barometer/definitioner/",
            "barometer/jamfor/",
            "barometer/stupror/",
            "barometer/matt/assignments_issued/",
            "ekonomi/",
            "budget/",
            "nyckeltal/",
            "oppna-data/",
            "sok/?q=skola",
            "tillganglighet/",
        ],
        "sekreterare-ks": ["min-sida/", "beslut/registrera/", "uppfoljning/arshjul/"],
        "kommundirektor": ["min-sida/", "uppfoljning/inkorg/"],
        "admin": ["min-sida/", "barometer/delegationsbeslut/", "organisation/andra/"],
    }
    stored = _stored_texts()
    leaks = []
    for username, paths in pages.items():
        shown = {}
        for language in ("sv", "en"):
            client = Client()
            client.cookies["django_language"] = language
            if username:
                client.force_login(tk.users[username])
            for path in paths:
                response = client.get(f"/{slug}/{path}")
                assert response.status_code == 200, (path, username, response.status_code)
                shown[language, path] = _nodes(response.content.decode())
        for path in paths:
            swedish = set(shown["sv", path])
            for node in dict.fromkeys(shown["en", path]):
                if node in swedish and SWEDISH.search(node) and not _is_data(node, stored):
                    leaks.append(f"  /{slug}/{path} ({username or 'public'}): {node[:140]!r}")
    assert not leaks, (
        f"{len(leaks)} Swedish interface text(s) on pages rendered in English (neither "
        "translated nor stored data); translate them (docs/openness.md, Languages):\n"
        + "\n".join(leaks)
    )
