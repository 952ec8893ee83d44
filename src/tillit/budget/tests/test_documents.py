"""The budget document: built from the adopted budget, PDF (tagged) and Word (real headings),
Swedish numbers; the CLI refuses bad input with exit status 2."""

from __future__ import annotations

import io
import subprocess
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tillit.budget import documents, services

from .test_services import M, _previous

pytestmark = pytest.mark.django_db


def _adopted(tk):
    _previous(tk)
    budget = services.budget_propose(
        actor=None,
        municipality=tk.municipality,
        year=2027,
        title="Mål och budget 2027",
        proposed_by="S+C",
        lines=[
            {
                "body": "bun",
                "changes": [{"kind": "index", "amount_sek": 15 * M, "note": "2,9 %"}],
                "mission": {
                    "what": "Alla elever når kunskapsmålen.",
                    "indicators": [{"code": "N15428", "title": "Behöriga", "target": "80.5"}],
                },
            }
        ],
        goals=["Barn och unga lyckas i skolan."],
        tax_revenue=1200 * M,
        financial_net=-5 * M,
        financial_goal="2",
    )
    services.budget_adopt(
        actor=tk.users["admin"], budget=budget, meeting_date=date(2026, 11, 23), paragraph=17
    )


def test_document_contents(testkommun):
    _adopted(testkommun)
    doc = documents.document_build(
        municipality=testkommun.municipality, year=2027, today=date(2026, 12, 1)
    )
    assert doc.title == "Mål och budget 2027 med plan 2028–2029"
    assert "KF 2026 § 17" in doc.subtitle
    rows = dict(doc.result_rows)
    # The budget changes only BUN; SN (400) and KS (200) keep their frames and count:
    # 1200 − (510 + 15 + 400 + 200) − 5 = 70 mnkr = 5,8 % of 1200
    assert rows["Årets resultat"] == "70,0"
    assert rows["Nämndernas nettokostnader (ramar)"] == "\u22121\u00a0125,0"
    assert rows["Resultat i procent av skatter och bidrag"] == "5,8\u00a0%"
    unchanged = {s.name: s.frame_rows for s in doc.sections[1:]}
    assert unchanged[testkommun.sn.name][-1] == ("Ny ram 2027", "400,0", "400,0", "400,0")
    assert unchanged[testkommun.ks.name][0] == ("Föregående ram", "200,0", "", "")
    assert "uppfyller målet" in doc.result_note
    bun = doc.sections[0]
    assert bun.frame_rows[0] == ("Föregående ram", "510,0", "", "")
    assert bun.frame_rows[-1] == ("Ny ram 2027", "525,0", "525,0", "525,0")
    assert bun.indicators == [("Behöriga", "N15428", "", "80,5")]
    assert "KF 2026 § 17" in bun.mission_reference
    assert documents.kr(1234567) == "1\u00a0234\u00a0567\u00a0kr"
    # below 0,1 mnkr "0,0" would hide the amount: tkr instead
    assert documents.mnkr(23_400) == "23\u00a0tkr"
    assert documents.mnkr(-60_000) == "\u221260\u00a0tkr"
    assert documents.mnkr(100_000) == "0,1"
    assert documents.mnkr(0) == "0,0"


def test_cli_writes_pdf_and_docx(testkommun, tmp_path):
    _adopted(testkommun)
    for suffix, magic in ((".pdf", b"%PDF"), (".docx", b"PK")):
        out = tmp_path / f"budget{suffix}"
        stdout = io.StringIO()
        call_command(
            "budget",
            "document",
            municipality="testkommun",
            year="2027",
            out=str(out),
            stdout=stdout,
        )
        assert out.read_bytes().startswith(magic)
        assert "Mål och budget 2027" in stdout.getvalue()
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "budget.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert "Tagged:          yes" in info and "Mål och budget 2027" in info
    from docx import Document

    headings = [
        p.text
        for p in Document(str(tmp_path / "budget.docx")).paragraphs
        if p.style.name.startswith("Heading")
    ]
    assert "Resultatbudget" in headings and "Barn- och utbildningsnämnden" in headings


def test_cli_bad_input_exits_2(testkommun, tmp_path):
    for kwargs, words in (
        ({"year": "2027", "out": str(tmp_path / "x.txt")}, ".pdf eller .docx"),
        ({"year": "tjugo", "out": str(tmp_path / "x.pdf")}, "Ogiltigt år"),
        ({"year": "2031", "out": str(tmp_path / "x.pdf")}, "ingen budget för 2031"),
    ):
        with pytest.raises(CommandError) as exc:
            call_command("budget", "document", municipality="testkommun", **kwargs)
        assert exc.value.returncode == 2 and words in str(exc.value)
    assert not list(tmp_path.iterdir())


def test_download_on_the_budget_page(client, testkommun):
    _adopted(testkommun)
    html = client.get("/testkommun/budget/?ar=2027").content.decode()
    assert "/testkommun/budget/dokument/?ar=2027" in html
    r = client.get("/testkommun/budget/dokument/?ar=2027")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    r = client.get("/testkommun/budget/dokument/?ar=2027&format=docx")
    assert r.status_code == 200 and r.content.startswith(b"PK")
    assert client.get("/testkommun/budget/dokument/?ar=2031").status_code == 404


def test_signed_in_the_document_is_compiled_by_a_job(client, testkommun, settings, tmp_path):
    """Issue 18: a signed-in user's download is compiled in the background; the job page then
    offers the file, to who may see the job only."""
    from tillit.jobs.models import Job

    settings.VAR_DIR = tmp_path
    _adopted(testkommun)
    client.force_login(testkommun.users["sekreterare-ks"])
    html = client.get("/testkommun/budget/?ar=2027").content.decode()
    assert 'name="format" value="docx"' in html
    response = client.post("/testkommun/budget/dokument/?ar=2027", {"format": "pdf"})
    job = Job.objects.get(kind="budget.document")
    assert response["Location"] == f"/testkommun/jobb/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Hämta dokumentet" in page  # the test settings run jobs at once
    download = client.get(f"/testkommun/jobb/{job.pk}/fil/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert "mal-och-budget-testkommun-2027.pdf" in download["Content-Disposition"]
    # Another user may not fetch it; a user with no role may not start one.
    client.force_login(testkommun.users["sekreterare-bun"])
    assert client.get(f"/testkommun/jobb/{job.pk}/fil/").status_code == 403
    client.force_login(testkommun.users["lasare"])
    assert (
        client.post("/testkommun/budget/dokument/?ar=2027", {"format": "docx"}).status_code == 403
    )
    assert Job.objects.filter(kind="budget.document").count() == 1


def _text_of(doc) -> tuple[str, str]:
    """(the PDF's HTML, the Word file's paragraphs) of one document."""
    from docx import Document

    word = Document(io.BytesIO(documents.render_docx(doc)))
    return documents.render_html(doc), "\n".join(p.text for p in word.paragraphs)


def test_dates_in_running_text_are_written_out(testkommun):
    """'Antagen av kommunfullmäktige 23 november 2026', not 2026-11-23, in PDF and Word."""
    _adopted(testkommun)
    doc = documents.document_build(
        municipality=testkommun.municipality, year=2027, today=date(2026, 12, 1)
    )
    assert doc.subtitle.startswith("Antagen av kommunfullmäktige 23 november 2026, KF 2026 § 17")
    for text in _text_of(doc):
        assert "Antagen av kommunfullmäktige 23 november 2026" in text
        assert "Utskrivet 1 december 2026." in text
        assert "2026-11-23" not in text and "2026-12-01" not in text


def _adopt_with_council_line(tk, *, mission: bool):
    _previous(tk)
    bun = {"body": "bun", "changes": [{"kind": "index", "amount_sek": 15 * M, "note": "2,9 %"}]}
    if mission:
        bun["mission"] = {"what": "Alla elever når kunskapsmålen."}
    budget = services.budget_propose(
        actor=None,
        municipality=tk.municipality,
        year=2027,
        title="Mål och budget 2027",
        proposed_by="S+C",
        lines=[
            {"body": "kf", "changes": [{"kind": "unlinked", "amount_sek": 2 * M}]},
            bun,
        ],
    )
    services.budget_adopt(
        actor=tk.users["admin"], budget=budget, meeting_date=date(2026, 11, 23), paragraph=17
    )
    return documents.document_build(
        municipality=tk.municipality, year=2027, today=date(2026, 12, 1)
    )


def test_the_council_gets_no_grunduppdrag_line(testkommun):
    """KF adopts the budget and gives itself no grunduppdrag: no "Inget grunduppdrag angivet"
    under Kommunfullmäktige; a nämnd without one still says so."""
    doc = _adopt_with_council_line(testkommun, mission=True)
    sections = {s.name: s for s in doc.sections}
    assert not sections[testkommun.kf.name].show_mission
    assert sections[testkommun.bun.name].show_mission
    assert sections[testkommun.sn.name].show_mission  # a nämnd without one: said per body
    assert doc.missions_note == ""
    html, word = _text_of(doc)
    for text, heading in (
        (html, f">{testkommun.kf.name}</h3>"),
        (word, f"\n{testkommun.kf.name}\n"),
    ):
        kf_part = text[text.index(heading) :].split("Uppdrag med resurser")[0]
        assert "Ram" in kf_part and "Grunduppdrag" not in kf_part
        assert text.count("Inget grunduppdrag angivet") == 2  # SN and KS


def test_a_budget_without_grunduppdrag_says_so_once(testkommun):
    doc = _adopt_with_council_line(testkommun, mission=False)
    assert doc.missions_note == "Budgeten för 2027 ger inte nämnderna några grunduppdrag."
    assert not any(s.show_mission for s in doc.sections)
    for text in _text_of(doc):
        assert text.count(doc.missions_note) == 1
        assert "Inget grunduppdrag angivet" not in text
        assert ">Grunduppdrag<" not in text and "\nGrunduppdrag\n" not in text
