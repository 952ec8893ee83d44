"""The summary's fast path agrees with the full reader on shapes it takes directly since issue 9
(quoted #VER serie/vernr) and on odd row shapes (no transdat, double spaces, one decimal)."""

from tillit.economy.sie.summary import _VER_RE, summarize, summarize_slow

HEAD = b'#FLAGGA 0\n#SIETYP 4\n#FNAMN "Test"\n#RAR 0 20230101 20231231\n#DIM 1 "Ansvar"\n'


def _both(body: bytes):
    data = HEAD + body
    return summarize(data), summarize_slow(data)


def test_quoted_serie_and_number_match_the_ver_pattern():
    assert _VER_RE.match(b'#VER "A" "12" 20230105 "Hyra" 20230106')
    assert _VER_RE.match(b'#VER "A\\"B" 12 20230105')
    assert not _VER_RE.match(b'#VER "A 12 20230105')


def test_fast_and_full_reader_agree_on_common_shapes():
    body = (
        b'#VER "A" "1" 20230105 "Hyra" 20230106\n{\n'
        b'\t#TRANS 5010 {1 "100"} 1250.50 20230105 "Hyra"\n'
        b'\t#TRANS 5010 {1 "100"} 10.00\n'
        b'\t#TRANS 5010 {1 "100"}  5.00 20230105 "Hyra"\n'
        b'\t#TRANS 1930 {} -1265.50 20230105 "Hyra"\n}\n'
        b'#VER A 2 20230210 "Lon"\n{\n'
        b'\t#TRANS 5010 {1 "100"} 7.5 20230210 "Lon"\n'
        b'\t#TRANS 1930 {} -7.50 20230210 "Lon"\n}\n'
    )
    fast, slow = _both(body)
    assert fast == slow
    assert fast["result_by_object"] == {"100": {"2023-01": "1265.50", "2023-02": "7.50"}}
    assert fast["vouchers"] == 2 and fast["transactions"] == 6
