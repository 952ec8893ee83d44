"""The secretary's protocol pages: upload a protocol, review every paragraph, register them.

Thin adapters: the reader (minutes.reader.parse_minutes) reads the file, protocol_store keeps
what it read, meeting_review shows the same checks as hand registration and meeting_register
registers the ticked paragraphs through decisions.services.decision_register.
"""

from __future__ import annotations

import hashlib
import os
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tillit.accounts.permissions import bodies_user_can_register_for
from tillit.assignments.chain import allowed_recipients
from tillit.core.errors import NotFound, PermissionDenied, TillitError
from tillit.core.web import forbidden, municipality_or_404, page_context
from tillit.jobs.services import job_start
from tillit.organisation.selectors import bodies_list, offices_list

from .jobs import job_threshold, upload_dir
from .models import ProtocolSource
from .organisation import organisation_names
from .reader import MAX_BYTES, MinutesUnreadable, parse_minutes
from .selectors import meeting_parse, meeting_review, protocol_get, protocols_list
from .services import meeting_register, protocol_store

EXTENSIONS = (".pdf", ".docx", ".txt")
KIND_LABELS = {
    "assignment": gettext_lazy("Uppdrag"),
    "report_decision": gettext_lazy("Beslut om redovisning"),
    "frame_change": gettext_lazy("Ramändring"),
    "delegation_report": gettext_lazy("Delegationsbeslut"),
    "election": gettext_lazy("Val"),
    "noted": gettext_lazy("Anmälan/noteras"),
    "other": gettext_lazy("Övrigt"),
}


def _no_rights(request, m):
    return forbidden(
        request,
        _(
            "Du får inte läsa in protokoll i %(m)s. Protokoll läses in av organets sekreterare; "
            "kontakta kommunens administratör om du behöver behörighet."
        )
        % {"m": m.name},
        m,
    )


def _upload_error(upload) -> str | None:
    if upload is None:
        return _("Välj en protokollfil (PDF, Word eller text) att läsa in.")
    name = (upload.name or "").lower()
    if not name.endswith(EXTENSIONS):
        return _(
            "Filtypen stöds inte. Läs in protokollet som PDF (med textlager), Word (.docx) "
            "eller text (.txt)."
        )
    if upload.size > MAX_BYTES:
        return _("Filen är för stor (%(mb)s MB); högst %(max)s MB kan läsas in.") % {
            "mb": upload.size // (1024 * 1024),
            "max": MAX_BYTES // (1024 * 1024),
        }
    if upload.size == 0:
        return _("Filen är tom.")
    return None


@login_required
def protocol_upload(request, municipality):
    m = municipality_or_404(municipality)
    if not bodies_user_can_register_for(request.user, m).exists():
        return _no_rights(request, m)
    error = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        error = _upload_error(upload)
        if error is None and upload.size > job_threshold():
            return _read_as_job(request, m, upload)
        if error is None:
            data = upload.read(MAX_BYTES + 1)
            name = os.path.basename(upload.name)[:255]
            try:
                minutes = parse_minutes(
                    data, filename=name, organisation=organisation_names(m)
                ).to_dict()
                protocol = protocol_store(
                    actor=request.user,
                    municipality=m,
                    meeting=minutes,
                    file_name=name,
                    sha256=hashlib.sha256(data).hexdigest(),
                    source=ProtocolSource.WEB,
                )
            except MinutesUnreadable as exc:
                error = exc.message
            except PermissionDenied as exc:
                return forbidden(request, exc.message, m)
            except TillitError as exc:
                error = _("Protokollet kunde inte läsas: %(e)s") % {"e": exc.message}
            else:
                return redirect("minutes:review", municipality=m.slug, pk=protocol.pk)
    context = page_context(
        request,
        m,
        error=error,
        protocols=protocols_list(municipality=m),
        max_mb=MAX_BYTES // (1024 * 1024),
    )
    return render(request, "minutes/upload.html", context, status=400 if error else 200)


def _read_as_job(request, m, upload):
    """A large protocol is read by `tillit worker`; the job's page links to the review."""
    name = os.path.basename(upload.name)[:255]
    ext = os.path.splitext(name.lower())[1]
    digest = hashlib.sha256()
    folder = upload_dir()
    tmp = folder / f"upload-{os.getpid()}-{id(upload)}{ext}"
    with open(tmp, "wb") as fh:
        for chunk in upload.chunks():
            digest.update(chunk)
            fh.write(chunk)
    token = digest.hexdigest()
    os.replace(tmp, folder / f"{token}{ext}")
    try:
        job = job_start(
            actor=request.user,
            municipality=m,
            kind="minutes.read_protocol",
            params={"token": token, "ext": ext, "file_name": name},
            title=_("Inläsning av protokollet %(name)s") % {"name": name},
        )
    except PermissionDenied as exc:
        return forbidden(request, exc.message, m)
    return redirect("jobs:job", municipality=m.slug, pk=job.pk)


def _int(value: str):
    value = (value or "").strip().replace(" ", "").replace("\u00a0", "")
    if not value:
        return None
    if not value.isdigit() or len(value) > 14:
        raise ValueError
    return int(value)


def _corrections(post, meeting: dict) -> tuple[set[int], dict, dict[str, str]]:
    """The ticked § numbers, the corrections per §, and input errors keyed by field name."""
    selected, corrections, errors = set(), {}, {}
    for p in meeting["paragraphs"]:
        n = p["number"]
        prefix = f"p{n}-"
        if post.get(prefix + "selected"):
            selected.add(n)
        assignments = []
        for j, a in enumerate(p["assignments"]):
            ap = f"{prefix}a{j}-"
            deadline = None
            raw_deadline = post.get(ap + "deadline", "").strip()
            if raw_deadline:
                try:
                    deadline = date.fromisoformat(raw_deadline)
                except ValueError:
                    errors[ap + "deadline"] = _("Skriv datumet som ÅÅÅÅ-MM-DD.")
            try:
                sek = _int(post.get(ap + "resources_sek", ""))
            except ValueError:
                sek = None
                errors[ap + "resources_sek"] = _("Ange kronor som ett heltal.")
            assignments.append(
                {
                    "recipient_text": a["recipient_text"],
                    "recipient": post.get(ap + "recipient", "").strip() or None,
                    "what": post.get(ap + "what", a["what"]).strip(),
                    "deadline": deadline,
                    "resources_sek": sek,
                }
            )
        corrections[n] = {
            "accept_deviation": post.get(prefix + "accept_deviation") == "1",
            "title": post.get(prefix + "title", p["title"]).strip(),
            "case_number": post.get(prefix + "case_number", p["case_number"]).strip(),
            "decision_text": post.get(prefix + "decision_text", p["decision_text"]),
            "assignments": assignments,
        }
    return selected, corrections, errors


def _recipient_groups(m, body, on) -> list:
    """The allowed recipients first (the right path), then every other body and chief."""
    allowed = allowed_recipients(body, on) if body is not None and on is not None else []
    keys = {t.slug for t in allowed}
    groups = []
    if allowed:
        label = _("Rätt väg i beslutskedjan för %(body)s") % {"body": body.name}
        groups.append((label, [(t.slug, str(t)) for t in allowed]))
    others = [(b.slug, b.name) for b in bodies_list(municipality=m) if b.slug not in keys]
    others += [(o.slug, str(o)) for o in offices_list(municipality=m) if o.slug not in keys]
    if others:
        groups.append((_("Övriga i organisationen"), others))
    return groups


@login_required
def protocol_review(request, municipality, pk):
    m = municipality_or_404(municipality)
    allowed = {b.slug: b for b in bodies_user_can_register_for(request.user, m)}
    if not allowed:
        return _no_rights(request, m)
    try:
        protocol = protocol_get(municipality=m, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from None
    meeting = meeting_parse(protocol.parsed)
    body = protocol.body if protocol.body and protocol.body.slug in allowed else None
    on = protocol.meeting_date
    selected = corrections = None
    input_errors: dict[str, str] = {}
    summary: list[str] = []
    status = 200
    if request.method == "POST":
        body = allowed.get(request.POST.get("body", ""))
        try:
            on = date.fromisoformat(request.POST.get("meeting_date", "").strip())
        except ValueError:
            on = None
            input_errors["meeting_date"] = _("Skriv sammanträdesdagen som ÅÅÅÅ-MM-DD.")
        selected, corrections, more = _corrections(request.POST, meeting)
        input_errors.update(more)
        if request.POST.get("action") == "register" and not input_errors:
            try:
                result = meeting_register(
                    actor=request.user,
                    municipality=m,
                    meeting=protocol.parsed,
                    body=body,
                    meeting_date=on,
                    selected=selected,
                    corrections=corrections,
                    protocol=protocol,
                    source=ProtocolSource.WEB,
                )
            except PermissionDenied as exc:
                return forbidden(request, exc.message, m)
            except TillitError as exc:
                errors = getattr(exc, "errors", None) or {exc.field or "": exc.message}
                summary = list(dict.fromkeys(errors.values()))
                status = 400
            else:
                messages.success(
                    request,
                    _("%(n)s paragrafer registrerades. %(k)s var redan registrerade.")
                    % {"n": len(result.registered), "k": len(result.already_registered)},
                )
                return redirect("minutes:review", municipality=m.slug, pk=protocol.pk)
        elif input_errors:
            status = 400
    review = meeting_review(
        municipality=m,
        meeting=meeting,
        body=body,
        meeting_date=on,
        selected=selected,
        corrections=corrections,
    )
    if body is None and review.body is not None and review.body.slug not in allowed:
        review.body = None  # a body the user may not register for is not offered
    for p in review.paragraphs:
        if selected is None:  # first view: tick what can be registered as it was read
            p.selected = p.selected and p.ok
        p.kind_label = KIND_LABELS.get(p.kind, p.kind)
        p.other_errors = [v for k, v in p.errors.items() if not k.startswith("assignments[")]
        for j, a in enumerate(p.assignments):
            a.errors = [v for k, v in p.errors.items() if k.startswith(f"assignments[{j}]")]
            a.errors += [v for k, v in input_errors.items() if k.startswith(f"p{p.number}-a{j}-")]
    groups = _recipient_groups(m, review.body, review.meeting_date)
    context = page_context(
        request,
        m,
        protocol=protocol,
        review=review,
        bodies=allowed.values(),
        groups=groups,
        kind_labels=KIND_LABELS,
        input_errors=input_errors,
        summary=summary,
    )
    return render(request, "minutes/review.html", context, status=status)
