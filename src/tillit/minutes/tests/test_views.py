"""The secretary's protocol pages: upload → review → register; bad files are 400, nothing stored."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from tillit.decisions.models import Decision
from tillit.minutes.models import Protocol

PROTOCOL = """Testkommun
SAMMANTRÄDESPROTOKOLL
Kommunstyrelsen
Sammanträdesdatum 2024-03-12

Paragrafer 30–32

§ 30 Dnr KS 2024/101
Digitalisering som frigör resurser

Kommunstyrelsens beslut
Kommunstyrelsen beslutar att ge kommundirektören i uppdrag att frigöra minst två procent av
kostnaderna till skola och omsorg genom digitalisering.

§ 31
Anmälan av delegationsbeslut

Kommunstyrelsens beslut
Anmälan läggs till handlingarna.

§ 32
Cykelställ vid torget

Kommunstyrelsens beslut
Kommunstyrelsen beslutar att ge Gata/park i uppdrag att flytta cykelställen till norra sidan
av torget.
"""


def login(client, kommun, user="sekreterare-ks"):
    client.force_login(kommun.users[user])


def upload(client, kommun, content: bytes, name="protokoll.txt"):
    url = f"/{kommun.municipality.slug}/protokoll/"
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def form_of(protocol, **overrides):
    """The review form as the browser sends it, for every paragraph, with `overrides`."""
    data = {"body": "ks", "meeting_date": "2024-03-12"}
    for p in protocol.parsed["paragraphs"]:
        n = p["number"]
        data[f"p{n}-title"] = p["title"]
        data[f"p{n}-case_number"] = p.get("dnr") or ""
        data[f"p{n}-decision_text"] = p["decision_text"]
        for j, a in enumerate(p["assignments"]):
            data[f"p{n}-a{j}-recipient"] = a["recipient"] or ""
            data[f"p{n}-a{j}-what"] = a["what"]
    data.update(overrides)
    return data


def test_upload_review_and_register(client, kommun):
    login(client, kommun)
    r = upload(client, kommun, PROTOCOL.encode())
    assert r.status_code == 302, r.content.decode()[:2000]
    protocol = Protocol.objects.get()
    assert protocol.body == kommun.ks and protocol.file_name == "protokoll.txt"
    assert len(protocol.sha256) == 64 and protocol.registered_at is None

    page = client.get(r["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "§ 30" in html and "§ 31" in html and "§ 32" in html
    assert 'value="kommundirektor" selected' in html
    assert "Politiken ger inte uppdrag direkt till enheter" in html  # § 32's chain check
    assert 'name="p30-selected" value="1" id="p30-selected" checked' in html
    assert 'name="p32-selected" value="1" id="p32-selected">' in html  # not ticked: a problem

    url = r["Location"]
    refused = client.post(url, form_of(protocol, **{"action": "register", "p32-selected": "1"}))
    assert refused.status_code == 400
    assert "Inget registrerades" in refused.content.decode()
    assert Decision.objects.count() == 0

    done = client.post(
        url,
        form_of(protocol, **{"action": "register", "p30-selected": "1", "p31-selected": "1"}),
    )
    assert done.status_code == 302
    assert set(Decision.objects.values_list("paragraph", flat=True)) == {30, 31}
    assert Decision.objects.get(paragraph=30).case_number == "KS 2024/101"

    again = client.get(url).content.decode()
    assert again.count('data-status="registered"') == 2

    corrected = form_of(
        protocol,
        **{"action": "register", "p32-selected": "1", "p32-a0-recipient": "kommundirektor"},
    )
    assert client.post(url, corrected).status_code == 302
    assert 'name="p32-accept_deviation"' not in client.get(url).content.decode()
    assert Decision.objects.get(paragraph=32).assignments.get().recipients.get().office_id == (
        kommun.kommundirektor.pk
    )
    assert Decision.objects.count() == 3


def test_bad_date_in_a_correction_is_400_and_stores_nothing(client, kommun):
    login(client, kommun)
    url = upload(client, kommun, PROTOCOL.encode())["Location"]
    protocol = Protocol.objects.get()
    r = client.post(
        url,
        form_of(
            protocol, **{"action": "register", "p30-selected": "1", "p30-a0-deadline": "31/12"}
        ),
    )
    assert r.status_code == 400
    assert "ÅÅÅÅ-MM-DD" in r.content.decode()
    assert Decision.objects.count() == 0


def _scanned_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="hemligt", owner_password="hemligt")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "content, name, message",
    [
        (None, None, "Välj en protokollfil"),
        (b"MZ\x90\x00", "program.exe", "Filtypen stöds inte"),
        (b"", "tom.txt", "Filen är tom"),
        ("scanned", "skannad.pdf", "skannad"),
        ("encrypted", "krypterad.pdf", "krypter"),
        ("Inköpslista\nMjölk\nBröd\n".encode(), "lista.txt", "inte vara ett protokoll"),
        (b"%PDF-1.7 trasig", "trasig.pdf", ""),
    ],
)
def test_bad_uploads_are_400_in_swedish_and_store_nothing(client, kommun, content, name, message):
    login(client, kommun)
    url = f"/{kommun.municipality.slug}/protokoll/"
    if content is None:
        r = client.post(url, {})
    else:
        content = {"scanned": _scanned_pdf, "encrypted": _encrypted_pdf}.get(
            content, lambda: content
        )()
        r = client.post(url, {"file": SimpleUploadedFile(name, content)})
    assert r.status_code == 400
    html = r.content.decode()
    assert 'id="upload-error"' in html
    assert message.lower() in html.lower()
    assert Protocol.objects.count() == 0


def test_too_large_upload_is_refused(client, kommun, monkeypatch):
    from tillit.minutes import views

    monkeypatch.setattr(views, "MAX_BYTES", 1000)  # a small limit instead of a 30 MB upload
    login(client, kommun)
    r = upload(client, kommun, PROTOCOL.encode() * 2)
    assert r.status_code == 400
    assert "för stor" in r.content.decode()
    assert Protocol.objects.count() == 0


def test_only_secretaries_and_admins(client, kommun):
    login(client, kommun, "lasare")
    assert client.get(f"/{kommun.municipality.slug}/protokoll/").status_code == 403
    r = upload(client, kommun, PROTOCOL.encode())
    assert r.status_code == 403
    assert Protocol.objects.count() == 0


def test_another_bodys_secretary_cannot_register_ks_minutes(client, kommun):
    login(client, kommun)
    url = upload(client, kommun, PROTOCOL.encode())["Location"]
    protocol = Protocol.objects.get()
    client.logout()
    login(client, kommun, "sekreterare-bun")
    page = client.get(url).content.decode()
    body_select = page.split('id="id_body"')[1].split("</select>")[0]
    assert 'value="ks"' not in body_select  # KS is not offered to BUN's secretary
    assert 'value="bun"' in body_select
    r = client.post(url, form_of(protocol, **{"action": "register", "p31-selected": "1"}))
    assert r.status_code == 403
    assert Decision.objects.count() == 0


@pytest.fixture
def large_uploads_as_jobs(settings, tmp_path):
    settings.TILLIT_MINUTES_JOB_BYTES = 100  # every test protocol counts as large
    settings.VAR_DIR = tmp_path


def test_a_large_protocol_is_read_as_a_job(client, kommun, large_uploads_as_jobs, tmp_path):
    from tillit.jobs.models import Job

    login(client, kommun)
    r = upload(client, kommun, PROTOCOL.encode())
    assert r.status_code == 302
    job = Job.objects.get()
    assert r["Location"].endswith(f"/jobb/{job.pk}/")
    assert job.kind == "minutes.read_protocol" and job.status == "done", job.error
    protocol = Protocol.objects.get()
    assert job.result["url"].endswith(f"/protokoll/{protocol.pk}/")
    assert protocol.uploaded_by == kommun.users["sekreterare-ks"]
    assert not list((tmp_path / "minutes-uploads").iterdir())  # the saved upload is removed
    assert "Granska protokollet" in client.get(r["Location"]).content.decode()


def test_an_unreadable_large_protocol_fails_its_job_and_stores_nothing(
    client, kommun, large_uploads_as_jobs
):
    from tillit.jobs.models import Job

    login(client, kommun)
    upload(client, kommun, _scanned_pdf(), name="skannad.pdf")
    job = Job.objects.get()
    assert job.status == "failed"
    assert "skannad" in job.error
    assert Protocol.objects.count() == 0


def test_a_chain_breaking_paragraph_can_be_registered_as_decided(client, kommun):
    login(client, kommun)
    url = upload(client, kommun, PROTOCOL.encode())["Location"]
    protocol = Protocol.objects.get()
    page = client.get(url).content.decode()
    assert 'name="p32-accept_deviation"' in page
    form = form_of(
        protocol, **{"action": "register", "p32-selected": "1", "p32-accept_deviation": "1"}
    )
    assert client.post(url, form).status_code == 302
    assert Decision.objects.get(paragraph=32).assignments.get().outside_chain


def test_the_readers_notes_are_shown_on_the_review(client, kommun):
    from tillit.minutes.services import protocol_store

    from .test_register import meeting

    data = {**meeting(), "warnings": ["Sidan 3 saknar text (skannad?) och har inte lästs."]}
    protocol = protocol_store(
        actor=kommun.users["sekreterare-ks"], municipality=kommun.municipality, meeting=data
    )
    login(client, kommun)
    page = client.get(f"/{kommun.municipality.slug}/protokoll/{protocol.pk}/").content.decode()
    assert "Sidan 3 saknar text" in page.split('id="reader-warnings"')[1]
