"""One CSV convention for every export (issue 14 item 5, docs/openness.md): "CSV för Excel" with
';', a decimal comma and a BOM; "CSV för program" with ',', a decimal point and no BOM."""

import csv
import io

import pytest

from tillit.economy import services as economy
from tillit.economy.tests.factories import kf_decision


def _rows(content: bytes, delimiter: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8")), delimiter=delimiter))


@pytest.mark.django_db
def test_open_data_csv_for_excel_and_for_programs(client, testkommun):
    slug = testkommun.municipality.slug
    excel = client.get(f"/{slug}/oppna-data/uppdrag.csv")
    plain = client.get(f"/{slug}/oppna-data/uppdrag.komma.csv")
    assert excel["Content-Type"] == plain["Content-Type"] == "text/csv; charset=utf-8"
    assert excel.content.startswith("\ufeff".encode()) and not plain.content.startswith(b"\xef")
    assert excel.content.decode("utf-8-sig").startswith("id;")
    assert plain.content.decode().startswith("id,")
    (excel_row,) = [
        r
        for r in _rows(excel.content[3:], ";")
        if r["title"] == "Effektivisera genom digitalisering"
    ]
    (plain_row,) = [
        r for r in _rows(plain.content, ",") if r["title"] == "Effektivisera genom digitalisering"
    ]
    assert excel_row["resources_sek"] == plain_row["resources_sek"] == "500000"
    fte = plain_row["resources_fte"]  # 1.5 årsarbetare, as the column stores it
    assert fte.startswith("1.5") and excel_row["resources_fte"] == fte.replace(".", ",")
    assert excel_row.keys() == plain_row.keys()
    # Both are offered on the list page.
    page = client.get(f"/{slug}/uppdrag/").content.decode()
    assert f"/{slug}/oppna-data/uppdrag.csv" in page and "CSV för Excel" in page
    assert f"/{slug}/oppna-data/uppdrag.komma.csv" in page and "CSV för program" in page


@pytest.mark.django_db
def test_economy_downloads_follow_the_same_convention(client, testkommun):
    m = testkommun.municipality
    kf = kf_decision(testkommun)
    economy.frame_set(actor=None, body=testkommun.bun, year=2023, amount="21100.5", decision=kf)
    excel = client.get(f"/{m.slug}/ekonomi/?ar=2023&format=csv")
    plain = client.get(f"/{m.slug}/ekonomi/?ar=2023&format=komma.csv")
    assert excel.status_code == plain.status_code == 200
    assert excel.content.startswith("\ufeff".encode()) and not plain.content.startswith(b"\xef")
    excel_rows = _rows(excel.content[3:], ";")
    plain_rows = _rows(plain.content, ",")
    assert excel_rows[0].keys() == plain_rows[0].keys() and len(excel_rows[0]) >= 3
    assert "21100,50" in excel.content.decode() and "21100.50" not in excel.content.decode()
    assert "21100.50" in plain.content.decode()
    # The body page's month table too.
    body = client.get(f"/{m.slug}/ekonomi/organ/bun/?ar=2023&format=komma.csv")
    assert body.status_code == 200 and not body.content.startswith(b"\xef")
