"""Publication of deviations is the municipality's choice (issue 19, item 15): counts per body
are public; the details of each deviation (date, from which role, how it was handled) only for
signed-in users with a role in the municipality — unless the municipality publishes them
(``ConfidentialitySetting.details_public``). The content and the receiving unit stay with the
roles either way, and the reporter with the designated role. Honoured by the barometer pages,
the API and the open-data exports."""

from __future__ import annotations

from datetime import date

import pytest

from tillit.accounts.services import api_token_create
from tillit.barometer import services
from tillit.barometer.models import ConfidentialitySetting
from tillit.core.errors import PermissionDenied

pytestmark = pytest.mark.django_db

ROLE = "Kommunstyrelsens förste vice ordförande"
CONTENT = "Byt leverantör av skolmaten direkt."
DRILL = "/testkommun/barometer/matt/chain_deviations/?from=2023-01-01&to=2023-12-31"


@pytest.fixture
def deviation(testkommun):
    tk = testkommun
    tk.deviation = services.deviation_report(
        actor=tk.users["kommundirektor"],
        municipality=tk.municipality,
        occurred_on=date(2023, 5, 16),
        from_role=ROLE,
        body=tk.ks,
        to_office=tk.enhet_gata_park,
        content=CONTENT,
    )
    return tk


def _publish(tk, on=True):
    return services.confidentiality_set(
        actor=tk.users["admin"], municipality=tk.municipality, office=None, details_public=on
    )


def _get(client, url, token=None):
    headers = {"authorization": f"Bearer {token}"} if token else {}
    return client.get(url, headers=headers)


def test_details_are_not_public_by_default(client, deviation):
    tk = deviation
    assert not ConfidentialitySetting.objects.filter(municipality=tk.municipality).exists()
    page = client.get(DRILL).content.decode()
    assert ROLE not in page and "2023-05-16" not in page
    assert "visas bara för inloggade" in page
    api = _get(client, f"/api/v1/barometer/deviations/{tk.deviation.pk}")
    assert api.status_code == 403 and ROLE not in api.content.decode()
    # the counts per body stay public
    counts = _get(client, "/api/v1/barometer/deviations?from=2023-01-01&to=2023-12-31").json()
    assert counts["counts"] == [
        {
            "body": "ks",
            "reported": 1,
            "refused_chain": 0,
            "question_outside": 0,
            "decided_outside": 0,
            "total": 1,
        }
    ]
    csv = client.get("/testkommun/oppna-data/avvikelser.csv").content.decode()
    assert "ks" in csv and "2023" in csv and ROLE not in csv
    assert client.get("/testkommun/oppna-data/avvikelser-detaljer.csv").status_code == 403


def test_signed_in_roles_see_the_details(client, login, deviation):
    tk = deviation
    token = api_token_create(username="sekreterare-ks")[1]
    api = _get(client, f"/api/v1/barometer/deviations/{tk.deviation.pk}", token)
    assert api.status_code == 200 and api.json()["from_role"] == ROLE
    assert api.json()["content"] == CONTENT and "reporter" not in api.json()
    page = login("sekreterare-ks").get(DRILL).content.decode()
    assert ROLE in page and CONTENT in page
    rows = client.get("/testkommun/oppna-data/avvikelser-detaljer.csv").content.decode()
    assert ROLE in rows and "kommundirektor" not in rows  # never the reporter
    client.force_login(tk.users["lasare"])  # signed in, but no role in the municipality
    assert ROLE not in client.get(DRILL).content.decode()


def test_a_municipality_may_publish_the_details(client, deviation):
    tk = deviation
    setting = _publish(tk)
    assert setting.details_public and setting.admins_may_see  # other settings kept
    page = client.get(DRILL).content.decode()
    assert ROLE in page and CONTENT not in page  # the content stays with the roles
    api = _get(client, f"/api/v1/barometer/deviations/{tk.deviation.pk}")
    assert api.status_code == 200 and api.json()["from_role"] == ROLE
    assert api.json()["content"] == "" and api.json()["to_office"] is None
    rows = client.get("/testkommun/oppna-data/avvikelser-detaljer.json").json()
    (row,) = rows["data"] if "data" in rows else rows["items"]
    assert row["from_role"] == ROLE and CONTENT not in str(row)
    _publish(tk, on=False)
    assert _get(client, f"/api/v1/barometer/deviations/{tk.deviation.pk}").status_code == 403


def test_only_an_administrator_changes_the_setting(deviation):
    tk = deviation
    with pytest.raises(PermissionDenied):
        services.confidentiality_set(
            actor=tk.users["sekreterare-ks"],
            municipality=tk.municipality,
            office=None,
            details_public=True,
        )
