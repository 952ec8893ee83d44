"""``tillit sie summary``: a controller's check of a SIE 4 file before import.

The result is a stable JSON contract::

    {"company": "<#FNAMN>",
     "fiscal_year": {"start": "YYYY-MM-DD", "end": "YYYY-MM-DD"},
     "vouchers": <int>, "transactions": <int>,
     "result_by_object": {"<object id>": {"YYYY-MM": "<sum>"}},
     "budget_by_object": {"<object id>": {"YYYY-MM": "<sum>"}},
     "warnings": [{"line": <int or null>, "message": "<text>"}]}

Definitions:

* ``company`` is the ``#FNAMN`` text ("" when the file has none).
* ``fiscal_year`` is ``#RAR 0``; both values are ``null`` when the file has no ``#RAR 0``.
* ``vouchers`` counts ``#VER`` records; ``transactions`` counts the rows that count:
  every ``#TRANS`` and ``#RTRANS``, except the ``#TRANS`` copy that directly follows an
  ``#RTRANS`` with the same account, objects and amount; ``#BTRANS`` rows are not counted.
* ``result_by_object`` sums the counted rows on income-statement accounts 3000-8999
  (see :func:`~tillit.economy.sie.parser.is_result_account`) by the object of dimension
  ``dim`` (default "1", kostnadsställe/ansvar) and by the month of the voucher date
  (``#VER`` verdatum, not the row's transdat).
* ``budget_by_object`` sums ``#PBUDGET`` rows of year 0 on accounts 3000-8999, by the
  object of dimension ``dim`` and by their period (YYYYMM -> "YYYY-MM").
* Rows without an object in dimension ``dim`` (an empty list ``{}`` or objects of other
  dimensions only) are summed under the key ``""``. Note that SIE type 3 style exports
  also write an account-level ``#PBUDGET`` row with ``{}`` next to the per-object rows;
  such account totals therefore appear under ``""``.
* Sums are exact (integer öre internally) and written as strings with exactly two
  decimals, e.g. ``"-1250.00"``. Keys are sorted; an object/month whose rows sum to zero
  is still listed as ``"0.00"``. The sums describe the whole file, also vouchers dated
  outside the fiscal year (those are warnings; the import stores the fiscal year only).
* ``warnings`` lists, in file order and with their line, what was accepted with a remark
  (see :mod:`~tillit.economy.sie.parser`): unreadable records the import does not need,
  accounts that are not numbers, vouchers and ``#PBUDGET`` periods outside the fiscal year.
  At most 100 are listed; a last entry with ``"line": null`` counts the rest.

Speed: :func:`summarize` runs an optimistic fast path over raw bytes (``bytes.split``,
caches for repeated account/object heads and dates, integer öre). Anything unusual, from
an odd quoting style to a broken file, makes it hand over to the full streaming reader
(:class:`~tillit.economy.sie.parser.SieReader`), which gives the exact answer or raises
:class:`~tillit.economy.sie.parser.SieError` with the line number. Both paths share the
record handlers and are tested to agree. The fast paths also hand over a file with a
``#KSUMMA`` (the full reader verifies it), vouchers outside the fiscal year and, in the
pure-Python path, anything that is a warning (it does not count lines).
"""

from __future__ import annotations

import os
import re
from collections import defaultdict

from .parser import (
    _WS,
    CHUNK_SIZE,
    MAX_ORE,
    UTF8_BOM,
    Balance,
    EncodingSniffer,
    SieInfo,
    SieLimitError,
    SieReader,
    Voucher,
    Warnings,
    _norm_dim,
    _open_source,
    budget_warning,
    format_ore,
    is_result_account,
    iter_chunks,
    parse_date,
    parse_ore,
    parse_row,
    row_key,
    tokenize,
    ymd,
)

try:
    from . import _fastscan
except ImportError:  # no compiler where it was installed: the pure-Python fast path runs
    _fastscan = None

__all__ = ["SCANNER", "aggregate", "summarize", "summarize_slow"]

# Which fast path runs: "c" (the _fastscan extension) or "python" (_fast_loop).
# TILLIT_SIE_SCANNER=python forces the pure-Python path.
SCANNER = (
    "c" if _fastscan is not None and os.environ.get("TILLIT_SIE_SCANNER") != "python" else "python"
)

_CACHE_LIMIT = 200_000
_BS = "\x00balance-sheet"  # key for rows on balance-sheet accounts, dropped at the end
_ROW_TAGS = ("#TRANS", "#RTRANS", "#BTRANS", "#VER")
_QUOTED = rb'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
_BARE = rb'[^ \t\n\r\f\v"{}][^ \t\n\r\f\v{}]*'
# #VER serie vernr verdatum [vertext [regdatum [sign]]] in its common shapes (serie and
# vernr bare or quoted, e.g. ``#VER "A" "1" 20230102``); group 1 is verdatum, group 2
# regdatum. Other shapes go to the tokenizer.
_VER_RE = re.compile(
    rb"[ \t]*#VER[ \t]+(?:[^ \t\n\r\f\v\"{}]+|" + _QUOTED + rb")"
    rb"[ \t]+(?:[^ \t\n\r\f\v\"{}]+|" + _QUOTED + rb")"
    rb"[ \t]+([0-9]{8})"
    rb"(?:[ \t]+(?:" + _QUOTED + rb"|" + _BARE + rb")"
    rb"(?:[ \t]+([0-9]{8}|\"\")"
    rb"(?:[ \t]+(?:" + _QUOTED + rb"|" + _BARE + rb"))?)?)?[ \t]*\Z"
)


class _Bail(Exception):
    """The fast path met something it leaves to the full reader."""


def summarize(source, *, dim: str = "1") -> dict:
    """Summarize a SIE 4 file (path, bytes or binary file object); see the module doc.

    Raises :class:`SieError` for a broken file and ``OSError`` for an unreadable path.
    """
    dim = _norm_dim(str(dim).strip())
    if not dim:
        raise ValueError("dim must name a dimension, e.g. '1'")
    start = None
    if hasattr(source, "read") and not isinstance(source, bytes | bytearray | memoryview):
        if source.seekable():
            start = source.tell()
        else:
            source = source.read()
    try:
        return _summarize_fast(source, dim)
    except _Bail:
        if start is not None:
            source.seek(start)
        return summarize_slow(source, dim=dim)


def summarize_slow(
    source, *, dim: str = "1", detail_dim: str | None = None, max_rows: int | None = None
) -> dict:
    """The same summary computed with the full streaming reader (reference path).

    With ``detail_dim`` (see :func:`aggregate`) the result also holds ``"detail"`` and
    ``"objects"``, and ``max_rows`` limits them (see :func:`aggregate`).
    """
    dim = _norm_dim(str(dim).strip())
    reader = SieReader(source)
    results: dict[str, dict[str, int]] = {}
    budget: dict[str, dict[str, int]] = {}
    detail: dict[tuple[str, str, str, str], int] = {}
    vouchers = transactions = 0
    for rec in reader:
        if isinstance(rec, Voucher):
            vouchers += 1
            transactions += len(rec.transactions)
            month = f"{rec.date.year:04d}-{rec.date.month:02d}"
            for t in rec.transactions:
                if is_result_account(t.account):
                    obj = t.object_for(dim) or ""
                    months = results.setdefault(obj, {})
                    months[month] = months.get(month, 0) + t.amount_ore
                    if detail_dim is not None:
                        key = (month, obj, t.object_for(detail_dim) or "", t.account[0])
                        if key not in detail and max_rows and len(detail) >= max_rows:
                            raise _limit(max_rows)
                        detail[key] = detail.get(key, 0) + t.amount_ore
        elif isinstance(rec, Balance) and _counts_as_budget(rec):
            months = budget.setdefault(rec.object_for(dim) or "", {})
            months[rec.period] = months.get(rec.period, 0) + rec.amount_ore
            if max_rows and detail_dim is not None and _rows(budget) > max_rows:
                raise _limit(max_rows)
    out = _result(
        reader.info, reader.info.company, vouchers, transactions, results, budget, reader.warnings
    )
    if detail_dim is not None:
        out["detail"] = detail
        out["budget_ore"] = budget
        out["objects"] = dict(reader.info.objects)
    return out


def aggregate(
    source, *, dim: str = "1", detail_dim: str = "6", progress=None, max_rows: int | None = None
) -> dict:
    """The summary plus the sums an import stores, in one streaming pass.

    Returns the :func:`summarize` dict with three more keys:

    * ``"detail"``: ``{(month "YYYY-MM", object of dim, object of detail_dim, account
      class "3".."8"): öre}`` for the counted rows on accounts 3000-8999;
    * ``"budget_ore"``: ``{object: {month: öre}}`` (the budget in integer öre);
    * ``"objects"``: ``{(dimension, object id): name}`` from ``#OBJEKT``.

    ``progress(bytes_read)`` is called after each chunk (about 1 MB). Memory stays bounded
    by the number of distinct keys, never by the number of vouchers; with ``max_rows`` more
    than that many ``detail`` keys (or budget object × month sums) raise
    :class:`~tillit.economy.sie.parser.SieLimitError` as soon as they are met.
    """
    dim = _norm_dim(str(dim).strip())
    detail_dim = _norm_dim(str(detail_dim).strip())
    start = None
    if hasattr(source, "read") and not isinstance(source, bytes | bytearray | memoryview):
        if source.seekable():
            start = source.tell()
        else:
            source = source.read()
    try:
        fobj, close = _open_source(source)
        try:
            return _loop(dim, detail_dim)(fobj, dim, detail_dim, progress, max_rows)
        except (ValueError, IndexError, KeyError, TypeError, AttributeError):
            raise _Bail from None
        finally:
            if close:
                fobj.close()
    except _Bail:
        if start is not None:
            source.seek(start)
        return summarize_slow(source, dim=dim, detail_dim=detail_dim, max_rows=max_rows)


def _limit(max_rows: int) -> SieLimitError:
    return SieLimitError(
        f"the file gives more than {max_rows} rows to store "
        "(month × object × project × account class)"
    )


def _rows(sums: dict) -> int:
    """The number of (object, month) sums of ``{object: {month: öre}}``."""
    return sum(len(months) for months in sums.values())


def _counts_as_budget(rec: Balance) -> bool:
    return rec.kind == "PBUDGET" and rec.year == 0 and is_result_account(rec.account)


def _result(
    info: SieInfo, company: str, vouchers, transactions, results, budget, warnings: Warnings
) -> dict:
    fy = info.fiscal_years.get(0)
    return {
        "company": company,
        "fiscal_year": {
            "start": fy[0].isoformat() if fy else None,
            "end": fy[1].isoformat() if fy else None,
        },
        "vouchers": vouchers,
        "transactions": transactions,
        "result_by_object": _format(results),
        "budget_by_object": _format(budget),
        "warnings": warnings.as_list(),
    }


def _record(info: SieInfo, rec: Balance | None, budget: dict, dim: str, warn=None) -> None:
    """A record outside the vouchers, in a fast loop: a ``#PBUDGET`` of year 0 on a result
    account is added to ``budget``. A period outside the fiscal year is a warning
    (``warn(message)``), or without ``warn`` a hand-over to the full reader, which words it."""
    if rec is None:
        return
    message = budget_warning(info, rec)
    if message:
        if warn is None:
            raise _Bail
        warn(message)
    if _counts_as_budget(rec):
        months = budget.setdefault(rec.object_for(dim) or "", {})
        months[rec.period] = months.get(rec.period, 0) + rec.amount_ore


def _outside_fiscal_year(info: SieInfo, first: str | None, last: str | None) -> bool:
    """True when the vouchers' dates (``YYYYMMDD``, the earliest and the latest) leave the
    fiscal year: the fast paths then hand over to the full reader, which warns per voucher."""
    fy = info.fiscal_years.get(0)
    if fy is None or first is None:
        return False
    return first < ymd(fy[0]) or last > ymd(fy[1])


def _format(sums: dict[str, dict[str, int]]) -> dict[str, dict[str, str]]:
    return {
        obj: {month: format_ore(ore) for month, ore in sorted(months.items())}
        for obj, months in sorted(sums.items())
    }


# ---------------------------------------------------------------------------
# The fast path. It works on raw bytes; strings it keeps (object ids, company name) are
# decoded as latin-1 (a lossless byte->char mapping) and re-decoded with the detected
# encoding at the end, once it is known.


def _latin1_tokens(line: bytes) -> list:
    return tokenize(line.decode("latin-1").strip(_WS))


def _summarize_fast(source, dim: str) -> dict:
    fobj, close = _open_source(source)
    try:
        return _loop(dim, None)(fobj, dim)
    except (ValueError, IndexError, KeyError, TypeError, AttributeError):
        raise _Bail from None
    finally:
        if close:
            fobj.close()


def _fast_loop(  # noqa: C901 - one hot loop on purpose
    fobj, dim: str, detail_dim: str | None = None, progress=None, max_rows=None
) -> dict:
    info = SieInfo()
    sniffer = EncodingSniffer()
    # A #TRANS line up to its first '}' (b'\t#TRANS 4010 {1 "100"') -> object id of the
    # dimension (latin-1 text, "" for none), or False for a balance-sheet account.
    heads: dict[bytes, object] = {}
    rheads: dict[bytes, object] = {}  # the same for #RTRANS and #BTRANS lines
    # Validated "transdat transtext kvantitet sign" remainders of rows. They repeat a
    # lot (a voucher's rows usually share date and text), so one set lookup replaces
    # a tokenizer run for most rows.
    rests: set[bytes] = set()
    vdates: dict[bytes, str] = {}  # verdatum token -> "YYYY-MM"
    regdates: set[bytes] = {b'""'}  # validated regdatum tokens
    by_month: dict[str, dict[str, int]] = {}  # "YYYY-MM" -> {object id: öre}
    budget: dict[str, dict[str, int]] = {}
    vouchers = transactions = 0
    # 0 outside a voucher, 1 after #VER, 2 inside its { } block, 3 inside the block
    # right after an #RTRANS (whose #TRANS twin may follow)
    state = 0
    bal = 0
    mdict: defaultdict[str, int] = defaultdict(int)
    pending = b""  # stripped fields of the last #RTRANS line
    first = last = None  # the earliest and the latest verdatum (YYYYMMDD bytes)
    ver_match = _VER_RE.match
    hget = heads.get

    def slow_row(line: bytes):
        """Parse a row with the full tokenizer and cache its head when that is safe."""
        toks = _latin1_tokens(line)
        row = parse_row(toks)
        if not is_result_account(row.account):
            obj = _BS
        elif detail_dim is None:
            obj = row.object_for(dim) or ""
        else:
            # one string, not a tuple: str caches its hash, which keeps the hot loop fast
            obj = "\x1f".join(
                (row.object_for(dim) or "", row.object_for(detail_dim) or "", row.account[0])
            )
        if len(toks) >= 3 and isinstance(toks[2], list):
            b = line.find(b"}")
            try:
                same = b > 0 and tokenize(line[: b + 1].decode("latin-1")) == toks[:3]
            except ValueError:
                same = False
            if same:
                cache = heads if toks[0] == "#TRANS" else rheads
                if len(cache) > _CACHE_LIMIT:
                    cache.clear()
                cache[line[:b]] = obj
                tail = line[b + 1 :].split(None, 1)
                if len(tail) > 1 and len(rests) < _CACHE_LIMIT:
                    rests.add(tail[1])  # validated by parse_row above
        return obj, row.amount_ore

    def cached_row(line: bytes, b: int, obj):
        """A row whose head is cached: parse amount; check the rest unless known."""
        tail = line[b + 1 :].split(None, 1)
        a = tail[0]
        if len(tail) > 1 and tail[1] not in rests:
            return slow_row(line)
        v = int(a.replace(b".", b"", 1)) if a[-3:-2] == b"." else parse_ore(a.decode("latin-1"))
        if not -MAX_ORE < v < MAX_ORE:
            raise _Bail  # the full reader words the error
        return obj, v

    def ver_month(line: bytes) -> tuple[str, bytes]:
        toks = _latin1_tokens(line)
        if len(toks) < 4 or not isinstance(toks[3], str):
            raise _Bail
        d = parse_date(toks[3])
        if len(toks) > 5 and isinstance(toks[5], str) and toks[5]:
            parse_date(toks[5])  # regdatum must be a date too
            if len(regdates) < _CACHE_LIMIT and toks[5].isdigit():
                regdates.add(toks[5].encode("latin-1"))
        return f"{d.year:04d}-{d.month:02d}", ymd(d).encode()

    def over(limit: int) -> bool:
        """More rows than ``limit`` (sums of result rows, or budget sums)?"""
        rows = sum(len(d) - (_BS in d) for d in by_month.values())
        return rows > limit or _rows(budget) > limit

    def is_copy(line: bytes) -> bool:
        """A #TRANS after an #RTRANS: its copy when account, objects and amount agree."""
        return row_key(parse_row(_latin1_tokens(line))) == row_key(
            parse_row(_latin1_tokens(b"#RTRANS " + pending))
        )

    read = 0
    for chunk in iter_chunks(fobj, sniffer=sniffer):
        sniffer.feed(chunk)
        if progress is not None:
            read += len(chunk)
            progress(read)
        if max_rows and over(max_rows):
            raise _Bail  # the full reader raises the limit at the same row
        if b"\r" in chunk:
            chunk = chunk.replace(b"\r\n", b"\n")
        for line in chunk.split(b"\n"):
            head, _, tail = line.partition(b"}")
            obj = hget(head)
            if obj is not None and state == 2:
                # Hot path: a #TRANS row whose account and objects were seen before.
                tail = tail.split(None, 1)
                a = tail[0]
                if len(tail) > 1 and tail[1] not in rests:
                    obj, v = slow_row(line)  # validates transdat, text, quantity
                elif a[-3:-2] == b".":
                    v = int(a.replace(b".", b"", 1))
                else:
                    v = parse_ore(a.decode("latin-1"))
                if not -MAX_ORE < v < MAX_ORE:
                    raise _Bail  # the full reader words the error
                bal += v
                transactions += 1
                mdict[obj] += v
                continue
            if line == b"}":
                if bal or state < 2:
                    raise _Bail
                state = 0
                vouchers += 1
                continue
            if line == b"{":
                if state != 1:
                    raise _Bail
                state = 2
                continue
            m = ver_match(line)
            if m is not None:
                # #VER serie vernr verdatum [vertext [regdatum [sign]]], common shapes
                if state != 0:
                    raise _Bail
                month = vdates.get(m[1])
                if month is None or (m[2] is not None and m[2] not in regdates):
                    month = ver_month(line)[0]
                    vdates[m[1]] = month
                day = m[1]
                if first is None:
                    first = last = day
                elif day < first:
                    first = day
                elif day > last:
                    last = day
                mdict = by_month.get(month)
                if mdict is None:
                    mdict = by_month[month] = defaultdict(int)
                state = 1
                bal = 0
                continue
            parts = line.split(None, 1)
            if not parts:
                continue
            tag = parts[0]
            if tag == b"#TRANS":
                if state == 3:
                    state = 2
                    if line.split(None, 1)[1].rstrip() == pending or is_copy(line):
                        continue  # the #TRANS copy of an #RTRANS
                if state != 2:
                    raise _Bail
                obj, v = slow_row(line)
                bal += v
                transactions += 1
                mdict[obj] += v
                continue
            if state == 3:
                state = 2
            if tag == b"}":
                if state != 2 or bal or len(parts) > 1:
                    raise _Bail
                state = 0
                vouchers += 1
            elif tag == b"#VER":
                if state != 0:
                    raise _Bail
                month, day = ver_month(line)
                if first is None:
                    first = last = day
                elif day < first:
                    first = day
                elif day > last:
                    last = day
                mdict = by_month.get(month)
                if mdict is None:
                    mdict = by_month[month] = defaultdict(int)
                state = 1
                bal = 0
            elif tag == b"{":
                if state != 1 or len(parts) > 1:
                    raise _Bail
                state = 2
            elif tag == b"#RTRANS" or tag == b"#BTRANS":
                if state != 2:
                    raise _Bail
                b = line.find(b"}")
                obj = rheads.get(line[:b]) if b > 0 else None
                if obj is None:
                    obj, v = slow_row(line)
                else:
                    obj, v = cached_row(line, b, obj)
                if tag == b"#RTRANS":
                    bal += v
                    transactions += 1
                    mdict[obj] += v
                    pending = line.split(None, 1)[1].rstrip()
                    state = 3
            else:
                toks = _latin1_tokens(line)
                rtag = toks[0] if toks else None
                if not isinstance(rtag, str) or not rtag.startswith("#") or rtag in _ROW_TAGS:
                    raise _Bail
                if state == 1 or rtag == "#KSUMMA":
                    raise _Bail  # the full reader verifies a #KSUMMA
                if state == 2:
                    continue  # unknown record inside a voucher block: ignored
                # no line numbers here: a warning hands over to the full reader
                _record(info, info.apply(rtag, toks), budget, dim)
    if (
        state != 0
        or (max_rows and over(max_rows))
        or _outside_fiscal_year(info, first and first.decode(), last and last.decode())
    ):
        raise _Bail

    enc = sniffer.encoding

    def fix(text: str) -> str:
        return text.encode("latin-1").decode(enc) if not text.isascii() else text

    results: dict[str, dict[str, int]] = {}
    detail: dict[tuple[str, str, str, str], int] = {}
    for month, objs in by_month.items():
        objs.pop(_BS, None)
        for key, ore in objs.items():
            if detail_dim is None:
                results.setdefault(fix(key), {})[month] = ore
                continue
            raw_obj, raw_proj, cls = key.split("\x1f")
            obj = fix(raw_obj)
            months = results.setdefault(obj, {})
            months[month] = months.get(month, 0) + ore
            dkey = (month, obj, fix(raw_proj), cls)
            detail[dkey] = detail.get(dkey, 0) + ore
    return _finish(info, fix, vouchers, transactions, results, budget, detail, detail_dim)


def _loop(dim: str, detail_dim: str | None):
    """The fast loop to run: the C scanner when it is built and the dimensions are ASCII."""
    if (
        SCANNER == "c"
        and _fastscan is not None
        and dim.isascii()
        and (detail_dim is None or detail_dim.isascii())
    ):
        return _c_loop
    return _fast_loop


def _c_loop(fobj, dim: str, detail_dim: str | None = None, progress=None, max_rows=None) -> dict:
    """:func:`_fast_loop` with its voucher lines handled by the ``_fastscan`` extension.

    The scanner takes the vouchers (``#VER``, braces, rows, unknown records in a block)
    and sums them in C; it returns the other lines, handled here as in ``_fast_loop``,
    and raises ``_fastscan.Bail`` on anything unusual (then the full reader decides).
    It reads blocks into one reused buffer (a line cut at a block's end is completed by
    the scanner) and checks UTF-8 validity on the way; the encoding is then chosen by
    :class:`EncodingSniffer`'s rule. The scanner numbers the lines, so the records handled here
    give their warnings with the line, as the full reader does.
    """
    info = SieInfo()
    sniffer = EncodingSniffer()
    budget: dict[str, dict[str, int]] = {}
    warnings = Warnings()
    line_no = 0
    ascii_warnings = True  # a warning quoting non-ASCII bytes would need the final encoding

    def warn(message: str) -> None:
        nonlocal ascii_warnings
        ascii_warnings = ascii_warnings and line.isascii()
        warnings.add(line_no, message)

    scanner = _fastscan.Scanner(
        dim.encode("ascii"),
        None if detail_dim is None else detail_dim.encode("ascii"),
        max_rows or 0,
    )
    feed = scanner.feed
    readinto = getattr(fobj, "readinto", None)
    buf = bytearray(CHUNK_SIZE)
    view = memoryview(buf)
    read = 0
    first = True
    try:
        while True:
            if readinto is not None:
                n = readinto(buf) or 0
                data = view if n == CHUNK_SIZE else view[:n]
            else:
                data = fobj.read(CHUNK_SIZE)
                n = len(data)
            if not n:
                lines = scanner.flush()
            else:
                read += n
                if first and bytes(data[:3]) == UTF8_BOM:
                    data = data[3:]
                    sniffer.bom = True
                lines = feed(data)
                if progress is not None:
                    progress(read)
            first = False
            for line_no, line in lines:  # noqa: B007 - warn() reads both
                # a record outside the vouchers (#FNAMN, #RAR, #OBJEKT, #PBUDGET ...)
                toks = _latin1_tokens(line)
                rtag = toks[0] if toks else None
                if not isinstance(rtag, str) or not rtag.startswith("#") or rtag in _ROW_TAGS:
                    raise _Bail
                if rtag == "#KSUMMA":
                    raise _Bail  # the full reader verifies the checksum
                _record(info, info.apply(rtag, toks, warn), budget, dim, warn)
            if max_rows and _rows(budget) > max_rows:
                raise _limit(max_rows)
            if not n:
                break
        (vouchers, transactions, sums, sniffer.utf8_possible, sniffer.non_ascii, day0, day1) = (
            scanner.finish()
        )
    except _fastscan.Bail:
        raise _Bail from None
    except _fastscan.Limit:
        raise _limit(max_rows) from None
    dates = (f"{day0:08d}", f"{day1:08d}") if day0 else (None, None)
    if not ascii_warnings or _outside_fiscal_year(info, *dates):
        raise _Bail  # the full reader words these warnings

    enc = sniffer.encoding

    def fix(text: str) -> str:
        return text.encode("latin-1").decode(enc) if not text.isascii() else text

    names: dict[bytes, str] = {}

    def dec(raw: bytes) -> str:
        text = names.get(raw)
        if text is None:
            text = names[raw] = raw.decode(enc)
        return text

    results: dict[str, dict[str, int]] = {}
    detail: dict[tuple[str, str, str, str], int] = {}
    for (month, raw_obj, raw_proj, cls), ore in sums.items():
        obj = dec(raw_obj)
        months = results.setdefault(obj, {})
        months[month] = months.get(month, 0) + ore
        if detail_dim is not None:
            dkey = (month, obj, dec(raw_proj), cls)
            detail[dkey] = detail.get(dkey, 0) + ore
    return _finish(info, fix, vouchers, transactions, results, budget, detail, detail_dim, warnings)


def _finish(
    info, fix, vouchers, transactions, results, budget, detail, detail_dim, warnings=None
) -> dict:
    """The result of a fast loop; ``fix`` re-decodes latin-1 text with the detected encoding."""
    budget = {fix(obj): months for obj, months in budget.items()}
    warnings = warnings if warnings is not None else Warnings()
    out = _result(info, fix(info.company), vouchers, transactions, results, budget, warnings)
    if detail_dim is not None:
        out["detail"] = detail
        out["budget_ore"] = budget
        out["objects"] = {(fix(d), fix(o)): fix(name) for (d, o), name in info.objects.items()}
    return out


def summarize_json(source, *, dim: str = "1") -> str:
    """The summary as one JSON object (sorted keys, UTF-8 text)."""
    import json

    return json.dumps(summarize(source, dim=dim), ensure_ascii=False, sort_keys=True)


__all__ += ["summarize_json"]
