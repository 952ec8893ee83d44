"""Shared pytest fixtures: a tiny municipality built through the real services."""

import os

import pytest
from hypothesis import settings as hypothesis_settings

from tillit.core.testing import (
    TEST_PASSWORD,
    SharedData,
    build_testkommun,
    refetched,
    shared_fixture,
)

# CI (`.ci/run` sets TILLIT_HYPOTHESIS_PROFILE=ci) runs the property tests with a fixed seed, so a
# submission lands or not on its own merits; developers' runs stay random and keep finding cases.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
hypothesis_settings.load_profile(os.environ.get("TILLIT_HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session")
def _shared_data(django_db_setup, django_db_blocker):
    shared = SharedData(django_db_blocker)
    yield shared
    shared.close()


_shared_testkommun = shared_fixture("testkommun", build_testkommun)
_shared_kommun = shared_fixture("kommun", lambda: build_testkommun(with_decisions=False))


@pytest.fixture
def testkommun(_shared_testkommun, db):
    """Testkommun with KF, KS (+ ks-au), BUN, a joint MBN, chiefs, a unit, users and decisions.
    See tillit.core.testing for the full picture."""
    if _shared_testkommun is None:
        return build_testkommun()
    return refetched(_shared_testkommun)


@pytest.fixture
def kommun(_shared_kommun, db):
    """The same municipality without its two decisions, for tests that count what they create."""
    if _shared_kommun is None:
        return build_testkommun(with_decisions=False)
    return refetched(_shared_kommun)


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Each test starts with empty caches: a cached value keyed on a row id or version from one
    test must not answer in the next, which may reuse that id after the rollback."""
    yield
    from django.conf import settings

    if settings.configured:
        from django.core.cache import caches

        for cache in caches.all(initialized_only=True):
            cache.clear()


@pytest.fixture
def test_password():
    return TEST_PASSWORD


@pytest.fixture
def login(client, testkommun):
    """login("sekreterare-ks") -> the test client, logged in as that user."""

    def _login(username: str):
        client.force_login(testkommun.users[username])
        return client

    return _login


def _uses_database(item) -> bool:
    return (
        item.get_closest_marker("django_db") is not None
        or item.get_closest_marker("postgres") is not None
        or "django_db_setup" in getattr(item, "fixturenames", ())
    )


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests skip in the SQLite run; `make test` runs the suite again on
    PostgreSQL and fails when TILLIT_REQUIRE_POSTGRES is set and no server answers.

    With TILLIT_TEST_DATABASE_ONLY=1 (the PostgreSQL half of `make test`) the run keeps only the
    tests that touch the test database: the rest (parsers, the analyser, subprocess tests with a
    database of their own) already ran in the SQLite half and would give the same answer again.
    They are reported as deselected, not skipped."""
    from django.conf import settings

    if not settings.configured:  # run with -p no:django for the pure libraries
        return
    _order_for_shared_data(items)
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        if os.environ.get("TILLIT_TEST_DATABASE_ONLY") == "1":
            keep = [item for item in items if _uses_database(item)]
            dropped = [item for item in items if not _uses_database(item)]
            if dropped:
                config.hook.pytest_deselected(items=dropped)
                items[:] = keep
        return
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (TILLIT_DATABASE_URL)"))


# Shared data kinds, in the order their tests run within a module: tests that share nothing first
# (they must not see a shared municipality), then one group per kind, so each kind is built once.
SHARED_KINDS = ("_shared_kommun", "_shared_world", "_shared_testkommun")


def _shared_group(item) -> int:
    names = getattr(item, "fixturenames", ())
    return next((i + 1 for i, kind in enumerate(SHARED_KINDS) if kind in names), 0)


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    names = getattr(item, "fixturenames", ())
    return bool(
        (marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
        or "transactional_db" in names
        or "live_server" in names
    )


def _order_for_shared_data(items) -> None:
    """Stable-sort each module's tests by shared-data group (the modules keep their order), and
    turn sharing off for a module with a transactional test that uses shared data."""
    modules: dict = {}
    for index, item in enumerate(items):
        module = item.getparent(pytest.Module)
        modules.setdefault(module, []).append((index, item))
    ordered = []
    for module, members in modules.items():
        if module is not None and any(
            _shared_group(item) and _transactional(item) for _, item in members
        ):
            module._tillit_no_sharing = True
        ordered.extend(
            item for _, item in sorted(members, key=lambda p: (_shared_group(p[1]), p[0]))
        )
    items[:] = ordered
