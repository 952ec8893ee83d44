"""The compiled municipality-wide delårsrapport/årsredovisning (issue 13 item 5): `tillit report`
without --body, PDF and Word; per body frame/actual/forecast in mnkr, assignments by status, the
financial goal; the DR end month is the municipality's setting."""

import io
import subprocess
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tillit.budget import services as budget_services
from tillit.economy import imports as economy_imports
from tillit.economy import services as economy
from tillit.economy.tests.factories import sie_text, write_sie
from tillit.followup import services
from tillit.followup.documents import compiled_build
from tillit.followup.periods import period_parse

pytestmark = pytest.mark.django_db
M = 1_000_000


def _setup(tk, tmp_path):
    """KS: frame 564,7 mnkr (adopted budget 2023 with a financial goal of 2 %), actuals 100 M in
    January, 200 M in August, 50 M in September; forecasts 570 M per 31 August, 580 M per 31
    October. The KS assignment reported with a deviation and a request to change it."""
    m = tk.municipality
    budget = budget_services.budget_propose(
        actor=None,
        municipality=m,
        year=2023,
        title="Mål och budget 2023",
        proposed_by="S+C",
        lines=[{"body": "ks", "changes": [{"kind": "index", "amount_sek": 564_700_000}]}],
        tax_revenue=600 * M,
        financial_net=-5 * M,
        financial_goal="2",
    )
    budget_services.budget_adopt(
        actor=tk.users["admin"], budget=budget, meeting_date=date(2022, 11, 21), paragraph=88
    )
    economy.mapping_set(actor=None, municipality=m, object_id="100", body=tk.ks, name="Stab")
    sie = sie_text(
        [
            (day, [("5010", '1 "100"', f"{amount}.00"), ("1930", "", f"-{amount}.00")])
            for day, amount in (("20230115", 100 * M), ("20230815", 200 * M), ("20230915", 50 * M))
        ]
    )
    economy_imports.sie_file_import(municipality=m, path=write_sie(tmp_path, "a.se", sie))
    economy.forecast_report(
        actor=None, body=tk.ks, year=2023, as_of=date(2023, 8, 31), amount=570 * M
    )
    economy.forecast_report(
        actor=None, body=tk.ks, year=2023, as_of=date(2023, 10, 31), amount=580 * M
    )
    services.report_file(
        actor=tk.users["kommundirektor"],
        assignment=tk.assignment_ks,
        period="2023-DR",
        status="deviation",
        narrative="Arbetet är försenat av upphandlingen.",
        resources_suffice=True,
        adjustment_request="Förläng uppdraget till juni 2024.",
    )


def _run(fmt, tmp_path, period="2023-DR"):
    out = tmp_path / f"kommun.{fmt}"
    stdout = io.StringIO()
    call_command(
        "report",
        "--municipality",
        "testkommun",
        "--period",
        period,
        "--out",
        str(out),
        stdout=stdout,
    )
    assert out.exists() and "nämnder" in stdout.getvalue()
    if fmt == "pdf":
        text = subprocess.run(
            ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
        ).stdout
    else:
        from docx import Document

        doc = Document(str(out))
        parts = [p.text for p in doc.paragraphs]
        for table in doc.tables:
            for row in table.rows:
                parts.append(" | ".join(cell.text for cell in row.cells))
        text = "\n".join(parts)
    return text.replace("\u00a0", " ").replace("\u2212", "-")


def test_compiled_delarsrapport_pdf_and_word(fu, tmp_path):
    _setup(fu, tmp_path)
    for fmt in ("pdf", "docx"):
        text = _run(fmt, tmp_path)
        assert "Delårsrapport 2023 – Testkommun" in text or "Delårsrapport 2023" in text
        assert "1 januari–31 augusti 2023" in text
        for heading in (
            "Ekonomi i sammandrag",
            "Finansiellt mål",
            "Uppdrag per status",
            "Avvikelser och risker",
            "Beslut som behövs",
            "Nämndernas redovisning",
        ):
            assert heading in text, (fmt, heading)
        assert "564,7 mnkr" in text  # KS frame
        assert "300,0 mnkr" in text  # January + August; September is outside the DR
        assert "350,0" not in text
        assert "570,0 mnkr" in text and "580,0" not in text  # the forecast by 31 August
        assert "-5,3 mnkr" in text  # frame − forecast: a deficit
        assert "Arbetet är försenat av upphandlingen." in text
        assert "Förläng uppdraget till juni 2024." in text
        # 600 − 570 − 5 = 25 mnkr = 4,2 % of 600 against the goal of 2 %
        assert "minst 2,0 % av skatter och generella statsbidrag" in text
        assert "resultatet 4,2 % – målet nås" in text


def test_compiled_arsredovisning_covers_the_year(fu, tmp_path):
    _setup(fu, tmp_path)
    text = _run("docx", tmp_path, "2023-AR")
    assert "Årsredovisning 2023" in text and "1 januari–31 december 2023" in text
    assert "350,0 mnkr" in text and "580,0 mnkr" in text


def test_counts_by_status(fu, tmp_path):
    _setup(fu, tmp_path)
    doc = compiled_build(
        municipality=fu.municipality, period=period_parse("2023-DR"), today=date(2023, 9, 30)
    )
    t = doc.totals
    due = sum(len(b.items) for b in doc.bodies)
    assert t["assignments"] == due >= 2
    assert t["counts"]["deviation"] == 1 and t["counts"]["on_track"] == 0
    assert t["counts"]["missing"] == due - 1
    ks = next(b for b in doc.bodies if b.body == fu.ks)
    assert ks.counts["deviation"] == 1
    text = _run("pdf", tmp_path)
    assert f"{due} uppdrag: 0 enligt plan, 0 med risk, 1 med avvikelse, {due - 1} utan" in " ".join(
        text.split()
    )


def test_dr_end_month_is_configurable(fu, tmp_path):
    _setup(fu, tmp_path)
    services.report_cycle_configure(
        actor=fu.users["admin"],
        municipality=fu.municipality,
        kind="DR",
        enabled=True,
        report_due_days=20,
        period_end_month=7,
    )
    doc = compiled_build(
        municipality=fu.municipality, period=period_parse("2023-DR"), today=date(2023, 9, 30)
    )
    assert doc.covers == "1 januari–31 juli 2023"
    # dates in running text written out, not ISO (issue 13)
    assert "Sammanställd 30 september 2023 ur Tillit" in doc.intro
    ks = next(b for b in doc.bodies if b.body == fu.ks)
    assert ks.actual == 100 * M  # August is outside


def test_word_headings_are_real_heading_styles(fu, tmp_path):
    from docx import Document

    _setup(fu, tmp_path)
    out = tmp_path / "k.docx"
    call_command(
        "report",
        "--municipality",
        "testkommun",
        "--period",
        "2023-DR",
        "--out",
        str(out),
        stdout=io.StringIO(),
    )
    styles = {p.text: p.style.name for p in Document(str(out)).paragraphs}
    assert styles["Ekonomi i sammandrag"] == "Heading 1"
    assert styles["Uppdrag per status"] == "Heading 1"
    assert styles[fu.ks.name] == "Heading 2"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2023-T1"], "delårsrapport (ÅÅÅÅ-DR) och årsredovisning"),
        (["--period", "2023-XX"], "ingen giltig period"),
        (["--period", "2023-DR", "--municipality", "finns-inte"], "finns inte"),
    ],
)
def test_bad_input_exits_2(fu, tmp_path, args, message):
    base = {"--municipality": "testkommun", "--out": str(tmp_path / "x.pdf")}
    argv = []
    opts = dict(zip(args[::2], args[1::2], strict=True))
    for key, value in {**base, **opts}.items():
        argv += [key, value]
    with pytest.raises(CommandError) as err:
        call_command("report", *argv, stdout=io.StringIO())
    assert err.value.returncode == 2 and message in str(err.value)
    assert not (tmp_path / "x.pdf").exists()


def test_dr_end_month_refuses_other_cycles_and_bad_months(fu):
    from tillit.core.errors import ValidationFailed

    for kind, month in (("AR", 7), ("DR", 12), ("DR", 0)):
        with pytest.raises(ValidationFailed):
            services.report_cycle_configure(
                actor=fu.users["admin"],
                municipality=fu.municipality,
                kind=kind,
                enabled=True,
                report_due_days=20,
                period_end_month=month,
            )


def test_web_download_for_signed_in_users(fu, tmp_path, client, login, settings):
    from docx import Document

    settings.VAR_DIR = tmp_path  # where the job keeps its file
    _setup(fu, tmp_path)
    url = "/testkommun/uppfoljning/kommunen/2023-DR"
    anonymous = client.get(url + ".pdf")
    assert anonymous.status_code == 302 and "/konto/" in anonymous["Location"]
    assert "Hela kommunen" not in client.get("/testkommun/rapporter/").content.decode()
    c = login("sekreterare-ks")
    page = c.get("/testkommun/rapporter/").content.decode()
    assert "(hela kommunen)" in page and "/uppfoljning/kommunen/" in page
    # Compiled by the worker (issue 18): POST starts the job, its page offers the file (the test
    # settings run jobs at once).
    from tillit.jobs.models import Job

    started = c.post(url + ".pdf")
    job = Job.objects.get(kind="followup.compiled", params__fmt="pdf")
    assert started["Location"] == f"/testkommun/jobb/{job.pk}/"
    assert "Hämta dokumentet" in c.get(started["Location"]).content.decode()
    pdf = c.get(f"/testkommun/jobb/{job.pk}/fil/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "testkommun-2023-dr.pdf" in pdf["Content-Disposition"]
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    c.post(url + ".docx")
    word_job = Job.objects.get(kind="followup.compiled", params__fmt="docx")
    word = c.get(f"/testkommun/jobb/{word_job.pk}/fil/")
    texts = [p.text for p in Document(io.BytesIO(b"".join(word.streaming_content))).paragraphs]
    assert "Ekonomi i sammandrag" in texts
    # An old GET link leads to the reports page; nothing is started.
    assert c.get(url + ".pdf")["Location"] == "/testkommun/rapporter/"
    assert Job.objects.filter(kind="followup.compiled").count() == 2
    assert c.get("/testkommun/uppfoljning/kommunen/2023-T1.pdf").status_code == 404
    assert c.get("/testkommun/uppfoljning/kommunen/2023-DR.txt").status_code == 404


def test_deviation_chart_carries_the_tables_numbers(fu, tmp_path):
    from tillit.followup.documents import deviation_chart, render_compiled_html

    _setup(fu, tmp_path)
    doc = compiled_build(
        municipality=fu.municipality, period=period_parse("2023-DR"), today=date(2023, 9, 30)
    )
    svg = deviation_chart(doc)
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "Avvikelse mot ram per nämnd 2023 (mnkr)" in svg
    assert f"{fu.ks.name}: \u22125,3 mnkr" in svg  # the desc, as in the table
    assert "#b3261e" in svg  # the deficit bar is red
    assert svg in render_compiled_html(doc)
