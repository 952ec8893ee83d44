"""The reader on real files: a protocol PDF rendered by WeasyPrint (text layer with page
furniture), the same as DOCX, bad PDFs (scanned, encrypted, 500 pages), and the CLI
`tillit minutes parse` run as a subprocess (exit status 0 / 1 / 2)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import date

import pytest

from tillit.minutes import testing
from tillit.minutes.reader import MinutesUnreadable, parse_minutes, read_pages


@pytest.fixture(scope="module")
def pdf_bytes():
    return testing.protocol_pdf()


def _expected(first=45):
    return [(first + o, title, recipients) for o, title, _d, _k, recipients in testing.PARAGRAPHS]


def _found(minutes):
    return [
        (p.number, p.title, [a.recipient_text for a in p.assignments]) for p in minutes.paragraphs
    ]


def test_protocol_pdf_has_page_furniture_in_its_text_layer(pdf_bytes):
    fmt, pages = read_pages(pdf_bytes)
    assert fmt == "pdf" and len(pages) >= 3
    assert all("Justerandes sign" in p for p in pages)
    assert "PROTOKOLL 2(" in pages[1]


def test_protocol_pdf_is_read(pdf_bytes):
    m = parse_minutes(pdf_bytes, filename="protokoll.pdf")
    assert m.source_format == "pdf"
    assert m.body_guess == "Kommunstyrelsen"
    assert m.meeting_date == date(2024, 3, 12)
    assert _found(m) == _expected()
    assert [p.kind for p in m.paragraphs] == [k for _o, _t, _d, k, _r in testing.PARAGRAPHS]
    assert [p.dnr for p in m.paragraphs] == [d for _o, _t, d, _k, _r in testing.PARAGRAPHS]
    # The text layer's page header is gone from the paragraph that runs over a page break.
    assert all("PROTOKOLL" not in p.text and "Justerandes" not in p.text for p in m.paragraphs)
    assert m.paragraphs[2].assignments[0].resources_sek == 800000
    assert m.paragraphs[0].page == 2


def test_protocol_pdf_with_other_numbers(tmp_path):
    m = parse_minutes(testing.protocol_pdf(first=120))
    assert _found(m) == _expected(120)


def test_protocol_docx_is_read():
    m = parse_minutes(testing.protocol_docx(), filename="protokoll.docx")
    assert m.source_format == "docx"
    assert _found(m) == _expected()


def test_path_and_bytes_give_the_same(tmp_path, pdf_bytes):
    path = tmp_path / "protokoll.pdf"
    path.write_bytes(pdf_bytes)
    assert parse_minutes(path).to_dict() == parse_minutes(pdf_bytes).to_dict()


def test_scanned_pdf_is_refused_with_the_swedish_message():
    with pytest.raises(MinutesUnreadable) as exc:
        parse_minutes(testing.scanned_pdf())
    assert exc.value.code == "scanned"
    assert exc.value.message.startswith("Ingen text i PDF-filen – den verkar vara skannad")


def test_encrypted_pdf_is_refused():
    with pytest.raises(MinutesUnreadable) as exc:
        parse_minutes(testing.encrypted_pdf())
    assert exc.value.code == "encrypted"
    assert "krypterad" in exc.value.message


def test_500_page_pdf_is_refused_without_reading_the_pages():
    data = testing.many_pages_pdf(500)
    started = time.process_time()
    with pytest.raises(MinutesUnreadable) as exc:
        parse_minutes(data)
    assert exc.value.code == "too_large"
    assert "500 sidor" in exc.value.message
    # Refused on the page count: not a timing assertion, a bound that only reading all 500
    # pages (or worse) would break by orders of magnitude.
    assert time.process_time() - started < 30


# --------------------------------------------------------------------------- CLI


@pytest.fixture(scope="module")
def cli_env(tmp_path_factory):
    var = tmp_path_factory.mktemp("var")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TILLIT_", "DJANGO_"))}
    env.update(TILLIT_VAR_DIR=str(var), TILLIT_SECRET_KEY="x" * 50)
    return env


def tillit(*args, env):
    return subprocess.run(
        [sys.executable, "-m", "tillit", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_parse_json(tmp_path, cli_env, pdf_bytes):
    path = tmp_path / "protokoll.pdf"
    path.write_bytes(pdf_bytes)
    result = tillit("minutes", "parse", str(path), "--json", env=cli_env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["body_guess"] == "Kommunstyrelsen" and data["meeting_date"] == "2024-03-12"
    assert [
        (p["number"], p["title"], [a["recipient_text"] for a in p["assignments"]])
        for p in data["paragraphs"]
    ] == _expected()


def test_cli_parse_human_readable(tmp_path, cli_env):
    path = tmp_path / "protokoll.txt"
    path.write_text(testing.protocol_text(), encoding="cp1252", errors="replace")
    result = tillit("minutes", "parse", str(path), env=cli_env)
    assert result.returncode == 0, result.stderr
    assert "uppdrag till kommundirektören" in result.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (testing.scanned_pdf, "Ingen text i PDF-filen – den verkar vara skannad"),
        (lambda: "Inköpslista\nMjölk\nBröd\n".encode(), "inte vara ett protokoll"),
        (lambda: "§ 1 Test\nBeslut\nOk.".encode("utf-16-le"), "teckenkodningen"),
    ],
)
def test_cli_bad_input_exits_2_with_a_swedish_message(tmp_path, cli_env, content, message):
    path = tmp_path / "fil.bin"
    path.write_bytes(content())
    result = tillit("minutes", "parse", str(path), "--json", env=cli_env)
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_cli_missing_file_exits_1(tmp_path, cli_env):
    result = tillit("minutes", "parse", str(tmp_path / "saknas.pdf"), env=cli_env)
    assert result.returncode == 1
    assert "finns inte" in result.stderr


def test_pages_without_text_are_named_in_a_warning(pdf_bytes):
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf_bytes)).pages:
        writer.add_page(page)
    writer.add_blank_page()  # a scanned signature page, say
    out = io.BytesIO()
    writer.write(out)
    m = parse_minutes(out.getvalue())
    assert len(m.paragraphs) == len(testing.PARAGRAPHS)
    assert m.warnings == [f"Sidan {m.pages} saknar text (skannad?) och har inte lästs."]
    assert parse_minutes(pdf_bytes).warnings == []
