"""A KF decision on a report that changes an assignment's resources states the budget year of
the frame change and how the amount is split among the recipients (issue 19, item 13) — through
the service, the form and the API."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from tillit.accounts.services import api_token_create
from tillit.core.errors import ValidationFailed
from tillit.decisions.services import decision_register
from tillit.economy import services as economy
from tillit.economy.models import FrameChange
from tillit.followup import services
from tillit.followup.models import Outcome, ReportDecision

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
YEAR = TODAY.year


@pytest.fixture
def joint(testkommun):
    """KF's joint assignment to KS and BUN (BUN leads) with a submitted report; frames for KS
    and BUN this year and next."""
    tk = testkommun
    budget = decision_register(
        actor=tk.users["sekreterare-kf"],
        body=tk.kf,
        meeting_date=date(YEAR - 1, 11, 20),
        paragraph=200,
        title="Mål och budget",
    )
    next_budget = decision_register(
        actor=tk.users["sekreterare-kf"],
        body=tk.kf,
        meeting_date=TODAY,
        paragraph=201,
        title="Mål och budget nästa år",
    )
    for body in (tk.ks, tk.bun):
        economy.frame_set(actor=None, body=body, year=YEAR, amount=10_000_000, decision=budget)
        economy.frame_set(
            actor=None, body=body, year=YEAR + 1, amount=10_000_000, decision=next_budget
        )
    tk.report = services.report_file(
        actor=tk.users["kommundirektor"],  # the chief answering to KS, a recipient
        assignment=tk.assignment_kf,
        period=f"{YEAR}-T1",
        status="risk",
        narrative="Skolskjutsarna behöver mer pengar.",
        resources_suffice=False,
        resources_missing_sek="250000",
        submitted_on=TODAY,
    )
    return tk


def _decide(tk, **kw):
    return services.report_decide(
        actor=tk.users["sekreterare-kf"],
        report=tk.report,
        outcome=Outcome.RESOURCES,
        meeting_date=TODAY,
        paragraph=210,
        resources_change_sek="250000",
        **kw,
    )


def _changes():
    return sorted(
        (c.body.slug, c.year, int(c.amount)) for c in FrameChange.objects.select_related("body")
    )


def test_the_decision_states_the_year_and_splits_the_amount(joint):
    tk = joint
    row = _decide(tk, frame_year=YEAR + 1, frame_split={"bun": "150 000", "ks": 100000})
    assert _changes() == [("bun", YEAR + 1, 150000), ("ks", YEAR + 1, 100000)]
    assert row.frame_year == YEAR + 1
    assert row.frame_split == [
        {"body": "bun", "amount": "150000"},
        {"body": "ks", "amount": "100000"},
    ]
    assert row.frame_change.body == tk.bun  # the lead's share
    assert f"för {YEAR + 1}" in row.decision.text
    assert "150 000 kr till Barn- och utbildningsnämnden" in row.decision.text


def test_default_is_the_lead_and_the_meeting_year_stated_explicitly(joint):
    tk = joint
    row = _decide(tk)
    assert _changes() == [("bun", YEAR, 250000)]
    assert row.frame_year == YEAR and row.frame_split == [{"body": "bun", "amount": "250000"}]


@pytest.mark.parametrize(
    ("kw", "field", "message"),
    [
        ({"frame_year": YEAR + 2}, "frame_year", f"{YEAR} eller {YEAR + 1}"),
        ({"frame_year": YEAR - 1}, "frame_year", f"{YEAR} eller {YEAR + 1}"),
        ({"frame_split": {"bun": 100000, "ks": 100000}}, "frame_split", "250 000 kr"),
        ({"frame_split": {"bun": 250000, "mbn": 0}}, "frame_split", "mbn"),
        ({"frame_split": {"kommundirektor": 250000}}, "frame_split", "kommundirektor"),
        ({"frame_split": {"bun": "mycket"}}, "frame_split", "bun"),
    ],
)
def test_bad_year_or_split_is_refused_and_nothing_stored(joint, kw, field, message):
    tk = joint
    with pytest.raises(ValidationFailed) as exc:
        _decide(tk, **kw)
    assert message in exc.value.errors[field]
    assert not ReportDecision.objects.exists() and not FrameChange.objects.exists()


def test_form_states_year_and_split(login, joint):
    tk = joint
    client = login("sekreterare-kf")
    tk.assignment_kf.refresh_from_db()  # filing the report moved it to "redovisat"
    url = f"/testkommun/uppfoljning/rapporter/{tk.report.pk}/beslut/"
    page = client.get(url).content.decode()
    assert 'name="frame_year"' in page and f'value="{YEAR}"' in page
    assert 'name="split-bun"' in page and 'name="split-ks"' in page
    r = client.post(
        url,
        {
            "outcome": "resources",
            "meeting_date": TODAY.isoformat(),
            "paragraph": "211",
            "resources_change_sek": "250 000",
            "frame_year": str(YEAR + 1),
            "split-bun": "50 000",
            "split-ks": "200 000",
            "version": tk.assignment_kf.version,
        },
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    assert _changes() == [("bun", YEAR + 1, 50000), ("ks", YEAR + 1, 200000)]


def test_api_states_year_and_split(client, joint):
    tk = joint
    token = api_token_create(username="sekreterare-kf")[1]
    r = client.post(
        f"/api/v1/reports/{tk.report.pk}/decision",
        {
            "outcome": "resources",
            "meeting_date": TODAY.isoformat(),
            "paragraph": 212,
            "resources_change_sek": 250000,
            "frame_year": YEAR + 1,
            "frame_split": [{"body": "ks", "amount": 250000}],
        },
        content_type="application/json",
        headers={"authorization": f"Bearer {token}"},
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["frame_year"] == YEAR + 1
    assert body["frame_split"] == [{"body": "ks", "amount": "250000"}]
    assert _changes() == [("ks", YEAR + 1, 250000)]
