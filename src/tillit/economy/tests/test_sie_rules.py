"""SIE 4 reading rules of issue 19: #RTRANS counted once (real exports), leniency with warnings,
#KSUMMA, the fiscal year, bounded amounts, and bounded, escaped error messages.

Pure pytest, no database. Real exports are in fixtures/ (see fixtures/README.md).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tillit.economy.sie.cli import handle_summary
from tillit.economy.sie.parser import SieError, parse_ore
from tillit.economy.sie.summary import aggregate, summarize, summarize_slow

FIX = Path(__file__).parent / "fixtures"
FORTNOX = FIX / "real_fortnox_rtrans_excerpt.se"
ES_KASSA = FIX / "real_es_kassasystem_no_rar.se"


def both(source, **kw):
    fast = summarize(source, **kw)
    assert fast == summarize_slow(source, **kw)
    return fast


# --- 1. #RTRANS and its #TRANS copy count once; #BTRANS never -------------------------


def test_real_fortnox_export_counts_an_added_row_once():
    # Fortnox writes the #TRANS copy of an #RTRANS without the signature field, so the two lines
    # are not token for token identical; the copy must still be skipped (SIE 4B, #RTRANS item 6).
    r = both(FORTNOX)
    assert r["company"] == "Saknas verifikat"
    assert r["fiscal_year"] == {"start": "2020-01-01", "end": "2020-12-31"}
    assert r["vouchers"] == 4
    # A 581: two #BTRANS only (0); A 582: 10 rows; A 591: 8 + 2 #RTRANS; A 592: 6 + 4 #RTRANS
    assert r["transactions"] == 30
    assert r["result_by_object"] == {"": {"2020-09": "4364.00", "2020-11": "-17579.00"}}
    assert r["warnings"] == []
    agg = aggregate(FORTNOX)
    assert agg["detail"][("2020-11", "", "", "3")] == -1759800
    assert agg["detail"][("2020-11", "", "", "8")] == 1900


def test_real_kassasystem_export_without_fiscal_year():
    r = both(ES_KASSA)
    text = ES_KASSA.read_bytes().decode("cp437")
    assert r["company"] == "Övningskund AB"
    assert r["fiscal_year"] == {"start": None, "end": None}
    rows = [ln.split() for ln in text.splitlines() if ln.strip().startswith("#TRANS")]
    expected = sum(parse_ore(f[3]) for f in rows if "3000" <= f[1][:4] <= "8999")
    assert (r["vouchers"], r["transactions"]) == (10, len(rows))
    assert r["result_by_object"] == {"": {"2021-05": f"{expected / 100:.2f}"}}


HEAD = '#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#FNAMN "X"\n#RAR 0 20230101 20231231\n'


def sie(body: str, head: str = HEAD) -> bytes:
    return (head + body).encode("cp437")


@pytest.mark.parametrize(
    ("rtrans", "copy", "counted"),
    [
        ('#RTRANS 4010 {1 "7"} 5 20230105 "t" 1 "Sign"', '#TRANS 4010 {1 7} 5.00 "" ""', 2),
        ("#RTRANS 4010 {01 7} 5.0", "#TRANS 4010 {1 7} 5.00 20230105", 2),
        ("#RTRANS 4010 {} 5.00", "#TRANS 4010 5.00", 2),  # omitted list == {}
        ("#RTRANS 4010 {1 7} 5.00", "#TRANS 4010 {1 8} 5.00", 3),  # other object: a row
        ("#RTRANS 4010 {} 5.00", "#TRANS 4011 {} 5.00", 3),  # other account: a row
    ],
)
def test_trans_copy_is_the_row_with_the_same_account_objects_and_amount(rtrans, copy, counted):
    total = "-5.00" if counted == 2 else "-10.00"  # a copy is skipped, another row counts
    body = f"#VER A 1 20230105\n{{\n{rtrans}\n{copy}\n#TRANS 1930 {{}} {total}\n}}\n"
    r = both(sie(body))
    assert r["transactions"] == counted


def test_btrans_never_counts():
    body = "#VER A 1 20230105\n{\n#BTRANS 4010 {} 9.00\n#BTRANS 1930 {} -9.00\n}\n"
    r = both(sie(body))
    assert (r["vouchers"], r["transactions"], r["result_by_object"]) == (1, 0, {})


def test_a_copy_that_does_not_parse_is_an_error():
    body = "#VER A 1 20230105\n{\n#RTRANS 4010 {} 5.00\n#TRANS 4010 {} 5.00 2023\n}\n"
    with pytest.raises(SieError) as err:
        summarize(sie(body))
    assert err.value.line_no == 9 and "transaction date" in err.value.message


# --- 2. liberal in what is accepted: warnings, not refusals ---------------------------


LENIENT = (
    "#FLAGGA 0\n"  # 1
    "#SIETYP 4\n"  # 2
    "#ORGNR\n"  # 3: empty
    '#FNAMN "Kommunen"\n'  # 4
    "#RAR 0\n"  # 5: a 4I file without dates
    "#RAR -1 2022\n"  # 6: a broken earlier year
    '#KONTO DIFF "Differens"\n'  # 7
    "#KTYP DIFF T\n"  # 8
    '#DIM\n#OBJEKT 1 "100"\n'  # 9, 10
    "#IB 0 DIFF 5.00\n#RES 0 3010 5,00\n"  # 11, 12: balances the import does not use
    "#VER A 1 20230105\n{\n"  # 13, 14
    "#TRANS 4010 {1 100} 5.00\n"  # 15
    "#TRANS DIFF {} 0.01\n"  # 16: a rounding difference on a non-numeric account
    "#TRANS 1930 {} -5.01\n}\n"  # 17, 18
)


def test_metadata_problems_are_warnings_with_line_numbers():
    r = both(LENIENT.encode("cp437"))
    assert r["fiscal_year"] == {"start": None, "end": None}
    assert r["transactions"] == 3
    assert r["result_by_object"] == {"100": {"2023-01": "5.00"}}
    lines = [w["line"] for w in r["warnings"]]
    assert lines == [3, 5, 6, 7, 8, 9, 11, 12, 16]
    assert all(isinstance(w["message"], str) and w["message"] for w in r["warnings"])
    assert "#ORGNR" in r["warnings"][0]["message"]
    assert "'DIFF'" in r["warnings"][-1]["message"]
    json.dumps(r)  # the contract stays JSON


def test_clean_file_has_no_warnings():
    assert both(FIX / "basic_cp437.se")["warnings"] == []


@pytest.mark.parametrize(
    ("body", "line_no", "fragment"),
    [
        # data the import needs must be right
        ("#RAR 0 20231301 20231231\n", 1, "fiscal year start"),
        ("#RAR 0 20231231 20230101\n", 1, "ends before it starts"),
        ("#PBUDGET 0 202301 4010 {} 1,00\n", 1, "invalid amount"),
        ("#PBUDGET 0 202313 4010 {} 1.00\n", 1, "invalid period"),
        ("#VER A 1 20231301\n{\n}\n", 1, "voucher date"),
        ("#VER A 1 20230101\n{\n#TRANS 4010 {} 1.0.0\n}\n", 3, "invalid amount"),
    ],
)
def test_data_the_import_needs_is_still_refused(body, line_no, fragment):
    for fn in (summarize, summarize_slow):
        with pytest.raises(SieError) as err:
            fn(body.encode())
        assert err.value.line_no == line_no and fragment in err.value.message


def test_budget_on_a_non_numeric_account_is_a_warning():
    r = both(sie("#PBUDGET 0 202301 DIFF {} 1.00\n#PBUDGET 0 202301 4010 {} 2.00\n"))
    assert r["budget_by_object"] == {"": {"2023-01": "2.00"}}
    assert [w["line"] for w in r["warnings"]] == [6]


def test_warnings_are_bounded():
    body = "".join(f'#KONTO X{i} "x"\n' for i in range(500))
    r = both(sie(body))
    assert len(r["warnings"]) == 101
    assert r["warnings"][-1]["line"] is None and "400" in r["warnings"][-1]["message"]


# --- 3. #KSUMMA, the fiscal year, bounded amounts -------------------------------------


def spec_crc(data: bytes) -> int:
    """The CRC routine of SIE 4B chapter 10, transcribed (independent of zlib)."""
    table = []
    for i in range(256):
        crc = i
        for _ in range(8):
            crc = (crc >> 1) ^ 0xEDB88320 if crc & 1 else crc >> 1
        table.append(crc)
    crc = 0xFFFFFFFF
    for byte in data:
        crc = ((crc >> 8) & 0x00FFFFFF) ^ table[(crc ^ byte) & 0xFF]
    return crc ^ 0xFFFFFFFF


KS_LINES = [
    "#FLAGGA 0",
    "#KSUMMA",
    '#FNAMN "Åsa \\"Kassa\\" AB"',
    "#RAR 0 20230101 20231231",
    '#VER A 1 20230105 "Hyra jan"',
    "{",
    '\t#TRANS 4010 {1 "100"} 5.00',
    "\t#TRANS 1930 {} -5.00",
    "}",
]
# What chapter 10.14 sums: labels and field contents, no blanks between fields, no enclosing
# quotes or braces, an escaped quote as the quote alone, the cp437 value of each character.
KS_SUMMED = (
    b'#FNAMN\x8fsa "Kassa" AB'
    b"#RAR02023010120231231"
    b"#VERA120230105Hyra jan"
    b"#TRANS401011005.00"
    b"#TRANS1930-5.00"
)


def ksumma_file(value: int | str, *, encoding="cp437", lines=KS_LINES) -> bytes:
    return ("\r\n".join([*lines, f"#KSUMMA {value}", ""])).encode(encoding)


def test_ksumma_verified_as_the_standard_describes():
    good = spec_crc(KS_SUMMED)
    r = both(ksumma_file(good))
    assert r["result_by_object"] == {"100": {"2023-01": "5.00"}} and r["warnings"] == []
    both(ksumma_file(good, encoding="utf-8"))  # summed on the characters' cp437 values


def test_ksumma_mismatch_is_refused_on_its_line():
    good = spec_crc(KS_SUMMED)
    tampered = [ln.replace("5.00", "6.00") for ln in KS_LINES]
    for data in (ksumma_file(good + 1), ksumma_file(good, lines=tampered)):
        for fn in (summarize, summarize_slow, aggregate):
            with pytest.raises(SieError) as err:
                fn(data)
            assert err.value.line_no == 10 and "checksum" in err.value.message


def test_ksumma_opened_but_never_closed_is_refused():
    data = ("\n".join(KS_LINES) + "\n").encode("cp437")
    with pytest.raises(SieError) as err:
        summarize(data)
    assert err.value.line_no == 2 and "#KSUMMA" in err.value.message


def test_vouchers_outside_the_fiscal_year_are_warnings_with_their_line():
    body = (
        "#VER A 1 20230105\n{\n#TRANS 4010 {} 5.00\n#TRANS 1930 {} -5.00\n}\n"
        "#VER A 2 99991231\n{\n#TRANS 4010 {} 7.00\n#TRANS 1930 {} -7.00\n}\n"
        "#VER A 3 20221231\n{\n}\n"
        "#PBUDGET 0 202401 4010 {} 1.00\n"
    )
    r = both(sie(body))
    assert [w["line"] for w in r["warnings"]] == [11, 16, 19]
    assert "9999-12-31" in r["warnings"][0]["message"]
    # the summary describes the file; the import stores the fiscal year's months only
    assert r["result_by_object"] == {"": {"2023-01": "5.00", "9999-12": "7.00"}}


@pytest.mark.parametrize("amount", ["1" * 26, "-123456789012345.00", "100000000000000"])
def test_amounts_are_bounded(amount):
    body = f"#VER A 1 20230105\n{{\n#TRANS 4010 {{}} {amount}\n#TRANS 1930 {{}} -{amount}\n}}\n"
    for fn in (summarize, summarize_slow):
        with pytest.raises(SieError) as err:
            fn(sie(body))
        assert err.value.line_no == 8 and "too large" in err.value.message
    assert len(str(err.value)) < 200


def test_largest_amount_is_accepted():
    body = (
        "#VER A 1 20230105\n{\n#TRANS 4010 {} 99999999999999.99\n"
        "#TRANS 1930 {} -99999999999999.99\n}\n"
    )
    assert both(sie(body))["result_by_object"] == {"": {"2023-01": "99999999999999.99"}}


# --- 4. error messages are bounded and escaped ----------------------------------------


def test_a_huge_bad_line_is_cut_and_escaped_in_errors(tmp_path):
    bad = "\x1b]0;pwned\x07\x1b[2J" + "9" * 2_000_000
    data = sie(f"#VER A 1 20230105\n{{\n#TRANS 4010 {{}} {bad}\n}}\n")
    with pytest.raises(SieError) as err:
        summarize(data)
    text = str(err.value) + (err.value.content or "")
    assert len(text) < 1000 and "\x1b" not in text and "\x07" not in text
    assert "\\x1b" in err.value.content
    out, errs = io.StringIO(), io.StringIO()
    path = tmp_path / "huge_line.se"
    path.write_bytes(data)
    assert handle_summary(str(path), "1", True, out, errs) == 2
    assert len(errs.getvalue()) < 2000 and "\x1b" not in errs.getvalue()
