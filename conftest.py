"""Shared pytest fixtures: a tiny municipality built through the real services."""

import pytest

from tillit.core.testing import TEST_PASSWORD, build_testkommun


@pytest.fixture
def testkommun(db):
    """Testkommun with KF, KS (+ ks-au), BUN, a joint MBN, chiefs, a unit, users and decisions.
    See tillit.core.testing for the full picture."""
    return build_testkommun()


@pytest.fixture
def kommun(db):
    """The same municipality without its two decisions, for tests that count what they create."""
    return build_testkommun(with_decisions=False)


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


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests skip in the SQLite run; `make test` runs the suite again on
    PostgreSQL and fails when TILLIT_REQUIRE_POSTGRES is set and no server answers."""
    from django.conf import settings

    if not settings.configured:  # run with -p no:django for the pure libraries
        return
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (TILLIT_DATABASE_URL)"))
