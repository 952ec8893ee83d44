from datetime import date

import pytest
from django.utils import translation

from tillit.core.errors import ValidationFailed
from tillit.followup.periods import period_name, period_parse, periods_between


@pytest.mark.parametrize(
    ("code", "start", "end", "label"),
    [
        ("2024-T1", date(2024, 1, 1), date(2024, 4, 30), "Tertialrapport 1 2024"),
        ("2024-dr", date(2024, 5, 1), date(2024, 8, 31), "Delårsrapport 2024"),
        ("2024-AR", date(2024, 9, 1), date(2024, 12, 31), "Årsredovisning 2024"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "Månadsuppföljning februari 2024"),
    ],
)
def test_parse(code, start, end, label):
    p = period_parse(code)
    assert (p.start, p.end, p.label) == (start, end, label)
    assert p.code == code.upper()


@pytest.mark.parametrize(
    "bad", ["", "2024", "2024-T2", "24-DR", "2024-13", "2024-00", "1800-AR", "x"]
)
def test_invalid_periods_explain_the_format(bad):
    with pytest.raises(ValidationFailed) as exc:
        period_parse(bad)
    assert "period" in exc.value.errors
    assert (
        "ÅÅÅÅ" in exc.value.message
        or "utanför" in exc.value.message
        or "Månaden" in exc.value.message
    )


def test_due_dates_and_previous():
    assert period_parse("2024-DR").due_on() == date(2024, 9, 20)
    assert period_parse("2024-AR").due_on(31) == date(2025, 1, 31)
    assert period_parse("2024-T1").previous().code == "2023-AR"
    assert period_parse("2024-01").previous().code == "2023-12"
    codes = [
        p.code for p in periods_between(date(2024, 1, 1), date(2024, 12, 31), ("T1", "DR", "AR"))
    ]
    assert codes == ["2024-T1", "2024-DR", "2024-AR"]


@pytest.mark.parametrize(
    ("code", "sv", "en"),
    [
        ("2023-T1", "Tertialrapport 1 2023", "Four-month report 1 2023"),
        ("2026-DR", "Delårsrapport 2026", "Interim report 2026"),
        ("2025-AR", "Årsredovisning 2025", "Annual report 2025"),
    ],
)
def test_period_name_in_words_in_both_languages(code, sv, en):
    """The one name users read for a period: never the code (review P1-7/P3-19)."""
    with translation.override("sv"):
        assert period_name(code) == sv
        assert period_name(code, "en") == en  # an explicit language wins over the active one
    with translation.override("en"):
        assert period_name(code) == en
        assert period_name(code, "sv") == sv
    assert code not in sv and "Rapport" not in sv


def test_period_name_leaves_a_non_period_as_given():
    assert period_name("inte-en-period") == "inte-en-period"
    assert period_name("") == ""
