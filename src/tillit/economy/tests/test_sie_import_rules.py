"""The SIE import under issue 19: a real export stored once, fiscal-year months only, bounded
amounts and sizes, warnings on the preview page and in the CLI, one dry run per preview, and
unconfirmed uploads deleted."""

from __future__ import annotations

import io
import os
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from tillit.economy import imports
from tillit.economy.models import ActualLine, BudgetLine, ImportBatch

from .factories import map_objects, sie_text, write_sie

pytestmark = pytest.mark.django_db

FIX = Path(__file__).parent / "fixtures"
GOOD = [("20230115", [("5010", '1 "100"', "1000.00"), ("1930", "", "-1000.00")])]


def _counts():
    return (ImportBatch.objects.count(), ActualLine.objects.count(), BudgetLine.objects.count())


def _voucher(day: str, account: str, obj: str, amount: str) -> tuple:
    return (day, [(account, f'1 "{obj}"', amount), ("1930", "", f"-{amount}")])


def test_a_real_export_stores_an_added_row_once(testkommun):
    r = imports.sie_file_import(
        municipality=testkommun.municipality, path=FIX / "real_fortnox_rtrans_excerpt.se"
    )
    stored = {
        (a.month, a.account_class): a.amount for a in ActualLine.objects.filter(batch=r.batch)
    }
    assert stored == {
        (date(2020, 9, 1), "7"): Decimal("4364.00"),
        (date(2020, 11, 1), "3"): Decimal("-17598.00"),
        (date(2020, 11, 1), "8"): Decimal("19.00"),
    }
    assert (r.batch.vouchers, r.batch.transactions) == (4, 30)


def test_only_the_fiscal_years_months_are_stored(testkommun, tmp_path):
    map_objects(testkommun)
    text = sie_text(
        [
            _voucher("20230115", "5010", "100", "1000.00"),
            _voucher("99991231", "5010", "100", "7.00"),
            _voucher("20221231", "4010", "200", "3.00"),
        ],
        budget=[("202301", "5010", "100", "900.00"), ("202401", "5010", "100", "5.00")],
    )
    r = imports.sie_file_import(
        municipality=testkommun.municipality, path=write_sie(tmp_path, "a.se", text)
    )
    assert set(ActualLine.objects.values_list("month", flat=True)) == {date(2023, 1, 1)}
    assert set(BudgetLine.objects.values_list("month", flat=True)) == {date(2023, 1, 1)}
    assert (str(r.batch.period_start), str(r.batch.period_end)) == ("2023-01-01", "2023-12-31")
    messages = [w["message"] for w in r.summary["warnings"]]
    assert len(messages) == 3 and any("9999-12-31" in m for m in messages)
    assert r.skipped == {"rows": 3, "months": ["2022-12", "2024-01", "9999-12"]}


def test_without_a_fiscal_year_more_than_18_months_is_refused(testkommun, tmp_path):
    text = sie_text(
        [_voucher("20230115", "5010", "100", "1.00"), _voucher("99991231", "5010", "100", "1.00")]
    ).replace("#RAR 0 20230101 20231231\n", "")
    with pytest.raises(imports.SieImportError) as exc:
        imports.sie_file_import(
            municipality=testkommun.municipality, path=write_sie(tmp_path, "a.se", text)
        )
    assert "18 månader" in exc.value.message
    assert _counts() == (0, 0, 0)


@pytest.mark.parametrize(
    "vouchers",
    [
        [_voucher("20230115", "5010", "100", "1" * 26)],  # one row
        [_voucher("20230115", "5010", "100", "60000000000000.00")] * 2,  # a sum of rows
    ],
)
def test_amounts_beyond_what_is_stored_are_a_clear_error(testkommun, tmp_path, vouchers):
    path = write_sie(tmp_path, "big.se", sie_text(vouchers))
    with pytest.raises(imports.SieImportError) as exc:
        imports.sie_file_import(municipality=testkommun.municipality, path=path)
    assert "för stort" in exc.value.message or "too large" in exc.value.message
    assert len(exc.value.message) < 500
    assert _counts() == (0, 0, 0)


def test_web_upload_of_a_huge_amount_answers_400_not_500(client, testkommun, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    client.force_login(testkommun.users["admin"])
    upload = io.BytesIO(sie_text([_voucher("20230115", "5010", "100", "1" * 26)]).encode("cp437"))
    upload.name = "stor.se"
    # The preview is a background job (run in-process in tests); its page shows the refusal.
    r = client.post("/testkommun/ekonomi/import/", {"file": upload}, follow=True)
    html = r.content.decode()
    assert r.status_code == 400 and "Rad 12" in html and 'role="alert"' in html
    assert 'name="file"' in html and not list((tmp_path / "sie-uploads").glob("*.se"))
    assert _counts() == (0, 0, 0)


def test_too_many_objects_are_refused(testkommun, tmp_path, monkeypatch):
    monkeypatch.setattr(imports, "MAX_OBJECTS", 20)
    rows = [("5010", f'1 "{i}"', "1.00") for i in range(21)] + [("1930", "", "-21.00")]
    path = write_sie(tmp_path, "many.se", sie_text([("20230115", rows)]))
    with pytest.raises(imports.SieImportError) as exc:
        imports.sie_file_import(municipality=testkommun.municipality, path=path)
    assert "21 olika objekt" in exc.value.message and "20" in exc.value.message
    assert _counts() == (0, 0, 0)


def test_too_many_rows_are_refused_while_reading(testkommun, tmp_path, monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 20)
    rows = [("5010", f'1 "100" 6 "P{i}"', "1.00") for i in range(21)] + [("1930", "", "-21.00")]
    path = write_sie(tmp_path, "rows.se", sie_text([("20230115", rows)]))
    with pytest.raises(imports.SieImportError) as exc:
        imports.sie_file_import(municipality=testkommun.municipality, path=path)
    assert "fler än 20 rader" in exc.value.message
    assert _counts() == (0, 0, 0)


LENIENT = (
    '#FLAGGA 0\n#SIETYP 4\n#ORGNR\n#FNAMN "Kommunen"\n#RAR 0 20230101 20231231\n'
    '#KONTO DIFF "Differens"\n'
    "#VER A 1 20230105\n{\n#TRANS 5010 {1 100} 5.00\n#TRANS 1930 {} -5.00\n}\n"
)


def test_preview_page_lists_warnings(client, testkommun, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    client.force_login(testkommun.users["admin"])
    late = "#VER A 2 20240105\n{\n#TRANS 5010 {1 100} 7.00\n#TRANS 1930 {} -7.00\n}\n"
    upload = io.BytesIO((LENIENT + late).encode("cp437"))
    upload.name = "varning.se"
    r = client.post("/testkommun/ekonomi/import/", {"file": upload}, follow=True)
    html = r.content.decode()
    assert r.status_code == 200 and "Förhandsgranskning" in html
    assert "Varningar" in html and "Rad 3" in html and "Rad 6" in html and "Rad 12" in html
    assert "1 rad utanför räkenskapsåret (månaderna 2024-01) läses inte in." in html


def test_preview_page_is_bounded(client, testkommun, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    client.force_login(testkommun.users["admin"])
    rows = [("5010", f'1 "K{i:03d}"', "1.00") for i in range(130)] + [("1930", "", "-130.00")]
    upload = io.BytesIO(sie_text([("20230115", rows)]).encode("cp437"))
    upload.name = "manga.se"
    r = client.post("/testkommun/ekonomi/import/", {"file": upload}, follow=True)
    html = r.content.decode()
    assert r.status_code == 200
    assert "K099" in html and "K100" not in html
    assert html.count("och 30 till") == 2  # the table and the unmapped list


def test_preview_runs_the_import_once(testkommun, tmp_path, monkeypatch):
    m = testkommun.municipality
    first = imports.sie_file_import(
        municipality=m, path=write_sie(tmp_path, "a.se", sie_text(GOOD))
    )
    calls = []
    real = imports.aggregate
    monkeypatch.setattr(imports, "aggregate", lambda *a, **kw: calls.append(1) or real(*a, **kw))
    other = write_sie(tmp_path, "b.se", sie_text([_voucher("20230301", "5010", "100", "2.00")]))
    preview = imports.sie_import_preview(municipality=m, path=other, file_name="b.se")
    assert calls == [1]
    assert "a.se" in preview.conflict and preview.result.replaced == [first.batch]
    assert ImportBatch.objects.count() == 1


def _upload_dir(tmp_path, name="sie-uploads") -> Path:
    return tmp_path / name


def test_uploads_that_are_never_confirmed_are_deleted(client, testkommun, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    client.force_login(testkommun.users["admin"])
    folder = _upload_dir(tmp_path)
    folder.mkdir()
    stale = [folder / f"{'a' * 64}.se", folder / "upload-1-2.se"]
    for path in stale:
        path.write_bytes(b"#FLAGGA 0\n")
        old = time.time() - 2 * 24 * 3600
        os.utime(path, (old, old))
    # a refused file is deleted at once
    broken = io.BytesIO(sie_text(GOOD).replace("-1000.00", "-999.00").encode("cp437"))
    broken.name = "trasig.se"
    r = client.post("/testkommun/ekonomi/import/", {"file": broken}, follow=True)
    assert r.status_code == 400 and 'role="alert"' in r.content.decode()
    assert list(folder.iterdir()) == []  # the stale files went too
    # a previewed file is deleted when the user cancels
    good = io.BytesIO(sie_text(GOOD).encode("cp437"))
    good.name = "jan.se"
    r = client.post("/testkommun/ekonomi/import/", {"file": good}, follow=True)
    token = r.context["token"]
    assert (folder / f"{token}.se").exists()
    r = client.post("/testkommun/ekonomi/import/", {"token": token, "cancel": "1"})
    assert r.status_code == 302 and list(folder.iterdir()) == []
    assert not ImportBatch.objects.exists()
    # CSV uploads: stale files are purged the same way
    csv_dir = _upload_dir(tmp_path, "csv-uploads")
    csv_dir.mkdir()
    old_csv = csv_dir / f"{'b' * 64}.csv"
    old_csv.write_text("body;month;amount\n")
    old = time.time() - 2 * 24 * 3600
    os.utime(old_csv, (old, old))
    data = io.BytesIO(b"body;month;amount\nbun;2023-01;100\n")
    data.name = "budget.csv"
    client.post("/testkommun/ekonomi/import/csv/", {"file": data, "kind": "budget"})
    assert not old_csv.exists()


def test_cli_prints_a_huge_bad_line_once_cut_and_escaped(testkommun, tmp_path):
    bad = "\x1b[2J\x1b]0;x\x07" + "9" * 1_000_000
    text = sie_text(GOOD).replace("1000.00", bad, 1)
    path = write_sie(tmp_path, "bad.se", text)
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("sie", "import", str(path), "--municipality", "testkommun", stderr=err)
    assert exit_.value.code == 2
    output = err.getvalue()
    assert len(output) < 2000 and "\x1b" not in output and "\x07" not in output
    assert "Rad 12" in output


def test_cli_prints_warnings(testkommun, tmp_path):
    path = tmp_path / "varning.se"
    path.write_bytes(LENIENT.encode("cp437"))
    out = io.StringIO()
    call_command("sie", "import", str(path), "--municipality", "testkommun", stdout=out)
    assert "rad 3:" in out.getvalue() and "rad 6:" in out.getvalue()
    assert ImportBatch.objects.count() == 1
