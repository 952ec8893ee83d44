"""The follow-up report document's economy summary for the body (issue 5, item 7)."""

import io
import subprocess
from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone

from tillit.economy import imports as economy_imports
from tillit.economy import services as economy
from tillit.economy.tests.factories import kf_decision, map_objects, sie_text, write_sie
from tillit.followup import services
from tillit.followup.documents import document_build, render_docx
from tillit.followup.periods import period_parse

pytestmark = pytest.mark.django_db


def _file(fu):
    services.report_file(
        actor=fu.users["kommundirektor"],
        assignment=fu.assignment_ks,
        period="2023-DR",
        status="on_track",
        narrative="Enligt plan.",
        resources_suffice=True,
    )


def _docx_text(path) -> str:
    from docx import Document

    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts).replace("\u00a0", " ")


def _report(fmt, tmp_path) -> str:
    out = tmp_path / f"ks.{fmt}"
    call_command(
        "report",
        "--municipality",
        "testkommun",
        "--body",
        "ks",
        "--period",
        "2023-DR",
        "--out",
        str(out),
        stdout=io.StringIO(),
    )
    if fmt == "docx":
        return _docx_text(out)
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.replace("\u00a0", " ")


def test_document_has_the_bodys_economy_summary(fu, tmp_path):
    _file(fu)
    m = fu.municipality
    economy.frame_set(
        actor=None, body=fu.ks, year=2023, amount="12 345 000", decision=kf_decision(fu)
    )
    economy.mapping_set(actor=None, municipality=m, object_id="100", body=fu.ks, name="Stab")
    sie = sie_text([("20230630", [("5010", '1 "100"', "7000000.00"), ("1930", "", "-7000000.00")])])
    economy_imports.sie_file_import(municipality=m, path=write_sie(tmp_path, "a.se", sie))
    economy.forecast_report(
        actor=None, body=fu.ks, year=2023, as_of=date(2023, 6, 1), amount="13 000 000"
    )
    for text in (_report("pdf", tmp_path), _report("docx", tmp_path)):
        assert "Ekonomi 2023" in text
        assert "12 345 000 kr" in text  # the frame
        assert "Prognos, rapporterad" in text and "13 000 000 kr" in text
        assert "Prognos, automatisk" in text and "14 000 000 kr" in text  # 7 M × 12 / 6
        assert "7 000 000 kr" in text  # actual to date
        assert "-655 000 kr" in text  # frame − reported forecast: a deficit over 1 %
        assert "åtgärdsplan saknas" in text
        assert "Det finns inga ekonomiuppgifter" not in text
    # the per-assignment resources are still there
    assert "Anvisade resurser" in _report("docx", tmp_path)


def test_document_says_when_there_is_no_economy_data(fu, tmp_path):
    _file(fu)
    map_objects(fu)  # data for other bodies only
    for text in (_report("pdf", tmp_path), _report("docx", tmp_path)):
        assert "Det finns inga ekonomiuppgifter" in text and "2023" in text
        assert "Prognos, rapporterad" not in text


def test_a_body_outside_economy_gets_the_sentence_too(fu):
    doc = document_build(
        municipality=fu.municipality,
        body=fu.ks_au,  # an utskott has no frame of its own
        period=period_parse("2023-DR"),
        today=timezone.localdate(),
    )
    assert doc.economy is not None and not doc.economy.rows
    text = _docx_bytes_text(render_docx(doc))
    assert "Det finns inga ekonomiuppgifter" in text
    # the period and the day it was compiled written out in running text (issue 13)
    today = timezone.localdate()
    assert f"Sammanställd {today.day} " in text and f"{today:%Y-%m-%d}" not in text
    assert "(1 maj 2023–31 augusti 2023)" in text


def _docx_bytes_text(data: bytes) -> str:
    from docx import Document

    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
