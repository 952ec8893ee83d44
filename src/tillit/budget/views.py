"""Budget pages: the proposals of a year side by side, entering a proposal, adopting one.

Reading is public (tabled budget proposals are public records); entering and adopting need
can_manage_budget (KF's secretary or an admin). Thin adapters over budget.selectors and
budget.services.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from tillit.accounts.permissions import can_manage_budget
from tillit.assignments.models import Assignment, Status
from tillit.core.errors import TillitError, ValidationFailed
from tillit.core.web import forbidden, municipality_or_404, page_context, today
from tillit.organisation.models import Body, BodyKind

from . import selectors, services
from .models import Budget, BudgetStatus, Kind

# Change rows in a new form (review P4-31: ten empty rows read as a chore); "Fler rader"
# (action=add) adds one, keeping what is typed.
ROWS = 3
INDICATORS = 50  # indicator rows per grunduppdrag at most (the API's limit)


def _indicator_suffix(k: int) -> str:
    """The first indicator's fields are mission-<organ>-code/title/target, the next ones
    mission-<organ>-code-1, -code-2, … ."""
    return f"-{k}" if k else ""


def _indicator_count(post, slug: str) -> int:
    raw = post.get(f"mission-{slug}-indicators", "")
    return max(1, min(int(raw), INDICATORS)) if raw.isdigit() else 1


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
                "keep",
            )
        }
        v["index"] = i
        rows.append(v)
    return rows


def _keep(raw: str) -> dict:
    """A stored change's data the form has no field for (several assignments, the new
    assignment's deadline, lead and co-recipients, an explicit percentage), carried in a hidden
    field so an amendment through the form does not drop it. Re-checked like any input."""
    try:
        data = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _rows_of(budget: Budget) -> list[dict]:
    """A stored proposal's changes as the form's rows."""
    rows = []
    for line in budget.lines.select_related("body").prefetch_related(
        "changes__assignments", "changes__counterpart"
    ):
        for c in line.changes.all():
            ids = [a.pk for a in c.assignments.all()]
            new = c.new_assignment or {}
            keep = {}
            if len(ids) > 1:
                keep["assignments"] = ids
            if new:
                keep["new_assignment"] = new
            if c.percentage is not None:
                keep["percentage"] = str(c.percentage)
            rows.append(
                {
                    "index": len(rows),
                    "body": line.body.slug,
                    "kind": c.kind,
                    "amount": str(int(c.amount)),
                    "note": c.note,
                    "driver": c.driver,
                    "counterpart": c.counterpart.slug if c.counterpart_id else "",
                    "assignment": str(ids[0]) if ids else "",
                    "new_title": new.get("title", ""),
                    "new_what": new.get("what", ""),
                    "keep": json.dumps(keep, ensure_ascii=False) if keep else "",
                }
            )
    return rows


def _plans_of(budget: Budget) -> dict[str, str]:
    """A stored proposal's plan frames and grunduppdrag as the form's named values."""
    out: dict[str, str] = {}
    for line in budget.lines.select_related("body"):
        slug = line.body.slug
        for offset, value in ((1, line.plan_1), (2, line.plan_2)):
            if value is not None:
                out[f"plan-{slug}-{offset}"] = str(int(value))
        mission = line.mission or {}
        if mission.get("what"):
            out[f"mission-{slug}-what"] = mission["what"]
            indicators = [i for i in mission.get("indicators") or [] if isinstance(i, dict)]
            out[f"mission-{slug}-indicators"] = str(max(1, len(indicators)))
            for k, indicator in enumerate(indicators[:INDICATORS]):
                suffix = _indicator_suffix(k)
                out[f"mission-{slug}-code{suffix}"] = indicator.get("code", "")
                out[f"mission-{slug}-title{suffix}"] = indicator.get("title", "")
                target = indicator.get("target")
                out[f"mission-{slug}-target{suffix}"] = "" if target is None else str(target)
            out[f"mission-{slug}-keep"] = json.dumps(mission, ensure_ascii=False)
    return out


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
            kept = _keep(post.get(f"mission-{b.slug}-keep", ""))
            mission: dict = {"what": what, "indicators": []}
            if kept.get("title"):
                mission["title"] = kept["title"]
            # what the form has no field for (unit, higher_is_better) stays with its Kolada id
            stored = {i.get("code"): i for i in kept.get("indicators") or [] if isinstance(i, dict)}
            for k in range(_indicator_count(post, b.slug)):
                suffix = _indicator_suffix(k)
                code = post.get(f"mission-{b.slug}-code{suffix}", "").strip()
                title = post.get(f"mission-{b.slug}-title{suffix}", "").strip()
                target = post.get(f"mission-{b.slug}-target{suffix}", "").strip()
                if not (code or title or target):
                    continue  # an empty indicator row
                indicator = {"code": code, "title": title, "target": target}
                for extra in ("unit", "higher_is_better"):
                    if extra in stored.get(code, {}):
                        indicator[extra] = stored[code][extra]
                mission["indicators"].append(indicator)
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
        kept = _keep(row.get("keep", ""))
        if row["assignment"]:
            ids = [int(row["assignment"])] if row["assignment"].isdigit() else []
            several = kept.get("assignments")
            if isinstance(several, list) and several[:1] == ids:
                ids = several
            change["assignments"] = ids
        if row["new_title"] or row["new_what"]:
            new = dict(kept.get("new_assignment") or {"recipients": [row["body"]]})
            new.update({"title": row["new_title"], "what": row["new_what"]})
            change["new_assignment"] = new
        if row["kind"] == "index" and kept.get("percentage") and "%" not in row["note"]:
            change["percentage"] = kept["percentage"]
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
    return _proposal_form(request, m)


@login_required
def amend(request, municipality, pk):
    """Amend a proposal before adoption (the same form, filled in); with ?anta=1 KF adopts it
    as amended in one step (the meeting, § and diarienummer on the same page)."""
    m = municipality_or_404(municipality)
    budget = Budget.objects.filter(municipality=m, pk=pk).first()
    if budget is None:
        raise Http404(_("Budgetförslaget finns inte."))
    if not can_manage_budget(request.user, m):
        return forbidden(
            request,
            _("Budgetförslag ändras av fullmäktiges sekreterare eller en administratör."),
            m,
        )
    if budget.status == BudgetStatus.ADOPTED:
        messages.error(
            request,
            _("Budgeten är antagen och kan inte ändras. Ändra ramarna med ramförändringar."),
        )
        url = reverse("budget:index", kwargs={"municipality": m.slug})
        return redirect(f"{url}?ar={budget.year}")
    adopting = request.GET.get("anta") == "1" or request.POST.get("action") == "adopt"
    return _proposal_form(request, m, budget=budget, adopting=adopting)


def _proposal_form(request, m, budget: Budget | None = None, adopting: bool = False):
    """The proposal form: a new proposal, or (``budget``) an amendment of a stored one, or
    (``adopting``) KF's adoption of it as amended."""
    if budget is not None:
        raw_year = str(budget.year)
    else:
        raw_year = request.POST.get("year") or request.GET.get("ar")
        if not raw_year:  # the first year KF has not adopted a budget for (review P4-31)
            raw_year = str(selectors.first_open_year(municipality=m, start=today().year + 1))
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
    focus_row = None
    focus_indicator = None  # (organ, row) of an indicator row just added
    meeting = {"meeting_date": "", "paragraph": "", "case_number": ""}
    if budget is not None:
        v = {"year": raw_year, "title": budget.title, "proposed_by": budget.proposed_by}
        rows = _rows_of(budget)
        count = max(count if request.method == "POST" else 0, len(rows) + 2)
        rows += [{"index": i} for i in range(len(rows), count)]
        plans = _plans_of(budget)
    else:
        v = {"year": raw_year, "title": "", "proposed_by": ""}
        rows = [{"index": i} for i in range(count)]
        plans = {}
    if request.method == "POST":
        v = {k: request.POST.get(k, "").strip() for k in ("title", "proposed_by")}
        v["year"] = raw_year if budget is not None else request.POST.get("year", "").strip()
        rows = _parse_rows(request.POST, count)
        plans = {k: val for k, val in request.POST.items() if k.startswith(("plan-", "mission-"))}
        meeting = {k: request.POST.get(k, "").strip() for k in meeting}
        missing_kind = {
            str(r["index"]): [_("Välj typ för förändringen.")]
            for r in rows
            if (r["body"] or r["amount"] or r["note"]) and not r["kind"]
        }
        if request.POST.get("action") == "add":
            # one more row; nothing is checked or stored, everything typed is shown again
            count = min(count + 1, 60)
            rows.append({"index": len(rows)})
            focus_row = len(rows) - 1  # the page opens at the new row, its first field focused
        elif request.POST.get("action") == "sum":
            pass  # "Visa summor": the sums per organ below, nothing checked or stored
        elif (action := request.POST.get("action", "")).startswith("indicator-"):
            # one more indicator row for the organ's grunduppdrag; nothing checked or stored
            slug = action.removeprefix("indicator-")
            if any(b.slug == slug for b in bodies):
                n = _indicator_count(request.POST, slug)
                if n < INDICATORS:
                    plans[f"mission-{slug}-indicators"] = str(n + 1)
                    focus_indicator = (slug, n)
        elif year is None:
            errors["year"] = _("Ange budgetåret med fyra siffror.")
        elif missing_kind:
            errors["__all__"] = _("Välj typ för varje förändring.")
            row_errors = missing_kind
        else:
            lines, where = _lines(rows, request.POST, bodies, year)
            response, errors, row_errors = _proposal_save(
                request, m, budget, adopting, year, v, lines, where, meeting
            )
            if response is not None:
                return response
    for row in rows:
        row["errors"] = row_errors.get(str(row["index"]), [])
    previous = selectors.previous_frames(municipality=m, year=year) if year else {}
    totals = _totals(rows, bodies, previous) if request.method == "POST" and year else None
    mission_rows = [
        _mission_row(b, plans, focus_indicator)
        for b in bodies
        if b.kind != BodyKind.COUNCIL  # KF gives the grunduppdrag; it has none itself
    ]
    ctx = page_context(
        request,
        m,
        v=v,
        year=year,
        rows=rows,
        count=count,
        bodies=bodies,
        budget=budget,
        adopting=adopting,
        meeting=meeting,
        focus_row=focus_row,
        left_out=selectors.bodies_left_out(budget) if adopting else [],
        plan_rows=[
            (b, plans.get(f"plan-{b.slug}-1", ""), plans.get(f"plan-{b.slug}-2", ""))
            for b in bodies
        ],
        mission_rows=mission_rows,
        missions_open=bool(focus_indicator) or any(r["what"] for r in mission_rows),
        max_indicators=INDICATORS,
        plan_years=((year or 0) + 1, (year or 0) + 2),
        kinds=Kind.choices,
        assignments=assignments,
        errors=errors,
        totals=totals,
        # For the live sums (budget/sums.js): each organ's previous frame, in kronor.
        previous_frames=(
            {b.slug: float(previous[b.pk]) for b in bodies if b.pk in previous} if year else None
        ),
        year_adopted=(
            budget is None and year is not None and year in selectors.adopted_years(municipality=m)
        ),
    )
    return render(request, "budget/propose.html", ctx, status=400 if errors else 200)


def _totals(rows: list[dict], bodies, previous: dict) -> dict | None:
    """The typed changes summed per organ with the organ's new frame (previous frame + the
    changes), and in total: shown after any submit (Visa summor, Fler rader, an error), so the
    sums can be checked against the party's document without JavaScript (review P4-31).
    Amounts that do not parse are left out; saving reports them."""
    from tillit.core.amounts import AmountError, amount_parse

    sums: dict[str, Decimal] = {}
    for row in rows:
        if not row.get("body") or not row.get("amount"):
            continue
        try:
            amount = amount_parse(row["amount"], places=0)
        except AmountError:
            continue
        sums[row["body"]] = sums.get(row["body"], Decimal(0)) + amount
    if not sums:
        return None
    lines = []
    for b in bodies:
        if b.slug not in sums:
            continue
        before = previous.get(b.pk)
        change = sums[b.slug]
        lines.append(
            {
                "body": b,
                "previous": before,
                "change": change,
                "frame": None if before is None else before + change,
            }
        )
    return {
        "lines": lines,
        "change": sum((x["change"] for x in lines), Decimal(0)),
        "frame": sum((x["frame"] for x in lines if x["frame"] is not None), Decimal(0)),
    }


def _mission_row(body, plans: dict, focus) -> dict:
    """One organ's grunduppdrag in the form: what, and its indicator rows as typed."""
    slug = body.slug
    count = _indicator_count(plans, slug)
    indicators = [
        {
            "index": k,
            "suffix": _indicator_suffix(k),
            "focus": focus == (slug, k),
            **{
                f: plans.get(f"mission-{slug}-{f}{_indicator_suffix(k)}", "")
                for f in ("code", "title", "target")
            },
        }
        for k in range(count)
    ]
    return {
        "body": body,
        "what": plans.get(f"mission-{slug}-what", ""),
        "keep": plans.get(f"mission-{slug}-keep", ""),
        "count": count,
        "indicators": indicators,
    }


def _proposal_save(request, m, budget, adopting, year, v, lines, where, meeting):
    """Store the form: a new proposal, an amendment, or KF's adoption with amendments.
    Returns (redirect or None, errors, row errors)."""
    url = reverse("budget:index", kwargs={"municipality": m.slug}) + f"?ar={year}"
    content = {"title": v["title"], "proposed_by": v["proposed_by"], "lines": lines}
    if budget is not None:  # what the form has no fields for stays as stored
        content.update(
            goals=budget.goals,
            tax_revenue=budget.tax_revenue,
            financial_net=budget.financial_net,
            financial_goal=budget.financial_goal,
        )
    errors: dict[str, str] = {}
    try:
        if adopting:
            meeting_date, errors = _meeting(meeting)
            if errors:
                return None, errors, {}
            result = services.budget_adopt(
                actor=request.user,
                budget=budget,
                meeting_date=meeting_date,
                paragraph=int(meeting["paragraph"]),
                case_number=meeting["case_number"],
                amendments=content,
            )
            messages.success(
                request,
                _("Kommunfullmäktige har antagit budgeten med ändringar (%(ref)s).")
                % {"ref": result.decision.reference},
            )
        elif budget is not None:
            result = services.budget_amend(actor=request.user, budget=budget, **content)
            if result.revision is None:
                messages.info(request, _("Inget ändrades i förslaget."))
            else:
                messages.success(
                    request,
                    _("Förslaget från %(who)s är ändrat.") % {"who": result.budget.proposed_by},
                )
        else:
            created = services.budget_propose(
                actor=request.user, municipality=m, year=year, **content
            )
            messages.success(
                request,
                _("Budgetförslaget från %(who)s är registrerat.") % {"who": created.proposed_by},
            )
    except ValidationFailed as exc:
        return None, exc.errors, _row_errors(exc.errors, lines, where)
    except TillitError as exc:
        return None, {"__all__": exc.message}, {}
    return redirect(url), {}, {}


def _meeting(values: dict):
    """The adoption form's meeting date and § (Swedish errors beside the fields)."""
    errors: dict[str, str] = {}
    meeting_date = None
    try:
        meeting_date = date.fromisoformat(values["meeting_date"])
    except ValueError:
        errors["meeting_date"] = _("Ange sammanträdets datum som ÅÅÅÅ-MM-DD.")
    if not values["paragraph"].isdigit() or not 1 <= int(values["paragraph"]) <= 100000:
        errors["paragraph"] = _("Ange paragrafnumret som ett heltal.")
    return meeting_date, errors


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
        meeting_date, errors = _meeting(v)
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
    ctx = page_context(
        request,
        m,
        budget=budget,
        v=v,
        errors=errors,
        left_out=selectors.bodies_left_out(budget) if budget.status != "adopted" else [],
    )
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
    # The document is Swedish (<html lang="sv">) whatever language the page is read in.
    with translation.override(settings.LANGUAGE_CODE):
        try:
            doc = documents.document_build(municipality=m, year=year, today=today())
        except TillitError as exc:
            raise Http404(exc.message) from None
        docx = request.GET.get("format") == "docx"
        data = documents.render_docx(doc) if docx else documents.render_pdf(doc)
    name = f"mal-och-budget-{m.slug}-{year}"
    if docx:
        response = HttpResponse(
            data,
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
        return response
    response = HttpResponse(data, content_type="application/pdf")
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
