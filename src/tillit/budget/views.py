"""Budget pages: the proposals of a year side by side, entering a proposal, adopting one.

Reading is public (tabled budget proposals are public records); entering and adopting need
can_manage_budget (KF's secretary or an admin). Thin adapters over budget.selectors and
budget.services.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tillit.accounts.permissions import can_manage_budget
from tillit.assignments.models import Assignment, Status
from tillit.core.errors import TillitError, ValidationFailed
from tillit.core.web import forbidden, municipality_or_404, page_context, today
from tillit.organisation.models import Body, BodyKind

from . import selectors, services
from .models import Budget, BudgetStatus, Kind

ROWS = 10  # change rows in the form; "Fler rader" (action=add) adds one, keeping what is typed


def _year(request, m) -> tuple[int, list[int]]:
    years = selectors.budget_years(municipality=m)
    raw = request.GET.get("ar", "")
    if raw.isdigit() and 1990 <= int(raw) <= 2100:
        return int(raw), years
    if years:
        return years[-1], years
    return today().year + 1, years


def _bodies(m, year: int) -> list[Body]:
    first, last = date(year, 1, 1), date(year, 12, 31)
    return [
        b
        for b in Body.objects.filter(municipality=m)
        .exclude(kind=BodyKind.SUBCOMMITTEE)
        .order_by("valid_from", "id")
        if b.valid_from <= last and (b.valid_to is None or b.valid_to >= first)
    ]


def index(request, municipality):
    m = municipality_or_404(municipality)
    year, years = _year(request, m)
    views, rows = selectors.budgets_compare(municipality=m, year=year)
    adopted = next((v for v in views if v.budget.status == BudgetStatus.ADOPTED), None)
    ctx = page_context(
        request,
        m,
        year=year,
        years=years,
        views=views,
        rows=rows,
        adopted=adopted,
        kinds=Kind.choices,
        plan_years=(year + 1, year + 2),
        can_manage_budget=can_manage_budget(request.user, m),
    )
    return render(request, "budget/index.html", ctx)


def _parse_rows(post, count: int) -> list[dict]:
    rows = []
    for i in range(count):
        v = {
            k: post.get(f"c{i}-{k}", "").strip()
            for k in (
                "body",
                "kind",
                "amount",
                "note",
                "driver",
                "counterpart",
                "assignment",
                "new_title",
                "new_what",
            )
        }
        v["index"] = i
        rows.append(v)
    return rows


def _lines(rows: list[dict], post, bodies, year: int) -> tuple[list[dict], dict[str, str]]:
    """The form's rows as budget_check's lines (grouped by body), and the row of each change
    (to put its errors beside it)."""
    lines: dict[str, dict] = {}
    where: dict[str, str] = {}
    for b in bodies:
        plan = {}
        for offset in (1, 2):
            raw = post.get(f"plan-{b.slug}-{offset}", "").strip()
            if raw:
                plan[str(year + offset)] = raw
        if plan:
            lines[b.slug] = {"body": b.slug, "changes": [], "plan": plan}
        what = post.get(f"mission-{b.slug}-what", "").strip()
        if what:
            mission: dict = {"what": what, "indicators": []}
            code = post.get(f"mission-{b.slug}-code", "").strip()
            title = post.get(f"mission-{b.slug}-title", "").strip()
            target = post.get(f"mission-{b.slug}-target", "").strip()
            if code or title or target:
                mission["indicators"].append({"code": code, "title": title, "target": target})
            lines.setdefault(b.slug, {"body": b.slug, "changes": []})["mission"] = mission
    for row in rows:
        if not (row["body"] or row["amount"] or row["note"]):
            continue  # an empty row
        line = lines.setdefault(row["body"], {"body": row["body"], "changes": []})
        change = {"kind": row["kind"], "amount_sek": row["amount"], "note": row["note"]}
        if row["driver"]:
            change["driver"] = row["driver"]
        if row["counterpart"]:
            change["counterpart"] = row["counterpart"]
        if row["assignment"]:
            change["assignments"] = [int(row["assignment"])] if row["assignment"].isdigit() else []
        if row["new_title"] or row["new_what"]:
            change["new_assignment"] = {
                "title": row["new_title"],
                "what": row["new_what"],
                "recipients": [row["body"]],
            }
        where[f"{len(line['changes'])}:{row['body']}"] = str(row["index"])
        line["changes"].append(change)
        # a technical change needs its counterpart's line
        if row["counterpart"] and row["counterpart"] not in lines:
            lines[row["counterpart"]] = {"body": row["counterpart"], "changes": []}
    ordered = list(lines.values())
    return ordered, where


def _row_errors(errors: dict, lines: list[dict], where: dict) -> dict:
    """lines[i].changes[j].field -> row index, so the error shows beside the row."""
    out = {}
    for key, msg in errors.items():
        if key.startswith("lines[") and ".changes[" in key:
            i = int(key[6 : key.index("]")])
            j = int(key[key.index(".changes[") + 9 : key.index("]", key.index(".changes["))])
            row = where.get(f"{j}:{lines[i]['body']}") if i < len(lines) else None
            if row is not None:
                out.setdefault(row, []).append(msg)
    return out


@login_required
def propose(request, municipality):
    m = municipality_or_404(municipality)
    if not can_manage_budget(request.user, m):
        return forbidden(
            request,
            _("Budgetförslag registreras av fullmäktiges sekreterare eller en administratör."),
            m,
        )
    raw_year = request.POST.get("year") or request.GET.get("ar") or str(today().year + 1)
    year = int(raw_year) if raw_year.isdigit() and 1990 <= int(raw_year) <= 2100 else None
    bodies = _bodies(m, year or today().year + 1)
    count = ROWS
    if (n := request.POST.get("rows") or request.GET.get("rader", "")).isdigit():
        count = max(1, min(int(n), 60))
    assignments = list(
        Assignment.objects.filter(
            municipality=m, status__in=[Status.DECIDED, Status.IN_PROGRESS, Status.REPORTED]
        )
        .select_related("issuer")
        .order_by("-issued_on", "-id")[:300]
    )
    errors: dict[str, str] = {}
    row_errors: dict = {}
    v = {"year": raw_year, "title": "", "proposed_by": ""}
    rows = [{"index": i} for i in range(count)]
    plans: dict[str, str] = {}
    if request.method == "POST":
        v = {k: request.POST.get(k, "").strip() for k in ("year", "title", "proposed_by")}
        rows = _parse_rows(request.POST, count)
        plans = {k: val for k, val in request.POST.items() if k.startswith(("plan-", "mission-"))}
        missing_kind = {
            str(r["index"]): [_("Välj typ för förändringen.")]
            for r in rows
            if (r["body"] or r["amount"] or r["note"]) and not r["kind"]
        }
        if request.POST.get("action") == "add":
            # one more row; nothing is checked or stored, everything typed is shown again
            count = min(count + 1, 60)
            rows.append({"index": len(rows)})
        elif year is None:
            errors["year"] = _("Ange budgetåret med fyra siffror.")
        elif missing_kind:
            errors["__all__"] = _("Välj typ för varje förändring.")
            row_errors = missing_kind
        else:
            lines, where = _lines(rows, request.POST, bodies, year)
            try:
                budget = services.budget_propose(
                    actor=request.user,
                    municipality=m,
                    year=year,
                    title=v["title"],
                    proposed_by=v["proposed_by"],
                    lines=lines,
                )
            except ValidationFailed as exc:
                errors = exc.errors
                row_errors = _row_errors(errors, lines, where)
            except TillitError as exc:
                errors = {"__all__": exc.message}
            else:
                messages.success(
                    request,
                    _("Budgetförslaget från %(who)s är registrerat.") % {"who": budget.proposed_by},
                )
                url = reverse("budget:index", kwargs={"municipality": m.slug})
                return redirect(f"{url}?ar={budget.year}")
    for row in rows:
        row["errors"] = row_errors.get(str(row["index"]), [])
    ctx = page_context(
        request,
        m,
        v=v,
        year=year,
        rows=rows,
        count=count,
        bodies=bodies,
        plan_rows=[
            (b, plans.get(f"plan-{b.slug}-1", ""), plans.get(f"plan-{b.slug}-2", ""))
            for b in bodies
        ],
        mission_rows=[
            {
                "body": b,
                **{
                    k: plans.get(f"mission-{b.slug}-{k}", "")
                    for k in ("what", "code", "title", "target")
                },
            }
            for b in bodies
            if b.kind != BodyKind.COUNCIL  # KF gives the grunduppdrag; it has none itself
        ],
        plan_years=((year or 0) + 1, (year or 0) + 2),
        kinds=Kind.choices,
        assignments=assignments,
        errors=errors,
    )
    return render(request, "budget/propose.html", ctx, status=400 if errors else 200)


@login_required
def adopt(request, municipality, pk):
    m = municipality_or_404(municipality)
    budget = Budget.objects.filter(municipality=m, pk=pk).first()
    if budget is None:
        raise Http404(_("Budgetförslaget finns inte."))
    if not can_manage_budget(request.user, m):
        return forbidden(
            request,
            _("Kommunfullmäktiges beslut registreras av dess sekreterare eller en administratör."),
            m,
        )
    errors: dict[str, str] = {}
    v = {"meeting_date": "", "paragraph": "", "case_number": ""}
    if request.method == "POST":
        v = {k: request.POST.get(k, "").strip() for k in v}
        try:
            meeting_date = date.fromisoformat(v["meeting_date"])
        except ValueError:
            errors["meeting_date"] = _("Ange sammanträdets datum som ÅÅÅÅ-MM-DD.")
        if not v["paragraph"].isdigit():
            errors["paragraph"] = _("Ange paragrafnumret som ett heltal.")
        if not errors:
            try:
                result = services.budget_adopt(
                    actor=request.user,
                    budget=budget,
                    meeting_date=meeting_date,
                    paragraph=int(v["paragraph"]),
                    case_number=v["case_number"],
                )
            except ValidationFailed as exc:
                errors = exc.errors
            except TillitError as exc:
                errors = {"__all__": exc.message}
            else:
                messages.success(
                    request,
                    _("Kommunfullmäktige har antagit budgeten (%(ref)s).")
                    % {"ref": result.decision.reference},
                )
                url = reverse("budget:index", kwargs={"municipality": m.slug})
                return redirect(f"{url}?ar={budget.year}")
    ctx = page_context(request, m, budget=budget, v=v, errors=errors)
    return render(request, "budget/adopt.html", ctx, status=400 if errors else 200)


def document(request, municipality):
    """The adopted budget of ?ar=Y as PDF (default) or Word (?format=docx). Signed in, the
    document is compiled by the worker (POST starts the job; its page shows progress and then
    the download); a citizen's GET gets it at once."""
    from . import documents

    m = municipality_or_404(municipality)
    year, _years = _year(request, m)
    if request.method == "POST":
        return _document_job(request, m, year)
    try:
        doc = documents.document_build(municipality=m, year=year, today=today())
    except TillitError as exc:
        raise Http404(exc.message) from None
    name = f"mal-och-budget-{m.slug}-{year}"
    if request.GET.get("format") == "docx":
        response = HttpResponse(
            documents.render_docx(doc),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
        return response
    response = HttpResponse(documents.render_pdf(doc), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


def _document_job(request, m, year: int):
    from tillit.core.errors import Conflict, PermissionDenied
    from tillit.jobs.services import job_start

    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next={request.path}")
    fmt = "docx" if request.POST.get("format") == "docx" else "pdf"
    try:
        job = job_start(
            actor=request.user,
            municipality=m,
            kind="budget.document",
            params={"year": year, "fmt": fmt},
            title=_("Mål och budget %(year)s (%(fmt)s)") % {"year": year, "fmt": fmt.upper()},
            lock_key=f"budget-document:{m.pk}:{year}:{fmt}",
        )
    except PermissionDenied as exc:
        return forbidden(request, exc.message, m)
    except Conflict as exc:
        messages.error(request, exc.message)
        return redirect(f"{reverse('budget:index', kwargs={'municipality': m.slug})}?ar={year}")
    return redirect("jobs:job", municipality=m.slug, pk=job.pk)


def operational_plan(request, municipality, slug):
    """A body's verksamhetsplan for ?ar=Y: read by everyone, written by the chief who answers
    to the body; ?format=pdf|docx downloads it."""
    from tillit.accounts.permissions import can_write_operational_plan
    from tillit.organisation.selectors import body_get

    from . import documents

    m = municipality_or_404(municipality)
    try:
        body = body_get(municipality=m, slug=slug)
    except TillitError as exc:
        raise Http404(exc.message) from None
    year, _years = _year(request, m)
    can_write = can_write_operational_plan(request.user, body)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not can_write:
            return forbidden(
                request,
                _("Verksamhetsplanen skrivs av förvaltningschefen som svarar mot organet."),
                m,
            )
        items = {}
        for key in request.POST:
            if key.startswith("activities-"):
                pk = key.removeprefix("activities-")
                items[pk] = {
                    "activities": request.POST.get(f"activities-{pk}", ""),
                    "milestones": request.POST.get(f"milestones-{pk}", ""),
                }
        try:
            services.operational_plan_save(
                actor=request.user,
                body=body,
                year=year,
                mission_how=request.POST.get("mission_how", ""),
                items=items,
            )
        except ValidationFailed as exc:
            errors = exc.errors
        except TillitError as exc:
            errors = {"__all__": exc.message}
        else:
            messages.success(request, _("Verksamhetsplanen är sparad."))
            url = reverse(
                "budget:operational_plan", kwargs={"municipality": m.slug, "slug": body.slug}
            )
            return redirect(f"{url}?ar={year}")
    view = selectors.operational_plan_view(municipality=m, body=body, year=year)
    fmt = request.GET.get("format")
    if fmt in ("pdf", "docx") and view.rows:
        name = f"verksamhetsplan-{m.slug}-{body.slug}-{year}"
        if fmt == "docx":
            response = HttpResponse(
                documents.plan_docx(m, view),
                content_type="application/vnd.openxmlformats-officedocument."
                "wordprocessingml.document",
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
            return response
        response = HttpResponse(documents.plan_pdf(m, view), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    ctx = page_context(
        request,
        m,
        body=body,
        year=year,
        view=view,
        can_write=can_write,
        editing=can_write and (request.GET.get("redigera") == "1" or bool(errors)),
        errors=errors,
    )
    return render(request, "budget/operational_plan.html", ctx, status=400 if errors else 200)
