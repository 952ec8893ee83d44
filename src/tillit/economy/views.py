"""Economy pages: overview, a body's page with its chart, exports, and the controller's forms
(frames, frame changes, forecasts, action plans, SIE and CSV imports, mappings).

Reading is public (these are public records); writes need a login and can_manage_economy. Every
view is a thin adapter over economy.selectors (reads), economy.services (writes) and
economy.imports (imports and their previews): it parses the request, calls them and renders.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from datetime import date
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

from tillit.accounts.permissions import can_manage_economy, can_report_forecast
from tillit.core.errors import (
    NotFound,
    PermissionDenied,
    TillitError,
    ValidationFailed,
)
from tillit.core.forms import apply_service_errors
from tillit.core.fragments import Fragment
from tillit.core.web import (
    forbidden,
    municipality_for_page,
    municipality_or_404,
    page_context,
    today,
)
from tillit.jobs.selectors import job_get
from tillit.jobs.services import job_start
from tillit.organisation.models import Body
from tillit.organisation.selectors import body_get
from tillit.portal.exports import DOWNLOAD_FORMATS, Column, export_response

from . import selectors, services
from .charts import cumulative_chart
from .forms import ActionPlanForm, CsvUploadForm, ForecastForm, FrameChangeForm, FrameForm
from .imports import CsvKind
from .jobs import import_lock_key
from .models import ChangeKind

MAX_UPLOAD_BYTES = 200 * 1024 * 1024  # 200 MB; larger exports go through `tillit sie import`
MAX_CSV_BYTES = 20 * 1024 * 1024  # 20 MB; larger files go through `tillit economy import-*`
UPLOAD_MAX_AGE = 24 * 3600  # seconds an unconfirmed upload is kept (docs/economy.md)
PREVIEW_ROWS = 100  # objects (and unmapped objects) listed on the SIE preview; the rest counted


def _year_in(raw: str) -> int | None:
    """A year typed in a form or in ``?ar=``: 1990–2100, else None."""
    return int(raw) if raw.isdigit() and 1990 <= int(raw) <= 2100 else None


def _year(request, municipality) -> tuple[int, list[int]]:
    """The year a page shows (``?ar=``, else this year or the nearest year with data), and the
    years with data."""
    years = selectors.economy_years(municipality=municipality)
    year = _year_in(request.GET.get("ar", ""))
    if year is not None:
        return year, years
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
    if fmt in DOWNLOAD_FORMATS:
        return _export(
            request, m, fmt, f"ekonomi-{m.slug}-{year}", _overview_columns(), data.bodies
        )
    _attach_plans(m, year, data.bodies)
    return render(
        request,
        "economy/overview.html",
        _ctx(request, m, data=data, year=year, years=years, totals=data.totals),
    )


def _attach_plans(m, year: int, rows, body=None) -> None:
    """Each row gets ``plans``: the action-plan decisions linked to its deficit (one query)."""
    by_body: dict[int, list] = {}
    for plan in selectors.action_plans_list(municipality=m, year=year, body=body):
        by_body.setdefault(plan.body_id, []).append(plan)
    for row in rows:
        row.plans = by_body.get(row.body.pk, [])


def _economy_body_or_404(m, slug: str) -> Body:
    """A body that has a frame of its own (not an utskott), or 404."""
    try:
        body = body_get(municipality=m, slug=slug)
    except NotFound as exc:
        raise Http404(exc.message) from None
    if body.kind not in selectors.ECONOMY_KINDS:
        raise Http404(_("%(body)s har ingen egen ram.") % {"body": body.name})
    return body


def _body_row(m, body, year: int):
    """The body's economy for the year, or None when the body did not exist that year."""
    data = selectors.economy_year(municipality=m, year=year, body=body)
    return data, (data.bodies[0] if data.bodies else None)


def body_page(request, municipality, slug):
    m = municipality_for_page(request, municipality)
    frag = None
    if request.GET.get("format") not in DOWNLOAD_FORMATS:
        # Kept until the data changes (core.fragments); the stored copy needs no query at all.
        frag = Fragment(request, m, "economy.body", slug, request.GET.urlencode(), day=today())
        if frag.hit:
            context = page_context(
                request, m, body={"name": frag.meta["body"]}, year=frag.meta["year"], frag=frag
            )
            return render(request, "economy/body.html", context)
    body = _economy_body_or_404(m, slug)
    year, years = _year(request, m)
    data, row = _body_row(m, body, year)
    if row is None:
        raise Http404(_("%(body)s fanns inte %(year)s.") % {"body": body.name, "year": year})
    fmt = request.GET.get("format")
    if fmt in DOWNLOAD_FORMATS:
        name = f"ekonomi-{m.slug}-{body.slug}-{year}"
        return _export(request, m, fmt, name, _month_columns(), row.months)
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
    _attach_plans(m, year, [row], body=body)
    forecasts = list(selectors.forecasts_list(municipality=m, body=body, year=year)[:24])
    frag.meta.update(body=body.name, year=year)
    return render(
        request,
        "economy/body.html",
        _ctx(
            request,
            m,
            frag=frag,
            body=body,
            row=row,
            data=data,
            year=year,
            years=years,
            chart=mark_safe(chart),  # noqa: S308 - built from numbers and escaped text
            by_year=sorted(by_year.values(), key=lambda e: e["year"]),
            forecasts=forecasts,
            can_report_forecast=can_report_forecast(request.user, body),
        ),
    )


# ---------------------------------------------------------------------------------------------
# Exports


def _overview_columns() -> list[Column]:
    return [
        Column("body", lambda b: b.body.name, _("Organ")),
        Column("frame", lambda b: b.frame, _("Ram")),
        Column("budget", lambda b: b.budget_total, _("Budget")),
        Column("actual_to_date", lambda b: b.actual_to_date, _("Utfall hittills")),
        Column(
            "forecast_reported",
            lambda b: b.reported.amount if b.reported else None,
            _("Prognos (förvaltningen)"),
        ),
        Column("forecast_projected", lambda b: b.projection, _("Prognos (automatisk)")),
        Column("deviation", lambda b: b.deviation, _("Avvikelse")),
        Column("additions_in_year", lambda b: b.additions_in_year, _("Tillskott under året")),
        Column("coverage", lambda b: b.coverage, _("Täckningsgrad")),
        Column("warning", lambda b: _("ja") if b.warning else "", _("Varning")),
        Column(
            "needs_action_plan",
            lambda b: _("ja") if b.needs_action_plan else "",
            _("Åtgärdsplan saknas"),
        ),
        Column("unlinked_share", lambda b: b.unlinked_share, _("Andel ej kopplad till uppdrag")),
    ]


def _month_columns() -> list[Column]:
    return [
        Column("month", lambda r: r.month.strftime("%Y-%m"), _("Månad")),
        Column("budget", lambda r: r.budget, _("Budget")),
        Column("actual", lambda r: r.actual, _("Utfall")),
        Column("cum_budget", lambda r: r.cum_budget, _("Budget ackumulerad")),
        Column("cum_actual", lambda r: r.cum_actual, _("Utfall ackumulerat")),
        Column("cum_forecast", lambda r: r.cum_forecast, _("Prognos ackumulerad")),
        Column("deviation", lambda r: r.deviation, _("Avvikelse ackumulerad")),
    ]


def _export(request, m, fmt: str, name: str, columns: list[Column], rows) -> HttpResponse:
    """The page's table as a spreadsheet download (``<name>.csv`` or ``.xlsx``)."""
    return export_response(
        fmt,
        municipality=m,
        dataset=name,
        columns=columns,
        rows=rows,
        source_url=request.build_absolute_uri(),
        download=True,
    )


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


def _upload_dir(name: str = "sie-uploads") -> Path:
    folder = Path(getattr(settings, "VAR_DIR", tempfile.gettempdir())) / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _purge_uploads(folder: Path, max_age: int = UPLOAD_MAX_AGE) -> None:
    """Delete uploads never confirmed (and files of interrupted uploads) older than
    ``max_age`` seconds. Runs on every upload, so the folder never grows without bound."""
    limit = time.time() - max_age
    for path in folder.iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink()
        except OSError:  # removed meanwhile by another request
            pass


@login_required
def import_page(request, municipality):
    m = municipality_or_404(municipality)
    denied = _manager_or_403(request, m)
    if denied:
        return denied
    ctx = _ctx(request, m, max_mb=MAX_UPLOAD_BYTES // (1024 * 1024))
    if request.method == "POST" and request.POST.get("token"):
        return _import_confirm(request, m, ctx)
    if request.method == "GET":
        ctx.update(_job_for_page(request, m))
        job = ctx.get("job")
        if job and job.kind == "economy.sie_preview" and job.status == "done":
            ctx.update(_preview_from_job(job))
        elif job and job.kind == "economy.sie_preview" and job.status == "failed":
            ctx.update(job=None, error=job.error)  # refused: the upload form, with the reason
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
            _purge_uploads(folder)
            tmp = folder / f"upload-{os.getpid()}-{id(upload)}.se"
            with open(tmp, "wb") as fh:
                for chunk in upload.chunks():
                    h.update(chunk)
                    fh.write(chunk)
            token = h.hexdigest()
            os.replace(tmp, folder / f"{token}.se")
            file_name = os.path.basename(upload.name)[:200]
            # The preview reads the whole file: a job, so the request answers at once and the
            # page shows its progress, then the preview (economy.jobs.sie_preview_job).
            try:
                job = job_start(
                    actor=request.user,
                    municipality=m,
                    kind="economy.sie_preview",
                    params={"token": token, "file_name": file_name},
                    title=_("Förhandsgranskning av %(name)s") % {"name": file_name},
                )
            except TillitError as exc:
                ctx["error"] = exc.message
            else:
                url = reverse("economy:import", kwargs={"municipality": m.slug})
                return redirect(f"{url}?jobb={job.pk}")
    status = 400 if ctx.get("error") else 200
    return render(request, "economy/import.html", ctx, status=status)


def _preview_from_job(job) -> dict:
    """The finished preview job's result as the preview the page shows (and may confirm)."""
    result = job.result["preview"]
    for row in result["per_object"]:
        row["result"], row["budget"] = Decimal(row["result"]), Decimal(row["budget"])
    ctx = {
        "job": None,
        "token": job.result["token"],
        "file_name": job.result["file_name"],
        "result": result,
        "rows_preview": result["per_object"][:PREVIEW_ROWS],
        "rows_more": max(0, len(result["per_object"]) - PREVIEW_ROWS),
        "unmapped_preview": result["unmapped"][:PREVIEW_ROWS],
        "unmapped_more": max(0, len(result["unmapped"]) - PREVIEW_ROWS),
    }
    if job.result.get("conflict"):
        ctx["conflict"] = job.result["conflict"]
    return ctx


def _import_confirm(request, m, ctx):
    token = request.POST.get("token", "")
    if len(token) != 64 or not all(c in "0123456789abcdef" for c in token):
        raise Http404
    path = _upload_dir() / f"{token}.se"
    if request.POST.get("cancel"):
        path.unlink(missing_ok=True)
        messages.info(request, _("Inläsningen avbröts; den uppladdade filen är borttagen."))
        return redirect("economy:import", municipality=m.slug)
    if not path.exists():
        ctx["error"] = _("Den uppladdade filen finns inte längre. Ladda upp den igen.")
        return render(request, "economy/import.html", ctx, status=400)
    file_name = request.POST.get("file_name", "sie.se")[:200]
    try:
        job = job_start(
            actor=request.user,
            municipality=m,
            kind="economy.sie_import",
            params={
                "token": token,
                "file_name": file_name,
                "replace": request.POST.get("replace") == "1",
            },
            title=_("Inläsning av %(name)s") % {"name": file_name},
            lock_key=import_lock_key(m),
        )
    except TillitError as exc:
        ctx.update(error=exc.message)
        return render(request, "economy/import.html", ctx, status=409)
    # The import runs in `tillit worker`; this page follows it (the file is deleted when stored).
    url = reverse("economy:import", kwargs={"municipality": m.slug})
    return redirect(f"{url}?jobb={job.pk}")


def _job_for_page(request, m) -> dict:
    """The job named by ``?jobb=`` on an import page, whose progress the page shows."""
    pk = request.GET.get("jobb", "")
    if not pk.isdigit():
        return {}
    try:
        return {"job": job_get(user=request.user, municipality=m, pk=int(pk))}
    except (NotFound, PermissionDenied):
        raise Http404 from None


@login_required
def mappings_page(request, municipality):
    m = municipality_or_404(municipality)
    denied = _manager_or_403(request, m)
    if denied:
        return denied
    bodies = selectors.economy_bodies(municipality=m)
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
    bodies = selectors.economy_bodies(municipality=m)
    decisions = selectors.council_decisions(municipality=m)
    assignments = selectors.fundable_assignments(municipality=m)
    kwargs = {"bodies": bodies, "decisions": decisions, "assignments": assignments}
    status = 200
    if request.method == "POST":
        form = FrameChangeForm(request.POST, **kwargs)
        status = 400  # a POST that comes back to the form has errors
        if form.is_valid():
            cd = form.cleaned_data
            by_slug = form.bodies
            result = _call_service(
                request,
                m,
                form,
                lambda: services.frame_change_register(
                    actor=request.user,
                    decision=form.decisions[cd["decision"]],
                    kind=cd["kind"],
                    body=by_slug[cd["body"]],
                    from_body=by_slug.get(cd["from_body"] or "")
                    if cd["kind"] == ChangeKind.REALLOCATION
                    else None,
                    year=cd["year"],
                    amount=cd["amount"],
                    assignments=[form.assignments[pk] for pk in cd["assignments"]],
                    unlinked=cd["unlinked"],
                    purpose=cd["purpose"],
                ),
            )
            if isinstance(result, HttpResponse):
                return result
            if result is not None:
                messages.success(request, _("Ramförändringen är registrerad."))
                return redirect(_body_url(m, by_slug[cd["body"]], cd["year"]))
    else:
        form = FrameChangeForm(
            initial={"year": today().year, "kind": ChangeKind.ADDITION}, **kwargs
        )
    ctx = _ctx(request, m, form=form)
    return render(request, "economy/frame_change_form.html", ctx, status=status)


# ---------------------------------------------------------------------------------------------
# Frames, forecasts and action plans


def _initial_year(request) -> int:
    return _year_in(request.GET.get("ar", "")) or today().year


def _body_url(m, body, year) -> str:
    url = reverse("economy:body", kwargs={"municipality": m.slug, "slug": body.slug})
    return f"{url}?ar={year}"


def _call_service(request, m, form, call):
    """Run a service for a bound, valid form: its errors go beside the fields (a Conflict names
    its field, the year; the rest go above the form). Returns the service's result, None on an
    error, or a 403 response. The form page is rendered with 200 either way, so the status
    apply_service_errors suggests is not used."""
    try:
        return call()
    except PermissionDenied as exc:
        return forbidden(request, exc.message, m)
    except TillitError as exc:
        apply_service_errors(form, exc)
    return None


@login_required
def frame_new(request, municipality):
    """Set a body's frame for a year from kommunfullmäktige's budget decision."""
    m = municipality_or_404(municipality)
    denied = _manager_or_403(request, m)
    if denied:
        return denied
    bodies = selectors.economy_bodies(municipality=m)
    decisions = selectors.council_decisions(municipality=m)
    if request.method == "POST":
        form = FrameForm(request.POST, bodies=bodies, decisions=decisions)
        if form.is_valid():
            cd = form.cleaned_data
            body = form.bodies[cd["body"]]
            result = _call_service(
                request,
                m,
                form,
                lambda: services.frame_set(
                    actor=request.user,
                    body=body,
                    year=cd["year"],
                    amount=cd["amount"],
                    decision=form.decisions[cd["decision"]],
                ),
            )
            if isinstance(result, HttpResponse):
                return result
            if result is not None:
                messages.success(
                    request,
                    _("Ramen för %(body)s %(year)s är satt enligt %(ref)s.")
                    % {"body": body.name, "year": cd["year"], "ref": result.decision.reference},
                )
                return redirect(_body_url(m, body, cd["year"]))
    else:
        slug = request.GET.get("organ", "")
        form = FrameForm(
            initial={"year": _initial_year(request), "body": slug},
            bodies=bodies,
            decisions=decisions,
        )
    year = form.data.get("year") if form.is_bound else form.initial["year"]
    frames = []
    if str(year).isdigit():
        frames = list(selectors.frames_list(municipality=m, year=int(year)))
    return render(
        request,
        "economy/frame_form.html",
        _ctx(request, m, form=form, frames=frames, frames_year=year),
    )


@login_required
def forecast_new(request, municipality, slug):
    """The administration's year-end forecast for a body, reported by the chief who answers to
    the body (or the controller)."""
    m = municipality_or_404(municipality)
    body = _economy_body_or_404(m, slug)
    if not can_report_forecast(request.user, body):
        return forbidden(
            request,
            _(
                "Prognosen rapporteras av förvaltningschefen som svarar mot organet, controller "
                "eller administratör."
            ),
            m,
        )
    if request.method == "POST":
        form = ForecastForm(request.POST)
        if form.is_valid():
            cd = form.cleaned_data
            result = _call_service(
                request,
                m,
                form,
                lambda: services.forecast_report(
                    actor=request.user,
                    body=body,
                    year=cd["year"],
                    as_of=cd["as_of"],
                    amount=cd["amount"],
                    note=cd["note"],
                ),
            )
            if isinstance(result, HttpResponse):
                return result
            if result is not None:
                messages.success(
                    request,
                    _("Prognosen för %(body)s %(year)s per %(month)s är sparad.")
                    % {
                        "body": body.name,
                        "year": result.year,
                        "month": result.as_of.strftime("%Y-%m"),
                    },
                )
                return redirect(_body_url(m, body, result.year) + "#prognos")
        year = _year_in(form.data.get("year", "")) or _initial_year(request)
        _data, row = _body_row(m, body, year)
    else:
        year = _initial_year(request)
        data, row = _body_row(m, body, year)
        as_of = data.as_of or (row.reported.as_of if row and row.reported else None)
        form = ForecastForm(
            initial={"year": year, "as_of": as_of.strftime("%Y-%m") if as_of else ""}
        )
    return render(
        request,
        "economy/forecast_form.html",
        _ctx(request, m, form=form, body=body, row=row, year=year),
    )


@login_required
def action_plan_new(request, municipality, slug):
    """Link a decision with an action plan (åtgärdsplan) to a body's deficit in a year."""
    m = municipality_or_404(municipality)
    denied = _manager_or_403(request, m)
    if denied:
        return denied
    body = _economy_body_or_404(m, slug)
    decisions = selectors.action_plan_decisions(municipality=m, body=body)
    if request.method == "POST":
        form = ActionPlanForm(request.POST, decisions=decisions)
        if form.is_valid():
            cd = form.cleaned_data
            decision = form.decisions[cd["decision"]]
            result = _call_service(
                request,
                m,
                form,
                lambda: services.action_plan_link(
                    actor=request.user,
                    body=body,
                    year=cd["year"],
                    decision=decision,
                    note=cd["note"],
                ),
            )
            if isinstance(result, HttpResponse):
                return result
            if result is not None:
                messages.success(
                    request,
                    _("%(ref)s är kopplat som åtgärdsplan för %(body)s %(year)s.")
                    % {"ref": decision.reference, "body": body.name, "year": result.year},
                )
                return redirect(_body_url(m, body, result.year))
        year = _year_in(form.data.get("year", "")) or _initial_year(request)
    else:
        year = _initial_year(request)
        form = ActionPlanForm(initial={"year": year}, decisions=decisions)
    _data, row = _body_row(m, body, year)
    plans = list(selectors.action_plans_list(municipality=m, year=year, body=body))
    return render(
        request,
        "economy/action_plan_form.html",
        _ctx(request, m, form=form, body=body, row=row, year=year, plans=plans),
    )


# ---------------------------------------------------------------------------------------------
# CSV imports: frames, internal budget, actuals — preview (imports.csv_import_preview, a
# rolled-back run), then confirm


CSV_DIR = "csv-uploads"


def _csv_preview_from_job(ctx, job):
    """A finished CSV preview job on its page: the preview to confirm, or (failed) the upload
    form again with the rows' errors. Returns the form to show, or None for the default."""
    ctx["job"] = None
    if job.status == "failed":
        form = CsvUploadForm(initial={"kind": job.params.get("kind", CsvKind.BUDGET)})
        form.full_clean()  # unbound: no errors of its own; add_error needs cleaned_data
        form.cleaned_data = {}
        form.add_error("file", job.error)
        ctx["row_errors"] = job.messages
        return form
    r = job.result
    preview = r["preview"]
    for f in preview["frames"]:
        f["amount"] = Decimal(f["amount"])
    for row in preview["per_body"]:
        row["total"] = Decimal(row["total"]) if row["total"] is not None else None
    for b in [preview["batch"], *preview["replaced"]]:
        if b:
            b["period_start"] = date.fromisoformat(b["period_start"])
            b["period_end"] = date.fromisoformat(b["period_end"])
    ctx.update(
        preview=preview,
        token=r["token"],
        kind=r["kind"],
        file_name=r["file_name"],
        kind_label=ctx["kinds"].get(r["kind"], r["kind"]),
    )
    if r.get("conflict"):
        ctx["conflict"] = r["conflict"]
    return CsvUploadForm(initial={"kind": r["kind"]})


@login_required
def csv_import_page(request, municipality):
    """Upload a frames, internal-budget or actuals CSV (docs/economy-csv.md), see what would be
    stored, then confirm. All or nothing: an error names the row and nothing is stored."""
    m = municipality_or_404(municipality)
    denied = _manager_or_403(request, m)
    if denied:
        return denied
    ctx = _ctx(request, m, max_mb=MAX_CSV_BYTES // (1024 * 1024), kinds=dict(CsvKind.choices))
    if request.method == "POST" and request.POST.get("token"):
        return _csv_confirm(request, m, ctx)
    if request.method == "POST":
        form = CsvUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            kind = form.cleaned_data["kind"]
            if upload.size > MAX_CSV_BYTES:
                form.add_error(
                    "file",
                    _(
                        "Filen är större än %(mb)s MB. Läs in den med kommandot "
                        "tillit economy import-budget/import-actuals/import-frames."
                    )
                    % {"mb": ctx["max_mb"]},
                )
            else:
                data = upload.read()
                token = hashlib.sha256(data).hexdigest()
                folder = _upload_dir(CSV_DIR)
                _purge_uploads(folder)
                (folder / f"{token}.csv").write_bytes(data)
                file_name = os.path.basename(upload.name)[:200]
                # The preview is a job (economy.jobs.csv_preview_job): the page polls it, then
                # shows the preview, or the form again with the rows' errors.
                try:
                    job = job_start(
                        actor=request.user,
                        municipality=m,
                        kind="economy.csv_preview",
                        params={"token": token, "kind": kind, "file_name": file_name},
                        title=_("Förhandsgranskning av %(name)s") % {"name": file_name},
                    )
                except PermissionDenied as exc:
                    return forbidden(request, exc.message, m)
                url = reverse("economy:csv_import", kwargs={"municipality": m.slug})
                return redirect(f"{url}?jobb={job.pk}")
    else:
        kind = request.GET.get("typ", "")
        form = CsvUploadForm(initial={"kind": kind if kind in ctx["kinds"] else CsvKind.BUDGET})
        ctx.update(_job_for_page(request, m))
        job = ctx.get("job")
        if job and job.kind == "economy.csv_preview" and not job.is_open:
            form = _csv_preview_from_job(ctx, job) or form
    ctx["form"] = form
    return render(request, "economy/csv_import.html", ctx)


def _csv_confirm(request, m, ctx):
    token = request.POST.get("token", "")
    if len(token) != 64 or not all(c in "0123456789abcdef" for c in token):
        raise Http404
    kind = request.POST.get("kind", "")
    form = CsvUploadForm(initial={"kind": kind})
    ctx["form"] = form
    path = _upload_dir(CSV_DIR) / f"{token}.csv"
    if kind not in ctx["kinds"] or not path.exists():
        ctx["error"] = _("Den uppladdade filen finns inte längre. Ladda upp den igen.")
        return render(request, "economy/csv_import.html", ctx)
    file_name = request.POST.get("file_name", "import.csv")[:200] or "import.csv"
    try:
        job = job_start(
            actor=request.user,
            municipality=m,
            kind="economy.csv_import",
            params={
                "token": token,
                "kind": kind,
                "file_name": file_name,
                "replace": request.POST.get("replace") == "1",
            },
            title=_("Inläsning av %(name)s") % {"name": file_name},
            lock_key=import_lock_key(m),
        )
    except PermissionDenied as exc:
        return forbidden(request, exc.message, m)
    except TillitError as exc:
        ctx["error"] = exc.message
        return render(request, "economy/csv_import.html", ctx, status=409)
    url = reverse("economy:csv_import", kwargs={"municipality": m.slug})
    return redirect(f"{url}?jobb={job.pk}")
