"""``tillit minutes import DIR --municipality SLUG [--user USERNAME] [--dry-run]`` — onboarding.

Reads every protocol in a folder (PDF, DOCX, TXT), registers the meetings in date order through
minutes.services.meeting_register (the same rules as the review screen), and prints what needed a
human — unreadable files, unknown bodies, unmatched recipients, chain violations — followed by
the Tillitsbarometer for the period the protocols cover.

Per meeting, the paragraphs that pass every check are registered (one transaction per meeting);
the others are listed for a human, who registers them on the review screen. Running the import
again registers nothing twice. ``--dry-run`` does the same work inside a transaction that is
rolled back: the report is exact and nothing is stored.

Exit status: 0 everything registered, 1 something needed a human (listed), 2 bad input (no such
folder, unknown municipality or user, no protocol files, nobody who may register).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from tillit.accounts.models import Role, RoleKind
from tillit.accounts.permissions import can_import_minutes
from tillit.core.errors import TillitError

from .models import ProtocolSource
from .organisation import organisation_names
from .reader import MinutesUnreadable, parse_minutes
from .selectors import REGISTERED, meeting_parse, meeting_review
from .services import meeting_register

EXTENSIONS = {".pdf", ".docx", ".txt"}


class _DryRun(Exception):
    """Raised at the end of a dry run to roll the whole import back."""


@dataclass
class ImportReport:
    files: int = 0
    meetings: list[dict] = field(default_factory=list)
    human: list[str] = field(default_factory=list)
    start: date | None = None
    end: date | None = None
    barometer: list[tuple[str, str]] = field(default_factory=list)

    @property
    def registered(self) -> int:
        return sum(m["registered"] for m in self.meetings)


def add_arguments(parser) -> None:
    parser.add_argument("folder", metavar="DIR", help="folder of protocols (PDF, DOCX, TXT)")
    parser.add_argument("--municipality", required=True, metavar="SLUG")
    parser.add_argument(
        "--user",
        metavar="USERNAME",
        help="who registers (default: the municipality's administrator, else each body's "
        "secretary)",
    )
    parser.add_argument(
        "--accept-deviations",
        action="store_true",
        help="register assignments the minutes give outside the decision chain as decided, "
        "recorded as deviations (default: list them for a human)",
    )
    parser.add_argument("--dry-run", action="store_true", help="report only; store nothing")


def _actor_for(body, municipality, user):
    """The given user, else an administrator, else the body's secretary — who may register."""
    if user is not None:
        return user if can_import_minutes(user, body) else None
    roles = Role.objects.filter(municipality=municipality, user__is_active=True).select_related(
        "user"
    )
    for role in [*roles.filter(kind=RoleKind.ADMIN), *roles.filter(kind=RoleKind.SECRETARY)]:
        if can_import_minutes(role.user, body):
            return role.user
    return None


def _read(folder: Path, municipality, report: ImportReport) -> list[tuple[Path, dict, str]]:
    organisation = organisation_names(municipality)
    read = []
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        if path.suffix.lower() not in EXTENSIONS:
            continue
        report.files += 1
        try:
            minutes = parse_minutes(path, organisation=organisation).to_dict()
            meeting_parse(minutes)
        except MinutesUnreadable as exc:
            report.human.append(f"{path.name}: {exc.message}")
            continue
        except TillitError as exc:
            report.human.append(f"{path.name}: {exc.message}")
            continue
        if not minutes.get("meeting_date"):
            report.human.append(f"{path.name}: sammanträdesdagen kunde inte läsas.")
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        read.append((path, minutes, digest))
    # In date order, so a meeting's decisions exist before the next meeting refers to them.
    read.sort(key=lambda item: (item[1]["meeting_date"], item[0].name))
    return read


def _register_one(
    path, minutes, digest, *, municipality, user, report: ImportReport, accept: bool
) -> None:
    parsed = meeting_parse(minutes)
    corrections = (
        {p["number"]: {"accept_deviation": True} for p in parsed["paragraphs"]} if accept else None
    )
    review = meeting_review(
        municipality=municipality, meeting=parsed, corrections=corrections, with_advice=False
    )
    name = path.name
    if review.municipality_warning:
        report.human.append(f"{name}: {review.municipality_warning}")
        return
    if review.body is None:
        guess = review.body_guess or "(inget organ läst)"
        report.human.append(f"{name}: organet ”{guess}” finns inte i kommunen.")
        return
    actor = _actor_for(review.body, municipality, user)
    if actor is None:
        report.human.append(f"{name}: ingen användare får registrera beslut för {review.body}.")
        return
    ok = {p.number for p in review.paragraphs if p.ok}
    for p in review.paragraphs:
        if p.status != REGISTERED and not p.ok:
            for message in dict.fromkeys(p.errors.values()):
                report.human.append(f"{name} § {p.number}: {message}")
    line = {
        "file": name,
        "body": review.body.label,
        "date": review.meeting_date,
        "registered": 0,
        "already": sum(p.status == REGISTERED for p in review.paragraphs),
        "human": len(review.paragraphs) - len(ok) - review.counts["registered"],
    }
    if ok:
        try:
            result = meeting_register(
                actor=actor,
                municipality=municipality,
                meeting=minutes,
                body=review.body,
                selected=ok,
                corrections=corrections,
                source=ProtocolSource.CLI,
                file_name=name,
                sha256=digest,
            )
        except TillitError as exc:
            report.human.append(f"{name}: {exc.message}")
            line["human"] = len(ok) + line["human"]
        else:
            line["registered"] = len(result.registered)
    report.meetings.append(line)
    day = review.meeting_date
    report.start = min(report.start or day, day)
    report.end = max(report.end or day, day)


def minutes_import(
    *,
    folder: Path,
    municipality,
    user=None,
    dry_run: bool = False,
    accept_deviations: bool = False,
):
    """Register a folder of protocols; the report of what was done and what needs a human, with
    the barometer for the period (computed before a dry run is rolled back)."""
    report = ImportReport()
    read = _read(folder, municipality, report)

    def run():
        for path, minutes, digest in read:
            _register_one(
                path,
                minutes,
                digest,
                municipality=municipality,
                user=user,
                report=report,
                accept=accept_deviations,
            )
        if report.start and report.end:
            report.barometer = _barometer(municipality, report.start, report.end)

    if not dry_run:
        run()  # one transaction per meeting (meeting_register)
        return report
    try:
        with transaction.atomic():
            run()
            raise _DryRun
    except _DryRun:
        pass
    return report


def _barometer(municipality, start, end) -> list[tuple[str, str]]:
    from tillit.barometer.metrics import METRICS
    from tillit.barometer.selectors import barometer_get

    data = barometer_get(municipality=municipality, start=start, end=end).as_json()
    rows = []
    for metric in METRICS:
        value = data["totals"].get(metric.name)
        if value is None:
            text = "–"
        elif metric.kind == "share":
            text = f"{value * 100:.1f} %".replace(".", ",")
        else:
            text = f"{value:g}".replace(".", ",") if isinstance(value, float) else str(value)
        rows.append((metric.label, text))
    return rows


def handle_import(options: dict, *, stdout, stderr) -> int:
    from tillit.organisation.models import Municipality

    folder = Path(options["folder"])
    if not folder.is_dir():
        stderr.write(f"minutes import: mappen finns inte: {folder}\n")
        return 2
    municipality = Municipality.objects.filter(slug=options["municipality"]).first()
    if municipality is None:
        stderr.write(f"minutes import: okänd kommun: {options['municipality']}\n")
        return 2
    user = None
    if options.get("user"):
        user = get_user_model().objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            stderr.write(f"minutes import: okänd användare: {options['user']}\n")
            return 2
    if not any(p.is_file() and p.suffix.lower() in EXTENSIONS for p in folder.iterdir()):
        stderr.write(f"minutes import: inga protokoll (PDF, DOCX, TXT) i {folder}\n")
        return 2
    dry_run = bool(options.get("dry_run"))
    report = minutes_import(
        folder=folder,
        municipality=municipality,
        user=user,
        dry_run=dry_run,
        accept_deviations=bool(options.get("accept_deviations")),
    )

    head = "Provkörning – inget sparas. " if dry_run else ""
    stdout.write(f"{head}{report.files} protokoll i {folder} för {municipality.name}.\n")
    for m in report.meetings:
        stdout.write(
            f"  {m['date']} {m['body']} ({m['file']}): {m['registered']} registrerade, "
            f"{m['already']} redan registrerade, {m['human']} behöver en människa\n"
        )
    verb = "skulle registreras" if dry_run else "registrerade"
    stdout.write(f"Totalt {report.registered} paragrafer {verb}.\n")
    if report.human:
        stdout.write(f"\nBehöver en människa ({len(report.human)}):\n")
        for line in report.human:
            stdout.write(f"  {line}\n")
    if report.barometer:
        stdout.write(f"\nTillitsbarometern {report.start} – {report.end} (hela kommunen):\n")
        width = max(len(label) for label, _ in report.barometer)
        for label, text in report.barometer:
            stdout.write(f"  {label.ljust(width)}  {text}\n")
    return 1 if report.human else 0
