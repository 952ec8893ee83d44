"""Tests that run the real `tillit worker` against a database of its own (tillit.jobs.testing)."""

from __future__ import annotations

import pytest

from tillit.jobs.testing import separate_database


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def worker_env(request, tmp_path):
    """(env, vendor, PostgreSQL database name or None)."""
    with separate_database(tmp_path, request.param) as (env, name):
        yield env, request.param, name
