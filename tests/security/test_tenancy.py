"""Many municipalities in one installation: nothing of municipality B is read or written through
municipality A's pages or API, by anyone. Every URL pattern and every API operation is tried
(taken from the URL resolver and the OpenAPI schema, so new endpoints are covered)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tillit.accounts.services import api_token_create
from tillit.api.api import api

MARK = "HEMLIGT-ANNAN-KOMMUN"


def _patterns(resolvers=None, prefix=""):
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _municipality_routes():
    out = set()
    for route in _patterns():
        if route.startswith("<slug:municipality>/") and "<" in route.replace(
            "<slug:municipality>", ""
        ):
            out.add(route)
    return sorted(out)


@pytest.fixture
def two(world):
    """B gets a decision, an assignment, a submitted report and a question marked MARK."""
    from tillit.assignments.services import AssignmentDraft
    from tillit.decisions.services import decision_register
    from tillit.followup.services import question_ask, report_file

    b = world.b
    decision = decision_register(
        actor=b.users["sekreterare-ks"],
        body=b.ks,
        meeting_date=date(2023, 5, 9),
        paragraph=40,
        title=MARK,
        text=MARK,
        assignments=[
            AssignmentDraft(title=MARK, what=MARK, recipients=["kommundirektor"], followups=[])
        ],
    )
    assignment = decision.assignments.get()
    report = report_file(
        actor=b.users["kommundirektor"],
        assignment=assignment,
        period="2023-DR",
        status="on_track",
        narrative=MARK,
        resources_suffice=True,
        submitted_on=date(2023, 9, 10),
    )
    from django.contrib.auth import get_user_model

    from tillit.accounts.services import role_grant

    member = get_user_model().objects.create_user(username="annan-ledamot", password="x")
    role_grant(user=member, municipality=b.municipality, kind="politician", body=b.ks)
    question = question_ask(actor=member, assignment=assignment, text=MARK)
    ids = sorted({decision.pk, assignment.pk, report.pk, question.pk, b.ks.pk, b.kommundirektor.pk})
    return world, ids


def _fill(route: str, slug: str, value) -> str:
    url = route.replace("<slug:municipality>", slug)
    url = re.sub(r"<int:[a-z_]+>", str(value), url)
    url = re.sub(r"<slug:[a-z_]+>", "ks", url)
    url = re.sub(r"<(str:)?[a-z_]+>", str(value), url)
    return "/" + url.lstrip("^").rstrip("$")


@pytest.mark.parametrize("who", ["anonym", "a-admin", "b-admin", "b-auditor"])
def test_no_page_of_a_shows_b(client, two, who):
    world, ids = two
    users = {"a-admin": world.a.users["admin"], "b-admin": world.b.users["admin"]}
    if who == "b-auditor":
        from django.contrib.auth import get_user_model

        from tillit.accounts.services import role_grant

        users[who] = get_user_model().objects.create_user(username="annan-revisor")
        role_grant(user=users[who], municipality=world.b.municipality, kind="auditor")
    if who in users:
        client.force_login(users[who])
    routes = _municipality_routes()
    assert len(routes) > 5
    for route in routes:
        for pk in ids:
            url = _fill(route, "testkommun", pk)
            response = client.get(url)
            assert response.status_code < 500, url
            body = response.content.decode(errors="replace")
            assert MARK not in body, f"{url} as {who} shows municipality B's data"


def _api_get_operations():
    schema = api.get_openapi_schema()
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            if method == "get":
                yield path, op["operationId"]


@pytest.mark.parametrize("who", ["anonym", "a-admin", "b-admin"])
def test_no_api_read_of_a_shows_b(client, two, who):
    world, ids = two
    headers = {}
    if who != "anonym":
        user = (world.a if who == "a-admin" else world.b).users["admin"]
        headers["HTTP_AUTHORIZATION"] = "Bearer " + api_token_create(username=user.username)[1]
    for path, op_id in _api_get_operations():
        for pk in ids:
            url = re.sub(r"\{[a-z_]+\}", str(pk), path)
            response = client.get(url, {"municipality": "testkommun"}, **headers)
            assert response.status_code < 500, (op_id, url)
            assert MARK not in response.content.decode(errors="replace"), (op_id, url, who)


def test_b_users_cannot_write_in_a(client, two):
    """B's admin and B's secretary, with valid tokens, write nothing in A (403 or 404)."""
    world, _ids = two
    a = world.a
    for user in (world.b.users["admin"], world.b.users["sekreterare-ks"]):
        token = api_token_create(username=user.username)[1]
        h = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        r = client.post(
            "/api/v1/decisions",
            {
                "municipality": "testkommun",
                "body": "ks",
                "meeting_date": "2024-02-01",
                "paragraph": 3,
                "title": "Intrång",
            },
            content_type="application/json",
            **h,
        )
        assert r.status_code == 403, r.content
        r = client.post(
            f"/api/v1/assignments/{a.assignment_ks.pk}/status?municipality=testkommun",
            {"status": "reported"},
            content_type="application/json",
            **h,
        )
        assert r.status_code in (403, 404), r.content
    from tillit.decisions.models import Decision

    assert not Decision.objects.filter(title="Intrång").exists()


def test_a_ids_through_b_are_not_found(client, two):
    """A's assignment addressed as B's: 404, not A's data under B's name."""
    world, _ids = two
    client.force_login(world.b.users["admin"])
    response = client.get(f"/annan/uppdrag/{world.a.assignment_ks.pk}/")
    assert (
        response.status_code == 404 or world.a.assignment_ks.title not in response.content.decode()
    )


def test_audit_log_is_per_municipality(client, two):
    world, _ids = two
    from tillit.accounts.services import role_grant

    auditor = world.users["auditor"]
    client.force_login(auditor)
    assert client.get("/testkommun/granskning/").status_code == 200
    assert client.get("/annan/granskning/").status_code == 403
    role_grant(user=auditor, municipality=world.b.municipality, kind="auditor")
    body = client.get("/testkommun/granskning/?tabell=decisions.Decision").content.decode()
    assert MARK not in body
