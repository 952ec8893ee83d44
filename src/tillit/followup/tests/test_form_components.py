"""The report form and the decide-on-report form are drawn with the design system's components
(core/_field.html, core/_choices.html, core/_error_summary.html): an error summary at the top
linking to each field, aria-invalid and aria-describedby on the field, radio groups in a
fieldset with the label beside each radio, and numbers typed and shown the Swedish way."""

import re
from decimal import Decimal

import pytest

from tillit.followup.models import Report

pytestmark = pytest.mark.django_db


def _report_url(fu) -> str:
    return f"/testkommun/uppfoljning/uppdrag/{fu.assignment_ks.pk}/rapport/2023-DR/"


def _tag(html: str, pattern: str) -> str:
    found = re.search(pattern, html)
    assert found, pattern
    return found.group(0)


def test_report_form_is_built_from_design_system_components(fu, client):
    client.force_login(fu.users["kommundirektor"])
    html = client.get(_report_url(fu)).content.decode()
    # The assessment is a radio group: a fieldset with a legend, each radio beside its label.
    group = html.split('id="id_status-group"')[1].split("</fieldset>")[0]
    assert '<legend class="ds-label">Bedömning' in group
    radio = _tag(
        group, r'<input class="ds-input" type="radio" name="status" value="on_track"[^>]*>'
    )
    assert 'id="id_status_0"' in radio
    assert re.search(
        r'id="id_status_0"[^>]*>\s*<label class="ds-label"[^>]*for="id_status_0"', group
    )
    # Text areas and text inputs are the design system's, not the browser's defaults.
    assert "ds-input" in _tag(html, r'<textarea[^>]*name="narrative"[^>]*>')
    amount = _tag(html, r'<input[^>]*name="resources_missing_sek"[^>]*>')
    assert "ds-input" in amount and 'inputmode="decimal"' in amount
    # Each indicator row is a fieldset of its own with the row number as its legend.
    assert "<legend>Indikator 1</legend>" in html and "<legend>Indikator 5</legend>" in html
    assert "ds-input" in _tag(html, r'<input[^>]*name="ind-0-value"[^>]*>')
    assert 'id="error-summary"' not in html  # no summary before anything was sent


def test_report_form_errors_are_summarised_and_tied_to_their_fields(fu, client):
    client.force_login(fu.users["kommundirektor"])
    before = Report.objects.count()
    # A choice that isn't offered: the form itself refuses it.
    r = client.post(_report_url(fu), {"status": "kanske", "save": "1"})
    assert r.status_code == 400
    html = r.content.decode()
    summary = html.split('id="error-summary"')[1].split("</div>")[0]
    assert "1 sak att rätta" in summary
    assert 'href="#id_status_0"' in summary and "Bedömning" in summary
    group = _tag(html, r'<fieldset[^>]*id="id_status-group"[^>]*>')
    assert "id_status-hint" in group and "id_status-error" in group
    assert 'aria-invalid="true"' in _tag(html, r'<input[^>]*name="status" value="risk"[^>]*>')
    # An amount that isn't a number: the service's message beside the field.
    r = client.post(
        _report_url(fu),
        {"resources_suffice": "nej", "resources_missing_sek": "tolv", "save": "1"},
    )
    assert r.status_code == 400
    html = r.content.decode()
    summary = html.split('id="error-summary"')[1].split("</div>")[0]
    assert 'href="#id_resources_missing_sek"' in summary and "Ange ett tal." in summary
    field = _tag(html, r'<input[^>]*name="resources_missing_sek"[^>]*>')
    assert 'aria-invalid="true"' in field and 'value="tolv"' in field
    assert "id_resources_missing_sek-error" in field and "id_resources_missing_sek-hint" in field
    # An indicator's value goes beside that row's field, not into a message about the form.
    r = client.post(
        _report_url(fu),
        {"ind-2-name": "Väntetid", "ind-2-value": "lång", "save": "1"},
    )
    assert r.status_code == 400
    html = r.content.decode()
    assert 'href="#id_ind-2-value"' in html
    assert 'aria-invalid="true"' in _tag(html, r'<input[^>]*name="ind-2-value"[^>]*>')
    assert Report.objects.count() == before  # nothing stored


def test_report_form_takes_and_shows_numbers_the_swedish_way(fu, client):
    client.force_login(fu.users["kommundirektor"])
    r = client.post(
        _report_url(fu),
        {
            "status": "risk",
            "resources_suffice": "nej",
            "resources_missing_sek": "1 234 500",
            "ind-0-name": "Lokalkostnad per elev",
            "ind-0-value": "21 100,5",
            "ind-0-unit": "kr",
            "ind-0-target": "\u22123,25",  # the typographic minus
            "save": "1",
        },
    )
    assert r.status_code == 302
    report = Report.objects.get(assignment=fu.assignment_ks, period="2023-DR")
    assert report.resources_missing_sek == Decimal("1234500")
    indicator = report.indicators.get()
    assert (indicator.value, indicator.target) == (Decimal("21100.50"), Decimal("-3.25"))
    html = client.get(_report_url(fu)).content.decode()
    assert 'value="1 234 500"' in _tag(html, r'<input[^>]*name="resources_missing_sek"[^>]*>')
    assert 'value="21 100,5"' in _tag(html, r'<input[^>]*name="ind-0-value"[^>]*>')
    assert 'value="-3,25"' in _tag(html, r'<input[^>]*name="ind-0-target"[^>]*>')
    assert "checked" in _tag(html, r'<input[^>]*name="resources_suffice" value="nej"[^>]*>')


def test_decide_form_error_summary_links_to_the_radio_group_and_fields(fu, client):
    from tillit.followup import services

    report = services.report_file(
        actor=fu.users["kommundirektor"],
        assignment=fu.assignment_ks,
        period="2023-DR",
        status="on_track",
        narrative="Det går bra.",
        resources_suffice=True,
    )
    url = f"/testkommun/uppfoljning/rapporter/{report.pk}/beslut/"
    client.force_login(fu.users["sekreterare-ks"])
    html = client.get(url).content.decode()
    assert '<legend class="ds-label">Organet beslutar att' in html
    assert "ds-input" in _tag(html, r'<input[^>]*name="paragraph"[^>]*>')
    r = client.post(url, {"meeting_date": "2026-03-10", "paragraph": "", "title": "Kvar"})
    assert r.status_code == 400
    html = r.content.decode()
    summary = html.split('id="error-summary"')[1].split("</div>")[0]
    assert "Beslutet kunde inte registreras: 2 saker att rätta" in summary
    assert summary.index('href="#id_outcome_0"') < summary.index('href="#id_paragraph"')
    paragraph = _tag(html, r'<input[^>]*name="paragraph"[^>]*>')
    assert 'aria-invalid="true"' in paragraph and "id_paragraph-error" in paragraph
    assert "id_outcome-error" in _tag(html, r'<fieldset[^>]*id="id_outcome-group"[^>]*>')
    assert 'value="Kvar"' in html  # the input stays
