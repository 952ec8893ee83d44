"""Unit tests for the "vad, inte hur" analyser (pure: no Django, no database)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tillit.analysis import MISSING_LABELS, Analysis, AnalysisInputError, analyse, explain
from tillit.analysis.analyser import validate_text


def categories(text: str) -> set[str]:
    return {f.category for f in analyse(text).findings}


def assert_offsets(text: str) -> None:
    for f in analyse(text).findings:
        assert text[f.start : f.end] == f.phrase
        assert f.reason


# --- categories ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Bemanningen på Björkgården ska utökas med en undersköterska nattetid.", "staffing"),
        ("Schemaläggningen på förskolan ska ändras från nästa månad.", "staffing"),
        ("Personalstyrkan på boendet ska förstärkas varje helg.", "staffing"),
        ("Förvaltningen ska anställa två elevassistenter på Ekskolan.", "staffing"),
        ("Biblioteket ska ha öppet till klockan 20 på torsdagar.", "opening_hours"),
        ("Öppettiderna i simhallen ska förlängas.", "opening_hours"),
        ("Tekniska förvaltningen ska flytta cykelställen till norra sidan.", "placement"),
        ("Parkbänkarna på torget ska målas gröna.", "placement"),
        ("Kommunen ska upphandla ett nytt ekonomisystem från Kalkyla AB.", "supplier"),
        ("Nämnderna ska använda Microsoft Teams för alla möten.", "supplier"),
        ("Faktureringsrutinerna ska ändras så att fakturor skannas samma dag.", "routine"),
        ("Det enskilda ärendet gällande bistånd ska avgöras av nämnden.", "individual_case"),
        ("Bygglovet för fastigheten Eken 4:12 ska beviljas.", "individual_case"),
        ("Enhetschefen på Solgården ska ändra arbetssättet i köket.", "below_chief"),
        ("Nämnden ger gata/park-enheten i uppdrag att byta papperskorgar.", "below_chief"),
        ("Gatuenheten ska snöröja cykelvägen vid skolan först.", "operational"),
    ],
)
def test_each_category_is_found(text: str, category: str) -> None:
    analysis = analyse(text)
    assert category in categories(text), analysis
    assert analysis.level == "how"
    assert_offsets(text)


@pytest.mark.parametrize(
    "word",
    ["cykelställ", "cykelställen", "cykelställets", "parkeringscykelställen"],
)
def test_compounds_and_definite_forms(word: str) -> None:
    text = f"Förvaltningen ska flytta {word} vid Stadshuset."
    assert "placement" in categories(text)
    assert any(f.phrase == word for f in analyse(text).findings)


@pytest.mark.parametrize(
    "word",
    ["bemanningen", "nattbemanningen", "schemaläggningen", "öppettiderna", "personalstyrkan"],
)
def test_morphology(word: str) -> None:
    analysis = analyse(f"{word.capitalize()} på enheten ska ändras.")
    assert analysis.findings, word


# --- what-level texts -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Förvaltningen ska utreda hur bemanningen och schemaläggningen kan förbättras.",
        "Kommundirektören ska föreslå hur öppettiderna kan anpassas efter besökarnas behov.",
        "Nämnden uppdrar åt förvaltningen att analysera hur cykelställen i centrum används.",
        "Förvaltningen ska ta fram förslag på hur rutinerna för fakturering kan förenklas.",
        "Hur bemanningen kan planeras bättre ska utredas av förvaltningen.",
    ],
)
def test_inquiry_frames_are_what(text: str) -> None:
    analysis = analyse(text)
    assert analysis.level == "what"
    assert analysis.findings == ()


def test_inquiry_scope_ends_at_new_assignment_clause() -> None:
    text = (
        "Kommunstyrelsen uppdrar åt kommundirektören att utreda hur digitaliseringen kan frigöra "
        "resurser och att flytta cykelställen vid Stadshuset."
    )
    analysis = analyse(text)
    assert analysis.level == "how"
    assert {f.phrase for f in analysis.findings} >= {"flytta", "cykelställen"}


def test_adopted_proposal_is_not_an_inquiry() -> None:
    text = "Nämnden beslutar enligt förvaltningens förslag att flytta cykelställen till torget."
    assert analyse(text).level == "how"


def test_seed_example_is_what() -> None:
    text = (
        "Kommunstyrelsen uppdrar åt kommundirektören att ta fram förslag på hur digitaliseringen "
        "kan frigöra resurser till skolan och äldreomsorgen. Uppdraget återrapporteras senast "
        "2026-09-30."
    )
    analysis = analyse(text)
    assert analysis.level == "what"
    assert analysis.score < 0.5
    assert "deadline" not in analysis.missing
    assert "followup" not in analysis.missing


def test_deference_is_what() -> None:
    text = "Förvaltningen avgör själv bemanning och arbetssätt, men sjukfrånvaron ska minska."
    assert analyse(text).level == "what"
    text = "Nämnden ska minska väntetiderna utan att styra bemanningen."
    assert analyse(text).level == "what"


def test_open_question_is_follow_up_but_request_is_how() -> None:
    assert analyse("Varför har öppettiderna på biblioteket ändrats?").level == "what"
    assert analyse("Kan förvaltningen flytta cykelställen till baksidan?").level == "how"


def test_hedged_mention_in_passing_stays_what() -> None:
    text = (
        "Förvaltningen ska öka besökarnas nöjdhet med fritidsgårdarna till 80 procent, till "
        "exempel genom längre öppettider."
    )
    assert analyse(text).level == "what"


def test_measured_quantity_is_not_a_method() -> None:
    text = (
        "Antalet timanställda ska minska så att andelen tillsvidareanställda ökar till 85 procent."
    )
    assert analyse(text).findings == ()


def test_numbers_and_dates_in_both_kinds() -> None:
    what = "Andelen behöriga elever ska öka till 90 procent senast 2027-06-30."
    how = "Förskolorna ska stänga klockan 17.30 från och med 1 augusti 2026."
    assert analyse(what).level == "what"
    assert analyse(how).level == "how"


def test_mixed_text_is_how() -> None:
    text = (
        "Andelen förnybar energi ska öka till 80 procent. Fastighetsenheten ska installera "
        "solceller på taket till Stadshuset."
    )
    assert analyse(text).level == "how"


# --- missing parts and flags ------------------------------------------------------------------


def test_missing_parts_from_text() -> None:
    assert analyse("Flytta bänkarna.").missing == ("result", "deadline", "resources", "followup")
    full = (
        "Nöjdheten med hemtjänsten ska öka till minst 90 procent senast 30 september 2026 inom "
        "ramen för nämndens budget. Uppdraget återrapporteras till nämnden i delårsrapporten."
    )
    assert analyse(full).missing == ()
    assert analyse("Nämnden avsätter 500 000 kronor för fler besök.").missing == (
        "result",
        "deadline",
        "followup",
    )


def test_flags_override_text() -> None:
    text = "Förvaltningen ska öka andelen digitala ansökningar till 60 procent."
    assert analyse(text).missing == ("deadline", "resources", "followup")
    flagged = analyse(text, has_deadline=True, has_resources=True, has_followup=True)
    assert flagged.missing == ()
    full = "Senast 2026-09-30, inom befintlig ram, återrapporteras till nämnden; öka till 60 %."
    assert analyse(full, has_deadline=False).missing == ("deadline",)


def test_missing_labels_cover_all_keys() -> None:
    assert set(MISSING_LABELS) == {"result", "deadline", "resources", "followup"}


# --- output ------------------------------------------------------------------------------------


def test_to_dict_is_json_ready() -> None:
    text = "Tekniska enheten ska flytta cykelställen vid Stadshuset till norra sidan."
    data = analyse(text).to_dict()
    assert set(data) == {"level", "score", "findings", "missing"}
    assert data["level"] == "how"
    assert all(set(f) == {"start", "end", "phrase", "reason", "category"} for f in data["findings"])
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    for f in data["findings"]:
        assert text[f["start"] : f["end"]] == f["phrase"]


def test_explain_is_swedish_and_lists_findings() -> None:
    analysis = analyse("Tekniska enheten ska flytta cykelställen.")
    text = explain(analysis)
    assert "hur-nivå" in text
    assert "cykelställen" in text
    assert "Tidpunkt" in text
    assert "vad-nivå" in explain(analyse("Andelen ska öka till 50 procent."))


def test_empty_and_long_texts() -> None:
    empty = analyse("")
    assert isinstance(empty, Analysis)
    assert empty.level == "what" and empty.score == 0.0 and empty.findings == ()
    with pytest.raises(AnalysisInputError):
        validate_text("   ")
    with pytest.raises(AnalysisInputError):
        validate_text("a" * 100_001)
    long_text = "Tekniska enheten ska flytta cykelställen. " * 2000
    analysis = analyse(long_text)
    assert analysis.level == "how"
    assert len(analysis.findings) >= 2000


def test_non_string_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        analyse(None)  # type: ignore[arg-type]


def test_analyser_imports_no_django() -> None:
    code = (
        "import sys, tillit.analysis, tillit.analysis.lexicon; "
        "bad = [m for m in sys.modules if m.split('.')[0] == 'django']; "
        "assert not bad, bad; print('ok')"
    )
    src = str(Path(__file__).resolve().parents[3])
    env = {**os.environ, "PYTHONPATH": src}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
