"""SIE 4 parser and summary: hand-made fixtures, broken files, generated round trips.

Pure pytest, no database:
    .venv/bin/python -m pytest src/tillit/economy/tests -q -p no:django -p no:cacheprovider
"""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tillit.economy.sie.cli import add_arguments, handle_summary
from tillit.economy.sie.generate import generate_sie
from tillit.economy.sie.parser import (
    Balance,
    SieError,
    SieReader,
    Voucher,
    detect_encoding,
    format_ore,
    iter_vouchers,
    parse_ore,
    tokenize,
)
from tillit.economy.sie.summary import summarize, summarize_slow

FIX = Path(__file__).parent / "fixtures"

BASIC = {
    "company": "Åsa Öberg & Ärlig AB",
    "fiscal_year": {"start": "2023-01-01", "end": "2023-12-31"},
    "vouchers": 3,
    # A 1: 2 rows; A 2: #TRANS, #RTRANS (its #TRANS twin skipped, #BTRANS not counted),
    # #TRANS; B 1: 2 rows.
    "transactions": 7,
    "result_by_object": {
        "": {"2023-02": "300.50"},
        "100": {"2023-01": "-1250.00", "2023-02": "10.00"},
        "Å1": {"2023-02": "100.25"},
    },
    "budget_by_object": {
        "": {"2023-02": "200.00"},
        "100": {"2023-01": "-599.50"},  # -1000.00 + 400.50; year -1 and 1930 skipped
    },
    "warnings": [],
}


def both(source, dim="1"):
    """The fast summary, checked against the full streaming reader."""
    fast = summarize(source, dim=dim)
    assert fast == summarize_slow(source, dim=dim)
    return fast


# --- values and tokens ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "ore"),
    [("1250.00", 125000), ("-1250.5", -125050), ("17", 1700), ("-0.05", -5), (".5", 50)],
)
def test_parse_ore(text, ore):
    assert parse_ore(text) == ore


@pytest.mark.parametrize("text", ["1,50", "1.234", "abc", "", "1.", "12.3.4", "١٢"])
def test_parse_ore_rejects(text):
    with pytest.raises(ValueError):
        parse_ore(text)


def test_format_ore():
    assert [format_ore(v) for v in (0, 5, -5, 125000, -125050)] == [
        "0.00",
        "0.05",
        "-0.05",
        "1250.00",
        "-1250.50",
    ]


def test_tokenize_quotes_braces_tabs():
    toks = tokenize('#TRANS\t3010 {1 "100" 6 "P 1"}\t-5.00 "" "Säg \\"hej\\""')
    assert toks == ["#TRANS", "3010", ["1", "100", "6", "P 1"], "-5.00", "", 'Säg "hej"']
    assert tokenize("#TRANS 1 {} 2") == ["#TRANS", "1", [], "2"]
    assert tokenize("#TRANS 1 { } 2") == ["#TRANS", "1", [], "2"]


@pytest.mark.parametrize("line", ['#FNAMN "open', "#TRANS 1 {1 2", "#TRANS 1 } 2", "{{"])
def test_tokenize_rejects(line):
    with pytest.raises(ValueError):
        tokenize(line)


# --- fixtures ---------------------------------------------------------------------


def test_basic_cp437_summary():
    assert detect_encoding(FIX / "basic_cp437.se") == "cp437"
    assert both(FIX / "basic_cp437.se") == BASIC


def test_basic_crlf_and_bytes_and_file_object():
    assert both(FIX / "basic_crlf_cp437.se") == BASIC
    data = (FIX / "basic_cp437.se").read_bytes()
    assert summarize(data) == BASIC
    assert summarize(io.BytesIO(data)) == BASIC


def test_basic_other_dimension():
    result = both(FIX / "basic_cp437.se", dim="6")
    assert result["result_by_object"] == {
        "": {"2023-02": "410.75"},
        "P1": {"2023-01": "-1250.00"},
    }
    assert result["budget_by_object"] == {"": {"2023-01": "-599.50", "2023-02": "200.00"}}


def test_utf8_file_labelled_pc8_and_july_june_year():
    path = FIX / "utf8_labelled_pc8_july_june.se"
    assert detect_encoding(path) == "utf-8"
    assert both(path) == {
        "company": "Kommunalförbundet Höglandet",
        "fiscal_year": {"start": "2023-07-01", "end": "2024-06-30"},
        "vouchers": 2,
        "transactions": 5,
        # by voucher month: the first row's transdat is in January, its voucher in December
        "result_by_object": {
            "200": {"2023-12": "500.00", "2024-01": "250.00"},
            "300": {"2024-01": "-50.00"},
        },
        "budget_by_object": {},
        "warnings": [],
    }


def test_utf8_bom_is_skipped():
    data = b"\xef\xbb\xbf" + (FIX / "basic_cp437.se").read_bytes().decode("cp437").encode()
    assert both(data) == BASIC


def test_streaming_reader_records():
    reader = SieReader(FIX / "basic_cp437.se")
    recs = list(reader)
    vouchers = [r for r in recs if isinstance(r, Voucher)]
    balances = [r for r in recs if isinstance(r, Balance)]
    assert [v.label for v in vouchers] == ["A 1", "A 2", "B 1"]
    a1, a2, _ = vouchers
    assert a1.date == date(2023, 1, 15) and a1.reg_date == date(2023, 1, 16)
    assert a1.text == 'Faktura "nr 1"'
    assert a1.transactions[0].objects == (("1", "100"), ("6", "P1"))
    assert a1.transactions[0].amount == Decimal("-1250.00")
    assert a1.transactions[0].text == "Försäljning"
    assert [t.kind for t in a2.transactions] == ["TRANS", "RTRANS", "TRANS"]
    assert [t.account for t in a2.removed] == ["6110"]
    assert a2.transactions[1].line_no == 37
    assert [b.kind for b in balances] == ["IB", "UB", "RES", "PSALDO"] + ["PBUDGET"] * 5
    info = reader.info
    assert info.company == "Åsa Öberg & Ärlig AB"
    assert info.program == ('Testprogram "Special"', "1.0")
    assert info.format == "PC8" and info.sie_type == "4" and info.flag == "0"
    assert info.orgnr == "556677-8899" and info.kptyp == "EUBAS97"
    assert info.fiscal_years[-1] == (date(2022, 1, 1), date(2022, 12, 31))
    assert info.accounts["1930"] == "Företagskonto"
    assert info.account_types == {"1930": "T"}
    assert info.dimensions == {"1": ("Kostnadsställe", None), "21": ("Underavdelning", "1")}
    assert info.objects[("1", "Å1")] == "Åtvidaberg"
    assert len(list(iter_vouchers(FIX / "basic_cp437.se"))) == 3


def test_unbalanced_voucher_names_line():
    for fn in (summarize, summarize_slow):
        with pytest.raises(SieError) as err:
            fn(FIX / "unbalanced.se")
        assert str(err.value) == "line 11: voucher A 17 does not balance: sum is 10.00"
        assert err.value.line_no == 11
        assert err.value.content == '#VER A 17 20230302 "Fel"'


def test_truncated_file_with_unclosed_brace():
    with pytest.raises(SieError) as err:
        summarize(FIX / "truncated.se")
    assert err.value.line_no == 11
    assert "voucher A 2 is not closed" in str(err.value)
    assert "ends at line 14" in str(err.value)


HEAD = '#FLAGGA 0\n#FNAMN "X"\n#RAR 0 20230101 20231231\n'


@pytest.mark.parametrize(
    ("body", "line_no", "fragment"),
    [
        ("#VER A 1 20230101\n{\n#TRANS 4010 {} 1,00\n#TRANS 1930 {} -1.00\n}\n", 6, "amount"),
        ("#VER A 1 20231301\n{\n}\n", 4, "invalid voucher date '20231301'"),
        ("#VER A 1 20230101\n{\n#TRANS 4010 {} 1 2023011\n}\n", 6, "transaction date"),
        ("#TRANS 4010 {} 1.00\n", 4, "outside a #VER block"),
        ("#VER A 1 20230101\n#TRANS 4010 {} 1.00\n", 5, "expected '{'"),
        ("}\n", 4, "without an open #VER"),
        ('#VER A 1 20230101\n{\n#TRANS 4010 {1 "1} 1.00\n}\n', 6, "not closed"),
        ("#VER A 1 20230101\n{\n#TRANS {} 1.00\n}\n", 6, "account number"),
        ("#RAR 0 20231231 20230101\n", 4, "ends before it starts"),
        ("#PBUDGET 0 202313 4010 {} 1.00\n", 4, "invalid period"),
        ("garbage line\n", 4, "must start with a #label"),
    ],
)
def test_broken_files_are_refused_with_line_numbers(body, line_no, fragment):
    data = (HEAD + body).encode("cp437")
    for fn in (summarize, summarize_slow):
        with pytest.raises(SieError) as err:
            fn(data)
        assert err.value.line_no == line_no, str(err.value)
        assert fragment in str(err.value)


def test_rtrans_without_identical_trans_twin_counts_both():
    body = (
        "#VER A 1 20230105\n{\n#RTRANS 4010 {} 5.00\n#TRANS 4010 {} 7.00\n"
        "#TRANS 1930 {} -12.00\n}\n"
    )
    r = both((HEAD + body).encode())
    assert r["transactions"] == 3
    assert r["result_by_object"] == {"": {"2023-01": "12.00"}}


def test_rtrans_twin_with_other_spacing_is_skipped():
    body = (
        '#VER A 1 20230105\n{\n#RTRANS 4010 {1 "7"} 5.00\n#TRANS  4010  {1 7}  "5.00"\n'
        "#TRANS 1930 {} -5.00\n}\n"
    )
    r = both((HEAD + body).encode())
    assert r["transactions"] == 2
    assert r["result_by_object"] == {"7": {"2023-01": "5.00"}}


def test_no_rar_and_no_fnamn():
    data = b"#FLAGGA 0\n#VER A 1 20230105\n{\n#TRANS 3010 {} -5\n#TRANS 1930 {} 5\n}\n"
    r = both(data)
    assert r["company"] == "" and r["fiscal_year"] == {"start": None, "end": None}
    assert r["result_by_object"] == {"": {"2023-01": "-5.00"}}


def test_empty_voucher_and_odd_shapes():
    body = (
        '#VER "" "" 20230105 "Tom"\n{\n}\n'
        '#VER "A B" 1 20230210 Ensamt 20230211 "sign x"\n{\n'
        "#TRANS 4010 {1 100} 5.00 20230210 Ord 2.5 sign\n"
        '#TRANS 4010 {1 "100"} "5.00" "" "" "" ""\n'
        "#TRANS 4010 2.00\n"  # object list omitted: tolerated
        "#TRANS 1930 {} -12.00\n}\n"
    )
    r = both((HEAD + body).encode())
    assert r["vouchers"] == 2 and r["transactions"] == 4
    assert r["result_by_object"] == {"": {"2023-02": "2.00"}, "100": {"2023-02": "10.00"}}


# --- CLI --------------------------------------------------------------------------


def test_cli_json_and_table():
    out = io.StringIO()
    assert handle_summary(str(FIX / "basic_cp437.se"), "1", True, out) == 0
    assert json.loads(out.getvalue()) == BASIC
    out = io.StringIO()
    assert handle_summary(str(FIX / "basic_cp437.se"), "1", False, out) == 0
    assert "Åsa Öberg & Ärlig AB" in out.getvalue() and "Å1" in out.getvalue()


def test_cli_errors_without_traceback(tmp_path):
    out, err = io.StringIO(), io.StringIO()
    assert handle_summary(str(tmp_path / "missing.se"), "1", True, out, err) == 1
    assert "no such file" in err.getvalue() and out.getvalue() == ""
    err = io.StringIO()
    assert handle_summary(str(FIX / "unbalanced.se"), "1", True, out, err) == 2
    assert "line 11: voucher A 17 does not balance" in err.getvalue()
    assert "Traceback" not in err.getvalue()


def test_cli_arguments():
    import argparse

    p = argparse.ArgumentParser()
    add_arguments(p)
    ns = p.parse_args(["f.se", "--dim", "6", "--json"])
    assert (ns.file, ns.dim, ns.as_json) == ("f.se", "6", True)
    assert p.parse_args(["f.se"]).dim == "1"


# --- generated files --------------------------------------------------------------


def test_generator_is_deterministic(tmp_path):
    a, b = tmp_path / "a.se", tmp_path / "b.se"
    generate_sie(a, transactions=500, seed=3)
    generate_sie(b, transactions=500, seed=3)
    assert a.read_bytes() == b.read_bytes()
    text = a.read_bytes().decode("cp437")
    assert "Äldreomsorg" in text and "#RTRANS" in text and "#BTRANS" in text


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    transactions=st.integers(min_value=0, max_value=1500),
    seed=st.integers(min_value=0, max_value=2**32),
    start_month=st.sampled_from([1, 5, 7, 9]),
    encoding=st.sampled_from(["cp437", "utf-8"]),
    crlf=st.booleans(),
    objects=st.integers(min_value=1, max_value=30),
)
def test_generated_files_round_trip(
    tmp_path, transactions, seed, start_month, encoding, crlf, objects
):
    path = tmp_path / "gen.se"
    totals = generate_sie(
        path,
        transactions=transactions,
        seed=seed,
        fiscal_start_month=start_month,
        encoding=encoding,
        crlf=crlf,
        objects=objects,
        rtrans_share=0.1,
        btrans_share=0.1,
    )
    expected = totals.expected_summary()
    assert summarize(path) == expected
    assert summarize_slow(path) == expected
    assert expected["transactions"] == transactions
    # the sum over all objects and months equals the generator's total
    got = sum(parse_ore(v) for ms in expected["result_by_object"].values() for v in ms.values())
    assert got == sum(v for ms in totals.result_by_object.values() for v in ms.values())
