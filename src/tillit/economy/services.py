"""Writes of the economy: frames, frame changes, mappings, imports, forecasts, action plans.

Rules (see docs/economy.md):

* Frames and frame changes are decided by **kommunfullmäktige** (KF sets the frames in the
  budget decision — "mål och budget" — and changes them). The decision must be KF's, taken the
  year before (the budget is adopted in November) or during the year.
* Every frame change funds one or more assignments, or is explicitly marked
  ``unlinked`` ("utan kopplat uppdrag") — exactly one of the two.
* An omfördelning moves money from ``from_body`` to ``body``: two rows, − and +, paired.
* ``actor=None`` is a trusted system caller (the CLI, the demo loader). Web and API callers
  always pass the user, who must be allowed by ``accounts.permissions.can_manage_economy``.
* Imports are atomic, idempotent (same SHA-256 → nothing changes) and refuse a file for an
  already imported period unless ``replace`` — the old batch is kept, marked replaced.
* Objects with no mapping are imported to the "unmapped" bucket (``body`` null) and listed in
  the batch; mapping them later re-assigns the stored rows.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from tillit.accounts.permissions import can_manage_economy, can_report_forecast
from tillit.audit.capture import record_copied_rows
from tillit.core.errors import Conflict, PermissionDenied, TillitError, ValidationFailed
from tillit.organisation.models import Body, BodyKind, Municipality

from .models import (
    ActionPlan,
    ActualLine,
    BatchKind,
    BudgetLine,
    ChangeKind,
    Forecast,
    Frame,
    FrameChange,
    ImportBatch,
    ObjectMapping,
)
from .sie.parser import SieError
from .sie.summary import aggregate

UNMAPPED_LABEL = "(inget objekt)"
ACTUAL_KINDS = (BatchKind.SIE, BatchKind.ACTUAL_CSV)


class SieImportError(TillitError):
    """A broken SIE file. ``extra`` carries line_no and content; nothing was stored."""

    code = "sie_invalid"
    status = 422


# ---------------------------------------------------------------------------------------------
# Helpers


def _check_actor(actor, municipality) -> None:
    if actor is None:
        return  # trusted system caller (CLI, demo loader)
    if not can_manage_economy(actor, municipality):
        raise PermissionDenied(
            "Du får inte ändra ekonomiuppgifter. Det gör controller, administratör eller "
            "kommunfullmäktiges sekreterare."
        )


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def parse_amount(value) -> Decimal:
    """'1 234 567,50', '1234567.5', 1200 -> Decimal with two decimals. Never float."""
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, str):
        text = value.strip().replace("\u00a0", "").replace(" ", "").replace("\u2212", "-")
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"”{value}” är inget belopp") from None
    else:
        raise ValueError(f"”{value}” är inget belopp")
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
        raise ValueError(f"”{value}” är inget belopp med högst två decimaler")
    if abs(amount) >= Decimal("1e13"):
        raise ValueError(f"”{value}” är orimligt stort")
    return amount.quantize(Decimal("0.01"))


def _council_decision_errors(decision, municipality, year: int) -> dict[str, str]:
    errors = {}
    if decision is None:
        return {"decision": "Ange kommunfullmäktiges beslut."}
    if decision.municipality_id != municipality.pk:
        errors["decision"] = "Beslutet hör till en annan kommun."
    elif decision.body.kind != BodyKind.COUNCIL:
        errors["decision"] = (
            f"Ramar och ramförändringar beslutas av kommunfullmäktige, inte av "
            f"{decision.body.name} ({decision.reference})."
        )
    elif decision.year not in (year - 1, year):
        errors["decision"] = (
            f"Beslutet {decision.reference} är från {decision.year}; ramen för {year} "
            f"beslutas året före eller under året."
        )
    return errors


def _body_errors(body, municipality, key="body") -> dict[str, str]:
    if body is None:
        return {key: "Ange organ."}
    if body.municipality_id != municipality.pk:
        return {key: f"{body.name} hör till en annan kommun."}
    if body.kind == BodyKind.SUBCOMMITTEE:
        return {key: f"{body.name} är ett utskott och har ingen egen ram."}
    return {}


def _year_errors(year) -> dict[str, str]:
    if not isinstance(year, int) or not 1990 <= year <= 2100:
        return {"year": "Ange ett år mellan 1990 och 2100."}
    return {}


# ---------------------------------------------------------------------------------------------
# Frames and frame changes


def frame_set(*, actor, body: Body, year: int, amount, decision) -> Frame:
    """Set a body's frame for a year from KF's budget decision.

    Setting the same frame again is a no-op; a different one is refused (Conflict): change a
    frame with :func:`frame_change_register`.
    """
    municipality = body.municipality
    _check_actor(actor, municipality)
    errors = {**_body_errors(body, municipality), **_year_errors(year)}
    try:
        amount = parse_amount(amount)
    except ValueError as exc:
        errors["amount"] = str(exc).capitalize() + "."
    if not errors:
        errors.update(_council_decision_errors(decision, municipality, year))
    if errors:
        raise ValidationFailed(errors)
    existing = Frame.objects.filter(body=body, year=year).first()
    if existing is not None:
        if existing.amount == amount and existing.decision_id == decision.pk:
            return existing
        raise Conflict(
            f"Ramen för {body.name} {year} är redan satt ({existing.amount:,.0f} kr, "
            f"{existing.decision.reference}). Ändra den med en ramförändring.".replace(",", " "),
            field="year",
        )
    try:
        with transaction.atomic():
            return Frame.objects.create(
                municipality=municipality,
                body=body,
                year=year,
                amount=amount,
                decision=decision,
                registered_by=_user(actor),
            )
    except IntegrityError:
        # A concurrent request set the frame between the check and the insert.
        raise Conflict(
            f"Ramen för {body.name} {year} sattes samtidigt av någon annan. Ladda om sidan och "
            "ändra den vid behov med en ramförändring.",
            field="year",
        ) from None


def frame_change_register(
    *,
    actor,
    decision,
    kind: str,
    body: Body,
    year: int,
    amount,
    assignments: Sequence = (),
    unlinked: bool = False,
    from_body: Body | None = None,
    purpose: str = "",
) -> FrameChange:
    """Register a decided frame change; ``amount`` is the (positive) size of the change.

    tillskott adds to ``body``'s frame, besparing cuts it, omfördelning moves ``amount`` from
    ``from_body`` to ``body`` (two paired rows; the receiving row is returned).
    """
    municipality = body.municipality
    _check_actor(actor, municipality)
    errors = {**_body_errors(body, municipality), **_year_errors(year)}
    if kind not in ChangeKind.values:
        errors["kind"] = "Välj typ: tillskott, besparing eller omfördelning."
    try:
        amount = parse_amount(amount)
        if amount <= 0:
            errors["amount"] = "Ange beloppet som ett positivt tal; typen anger riktningen."
    except ValueError as exc:
        errors["amount"] = str(exc).capitalize() + "."
    if kind == ChangeKind.REALLOCATION:
        if from_body is None:
            errors["from_body"] = "En omfördelning behöver organet som pengarna flyttas från."
        elif from_body.pk == body.pk:
            errors["from_body"] = "En omfördelning flyttar pengar mellan två olika organ."
        else:
            errors.update(_body_errors(from_body, municipality, "from_body"))
    elif from_body is not None:
        errors["from_body"] = "Endast en omfördelning har ett organ som pengarna flyttas från."
    assignments = list(assignments)
    if assignments and unlinked:
        errors["assignments"] = (
            "Välj antingen de uppdrag som förändringen finansierar eller ”utan kopplat uppdrag”."
        )
    elif not assignments and not unlinked:
        errors["assignments"] = (
            "Koppla förändringen till det eller de uppdrag den finansierar, eller markera den "
            "uttryckligen som ”utan kopplat uppdrag”."
        )
    elif any(a.municipality_id != municipality.pk for a in assignments):
        errors["assignments"] = "Ett uppdrag hör till en annan kommun."
    if len(purpose or "") > 500:
        errors["purpose"] = "Syftet får vara högst 500 tecken."
    if not errors:
        errors.update(_council_decision_errors(decision, municipality, year))
    if not errors:
        for key, b in (("body", body), ("from_body", from_body)):
            if b is not None and not Frame.objects.filter(body=b, year=year).exists():
                errors[key] = f"Ramen för {b.name} {year} är inte satt ännu."
    if errors:
        raise ValidationFailed(errors)
    common = {
        "municipality": municipality,
        "year": year,
        "kind": kind,
        "decision": decision,
        "unlinked": unlinked,
        "purpose": (purpose or "").strip(),
        "registered_by": _user(actor),
    }
    with transaction.atomic():
        sign = -1 if kind == ChangeKind.CUT else 1
        change = FrameChange.objects.create(body=body, amount=sign * amount, **common)
        if assignments:
            change.assignments.set(assignments)
        if kind == ChangeKind.REALLOCATION:
            other = FrameChange.objects.create(
                body=from_body, amount=-amount, counterpart=change, **common
            )
            if assignments:
                other.assignments.set(assignments)
            change.counterpart = other
            change.save(update_fields=["counterpart"])
    return change


# ---------------------------------------------------------------------------------------------
# Forecasts and action plans


def forecast_report(
    *, actor, body: Body, year: int, as_of: date, amount, note: str = ""
) -> Forecast:
    """The administration's year-end forecast of a body's net cost, as of a month."""
    municipality = body.municipality
    if actor is not None and not can_report_forecast(actor, body):
        raise PermissionDenied(
            f"Prognosen för {body.name} rapporteras av förvaltningschefen som svarar mot "
            "organet, controller eller administratör."
        )
    errors = {**_body_errors(body, municipality), **_year_errors(year)}
    try:
        amount = parse_amount(amount)
    except ValueError as exc:
        errors["amount"] = str(exc).capitalize() + "."
    if as_of is None or as_of.year != year:
        errors["as_of"] = f"Prognosmånaden ska ligga i år {year}."
    if errors:
        raise ValidationFailed(errors)
    return Forecast.objects.create(
        municipality=municipality,
        body=body,
        year=year,
        as_of=as_of.replace(day=1),
        amount=amount,
        note=(note or "").strip(),
        reported_by=_user(actor),
    )


def action_plan_link(*, actor, body: Body, year: int, decision, note: str = "") -> ActionPlan:
    """Link a decision with an action plan (åtgärdsplan) to a body's deficit in a year.

    The decision may be the body's own or one of a body above it (KS, KF)."""
    municipality = body.municipality
    _check_actor(actor, municipality)
    errors = {**_body_errors(body, municipality), **_year_errors(year)}
    if decision is None or decision.municipality_id != municipality.pk:
        errors["decision"] = "Ange ett beslut i samma kommun."
    elif decision.body.kind not in (BodyKind.COUNCIL, BodyKind.EXECUTIVE_BOARD) and (
        decision.body_id != body.pk
    ):
        errors["decision"] = (
            f"Åtgärdsplanen ska beslutas av {body.name}, kommunstyrelsen eller fullmäktige."
        )
    if errors:
        raise ValidationFailed(errors)
    plan, _ = ActionPlan.objects.get_or_create(
        municipality=municipality,
        body=body,
        year=year,
        decision=decision,
        defaults={"note": (note or "").strip(), "registered_by": _user(actor)},
    )
    return plan


# ---------------------------------------------------------------------------------------------
# Object mappings


def _remap(municipality, mapping: ObjectMapping) -> None:
    """Re-resolve stored rows of active batches after a mapping change."""
    if mapping.dimension == "1":
        for model in (ActualLine, BudgetLine):
            model.objects.active().filter(
                municipality=municipality, object_id=mapping.object_id
            ).update(body=mapping.body)
    elif mapping.dimension == "6":
        ActualLine.objects.active().filter(
            municipality=municipality, project=mapping.object_id
        ).update(assignment=mapping.assignment)


def mapping_set(
    *,
    actor,
    municipality: Municipality,
    object_id: str,
    dimension: str = "1",
    body: Body | None = None,
    assignment=None,
    name: str = "",
) -> ObjectMapping:
    """Map a dimension object to a body (dim 1) or a project (dim 6) to an assignment."""
    _check_actor(actor, municipality)
    dimension = str(dimension).strip() or "1"
    object_id = (object_id or "").strip()
    errors = {}
    if not object_id or len(object_id) > 100:
        errors["object_id"] = "Ange objektets id (högst 100 tecken)."
    if dimension == "6":
        if assignment is None:
            errors["assignment"] = "Ett projekt (dimension 6) kopplas till ett uppdrag."
        elif assignment.municipality_id != municipality.pk:
            errors["assignment"] = "Uppdraget hör till en annan kommun."
    elif dimension == "1":
        if body is None:
            errors["body"] = "Ett kostnadsställe (dimension 1) kopplas till ett organ."
        else:
            errors.update(_body_errors(body, municipality))
    else:
        errors["dimension"] = "Dimension 1 (ansvar) eller 6 (projekt)."
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        mapping, _ = ObjectMapping.objects.update_or_create(
            municipality=municipality,
            dimension=dimension,
            object_id=object_id,
            defaults={
                "body": body if dimension == "1" else None,
                "assignment": assignment if dimension == "6" else None,
                **({"name": name.strip()[:300]} if name else {}),
            },
        )
        _remap(municipality, mapping)
    return mapping


# ---------------------------------------------------------------------------------------------
# CSV


def _read_text(source) -> str:
    if isinstance(source, bytes):
        data = source
    elif isinstance(source, str | os.PathLike) and not (isinstance(source, str) and "\n" in source):
        data = Path(source).read_bytes()
    elif isinstance(source, str):
        return source
    else:
        data = source.read()
        if isinstance(data, str):
            return data
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")  # Excel's "CSV" in Swedish Windows


def csv_rows(source, required: Sequence[str]) -> Iterable[tuple[int, dict[str, str]]]:
    """(row number, {column: value}) of a CSV file with a header; ';' or ',' separated."""
    text = _read_text(source)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise ValidationFailed({"file": "Filen är tom."}) from None
    missing = [c for c in required if c not in header]
    if missing:
        raise ValidationFailed(
            {
                "file": "Rubrikraden saknar kolumnerna "
                + ", ".join(missing)
                + f" (den har: {', '.join(header)})."
            }
        )
    for row_no, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        yield (
            row_no,
            {h: (values[i].strip() if i < len(values) else "") for i, h in enumerate(header)},
        )


def _bodies_by_key(municipality) -> dict[str, Body]:
    out = {}
    for body in Body.objects.filter(municipality=municipality):
        out[body.slug.lower()] = body
        if body.short_name:
            out.setdefault(body.short_name.lower(), body)
    return out


def _decision_by_reference(municipality, text: str, bodies):
    """'KF 2022 § 112' (or 'kf 2022 112') -> Decision."""
    from tillit.decisions.models import Decision

    parts = text.replace("§", " ").split()
    if len(parts) != 3 or not parts[1].isdigit() or not parts[2].isdigit():
        raise ValueError(f"beslutet ”{text}” ska skrivas som ”KF 2022 § 112”")
    body = bodies.get(parts[0].lower())
    if body is None:
        raise ValueError(f"organet ”{parts[0]}” finns inte")
    decision = (
        Decision.objects.select_related("body", "meeting")
        .filter(body=body, year=int(parts[1]), paragraph=int(parts[2]))
        .first()
    )
    if decision is None:
        raise ValueError(f"beslutet ”{text}” finns inte registrerat")
    return decision


def _month(text: str) -> date:
    try:
        y, m = text.strip()[:7].split("-")
        return date(int(y), int(m), 1)
    except ValueError:
        raise ValueError(f"månaden ”{text}” ska skrivas ÅÅÅÅ-MM") from None


def _row_error(errors: dict, row_no: int, exc: Exception) -> None:
    message = exc.message if isinstance(exc, TillitError) else str(exc)
    errors[f"rad {row_no}"] = f"Rad {row_no}: {message}"


def frames_import_csv(*, actor, municipality: Municipality, source) -> list[Frame]:
    """CSV ``body;year;amount;decision`` (decision as ``KF 2022 § 112``). All or nothing."""
    _check_actor(actor, municipality)
    bodies = _bodies_by_key(municipality)
    errors: dict[str, str] = {}
    frames = []
    with transaction.atomic():
        for row_no, row in csv_rows(source, ("body", "year", "amount", "decision")):
            try:
                body = bodies.get(row["body"].lower())
                if body is None:
                    raise ValueError(f"organet ”{row['body']}” finns inte")
                if not row["year"].isdigit():
                    raise ValueError(f"året ”{row['year']}” är inget årtal")
                decision = _decision_by_reference(municipality, row["decision"], bodies)
                with transaction.atomic():
                    frames.append(
                        frame_set(
                            actor=actor,
                            body=body,
                            year=int(row["year"]),
                            amount=row["amount"],
                            decision=decision,
                        )
                    )
            except (ValueError, TillitError) as exc:
                _row_error(errors, row_no, exc)
        if errors:
            raise ValidationFailed(errors)
    return frames


def mappings_import_csv(*, actor, municipality: Municipality, source) -> list[ObjectMapping]:
    """CSV ``dimension;object;body;assignment;name`` — body slug for dimension 1, assignment id
    for dimension 6. Existing mappings of the same objects are updated. All or nothing."""
    from tillit.assignments.models import Assignment

    _check_actor(actor, municipality)
    bodies = _bodies_by_key(municipality)
    errors: dict[str, str] = {}
    out = []
    with transaction.atomic():
        for row_no, row in csv_rows(source, ("object",)):
            try:
                dimension = row.get("dimension") or "1"
                body = assignment = None
                if dimension == "6":
                    ref = row.get("assignment", "")
                    assignment = (
                        Assignment.objects.filter(municipality=municipality, pk=int(ref)).first()
                        if ref.isdigit()
                        else None
                    )
                    if assignment is None:
                        raise ValueError(f"uppdraget ”{ref}” finns inte")
                else:
                    body = bodies.get(row.get("body", "").lower())
                    if body is None:
                        raise ValueError(f"organet ”{row.get('body', '')}” finns inte")
                with transaction.atomic():
                    out.append(
                        mapping_set(
                            actor=actor,
                            municipality=municipality,
                            dimension=dimension,
                            object_id=row["object"],
                            body=body,
                            assignment=assignment,
                            name=row.get("name", ""),
                        )
                    )
            except (ValueError, TillitError) as exc:
                _row_error(errors, row_no, exc)
        if errors:
            raise ValidationFailed(errors)
    return out


def _file_sha256(source) -> str:
    h = hashlib.sha256()
    if isinstance(source, bytes):
        h.update(source)
    elif isinstance(source, str) and "\n" in source:
        h.update(source.encode())
    else:
        with open(source, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    return h.hexdigest()


def _overlapping(municipality, kinds, start: date, end: date):
    return ImportBatch.objects.filter(
        municipality=municipality,
        kind__in=kinds,
        replaced_by__isnull=True,
        period_start__lte=end,
        period_end__gte=start,
    )


def _refuse_or_replace(overlap, replace: bool, new_batch=None):
    batches = list(overlap)
    if batches and not replace:
        names = "; ".join(
            f"{b.file_name} ({b.period_start:%Y-%m}–{b.period_end:%Y-%m})" for b in batches
        )
        raise Conflict(
            f"Perioden är redan inläst: {names}. Ersätt den tidigare importen med --replace "
            "(”Ersätt tidigare import” på importsidan).",
            code="period_imported",
            extra={"batches": [b.pk for b in batches]},
        )
    if new_batch is not None:
        now = timezone.now()
        for b in batches:
            b.replaced_by = new_batch
            b.replaced_at = now
            b.save(update_fields=["replaced_by", "replaced_at", "updated_at"])
    return batches


def _csv_lines_import(*, actor, municipality, source, file_name, kind, replace) -> ImportBatch:
    _check_actor(actor, municipality)
    bodies = _bodies_by_key(municipality)
    errors: dict[str, str] = {}
    rows = []
    text = _read_text(source)
    required = ("body", "month", "amount")
    for row_no, row in csv_rows(io.StringIO(text), required):
        try:
            body = bodies.get(row["body"].lower())
            if body is None:
                raise ValueError(f"organet ”{row['body']}” finns inte")
            cls = row.get("account_class", "") or "0"
            if kind == BatchKind.ACTUAL_CSV and cls not in "0345678":
                raise ValueError(f"kontoklassen ”{cls}” ska vara 3–8")
            rows.append(
                (
                    body,
                    _month(row["month"]),
                    parse_amount(row["amount"]),
                    cls,
                    row.get("project", ""),
                )
            )
        except ValueError as exc:
            _row_error(errors, row_no, exc)
    if errors:
        raise ValidationFailed(errors)
    if not rows:
        raise ValidationFailed({"file": "Filen innehåller inga rader."})
    sha = hashlib.sha256(text.encode()).hexdigest()
    start, end = min(r[1] for r in rows), max(r[1] for r in rows)
    with transaction.atomic():
        existing = ImportBatch.objects.filter(
            municipality=municipality, kind=kind, sha256=sha, replaced_by__isnull=True
        ).first()
        if existing is not None:
            return existing
        kinds = ACTUAL_KINDS if kind == BatchKind.ACTUAL_CSV else (kind,)
        overlap = _refuse_or_replace(_overlapping(municipality, kinds, start, end), replace)
        batch = ImportBatch.objects.create(
            municipality=municipality,
            kind=kind,
            file_name=file_name[:300],
            sha256=sha,
            period_start=start,
            period_end=end,
            rows=len(rows),
            transactions=len(rows),
            imported_by=_user(actor),
        )
        _refuse_or_replace(overlap, replace, batch)
        if kind == BatchKind.BUDGET_CSV:
            BudgetLine.objects.bulk_create(
                BudgetLine(municipality=municipality, batch=batch, month=m, amount=a, body=b)
                for b, m, a, _c, _p in rows
            )
        else:
            ActualLine.objects.bulk_create(
                ActualLine(
                    municipality=municipality,
                    batch=batch,
                    month=m,
                    amount=a,
                    body=b,
                    account_class=c,
                    project=p,
                )
                for b, m, a, c, p in rows
            )
    return batch


def budget_import_csv(
    *, actor, municipality, source, file_name: str = "budget.csv", replace: bool = False
) -> ImportBatch:
    """CSV ``body;month;amount`` (month ``YYYY-MM``): the internal budget. All or nothing."""
    return _csv_lines_import(
        actor=actor,
        municipality=municipality,
        source=source,
        file_name=file_name,
        kind=BatchKind.BUDGET_CSV,
        replace=replace,
    )


def actuals_import_csv(
    *, actor, municipality, source, file_name: str = "utfall.csv", replace: bool = False
) -> ImportBatch:
    """CSV ``body;month;amount[;account_class][;project]`` for systems without SIE export."""
    return _csv_lines_import(
        actor=actor,
        municipality=municipality,
        source=source,
        file_name=file_name,
        kind=BatchKind.ACTUAL_CSV,
        replace=replace,
    )


# ---------------------------------------------------------------------------------------------
# SIE import


@dataclass
class SieImportResult:
    status: str  # "imported" | "already_imported" | "dry_run"
    summary: dict
    batch: ImportBatch | None = None
    rows: int = 0
    budget_rows: int = 0
    unmapped: list[dict] = field(default_factory=list)
    replaced: list[ImportBatch] = field(default_factory=list)

    @property
    def stored(self) -> bool:
        return self.status == "imported"


def _ore(value: int) -> Decimal:
    return Decimal(value).scaleb(-2).quantize(Decimal("0.01"))


def _month_key(text: str) -> date:
    return date(int(text[:4]), int(text[5:7]), 1)


def sie_file_import(
    *,
    municipality: Municipality,
    path,
    mapping=None,
    dry_run: bool = False,
    replace: bool = False,
    actor=None,
    progress: Callable[[int, int], None] | None = None,
    file_name: str | None = None,
) -> SieImportResult:
    """Import the actuals (and ``#PBUDGET`` budget) of a SIE 4 file.

    Streams the file once, aggregating per month × object (dim 1) × project (dim 6) × account
    class; vouchers are never held. ``mapping`` is a mapping CSV applied first (in the same
    transaction). Raises SieImportError (broken file, with line number and content), Conflict
    (period already imported, without ``replace``), ValidationFailed, PermissionDenied. On any
    error nothing is stored; with ``dry_run`` nothing is stored either, but the result tells what
    would have been.
    """
    _check_actor(actor, municipality)
    name = file_name or os.path.basename(str(path))
    sha = _file_sha256(path)
    existing = ImportBatch.objects.filter(
        municipality=municipality, kind=BatchKind.SIE, sha256=sha, replaced_by__isnull=True
    ).first()
    if existing is not None:
        return SieImportResult(
            status="already_imported", summary={}, batch=existing, rows=existing.rows
        )
    total = len(path) if isinstance(path, bytes) else os.path.getsize(path)
    callback = (lambda done: progress(done, total)) if progress else None
    try:
        agg = aggregate(path, progress=callback)
    except SieError as exc:
        raise SieImportError(
            f"Filen är ingen giltig SIE 4-fil och lästes inte in (inget sparades). "
            f"Rad {exc.line_no}: {exc.message}."
            + (f" Raden: {exc.content.strip()}" if exc.content else ""),
            extra={"line_no": exc.line_no, "content": (exc.content or "").strip()},
        ) from None
    summary = {k: v for k, v in agg.items() if k not in ("detail", "budget_ore", "objects")}
    fy = summary["fiscal_year"]
    months = {k[0] for k in agg["detail"]} | {
        m for months in agg["budget_ore"].values() for m in months
    }
    if fy["start"]:
        start = date.fromisoformat(fy["start"]).replace(day=1)
        end = date.fromisoformat(fy["end"])
    elif months:
        start = _month_key(min(months))
        end = _month_key(max(months))
    else:
        raise ValidationFailed(
            {"file": "Filen har varken räkenskapsår (#RAR 0) eller verifikationer."}
        )
    for m in months:
        if len(m) != 7:
            raise ValidationFailed({"file": f"Ogiltig månad {m!r} i filen."})
    result = SieImportResult(status="dry_run" if dry_run else "imported", summary=summary)
    with transaction.atomic():
        if mapping is not None:
            mappings_import_csv(actor=actor, municipality=municipality, source=mapping)
        by_object = {
            m.object_id: m
            for m in ObjectMapping.objects.filter(municipality=municipality, dimension="1")
        }
        by_project = {
            m.object_id: m
            for m in ObjectMapping.objects.filter(municipality=municipality, dimension="6")
        }
        overlap = _overlapping(municipality, ACTUAL_KINDS, start, end)
        result.replaced = _refuse_or_replace(overlap, replace)
        unmapped: dict[str, int] = {}
        # (month, object_id, project, account_class, amount, body_id, assignment_id)
        lines = []
        months_ = {}
        for (month, obj, proj, cls), ore in agg["detail"].items():
            target = by_object.get(obj)
            if target is None:
                unmapped[obj] = unmapped.get(obj, 0) + ore
            pmap = by_project.get(proj) if proj else None
            day = months_.get(month)
            if day is None:
                day = months_[month] = _month_key(month)
            lines.append(
                (
                    day,
                    obj,
                    proj,
                    cls,
                    _ore(ore),
                    target.body_id if target else None,
                    pmap.assignment_id if pmap else None,
                )
            )
        budget = []
        for obj, months_ in agg["budget_ore"].items():
            target = by_object.get(obj)
            for month, ore in months_.items():
                if target is None:
                    unmapped.setdefault(obj, 0)
                budget.append(
                    BudgetLine(
                        municipality=municipality,
                        month=_month_key(month),
                        object_id=obj,
                        amount=_ore(ore),
                        body_id=target.body_id if target else None,
                    )
                )
        names = agg["objects"]
        result.unmapped = [
            {
                "object_id": obj,
                "name": names.get(("1", obj), "") if obj else UNMAPPED_LABEL,
                "amount": format(_ore(ore), "f"),
            }
            for obj, ore in sorted(unmapped.items())
        ]
        result.rows, result.budget_rows = len(lines), len(budget)
        batch = ImportBatch.objects.create(
            municipality=municipality,
            kind=BatchKind.SIE,
            file_name=name[:300],
            sha256=sha,
            company=summary["company"][:300],
            fiscal_year_start=fy["start"],
            fiscal_year_end=fy["end"],
            period_start=start,
            period_end=end,
            vouchers=summary["vouchers"],
            transactions=summary["transactions"],
            rows=len(lines) + len(budget),
            unmapped_objects=result.unmapped,
            imported_by=_user(actor),
        )
        if connection.vendor == "postgresql":
            # COPY the aggregated rows (model instances and bulk_create cost more than the
            # parse), then log the audit "rows" event exactly as the bulk_create wrapper does.
            now = timezone.now()
            cols = (
                "created_at, updated_at, municipality_id, batch_id, month, object_id, project, "
                "account_class, amount, body_id, assignment_id"
            )
            with (
                connection.cursor() as cur,
                cur.copy(f"COPY {ActualLine._meta.db_table} ({cols}) FROM STDIN") as copy,
            ):
                for row in lines:
                    copy.write_row((now, now, municipality.pk, batch.pk, *row))
            if lines:
                record_copied_rows(ActualLine, municipality.pk, batch.pk, connection.alias)
        else:
            _bulk_insert(
                ActualLine,
                [
                    ActualLine(
                        municipality=municipality,
                        batch=batch,
                        month=day,
                        object_id=obj,
                        project=proj,
                        account_class=cls,
                        amount=amount,
                        body_id=body_id,
                        assignment_id=assignment_id,
                    )
                    for day, obj, proj, cls, amount, body_id, assignment_id in lines
                ],
            )
        for line in budget:
            line.batch = batch
        _bulk_insert(BudgetLine, budget)
        _refuse_or_replace(result.replaced, True, batch)
        result.batch = batch
        if dry_run:
            transaction.set_rollback(True)
            result.batch = None
    return result


def _bulk_insert(model, objs: list) -> None:
    """Aggregated rows are few (objects × projects × months × classes), so bulk_create in
    batches is enough; see bench/bench_sie_import.py for the figures."""
    model.objects.bulk_create(objs, batch_size=2000)
