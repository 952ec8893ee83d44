"""No lower app imports a higher one (docs/architecture.md, "Layers").

Every Python file under src/tillit (not tests, migrations or test-support ``testing.py``) is read
with ``ast``; each ``import tillit.<app>…`` / ``from tillit.<app>… import`` / relative import —
at the top of the file or inside a function — is placed by the layer of the importing app and
of the imported one. An import from a lower layer to a higher one fails this test, unless it is
one of the few known ones listed in ``KNOWN_UPWARD`` with the reason it is still there. That
list must be exact: an entry that no longer happens fails too, so it only ever shrinks.

The composition roots (settings and URLs, the NinjaAPI that mounts every router, the demo
loader with each app's ``demo.py``, the command line front) stand above every app and may import
any of them; no app may import them.

To see the figures: ``python tests/test_layers.py`` prints the imports between apps and the
upward ones.
"""

from __future__ import annotations

import ast
import sys
from collections import Counter
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "tillit"

# Lowest first. The same order stands in docs/architecture.md ("Layers").
LAYERS: list[str] = [
    "core",  # errors, base models, domain events, validation, formatting
    "organisation",  # the municipality, its bodies, offices, people (dated)
    "accounts",  # users' roles in that organisation, tokens, the permission rules
    "api",  # shared API helpers (auth, common schemas, error messages)
    "jobs",  # background jobs
    "audit",  # the tamper-evident trail
    "analysis",  # the "vad, inte hur" analyser
    "assignments",  # assignments and THE decision-chain rule
    "decisions",  # decisions: decision_register issues assignments
    "economy",  # frames, forecasts, SIE/CSV imports
    "budget",  # Mål och budget, the verksamhetsplan
    "followup",  # reports, questions, the årshjul, notifications
    "barometer",  # governance metrics, deviations (subscribes to core.events)
    "minutes",  # protokoll in, registered through decision_register
    "portal",  # what the public sees, exports, feeds, search
    "workspace",  # Min sida: reads everyone below, imported by none of them
]

# Above every app; may import anything, imported by no app.
ROOTS: tuple[str, ...] = (
    "tillit.config",
    "tillit.api.api",
    "tillit.demo",
    "tillit.cli",
    "tillit.__main__",
)

# The upward imports still in the code: (importing file, imported module) -> why it stays.
# Remove the entry when the import goes; never add one without a reason that holds.
KNOWN_UPWARD: dict[tuple[str, str], str] = {
    # core's web helpers read the organisation and the user's roles.
    ("core/web.py", "tillit.accounts.permissions"): "the menu shows what the user may register",
    ("core/web.py", "tillit.accounts.templatetags.people"): "the header names the person",
    ("core/web.py", "tillit.organisation.models"): "municipality_or_404 for every view",
    ("core/web.py", "tillit.organisation.selectors"): "municipality_or_404 for every view",
    ("core/fragments.py", "tillit.audit.models"): "the remembered fragments key on the chain head",
    ("core/fragments.py", "tillit.organisation.models"): "fragments per municipality",
    # organisation's change forms and pages are guarded and filled by higher apps.
    ("organisation/services.py", "tillit.accounts.permissions"): "can_manage_organisation",
    ("organisation/change_views.py", "tillit.accounts.permissions"): "can_manage_organisation",
    ("organisation/views.py", "tillit.accounts.permissions"): "can_manage_organisation",
    ("organisation/views.py", "tillit.assignments.models"): "a body's page lists assignments",
    ("organisation/views.py", "tillit.assignments.selectors"): "a body's page lists assignments",
    ("organisation/views.py", "tillit.decisions.selectors"): "a body's page lists decisions",
    ("organisation/api.py", "tillit.api.auth"): "the organisation router's token auth",
    ("organisation/api.py", "tillit.api.common"): "the organisation router's common schemas",
    # Lower apps that read or write a higher app's rows.
    ("analysis/services.py", "tillit.assignments.models"): "the backfill reads texts to analyse",
    ("analysis/services.py", "tillit.decisions.models"): "the backfill reads texts to analyse",
    ("assignments/api.py", "tillit.decisions.models"): "a status change names the decision",
    ("assignments/views.py", "tillit.followup.selectors"): "the page's follow-up block version",
    ("economy/views.py", "tillit.portal.exports"): "CSV/Excel downloads use the one exporter",
}


def _layer_of(module: str) -> int | None:
    parts = module.split(".")
    if len(parts) < 2 or parts[0] != "tillit" or parts[1] not in LAYERS:
        return None
    return LAYERS.index(parts[1])


def _is_root(module: str) -> bool:
    """A composition root; each app's ``demo.py`` is the demo loader's part in that app."""
    if module.endswith(".demo") and module.count(".") == 2:
        return True
    return any(module == r or module.startswith(r + ".") for r in ROOTS)


def _module_of(rel: Path) -> str:
    parts = list(rel.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(["tillit", *parts])


def imports_of(source: str, module: str, *, is_package: bool = False) -> list[str]:
    """Every tillit module that ``source`` (the text of ``module``) imports, wherever in the
    file the import stands."""
    found: list[str] = []
    package = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            # `from tillit.x import y` may name a submodule y: place it by x, which is enough.
            found.append(name)
    return [n for n in found if n == "tillit" or n.startswith("tillit.")]


def _source_files():
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC)
        if "tests" in rel.parts or "migrations" in rel.parts or path.name == "testing.py":
            continue
        yield rel, path


def scan() -> tuple[Counter, list[tuple[str, str]], list[tuple[str, str]]]:
    """(imports between apps counted per (app, app), upward (file, module), into roots)."""
    between: Counter = Counter()
    upward: list[tuple[str, str]] = []
    into_roots: list[tuple[str, str]] = []
    for rel, path in _source_files():
        module = _module_of(rel)
        if _is_root(module):
            continue
        mine = _layer_of(module)
        for target in imports_of(
            path.read_text(encoding="utf-8"), module, is_package=path.name == "__init__.py"
        ):
            if _is_root(target):
                into_roots.append((rel.as_posix(), target))
                continue
            theirs = _layer_of(target)
            if mine is None or theirs is None or target.split(".")[1] == module.split(".")[1]:
                continue
            between[(module.split(".")[1], target.split(".")[1])] += 1
            if theirs > mine:
                upward.append((rel.as_posix(), target))
    return between, upward, into_roots


def test_every_app_has_a_layer():
    apps = {
        p.name
        for p in SRC.iterdir()
        if p.is_dir() and (p / "__init__.py").exists() and not _is_root(f"tillit.{p.name}")
    }
    unplaced = apps - set(LAYERS)
    assert not unplaced, f"place these apps in LAYERS (and docs/architecture.md): {unplaced}"
    assert not set(LAYERS) - apps, "LAYERS names an app that does not exist"


def test_no_lower_app_imports_a_higher_one():
    _between, upward, _roots = scan()
    found = set(upward)
    new = sorted(found - set(KNOWN_UPWARD))
    gone = sorted(set(KNOWN_UPWARD) - found)
    assert not new, (
        "A lower app imports a higher one (LAYERS in this file, docs/architecture.md). Move the "
        "shared piece down, or announce the outcome through tillit.core.events:\n"
        + "\n".join(f"  {f} imports {m}" for f, m in new)
    )
    assert not gone, "No longer imported: remove from KNOWN_UPWARD:\n" + "\n".join(
        f"  {f} -> {m}" for f, m in gone
    )


def test_no_app_imports_a_composition_root():
    _between, _upward, into_roots = scan()
    allowed = {("core/management/commands/serve.py", "tillit.config.wsgi")}
    assert set(into_roots) <= allowed, sorted(set(into_roots) - allowed)


def test_the_scan_sees_lazy_and_relative_imports():
    source = (
        "from . import models\n"
        "from ..barometer.selectors import x\n"
        "def f():\n"
        "    from tillit.portal.published import published_history\n"
        "    import tillit.workspace.selectors\n"
    )
    got = imports_of(source, "tillit.followup.selectors")
    assert got == [
        "tillit.followup",
        "tillit.barometer.selectors",
        "tillit.portal.published",
        "tillit.workspace.selectors",
    ]
    assert _layer_of("tillit.portal.published") > _layer_of("tillit.followup.selectors")


def test_the_loops_of_issue_14_stay_open():
    """accounts.permissions <-> barometer.permissions, and barometer.metrics -> followup.selectors
    -> portal.published -> barometer.selectors: neither lower end imports the higher app."""
    _between, upward, _roots = scan()
    for f, m in upward:
        assert not (f.startswith("accounts/") and m.startswith("tillit.barometer")), (f, m)
        assert not (f.startswith("followup/") and m.startswith("tillit.portal")), (f, m)
        assert not (f.startswith("assignments/") and m.startswith("tillit.portal")), (f, m)


if __name__ == "__main__":
    between, upward, _ = scan()
    sys.stdout.write(
        f"imports between apps: {sum(between.values())} statements in {len(between)} app pairs\n"
        f"upward: {len(upward)} statements in "
        f"{len({(f.split('/')[0], m.split('.')[1]) for f, m in upward})} app pairs\n"
    )
    for f, m in upward:
        sys.stdout.write(f"  {f} -> {m}\n")
