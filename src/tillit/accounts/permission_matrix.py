"""The permission matrix: what each role may do in its own body and in another.

One source for two readers: tests/security/test_permission_matrix.py checks every cell against
the real permission functions (accounts.permissions; the deviation rules in
barometer.permissions) with data built through the services, and docs/permissions.md shows
the table rendered by `render_markdown()` (`python scripts/permissions_doc.py` rewrites it; a
test fails when the page is out of date).

"Own" is the body the role belongs to (the secretary's body, the chief's body, the politician's
body); for actions on the whole municipality (economy, audit, roles, deviations) "own" is the
role's municipality and "other" another municipality in the same installation.
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES: list[tuple[str, str]] = [
    ("admin", "Administratör"),
    ("secretary", "Sekreterare (i organet)"),
    ("chief", "Chef (kommundirektör/förvaltningschef)"),
    ("politician", "Förtroendevald (ledamot i organet)"),
    ("controller", "Controller/ekonom"),
    ("auditor", "Revisor"),
    ("public", "Allmänheten (ingen roll)"),
]


@dataclass(frozen=True)
class Action:
    name: str  # the permission function is <module>.can_<name>
    label: str
    target: str  # body | assignment | question | municipality
    # Where the function lives: accounts.permissions, or the higher app whose data the rule reads
    # (the deviation rules read barometer's confidentiality setting). A string, so accounts
    # imports no higher app; the test and the docs script resolve it.
    module: str = "tillit.accounts.permissions"


ACTIONS: list[Action] = [
    Action("register_decision", "Registrera beslut (§) för organet", "body"),
    Action("import_minutes", "Läsa in organets protokoll och registrera besluten", "body"),
    Action("decide_on_report", "Registrera organets beslut om en rapport", "assignment"),
    Action("change_assignment_status", "Ändra uppdragets status (påbörja, redovisa)", "assignment"),
    Action("file_report", "Skriva och lämna rapport om uppdraget", "assignment"),
    Action("read_drafts", "Läsa rapportutkast", "assignment"),
    Action("ask_question", "Ställa fråga om uppdraget", "assignment"),
    Action("answer_question", "Besvara fråga om uppdraget", "question"),
    Action("import_economy", "Importera ekonomi (SIE/CSV), mappningar, prognoser", "municipality"),
    Action("manage_frames", "Registrera ramar och ramändringar", "municipality"),
    Action("manage_budget", "Registrera och anta budgetförslag (mål och budget)", "municipality"),
    Action("report_forecast", "Rapportera organets helårsprognos", "body"),
    Action("write_operational_plan", "Skriva organets verksamhetsplan", "body"),
    Action("read_audit", "Läsa granskningsloggen (audit trail)", "municipality"),
    Action("manage_roles", "Tilldela roller, kommunens inställningar", "municipality"),
    Action(
        "manage_organisation",
        "Ändra organisationen (mandatperiod, styre, organ, chefer, ledamöter)",
        "municipality",
    ),
    Action(
        "record_deviation",
        "Registrera avvikelse från beslutskedjan",
        "municipality",
        module="tillit.barometer.permissions",
    ),
    Action(
        "read_deviation_reporter",
        "Se vem som rapporterade en avvikelse",
        "municipality",
        module="tillit.barometer.permissions",
    ),
]

OWN, OTHER = "own", "other"

# role -> {action: (own, other)}; a missing action is (False, False).
_ALL = (True, True)
_OWN = (True, False)
EXPECTED: dict[str, dict[str, tuple[bool, bool]]] = {
    "admin": {
        "register_decision": _ALL,
        "import_minutes": _ALL,
        "decide_on_report": _ALL,
        "change_assignment_status": _ALL,
        "read_drafts": _ALL,
        "import_economy": _OWN,
        "manage_frames": _OWN,
        "manage_budget": _OWN,
        "report_forecast": _ALL,
        "write_operational_plan": _ALL,
        "read_audit": _OWN,
        "manage_roles": _OWN,
        "manage_organisation": _OWN,
        "record_deviation": _OWN,
        "read_deviation_reporter": _OWN,
    },
    "secretary": {
        "register_decision": _OWN,
        "import_minutes": _OWN,
        "decide_on_report": _OWN,
        "change_assignment_status": _OWN,
        "record_deviation": _OWN,
    },
    "chief": {
        "change_assignment_status": _OWN,
        "file_report": _OWN,
        "read_drafts": _OWN,
        "answer_question": _OWN,
        "report_forecast": _OWN,
        "write_operational_plan": _OWN,
        "record_deviation": _OWN,
        "read_deviation_reporter": _OWN,
    },
    "politician": {"ask_question": _OWN},
    "controller": {
        "import_economy": _OWN,
        "manage_frames": _OWN,
        "report_forecast": _ALL,
        "record_deviation": _OWN,
    },
    "auditor": {"read_drafts": _ALL, "read_audit": _OWN},
    "public": {},
}


def expected(role: str, action: str, scope: str) -> bool:
    own, other = EXPECTED[role].get(action, (False, False))
    return own if scope == OWN else other


def cells():
    """Every (role, action, scope) of the matrix."""
    for role, _label in ROLES:
        for action in ACTIONS:
            for scope in (OWN, OTHER):
                yield role, action.name, scope


def render_markdown() -> str:
    """The matrix as a Markdown table: one row per action, one column per role, each cell
    "egen / annan" (✔ allowed, – refused)."""

    def mark(value: bool) -> str:
        return "✔" if value else "–"

    header = "| Åtgärd | " + " | ".join(label for _, label in ROLES) + " |"
    rule = "|---|" + "---|" * len(ROLES)
    lines = [header, rule]
    for action in ACTIONS:
        cells_ = []
        for role, _label in ROLES:
            own = expected(role, action.name, OWN)
            other = expected(role, action.name, OTHER)
            cells_.append(f"{mark(own)} / {mark(other)}")
        lines.append(f"| {action.label} (`can_{action.name}`) | " + " | ".join(cells_) + " |")
    return "\n".join(lines) + "\n"
