"""Issue 4, item 7: the tricky cases, pinned (pure analyser, no database)."""

from __future__ import annotations

import pytest

from tillit.analysis import MAX_TEXT_LENGTH, AnalysisInputError, analyse, validate_text


def phrases(text: str) -> list[str]:
    return [f.phrase for f in analyse(text).findings]


# --- "hur" in a what-text ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Nämnden ger förvaltningschefen i uppdrag att utreda hur bemanningen i hemtjänsten kan "
        "planeras så att kontinuiteten ökar.",
        "Kommunstyrelsen uppdrar åt kommundirektören att föreslå hur cykelparkeringen vid "
        "stadshuset kan förbättras.",
        "Kommunstyrelsen uppdrar åt kommundirektören att minska sjukfrånvaron till högst 6 "
        "procent. Hur det ska ske avgör förvaltningen.",
        "Hur går arbetet med att korta väntetiderna i hemtjänsten?",
    ],
)
def test_hur_in_a_what_text(text):
    assert analyse(text).level == "what"


# --- numbers and dates in both kinds -------------------------------------------------------------


def test_numbers_and_dates_in_a_what_text():
    a = analyse(
        "Socialnämnden ger förvaltningschefen i uppdrag att öka andelen nöjda brukare till 95 "
        "procent senast 2027-12-31, inom befintlig ram. Uppdraget följs upp i delårsrapporten."
    )
    assert a.level == "what"
    assert a.missing == ()


def test_numbers_and_dates_in_a_how_text():
    a = analyse(
        "Nämnden beslutar att lunchen på Prästängens äldreboende ska serveras klockan 12.00 "
        "från och med den 1 mars 2027."
    )
    assert a.level == "how"
    assert "deadline" not in a.missing
    assert any("12.00" in p for p in phrases("Lunchen ska serveras klockan 12.00."))


def test_money_does_not_hide_an_individual_case():
    a = analyse(
        "Socialnämnden uppdrar åt förvaltningschefen att familjehemmet i Storebro får ett extra "
        "arvode om 3 000 kronor i månaden."
    )
    assert a.level == "how"
    assert "resources" not in a.missing


# --- named places, streets, suppliers and products -----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Kommunstyrelsen ser gärna att fontänen på Stora torget sätts igång redan den första maj.",
        "Tekniska nämnden ger förvaltningschefen i uppdrag att sätta upp farthinder på Storgatan "
        "utanför Tunaskolan.",
        "Barn- och utbildningsnämnden beslutar att skolskjutsen från Rumskulla ska köras av "
        "Vimmerby Taxi.",
        "Äldreomsorgen ska byta matleverantör från Kalmar Storkök till Vimmerby Mat och Catering.",
        "Kommunstyrelsen beslutar att kommunens nya intranät ska byggas i Wordpress.",
    ],
)
def test_named_places_and_suppliers_in_a_directive_are_how(text):
    assert analyse(text).level == "how"


@pytest.mark.parametrize(
    "text",
    [
        "Barn- och utbildningsnämnden ger förvaltningschefen i uppdrag att öka andelen "
        "legitimerade lärare på skolorna i Storebro och Södra Vi till minst 80 procent.",
        "Socialnämnden vill att fler äldre i Pelarne och Rumskulla ska kunna bo kvar hemma.",
        "Kommunfullmäktige beslutar att anta Vimmerby kommuns kulturplan.",
        "Kommunfullmäktige beslutar att godkänna samverkansavtalet med Region Kalmar län.",
        "Kommunstyrelsen uppdrar åt kommundirektören att redovisa hur kommunen följer upp avtalet "
        "med Kalmar Storkök.",
    ],
)
def test_named_places_in_a_goal_or_inquiry_stay_what(text):
    a = analyse(text)
    assert a.level == "what", a


# --- polite wishes and instructions to named people ----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Kommunstyrelsen ser gärna att vaktmästarna på kommunhuset börjar klockan sju.",
        "Nämnden vill att rektorn på Brännebrona skola ringer vårdnadshavarna vid varje "
        "frånvarotillfälle.",
        "Personalutskottet beslutar att löneassistenten ska arbeta hemifrån två dagar i veckan.",
        "Kultur- och fritidsnämnden beslutar att simhallen ska ha damsim på tisdagskvällar.",
    ],
)
def test_polite_wishes_schedules_and_named_people_are_how(text):
    assert analyse(text).level == "how"


# --- a method mentioned in passing ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Kultur- och fritidsnämnden uppdrar åt förvaltningschefen att bibliotekens verksamhet ska "
        "nå fler barn i ytterområdena, till exempel genom bokbuss eller samarbete med skolorna.",
        "Socialnämnden ger förvaltningschefen i uppdrag att minska antalet placeringar av "
        "ungdomar på HVB. Förvaltningen väljer själv arbetssätt. Uppdraget följs upp i "
        "delårsrapporten.",
        "Kommunstyrelsen uppdrar åt kommundirektören att utveckla samverkan med näringslivet så "
        "att kommunens placering i Svenskt Näringslivs företagsklimatranking förbättras.",
    ],
)
def test_method_in_passing_stays_what(text):
    assert analyse(text).level == "what"


def test_a_mixed_text_is_how():
    a = analyse(
        "För att öka tryggheten ska belysningen längs Järnvägsgatan bytas ut till LED-lampor."
    )
    assert a.level == "how"
    assert any(f.phrase.startswith("bytas ut") for f in a.findings)


def test_weak_cues_do_not_add_up():
    # Several named places alone are one weak cue, not several.
    one = analyse("Nämnden beslutar att verksamheten ska finnas i Storebro.", use_model=False).score
    three = analyse(
        "Nämnden beslutar att verksamheten ska finnas i Storebro, Pelarne och Rumskulla.",
        use_model=False,
    ).score
    assert one == three


# --- empty and very long text ---------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_text_is_a_clear_error(text):
    with pytest.raises(AnalysisInputError, match="tom"):
        validate_text(text)
    assert analyse(text).level == "what"  # analyse itself never crashes


def test_very_long_text_is_a_clear_error():
    with pytest.raises(AnalysisInputError, match="för lång"):
        validate_text("a" * (MAX_TEXT_LENGTH + 1))


def test_long_but_allowed_text_is_analysed():
    text = "Tekniska enheten ska flytta cykelställen vid stadshuset. " * 1500
    assert len(text) <= MAX_TEXT_LENGTH
    a = analyse(validate_text(text))
    assert a.level == "how"
    assert all(text[f.start : f.end] == f.phrase for f in a.findings)
