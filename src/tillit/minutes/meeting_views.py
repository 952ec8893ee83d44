"""“Registrera ett sammanträde”: pages for registering a meeting by hand, § by §, then justering.

Thin adapters over ``minutes.meetings`` (rules there and in the services it calls): forms parse,
service errors go beside their field and into the error summary, nothing is stored on an error.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tillit.accounts.permissions import bodies_user_can_register_for, can_register_decision
from tillit.core.errors import ChainViolation, PermissionDenied, TillitError
from tillit.core.forms import apply_service_errors, error_summary
from tillit.core.web import forbidden, municipality_or_404, page_context, today

from .meeting_forms import ApproveForm, KindForm, MeetingStartForm, ParagraphForm, initial_from
from .meetings import (
    draft_delete,
    draft_paragraph_delete,
    draft_paragraph_save,
    drafts_open,
    meeting_draft_approve,
    meeting_draft_start,
    next_paragraph_number,
    paragraph_options,
    registered_earlier,
)
from .models import DraftParagraph, MeetingDraft, ParagraphKind


def _no_rights(request, m):
    return forbidden(
        request,
        _(
            "Du får inte registrera sammanträden i %(m)s. Det gör organets sekreterare; "
            "kontakta kommunens administratör om du behöver behörighet."
        )
        % {"m": m.name},
        m,
    )


def _summary(*forms) -> list[dict]:
    items = []
    for form in forms:
        items += error_summary(form, form_label=_("Paragrafen"))
    return items


def _draft(request, m, pk) -> MeetingDraft:
    draft = (
        MeetingDraft.objects.filter(municipality=m, pk=pk)
        .select_related("body", "meeting", "municipality")
        .first()
    )
    if draft is None:
        raise Http404(_("Sammanträdet finns inte."))
    return draft


def _status(summary, exc=None) -> int:
    if exc is not None and exc.status == 409:
        return 409
    return 400 if summary else 200


@login_required
def meeting_start(request, municipality):
    m = municipality_or_404(municipality)
    allowed = list(bodies_user_can_register_for(request.user, m))
    if not allowed:
        return _no_rights(request, m)
    form = MeetingStartForm(
        request.POST or None,
        bodies=allowed,
        initial={"body": allowed[0].slug, "meeting_date": today()},
    )
    summary, status = [], 200
    if request.method == "POST":
        if form.is_valid():
            try:
                draft = meeting_draft_start(
                    actor=request.user,
                    body=form.bodies[form.cleaned_data["body"]],
                    meeting_date=form.cleaned_data["meeting_date"],
                )
            except PermissionDenied as exc:
                return forbidden(request, exc.message, m)
            except TillitError as exc:
                apply_service_errors(form, exc)
            else:
                return redirect("minutes:meeting", municipality=m.slug, pk=draft.pk)
        summary = _summary(form)
        status = 400 if summary else 200
    context = page_context(
        request,
        m,
        form=form,
        summary=summary,
        drafts=list(drafts_open(user=request.user, municipality=m)),
        registered=list(
            MeetingDraft.objects.filter(municipality=m, meeting__isnull=False, body__in=allowed)
            .select_related("body", "meeting")
            .order_by("-meeting_date")[:10]
        ),
    )
    return render(request, "minutes/meetings/start.html", context, status=status)


@login_required
def meeting_page(request, municipality, pk):
    m = municipality_or_404(municipality)
    draft = _draft(request, m, pk)
    if not can_register_decision(request.user, draft.body):
        return _no_rights(request, m)
    approve = ApproveForm(
        request.POST if request.POST.get("action") == "approve" else None,
        initial={"approved_on": today()},
    )
    summary, status, exc = [], 200, None
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "delete":
                p = DraftParagraph.objects.filter(draft=draft, pk=request.POST.get("paragraph"))
                p = p.first()
                if p is None:
                    raise Http404(_("Paragrafen finns inte."))
                draft_paragraph_delete(actor=request.user, paragraph=p)
                messages.success(request, _("§ %(n)s är borttagen.") % {"n": p.number})
                return redirect("minutes:meeting", municipality=m.slug, pk=draft.pk)
            if action == "discard":
                draft_delete(actor=request.user, draft=draft)
                messages.success(request, _("Sammanträdet under registrering är borttaget."))
                return redirect("minutes:meetings", municipality=m.slug)
            if action == "approve" and approve.is_valid():
                meeting = meeting_draft_approve(
                    actor=request.user,
                    draft=draft,
                    approved_on=approve.cleaned_data["approved_on"],
                    adjusters=approve.cleaned_data["adjusters"],
                )
                messages.success(
                    request,
                    _(
                        "Sammanträdet är justerat och registrerat med %(n)s paragrafer. "
                        "Det är nu låst."
                    )
                    % {"n": meeting.decisions.count()},
                )
                return redirect("minutes:meeting", municipality=m.slug, pk=draft.pk)
        except PermissionDenied as e:
            return forbidden(request, e.message, m)
        except TillitError as e:
            exc = e
            if action == "approve":
                apply_service_errors(approve, e)
            else:
                summary.append(
                    {"target": "paragraphs", "label": _("Sammanträdet"), "message": e.message}
                )
        summary += _summary(approve)
        status = _status(summary, exc)
        draft.refresh_from_db()
    paragraphs = list(draft.paragraphs.select_related("decision").order_by("number"))
    context = page_context(
        request,
        m,
        draft=draft,
        meeting=draft.meeting,
        paragraphs=paragraphs,
        approve=approve,
        summary=summary,
        next_number=None if draft.is_registered else next_paragraph_number(draft),
        earlier=registered_earlier(draft),
    )
    return render(request, "minutes/meetings/meeting.html", context, status=status)


@login_required
def paragraph_edit(request, municipality, pk, paragraph_pk=None):
    m = municipality_or_404(municipality)
    draft = _draft(request, m, pk)
    if not can_register_decision(request.user, draft.body):
        return _no_rights(request, m)
    meeting_url = reverse("minutes:meeting", kwargs={"municipality": m.slug, "pk": draft.pk})
    if draft.is_registered:
        messages.error(
            request,
            _("Sammanträdet är justerat och låst: inga paragrafer kan läggas till eller ändras."),
        )
        return redirect(meeting_url)
    paragraph = None
    if paragraph_pk is not None:
        paragraph = DraftParagraph.objects.filter(draft=draft, pk=paragraph_pk).first()
        if paragraph is None:
            raise Http404(_("Paragrafen finns inte."))
        kind = paragraph.kind
    else:
        kind = request.POST.get("kind") or request.GET.get("typ", "")
    if kind not in ParagraphKind.values:
        chooser = KindForm(request.GET if "typ" in request.GET else None)
        if "typ" in request.GET:
            chooser.is_valid()
        context = page_context(
            request,
            m,
            draft=draft,
            chooser=chooser,
            summary=_summary(chooser),
            next_number=next_paragraph_number(draft),
        )
        status = 400 if chooser.errors else 200
        return render(request, "minutes/meetings/choose_kind.html", context, status=status)

    options = paragraph_options(draft)
    if request.method == "POST":
        form = ParagraphForm(request.POST, kind=kind, options=options)
    else:
        initial = (
            initial_from(paragraph)
            if paragraph is not None
            else {"paragraph": next_paragraph_number(draft)}
        )
        form = ParagraphForm(kind=kind, options=options, initial=initial)
    summary, status, chain_refusal = [], 200, False
    if request.method == "POST":
        exc = None
        if form.is_valid():
            data = form.to_data()
            if kind == ParagraphKind.ASSIGNMENT and request.POST.get("accept_deviation") == "1":
                data["accept_deviation"] = True
            try:
                saved = draft_paragraph_save(
                    actor=request.user,
                    draft=draft,
                    kind=kind,
                    number=form.cleaned_data["paragraph"],
                    title=form.cleaned_data["title"],
                    data=data,
                    paragraph=paragraph,
                )
            except PermissionDenied as e:
                return forbidden(request, e.message, m)
            except TillitError as e:
                exc = e
                apply_service_errors(form, e)
                chain_refusal = isinstance(e, ChainViolation) and e.extra.get("confirmable", True)
            else:
                messages.success(
                    request,
                    _("§ %(n)s är sparad som utkast. Den registreras när sammanträdet justeras.")
                    % {"n": saved.number},
                )
                if request.POST.get("action") == "next":
                    return redirect(
                        reverse(
                            "minutes:paragraph_new", kwargs={"municipality": m.slug, "pk": draft.pk}
                        )
                    )
                return redirect(meeting_url)
        summary = _summary(form)
        status = _status(summary, exc)
    context = page_context(
        request,
        m,
        draft=draft,
        form=form,
        kind=kind,
        kind_label=ParagraphKind(kind).label,
        paragraph=paragraph,
        summary=summary,
        chain_refusal=chain_refusal and len(summary) == 1,
        options=options,
    )
    return render(request, "minutes/meetings/paragraph.html", context, status=status)
