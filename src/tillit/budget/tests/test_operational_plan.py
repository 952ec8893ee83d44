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
    # The body's frame and the money the budget puts on each assignment (review P4-30).
    frame = html.split('id="plan-frame"', 1)[1].split("</p>", 1)[0]
    assert "Organets ram 2027" in frame and "534,0\u00a0mnkr" in frame
    section = html.split(f'id="u{funded.pk}"', 1)[1].split("</section>", 1)[0]
    assert "Resurser i budgeten" in section and "2,0\u00a0mnkr" in section
    assert client.post(url, {"mission_how": "x"}).status_code == 403
    client.force_login(_chief(tk, django_user_model))
    html = client.get(url).content.decode()
    assert "Skriv verksamhetsplanen" in html and "inte skriven ännu" in html
    r = client.post(
        url,
        {
            "mission_how": "Skolorna arbetar med tidiga insatser.",
            f"activities-{funded.pk}": "Läxhjälp två dagar i veckan.",
            f"milestones-{funded.pk}": "Uppföljning i juni 2027.",
        },
    )
    assert r.status_code == 302
    # Once written, the button edits it and the page says when it last changed (review P4-30).
    html = client.get(url).content.decode()
    assert "Redigera verksamhetsplanen" in html and "Skriv verksamhetsplanen" not in html
    assert "Senast ändrad" in html
    client.logout()
    html = client.get(url).content.decode()
    assert "Läxhjälp två dagar i veckan." in html and "tidiga insatser" in html
    assert client.get(url + "&format=pdf")["Content-Type"] == "application/pdf"
    assert client.get(url + "&format=docx").content.startswith(b"PK")
    assert "ingen antagen budget" in client.get(url.replace("2027", "2030")).content.decode()


def test_cli_writes_the_verksamhetsplan(testkommun, tmp_path, django_user_model):
    import io

    from django.core.management import call_command

    tk = testkommun
    line = _adopt(tk)
    funded = line.changes.get(note="Läxhjälp").assignments.get()
    services.operational_plan_save(
        actor=_chief(tk, django_user_model),
        body=tk.bun,
        year=2027,
        mission_how="Tidiga insatser.",
        items={str(funded.pk): {"activities": "Läxhjälp två dagar i veckan.", "milestones": ""}},
    )
    for suffix, magic in ((".pdf", b"%PDF"), (".docx", b"PK")):
        out = tmp_path / f"plan{suffix}"
        stdout = io.StringIO()
        call_command(
            "budget",
            "verksamhetsplan",
            municipality="testkommun",
            year="2027",
            body="bun",
            out=str(out),
            stdout=stdout,
        )
        assert out.read_bytes().startswith(magic)
        assert "Verksamhetsplan 2027: Barn- och utbildningsnämnden" in stdout.getvalue()
        assert "(1 med aktiviteter)" in stdout.getvalue()
    from docx import Document

    text = "\n".join(p.text for p in Document(str(tmp_path / "plan.docx")).paragraphs)
    assert "Läxhjälp två dagar i veckan." in text


def test_cli_verksamhetsplan_bad_input_exits_2(testkommun, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    _adopt(testkommun)
    for kwargs, words in (
        ({"body": "bun", "year": "2027", "out": str(tmp_path / "x.txt")}, ".pdf eller .docx"),
        ({"year": "2027", "out": str(tmp_path / "x.pdf")}, "--body"),
        ({"body": "skolan", "year": "2027", "out": str(tmp_path / "x.pdf")}, "skolan"),
        ({"body": "bun", "year": "2030", "out": str(tmp_path / "x.pdf")}, "ingen antagen budget"),
    ):
        with pytest.raises(CommandError) as exc:
            call_command("budget", "verksamhetsplan", municipality="testkommun", **kwargs)
        assert exc.value.returncode == 2 and words in str(exc.value), str(exc.value)
    assert not list(tmp_path.iterdir())
