"""core.formatting.date_long and |longdate: dates in running text, in the active language."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.template import Context, Template
from django.utils import translation

from tillit.core.formatting import date_long


def test_swedish_and_english():
    day = date(2026, 11, 23)
    with translation.override("sv"):
        assert date_long(day) == "23 november 2026"
        assert date_long(date(2027, 1, 5)) == "5 januari 2027"
    with translation.override("en"):
        assert date_long(day) == "23 November 2026"
        # a Swedish document stays Swedish on an English page
        assert date_long(day, "sv") == "23 november 2026"
        assert translation.get_language() == "en"


def test_datetime_in_local_time_and_no_value():
    # 23:30 UTC on 30 November is 1 December in Sweden
    moment = datetime(2026, 11, 30, 23, 30, tzinfo=ZoneInfo("UTC"))
    with translation.override("sv"):
        assert date_long(moment) == "1 december 2026"
    assert date_long(None) == "" and date_long("") == ""


def test_template_filter():
    template = Template(
        '{% load tillit %}{{ d|longdate }} · {{ d|longdate:"sv" }} · {{ n|longdate }}'
    )
    context = Context({"d": date(2026, 11, 23), "n": None})
    with translation.override("en"):
        assert template.render(context) == "23 November 2026 · 23 november 2026 · "
    with translation.override("sv"):
        assert template.render(context) == "23 november 2026 · 23 november 2026 · "
