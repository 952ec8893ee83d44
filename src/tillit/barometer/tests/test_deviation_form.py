"""The deviation form is the design system's: the service's messages beside their fields, an
error summary at the top linking to them, aria-invalid and aria-describedby on the fields, and
what was typed kept."""

import re

import pytest

from tillit.barometer.models import Deviation

pytestmark = pytest.mark.django_db


def test_deviation_form_errors_are_summarised_and_tied_to_their_fields(client, testkommun):
    url = f"/{testkommun.municipality.slug}/barometer/avvikelser/ny/"
    client.force_login(testkommun.users["sekreterare-ks"])
    html = client.get(url).content.decode()
    assert 'id="error-summary"' not in html
    assert "ds-input" in re.search(r'<input[^>]*name="from_role"[^>]*>', html).group(0)
    r = client.post(url, {"occurred_on": "2024-01-10", "to_role": "Parkchefen", "content": ""})
    html = r.content.decode()
    summary = html.split('id="error-summary"')[1].split("</div>")[0]
    assert 'href="#id_from_role"' in summary and 'href="#id_content"' in summary
    field = re.search(r'<input[^>]*name="from_role"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in field and "id_from_role-error" in field
    assert re.search(r'id="id_from_role-error">[^<]*Ange vilken roll', html)
    assert 'value="Parkchefen"' in html  # what was typed stays
    assert not Deviation.objects.exists()
