from decimal import Decimal

from django.utils import translation

from tillit.economy.templatetags.economy import kr, mnkr, pct


def test_amounts_and_shares_are_rounded_not_cut():
    with translation.override("sv"):
        assert mnkr(Decimal("-6890000")) == "-6,9\u00a0mnkr"
        assert mnkr(Decimal("12349999")) == "12,3\u00a0mnkr"
        assert pct(Decimal("0.269")) == "27\u00a0%"
        assert pct(Decimal("0.2649")) == "26\u00a0%"
        assert kr(Decimal("1234.50")).replace("\u00a0", " ") == "1 235 kr"
        assert mnkr(None) == "–" and pct("") == "–"
