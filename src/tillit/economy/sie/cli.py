"""Glue for ``tillit sie summary FILE [--dim 1] [--json]``.

The Django management command ``sie`` calls :func:`add_arguments` on its ``summary``
sub-parser and :func:`handle_summary` with the parsed options. Exit status: 0 on
success, 1 when the file cannot be read, 2 when it is not a valid SIE 4 file.
"""

from __future__ import annotations

import json
import sys

from .parser import SieError, excerpt
from .summary import summarize

__all__ = ["add_arguments", "handle_summary"]


def add_arguments(parser) -> None:
    """Add FILE, --dim and --json to an argparse (sub)parser."""
    parser.add_argument("file", metavar="FILE", help="SIE 4 file (.se/.si)")
    parser.add_argument(
        "--dim",
        default="1",
        help="dimension whose objects the sums are grouped by (default 1, kostnadsställe)",
    )
    parser.add_argument(
        "--json",
        dest="as_json",
        action="store_true",
        help="print the summary as one JSON object (the stable contract)",
    )


def handle_summary(path: str, dim: str, as_json: bool, stdout, stderr=None) -> int:
    """Print the summary of ``path``; return the exit status."""
    stderr = stderr if stderr is not None else sys.stderr
    try:
        result = summarize(path, dim=dim)
    except FileNotFoundError:
        stderr.write(f"sie summary: no such file: {path}\n")
        return 1
    except IsADirectoryError:
        stderr.write(f"sie summary: {path} is a directory, not a SIE file\n")
        return 1
    except OSError as exc:
        stderr.write(f"sie summary: cannot read {path}: {exc.strerror or exc}\n")
        return 1
    except SieError as exc:  # message and content are cut and escaped by the reader
        stderr.write(f"sie summary: {path}: {exc}\n")
        if exc.content is not None:
            stderr.write(f"    {exc.content}\n")
        return 2
    except ValueError as exc:
        stderr.write(f"sie summary: {excerpt(str(exc), 300)}\n")
        return 2
    if as_json:
        stdout.write(json.dumps(result, ensure_ascii=False, sort_keys=True) + "\n")
    else:
        stdout.write(format_table(result, dim))
    return 0


def format_table(result: dict, dim: str = "1") -> str:
    """A short human-readable view: header facts and one row per object."""
    from decimal import Decimal

    fy = result["fiscal_year"]
    lines = [  # text from the file with its control characters escaped
        f"Company:      {excerpt(result['company'], 200) or '(no #FNAMN)'}",
        f"Fiscal year:  {fy['start'] or '?'} - {fy['end'] or '?'}",
        f"Vouchers:     {result['vouchers']}",
        f"Transactions: {result['transactions']}",
    ]
    for w in result["warnings"]:
        where = f"line {w['line']}: " if w["line"] else ""
        lines.append(f"Warning:      {where}{w['message']}")
    lines.append("")
    res, bud = result["result_by_object"], result["budget_by_object"]
    objs = sorted(set(res) | set(bud))
    if not objs:
        lines.append("No rows on accounts 3000-8999.")
        return "\n".join(lines) + "\n"
    width = max(12, *(len(excerpt(o, 40)) for o in objs))
    header = f"{'Object (dim ' + dim + ')':<{width}}  {'Result':>16}  {'Budget':>16}  {'Months':>6}"
    lines += [header, "-" * len(header)]
    tot_r = tot_b = Decimal(0)
    for obj in objs:
        r = sum((Decimal(v) for v in res.get(obj, {}).values()), Decimal(0))
        b = sum((Decimal(v) for v in bud.get(obj, {}).values()), Decimal(0))
        tot_r += r
        tot_b += b
        months = len(res.get(obj, {}))
        shown = excerpt(obj, 40) or "(none)"
        lines.append(f"{shown:<{width}}  {r:>16,.2f}  {b:>16,.2f}  {months:>6}")
    lines.append("-" * len(header))
    lines.append(f"{'Total':<{width}}  {tot_r:>16,.2f}  {tot_b:>16,.2f}")
    return "\n".join(lines) + "\n"
