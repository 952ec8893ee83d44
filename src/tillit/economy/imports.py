"""Imports of the economy: CSV files (frames, internal budget, actuals, object mappings) and SIE 4
files, and the previews the import pages show before a file is stored.

Rules (see docs/economy.md and docs/economy-csv.md):

* Imports are atomic, idempotent (same SHA-256 → nothing changes) and refuse a file for an
  already imported period unless ``replace`` — the old batch is kept, marked replaced.
* Objects with no mapping are imported to the "unmapped" bucket (``body`` null) and listed in
  the batch; mapping them later (``services.mapping_set``) re-assigns the stored rows.
* A preview is the import itself in a rolled-back transaction, so it shows exactly what the
  confirmation stores.
* ``actor=None`` is a trusted system caller (the CLI, the demo loader). Web callers pass the
  user, who must be allowed by ``accounts.permissions.can_manage_economy``.

Every import is named ``<what>_<format>_import``: ``frames_csv_import``, ``budget_csv_import``,
``actuals_csv_import``, ``mappings_csv_import``, ``sie_file_import`` (and ``csv_file_import``, the
CSV import page's run of one of the first three).
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from django.db import connection, models, transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from tillit.audit.capture import record_copied_rows
from tillit.core.errors import Conflict, TillitError, ValidationFailed
from tillit.core.validation import text_problem
from tillit.organisation.models import Body, Municipality

from .models import ActualLine, BatchKind, BudgetLine, Frame, ImportBatch, ObjectMapping
from .services import _check_actor, _user, frame_set, mapping_set, parse_amount
from .sie.parser import MAX_AMOUNT_DIGITS, MAX_ORE, SieError, SieLimitError, excerpt, format_ore
from .sie.summary import aggregate

# Stored in the batch's JSON summary, so a plain string (marked for the catalogue only).
UNMAPPED_LABEL = gettext_noop("(inget objekt)")
ACTUAL_KINDS = (BatchKind.SIE, BatchKind.ACTUAL_CSV)


class SieImportError(TillitError):
    """A broken SIE file. ``extra`` carries line_no and content; nothing was stored."""

    code = "sie_invalid"
    status = 422


# ---------------------------------------------------------------------------------------------
# Reading CSV


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
        raise ValidationFailed({"file": gettext("Filen är tom.")}) from None
    missing = [c for c in required if c not in header]
    if missing:
        raise ValidationFailed(
            {
                "file": "Rubrikraden saknar kolumnerna "
                + ", ".join(missing)
                + (gettext(" (den har: %(join)s).") % {"join": ", ".join(header)})
            }
        )
    for row_no, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        problem = next((p for v in values if (p := text_problem(v))), None)
        if problem:  # core.validation: refused in every import, as in forms and the API
            raise ValidationFailed({f"rad {row_no}": f"Rad {row_no}: {problem}"})
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
        raise ValueError(
            gettext("beslutet ”%(text)s” ska skrivas som ”KF 2022 § 112”") % {"text": text}
        )
    body = bodies.get(parts[0].lower())
    if body is None:
        raise ValueError(gettext("organet ”%(parts)s” finns inte") % {"parts": parts[0]})
    decision = (
        Decision.objects.select_related("body", "meeting")
        .filter(body=body, year=int(parts[1]), paragraph=int(parts[2]))
        .first()
    )
    if decision is None:
        raise ValueError(gettext("beslutet ”%(text)s” finns inte registrerat") % {"text": text})
    return decision


def _month(text: str) -> date:
    try:
        y, m = text.strip()[:7].split("-")
        return date(int(y), int(m), 1)
    except ValueError:
        raise ValueError(
            gettext("månaden ”%(text)s” ska skrivas ÅÅÅÅ-MM") % {"text": text}
        ) from None


def _row_error(errors: dict, row_no: int, exc: Exception) -> None:
    message = exc.message if isinstance(exc, TillitError) else str(exc)
    errors[f"rad {row_no}"] = f"Rad {row_no}: {message}"


# ---------------------------------------------------------------------------------------------
# Import batches: identity (SHA-256) and periods


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


def _active_batch(municipality, kind: str, sha: str) -> ImportBatch | None:
    """The active batch of this very file (same kind and SHA-256), if it is already imported."""
    return ImportBatch.objects.filter(
        municipality=municipality, kind=kind, sha256=sha, replaced_by__isnull=True
    ).first()


def _overlapping(municipality, kinds, start: date, end: date):
    return ImportBatch.objects.filter(
        municipality=municipality,
        kind__in=kinds,
        replaced_by__isnull=True,
        period_start__lte=end,
        period_end__gte=start,
    )


def _conflict_message(batches) -> str:
    names = "; ".join(
        f"{b.file_name} ({b.period_start:%Y-%m}–{b.period_end:%Y-%m})" for b in batches
    )
    # Said the way the web form says it; the command line adds its own flag (CLI_REPLACE_HINT).
    return (
        f"Perioden är redan inläst: {names}. Välj ”Ersätt tidigare import” för att ersätta den "
        "(den gamla importen sparas men räknas inte)."
    )


CLI_REPLACE_HINT = "Kör igen med --replace för att ersätta den tidigare importen."


def cli_hint(exc) -> str:
    """What a command-line user does about a refused import (the flag, not the web form)."""
    return CLI_REPLACE_HINT if getattr(exc, "code", "") == "period_imported" else ""


def _refuse_or_replace(overlap, replace: bool, new_batch=None):
    batches = list(overlap)
    if batches and not replace:
        raise Conflict(
            _conflict_message(batches),
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


def _bulk_insert(model, objs: list) -> None:
    """Aggregated rows are few (objects × projects × months × classes), so bulk_create in
    batches is enough; see bench/bench_sie_import.py for the figures."""
    model.objects.bulk_create(objs, batch_size=2000)


# ---------------------------------------------------------------------------------------------
# CSV imports


def frames_csv_import(*, actor, municipality: Municipality, source) -> list[Frame]:
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
                    raise ValueError(
                        gettext("organet ”%(body)s” finns inte") % {"body": row["body"]}
                    )
                if not row["year"].isdigit():
                    raise ValueError(
                        gettext("året ”%(year)s” är inget årtal") % {"year": row["year"]}
                    )
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


def mappings_csv_import(*, actor, municipality: Municipality, source) -> list[ObjectMapping]:
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
                        raise ValueError(gettext("uppdraget ”%(ref)s” finns inte") % {"ref": ref})
                else:
                    body = bodies.get(row.get("body", "").lower())
                    if body is None:
                        raise ValueError(
                            gettext("organet ”%(row)s” finns inte") % {"row": row.get("body", "")}
                        )
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
                raise ValueError(gettext("organet ”%(body)s” finns inte") % {"body": row["body"]})
            cls = row.get("account_class", "") or "0"
            if kind == BatchKind.ACTUAL_CSV and cls not in "0345678":
                raise ValueError(gettext("kontoklassen ”%(cls)s” ska vara 3–8") % {"cls": cls})
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
        raise ValidationFailed({"file": gettext("Filen innehåller inga rader.")})
    sha = hashlib.sha256(text.encode()).hexdigest()
    start, end = min(r[1] for r in rows), max(r[1] for r in rows)
    with transaction.atomic():
        existing = _active_batch(municipality, kind, sha)
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


def budget_csv_import(
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


def actuals_csv_import(
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
# The CSV import page: one run (a preview or the confirmation) of a frames, budget or actuals file


class CsvKind(models.TextChoices):
    """What an uploaded CSV holds; the values are the import page's ``?typ=``."""

    FRAMES = "ramar", _("Ramar")
    BUDGET = "budget", _("Internbudget")
    ACTUALS = "utfall", _("Utfall")


@dataclass
class CsvImportResult:
    """What a run of the CSV import page stored (or, rolled back, would store)."""

    kind: str
    year: int | None = None
    # frames: one dict per row (body, year, amount, decision, unchanged) and how many are new
    frames: list[dict] = field(default_factory=list)
    new: int = 0
    # budget and actuals: the batch (``already`` when the same file was imported before), its
    # rows per body, and the batches it replaces
    batch: ImportBatch | None = None
    already: bool = False
    per_body: list[dict] = field(default_factory=list)
    replaced: list[ImportBatch] = field(default_factory=list)


@dataclass
class ImportPreview:
    """What confirming an upload would store: the ``result`` of a rolled-back run, with
    ``conflict`` when the period is already imported (the result is then a replacement's), or
    else the ``errors`` that stop the import."""

    result: CsvImportResult | SieImportResult | None = None
    conflict: str = ""
    errors: list[str] = field(default_factory=list)


def csv_file_import(
    *,
    actor,
    municipality: Municipality,
    kind: str,
    source: bytes,
    file_name: str,
    replace: bool = False,
    dry_run: bool = False,
) -> CsvImportResult:
    """Import a frames, budget or actuals CSV (``kind``) and describe what was stored; with
    ``dry_run`` everything is rolled back, so a preview is exactly what the confirmation stores.
    Raises what the import of that kind raises."""
    last_batch = ImportBatch.objects.filter(municipality=municipality).order_by("-pk").first()
    last_pk = last_batch.pk if last_batch else 0
    result = CsvImportResult(kind=kind)
    with transaction.atomic():
        if kind == CsvKind.FRAMES:
            before = set(
                Frame.objects.filter(municipality=municipality).values_list("pk", flat=True)
            )
            frames = frames_csv_import(actor=actor, municipality=municipality, source=source)
            if not frames:  # as the budget and actuals imports say
                raise ValidationFailed({"file": gettext("Filen innehåller inga rader.")})
            result.frames = [
                {
                    "body": f.body.name,
                    "year": f.year,
                    "amount": f.amount,
                    "decision": f.decision.reference,
                    "unchanged": f.pk in before,
                }
                for f in frames
            ]
            result.new = sum(1 for f in result.frames if not f["unchanged"])
            result.year = frames[0].year if frames else None
        else:
            run = budget_csv_import if kind == CsvKind.BUDGET else actuals_csv_import
            batch = run(
                actor=actor,
                municipality=municipality,
                source=source,
                file_name=file_name,
                replace=replace,
            )
            model = BudgetLine if kind == CsvKind.BUDGET else ActualLine
            result.batch = batch
            result.already = batch.pk <= last_pk
            result.year = batch.period_start.year
            result.per_body = list(
                model.objects.filter(batch=batch)
                .values("body__name")
                .annotate(
                    total=Sum("amount"), rows=Count("id"), months=Count("month", distinct=True)
                )
                .order_by("body__name")
            )
            result.replaced = list(
                ImportBatch.objects.filter(replaced_by=batch).order_by("period_start")
            )
        if dry_run:
            transaction.set_rollback(True)
    return result


def csv_import_preview(
    *, actor, municipality: Municipality, kind: str, source: bytes, file_name: str
) -> ImportPreview:
    """A rolled-back :func:`csv_file_import`. A period already imported gives what a replacement
    would store, with the conflict; ``errors`` are the per-row messages (or the one refusal)."""
    run = {
        "actor": actor,
        "municipality": municipality,
        "kind": kind,
        "source": source,
        "file_name": file_name,
        "dry_run": True,
    }
    try:
        return ImportPreview(result=csv_file_import(**run, replace=False))
    except ValidationFailed as exc:
        return ImportPreview(errors=list(exc.errors.values()))
    except Conflict as exc:
        try:
            result = csv_file_import(**run, replace=True)
        except TillitError as again:
            return ImportPreview(errors=[again.message])
        return ImportPreview(result=result, conflict=exc.message)
    except TillitError as exc:
        return ImportPreview(errors=[exc.message])


# ---------------------------------------------------------------------------------------------
# SIE import

MAX_OBJECTS = 20_000  # distinct dimension-1 objects in one file (a municipality has a few hundred)
# Rows one file may give (month × object × project × account class, and budget object × month).
# A municipality's year gives some 5 000–50 000; the bound keeps the time and memory of a preview
# and of an import bounded (200 000 objects once took 74 s and 860 MB).
MAX_ROWS = 100_000
MAX_FISCAL_MONTHS = 18  # the longest fiscal year the law allows (bokföringslagen 3 kap. 3 §)


@dataclass
class SieImportResult:
    status: str  # "imported" | "already_imported" | "dry_run"
    summary: dict
    batch: ImportBatch | None = None
    rows: int = 0
    budget_rows: int = 0
    unmapped: list[dict] = field(default_factory=list)
    replaced: list[ImportBatch] = field(default_factory=list)
    # rows left out because their month is outside the fiscal year (#RAR 0)
    skipped: dict = field(default_factory=lambda: {"rows": 0, "months": []})
    # what is stored per object (dim 1): {object_id, result, budget, months}, by object id
    per_object: list[dict] = field(default_factory=list)

    @property
    def stored(self) -> bool:
        return self.status == "imported"


class ActualRow(NamedTuple):
    """One aggregated actuals row; the fields are ActualLine's columns, in the COPY's order."""

    month: date
    object_id: str
    project: str
    account_class: str
    amount: Decimal
    body_id: int | None
    assignment_id: int | None


def _ore(value: int) -> Decimal:
    return Decimal(value).scaleb(-2).quantize(Decimal("0.01"))


def _month_key(text: str) -> date:
    return date(int(text[:4]), int(text[5:7]), 1)


def _month_text(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


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
    class; vouchers are never held. Only the months of the fiscal year (``#RAR 0``) are stored;
    rows of other months are counted in ``result.skipped`` (the summary's warnings name their
    lines). ``mapping`` is a mapping CSV applied first (in the same transaction). Raises
    SieImportError (broken file, with line number and content; or beyond the limits: more than
    ``MAX_OBJECTS`` objects, a sum the database cannot hold, a period longer than
    ``MAX_FISCAL_MONTHS``), Conflict (period already imported, without ``replace``),
    ValidationFailed, PermissionDenied. On any error nothing is stored; with ``dry_run`` nothing
    is stored either, but the result tells what would have been.
    """
    _check_actor(actor, municipality)
    sha = _file_sha256(path)
    existing = _active_batch(municipality, BatchKind.SIE, sha)
    if existing is not None:
        return SieImportResult(
            status="already_imported", summary={}, batch=existing, rows=existing.rows
        )
    agg = _sie_aggregate(path, progress)
    summary = {k: v for k, v in agg.items() if k not in ("detail", "budget_ore", "objects")}
    start, end = _sie_period(summary["fiscal_year"], agg)
    result = SieImportResult(status="dry_run" if dry_run else "imported", summary=summary)
    detail, budget_ore = _sie_in_period(agg, start, end, result.skipped)
    _sie_check_limits(detail, budget_ore)
    with transaction.atomic():
        if mapping is not None:
            mappings_csv_import(actor=actor, municipality=municipality, source=mapping)
        by_object, by_project = _sie_mappings(municipality)
        overlap = _overlapping(municipality, ACTUAL_KINDS, start, end)
        result.replaced = _refuse_or_replace(overlap, replace)
        unmapped: dict[str, int] = {}  # object id -> öre
        lines = _sie_actual_rows(detail, by_object, by_project, unmapped)
        budget = _sie_budget_lines(budget_ore, municipality, by_object, unmapped)
        result.unmapped = _unmapped_list(unmapped, agg["objects"])
        result.per_object = _per_object(lines, budget)
        result.rows, result.budget_rows = len(lines), len(budget)
        batch = ImportBatch.objects.create(
            municipality=municipality,
            kind=BatchKind.SIE,
            file_name=(file_name or os.path.basename(str(path)))[:300],
            sha256=sha,
            company=excerpt(summary["company"], None)[:300],
            fiscal_year_start=summary["fiscal_year"]["start"],
            fiscal_year_end=summary["fiscal_year"]["end"],
            period_start=start,
            period_end=end,
            vouchers=summary["vouchers"],
            transactions=summary["transactions"],
            rows=len(lines) + len(budget),
            unmapped_objects=result.unmapped,
            imported_by=_user(actor),
        )
        _actual_rows_write(municipality, batch, lines)
        for line in budget:
            line.batch = batch
        _bulk_insert(BudgetLine, budget)
        _refuse_or_replace(result.replaced, True, batch)
        result.batch = batch
        if dry_run:
            transaction.set_rollback(True)
            result.batch = None
    return result


def _sie_aggregate(path, progress: Callable[[int, int], None] | None) -> dict:
    """One streaming pass over the file (sie.summary.aggregate); a broken file is refused."""
    total = len(path) if isinstance(path, bytes) else os.path.getsize(path)
    callback = (lambda done: progress(done, total)) if progress else None
    try:
        return aggregate(path, progress=callback, max_rows=MAX_ROWS)
    except SieLimitError:
        raise SieImportError(
            gettext(
                "Filen ger fler än %(MAX_ROWS)s rader att spara (månad × objekt × "
                "projekt × kontoklass) och lästes inte in (inget sparades). "
                "Kontrollera exporten (objekten ska vara kostnadsställen eller "
                "ansvar) eller dela upp filen."
            )
            % {"MAX_ROWS": MAX_ROWS},
            extra={"line_no": None, "content": ""},
        ) from None
    except SieError as exc:  # message and content are cut and escaped by the reader
        where = f"Rad {exc.line_no}: " if exc.line_no else ""
        raise SieImportError(
            (
                gettext(
                    "Filen är ingen giltig SIE 4-fil och lästes inte in (inget "
                    "sparades). %(where)s%(message)s."
                )
                % {"where": where, "message": exc.message}
            )
            + (f" Raden: {exc.content}" if exc.content else ""),
            extra={"line_no": exc.line_no, "content": exc.content or ""},
        ) from None


def _sie_period(fiscal_year: dict, agg: dict) -> tuple[date, date]:
    """The batch's period: the fiscal year (``#RAR 0``), else the months present. Either may
    span at most ``MAX_FISCAL_MONTHS`` months."""
    months = {k[0] for k in agg["detail"]} | {
        m for months in agg["budget_ore"].values() for m in months
    }
    for m in months:
        if len(m) != 7:
            raise ValidationFailed(
                {"file": gettext("Ogiltig månad %(m)s i filen.") % {"m": repr(m)}}
            )
    if fiscal_year["start"]:
        start = date.fromisoformat(fiscal_year["start"]).replace(day=1)
        end = date.fromisoformat(fiscal_year["end"])
        what = f"Räkenskapsåret (#RAR 0) {fiscal_year['start']}–{fiscal_year['end']}"
    elif months:
        start = _month_key(min(months))
        end = _month_key(max(months))
        what = (
            "Filen saknar räkenskapsår (#RAR 0), och dess verifikationer och budget från "
            f"{min(months)} till {max(months)}"
        )
    else:
        raise ValidationFailed(
            {"file": gettext("Filen har varken räkenskapsår (#RAR 0) eller verifikationer.")}
        )
    span = (end.year - start.year) * 12 + end.month - start.month + 1
    if span > MAX_FISCAL_MONTHS:
        raise SieImportError(
            gettext(
                "%(what)s omfattar %(span)s månader, fler än de "
                "%(MAX_FISCAL_MONTHS)s månader ett räkenskapsår får ha. Filen lästes "
                "inte in (inget sparades)."
            )
            % {"what": what, "span": span, "MAX_FISCAL_MONTHS": MAX_FISCAL_MONTHS}
        )
    return start, end


def _sie_in_period(agg: dict, start: date, end: date, skipped: dict) -> tuple[dict, dict]:
    """The aggregated actuals and budget of the months from ``start`` to ``end``; what is left
    out is counted in ``skipped`` (rows and months)."""
    first, last = _month_text(start), _month_text(end)
    months: set[str] = set()
    detail = {}
    for key, ore in agg["detail"].items():
        if first <= key[0] <= last:
            detail[key] = ore
        else:
            months.add(key[0])
            skipped["rows"] += 1
    budget: dict[str, dict[str, int]] = {}
    for obj, by_month in agg["budget_ore"].items():
        for month, ore in by_month.items():
            if first <= month <= last:
                budget.setdefault(obj, {})[month] = ore
            else:
                months.add(month)
                skipped["rows"] += 1
    skipped["months"] = sorted(months)
    return detail, budget


def _sie_check_limits(detail: dict, budget_ore: dict) -> None:
    """Refuse what cannot be stored faithfully: more than ``MAX_OBJECTS`` objects, object ids
    with control characters, and sums beyond the amount column (16 digits, 2 decimals)."""
    objects = {key[1] for key in detail} | set(budget_ore)
    if len(objects) > MAX_OBJECTS:
        raise SieImportError(
            gettext(
                "Filen har %(len)s olika objekt (dimension 1); högst %(MAX_OBJECTS)s "
                "läses in. Inget sparades. Kontrollera exporten (objekten ska vara "
                "kostnadsställen eller ansvar) eller dela upp filen."
            )
            % {"len": len(objects), "MAX_OBJECTS": MAX_OBJECTS}
        )
    for ids in (objects, {key[2] for key in detail}):
        for value in ids:
            if excerpt(value, None) != value:
                raise SieImportError(
                    gettext(
                        "Objektet ”%(excerpt)s” innehåller styrtecken och kan inte lagras. "
                        "Inget sparades."
                    )
                    % {"excerpt": excerpt(value, 40)}
                )
    sums = [((k[1], k[0]), ore) for k, ore in detail.items()]
    sums += [((obj, m), ore) for obj, months in budget_ore.items() for m, ore in months.items()]
    for (obj, month), ore in sums:
        if not -MAX_ORE < ore < MAX_ORE:
            raise SieImportError(
                gettext(
                    "Summan för objekt ”%(value)s” %(month)s blir %(format_ore)s kr, "
                    "vilket är för stort för att lagras (högst %(MAX_AMOUNT_DIGITS)s "
                    "siffror före decimaltecknet). Inget sparades."
                )
                % {
                    "value": excerpt(obj, 40) or UNMAPPED_LABEL,
                    "month": month,
                    "format_ore": format_ore(ore),
                    "MAX_AMOUNT_DIGITS": MAX_AMOUNT_DIGITS,
                }
            )


def _sie_mappings(municipality) -> tuple[dict[str, ObjectMapping], dict[str, ObjectMapping]]:
    """The municipality's mappings by object id: dimension 1 (bodies), dimension 6 (projects)."""
    mappings = ObjectMapping.objects.filter(municipality=municipality)
    by_object = {m.object_id: m for m in mappings.filter(dimension="1")}
    by_project = {m.object_id: m for m in mappings.filter(dimension="6")}
    return by_object, by_project


def _sie_actual_rows(detail: dict, by_object, by_project, unmapped: dict) -> list[ActualRow]:
    """The aggregated actuals resolved to bodies and assignments; adds the amounts of unmapped
    objects to ``unmapped``."""
    lines = []
    days: dict[str, date] = {}
    for (month, obj, proj, cls), ore in detail.items():
        target = by_object.get(obj)
        if target is None:
            unmapped[obj] = unmapped.get(obj, 0) + ore
        pmap = by_project.get(proj) if proj else None
        day = days.get(month)
        if day is None:
            day = days[month] = _month_key(month)
        lines.append(
            ActualRow(
                day,
                obj,
                proj,
                cls,
                _ore(ore),
                target.body_id if target else None,
                pmap.assignment_id if pmap else None,
            )
        )
    return lines


def _sie_budget_lines(budget_ore: dict, municipality, by_object, unmapped: dict) -> list:
    """The ``#PBUDGET`` budget resolved to bodies (unsaved BudgetLines, without their batch);
    lists unmapped objects in ``unmapped``."""
    budget = []
    for obj, months in budget_ore.items():
        target = by_object.get(obj)
        for month, ore in months.items():
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
    return budget


def _unmapped_list(unmapped: dict[str, int], names: dict) -> list[dict]:
    return [
        {
            "object_id": obj,
            "name": excerpt(names.get(("1", obj), ""), 200) if obj else UNMAPPED_LABEL,
            "amount": format(_ore(ore), "f"),
        }
        for obj, ore in sorted(unmapped.items())
    ]


def _per_object(lines: list[ActualRow], budget: list) -> list[dict]:
    """What is stored per object (dim 1): actuals, budget and the months with actuals."""
    out: dict[str, dict] = {}

    def entry(obj: str) -> dict:
        found = out.get(obj)
        if found is None:
            found = out[obj] = {
                "object_id": obj,
                "result": Decimal("0.00"),
                "budget": Decimal("0.00"),
                "months": set(),
            }
        return found

    for row in lines:
        e = entry(row.object_id)
        e["result"] += row.amount
        e["months"].add(row.month)
    for line in budget:
        entry(line.object_id)["budget"] += line.amount
    return [{**e, "months": len(e["months"])} for _, e in sorted(out.items())]


def _actual_rows_write(municipality, batch: ImportBatch, lines: list[ActualRow]) -> None:
    """Store the batch's actuals: COPY on PostgreSQL, bulk_create elsewhere."""
    if connection.vendor == "postgresql":
        # COPY the aggregated rows (model instances and bulk_create cost more than the parse),
        # then log the audit "rows" event exactly as the bulk_create wrapper does.
        now = timezone.now()
        cols = ", ".join(
            ("created_at", "updated_at", "municipality_id", "batch_id", *ActualRow._fields)
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
            [ActualLine(municipality=municipality, batch=batch, **row._asdict()) for row in lines],
        )


def sie_import_preview(
    *,
    municipality: Municipality,
    path,
    file_name: str,
    progress: Callable[[int, int], None] | None = None,
) -> ImportPreview:
    """A rolled-back :func:`sie_file_import`, run once: as a replacement, so a period already
    imported gives what the replacement would store, with the conflict; a broken file gives its
    one error."""
    try:
        result = sie_file_import(
            municipality=municipality,
            path=path,
            dry_run=True,
            replace=True,
            file_name=file_name,
            progress=progress,
        )
    except TillitError as exc:
        return ImportPreview(errors=[exc.message])
    conflict = _conflict_message(result.replaced) if result.replaced else ""
    return ImportPreview(result=result, conflict=conflict)
