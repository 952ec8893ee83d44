"""Confidentiality of reporters, the refusal hook, API codes, CLI/API agreement, pages."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.management import call_command

from tillit.accounts.services import api_token_create
from tillit.barometer import services
from tillit.barometer.metrics import METRIC_NAMES
from tillit.barometer.models import Deviation, DeviationSource
from tillit.barometer.selectors import deviation_get_for_user
from tillit.decisions.models import Decision
from tillit.organisation import services as org

REPORTER = "sekreterare-bun"  # the confidential reporter in these tests


def _token(user) -> str:
    return api_token_create(username=user.username)[1]


def _auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {_token(user)}"}


@pytest.fixture
def deviation(testkommun):
    return services.deviation_report(
        actor=testkommun.users[REPORTER],
        municipality=testkommun.municipality,
        occurred_on=date(2023, 5, 16),
        from_role="Kommunstyrelsens ordförande",
        body=testkommun.ks,
        to_office=testkommun.enhet_gata_park,
        content="Flytta cykelställen vid torget till norra sidan före helgen.",
    )


def _publish_details(tk):
    """The public sees a single deviation only when the municipality publishes the details
    (issue 19 item 15; default: counts per body only). The tests of what the public then sees
    (never the reporter, no content) publish first."""
    services.confidentiality_set(
        actor=None, municipality=tk.municipality, office=None, details_public=True, system=True
    )


def test_content_is_analysed(deviation):
    assert deviation.level in ("what", "how")
    assert deviation.reporter.username == REPORTER


def test_reporter_only_for_the_designated_role(testkommun, deviation):
    m = testkommun.municipality
    director = testkommun.users["kommundirektor"]  # chief of the kommundirektör office
    view = deviation_get_for_user(user=director, municipality=m, pk=deviation.pk)
    assert view.reporter_visible and view.reporter.username == REPORTER
    for name in ("lasare", "sekreterare-ks", REPORTER):
        view = deviation_get_for_user(user=testkommun.users[name], municipality=m, pk=deviation.pk)
        assert not view.reporter_visible and view.reporter is None


def test_never_to_the_person_named(testkommun, deviation):
    person = org.person_create(municipality=testkommun.municipality, name="Fiktiv ordförande")
    person.user = testkommun.users["kommundirektor"]
    person.save()
    deviation.named_person = person
    deviation.save()
    view = deviation_get_for_user(
        user=testkommun.users["kommundirektor"],
        municipality=testkommun.municipality,
        pk=deviation.pk,
    )
    assert not view.reporter_visible


def test_designated_office_is_a_setting(testkommun, deviation):
    m = testkommun.municipality
    services.confidentiality_set(
        actor=testkommun.users["admin"],
        municipality=m,
        office=testkommun.forvaltningschef_bun,
        admins_may_see=False,
    )
    for name in ("kommundirektor", "admin"):
        view = deviation_get_for_user(user=testkommun.users[name], municipality=m, pk=deviation.pk)
        assert not view.reporter_visible


def test_reporter_never_leaks_publicly(client, testkommun, deviation, capsys):
    _publish_details(testkommun)
    base = f"/{testkommun.municipality.slug}/barometer/"
    pages = [
        base,
        base + "matt/chain_deviations/?from=2023-01-01&to=2023-12-31",
        base + "jamfor/",
        base + "stupror/",
        "/api/v1/barometer?from=2023-01-01&to=2023-12-31",
        "/api/v1/barometer/deviations?from=2023-01-01&to=2023-12-31",
        f"/api/v1/barometer/deviations/{deviation.pk}",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert REPORTER not in response.content.decode(), url
    # logged in with a role (not designated): content visible, reporter not
    client.force_login(testkommun.users["sekreterare-ks"])
    page = client.get(base + "matt/chain_deviations/?from=2023-01-01&to=2023-12-31")
    assert "cykelställen" in page.content.decode() and REPORTER not in page.content.decode()
    assert client.get(base + "avvikelser/sekretess/").status_code == 403
    call_command(
        "barometer",
        municipality="vimmerby" if False else "testkommun",
        start="2023-01-01",
        end="2023-12-31",
        as_json=True,
    )
    assert REPORTER not in capsys.readouterr().out


def test_designated_role_sees_the_confidential_list(client, testkommun, deviation):
    client.force_login(testkommun.users["kommundirektor"])
    page = client.get(f"/{testkommun.municipality.slug}/barometer/avvikelser/sekretess/")
    assert page.status_code == 200 and REPORTER in page.content.decode()
    detail = client.get(
        f"/api/v1/barometer/deviations/{deviation.pk}", **_auth(testkommun.users["kommundirektor"])
    ).json()
    assert detail["reporter"] == REPORTER
    client.logout()
    _publish_details(testkommun)
    public = client.get(f"/api/v1/barometer/deviations/{deviation.pk}").json()
    assert "reporter" not in public and public["content"] == "" and public["to_office"] is None


def _cykelstall(paragraph: int, **extra) -> str:
    return json.dumps(
        {
            "body": "ks",
            "meeting_date": "2024-03-12",
            "paragraph": paragraph,
            "title": "Cykelställ",
            "assignments": [
                {
                    "title": "Flytta cykelställ",
                    "what": "Flytta dem.",
                    "recipients": ["enhet-gata-park"],
                }
            ],
            **extra,
        }
    )


def test_a_refused_chain_attempt_stores_nothing_not_even_a_deviation(client, testkommun):
    """Issue 14 item 3: the form says "Inget har sparats" — so nothing is, and KS's count of
    deviations does not move."""
    before = (Decision.objects.count(), Deviation.objects.count())
    response = client.post(
        "/api/v1/decisions",
        data=_cykelstall(77),
        content_type="application/json",
        **_auth(testkommun.users["sekreterare-ks"]),
    )
    assert response.status_code == 422 and response.json()["code"] == "chain_violation"
    assert (Decision.objects.count(), Deviation.objects.count()) == before


def test_a_decision_confirmed_as_decided_outside_the_chain_is_a_deviation(client, testkommun):
    response = client.post(
        "/api/v1/decisions",
        data=_cykelstall(78, accept_deviation=True),
        content_type="application/json",
        **_auth(testkommun.users["sekreterare-ks"]),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    decision = Decision.objects.get(pk=body["id"])
    (assignment,) = decision.assignments.all()
    assert "Gata/park" in assignment.outside_chain or assignment.outside_chain
    (deviation_id,) = body["deviations"]
    d = Deviation.objects.get(pk=deviation_id)
    assert d.source == DeviationSource.DECIDED_OUTSIDE_CHAIN
    assert d.body == testkommun.ks and d.occurred_on == date(2024, 3, 12)
    assert d.details["decision"] == decision.pk and d.details["assignment"] == assignment.pk
    assert d.reporter is None


def test_api_codes(client, testkommun):
    payload = {
        "occurred_on": "2024-01-10",
        "from_role": "Kommunstyrelsens ordförande",
        "body": "ks",
        "to_office": "enhet-gata-park",
        "content": "Flytta cykelställen.",
    }
    url = "/api/v1/barometer/deviations"
    post = lambda data, **kw: client.post(  # noqa: E731
        url, data=json.dumps(data), content_type="application/json", **kw
    )
    assert post(payload).status_code == 401
    assert post(payload, **_auth(testkommun.users["lasare"])).status_code == 403
    created = post(payload, **_auth(testkommun.users["kommundirektor"]))
    assert created.status_code == 201 and created.json()["id"]
    assert (
        post({**payload, "content": ""}, **_auth(testkommun.users["kommundirektor"])).status_code
        == 422
    )
    assert client.get("/api/v1/barometer?from=2024-13-01&to=2024-12-31").status_code == 422
    assert client.get("/api/v1/barometer?from=2024-12-01&to=2024-01-01").status_code == 422
    assert client.get("/api/v1/barometer?municipality=nope").status_code == 404
    assert (
        client.get("/api/v1/barometer?body=nope&from=2024-01-01&to=2024-12-31").status_code == 422
    )
    assert client.get("/api/v1/barometer?preset=term-2022").status_code == 200
    strategic = client.post(
        "/api/v1/barometer/delegation-decisions",
        data=json.dumps(
            {
                "body": "bun",
                "delegation_point": "2.1",
                "decided_on": "2024-02-01",
                "title": "Ny inriktning",
                "content": "Ny inriktning för fritidshemmen.",
                "delegate_office": "forvaltningschef-bun",
            }
        ),
        content_type="application/json",
        **_auth(testkommun.users["sekreterare-bun"]),
    )
    assert strategic.status_code == 201 and strategic.json()["is_strategic"] is True


def test_cli_agrees_with_the_api(client, testkommun, capsys):
    call_command(
        "barometer", municipality="testkommun", start="2023-01-01", end="2023-12-31", as_json=True
    )
    cli = json.loads(capsys.readouterr().out)
    api = client.get("/api/v1/barometer?from=2023-01-01&to=2023-12-31").json()
    assert cli == api
    assert set(cli) >= {"municipality", "from", "to", "totals", "bodies"}
    assert set(cli["totals"]) == set(METRIC_NAMES)
    for slug, values in cli["bodies"].items():
        listed = client.get(
            f"/api/v1/assignments?issuer={slug}&issued_from=2023-01-01&issued_to=2023-12-31"
        ).json()["count"]
        assert values["assignments_issued"] == listed, slug
    total = client.get("/api/v1/assignments?issued_from=2023-01-01&issued_to=2023-12-31").json()
    assert cli["totals"]["assignments_issued"] == total["count"] == 2


@pytest.mark.parametrize(
    "args",
    [
        ["--municipality", "testkommun", "--from", "2023-02-30", "--to", "2023-12-31"],
        ["--municipality", "nope", "--from", "2023-01-01", "--to", "2023-12-31"],
        [
            "--municipality",
            "testkommun",
            "--body",
            "nope",
            "--from",
            "2023-01-01",
            "--to",
            "2023-12-31",
        ],
        ["--municipality", "testkommun"],
    ],
)
def test_cli_errors_are_plain(testkommun, capsys, args):
    with pytest.raises(SystemExit) as exc:
        call_command("barometer", *args)
    assert exc.value.code != 0
    err = capsys.readouterr().err
    assert err.strip() and "Traceback" not in err


def test_cli_table(testkommun, capsys):
    call_command(
        "barometer",
        "--municipality",
        "testkommun",
        "--body",
        "ks",
        "--from",
        "2023-01-01",
        "--to",
        "2023-12-31",
    )
    out = capsys.readouterr().out
    assert "Givna uppdrag" in out and "KS" in out


def test_pages_render(client, testkommun, deviation):
    base = f"/{testkommun.municipality.slug}/barometer/"
    for url in [
        base,
        base + "?period=term-2022",
        base + "?from=bad&to=2023-01-01",
        base + "jamfor/?a=year-2023&b=term-2022&organ=ks&organ=bun",
        base + "stupror/?from=2019-01-01&to=2026-12-31",
        f"/{testkommun.municipality.slug}/",
        *[base + f"matt/{m}/?from=2023-01-01&to=2023-12-31&body=ks" for m in METRIC_NAMES],
    ]:
        assert client.get(url).status_code == 200, url
    assert client.get(base + "matt/nope/").status_code == 404
    assert client.get(base + "avvikelser/ny/").status_code == 302  # login first
    client.force_login(testkommun.users["lasare"])
    assert client.get(base + "avvikelser/ny/").status_code == 403
    client.force_login(testkommun.users["sekreterare-ks"])
    assert client.get(base + "avvikelser/ny/").status_code == 200
    bad = client.post(base + "avvikelser/ny/", {"from_role": "", "content": ""})
    assert bad.status_code == 200 and "Ange vilken roll" in bad.content.decode()
    ok = client.post(
        base + "avvikelser/ny/",
        {
            "occurred_on": "2024-01-10",
            "from_role": "Kommunstyrelsens ordförande",
            "body": "ks",
            "to_office": "enhet-gata-park",
            "content": "Flytta cykelställen.",
            "handling": "followed",
        },
    )
    assert ok.status_code == 302
    assert Deviation.objects.filter(reporter=testkommun.users["sekreterare-ks"]).exists()


def test_silo_matrix_and_target_groups(testkommun):
    from tillit.barometer.selectors import silo_matrix, target_group_overview

    m = testkommun.municipality
    matrix = silo_matrix(municipality=m, start=date(2023, 1, 1), end=date(2023, 12, 31))
    assert matrix.joint[(testkommun.ks.pk, testkommun.bun.pk)] == 1
    services.assignment_tag(
        actor=testkommun.users["sekreterare-kf"],
        assignment=testkommun.assignment_kf,
        slugs=["barn-och-unga"],
    )
    groups = target_group_overview(municipality=m, start=date(2023, 1, 1), end=date(2023, 12, 31))
    by_slug = {g["group"].slug: g for g in groups}
    assert [a.pk for a in by_slug["barn-och-unga"]["assignments"]] == [testkommun.assignment_kf.pk]


DELEGATION = {
    "delegation_point": "2.1",
    "decided_on": "2024-02-01",
    "title": "Förskoleplatser",
    "content": "Placering enligt turordningen.",
    "delegate_office": "forvaltningschef-bun",
}


def _post_delegation(client, testkommun, data):
    return client.post(
        "/api/v1/barometer/delegation-decisions",
        data=json.dumps(data),
        content_type="application/json",
        **_auth(testkommun.users["sekreterare-bun"]),
    )


def test_delegation_without_a_body_is_422_not_500(client, testkommun):
    response = _post_delegation(client, testkommun, {**DELEGATION, "body": ""})
    assert response.status_code == 422
    assert "Ange organ" in response.content.decode()


def test_delegation_decided_on_is_required_and_not_in_the_future(testkommun):
    from datetime import timedelta

    from django.utils import timezone

    from tillit.barometer.models import DelegationDecision
    from tillit.core.errors import ValidationFailed

    kw = {
        "actor": testkommun.users["sekreterare-bun"],
        "body": testkommun.bun,
        "delegation_point": "2.1",
        "title": "Förskoleplatser",
        "content": "Placering enligt turordningen.",
        "delegate_office": testkommun.forvaltningschef_bun,
    }
    with pytest.raises(ValidationFailed) as excinfo:
        services.delegation_decision_register(
            decided_on=timezone.localdate() + timedelta(days=1), **kw
        )
    assert excinfo.value.errors["decided_on"] == "Datumet kan inte ligga i framtiden."
    with pytest.raises(ValidationFailed) as excinfo:
        services.delegation_decision_register(decided_on=None, **kw)
    assert excinfo.value.errors["decided_on"] == "Ange datum."
    assert not DelegationDecision.objects.exists()
    services.delegation_decision_register(decided_on=timezone.localdate(), **kw)
    assert DelegationDecision.objects.count() == 1


def test_actor_none_is_no_longer_a_trusted_caller(testkommun):
    from tillit.core.errors import PermissionDenied

    m = testkommun.municipality
    with pytest.raises(PermissionDenied):
        services.deviation_report(
            actor=None,
            municipality=m,
            occurred_on=date(2023, 5, 16),
            from_role="Kommunstyrelsens ordförande",
            to_role="enhetschef",
            content="Flytta cykelställen.",
        )
    with pytest.raises(PermissionDenied):
        services.delegation_decision_register(
            actor=None,
            body=testkommun.bun,
            delegation_point="2.1",
            decided_on=date(2024, 2, 1),
            title="Förskoleplatser",
            content="Placering enligt turordningen.",
            delegate_role="rektor",
        )
    with pytest.raises(PermissionDenied):
        services.confidentiality_set(actor=None, municipality=m, office=None)
    d = services.deviation_report(
        actor=None,
        system=True,
        reporter=testkommun.users[REPORTER],
        municipality=m,
        occurred_on=date(2023, 5, 16),
        from_role="Kommunstyrelsens ordförande",
        to_role="enhetschef",
        content="Flytta cykelställen.",
    )
    assert d.reporter == testkommun.users[REPORTER]


def test_tagging_an_assignment_needs_the_issuers_secretary(testkommun):
    from tillit.core.errors import PermissionDenied

    a = testkommun.assignment_kf
    for who in ("lasare", "sekreterare-bun", "kommundirektor"):
        with pytest.raises(PermissionDenied):
            services.assignment_tag(actor=testkommun.users[who], assignment=a, slugs=["aldre"])
    assert not a.target_groups.exists()
    for who in ("sekreterare-kf", "admin"):
        services.assignment_tag(actor=testkommun.users[who], assignment=a, slugs=["aldre"])
    assert [g.slug for g in a.target_groups.all()] == ["aldre"]


def test_reporter_follows_a_change_of_kommundirektor(testkommun, deviation):
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from tillit.accounts.services import role_grant
    from tillit.barometer.permissions import confidential_office

    m = testkommun.municipality
    services.confidentiality_set(
        actor=testkommun.users["admin"], municipality=m, office=None, admins_may_see=False
    )
    assert confidential_office(m) == testkommun.kommundirektor
    yesterday = timezone.localdate() - timedelta(days=1)
    testkommun.kommundirektor.valid_to = yesterday
    testkommun.kommundirektor.save()
    new = org.office_create(
        municipality=m,
        slug="kommundirektor-ny",
        title="Kommundirektör",
        organisation_name="Kommunledningsförvaltningen",
        kind="chief_executive",
        valid_from=timezone.localdate(),
        answers_to=testkommun.ks,
    )
    successor = get_user_model().objects.create_user(username="ny-kommundirektor")
    role_grant(user=successor, municipality=m, kind="chief", office=new)
    assert confidential_office(m) == new

    def sees_reporter(user):
        view = deviation_get_for_user(user=user, municipality=m, pk=deviation.pk)
        return view.reporter_visible

    assert sees_reporter(successor)
    assert not sees_reporter(testkommun.users["kommundirektor"])


def test_deviation_content_rule_is_shared_by_page_and_api(client, testkommun, deviation):
    from tillit.barometer.permissions import can_read_deviation_content

    m = testkommun.municipality
    assert can_read_deviation_content(testkommun.users["lasare"], m) is False
    assert can_read_deviation_content(testkommun.users["sekreterare-bun"], m) is True
    assert can_read_deviation_content(None, m) is False
    _publish_details(testkommun)
    url = f"/api/v1/barometer/deviations/{deviation.pk}"
    assert client.get(url).json()["content"] == ""
    no_role = client.get(url, **_auth(testkommun.users["lasare"])).json()
    assert no_role["content"] == "" and no_role["to_office"] is None
    official = client.get(url, **_auth(testkommun.users["sekreterare-bun"])).json()
    assert official["content"] == deviation.content
