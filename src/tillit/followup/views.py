"""Follow-up pages: the inbox, the report form, a report, questions, decisions on reports and
the body's report document. Thin adapters over services and selectors."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tillit.assignments.selectors import assignment_get
from tillit.core.errors import NotFound, PermissionDenied, TillitError, ValidationFailed
from tillit.core.forms import apply_service_errors, error_summary
from tillit.core.fragments import Fragment
from tillit.core.web import (
    forbidden,
    municipality_for_page,
    municipality_or_404,
    page_context,
    today,
)
from tillit.organisation.selectors import body_get

from . import permissions as perm
from . import services
from .documents import (
    DOCX_TYPE,
    document_build,
    render_docx,
    render_pdf,
)
from .forms import AnswerForm, DecideForm, QuestionForm, ReportForm
from .models import Outcome
from .periods import period_parse
from .selectors import (
    ANSWERS_SHOWN,
    inbox_for,
    question_get,
    report_for,
    report_get,
    report_prefill,
)


def _assignment_or_404(m, pk):
    try:
        return assignment_get(municipality=m, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from None


@login_required
def inbox(request, municipality):
    m = municipality_for_page(request, municipality)
    day = today()
    # The user's own inbox, kept until the data changes (core.fragments).
    frag = Fragment(request, m, "followup.inbox", day=day)
    if frag.hit:
        return render(request, "followup/inbox.html", page_context(request, m, frag=frag))
    box = inbox_for(user=request.user, municipality=m, today=day)
    if box.answers:  # an answer leaves the inbox 90 days after it was given
        frag.meta["changes_at"] = min(q.answered_at for q in box.answers) + ANSWERS_SHOWN
    return render(
        request, "followup/inbox.html", page_context(request, m, inbox=box, today=day, frag=frag)
    )


@login_required
def report_form(request, municipality, pk, period):
    m = municipality_or_404(municipality)
    assignment = _assignment_or_404(m, pk)
    try:
        found = period_parse(period)
    except ValidationFailed as exc:
        raise Http404(exc.message) from None
    if not perm.can_file_report(request.user, assignment):
        return forbidden(
            request,
            _(
                "Rapporten lämnas av den chef som har fått uppdraget. Politiker ser rapporten när "
                "den är inlämnad."
            ),
            m,
        )
    existing = report_for(assignment=assignment, period=found.code)
    if existing is not None and existing.is_submitted:
        return redirect("followup:report", municipality=m.slug, pk=existing.pk)
    prefill = {}
    failure, status = None, 200
    if request.method == "POST":
        form = ReportForm(request.POST)
        status = 400  # a POST that comes back to the form has errors
        if form.is_valid():
            submit = "submit" in request.POST
            # Submitting moves the assignment to "redovisat": refuse a form loaded from an older
            # version of the assignment (a draft only saves the chief's own text).
            version = form.cleaned_data.get("version") if submit else None
            try:
                report = services.report_save_draft(
                    actor=request.user,
                    assignment=assignment,
                    period=found.code,
                    expected_version=version,
                    **form.to_kwargs(),
                )
                if submit:
                    services.report_submit(
                        actor=request.user, report=report, expected_version=version
                    )
                    messages.success(
                        request,
                        _("Rapporten är inlämnad till %(b)s.") % {"b": assignment.issuer.name},
                    )
                    return redirect("followup:report", municipality=m.slug, pk=report.pk)
                messages.success(request, _("Utkastet är sparat. Det syns bara för förvaltningen."))
                return redirect(request.path)
            except TillitError as exc:
                # 409 on a conflict: the form keeps the input and takes the current version.
                status = apply_service_errors(form, form.service_error(exc))
                failure = exc
    else:
        if existing is not None:
            values = {
                "status": existing.status,
                "narrative": existing.narrative,
                "resources_suffice": existing.resources_suffice,
                "resources_missing_sek": existing.resources_missing_sek,
                "forecast": existing.forecast,
                "adjustment_request": existing.adjustment_request,
                "indicators": [
                    {"name": i.name, "value": i.value, "unit": i.unit, "target": i.target}
                    for i in existing.indicators.all()
                ],
            }
        else:
            values = prefill = report_prefill(assignment=assignment, period=found)
        form = ReportForm(
            initial={**ReportForm.initial_from(values), "version": assignment.version}
        )
    context = page_context(
        request,
        m,
        a=assignment,
        period=found,
        form=form,
        draft=existing,
        prefill_from=prefill.get("from_period") if prefill else None,
        stale=getattr(failure, "code", "") == "stale_version",
        summary=error_summary(form) if form.is_bound else [],
    )
    return render(request, "followup/report_form.html", context, status=status)


def report_detail(request, municipality, pk):
    m = municipality_or_404(municipality)
    try:
        report = report_get(municipality=m, pk=pk, user=request.user)
    except NotFound as exc:
        raise Http404(exc.message) from None
    a = report.assignment
    report_decision = getattr(report, "decision_on", None) if report.is_submitted else None
    context = page_context(
        request,
        m,
        report=report,
        a=a,
        report_decision=report_decision,
        can_decide=report.is_submitted
        and report_decision is None
        and a.is_open
        and perm.can_decide_on(request.user, a),
        can_ask=request.user.is_authenticated and perm.can_ask(request.user, a, today()),
        question_form=QuestionForm(initial={"report": report.pk}),
    )
    return render(request, "followup/report_detail.html", context)


@login_required
@require_POST
def question_ask_view(request, municipality, pk):
    m = municipality_or_404(municipality)
    assignment = _assignment_or_404(m, pk)
    form = QuestionForm(request.POST)
    back = request.POST.get("next") or f"/{m.slug}/uppdrag/{assignment.pk}/"
    if not back.startswith("/"):
        back = "/"
    if not form.is_valid():
        messages.error(request, _("Skriv frågan (högst 5 000 tecken)."))
        return redirect(back)
    report = None
    if form.cleaned_data.get("report"):
        try:
            report = report_get(municipality=m, pk=form.cleaned_data["report"], user=request.user)
        except NotFound:
            report = None
    try:
        question = services.question_ask(
            actor=request.user, assignment=assignment, text=form.cleaned_data["text"], report=report
        )
    except PermissionDenied as exc:
        return forbidden(request, exc.message, m)
    except TillitError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    messages.success(
        request,
        _("Frågan är ställd till %(to)s med svar senast %(d)s.")
        % {"to": question.to_office or assignment.issuer.name, "d": question.due_on.isoformat()},
    )
    return redirect(back + f"#fraga-{question.pk}")


@login_required
@require_POST
def question_answer_view(request, municipality, pk):
    m = municipality_or_404(municipality)
    try:
        question = question_get(municipality=m, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from None
    form = AnswerForm(request.POST)
    back = f"/{m.slug}/uppdrag/{question.assignment_id}/#fraga-{question.pk}"
    if not form.is_valid():
        messages.error(request, _("Skriv svaret."))
        return redirect(back)
    try:
        services.question_answer(
            actor=request.user, question=question, text=form.cleaned_data["text"]
        )
    except PermissionDenied as exc:
        return forbidden(request, exc.message, m)
    except TillitError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    messages.success(request, _("Svaret är skickat till den som frågade."))
    return redirect(back)


@login_required
def report_decide_view(request, municipality, pk):
    m = municipality_or_404(municipality)
    try:
        report = report_get(municipality=m, pk=pk, user=request.user)
    except NotFound as exc:
        raise Http404(exc.message) from None
    a = report.assignment
    if not perm.can_decide_on(request.user, a):
        return forbidden(
            request,
            _("Beslut om rapporten registreras av sekreteraren i %(b)s.") % {"b": a.issuer.name},
            m,
        )
    failure, status = None, 200
    # A joint assignment's resources change is split among its recipient bodies.
    recipients = [(b.slug, b.name) for b in services.recipient_bodies(a)]
    if request.method == "POST":
        form = DecideForm(request.POST, recipients=recipients)
        status = 400  # a POST that comes back to the form has errors
        if form.is_valid():
            data = form.cleaned_data
            amendment = None
            if data["outcome"] == Outcome.ADJUST:
                changes = {}
                if data.get("new_what"):
                    changes["what"] = data["new_what"]
                if data.get("new_deadline"):
                    changes["deadline"] = data["new_deadline"]
                amendment = services.amendment_from(a, **changes)
            try:
                services.report_decide(
                    actor=request.user,
                    report=report,
                    outcome=data["outcome"],
                    meeting_date=data["meeting_date"],
                    paragraph=data["paragraph"],
                    title=data.get("title") or "",
                    text=data.get("text") or "",
                    case_number=data.get("case_number") or "",
                    amendment=amendment,
                    resources_change_sek=data.get("resources_change_sek") or None,
                    frame_year=data.get("frame_year"),
                    frame_split=form.frame_split(),
                    expected_version=data.get("version"),
                )
                messages.success(request, _("Beslutet är registrerat."))
                return redirect("assignments:detail", municipality=m.slug, pk=a.pk)
            except TillitError as exc:
                # 409 on a conflict: the form keeps the input and takes the current version.
                status = apply_service_errors(form, exc)
                failure = exc
    else:
        form = DecideForm(
            initial={
                "meeting_date": today(),
                "case_number": a.decision.case_number,
                "version": a.version,
                "frame_year": today().year,
            },
            recipients=recipients,
        )
    context = page_context(
        request,
        m,
        report=report,
        a=a,
        form=form,
        stale=getattr(failure, "code", "") == "stale_version",
        summary=error_summary(form) if form.is_bound else [],
    )
    return render(request, "followup/decide.html", context, status=status)


def body_document(request, municipality, slug, fmt):
    m = municipality_or_404(municipality)
    if fmt not in ("pdf", "docx"):
        raise Http404(_("Formatet finns inte. Välj pdf eller docx."))
    try:
        body = body_get(municipality=m, slug=slug)
        period = period_parse(request.GET.get("period", ""))
    except (NotFound, ValidationFailed) as exc:
        raise Http404(exc.message) from None
    # The document is Swedish (<html lang="sv">) whatever language the page is read in.
    with translation.override(settings.LANGUAGE_CODE):
        doc = document_build(municipality=m, body=body, period=period, today=today())
        data = render_pdf(doc) if fmt == "pdf" else render_docx(doc)
    filename = f"uppfoljning-{body.slug}-{period.code}.{fmt}"
    response = HttpResponse(data, content_type="application/pdf" if fmt == "pdf" else DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def compiled_document(request, municipality, period, fmt):
    """The municipality-wide delårsrapport/årsredovisning (signed-in users), compiled by the
    worker (issue 18): POST starts the job and leads to its page, which then offers the file.
    A GET (an old link) leads to the reports page where the buttons are."""
    from tillit.jobs.services import job_start

    m = municipality_or_404(municipality)
    if fmt not in ("pdf", "docx"):
        raise Http404(_("Formatet finns inte. Välj pdf eller docx."))
    try:
        found = period_parse(period)
    except ValidationFailed as exc:
        raise Http404(exc.message) from None
    if found.kind not in ("DR", "AR"):
        raise Http404(_("Hela kommunens rapport finns för delårsrapport och årsredovisning."))
    if request.method != "POST":
        return redirect("portal:reports", municipality=m.slug)
    try:
        job = job_start(
            actor=request.user,
            municipality=m,
            kind="followup.compiled",
            params={"period": found.code, "fmt": fmt},
            title=_("%(label)s, hela kommunen (%(fmt)s)")
            % {"label": found.label, "fmt": fmt.upper()},
            lock_key=f"compiled:{m.pk}:{found.code}:{fmt}",
        )
    except PermissionDenied as exc:
        return forbidden(request, exc.message, m)
    except TillitError as exc:  # Conflict: the same document is being compiled
        messages.error(request, exc.message)
        return redirect("portal:reports", municipality=m.slug)
    return redirect("jobs:job", municipality=m.slug, pk=job.pk)
