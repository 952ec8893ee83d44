"""Text out of a protocol file: PDF (text layer only), DOCX, or plain text.

Returns a list of page texts (one element when the format has no pages). Every limit here is
there so that a hostile or accidental upload costs bounded memory and time: the byte size is
checked before parsing, PDFs are refused above ``MAX_PAGES`` before any page is read, DOCX
archives are checked for their uncompressed size, and the text is cut at ``MAX_CHARS``.
No OCR and no network: a scanned PDF is refused with a message saying so.
"""

from __future__ import annotations

import io
import re
import zipfile

from .model import MinutesUnreadable

MAX_BYTES = 25 * 1024 * 1024
MAX_PAGES = 200
MAX_CHARS = 2_000_000
MAX_DOCX_XML = 60 * 1024 * 1024
# A page with fewer letters than this is treated as an image; a whole PDF like that is a scan.
MIN_LETTERS_PER_PAGE = 25


def sniff(data: bytes, filename: str | None = None) -> str:
    """'pdf', 'docx', 'doc' (old Word, refused) or 'text'."""
    head = data[:8]
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    name = (filename or "").lower()
    if name.endswith(".pdf") and b"%PDF" in data[:1024]:
        return "pdf"
    return "text"


def extract_pages(data: bytes, filename: str | None = None) -> tuple[str, list[str]]:
    """(format, pages) of a file's content."""
    if len(data) > MAX_BYTES:
        raise MinutesUnreadable(
            f"Filen är för stor ({len(data) // (1024 * 1024)} MB); högst "
            f"{MAX_BYTES // (1024 * 1024)} MB kan läsas. Dela upp protokollet.",
            "too_large",
        )
    if not data.strip():
        raise MinutesUnreadable("Filen är tom.", "not_minutes")
    kind = sniff(data, filename)
    if kind == "pdf":
        return kind, pdf_pages(data)
    if kind == "docx":
        return kind, [docx_text(data)]
    if kind == "doc":
        raise MinutesUnreadable(
            "Word-filer i det gamla .doc-formatet kan inte läsas – spara protokollet som "
            ".docx eller PDF och försök igen.",
            "unsupported",
        )
    text = decode_text(data)
    return kind, text.split("\f")


def pdf_pages(data: bytes) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # Many published PDFs carry only an owner password (print/copy restrictions); they
            # open with the empty user password. Anything else needs the password we do not have.
            try:
                opened = reader.decrypt("")
            except Exception:  # noqa: BLE001 - unsupported algorithm, broken key: same answer
                opened = 0
            if not opened:
                raise MinutesUnreadable(
                    "PDF-filen är krypterad (lösenordsskyddad) och kan inte läsas – spara den "
                    "utan lösenord och försök igen.",
                    "encrypted",
                )
        count = len(reader.pages)
    except MinutesUnreadable:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise MinutesUnreadable("PDF-filen är skadad och kan inte läsas.", "damaged") from exc
    if count > MAX_PAGES:
        raise MinutesUnreadable(
            f"PDF-filen har {count} sidor; högst {MAX_PAGES} sidor kan läsas. Dela upp "
            "protokollet eller ta bort bilagorna.",
            "too_large",
        )
    pages: list[str] = []
    total = 0
    for page in reader.pages:
        try:
            text = page.extract_text() or ""
        except Exception:  # noqa: BLE001 - one broken page must not hide the rest
            text = ""
        pages.append(text)
        total += len(text)
        if total > MAX_CHARS:
            raise MinutesUnreadable(
                "PDF-filen innehåller för mycket text för ett protokoll. Dela upp den.",
                "too_large",
            )
    letters = sum(1 for p in pages for ch in p if ch.isalpha())
    if letters < MIN_LETTERS_PER_PAGE * max(1, len(pages)) // 2 and letters < 200:
        raise MinutesUnreadable(
            "Ingen text i PDF-filen – den verkar vara skannad. Tillit läser bara PDF-filer med "
            "textlager (ingen OCR); exportera protokollet som PDF från ordbehandlaren eller "
            "ärendesystemet.",
            "scanned",
        )
    return pages


def docx_text(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > MAX_DOCX_XML:
                raise MinutesUnreadable(
                    "Word-filen är för stor för att läsas. Dela upp protokollet.", "too_large"
                )
    except KeyError as exc:
        raise MinutesUnreadable(
            "Filen är ett zip-arkiv men inte ett Word-dokument (.docx).", "unsupported"
        ) from exc
    except zipfile.BadZipFile as exc:
        raise MinutesUnreadable("Word-filen är skadad och kan inte läsas.", "damaged") from exc
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on broken files
        raise MinutesUnreadable("Word-filen är skadad och kan inte läsas.", "damaged") from exc
    lines: list[str] = []
    # Body order matters: tables (attendance, signatures) sit between the paragraphs.
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = cell.text.strip()
                    if text and (not cells or cells[-1] != text):  # merged cells repeat
                        cells.append(text)
                lines.append("  ".join(cells))
    text = "\n".join(lines)
    if len(text) > MAX_CHARS:
        raise MinutesUnreadable(
            "Word-filen innehåller för mycket text för ett protokoll. Dela upp den.", "too_large"
        )
    return text


_MOJIBAKE = re.compile("Ã[¥¤¶…„–©]")


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else CP1252, else Latin-1."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _checked(data.decode("utf-16"))
        except UnicodeDecodeError as exc:
            raise _encoding_error() from exc
    if b"\x00" in data[:4096]:
        raise _encoding_error()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
    else:
        if len(_MOJIBAKE.findall(text)) >= 3:
            # UTF-8 that was read as CP1252 and saved again as UTF-8: undo it once.
            try:
                text = text.encode("cp1252").decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError) as exc:
                raise _encoding_error() from exc
    return _checked(text)


def _checked(text: str) -> str:
    if len(text) > MAX_CHARS:
        raise MinutesUnreadable(
            "Textfilen är för stor för ett protokoll. Dela upp den.", "too_large"
        )
    sample = text[:20000]
    bad = sum(1 for ch in sample if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\n\r\t\f"))
    if sample and bad / len(sample) > 0.01:
        raise _encoding_error()
    return text


def _encoding_error() -> MinutesUnreadable:
    return MinutesUnreadable(
        "Filen kunde inte läsas som text – teckenkodningen känns inte igen. Spara protokollet "
        "som PDF, Word (.docx) eller text i UTF-8.",
        "encoding",
    )
