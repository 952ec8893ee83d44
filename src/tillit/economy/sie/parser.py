"""A streaming reader for SIE 4 files ("SIE filformat, utgåva 4B").

Pure Python, no Django. The reader never holds the whole file in memory: it reads the
file in binary chunks of whole lines, decodes them, and yields one record at a time.

Rules implemented (chapter 5 and 11 of the standard):

* Encoding. The standard allows only IBM PC 8-bit, codepage 437 (``#FORMAT PC8``; a
  missing ``#FORMAT`` means the same). Real exports are sometimes UTF-8 even though they
  say PC8, so the encoding is *detected* from the bytes: when the whole file is valid
  UTF-8 *and* contains non-ASCII bytes it is read as UTF-8, otherwise as codepage 437.
  A UTF-8 byte order mark is skipped. ``#FORMAT`` is recorded but does not override
  the detection (a cp437 file with å/ä/ö is never valid UTF-8 in practice).
* Fields are separated by one or more spaces or tabs. Any field may be quoted; inside
  quotes ``\\"`` is a literal quote. Object lists are written in braces,
  ``{1 "100" 6 "P10"}``, ``{}`` or ``{ }``.
* ``#VER`` is followed by a block in braces (each brace on its own line) holding
  ``#TRANS``, ``#RTRANS`` and ``#BTRANS`` rows. ``#RTRANS`` (an added row) counts, and
  the identical ``#TRANS`` that must follow it (for older readers) is skipped.
  ``#BTRANS`` (a removed row) is kept apart and does not count. If an ``#RTRANS`` is
  *not* directly followed by an identical ``#TRANS`` (same tokens), the ``#RTRANS``
  still counts and the next row is read normally.
* A voucher must balance: the counted rows sum to exactly zero (integer öre).
* Unknown records, and unknown trailing fields, are ignored (section 7.1, 7.3).
* Amounts have a point as decimal separator, at most two decimals and at most 14 digits
  before the point (what the database stores); dates are ``YYYYMMDD``. Fiscal years
  (``#RAR``) need not be calendar years.
* Liberal in what is accepted: a record the import does not need (``#ORGNR``, ``#KONTO``,
  ``#DIM``, ``#IB`` ..., ``#RAR`` of other years, ``#RAR 0`` without dates as in 4I files)
  that cannot be read is a *warning* (:attr:`SieReader.warnings`, with its line), and so is
  a row or ``#PBUDGET`` on an account that is not a number (``DIFF``: kept for the balance,
  never a result row) and a voucher or ``#PBUDGET`` period outside the fiscal year of
  ``#RAR 0``. What the import needs (vouchers, rows, amounts, dates, ``#PBUDGET``, the dates
  of ``#RAR 0`` when given) must be right.
* ``#KSUMMA`` (chapter 10): after an opening ``#KSUMMA`` the CRC-32 of every record up to the
  closing ``#KSUMMA <value>`` is computed as the standard describes and must match.

Errors raise :class:`SieError` with a plain-English message and the line number. Text from
the file in messages is cut and its control characters escaped (:func:`excerpt`).
"""

from __future__ import annotations

import io
import os
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

__all__ = [
    "Balance",
    "SieError",
    "SieInfo",
    "SieLimitError",
    "SieReader",
    "Transaction",
    "Voucher",
    "Warnings",
    "detect_encoding",
    "excerpt",
    "format_ore",
    "is_result_account",
    "iter_vouchers",
    "parse_ore",
    "tokenize",
]

CHUNK_SIZE = 1 << 20  # bytes read at a time; chunks are cut at line ends
UTF8_BOM = b"\xef\xbb\xbf"
MAX_AMOUNT_DIGITS = 14  # before the decimal point: the database column holds 16 digits, 2 decimals
MAX_ORE = 10 ** (MAX_AMOUNT_DIGITS + 2)  # |amount in öre| must stay below this
MAX_WARNINGS = 100  # warnings kept; the rest are counted

# C0 and C1 control characters, DEL, and the bidirectional and line-separator controls that
# could rearrange or hide text on a terminal or a page
_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape_char(m: re.Match) -> str:
    c = m.group()
    return f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"


def excerpt(text: str, limit: int | None = 80) -> str:
    """``text`` safe to print or show: control characters escaped (``\\x1b``), cut to ``limit``
    characters with the full length noted. A line of a file quoted in a message goes through
    this, so a huge or hostile line is neither echoed in full nor interpreted by a terminal."""
    cut = limit is not None and len(text) > limit
    shown = text[:limit] if cut else text
    shown = _CONTROL_RE.sub(_escape_char, shown)
    return f"{shown}… ({len(text)} characters)" if cut else shown


def _q(text: str, limit: int = 40) -> str:
    """A value from the file, quoted for a message."""
    return f"'{excerpt(text, limit)}'"


class SieError(Exception):
    """A SIE file that cannot be read. ``str(err)`` is ``"line N: message"``.

    ``message`` and ``content`` (the offending line) are cut and escaped (:func:`excerpt`).
    """

    def __init__(self, message: str, line_no: int | None = None, content: str | None = None):
        self.message = excerpt(message, 300)
        self.line_no = line_no
        self.content = None if content is None else excerpt(content.strip(_WS), 200)
        super().__init__(self.message, line_no)

    def __str__(self) -> str:
        if self.line_no is None:
            return self.message
        return f"line {self.line_no}: {self.message}"


# ---------------------------------------------------------------------------
# Small value parsers (shared by the streaming reader and the fast summary path)


def parse_ore(text: str) -> int:
    """Parse a SIE amount ("1250.00", "-3.5", "17") into integer öre.

    Raises ValueError for anything that is not an amount with at most two decimals.
    """
    if text.isascii():
        if text[-3:-2] == ".":
            return int(text.replace(".", "", 1))
        if text[-2:-1] == ".":
            return int(text.replace(".", "", 1)) * 10
        if "." not in text:
            return int(text) * 100
    raise ValueError(text)


class SieLimitError(SieError):
    """A file beyond a limit the caller set (``summary.aggregate(max_rows=...)``)."""


class Warnings:
    """What a reader accepted but a controller should know, with line numbers; bounded."""

    __slots__ = ("items", "more")

    def __init__(self) -> None:
        self.items: list[dict] = []
        self.more = 0

    def add(self, line_no: int | None, message: str) -> None:
        if len(self.items) < MAX_WARNINGS:
            self.items.append({"line": line_no, "message": excerpt(message, 300)})
        else:
            self.more += 1

    def as_list(self) -> list[dict]:
        """The summary's ``"warnings"``: ``{"line": n, "message": text}`` in file order, and a
        last ``{"line": None, ...}`` counting those not listed."""
        if not self.more:
            return list(self.items)
        return [*self.items, {"line": None, "message": f"{self.more} more warnings not listed"}]


def format_ore(ore: int) -> str:
    """Format integer öre as a decimal string with exactly two decimals."""
    sign = "-" if ore < 0 else ""
    whole, cents = divmod(abs(ore), 100)
    return f"{sign}{whole}.{cents:02d}"


def parse_date(text: str) -> date:
    """Parse ``YYYYMMDD``; raises ValueError."""
    if len(text) != 8 or not text.isdigit() or not text.isascii():
        raise ValueError(text)
    return date(int(text[:4]), int(text[4:6]), int(text[6:]))


def is_result_account(account: str) -> bool:
    """True for income-statement accounts 3000-8999 (classes 3-8).

    Account numbers longer than four digits (sub-accounts such as 45110) are judged by
    their first four digits.
    """
    return len(account) >= 4 and account.isdigit() and "3000" <= account[:4] <= "8999"


def _norm_dim(dim: str) -> str:
    return str(int(dim)) if dim.isdigit() and dim.isascii() else dim


def in_fiscal_year(info: SieInfo, day) -> bool:
    """True when there is no fiscal year (``#RAR 0``) or ``day`` lies within it."""
    fy = info.fiscal_years.get(0)
    return fy is None or fy[0] <= day <= fy[1]


def period_in_fiscal_year(info: SieInfo, period: str) -> bool:
    """The same for a ``"YYYY-MM"`` period: some day of the month lies within the year."""
    fy = info.fiscal_years.get(0)
    if fy is None:
        return True
    return f"{fy[0].year:04d}-{fy[0].month:02d}" <= period <= f"{fy[1].year:04d}-{fy[1].month:02d}"


def _fiscal_year_text(info: SieInfo) -> str:
    start, end = info.fiscal_years[0]
    return f"the fiscal year {start.isoformat()} – {end.isoformat()} (#RAR 0)"


def budget_warning(info: SieInfo, rec: Balance) -> str | None:
    """The warning for a ``#PBUDGET`` of year 0 whose period is outside the fiscal year."""
    if rec.kind != "PBUDGET" or rec.year != 0 or period_in_fiscal_year(info, rec.period):
        return None
    return f"#PBUDGET period {rec.period} is outside {_fiscal_year_text(info)}"


def voucher_warning(info: SieInfo, ver: Voucher) -> str | None:
    """The warning for a voucher dated outside the fiscal year."""
    if in_fiscal_year(info, ver.date):
        return None
    return f"voucher {ver.label} is dated {ver.date.isoformat()}, outside {_fiscal_year_text(info)}"


def ymd(day: date) -> str:
    """``YYYYMMDD`` (also for years before 1000, which ``strftime`` does not pad)."""
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


# ---------------------------------------------------------------------------
# Tokenizer

_WS = " \t\r\n\f\v"
# Quoted field | brace | bare word | whitespace | a lone quote (unclosed field)
_TOKEN_RE = re.compile(
    r'"([^"\\]*(?:\\.[^"\\]*)*)"'
    r"|([{}])"
    rf'|([^{_WS}{{}}"][^{_WS}{{}}]*)'
    rf"|[{_WS}]+"
    r'|(")',
    re.S,
)


def tokenize(line: str) -> list:
    """Split one SIE line into fields.

    Returns a list whose items are strings, or lists of strings for object lists in
    braces. Raises ValueError with a plain message for an unclosed quote or brace.
    """
    out: list = []
    cur = out
    for m in _TOKEN_RE.finditer(line):
        quoted, brace, word, bad = m.groups()
        if word is not None:
            cur.append(word)
        elif quoted is not None:
            cur.append(quoted.replace('\\"', '"') if "\\" in quoted else quoted)
        elif brace is not None:
            if brace == "{":
                if cur is not out:
                    raise ValueError("'{' inside an object list")
                cur = []
                out.append(cur)
            else:
                if cur is out:
                    raise ValueError("'}' without a matching '{'")
                cur = out
        elif bad is not None:
            raise ValueError("a quoted field is not closed")
    if cur is not out:
        raise ValueError("an object list is not closed with '}'")
    return out


def _objects(tok) -> tuple[tuple[str, str], ...]:
    if not isinstance(tok, list):
        raise ValueError(f"expected an object list in braces, found {tok!r}")
    if len(tok) % 2:
        raise ValueError("an object list must hold pairs of dimension and object")
    return tuple((_norm_dim(tok[i]), tok[i + 1]) for i in range(0, len(tok), 2))


# ---------------------------------------------------------------------------
# Records


@dataclass(slots=True)
class Transaction:
    """One counted row of a voucher (#TRANS or #RTRANS), or a removed #BTRANS row."""

    account: str
    objects: tuple[tuple[str, str], ...]
    amount_ore: int
    date: date | None = None  # transdat; None means the voucher date
    text: str = ""
    quantity: Decimal | None = None
    sign: str = ""
    kind: str = "TRANS"  # "TRANS", "RTRANS" or "BTRANS"
    line_no: int = 0

    @property
    def amount(self) -> Decimal:
        return Decimal(self.amount_ore).scaleb(-2)

    def object_for(self, dim: str) -> str | None:
        for d, obj in self.objects:
            if d == dim:
                return obj
        return None


@dataclass(slots=True)
class Voucher:
    """A #VER record with its rows. ``transactions`` holds the rows that count."""

    series: str
    number: str
    date: date
    text: str = ""
    reg_date: date | None = None
    sign: str = ""
    line_no: int = 0
    transactions: list[Transaction] = field(default_factory=list)
    removed: list[Transaction] = field(default_factory=list)  # #BTRANS rows

    @property
    def label(self) -> str:
        return excerpt(f"{self.series} {self.number}".strip(), 40) or "(unnumbered)"


@dataclass(slots=True)
class Balance:
    """#IB, #UB, #RES, #OIB, #OUB, #PSALDO or #PBUDGET."""

    kind: str  # record tag without '#', e.g. "PBUDGET"
    year: int  # årsnr: 0 current year, -1 previous ...
    account: str
    amount_ore: int
    period: str | None = None  # "YYYY-MM" for PSALDO/PBUDGET
    objects: tuple[tuple[str, str], ...] = ()
    quantity: Decimal | None = None
    line_no: int = 0

    @property
    def amount(self) -> Decimal:
        return Decimal(self.amount_ore).scaleb(-2)

    def object_for(self, dim: str) -> str | None:
        for d, obj in self.objects:
            if d == dim:
                return obj
        return None


@dataclass
class SieInfo:
    """Identification and chart-of-accounts records, filled in while reading."""

    encoding: str = "cp437"
    flag: str | None = None  # #FLAGGA
    format: str | None = None  # #FORMAT (PC8)
    sie_type: str | None = None  # #SIETYP
    program: tuple[str, ...] = ()  # #PROGRAM name version
    generated: date | None = None  # #GEN datum
    generated_by: str = ""
    company: str = ""  # #FNAMN
    orgnr: str = ""  # #ORGNR
    kptyp: str = ""  # #KPTYP
    fiscal_years: dict[int, tuple[date, date]] = field(default_factory=dict)  # #RAR
    accounts: dict[str, str] = field(default_factory=dict)  # #KONTO
    account_types: dict[str, str] = field(default_factory=dict)  # #KTYP
    dimensions: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # #DIM/#UNDERDIM
    objects: dict[tuple[str, str], str] = field(default_factory=dict)  # #OBJEKT

    def apply(self, tag: str, toks: list, warn=None) -> Balance | None:
        """Apply one non-voucher record. Returns a Balance for balance records.

        Raises ValueError with a plain message on a malformed record. With ``warn`` (a
        callable taking the message), a problem in a record the import does not need is
        passed to it instead and the record is skipped (see the module doc).
        """
        handler = _HEADER_HANDLERS.get(tag)
        if handler is None:
            return None  # unknown record: ignored (section 7.1)
        try:
            return handler(self, toks)
        except ValueError as exc:
            if warn is None or not (isinstance(exc, _Lenient) or tag in LENIENT_TAGS):
                raise
            warn(str(exc))
            return None


class _Lenient(ValueError):
    """A problem that is a warning (with ``warn``) in any record, e.g. a non-numeric account."""


def _s(toks: list, i: int, what: str) -> str:
    try:
        tok = toks[i]
    except IndexError:
        raise ValueError(f"{toks[0]} is missing {what}") from None
    if not isinstance(tok, str):
        raise ValueError(f"{toks[0]} has an object list where {what} was expected")
    return tok


def _opt(toks: list, i: int) -> str:
    tok = toks[i] if i < len(toks) else ""
    return tok if isinstance(tok, str) else ""


def _date_field(toks: list, i: int, what: str) -> date:
    text = _s(toks, i, what)
    try:
        return parse_date(text)
    except ValueError:
        raise ValueError(f"invalid {what} {_q(text)} (expected YYYYMMDD)") from None


def _amount_field(toks: list, i: int) -> int:
    text = _s(toks, i, "an amount")
    whole = text.lstrip("+-").partition(".")[0]
    if len(whole) > MAX_AMOUNT_DIGITS and whole.isdigit() and whole.isascii():
        raise ValueError(
            f"amount {_q(text)} is too large: at most {MAX_AMOUNT_DIGITS} digits before the "
            "decimal point"
        )
    try:
        ore = parse_ore(text)
    except ValueError:
        raise ValueError(f"invalid amount {_q(text)}") from None
    if not -MAX_ORE < ore < MAX_ORE:  # e.g. leading zeros or digits of other scripts
        raise ValueError(f"amount {_q(text)} is too large")
    return ore


def _quantity(toks: list, i: int) -> Decimal | None:
    text = _opt(toks, i)
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(f"invalid quantity {_q(text)}") from None


def _year(toks: list, i: int) -> int:
    text = _s(toks, i, "a year number")
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"invalid year number {_q(text)}") from None


def _account(toks: list, i: int, warn=None) -> str:
    """An account number. Not a number (``DIFF``): a :class:`_Lenient` error, or with ``warn``
    (rows of a voucher) a warning, and the text is returned: never a result account."""
    text = _s(toks, i, "an account number")
    if not (text.isdigit() and text.isascii()):
        message = f"account {_q(text)} is not an account number"
        if warn is None:
            raise _Lenient(message)
        warn(message + "; the row counts for the balance but not as a result row")
    return text


def _h_flagga(info: SieInfo, toks: list) -> None:
    info.flag = _s(toks, 1, "the flag")


def _h_format(info: SieInfo, toks: list) -> None:
    info.format = _s(toks, 1, "the character set")


def _h_sietyp(info: SieInfo, toks: list) -> None:
    info.sie_type = _s(toks, 1, "the file type")


def _h_program(info: SieInfo, toks: list) -> None:
    info.program = tuple(t for t in toks[1:] if isinstance(t, str))


def _h_gen(info: SieInfo, toks: list) -> None:
    info.generated = _date_field(toks, 1, "generation date")
    info.generated_by = _opt(toks, 2)


def _h_fnamn(info: SieInfo, toks: list) -> None:
    info.company = _s(toks, 1, "the company name")


def _h_orgnr(info: SieInfo, toks: list) -> None:
    info.orgnr = _opt(toks, 1)
    if not info.orgnr:
        raise ValueError("#ORGNR is empty: the file does not say the organisation number")


def _h_kptyp(info: SieInfo, toks: list) -> None:
    info.kptyp = _s(toks, 1, "the chart type")


def _h_rar(info: SieInfo, toks: list) -> None:
    # #RAR 0 is the fiscal year the import stores: its dates, when given, must be right. Other
    # years are not used, and 4I files write #RAR 0 without dates: warnings.
    year = _year(toks, 1)
    if year == 0 and not (_opt(toks, 2) and _opt(toks, 3)):
        raise _Lenient("#RAR 0 has no dates: the fiscal year is unknown")
    try:
        start = _date_field(toks, 2, "fiscal year start")
        end = _date_field(toks, 3, "fiscal year end")
        if end < start:
            raise ValueError(f"fiscal year {year} ends before it starts")
    except ValueError as exc:
        raise (_Lenient(str(exc)) if year else exc) from None
    info.fiscal_years[year] = (start, end)


def _h_konto(info: SieInfo, toks: list) -> None:
    info.accounts[_account(toks, 1)] = _opt(toks, 2)


def _h_ktyp(info: SieInfo, toks: list) -> None:
    info.account_types[_account(toks, 1)] = _s(toks, 2, "the account type")


def _h_dim(info: SieInfo, toks: list) -> None:
    info.dimensions[_norm_dim(_s(toks, 1, "the dimension number"))] = (_opt(toks, 2), None)


def _h_underdim(info: SieInfo, toks: list) -> None:
    dim = _norm_dim(_s(toks, 1, "the dimension number"))
    info.dimensions[dim] = (_opt(toks, 2), _norm_dim(_s(toks, 3, "the superior dimension")))


def _h_objekt(info: SieInfo, toks: list) -> None:
    dim = _norm_dim(_s(toks, 1, "the dimension number"))
    info.objects[(dim, _s(toks, 2, "the object number"))] = _opt(toks, 3)


def _h_balance(info: SieInfo, toks: list) -> Balance:
    # #IB/#UB/#RES årsnr konto saldo [kvantitet]
    return Balance(
        kind=toks[0][1:],
        year=_year(toks, 1),
        account=_account(toks, 2),
        amount_ore=_amount_field(toks, 3),
        quantity=_quantity(toks, 4),
    )


def _h_object_balance(info: SieInfo, toks: list) -> Balance:
    # #OIB/#OUB årsnr konto {objekt} saldo [kvantitet]
    if len(toks) < 4:
        raise ValueError(f"{toks[0]} needs year, account, object list and amount")
    return Balance(
        kind=toks[0][1:],
        year=_year(toks, 1),
        account=_account(toks, 2),
        objects=_objects(toks[3]),
        amount_ore=_amount_field(toks, 4),
        quantity=_quantity(toks, 5),
    )


def _h_period_balance(info: SieInfo, toks: list) -> Balance:
    # #PSALDO/#PBUDGET årsnr period konto {objekt} saldo [kvantitet]
    if len(toks) < 6:
        raise ValueError(f"{toks[0]} needs year, period, account, object list and amount")
    period = _s(toks, 2, "a period")
    if not (len(period) == 6 and period.isdigit() and period.isascii()) or not (
        1 <= int(period[4:]) <= 12
    ):
        raise ValueError(f"invalid period {period!r} (expected YYYYMM)")
    return Balance(
        kind=toks[0][1:],
        year=_year(toks, 1),
        period=f"{period[:4]}-{period[4:]}",
        account=_account(toks, 3),
        objects=_objects(toks[4]),
        amount_ore=_amount_field(toks, 5),
        quantity=_quantity(toks, 6),
    )


_HEADER_HANDLERS = {
    "#FLAGGA": _h_flagga,
    "#FORMAT": _h_format,
    "#SIETYP": _h_sietyp,
    "#PROGRAM": _h_program,
    "#GEN": _h_gen,
    "#FNAMN": _h_fnamn,
    "#ORGNR": _h_orgnr,
    "#KPTYP": _h_kptyp,
    "#RAR": _h_rar,
    "#KONTO": _h_konto,
    "#KTYP": _h_ktyp,
    "#DIM": _h_dim,
    "#UNDERDIM": _h_underdim,
    "#OBJEKT": _h_objekt,
    "#IB": _h_balance,
    "#UB": _h_balance,
    "#RES": _h_balance,
    "#OIB": _h_object_balance,
    "#OUB": _h_object_balance,
    "#PSALDO": _h_period_balance,
    "#PBUDGET": _h_period_balance,
}

# Records the import does not need: any problem in them is a warning (with ``warn``). #RAR and
# #PBUDGET are needed, but raise _Lenient for what they may lack (#RAR 0 without dates, #RAR of
# another year, #PBUDGET on a non-numeric account).
LENIENT_TAGS = frozenset(
    (
        "#FLAGGA",
        "#FORMAT",
        "#SIETYP",
        "#PROGRAM",
        "#GEN",
        "#FNAMN",
        "#ORGNR",
        "#KPTYP",
        "#KONTO",
        "#KTYP",
        "#DIM",
        "#UNDERDIM",
        "#OBJEKT",
        "#IB",
        "#UB",
        "#RES",
        "#OIB",
        "#OUB",
        "#PSALDO",
    )
)

ROW_TAGS = ("#TRANS", "#RTRANS", "#BTRANS")


def parse_row(toks: list, line_no: int = 0, warn=None) -> Transaction:
    """Parse a tokenized #TRANS/#RTRANS/#BTRANS row.

    ``#TRANS kontonr {objektlista} belopp [transdat] [transtext] [kvantitet] [sign]``.
    An omitted object list is tolerated. An account that is not a number is a ValueError, or
    with ``warn`` a warning (see :func:`_account`).
    """
    account = _account(toks, 1, warn)
    i = 2
    objects: tuple[tuple[str, str], ...] = ()
    if i < len(toks) and isinstance(toks[i], list):
        objects = _objects(toks[i])
        i += 1
    amount = _amount_field(toks, i)
    tdate = None
    raw_date = _opt(toks, i + 1)
    if raw_date:
        tdate = _date_field(toks, i + 1, "transaction date")
    return Transaction(
        account=account,
        objects=objects,
        amount_ore=amount,
        date=tdate,
        text=_opt(toks, i + 2),
        quantity=_quantity(toks, i + 3),
        sign=_opt(toks, i + 4),
        kind=toks[0][1:],
        line_no=line_no,
    )


# ---------------------------------------------------------------------------
# Byte sources, chunking and encoding detection


def _open_source(source) -> tuple[io.BufferedIOBase, bool]:
    if isinstance(source, bytes | bytearray | memoryview):
        return io.BytesIO(bytes(source)), True
    if isinstance(source, str | os.PathLike):
        return open(source, "rb"), True  # noqa: SIM115 - closed by the caller
    if hasattr(source, "read"):
        return source, False
    raise TypeError(f"cannot read SIE data from {type(source).__name__}")


def iter_chunks(fobj, size: int = CHUNK_SIZE, sniffer=None) -> Iterator[bytes]:
    """Yield blocks of whole lines; each block but the last ends with ``b"\\n"``.

    A UTF-8 byte order mark at the start is dropped (and noted in ``sniffer``).
    """
    carry = b""
    first = True
    while True:
        data = fobj.read(size)
        if first:
            first = False
            if data.startswith(UTF8_BOM):
                data = data[3:]
                if sniffer is not None:
                    sniffer.bom = True
        if not data:
            if carry:
                yield carry
            return
        if carry:
            data = carry + data
        cut = data.rfind(b"\n")
        if cut < 0:
            carry = data
            continue
        if cut == len(data) - 1:
            carry = b""
            yield data
        else:
            carry = data[cut + 1 :]
            yield data[: cut + 1]


class EncodingSniffer:
    """UTF-8 when every chunk fed is valid UTF-8 and one holds non-ASCII, else cp437."""

    __slots__ = ("utf8_possible", "non_ascii", "bom")

    def __init__(self) -> None:
        self.utf8_possible = True
        self.non_ascii = False
        self.bom = False

    def feed(self, chunk: bytes) -> None:
        # Chunks end at line ends, and b"\n" never occurs inside a UTF-8 sequence,
        # so every chunk can be checked on its own.
        if self.utf8_possible and not chunk.isascii():
            try:
                chunk.decode("utf-8")
            except UnicodeDecodeError:
                self.utf8_possible = False
            else:
                self.non_ascii = True

    @property
    def encoding(self) -> str:
        return "utf-8" if self.utf8_possible and (self.non_ascii or self.bom) else "cp437"


def row_key(row: Transaction) -> tuple:
    """What makes a #TRANS the copy of the #RTRANS before it: the same account, objects and
    amount. Real exports differ in the rest (Fortnox writes the copy without the signature)."""
    return (row.account, row.objects, row.amount_ore)


def ksumma_parts(toks: list, encoding: str) -> tuple[bytes, ...]:
    """The bytes a record adds to the #KSUMMA checksum (SIE 4B, 10.14): its label and the
    contents of its fields, without the blanks between fields, the quotes around them or the
    braces of object lists; an escaped quote as the quote alone (the tokenizer's values); each
    character's codepage 437 value. For a UTF-8 file the UTF-8 bytes are returned as a second
    reading, as some writers sum the bytes they write."""
    text = "".join("".join(t) if isinstance(t, list) else t for t in toks)
    cp437 = text.encode("cp437", errors="replace")
    if encoding == "cp437":
        return (cp437,)
    return (cp437, text.encode(encoding, errors="replace"))


def detect_encoding(source) -> str:
    """Detect the encoding of a SIE file (path, bytes or seekable binary file)."""
    fobj, close = _open_source(source)
    try:
        start = fobj.tell() if not close else 0
        sniffer = EncodingSniffer()
        for chunk in iter_chunks(fobj, sniffer=sniffer):
            sniffer.feed(chunk)
            if not sniffer.utf8_possible:
                break
        if not close:
            fobj.seek(start)
        return sniffer.encoding
    finally:
        if close:
            fobj.close()


# ---------------------------------------------------------------------------
# The streaming reader


class SieReader:
    """Stream the records of a SIE 4 file.

    ``source`` is a path, ``bytes`` or a binary file object (seekable when
    ``encoding`` is not given, since detection reads the file once first).

    Iterating yields, in file order, :class:`Voucher` (after its closing brace, checked
    to balance) and :class:`Balance` records (#IB, #UB, #RES, #OIB, #OUB, #PSALDO,
    #PBUDGET). Identification and chart records (#FNAMN, #RAR, #KONTO, #DIM, #OBJEKT ...)
    are collected in :attr:`info` as they are read; they precede the vouchers in a
    valid file (section 5.12), so ``info`` is complete when the first voucher arrives.
    What was accepted with a remark is in :attr:`warnings` (see the module doc).
    """

    def __init__(self, source, *, encoding: str | None = None):
        self.source = source
        self.info = SieInfo(encoding=encoding or detect_encoding(source))
        self.line_no = 0
        self.warnings = Warnings()

    def lines(self) -> Iterator[tuple[int, str]]:
        """Yield ``(line_no, text)`` for every line, decoded."""
        enc = self.info.encoding
        fobj, close = _open_source(self.source)
        try:
            n = 0
            for chunk in iter_chunks(fobj):
                try:
                    text = chunk.decode(enc)
                except UnicodeDecodeError as exc:  # only if the file changed meanwhile
                    raise SieError(f"the file is not valid {enc}: {exc.reason}", n + 1) from None
                lines = text.split("\n")
                if text.endswith("\n"):
                    lines.pop()
                for line in lines:
                    n += 1
                    yield n, line
        finally:
            if close:
                fobj.close()

    def __iter__(self) -> Iterator[Voucher | Balance]:
        info = self.info
        warnings = self.warnings
        ver: Voucher | None = None
        ver_open = False  # the '{' after #VER has been seen
        balance = 0
        pending: tuple | None = None  # row_key of the last #RTRANS, to skip its #TRANS copy
        ver_line = ""
        line_no = 0
        line = ""
        # #KSUMMA: the opening record's line, the running CRC-32 of each reading, and whether
        # the closing record was seen
        ks_line = 0
        ks_crcs: list[int] = []
        ks_closed = False

        def warn(message: str) -> None:
            warnings.add(line_no, message)

        try:
            for line_no, line in self.lines():
                self.line_no = line_no
                stripped = line.strip(_WS)
                if not stripped:
                    continue
                if stripped == "{":
                    if ver is None or ver_open:
                        raise ValueError("'{' without a #VER record before it")
                    ver_open = True
                    continue
                if stripped == "}":
                    if ver is None or not ver_open:
                        raise ValueError("'}' without an open #VER block")
                    if balance:
                        raise SieError(
                            f"voucher {ver.label} does not balance: sum is {format_ore(balance)}",
                            ver.line_no,
                            ver_line,
                        )
                    yield ver
                    ver, ver_open, balance, pending = None, False, 0, None
                    continue
                toks = tokenize(stripped)
                tag = toks[0] if toks else ""
                if not isinstance(tag, str) or not tag.startswith("#"):
                    raise ValueError("a record must start with a #label")
                if tag == "#KSUMMA":
                    if not ks_line and not ks_closed and len(toks) == 1:
                        ks_line = line_no
                        ks_crcs = [0] * len(ksumma_parts([], info.encoding))
                    elif ks_line and not ks_closed:
                        self._ksumma_check(toks, ks_crcs)
                        ks_closed = True
                    else:
                        warn("#KSUMMA without an opening #KSUMMA before it: not verified")
                    continue
                if ks_line and not ks_closed:
                    for k, part in enumerate(ksumma_parts(toks, info.encoding)):
                        ks_crcs[k] = zlib.crc32(part, ks_crcs[k])
                if ver is not None and not ver_open:
                    raise SieError(
                        f"expected '{{' on the line after #VER {ver.label}",
                        line_no,
                        line,
                    )
                if tag in ROW_TAGS:
                    if not ver_open:
                        raise ValueError(f"{tag} outside a #VER block")
                    row = parse_row(toks, line_no, warn)
                    if tag == "#TRANS" and pending is not None:
                        same = row_key(row) == pending
                        pending = None
                        if same:
                            continue  # the #TRANS copy of the #RTRANS just read
                    if tag == "#BTRANS":
                        ver.removed.append(row)
                        pending = None
                        continue
                    ver.transactions.append(row)
                    balance += row.amount_ore
                    pending = row_key(row) if tag == "#RTRANS" else None
                    continue
                pending = None
                if tag == "#VER":
                    if ver is not None:
                        raise ValueError(f"#VER inside the block of voucher {ver.label}")
                    ver = Voucher(
                        series=_opt(toks, 1),
                        number=_opt(toks, 2),
                        date=_date_field(toks, 3, "voucher date"),
                        text=_opt(toks, 4),
                        reg_date=_date_field(toks, 5, "registration date")
                        if _opt(toks, 5)
                        else None,
                        sign=_opt(toks, 6),
                        line_no=line_no,
                    )
                    ver_line = line
                    message = voucher_warning(info, ver)
                    if message:
                        warn(message)
                    continue
                if ver_open:
                    continue  # unknown record inside a voucher block: ignored
                rec = info.apply(tag, toks, warn)
                if rec is not None:
                    rec.line_no = line_no
                    message = budget_warning(info, rec)
                    if message:
                        warn(message)
                    yield rec
        except SieError:
            raise
        except ValueError as exc:
            raise SieError(str(exc), line_no, line) from None
        if ver is not None:
            raise SieError(
                f"voucher {ver.label} is not closed: the file ends at line {line_no} "
                "without its closing '}'",
                ver.line_no,
                ver_line,
            )
        if ks_line and not ks_closed:
            raise SieError(
                "the file has an opening #KSUMMA but no closing #KSUMMA with the checksum: "
                "it may have been cut short",
                ks_line,
                "#KSUMMA",
            )

    @staticmethod
    def _ksumma_check(toks: list, crcs: list[int]) -> None:
        """The closing ``#KSUMMA <value>`` against the computed CRC-32 (raises ValueError)."""
        text = toks[1] if isinstance(toks[1], str) else ""
        try:
            value = int(text)
        except ValueError:
            raise ValueError(f"invalid checksum {_q(text)} in #KSUMMA") from None
        # written as an unsigned number; some writers print the same 32 bits signed
        if all(value not in (crc, crc - (1 << 32)) for crc in crcs):
            raise ValueError(
                f"checksum mismatch: #KSUMMA says {value}, the file's records give {crcs[0]} "
                "(the file was changed or damaged after it was written)"
            )


def iter_vouchers(source, *, encoding: str | None = None) -> Iterator[Voucher]:
    """Yield the balanced vouchers of a SIE 4 file, one at a time."""
    for rec in SieReader(source, encoding=encoding):
        if isinstance(rec, Voucher):
            yield rec
