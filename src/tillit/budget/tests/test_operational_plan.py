"""The verksamhetsplan: the chief who answers to the body writes how the grunduppdrag and the
budget's assignments are carried out; politicians and the public read it; downloadable."""

from __future__ import annotations

from datetime import date

import pytest

from tillit.accounts.services import role_grant
from tillit.budget import services
from tillit.budget.models import OperationalPlan
from tillit.core.errors import PermissionDenied, ValidationFailed

from .test_services import _previous, _propose

pytestmark = pytest.mark.django_db


def _adopt(tk):
    _previous(tk)
    budget = _propose(tk)
    services.budget_adopt(
        actor=tk.users["admin"], budget=budget, meeting_date=date(2026, 11, 23), paragraph=17
    )
    return budget.lines.get(body=tk.bun)


def _chief(tk, django_user_model):
    user = django_user_model.objects.create_user(username="chef-bun", password="x")
    role_grant(
        user=user, municipality=tk.municipality, kind="chief", office=tk.forvaltningschef_bun
    )
    return user


def test_only_the_chief_writes_and_only_the_budgets_assignments(testkommun, django_user_model):
    tk = testkommun
    line = _adopt(tk)
    chief = _chief(tk, django_user_model)
    mission = line.mission_assignment
    funded = line.changes.get(note="Läxhjälp").assignments.get()
    for who in ("sekreterare-bun", "kommundirektor"):
        with pytest.raises(PermissionDenied):
            services.operational_plan_save(
                actor=tk.users[who], body=tk.bun, year=2027, mission_how="x", items={}
            )
    with pytest.raises(ValidationFailed) as exc:
        services.operational_plan_save(
            actor=chief,
            body=tk.bun,
            year=2027,
            mission_how="",
            items={str(tk.assignment_ks.pk): {"activities": "x"}},
        )
    assert f"items.{tk.assignment_ks.pk}" in exc.value.errors
    assert not OperationalPlan.objects.exists()
    plan = services.operational_plan_save(
        actor=chief,
        body=tk.bun,
        year=2027,
        mission_how="Skolorna arbetar med tidiga insatser.",
        items={
            str(funded.pk): {"activities": "Läxhjälp två dagar i veckan.", "milestones": "Juni"}
        },
    )
    assert plan.items.get().assignment == funded
    assert mission is not None
    with pytest.raises(ValidationFailed):  # no adopted budget for 2030
        services.operational_plan_save(
            actor=chief, body=tk.bun, year=2030, mission_how="x", items={}
        )


def test_page_read_write_and_download(client, testkommun, django_user_model):
    tk = testkommun
    line = _adopt(tk)
    funded = line.changes.get(note="Läxhjälp").assignments.get()
    url = "/testkommun/budget/verksamhetsplan/bun/?ar=2027"
    html = client.get(url).content.decode()
    assert "Fler elever behöriga till gymnasiet" in html and "Grunduppdrag" in html
    assert "Skriv verksamhetsplanen" not in html
    assert client.post(url, {"mission_how": "x"}).status_code == 403
    client.force_login(_chief(tk, django_user_model))
    assert "Skriv verksamhetsplanen" in client.get(url).content.decode()
    r = client.post(
        url,
        {
            "mission_how": "Skolorna arbetar med tidiga insatser.",
            f"activities-{funded.pk}": "Läxhjälp två dagar i veckan.",
            f"milestones-{funded.pk}": "Uppföljning i juni 2027.",
        },
    )
    assert r.status_code == 302
    client.logout()
    html = client.get(url).content.decode()
    assert "Läxhjälp två dagar i veckan." in html and "tidiga insatser" in html
    assert client.get(url + "&format=pdf")["Content-Type"] == "application/pdf"
    assert client.get(url + "&format=docx").content.startswith(b"PK")
    assert "ingen antagen budget" in client.get(url.replace("2027", "2030")).content.decode()
