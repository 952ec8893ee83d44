"""Recipients matched against a loaded municipality's bodies and offices (database)."""

from tillit.minutes import testing
from tillit.minutes.organisation import organisation_names
from tillit.minutes.reader import parse_minutes


def test_protocol_recipients_matched_to_testkommun(testkommun):
    names = organisation_names(testkommun.municipality)
    slugs = {slug for slug, _ in names}
    assert {"ks", "bun", "sn", "kommundirektor"} <= slugs
    m = parse_minutes(testing.protocol_text(), organisation=names)
    got = {a.recipient_text: a.recipient for p in m.paragraphs for a in p.assignments}
    assert got == {
        "barn- och utbildningsnämnden": "bun",
        "kommundirektören": "kommundirektor",
        "Socialnämnden": "sn",
        "Testkommun Energi AB": None,
    }
