"""Economy pages: overview, a body's page with its chart, exports, and the controller's forms.

Reading is public (these are public records); writes need a login and can_manage_economy. Every
view is a thin adapter over economy.selectors and economy.services.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import tempfile
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from tillit.accounts.permissions import can_manage_economy
from tillit.assignments.models import Assignment
from tillit.core.errors import NotFound, TillitError, ValidationFailed
from tillit.core.web import forbidden, municipality_or_404, page_context, today
from tillit.decisions.models import Decision
from tillit.organisation.models import Body
from tillit.organisation.selectors import body_get

from . import selectors, services
from .charts import cumulative_chart
from .models import ChangeKind
from .sie.parser import SieError

MAX_UPLOAD_BYTES = 200 * 1024 * 1024  # 200 MB; larger exports go through `tillit sie import`


def _year(request, municipality) -> tuple[int, list[int]]:
    years = selectors.economy_years(municipality=municipality)
    raw = request.GET.get("ar", "")
    if raw.isdigit() and 1990 <= int(raw) <= 2100:
        return int(raw), years
    current = today().year
    if years and current not in years:
        return max(y for y in years if y <= current) if min(years) <= current else years[0], years
    return current, years


def _ctx(request, m, **extra):
    can_manage = can_manage_economy(request.user, m)
    return page_context(request, m, can_manage_economy=can_manage, **extra)


def overview(request, municipality):
    m = municipality_or_404(municipality)
    year, years = _year(request, m)
    data = selectors.economy_year(municipality=m, year=year)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return _export(fmt, f"ekonomi-{m.slug}-{year}", *_overview_table(data))
    return render(
        request,
        "economy/overview.html",
        _ctx(request, m, data=data, year=year, years=years, totals=data.totals),
    )


def body_page(request, municipality, slug):
    m = municipality_or_404(municipality)
    try:
        body = body_get(municipality=m, slug=slug)
    except NotFound as exc:
        raise Http404(exc.message) from None
    year, years = _year(request, m)
    data = selectors.economy_year(municipality=m, year=year, body=body)
    row = data.bodies[0]
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return _export(fmt, f"ekonomi-{m.slug}-{body.slug}-{year}", *_month_table(row))
    chart = cumulative_chart(
        title=_("%(body)s %(year)s: budget och utfall per månad")
        % {"body": body.name, "year": year},
        description=_(
            "Ackumulerad budget och ackumulerat utfall per månad i kronor, och prognosen för "
            "resten av året. Samma siffror finns i tabellen bredvid."
        ),
        budget=[r.cum_budget for r in row.months],
        actual=[r.cum_actual for r in row.months],
        forecast=[r.cum_forecast for r in row.months],
        frame=row.frame,
        chart_id=f"chart-{body.slug}",
    )
    by_year: dict[int, dict] = {}
    for c in selectors.frame_changes_list(municipality=m, body=body):
        entry = by_year.setdefault(c.year, {"year": c.year, "total": 0, "unlinked": 0})
        entry["total"] += abs(c.amount)
        entry["unlinked"] += abs(c.amount) if c.unlinked else 0
    for entry in by_year.values():
        entry["share"] = entry["unlinked"] / entry["total"] if entry["total"] else None
    return render(
        request,
        "economy/body.html",
        _ctx(
            request,
            m,
            body=body,
            row=row,
            data=data,
            year=year,
            years=years,
            chart=mark_safe(chart),  # noqa: S308 - built from numbers and escaped text
            by_year=sorted(by_year.values(), key=lambda e: e["year"]),
        ),
    )


# ---------------------------------------------------------------------------------------------
# Exports


def _overview_table(data) -> tuple[list[str], list[list]]:
    header = [
        _("Organ"),
        _("Ram"),
        _("Budget"),
        _("Utfall hittills"),
        _("Prognos (förvaltningen)"),
        _("Prognos (automatisk)"),
        _("Avvikelse"),
        _("Tillskott under året"),
        _("Täckningsgrad"),
        _("Varning"),
        _("Åtgärdsplan saknas"),
        _("Andel utan kopplat uppdrag"),
    ]
    rows = [
        [
            b.body.name,
            b.frame,
            b.budget_total,
            b.actual_to_date,
            b.reported.amount if b.reported else None,
            b.projection,
            b.deviation,
            b.additions_in_year,
            b.coverage,
            _("ja") if b.warning else "",
            _("ja") if b.needs_action_plan else "",
            b.unlinked_share,
        ]
        for b in data.bodies
    ]
    return header, rows


def _month_table(row) -> tuple[list[str], list[list]]:
    header = [
        _("Månad"),
        _("Budget"),
        _("Utfall"),
        _("Budget ackumulerad"),
        _("Utfall ackumulerat"),
        _("Prognos ackumulerad"),
        _("Avvikelse ackumulerad"),
    ]
    rows = [
        [
            r.month.strftime("%Y-%m"),
            r.budget,
            r.actual,
            r.cum_budget,
            r.cum_actual,
            r.cum_forecast,
            r.deviation,
        ]
        for r in row.months
    ]
    return header, rows


def _export(fmt: str, name: str, header: list[str], rows: list[list]) -> HttpResponse:
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")
        writer.writerow(header)
        for r in rows:
            writer.writerow(
                [
                    "" if v is None else (str(v) if not isinstance(v, Decimal) else format(v, "f"))
                    for v in r
                ]
            )
        response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = name[:31]
    ws.append(header)
    for r in rows:
        ws.append([float(v) if isinstance(v, Decimal) else v for v in r])
    buf = io.BytesIO()
    wb.save(buf)
    response = HttpResponse(
        buf.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


# ---------------------------------------------------------------------------------------------
# Controller's pages


def _manager_or_403(request, m):
    if not can_manage_economy(request.user, m):
        return forbidden(
            request,
            _("Endast controller, administratör eller fullmäktiges sekreterare får göra detta."),
            m,
        )
    return None


def _upload_dir() -> Path:
    folder = Path(getattr(settings, "VAR_DIR", tempfile.gettempdir())) / "sie-uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@login_required
def import_page(request, municipality):
    m = municipality_or_404(municipality)
    denied = _manager_or_403(request, m)
    if denied:
        return denied
    ctx = _ctx(request, m, max_mb=MAX_UPLOAD_BYTES // (1024 * 1024))
    if request.method == "POST" and request.POST.get("token"):
        return _import_confirm(request, m, ctx)
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            ctx["error"] = _("Välj en SIE-fil att läsa in.")
        elif upload.size > MAX_UPLOAD_BYTES:
            ctx["error"] = _(
                "Filen är större än %(mb)s MB. Läs in den med kommandot tillit sie import."
            ) % {"mb": ctx["max_mb"]}
        else:
            h = hashlib.sha256()
            folder = _upload_dir()
            tmp = folder / f"upload-{os.getpid()}-{id(upload)}.se"
            with open(tmp, "wb") as fh:
                for chunk in upload.chunks():
                    h.update(chunk)
                    fh.write(chunk)
            token = h.hexdigest()
            final = folder / f"{token}.se"
            os.replace(tmp, final)
            ctx.update(token=token, file_name=os.path.basename(upload.name)[:200])
            ctx.update(_preview(m, final, ctx["file_name"], replace=False))
    status = 400 if ctx.get("error") else 200
    return render(request, "economy/import.html", ctx, status=status)


def _preview(m, path: Path, file_name: str, replace: bool) -> dict:
    try:
        result = services.sie_file_import(
            municipality=m, path=path, dry_run=True, replace=replace, file_name=file_name
        )
    except services.SieImportError as exc:
        return {"error": exc.message, "token": None}
    except TillitError as exc:
        # period already imported: show the preview anyway and offer replace
        try:
            result = services.sie_file_import(
                municipality=m, path=path, dry_run=True, replace=True, file_name=file_name
            )
        except TillitError:
            return {"error": exc.message, "token": None}
        return {"result": result, "conflict": exc.message, "rows_preview": _preview_rows(result)}
    except SieError as exc:  # pragma: no cover - wrapped by the service
        return {"error": str(exc), "token": None}
    return {"result": result, "rows_preview": _preview_rows(result)}


def _preview_rows(result) -> list[dict]:
    if not result.summary:
        return []
    res, bud = result.summary["result_by_object"], result.summary["budget_by_object"]
    rows = []
    for obj in sorted(set(res) | set(bud)):
        rows.append(
            {
                "object_id": obj,
                "result": sum((Decimal(v) for v in res.get(obj, {}).values()), Decimal(0)),
                "budget": sum((Decimal(v) for v in bud.get(obj, {}).values()), Decimal(0)),
                "months": len(res.get(obj, {})),
            }
        )
    return rows


def _import_confirm(request, m, ctx):
    token = request.POST.get("token", "")
    if len(token) != 64 or not all(c in "0123456789abcdef" for c in token):
        raise Http404
    path = _upload_dir() / f"{token}.se"
    if not path.exists():
        ctx["error"] = _("Den uppladdade filen finns inte längre. Ladda upp den igen.")
        return render(request, "economy/import.html", ctx, status=400)
    file_name = request.POST.get("file_name", "sie.se")[:200]
    try:
        result = services.sie_file_import(
            municipality=m,
            path=path,
            replace=request.POST.get("replace") == "1",
            actor=request.user,
            file_name=file_name,
        )
    except TillitError as exc:
        ctx.update(error=exc.message)
        return render(request, "economy/import.html", ctx, status=400)
    path.unlink(missing_ok=True)
    if result.status == "already_imported":
        messages.info(request, _("Filen är redan inläst; inget ändrades."))
    else:
        messages.success(
            request,
            _("%(name)s är inläst: %(rows)s utfallsrader och %(budget)s budgetrader.")
            % {"name": file_name, "rows": result.rows, "budget": result.budget_rows},
        )
        if result.unmapped:
            messages.warning(
                request,
                _("%(n)s objekt saknar koppling till ett organ. Koppla dem nedan.")
                % {"n": len(result.unmapped)},
            )
            return redirect("economy:mappings", municipality=m.slug)
    return redirect("economy:overview", municipality=m.slug)


@login_required
def mappings_page(request, municipality):
    m = municipality_or_404(municipality)
    denied = _manager_or_403(request, m)
    if denied:
        return denied
    bodies = list(Body.objects.filter(municipality=m).exclude(kind="subcommittee").order_by("name"))
    error = None
    values = {}
    if request.method == "POST":
        values = {k: request.POST.get(k, "").strip() for k in ("object_id", "body", "name")}
        body = next((b for b in bodies if b.slug == values["body"]), None)
        try:
            services.mapping_set(
                actor=request.user,
                municipality=m,
                object_id=values["object_id"],
                body=body,
                name=values["name"],
            )
        except ValidationFailed as exc:
            error = " ".join(exc.errors.values())
        except TillitError as exc:
            error = exc.message
        else:
            messages.success(
                request,
                _("Objekt %(obj)s är kopplat till %(body)s.")
                % {"obj": values["object_id"], "body": body.name},
            )
            return redirect("economy:mappings", municipality=m.slug)
    year, _years = _year(request, m)
    unmapped = selectors.economy_year(municipality=m, year=year).unmapped
    ctx = _ctx(
        request,
        m,
        mappings=list(selectors.mappings_list(municipality=m)),
        bodies=bodies,
        unmapped=unmapped,
        year=year,
        error=error,
        values=values or {"object_id": request.GET.get("objekt", "")},
        batches=list(selectors.import_batches_list(municipality=m)[:20]),
    )
    return render(request, "economy/mappings.html", ctx, status=400 if error else 200)


@login_required
def frame_change_new(request, municipality):
    m = municipality_or_404(municipality)
    denied = _manager_or_403(request, m)
    if denied:
        return denied
    bodies = list(Body.objects.filter(municipality=m).exclude(kind="subcommittee").order_by("name"))
    decisions = list(
        Decision.objects.filter(municipality=m, body__kind="council")
        .select_related("body", "meeting")
        .order_by("-meeting__date", "-paragraph")[:200]
    )
    assignments = list(
        Assignment.objects.filter(municipality=m)
        .select_related("issuer")
        .order_by("-issued_on")[:300]
    )
    errors: dict[str, str] = {}
    v = {"year": str(today().year), "kind": ChangeKind.ADDITION}
    if request.method == "POST":
        v = {
            k: request.POST.get(k, "").strip()
            for k in ("body", "from_body", "year", "kind", "amount", "decision", "purpose")
        }
        v["assignments"] = request.POST.getlist("assignments")
        v["unlinked"] = request.POST.get("unlinked") == "1"
        by_slug = {b.slug: b for b in bodies}
        decision = next((d for d in decisions if str(d.pk) == v["decision"]), None)
        chosen = [a for a in assignments if str(a.pk) in v["assignments"]]
        if not v["year"].isdigit():
            errors["year"] = _("Ange år med fyra siffror.")
        elif v["body"] not in by_slug:
            errors["body"] = _("Välj organ.")
        elif decision is None:
            errors["decision"] = _("Välj kommunfullmäktiges beslut.")
        else:
            try:
                services.frame_change_register(
                    actor=request.user,
                    decision=decision,
                    kind=v["kind"],
                    body=by_slug[v["body"]],
                    from_body=by_slug.get(v["from_body"]) if v["kind"] == "reallocation" else None,
                    year=int(v["year"]),
                    amount=v["amount"],
                    assignments=chosen,
                    unlinked=v["unlinked"],
                    purpose=v["purpose"],
                )
            except ValidationFailed as exc:
                errors = exc.errors
            except TillitError as exc:
                errors = {"__all__": exc.message}
            else:
                messages.success(request, _("Ramförändringen är registrerad."))
                url = reverse("economy:body", kwargs={"municipality": m.slug, "slug": v["body"]})
                return redirect(f"{url}?ar={v['year']}")
    ctx = _ctx(
        request,
        m,
        bodies=bodies,
        decisions=decisions,
        assignments=assignments,
        kinds=ChangeKind.choices,
        v=v,
        errors=errors,
    )
    return render(request, "economy/frame_change_form.html", ctx, status=400 if errors else 200)
