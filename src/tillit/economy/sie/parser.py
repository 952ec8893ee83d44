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
* Amounts have a point as decimal separator and at most two decimals; dates are
  ``YYYYMMDD``. Fiscal years (``#RAR``) need not be calendar years.

Errors raise :class:`SieError` with a plain-English message and the line number.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

__all__ = [
    "Balance",
    "SieError",
    "SieInfo",
    "SieReader",
    "Transaction",
    "Voucher",
    "detect_encoding",
    "format_ore",
    "is_result_account",
    "iter_vouchers",
    "parse_ore",
    "tokenize",
]

CHUNK_SIZE = 1 << 20  # bytes read at a time; chunks are cut at line ends
UTF8_BOM = b"\xef\xbb\xbf"


class SieError(Exception):
    """A SIE file that cannot be read. ``str(err)`` is ``"line N: message"``."""

    def __init__(self, message: str, line_no: int | None = None, content: str | None = None):
        self.message = message
        self.line_no = line_no
        self.content = content
        super().__init__(message, line_no)

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
        return f"{self.series} {self.number}".strip() or "(unnumbered)"


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

    def apply(self, tag: str, toks: list) -> Balance | None:
        """Apply one non-voucher record. Returns a Balance for balance records.

        Raises ValueError with a plain message on a malformed record.
        """
        handler = _HEADER_HANDLERS.get(tag)
        if handler is None:
            return None  # unknown record: ignored (section 7.1)
        return handler(self, toks)


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
        raise ValueError(f"invalid {what} {text!r} (expected YYYYMMDD)") from None


def _amount_field(toks: list, i: int) -> int:
    text = _s(toks, i, "an amount")
    try:
        return parse_ore(text)
    except ValueError:
        raise ValueError(f"invalid amount {text!r}") from None


def _quantity(toks: list, i: int) -> Decimal | None:
    text = _opt(toks, i)
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(f"invalid quantity {text!r}") from None


def _year(toks: list, i: int) -> int:
    text = _s(toks, i, "a year number")
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"invalid year number {text!r}") from None


def _account(toks: list, i: int) -> str:
    text = _s(toks, i, "an account number")
    if not (text.isdigit() and text.isascii()):
        raise ValueError(f"invalid account number {text!r}")
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
    info.orgnr = _s(toks, 1, "the organisation number")


def _h_kptyp(info: SieInfo, toks: list) -> None:
    info.kptyp = _s(toks, 1, "the chart type")


def _h_rar(info: SieInfo, toks: list) -> None:
    year = _year(toks, 1)
    start = _date_field(toks, 2, "fiscal year start")
    end = _date_field(toks, 3, "fiscal year end")
    if end < start:
        raise ValueError(f"fiscal year {year} ends before it starts")
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

ROW_TAGS = ("#TRANS", "#RTRANS", "#BTRANS")


def parse_row(toks: list, line_no: int = 0) -> Transaction:
    """Parse a tokenized #TRANS/#RTRANS/#BTRANS row.

    ``#TRANS kontonr {objektlista} belopp [transdat] [transtext] [kvantitet] [sign]``.
    An omitted object list is tolerated.
    """
    account = _account(toks, 1)
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
    """

    def __init__(self, source, *, encoding: str | None = None):
        self.source = source
        self.info = SieInfo(encoding=encoding or detect_encoding(source))
        self.line_no = 0

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
        ver: Voucher | None = None
        ver_open = False  # the '{' after #VER has been seen
        balance = 0
        pending: list | None = None  # tokens of the last #RTRANS, to skip its #TRANS twin
        ver_line = ""
        line_no = 0
        line = ""
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
                if ver is not None and not ver_open:
                    raise SieError(
                        f"expected '{{' on the line after #VER {ver.label}",
                        line_no,
                        line,
                    )
                if tag in ROW_TAGS:
                    if not ver_open:
                        raise ValueError(f"{tag} outside a #VER block")
                    if tag == "#TRANS" and pending is not None:
                        same = toks[1:] == pending
                        pending = None
                        if same:
                            continue  # the twin of the #RTRANS just read
                    row = parse_row(toks, line_no)
                    if tag == "#BTRANS":
                        ver.removed.append(row)
                        pending = None
                        continue
                    ver.transactions.append(row)
                    balance += row.amount_ore
                    pending = toks[1:] if tag == "#RTRANS" else None
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
                    continue
                if ver_open:
                    continue  # unknown record inside a voucher block: ignored
                rec = info.apply(tag, toks)
                if rec is not None:
                    rec.line_no = line_no
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


def iter_vouchers(source, *, encoding: str | None = None) -> Iterator[Voucher]:
    """Yield the balanced vouchers of a SIE 4 file, one at a time."""
    for rec in SieReader(source, encoding=encoding):
        if isinstance(rec, Voucher):
            yield rec
