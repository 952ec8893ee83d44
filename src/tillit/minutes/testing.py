"""Real-looking protocol files for tests (the reader's, the review screen's, the browser test's).

    from tillit.minutes.testing import protocol_pdf, protocol_docx, protocol_text
    data = protocol_pdf()                 # bytes of a 4-page KS protocol with a text layer
    data = protocol_pdf(first=120)        # same protocol, paragraphs KS § 120–125
    scanned_pdf(), encrypted_pdf(), many_pages_pdf(500)   # bad input

The protocol is rendered from HTML by WeasyPrint, so its text layer has what real exported
protocols have: a running page header ("PROTOKOLL 2(4)") and footer ("Justerandes sign",
"Utdragsbestyrkande") between the paragraphs, a cover with "Paragrafer 45–50", a table of
contents, "KS § 45" headings with Dnr, a paragraph continued after a page break ("KS § 48
forts."), a proposal that is not the decision, a rejected yrkande and a referral. Recipients
are named like the test municipality's bodies and offices (tillit.core.testing), except one
company that no organisation has (an unmatched recipient for the review screen).

``PARAGRAPHS`` describes what the reader should find (number, title, recipients); tests compare
against it so a changed protocol changes the expectations in one place.
"""

from __future__ import annotations

import html
import io

PARAGRAPHS = [
    # (offset from first, title, dnr, kind, recipients as written in the decision)
    (0, "Val av justerare", None, "election", []),
    (
        1,
        "Lokalförsörjningsplan för förskolan",
        "KS 2024/112",
        "assignment",
        ["barn- och utbildningsnämnden"],
    ),
    (2, "Förstudie om nytt badhus", "KS 2024/015", "assignment", ["kommundirektören"]),
    (
        3,
        "Handlingsplan mot ofrivillig ensamhet",
        "KS 2024/088",
        "assignment",
        ["Socialnämnden", "Testkommun Energi AB"],
    ),
    (4, "Medborgarförslag om hundrastgård", "KS 2023/777", "other", []),
    (5, "Information om arbetsmarknadsläget", None, "noted", []),
]


def _para(first: int, offset: int) -> tuple[int, str, str | None, str, list[str]]:
    o, title, dnr, kind, recipients = PARAGRAPHS[offset]
    return first + o, title, dnr, kind, recipients


def protocol_html(
    *,
    municipality: str = "Testkommun",
    body: str = "Kommunstyrelsen",
    body_genitive: str = "Kommunstyrelsens",
    abbr: str = "KS",
    meeting_date: str = "2024-03-12",
    first: int = 45,
) -> str:
    e = html.escape
    last = first + len(PARAGRAPHS) - 1
    n = [first + k for k in range(len(PARAGRAPHS))]
    toc = "".join(
        f"<tr><td>{abbr} § {first + o}</td><td>{e(t)}</td><td>{3 + k}</td></tr>"
        for k, (o, t, *_rest) in enumerate(PARAGRAPHS)
    )

    def head(k: int, forts: bool = False) -> str:
        number, title, dnr, _kind, _r = _para(first, k)
        if forts:
            return f'<h2 class="para">{abbr} § {number} forts.</h2>'
        d = f'<span class="dnr">Dnr {e(dnr)}</span>' if dnr else ""
        return f'<h2 class="para">{abbr} § {number} {d}</h2><h3>{e(title)}</h3>'

    return f"""<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Protokoll {e(body)} {meeting_date}</title>
<style>
@page {{ size: A4; margin: 28mm 22mm 26mm 22mm;
  @top-left {{ content: "{e(municipality.upper())}"; font: 9pt sans-serif; }}
  @top-center {{ content: "{e(body)}  {meeting_date}"; font: 9pt sans-serif; }}
  @top-right {{ content: "PROTOKOLL " counter(page) "(" counter(pages) ")"; font: 9pt sans-serif; }}
  @bottom-left {{ content: "Justerandes sign"; font: 8pt sans-serif; }}
  @bottom-right {{ content: "Utdragsbestyrkande"; font: 8pt sans-serif; }}
}}
body {{ font: 11pt/1.35 serif; }}
h1 {{ font-size: 16pt; }} h2.para {{ font-size: 12pt; margin: 1.2em 0 0; }}
h3 {{ font-size: 11pt; margin: 0 0 .6em; }} h4 {{ font-size: 11pt; margin: .8em 0 .2em; }}
.dnr {{ font-weight: normal; margin-left: 3em; }}
.break {{ break-before: page; }} td {{ padding: 0 1em 0 0; vertical-align: top; }}
</style></head><body>
<h1>SAMMANTRÄDESPROTOKOLL<br>{e(body)}</h1>
<table>
<tr><td>Sammanträdesdatum</td><td>{meeting_date}</td></tr>
<tr><td>Plats och tid</td><td>Kommunhuset, Stora salen, kl. 13.00–15.40</td></tr>
<tr><td>Beslutande</td><td>Ordförande KS (fiktiv) (C), ordförande<br>Ledamot KS (fiktiv) (D)<br>
Ledamot Tre (fiktiv) (A) §§ {first}–{first + 2}</td></tr>
<tr><td>Övriga närvarande</td><td>Kommundirektören (fiktiv), nämndsekreterare</td></tr>
<tr><td>Utses att justera</td><td>Ledamot KS (fiktiv)</td></tr>
<tr><td>Paragrafer</td><td>{first}–{last}</td></tr>
</table>
<p>ANSLAG/BEVIS<br>Protokollet är justerat. Justeringen har tillkännagivits genom anslag.<br>
Organ: {e(body)}</p>
<h4>Innehållsförteckning</h4>
<table>{toc}</table>

<div class="break"></div>
{head(0)}
<h4>{e(body_genitive)} beslut</h4>
<p>Ledamot KS (fiktiv) utses att jämte ordföranden justera protokollet.</p>

{head(1)}
<h4>Ärendebeskrivning</h4>
<p>Antalet barn i förskoleåldern väntas öka med cirka 140 barn fram till 2030. Två paviljonger
har tidsbegränsat bygglov som löper ut 2026. Kommunstyrelsens arbetsutskott behandlade ärendet
den 27 februari 2024, KSAU § 23.</p>
<h4>{e(body_genitive)} beslut</h4>
<p>{e(body)} beslutar</p>
<p>att godkänna redovisningen av behovet av förskoleplatser,</p>
<p>att uppdra åt barn- och utbildningsnämnden att ta fram en lokalförsörjningsplan för förskolan
2025–2030 och redovisa den senast den 30 november 2024.</p>
<h4>Beslutet skickas till</h4><p>Barn- och utbildningsnämnden</p>

{head(2)}
<h4>Ärendebeskrivning</h4>
<p>Badhuset från 1974 har stora renoveringsbehov. En förstudie behövs innan beslut om
renovering eller nybyggnad kan fattas.</p>
<h4>Förslag till beslut</h4>
<p>att uppdra åt kultur- och fritidsnämnden att genomföra förstudien.</p>
<h4>Yrkanden</h4>
<p>Ledamot KS (fiktiv) yrkar att kommunstyrelsen i stället ska uppdra åt kommundirektören.
Ordföranden finner att kommunstyrelsen bifaller yrkandet.</p>
<h4>{e(body_genitive)} beslut</h4>
<p>{e(body)} beslutar</p>
<p>att uppdra åt kommundirektören att genomföra en förstudie om renovering eller nybyggnad av
badhuset senast den 28 februari 2025,</p>
<p>att avsätta 800 000 kronor för förstudien.</p>

<div class="break"></div>
{head(3)}
<h4>Ärendebeskrivning</h4>
<p>Pensionärsrådet har lyft frågan om ofrivillig ensamhet bland äldre. Socialförvaltningen har
kartlagt befintliga mötesplatser i kommunen och ser behov av fler.</p>
<div class="break"></div>
{head(3, forts=True)}
<h4>{e(body_genitive)} beslut</h4>
<p>{e(body)} beslutar</p>
<p>att ge Socialnämnden i uppdrag att ta fram en handlingsplan mot ofrivillig ensamhet bland
äldre och redovisa den senast 2024-12-31,</p>
<p>att uppdra åt Testkommun Energi AB att erbjuda mötesplatsen i kundcentret.</p>
<h4>Yrkanden</h4>
<p>Ledamot Tre (fiktiv) yrkar att kommunstyrelsen även ska uppdra åt kommundirektören att
utreda fria bussresor för pensionärer. Ordföranden finner att yrkandet avslås.</p>

{head(4)}
<h4>Ärendebeskrivning</h4>
<p>Förslagsställaren vill att en hundrastgård anläggs i Södra parken.</p>
<h4>{e(body_genitive)} beslut</h4>
<p>Medborgarförslaget överlämnas till miljö- och byggnadsnämnden för beredning.</p>

{head(5)}
<h4>Ärendebeskrivning</h4>
<p>Arbetsmarknadschefen informerar om arbetslösheten, som var 6,1 procent i februari.</p>
<h4>{e(body_genitive)} beslut</h4>
<p>Informationen noteras.</p>
<p style="margin-top:3em">Vid protokollet<br>Nämndsekreterare (fiktiv)</p>
<!-- {n} -->
</body></html>"""


def protocol_pdf(**kwargs) -> bytes:
    """The protocol as a PDF with a text layer (WeasyPrint)."""
    from weasyprint import HTML

    return HTML(string=protocol_html(**kwargs)).write_pdf()


def protocol_text(**kwargs) -> str:
    """The same protocol as plain text (what the PDF's text layer says, roughly)."""
    import re

    text = re.sub(r"<style.*?</style>", "", protocol_html(**kwargs), flags=re.S)
    text = re.sub(r"<(br|/p|/h\d|/tr|/h1)[^>]*>", "\n", text)
    text = re.sub(r"<[^>]+>", " ", text)
    return html.unescape(re.sub(r"[ \t]+", " ", text))


def protocol_docx(**kwargs) -> bytes:
    """The same protocol as a Word file (paragraphs, no page furniture)."""
    import docx

    document = docx.Document()
    for line in protocol_text(**kwargs).split("\n"):
        if line.strip():
            document.add_paragraph(line.strip())
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def scanned_pdf(pages: int = 2) -> bytes:
    """A PDF of pictures only, like a scanned protocol: no text layer."""
    from weasyprint import HTML

    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="500" height="700">'
        + "".join(
            f'<rect x="40" y="{40 + 18 * k}" width="{300 + (k * 37) % 120}" height="8"/>'
            for k in range(30)
        )
        + "</svg>"
    )
    body = '<div style="break-after: page">' + svg + "</div>"
    return HTML(string=f"<html><body>{body * pages}</body></html>").write_pdf()


def encrypted_pdf(password: str = "hemligt") -> bytes:
    """The protocol, encrypted with a user password."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(protocol_pdf())).pages:
        writer.add_page(page)
    writer.encrypt(user_password=password, owner_password=password + "-owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def many_pages_pdf(pages: int = 500) -> bytes:
    """A PDF with many (blank) pages — more than the reader accepts."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
