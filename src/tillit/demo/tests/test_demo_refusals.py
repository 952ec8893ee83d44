"""`tillit demo` on an empty database: a broken demo or a taken account name stores nothing.

These tests need a database without the demo, so they live apart from test_demo.py, whose
module-wide demo load would be visible to them."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError

from tillit.decisions.models import Decision
from tillit.demo import data
from tillit.demo.tests.test_demo import run_demo
from tillit.organisation.models import Municipality


@pytest.mark.django_db
def test_a_chain_violation_in_the_data_stores_nothing(monkeypatch):
    wrong = {
        **data.ASSIGNMENTS[-1],
        "body": "ks",
        "date": "2026-11-10",
        "title": "Flytta cykelställen vid kommunhuset",
        "to": ["enhet-gata-park"],
        "history": [],
    }
    monkeypatch.setattr(data, "ASSIGNMENTS", [*data.ASSIGNMENTS, wrong])
    with pytest.raises(CommandError, match="Gata/park-enheten"):
        run_demo()
    assert not Municipality.objects.exists()
    assert not get_user_model().objects.exists()
    assert not Decision.objects.exists()


@pytest.mark.django_db
def test_an_existing_account_with_a_demo_name_is_not_taken_over():
    get_user_model().objects.create_user(username="admin", password="egen-hemlighet-123")
    with pytest.raises(CommandError, match="admin"):
        run_demo()
    assert not Municipality.objects.exists()
    assert get_user_model().objects.get(username="admin").check_password("egen-hemlighet-123")
