"""SIE import: the rules, refusals with nothing stored, idempotency, replace, dry run, CLI."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tillit.core.errors import Conflict
from tillit.economy import imports
from tillit.economy.models import ActualLine, BudgetLine, ImportBatch, ObjectMapping
from tillit.economy.sie.generate import generate_sie
from tillit.economy.sie.summary import summarize

from .factories import map_objects, sie_text, write_sie

pytestmark = pytest.mark.django_db

GOOD = [
    (
        "20230115",
        [
            ("5010", '1 "100" 6 "P1"', "1000.00"),
            ("3010", '1 "100"', "-200.00"),
            ("1930", "", "-800.00"),
        ],
    ),
    ("20230220", [("4010", '1 "200"', "300.50"), ("2440", "", "-300.50")]),
]


def _counts():
    return (ImportBatch.objects.count(), ActualLine.objects.count(), BudgetLine.objects.count())


def test_import_aggregates_and_maps(testkommun, tmp_path):
    tk = testkommun
    map_objects(tk)
    path = write_sie(
        tmp_path, "jan.se", sie_text(GOOD, budget=[("202301", "5010", "100", "900.00")])
    )
    r = imports.sie_file_import(municipality=tk.municipality, path=path)
    assert r.status == "imported" and r.unmapped == []
    assert r.summary == summarize(path)
    lines = {
        (str(a.month), a.object_id, a.project, a.account_class): a for a in ActualLine.objects.all()
    }
    assert lines[("2023-01-01", "100", "P1", "5")].amount == Decimal("1000.00")
    assert lines[("2023-01-01", "100", "P1", "5")].assignment == tk.assignment_kf
    assert lines[("2023-01-01", "100", "", "3")].amount == Decimal("-200.00")
    assert lines[("2023-02-01", "200", "", "4")].body == tk.sn
    assert len(lines) == 3  # balance-sheet rows are not stored
    (b,) = BudgetLine.objects.all()
    assert b.body == tk.bun and b.amount == Decimal("900.00")
    batch = r.batch
    assert (batch.vouchers, batch.transactions, batch.rows) == (2, 5, 4)
    assert str(batch.period_start) == "2023-01-01" and str(batch.period_end) == "2023-12-31"


def test_reimport_same_file_changes_nothing(testkommun, tmp_path):
    path = write_sie(tmp_path, "a.se", sie_text(GOOD))
    first = imports.sie_file_import(municipality=testkommun.municipality, path=path)
    before = _counts()
    again = imports.sie_file_import(municipality=testkommun.municipality, path=path, replace=True)
    assert again.status == "already_imported" and again.batch == first.batch
    assert _counts() == before


def test_overlapping_period_refused_then_replaced(testkommun, tmp_path):
    m = testkommun.municipality
    a = imports.sie_file_import(municipality=m, path=write_sie(tmp_path, "a.se", sie_text(GOOD)))
    newer = sie_text(GOOD + [("20230310", [("4010", '1 "100"', "5.00"), ("1930", "", "-5.00")])])
    before = _counts()
    with pytest.raises(Conflict) as exc:
        imports.sie_file_import(municipality=m, path=write_sie(tmp_path, "b.se", newer))
    # The service speaks to the web form's user; the flag belongs to the command line only.
    assert "a.se" in exc.value.message and "Ersätt tidigare import" in exc.value.message
    assert "--replace" not in exc.value.message
    assert _counts() == before
    b = imports.sie_file_import(
        municipality=m, path=write_sie(tmp_path, "b.se", newer), replace=True
    )
    a.batch.refresh_from_db()
    assert a.batch.replaced_by == b.batch and a.batch.replaced_at is not None
    assert ImportBatch.objects.count() == 2  # the old batch is kept
    assert ActualLine.objects.active().count() == 4
    assert ActualLine.objects.filter(batch=a.batch).count() == 3  # kept, inactive


def test_dry_run_stores_nothing(testkommun, tmp_path):
    csv = tmp_path / "map.csv"
    csv.write_text("dimension;object;body\n1;100;bun\n")
    r = imports.sie_file_import(
        municipality=testkommun.municipality,
        path=write_sie(tmp_path, "a.se", sie_text(GOOD)),
        mapping=csv,
        dry_run=True,
    )
    assert r.status == "dry_run" and r.rows == 3 and r.batch is None
    assert [u["object_id"] for u in r.unmapped] == ["200"]
    assert _counts() == (0, 0, 0) and not ObjectMapping.objects.exists()


BROKEN = {
    "unbalanced": (
        GOOD[:1] + [("20230220", [("4010", '1 "200"', "300.50"), ("2440", "", "-300.00")])],
        "does not balance",
    ),
    "amount": (
        [("20230220", [("4010", '1 "200"', "300,50"), ("2440", "", "-300.50")])],
        "invalid amount",
    ),
    "date": ([("20231340", [("4010", '1 "200"', "1.00"), ("2440", "", "-1.00")])], "voucher date"),
}


@pytest.mark.parametrize("kind", [*BROKEN, "brace"])
def test_broken_files_refused_with_line_and_nothing_stored(testkommun, tmp_path, kind):
    map_objects(testkommun)
    if kind == "brace":
        text = sie_text(GOOD).rstrip("\n")
        text = text[: text.rfind("}")]  # the last voucher is never closed
        fragment = "not closed"
    else:
        vouchers, fragment = BROKEN[kind]
        text = sie_text(vouchers)
    path = write_sie(tmp_path, "broken.se", text)
    with pytest.raises(imports.SieImportError) as exc:
        imports.sie_file_import(municipality=testkommun.municipality, path=path)
    assert fragment in exc.value.message
    line_no = exc.value.extra["line_no"]
    assert line_no and exc.value.extra["content"] == text.split("\n")[line_no - 1].strip()
    assert _counts() == (0, 0, 0)
    # the CLI: exit status 2, the line number and its content
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("sie", "import", str(path), "--municipality", "testkommun", stderr=err)
    assert exit_.value.code == 2
    assert f"Rad {line_no}" in err.getvalue() and exc.value.extra["content"] in err.getvalue()
    assert _counts() == (0, 0, 0)


def test_cli_import_dry_run_replace_and_exit_codes(testkommun, tmp_path):
    path = write_sie(tmp_path, "a.se", sie_text(GOOD))
    out = io.StringIO()
    call_command(
        "sie", "import", str(path), "--municipality", "testkommun", "--dry-run", stdout=out
    )
    assert "inget sparades" in out.getvalue() and _counts() == (0, 0, 0)
    out = io.StringIO()
    call_command("sie", "import", str(path), "--municipality", "testkommun", stdout=out)
    assert "2 verifikationer" in out.getvalue() and "ej kopplade" in out.getvalue()
    out = io.StringIO()
    call_command("sie", "import", str(path), "--municipality", "testkommun", stdout=out)
    assert "redan inläst" in out.getvalue()
    other = write_sie(tmp_path, "b.se", sie_text(GOOD[:1]))
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("sie", "import", str(other), "--municipality", "testkommun", stderr=err)
    assert exit_.value.code == 1 and "redan inläst" in err.getvalue()
    assert "--replace" in err.getvalue()
    call_command(
        "sie",
        "import",
        str(other),
        "--municipality",
        "testkommun",
        "--replace",
        stdout=io.StringIO(),
    )
    assert ImportBatch.objects.filter(replaced_by__isnull=True).count() == 1
    with pytest.raises(SystemExit) as exit_:
        call_command("sie", "import", str(other), "--municipality", "nope", stderr=io.StringIO())
    assert exit_.value.code == 1


def test_generated_file_round_trip(testkommun, tmp_path):
    path = tmp_path / "gen.se"
    totals = generate_sie(path, transactions=3000, seed=7, objects=4, year=2023)
    r = imports.sie_file_import(municipality=testkommun.municipality, path=path)
    expected = totals.expected_summary()
    assert r.summary == expected
    stored = {}
    for line in ActualLine.objects.all():
        key = line.object_id
        stored[key] = stored.get(key, Decimal(0)) + line.amount
    for obj, months in expected["result_by_object"].items():
        assert stored[obj] == sum(Decimal(v) for v in months.values())


amounts = st.integers(min_value=-(10**9), max_value=10**9)
row = st.tuples(
    st.sampled_from(["3010", "4010", "5010", "7510", "8410"]),
    st.sampled_from(["100", "200", "300", "Å1", ""]),
    st.sampled_from(["", "P1", "P2"]),
    amounts,
)
voucher = st.tuples(st.integers(min_value=1, max_value=12), st.lists(row, min_size=1, max_size=5))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(vouchers=st.lists(voucher, min_size=1, max_size=15))
def test_property_random_vouchers_read_back(kommun, tmp_path_factory, vouchers):
    from tillit.economy.sie.parser import format_ore

    path = tmp_path_factory.mktemp("prop") / "r.se"
    lines = ['#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#FNAMN "Prop"\n#RAR 0 20230101 20231231\n']
    expected: dict[tuple, int] = {}
    for n, (month, rows) in enumerate(vouchers, start=1):
        lines.append(f'#VER A {n} 2023{month:02d}01 "v"\n{{\n')
        total = 0
        for acc, obj, proj, ore in rows:
            objs = " ".join(
                p for p in ((f'1 "{obj}"' if obj else ""), (f'6 "{proj}"' if proj else "")) if p
            )
            lines.append(f"\t#TRANS {acc} {{{objs}}} {format_ore(ore)}\n")
            total += ore
            key = (month, obj, proj, acc[0])
            expected[key] = expected.get(key, 0) + ore
        lines.append(f"\t#TRANS 1930 {{}} {format_ore(-total)}\n}}\n")
    path.write_bytes("".join(lines).encode("cp437"))
    ImportBatch.objects.all().update(replaced_by=None)
    ActualLine.objects.all().delete()
    BudgetLine.objects.all().delete()
    ImportBatch.objects.all().delete()
    imports.sie_file_import(municipality=kommun.municipality, path=path)
    got = {
        (a.month.month, a.object_id, a.project, a.account_class): int(a.amount * 100)
        for a in ActualLine.objects.all()
    }
    assert got == expected
