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


def test_cli_parse_matches_recipients_of_a_municipality(testkommun, tmp_path):
    import json
    from io import StringIO

    import pytest
    from django.core.management import call_command

    path = tmp_path / "protokoll.txt"
    path.write_text(testing.protocol_text(), encoding="utf-8")
    out = StringIO()
    slug = testkommun.municipality.slug
    call_command("minutes", "parse", str(path), "--json", "--municipality", slug, stdout=out)
    data = json.loads(out.getvalue())
    assert [a["recipient"] for p in data["paragraphs"] for a in p["assignments"]] == [
        "bun",
        "kommundirektor",
        "sn",
        None,
    ]
    err = StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("minutes", "parse", str(path), "--municipality", "finns-inte", stderr=err)
    assert exc.value.code == 2
    assert "okänd kommun" in err.getvalue()
