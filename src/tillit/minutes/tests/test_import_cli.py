"""`tillit minutes import DIR --municipality SLUG [--dry-run]`: date order, what needs a human,
the barometer afterwards, dry run stores nothing, exit 2 on bad input."""

import io

import pytest
from django.core.management import call_command

from tillit.decisions.models import Decision
from tillit.minutes.models import Protocol

from .test_views import PROTOCOL, _scanned_pdf

EARLIER = """SAMMANTRÄDESPROTOKOLL
Kommunstyrelsen
Sammanträdesdatum 2024-02-13

§ 10
Uppdrag om skolskjutsar

Kommunstyrelsens beslut
Kommunstyrelsen beslutar att ge kommundirektören i uppdrag att korta elevernas restider.
"""


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("minutes", "import", *map(str, args), stdout=out, stderr=err)
        status = 0
    except SystemExit as exc:
        status = exc.code
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "b-ks-2024-03-12.txt").write_text(PROTOCOL, encoding="utf-8")
    (tmp_path / "c-ks-2024-02-13.txt").write_text(EARLIER, encoding="cp1252")
    (tmp_path / "a-skannad.pdf").write_bytes(_scanned_pdf())
    (tmp_path / "anteckningar.md").write_text("inte ett protokoll", encoding="utf-8")
    return tmp_path


def test_dry_run_reports_everything_and_stores_nothing(kommun, folder):
    status, out, _err = run(folder, "--municipality", kommun.municipality.slug, "--dry-run")
    assert status == 1  # something needs a human
    assert "Provkörning" in out
    assert "3 protokoll" in out  # the .md file is not a protocol
    assert "Totalt 3 paragrafer skulle registreras" in out
    assert "a-skannad.pdf: " in out and "skannad" in out
    assert "b-ks-2024-03-12.txt § 32: " in out and "enhet" in out
    assert "Tillitsbarometern 2024-02-13 – 2024-03-12" in out
    assert Decision.objects.count() == 0
    assert Protocol.objects.count() == 0


def test_import_registers_in_date_order_and_never_twice(kommun, folder):
    status, out, _err = run(folder, "--municipality", kommun.municipality.slug)
    assert status == 1
    assert out.index("2024-02-13 KS") < out.index("2024-03-12 KS")
    assert set(Decision.objects.values_list("paragraph", flat=True)) == {10, 30, 31}
    protocols = list(Protocol.objects.order_by("pk"))
    assert [p.meeting_date.isoformat() for p in protocols] == ["2024-02-13", "2024-03-12"]
    assert {p.source for p in protocols} == {"cli"}
    assert Decision.objects.get(paragraph=10).registered_by == kommun.users["admin"]
    # the barometer of the period counts the assignments just registered
    assert "Tillitsbarometern 2024-02-13 – 2024-03-12" in out

    status, out, _err = run(folder, "--municipality", kommun.municipality.slug)
    assert "Totalt 0 paragrafer registrerade" in out
    assert "2 redan registrerade" in out
    assert Decision.objects.count() == 3


def test_a_named_user_must_be_allowed(kommun, folder):
    slug = kommun.municipality.slug
    status, out, _err = run(folder, "--municipality", slug, "--user", "sekreterare-bun")
    assert status == 1
    assert "ingen användare får registrera beslut för Kommunstyrelsen" in out
    assert Decision.objects.count() == 0


@pytest.mark.parametrize("case", ["no-dir", "municipality", "user", "empty"])
def test_bad_input_exits_2(kommun, tmp_path, case):
    slug = kommun.municipality.slug
    args = {
        "no-dir": [tmp_path / "finns-inte", "--municipality", slug],
        "municipality": [tmp_path, "--municipality", "finns-inte"],
        "user": [tmp_path, "--municipality", slug, "--user", "ingen-sadan"],
        "empty": [tmp_path, "--municipality", slug],
    }[case]
    status, _out, err = run(*args)
    assert status == 2
    assert err.startswith("minutes import: ")
    assert Protocol.objects.count() == 0


def test_accept_deviations_registers_what_the_minutes_say(kommun, folder):
    slug = kommun.municipality.slug
    status, out, _err = run(folder, "--municipality", slug, "--accept-deviations")
    assert status == 1  # the scanned file still needs a human
    assert "Totalt 4 paragrafer registrerade" in out
    assert "§ 32" not in out
    assert Decision.objects.get(paragraph=32).assignments.get().outside_chain
