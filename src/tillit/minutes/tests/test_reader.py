"""The minutes reader (issue 15 item 1 and 6): each messy feature of real protocols has a test.

Pure library tests (no database): text in, Minutes out.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from tillit.minutes.reader import MinutesUnreadable, match_recipient, parse_minutes
from tillit.minutes.reader.extract import decode_text
from tillit.minutes.reader.parse import amount_in, clean_pages, deadline_in, dehyphenate

COVER = """VIMMERBY KOMMUN
SAMMANTRÄDESPROTOKOLL
Kommunstyrelsen
Sammanträdesdatum 2024-03-12
Paragrafer 45–47
"""


def parse(text: str, **kwargs):
    return parse_minutes(text, **kwargs)


def numbers(minutes) -> list[int]:
    return [p.number for p in minutes.paragraphs]


def para(minutes, number: int):
    return next(p for p in minutes.paragraphs if p.number == number)


def recipients(minutes, number: int) -> list[str]:
    return [a.recipient_text for a in para(minutes, number).assignments]


# --------------------------------------------------------------------------- meeting


def test_body_and_date_from_the_cover():
    m = parse(COVER + "\n§ 45 Val av justerare\nBeslut\nAnna utses att justera.\n")
    assert m.body_guess == "Kommunstyrelsen"
    assert m.meeting_date == date(2024, 3, 12)


def test_date_written_in_words_and_body_after_organ_label():
    text = (
        "PROTOKOLL\nPlats och tid Stadshuset, onsdagen den 21 juni 2017 kl. 18.00\n"
        "Organ Socialnämndens arbetsutskott\n\n§ 5 Information\nBeslut\nInformationen noteras.\n"
    )
    m = parse(text)
    assert m.meeting_date == date(2017, 6, 21)
    assert m.body_guess == "Socialnämndens arbetsutskott"


def test_json_shape_is_the_interface():
    m = parse(
        COVER + "\n§ 45 Lokaler\nBeslut\nKommunstyrelsen uppdrar åt kommundirektören att "
        "ta fram en plan senast 2024-12-31 inom 500 000 kronor.\n"
    )
    data = json.loads(json.dumps(m.to_dict()))
    assert set(data) >= {"body_guess", "meeting_date", "paragraphs"}
    p = data["paragraphs"][0]
    assert set(p) >= {"number", "title", "kind", "decision_text", "has_assignment", "assignments"}
    a = p["assignments"][0]
    assert set(a) >= {"recipient_text", "recipient", "what", "deadline", "resources_sek"}
    assert (a["recipient_text"], a["deadline"], a["resources_sek"]) == (
        "kommundirektören",
        "2024-12-31",
        500000,
    )
    assert data["meeting_date"] == "2024-03-12" and p["has_assignment"] is True


# --------------------------------------------------------------------------- page furniture


def test_page_headers_and_footers_in_the_middle_of_a_paragraph_are_removed():
    text = (
        COVER
        + "\n§ 45 Förskolelokaler\nÄrendebeskrivning\nAntalet barn ökar och lokalerna räcker\n"
        "Justerandes sign   Utdragsbestyrkande\n\nVIMMERBY KOMMUN   PROTOKOLL 4(17)\n"
        "Kommunstyrelsen   2024-03-12\n"
        "inte till.\nKommunstyrelsens beslut\nKommunstyrelsen beslutar att uppdra åt "
        "barn- och utbildningsnämnden att ta fram en lokalplan.\n"
    )
    m = parse(text)
    p = para(m, 45)
    assert "Justerandes" not in p.text and "PROTOKOLL" not in p.text
    assert "Utdragsbestyrkande" not in p.text
    assert recipients(m, 45) == ["barn- och utbildningsnämnden"]


def test_lines_repeated_at_the_edge_of_every_page_are_removed():
    pages = [
        f"Kalmar kommun  Socialnämnden\nSida {k} av 3\n{body}\nKalmar kommun  Socialnämnden"
        for k, body in enumerate(
            [
                "Sammanträdesdatum 2024-04-17",
                "§ 61 Uppföljning\nBeslut\nRapporten godkänns.",
                "§ 62 Hemtjänst\nBeslut\nSocialnämnden ger förvaltningschefen i uppdrag att "
                "se över hemtjänsten.",
            ],
            1,
        )
    ]
    text = clean_pages(pages)
    assert "Kalmar kommun  Socialnämnden" not in text and "Sida 2 av 3" not in text
    m = parse("\f".join(pages))
    assert numbers(m) == [61, 62]
    assert recipients(m, 62) == ["förvaltningschefen"]


def test_paragraph_continued_after_a_page_break_is_one_paragraph():
    text = (
        COVER + "\n§ 45 Badhus\nÄrendebeskrivning\nBadhuset är gammalt.\n"
        "\fVIMMERBY KOMMUN PROTOKOLL 3(9)\n"
        "§ 45 forts.\nKommunstyrelsens beslut\nKommunstyrelsen beslutar att uppdra åt "
        "kommundirektören att genomföra en förstudie.\n§ 46 Information\nBeslut\n"
        "Informationen noteras.\n"
    )
    m = parse(text)
    assert numbers(m) == [45, 46]
    assert para(m, 45).title == "Badhus"
    assert recipients(m, 45) == ["kommundirektören"]


def test_heading_at_page_bottom_title_after_forts():
    text = (
        "Kommunfullmäktige\nSammanträdesdatum 2024-05-27\n\n§ 90 Val\nBeslut\nNN väljs.\n\n"
        "§ 91\n\nJusterandes sign\n\fEKSJÖ KOMMUN    PROTOKOLL 3(6)\n§ 91 forts.\n\n"
        "Policy för informationssäkerhet\nDnr 2024/010\nÄrendet\nEn ny policy.\n"
        "Kommunfullmäktiges beslut\nKommunfullmäktige beslutar att anta policyn.\n"
    )
    m = parse(text)
    assert numbers(m) == [90, 91]
    assert para(m, 91).title == "Policy för informationssäkerhet"
    assert para(m, 91).dnr == "2024/010"


def test_hyphenated_line_ends_are_joined():
    assert dehyphenate("kommun-\nstyrelsen beslutar") == "kommunstyrelsen beslutar"
    assert dehyphenate("uppdra åt barn-\noch utbildningsnämnden") == (
        "uppdra åt barn- och utbildningsnämnden"
    )
    assert dehyphenate("Kultur-\nFritid") == "Kultur-\nFritid"  # a new line, not a word part
    m = parse(
        COVER + "\n§ 45 Lokaler\nBeslut\nKommunstyrelsen beslutar att uppdra åt samhällsbygg-\n"
        "nadsförvaltningen att inventera lokalerna.\n"
    )
    assert recipients(m, 45) == ["samhällsbyggnadsförvaltningen"]


def test_soft_hyphens_are_removed():
    m = parse(
        COVER + "\n§ 45 Lokaler\nBeslut\nKommunstyrelsen uppdrar åt kommun\u00ad"
        "direktören att inventera lokalerna.\n"
    )
    assert recipients(m, 45) == ["kommundirektören"]


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("heading", "label"),
    [
        ("§ 45 Lokaler", "§ 45"),
        ("§45 Lokaler", "§45"),
        ("KS § 45 Lokaler", "KS § 45"),
        ("§ 45/24 Lokaler", "§ 45/24"),
        ("KS § 45   Dnr KS 2024/12\nLokaler", "KS § 45"),
        ("§ 45\nLokaler", "§ 45"),
    ],
)
def test_paragraph_number_forms(heading, label):
    m = parse(COVER + f"\n{heading}\nBeslut\nKommunstyrelsen godkänner redovisningen.\n")
    assert numbers(m) == [45]
    assert para(m, 45).title == "Lokaler"
    assert para(m, 45).label == label


def test_dnr_is_kept_apart_from_the_title():
    m = parse(COVER + "\nKS § 45   Dnr KS 2024/12\nLokaler\nBeslut\nGodkänns.\n")
    assert para(m, 45).dnr == "KS 2024/12"


def test_table_of_contents_and_cover_lines_are_not_paragraphs():
    toc_dots = (
        "Innehållsförteckning\n§ 45 Val av justerare ........ 3\n§ 46 Lokaler ........ 4\n"
        "§ 47 Information ........ 5\n\n"
    )
    body = (
        "§ 45 Val av justerare\nBeslut\nAnna Andersson utses att justera protokollet.\n\n"
        "§ 46 Lokaler\nBeslut\nKommunstyrelsen uppdrar åt kommundirektören att se över "
        "lokalerna.\n\n§ 47 Information\nBeslut\nInformationen noteras och läggs till "
        "handlingarna.\n"
    )
    plain_toc = "Ärendelista\n§ 45 Val av justerare\n§ 46 Lokaler\n§ 47 Information\n\n"
    for toc in (toc_dots, plain_toc):
        m = parse(COVER + "Justerade paragrafer §§ 45-47\n\n" + toc + body)
        assert numbers(m) == [45, 46, 47]
        assert para(m, 46).has_assignment
        assert recipients(m, 46) == ["kommundirektören"]


def test_references_to_other_bodies_paragraphs_are_not_paragraphs():
    text = (
        COVER + "\nKS § 45 Lokaler\nÄrendebeskrivning\nÄrendet har beretts av arbetsutskottet.\n"
        "KSAU § 12 Lokalfrågan\nArbetsutskottet föreslog att kommunstyrelsen skulle besluta "
        "enligt förvaltningens förslag.\n"
        "Kommunstyrelsens beslut\nKommunstyrelsen beslutar att uppdra åt kommundirektören att "
        "sälja lokalerna.\n\nKS § 46 Information\nBeslut\nInformationen noteras.\n"
    )
    m = parse(text)
    assert numbers(m) == [45, 46]
    assert recipients(m, 45) == ["kommundirektören"]


def test_paragraphs_of_another_year_are_references():
    text = (
        "Socialnämnden\nSammanträdesdatum 2024-04-17\n\n§ 61/24 Hemtjänst\nÄrendet\n"
        "Nämnden beslutade tidigare om hemtjänstens organisation.\n"
        "§ 12/23 Tidigare beslut om hemtjänst\nBeslutet gäller fortfarande i sin helhet.\n"
        "Beslut\nNämnden beslutar att ge förvaltningschefen i uppdrag att följa upp.\n"
        "§ 62/24 Information\nBeslut\nInformationen noteras.\n"
    )
    m = parse(text)
    assert numbers(m) == [61, 62]
    assert recipients(m, 61) == ["förvaltningschefen"]


def test_flattened_attendance_table_is_not_paragraphs():
    text = (
        COVER + "Beslutande\nLedamöter            Tjg   Ers   §§\nKarin Lindqvist (S)   X\n"
        "Lena Forsman (C)   X   45-46\nPer Åberg (M) §§ 45-47 X\n§ 46-47 Olle Ringdahl (SD)\n"
        "Närvaro  Ja  Nej  Avstår  § 47\nJANEJJANEJ§§§§\n\n"
        "§ 45 Val av justerare\nBeslut\nAnna utses att justera protokollet.\n\n"
        "§ 46 Lokaler\nBeslut\nKommunstyrelsen godkänner redovisningen av lokalerna.\n\n"
        "§ 47 Information\nBeslut\nInformationen noteras.\n"
    )
    m = parse(text)
    assert numbers(m) == [45, 46, 47]


def test_reference_in_prose_is_not_a_paragraph():
    text = (
        COVER + "\n§ 45 Lokaler\nÄrendet\nEnligt beslut\n§ 12 i kommunstyrelsens "
        "protokoll från januari gäller detta.\nBeslut\nGodkänns.\n§ 46 Info\nBeslut\n"
        "Informationen noteras.\n"
    )
    assert numbers(parse(text)) == [45, 46]


# --------------------------------------------------------------------------- decisions


@pytest.mark.parametrize(
    "heading",
    [
        "Beslut",
        "Beslut:",
        "Kommunstyrelsens beslut",
        "Kommunstyrelsen beslutar",
        "Nämndens beslut",
        "Beslutet",
    ],
)
def test_decision_heading_forms(heading):
    text = (
        COVER + f"\n§ 45 Lokaler\nÄrendebeskrivning\nLokalerna behöver ses över.\n{heading}\n"
        "att uppdra åt kommundirektören att se över lokalerna.\nBeslutet skickas till\n"
        "Tekniska nämnden\n"
    )
    m = parse(text)
    assert recipients(m, 45) == ["kommundirektören"]
    assert "Tekniska nämnden" not in para(m, 45).decision_text


def test_decision_sentence_without_heading():
    text = (
        "Tekniska nämnden\nSammanträdesdatum 2024-06-11\n\n§ 30 Vinterväghållning\n"
        "Snöröjningen har kostat mer än budgeterat. Tekniska nämnden beslutar att ge "
        "gatuchefen i uppdrag att ta fram en ny plan för snöröjning.\n"
    )
    assert recipients(parse(text), 30) == ["gatuchefen"]


def test_proposal_is_not_the_decision():
    text = (
        COVER + "\n§ 45 Badhus\nFörslag till beslut\nKommunstyrelsen beslutar\n"
        "att uppdra åt kultur- och fritidsnämnden att genomföra en förstudie.\n"
        "Kommunstyrelsens beslut\nKommunstyrelsen beslutar att bordlägga ärendet.\n"
    )
    m = parse(text)
    assert not para(m, 45).has_assignment
    assert "bordlägga" in para(m, 45).decision_text


def test_proposal_after_the_decision_is_not_the_decision():
    text = (
        COVER + "\n§ 45 Badhus\nBeslut\nKommunstyrelsen godkänner redovisningen.\n"
        "Ärendet\nBadhuset är gammalt.\nFörvaltningens förslag till beslut\n"
        "Kommunstyrelsen beslutar\natt uppdra åt kultur- och fritidsnämnden att bygga nytt.\n"
    )
    m = parse(text)
    assert not para(m, 45).has_assignment


def test_rejected_yrkande_is_not_an_assignment():
    text = (
        COVER + "\n§ 45 Motion om solceller\nYrkanden\nEn ledamot yrkar att kommunstyrelsen ska "
        "uppdra åt tekniska förvaltningen att inventera taken. Ordföranden finner att "
        "yrkandet avslås.\nBeslut\nKommunstyrelsen beslutar att bifalla motionen och "
        "avslår yrkandet om att uppdra åt tekniska förvaltningen att inventera taken.\n"
    )
    m = parse(text)
    assert not para(m, 45).has_assignment


def test_referral_for_beredning_is_not_an_assignment():
    text = (
        COVER + "\n§ 45 Medborgarförslag om hundrastgård\nBeslut\n"
        "Medborgarförslaget överlämnas till tekniska nämnden för beredning.\n"
    )
    m = parse(text)
    assert not para(m, 45).has_assignment


def test_aterremiss_is_not_an_assignment():
    text = (
        COVER + "\n§ 45 Motion om simskola\nBeslut\nÄrendet återremitteras till förvaltningen "
        "för att komplettera med en kostnadsberäkning.\n"
    )
    assert not para(parse(text), 45).has_assignment


def test_assignment_declared_fulfilled_is_not_an_assignment():
    text = (
        COVER + "\n§ 45 Återrapport om digital nämndhantering\nBeslut\nKommunstyrelsen "
        "beslutar\natt godkänna återrapporteringen,\natt uppdraget förklaras fullgjort.\n"
    )
    p = para(parse(text), 45)
    assert not p.has_assignment
    assert p.kind == "report_decision"


def test_another_bodys_decision_quoted_is_not_the_decision():
    text = (
        "Kommunfullmäktige\nSammanträdesdatum 2024-05-27\n\n§ 88 Badhus\nÄrendet\n"
        "Kommunstyrelsens beslut\nKommunstyrelsen beslutade att uppdra åt kommundirektören att "
        "utreda badhuset.\nKommunfullmäktiges beslut\nKommunfullmäktige beslutar att anta "
        "utredningen.\n"
    )
    m = parse(text)
    assert not para(m, 88).has_assignment
    assert "anta" in para(m, 88).decision_text


def test_proposal_to_another_body_is_not_an_assignment():
    text = (
        COVER + "\n§ 45 Avtal\nBeslut\nKommunstyrelsen beslutar att föreslå "
        "kommunfullmäktige att godkänna avtalet.\n"
    )
    assert not para(parse(text), 45).has_assignment


# --------------------------------------------------------------------------- assignments


@pytest.mark.parametrize(
    ("decision", "expected"),
    [
        ("att uppdra åt kommundirektören att ta fram en plan", ["kommundirektören"]),
        ("att uppdra till tekniska nämnden att bygga en cykelväg", ["tekniska nämnden"]),
        (
            "att ge barn- och utbildningsnämnden i uppdrag att utreda",
            ["barn- och utbildningsnämnden"],
        ),
        ("Tekniska nämnden ges i uppdrag att åtgärda vägen.", ["Tekniska nämnden"]),
        ("Kommundirektören får i uppdrag att informera cheferna.", ["Kommundirektören"]),
        ("Arbetsmarknadsenheten uppdras att organisera sommarjobben.", ["Arbetsmarknadsenheten"]),
        ("att uppmana samtliga nämnder att redovisa", ["samtliga nämnder"]),
        (
            "att ge socialnämnden och kultur- och fritidsnämnden i uppdrag att samverka",
            ["socialnämnden", "kultur- och fritidsnämnden"],
        ),
        (
            "1. godkänna planen\n2. uppdra åt Kommunfastigheter AB att installera solceller",
            ["Kommunfastigheter AB"],
        ),
        (
            "Samhällsbyggnadsförvaltningen ska redovisa en tidplan senast den 1 oktober 2024.",
            ["Samhällsbyggnadsförvaltningen"],
        ),
    ],
)
def test_assignment_forms(decision, expected):
    m = parse(COVER + f"\n§ 45 Ärende\nBeslut\nKommunstyrelsen beslutar\n{decision}\n")
    assert recipients(m, 45) == expected
    assert para(m, 45).kind == "assignment"


def test_what_deadline_and_resources_of_an_assignment():
    m = parse(
        COVER + "\n§ 45 Badhus\nBeslut\nKommunstyrelsen beslutar att uppdra åt "
        "kommundirektören att genomföra en förstudie senast den 28 februari 2025 med "
        "2,5 miljoner kronor.\n"
    )
    a = para(m, 45).assignments[0]
    assert a.what.startswith("genomföra en förstudie")
    assert a.deadline == date(2025, 2, 28)
    assert a.resources_sek == 2_500_000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("redovisa senast 2024-06-30", date(2024, 6, 30)),
        ("redovisa senast den 30 november 2024", date(2024, 11, 30)),
        ("återkomma senast i juni 2024", date(2024, 6, 30)),
        ("redovisa under 2025", date(2025, 12, 31)),
        ("klart före utgången av 2025", date(2025, 12, 31)),
        ("utan tidsgräns", None),
    ],
)
def test_deadlines(text, expected):
    assert deadline_in(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("med 500 000 kronor", 500000),
        ("avsätta 250 tkr", 250000),
        ("1,5 mnkr ur ramen", 1500000),
        ("9,5 miljoner kronor", 9500000),
        ("35 000 kr per år", 35000),
        ("inom befintlig ram", None),
    ],
)
def test_amounts(text, expected):
    assert amount_in(text) == expected


# --------------------------------------------------------------------------- kinds


@pytest.mark.parametrize(
    ("title", "decision", "kind"),
    [
        ("Val av ersättare i pensionärsrådet", "NN väljs till ersättare.", "election"),
        ("Anmälan av delegationsbeslut", "Redovisningen godkänns.", "delegation_report"),
        ("Meddelanden", "Meddelandena läggs till handlingarna.", "noted"),
        (
            "Ändrad budgetram för tekniska nämnden",
            "Kommunstyrelsen beslutar att utöka tekniska nämndens ram med 2,4 miljoner kronor.",
            "frame_change",
        ),
        ("Delårsrapport per april", "Kommunstyrelsen godkänner rapporten.", "report_decision"),
        ("Riktlinjer för bisysslor", "Kommunstyrelsen antar riktlinjerna.", "other"),
    ],
)
def test_kinds(title, decision, kind):
    m = parse(COVER + f"\n§ 45 {title}\nBeslut\n{decision}\n")
    assert para(m, 45).kind == kind


# --------------------------------------------------------------------------- recipients


ORGANISATION = [
    ("ks", ["Kommunstyrelsen", "KS"]),
    ("bun", ["Barn- och utbildningsnämnden", "BUN"]),
    ("sn", ["Socialnämnden", "SN"]),
    ("kommundirektor", ["Kommunledningsförvaltningen", "Kommundirektör"]),
    ("fc-bun", ["Barn- och utbildningsförvaltningen", "Förvaltningschef"]),
    ("fc-sn", ["Socialförvaltningen", "Förvaltningschef"]),
]


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("kommundirektören", "kommundirektor"),
        ("barn- och utbildningsnämnden", "bun"),
        ("Socialnämnden", "sn"),
        ("socialnämndens", "sn"),
        ("BUN", "bun"),
        ("förvaltningschefen för socialförvaltningen", "fc-sn"),
        ("förvaltningschefen", None),  # two offices fit: no guess
        ("Testkommun Energi AB", None),
    ],
)
def test_recipient_matching(text, slug):
    assert match_recipient(text, ORGANISATION) == slug


def test_recipients_matched_while_parsing():
    m = parse(
        COVER + "\n§ 45 Lokaler\nBeslut\nKommunstyrelsen beslutar att uppdra åt "
        "kommundirektören att se över lokalerna.\n",
        organisation=ORGANISATION,
    )
    assert para(m, 45).assignments[0].recipient == "kommundirektor"


# --------------------------------------------------------------------------- encodings


SAMPLE = COVER.replace("–", "-") + (
    "\n§ 45 Lokaler för förskolan\nBeslut\nKommunstyrelsen uppdrar åt "
    "kommundirektören att se över lokalerna.\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"])
def test_text_encodings(encoding):
    m = parse_minutes(SAMPLE.encode(encoding), filename="protokoll.txt")
    assert para(m, 45).title == "Lokaler för förskolan"
    assert recipients(m, 45) == ["kommundirektören"]


def test_utf8_read_as_cp1252_once_is_repaired():
    mojibake = SAMPLE.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8")
    m = parse_minutes(mojibake)
    assert para(m, 45).title == "Lokaler för förskolan"


def test_unknown_encoding_is_refused():
    with pytest.raises(MinutesUnreadable) as exc:
        decode_text(SAMPLE.encode("utf-16-le"))  # no BOM: NUL bytes everywhere
    assert exc.value.code == "encoding"
    assert "teckenkodning" in exc.value.message


# --------------------------------------------------------------------------- bad input


def test_not_minutes_is_refused():
    with pytest.raises(MinutesUnreadable) as exc:
        parse("Inköpslista\nMjölk\nBröd\nKaffe\n")
    assert exc.value.code == "not_minutes"
    assert "inte vara ett protokoll" in exc.value.message


def test_empty_file_is_refused():
    with pytest.raises(MinutesUnreadable):
        parse_minutes(b"   \n")


def test_old_word_format_is_refused():
    with pytest.raises(MinutesUnreadable) as exc:
        parse_minutes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert exc.value.code == "unsupported" and ".docx" in exc.value.message


def test_broken_pdf_is_refused():
    with pytest.raises(MinutesUnreadable) as exc:
        parse_minutes(b"%PDF-1.7\n this is not really a pdf \n%%EOF")
    assert exc.value.code in {"damaged", "scanned"}


def test_too_many_bytes_are_refused_before_reading(monkeypatch):
    from tillit.minutes.reader import extract

    monkeypatch.setattr(extract, "MAX_BYTES", 1000)
    with pytest.raises(MinutesUnreadable) as exc:
        parse_minutes(SAMPLE.encode() * 20)
    assert exc.value.code == "too_large"


# --------------------------------------------------------------------------- found on dev


def test_proposal_to_fullmaktige_to_assign_is_not_an_assignment():
    text = (
        COVER + "\n§ 45 Samverkansavtal\nBeslut\nKommunstyrelsen beslutar\n"
        "att föreslå kommunfullmäktige att uppdra åt räddningschefen att följa upp avtalet.\n"
    )
    assert not para(parse(text), 45).has_assignment


def test_passive_uppmanas_is_an_assignment():
    text = (
        COVER + "\n§ 45 Policy\nBeslut\nKommunstyrelsen beslutar att anta policyn samt att "
        "samtliga nämnder uppmanas att senast i mars 2025 redovisa hur policyn har införts.\n"
    )
    m = parse(text)
    assert recipients(m, 45) == ["samtliga nämnder"]
    assert para(m, 45).assignments[0].deadline == date(2025, 3, 31)


def test_numbered_items_are_separate_att_satser():
    text = (
        COVER + "\n§ 45 Sommarjobb\nBeslut\nKommunstyrelsen beslutar att\n"
        "1. erbjuda 150 sommarjobb\n2. arbetsmarknadsenheten uppdras att organisera dem\n"
    )
    assert recipients(parse(text), 45) == ["arbetsmarknadsenheten"]


def test_copy_without_section_signs_and_line_breaks():
    # Document sites' copies lose "§" and line breaks; "Au 84 Sn 34" are earlier handlings.
    text = (
        "1 SOCIALNÄMNDEN PROTOKOLL 1(9) Plats och tid Folkets hus, torsdagen den 9 juni 2016\n\n"
        "2 PROTOKOLL 2 Sn 49 Sammanträdets öppnande. Ordföranden öppnade sammanträdet och "
        "hälsade alla välkomna till dagens möte i Folkets hus.\n\n"
        "3 PROTOKOLL 3 Sn 50 Au 84 Sn 34 Au 57 Dnr 2016/12 Budgetuppföljning Förvaltningschefen "
        "redovisar utfallet för årets första månader. SOCIALNÄMNDEN BESLUTAR att uppdra åt "
        "förvaltningschefen att ta fram en åtgärdsplan.\n"
    )
    m = parse(text)
    assert numbers(m) == [49, 50]
    assert recipients(m, 50) == ["förvaltningschefen"]


def test_decision_adopting_the_proposal_takes_its_att_satser():
    text = (
        COVER + "\n§ 45 Badhus\nArbetsutskottets förslag till beslut\nKommunstyrelsen beslutar\n"
        "att uppdra åt kommundirektören att genomföra en förstudie.\n"
        "Kommunstyrelsens beslut\nKommunstyrelsen beslutar i enlighet med arbetsutskottets "
        "förslag.\n"
    )
    assert recipients(parse(text), 45) == ["kommundirektören"]
    own = text.replace("i enlighet med arbetsutskottets förslag", "att avslå förslaget")
    assert not para(parse(own), 45).has_assignment
    chair = text.replace("arbetsutskottets förslag.", "ordförandens förslag.")
    assert not para(parse(chair), 45).has_assignment


def test_copy_without_section_signs_number_with_year():
    text = (
        "1 Sida 1 (45) Kommunstyrelsen Plats och tid Bohusrummet Organ Kommunstyrelsen\n\n"
        "3 Sida 3 (45) KS 353/2008 Tillkommande och utgående ärenden Tillkommande ärenden: "
        "åtgärder med anledning av budgetgruppen och förhandlingar om räddningstjänsten.\n\n"
        "4 Sida 4 (45) KS 354/2008 Information Kommunchefen informerar om läget i "
        "förhandlingarna och om budgetgruppens arbete under hösten. KOMMUNSTYRELSEN BESLUTAR "
        "att uppdra åt kommunchefen att återkomma i mars.\n"
    )
    m = parse(text + "Dnr KS 2008/14 Budget för 2009 och plan för 2010–2011 behandlas i januari.\n")
    assert numbers(m) == [353, 354]  # "Dnr KS 2008/14" is a case number, not a paragraph
    assert recipients(m, 354) == ["kommunchefen"]
