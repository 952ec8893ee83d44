"""Decision pages and the secretary's form for registering a decision with its assignments.

The form view is a thin adapter: it parses input with forms, calls decision_register (which runs
the decision-chain rule through assignment_draft_check) and turns the domain errors into messages
beside the right field.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tillit.accounts.permissions import bodies_user_can_register_for
from tillit.analysis.advice import decision_live_advice, live_advice
from tillit.assignments.selectors import assignments_for_decision
from tillit.assignments.services import AssignmentDraft, assignment_draft_check
from tillit.core.errors import (
    ChainViolation,
    NotFound,
    PermissionDenied,
    TillitError,
    ValidationFailed,
)
from tillit.core.forms import apply_service_errors, error_summary
from tillit.core.fragments import Fragment
from tillit.core.web import (
    forbidden,
    municipality_for_page,
    municipality_or_404,
    page_context,
    today,
)
from tillit.organisation.selectors import bodies_list

from .forms import AssignmentFormSet, DecisionForm, recipient_choices
from .selectors import decision_get, decisions_list
from .services import decision_register

PAGE_SIZE = 50
FORMSET_PREFIX = "assignments"


def decision_list(request, municipality):
    m = municipality_for_page(request, municipality)
    # Kept until the data changes (core.fragments): a stored copy needs no query at all.
    frag = Fragment(request, m, "decisions.list", request.GET.urlencode())
    if frag.hit:
        return render(request, "decisions/list.html", page_context(request, m, frag=frag))
    bodies = {b.slug: b for b in bodies_list(municipality=m)}
    slug = request.GET.get("organ", "")
    body = bodies.get(slug)
    error = None
    if slug and body is None:
        error = _("Organet ”%(slug)s” finns inte. Alla beslut visas.") % {"slug": slug[:40]}
    rows = decisions_list(municipality=m, body=body)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("sida"))
    context = page_context(
        request, m, page=page, bodies=bodies.values(), body=body, error=error, frag=frag
    )
    return render(request, "decisions/list.html", context)


def decision_detail(request, municipality, pk):
    m = municipality_or_404(municipality)
    try:
        decision = decision_get(municipality=m, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from None
    context = page_context(
        request, m, decision=decision, assignments=list(assignments_for_decision(decision=decision))
    )
    return render(request, "decisions/detail.html", context)


def _no_rights_message(municipality) -> str:
    return _(
        "Du får inte registrera beslut i %(m)s. Beslut registreras av organets sekreterare; "
        "kontakta kommunens administratör om du behöver behörighet."
    ) % {"m": municipality.name}


def _error_summary(form, formset) -> list[dict]:
    """Every error, in page order, with the id of the field it belongs to."""
    rows = [(_("Uppdrag %(n)s") % {"n": i + 1}, row) for i, row in enumerate(formset.forms)]
    items = error_summary(form, rows=rows, form_label=_("Beslutet"), form_target="decision-errors")
    for err in formset.non_form_errors():
        items.append({"target": "assignment-rows", "label": _("Uppdrag"), "message": err})
    return items


@login_required
def decision_register_view(request, municipality):
    m = municipality_or_404(municipality)
    allowed = list(bodies_user_can_register_for(request.user, m))
    if not allowed:
        return forbidden(request, _no_rights_message(m), m)

    action = request.POST.get("action", "save") if request.method == "POST" else "new"
    if request.method == "POST":
        form = DecisionForm(request.POST, municipality=m, allowed_bodies=allowed)
        data = request.POST
        if action == "add":
            data = request.POST.copy()
            try:
                total = int(data.get(f"{FORMSET_PREFIX}-TOTAL_FORMS", "1"))
            except ValueError:
                total = 1
            data[f"{FORMSET_PREFIX}-TOTAL_FORMS"] = str(min(total + 1, 50))
    else:
        form = DecisionForm(
            municipality=m,
            allowed_bodies=allowed,
            initial={"body": allowed[0].slug, "meeting_date": today()},
        )
        data = None
    issuer = form.selected_body() or allowed[0]
    on = form.selected_date() or today()
    groups = recipient_choices(municipality=m, issuer=issuer, on=on)
    formset = AssignmentFormSet(data, prefix=FORMSET_PREFIX, recipient_groups=groups)

    summary: list[dict] = []
    chain_refusal = False
    accept_deviation = request.method == "POST" and request.POST.get("accept_deviation") == "1"
    if action == "save":
        form_ok = form.is_valid()
        formset_ok = formset.is_valid()
        if form_ok and formset_ok:
            row_index, drafts = [], []
            for index, row in enumerate(formset.forms):
                if row.has_changed():
                    row_index.append(index)
                    drafts.append(row.to_draft())
            cd = form.cleaned_data
            try:
                decision = decision_register(
                    actor=request.user,
                    body=form.bodies[cd["body"]],
                    meeting_date=cd["meeting_date"],
                    paragraph=cd["paragraph"],
                    title=cd["title"],
                    text=cd["text"],
                    case_number=cd["case_number"],
                    approved_on=cd["approved_on"],
                    initiative=cd["initiative"],
                    initiative_by=cd["initiative_by"],
                    assignments=drafts,
                    accept_deviation=accept_deviation,
                )
            except PermissionDenied as exc:
                return forbidden(request, exc.message, m)
            except ChainViolation as exc:
                apply_service_errors(form, exc, formset, rows=row_index)
                # Offer "Beslutet fattades så" for a violation the body can really have decided.
                chain_refusal = exc.extra.get("confirmable", True)
            except TillitError as exc:
                # "assignments[i].…" goes to the row the service got as draft i. The status
                # comes from the error summary below: 400, also for a § taken meanwhile.
                apply_service_errors(form, exc, formset, rows=row_index)
            else:
                count = len(drafts)
                if decision.deviation_ids:
                    messages.warning(
                        request,
                        _(
                            "Beslutet %(ref)s är registrerat med %(n)s uppdrag. %(d)s av dem gavs "
                            "utanför beslutskedjan och räknas som avvikelse."
                        )
                        % {
                            "ref": decision.reference,
                            "n": count,
                            "d": len(decision.deviation_ids),
                        },
                    )
                else:
                    messages.success(
                        request,
                        _("Beslutet %(ref)s är registrerat med %(n)s uppdrag.")
                        % {"ref": decision.reference, "n": count},
                    )
                return redirect("decisions:detail", municipality=m.slug, pk=decision.pk)
        summary = _error_summary(form, formset)

    if action == "add" and formset.forms:
        formset.forms[-1].fields["title"].widget.attrs["autofocus"] = True
    if request.method == "POST" and action != "refresh":
        # The "vad, inte hur" advice survives a re-render (add a row, errors on save).
        form.advice = _text_advice(request.POST, "text")
        for index, row in enumerate(formset.forms):
            row.advice = _text_advice(request.POST, index)
    context = page_context(
        request,
        m,
        form=form,
        formset=formset,
        summary=summary,
        issuer=issuer,
        chain_refusal=chain_refusal and len(summary) == 1,
    )
    template = "decisions/register.html"
    if request.htmx and action == "add":
        template += "#register-form"
    elif request.htmx and action == "refresh":
        # Only the recipient lists change with the body and date; swap them out of band so
        # nothing the user is typing elsewhere is replaced.
        template = "decisions/_targets_refresh.html"
    status = 400 if summary else 200
    if request.htmx:
        status = 200  # htmx swaps 2xx only
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_GET
def recipients_check(request, municipality):
    """Live check of one assignment row's recipients against the decision chain (HTMX)."""
    m = municipality_or_404(municipality)
    allowed = list(bodies_user_can_register_for(request.user, m))
    if not allowed:
        return forbidden(request, _no_rights_message(m), m)
    form = DecisionForm(request.GET, municipality=m, allowed_bodies=allowed)
    issuer = form.selected_body()
    on = form.selected_date() or today()
    try:
        row = int(request.GET.get("row", "0"))
    except ValueError:
        row = 0
    recipients = request.GET.getlist(f"{FORMSET_PREFIX}-{row}-recipients")
    lead = request.GET.get(f"{FORMSET_PREFIX}-{row}-lead") or None
    result = {"state": "empty", "message": ""}
    if issuer is not None and recipients:
        # Only the recipients are checked here; the rest of the row is checked on save.
        draft = AssignmentDraft(title="-", what="-", recipients=recipients, lead=lead)
        try:
            assignment_draft_check(issuer=issuer, draft=draft, on=on)
        except ChainViolation as exc:
            result = {"state": "error", "message": exc.message}
        except ValidationFailed as exc:
            relevant = [v for k, v in exc.errors.items() if k in ("recipients", "lead", "body")]
            result = (
                {"state": "error", "message": " ".join(relevant)}
                if relevant
                else {"state": "ok", "message": ""}
            )
        else:
            result = {"state": "ok", "message": ""}
    return render(request, "decisions/_recipients_check.html", {"result": result, "row": row})


def _row_text(data, index) -> tuple[str, dict]:
    """One assignment row's what + why and the structured fields filled in so far."""
    field = f"{FORMSET_PREFIX}-{index}-"
    text = "\n".join(
        v.strip() for v in (data.get(field + "what", ""), data.get(field + "why", "")) if v.strip()
    )
    present = {
        "has_deadline": data.get(field + "deadline"),
        "has_resources": data.get(field + "resources_sek") or data.get(field + "resources_fte"),
        "has_followup": data.get(field + "followups"),
    }
    return text, {k: True if (v or "").strip() else None for k, v in present.items()}


def _filled_rows(data) -> list[tuple[str, dict]]:
    """The assignment rows with anything typed in (empty rows are skipped on save too)."""
    try:
        total = min(int(data.get(f"{FORMSET_PREFIX}-TOTAL_FORMS", 0)), 60)
    except ValueError:
        total = 0
    rows = []
    for index in range(total):
        text, flags = _row_text(data, index)
        title = (data.get(f"{FORMSET_PREFIX}-{index}-title") or "").strip()
        if text or title or any(flags.values()):
            rows.append((text, flags))
    return rows


def _text_advice(data, target) -> dict:
    """Advice for the decision text (target "text") or one assignment row's what + why."""
    if target == "text":
        # The decision is told only what none of its assignments carries (issue 17).
        return decision_live_advice(data.get("text", ""), _filled_rows(data))
    text, flags = _row_text(data, target)
    return live_advice(text, **flags)


@login_required
@require_POST
def text_analyse(request, municipality):
    """Live "vad, inte hur" analysis of the text being typed (HTMX). Advice only: it never
    blocks saving, and nothing is stored."""
    m = municipality_or_404(municipality)
    if not list(bodies_user_can_register_for(request.user, m)):
        return forbidden(request, _no_rights_message(m), m)
    target = request.POST.get("target", "text")
    if target != "text":
        try:
            target = max(0, min(int(target), 59))
        except ValueError:
            target = "text"
    return render(request, "analysis/_advice.html", _text_advice(request.POST, target))
