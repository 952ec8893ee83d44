"""The anonymous public-page cache (tillit.core.public_cache, issue 9)."""

import re

import pytest
from django.core.cache import cache
from django.test import Client

TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def cached(settings):
    settings.PUBLIC_CACHE_SECONDS = 30
    cache.clear()
    yield
    cache.clear()


def test_off_by_default_outside_production(testkommun):
    response = Client().get("/testkommun/uppdrag/")
    assert response.status_code == 200 and "X-Tillit-Cache" not in response


def test_anonymous_pages_are_reused_with_a_token_of_their_own(cached, testkommun):
    url = f"/testkommun/uppdrag/{testkommun.assignment_ks.pk}/"
    first, second = Client().get(url), Client().get(url)
    assert first["X-Tillit-Cache"] == "miss" and second["X-Tillit-Cache"] == "hit"
    assert second.status_code == 200 and b"\x00" not in second.content
    t1, t2 = TOKEN.search(first.content)[1], TOKEN.search(second.content)[1]
    assert t1 != t2  # never another visitor's CSRF token
    assert second.cookies["csrftoken"].value != first.cookies["csrftoken"].value
    # The cached page's form works (its token matches the cookie it came with).
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(url)
    assert page["X-Tillit-Cache"] == "hit"
    token = TOKEN.search(page.content)[1].decode()
    answer = visitor.post(
        "/i18n/setlang/", {"language": "en", "next": url, "csrfmiddlewaretoken": token}
    )
    assert answer.status_code == 302
    # The same text apart from the token.
    assert first.content.replace(t1, b"") == second.content.replace(t2, b"")


def test_a_returning_visitor_keeps_their_own_csrf_cookie(cached, testkommun):
    url = "/testkommun/uppdrag/"
    Client().get(url)
    visitor = Client(enforce_csrf_checks=True)
    visitor.get("/ping")
    first = visitor.get(url)  # a miss or a hit; the visitor now has a csrftoken cookie
    secret = visitor.cookies["csrftoken"].value
    again = visitor.get(url)
    assert again["X-Tillit-Cache"] == "hit"
    assert visitor.cookies["csrftoken"].value == secret  # not replaced
    token = TOKEN.search(again.content)[1].decode()
    answer = visitor.post(
        "/i18n/setlang/", {"language": "en", "next": url, "csrfmiddlewaretoken": token}
    )
    assert answer.status_code == 302 and first.status_code == 200


def test_signed_in_users_and_visitors_with_a_session_are_never_cached(cached, testkommun, login):
    url = "/testkommun/uppdrag/"
    Client().get(url)
    client = login("sekreterare-ks")
    response = client.get(url)
    assert "X-Tillit-Cache" not in response
    assert b'class="tl-user"' in response.content  # the signed-in header, not a cached copy
    with_session = Client()
    with_session.cookies["sessionid"] = "x" * 32
    assert "X-Tillit-Cache" not in with_session.get(url)
    assert "X-Tillit-Cache" not in Client().get(url, HTTP_HX_REQUEST="true")
    assert "X-Tillit-Cache" not in Client().post(url)


def test_ping_is_a_bare_view(django_assert_num_queries, db):
    with django_assert_num_queries(0):
        response = Client().get("/ping")
    assert response.status_code == 200 and response.content == b"ok"


def test_production_shares_pages_between_worker_processes(settings, tmp_path, testkommun):
    """Production keeps the pages in a file cache (one render per period for all gunicorn
    workers); the middleware uses it when CACHES names it."""
    from importlib import import_module

    from django.core.cache import caches

    production = import_module("tillit.config.settings.production")
    assert "FileBasedCache" in production.CACHES["public_pages"]["BACKEND"]
    settings.PUBLIC_CACHE_SECONDS = 30
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "public_pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        },
    }
    url = "/testkommun/uppdrag/"
    assert Client().get(url)["X-Tillit-Cache"] == "miss"
    assert list(tmp_path.iterdir())  # stored as a file, where another process finds it
    caches["default"].clear()
    assert Client().get(url)["X-Tillit-Cache"] == "hit"


def test_an_expired_page_is_rendered_once_while_others_get_the_stored_copy(
    cached, testkommun, monkeypatch
):
    import time as real_time

    from tillit.core import public_cache

    url = "/testkommun/uppdrag/"
    assert Client().get(url)["X-Tillit-Cache"] == "miss"
    later = real_time.time() + 31  # past the 30-second period
    monkeypatch.setattr(public_cache.time, "time", lambda: later)
    key = next(k for k in cache._cache if "publicpage" in k and not k.endswith("refresh"))
    lock = key.split(":")[-1] + ".refresh"
    cache.add(lock, 1)  # another request is rendering it right now
    stale = Client().get(url)
    assert stale["X-Tillit-Cache"] == "stale" and stale.status_code == 200
    assert TOKEN.search(stale.content)  # with a token of its own, like any hit
    cache.delete(lock)
    assert Client().get(url)["X-Tillit-Cache"] == "miss"  # this one renders and stores
    assert Client().get(url)["X-Tillit-Cache"] == "hit"
    assert cache.get(lock) is None  # the renderer released its lock
