from datetime import date, datetime
from decimal import Decimal

from django.utils import translation

from tillit.core.templatetags.tillit import isodate, num
from tillit.economy.templatetags.economy import kr, mnkr, pct


def test_amounts_and_shares_are_rounded_not_cut():
    with translation.override("sv"):
        assert mnkr(Decimal("-6890000")) == "\u22126,9\u00a0mnkr"
        assert mnkr(Decimal("12349999")) == "12,3\u00a0mnkr"
        assert pct(Decimal("0.269")) == "27\u00a0%"
        assert pct(Decimal("0.2649")) == "26\u00a0%"
        assert kr(Decimal("1234.50")).replace("\u00a0", " ") == "1 235 kr"
        assert mnkr(None) == "–" and pct("") == "–"


def test_digit_groups_never_wrap_and_minus_is_a_minus_sign():
    with translation.override("sv"):
        # The group separator is the locale's no-break space, the same one kr uses.
        assert mnkr(Decimal("1377912345.60")) == "1\u00a0377,9\u00a0mnkr"
        assert mnkr(Decimal("-1377912345.60")) == "\u22121\u00a0377,9\u00a0mnkr"
        assert kr(Decimal("-1234567")) == "\u22121\u00a0234\u00a0567\u00a0kr"
        assert pct(Decimal("-0.031")) == "\u22123\u00a0%"
        assert mnkr(Decimal("-40000")) == "0,0\u00a0mnkr"  # rounds to zero: no sign at all
        assert num(15300) == "15\u00a0300"
        assert num(-15300) == "\u221215\u00a0300"
        assert num(None) == ""


def test_iso_dates_are_marked_so_they_never_wrap():
    assert isodate(date(2026, 11, 23)) == (
        '<time class="tl-date" datetime="2026-11-23">2026-11-23</time>'
    )
    assert isodate(datetime(2026, 1, 2, 12, 0)).endswith(">2026-01-02</time>")
    assert isodate(None) == ""


def test_form_values_keep_the_ascii_minus():
    from tillit.core.amounts import amount_input, amount_parse

    # What a form field shows must parse back and be typeable: hyphen-minus, ordinary spaces.
    assert amount_input(Decimal("-1234.5")) == "-1 234,5"
    assert amount_parse(mnkr(Decimal("-3000000")).replace("\u00a0mnkr", "")) == Decimal("-3")


def test_small_amounts_are_shown_in_tkr_not_as_nothing():
    from tillit.core.formatting import amount_mnkr
    from tillit.economy.templatetags.economy import belopp

    with translation.override("sv"):
        assert amount_mnkr(Decimal("23000")) == "23\u00a0tkr"  # Valnämnden's index
        assert amount_mnkr(Decimal("-40000")) == "\u221240\u00a0tkr"
        assert amount_mnkr(Decimal("99999")) == "100\u00a0tkr"
        assert amount_mnkr(Decimal("100000")) == "0,1\u00a0mnkr"
        assert amount_mnkr(0) == "0,0\u00a0mnkr" and amount_mnkr(None) == "–"
        assert belopp(Decimal("1377912345.6")) == "1\u00a0377,9\u00a0mnkr"


def test_barometer_amounts_use_the_shared_formatter():
    from tillit.barometer.charts import fmt_mnkr, fmt_value

    with translation.override("sv"):
        assert fmt_value("sek", 23000) == "23\u00a0tkr"  # Valnämnden's index change
        assert fmt_mnkr(Decimal("63000000")) == "63,0\u00a0mnkr"
        assert fmt_mnkr(-40000.0) == "\u221240\u00a0tkr" and fmt_mnkr(0) == "0,0\u00a0mnkr"
