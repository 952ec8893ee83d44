"""The deviation counts per source add up to the total for every source, wherever they are
listed: the barometer page's table, the API and the open-data export (a source added to
``DeviationSource`` cannot silently go missing from a column list)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tillit.barometer.models import Deviation, DeviationSource
from tillit.barometer.views import DEVIATION_HEADERS
from tillit.portal import datasets
from tillit.portal.published import published_deviation_counts

pytestmark = pytest.mark.django_db

PERIOD = "?from=2023-01-01&to=2023-12-31"


@pytest.fixture
def one_per_source(testkommun):
    tk = testkommun
    Deviation.objects.filter(municipality=tk.municipality).delete()
    # A different count per source (1, 2, 3, ...) so a swapped or missing column shows.
    for n, source in enumerate(DeviationSource, start=1):
        for _ in range(n):
            Deviation.objects.create(
                municipality=tk.municipality,
                source=source,
                occurred_on=date(2023, 5, 16),
                body=tk.ks,
                from_role="Kommunstyrelsens ordförande",
                content="Ett direktiv.",
            )
    return tk


def _expected():
    return {s.value: n for n, s in enumerate(DeviationSource, start=1)}


def test_every_source_has_a_header():
    assert set(DEVIATION_HEADERS) == set(DeviationSource)


def test_api_counts_every_source_and_they_sum_to_the_total(client, one_per_source):
    tk = one_per_source
    response = client.get(
        f"/api/v1/barometer/deviations?municipality={tk.municipality.slug}"
        "&from=2023-01-01&to=2023-12-31"
    )
    assert response.status_code == 200, response.content
    (row,) = response.json()["counts"]
    assert {s.value: row[s.value] for s in DeviationSource} == _expected()
    assert row["total"] == sum(row[s.value] for s in DeviationSource)


def test_open_data_columns_every_source_and_they_sum_to_the_total(one_per_source):
    tk = one_per_source
    columns = datasets.deviation_count_columns(tk.municipality.slug)
    names = [c.key for c in columns]
    assert all(s.value in names for s in DeviationSource)
    (row,) = published_deviation_counts(municipality=tk.municipality)
    values = {c.key: c.value(row) for c in columns}
    assert {s.value: values[s.value] for s in DeviationSource} == _expected()
    assert values["total"] == sum(values[s.value] for s in DeviationSource)


def test_page_table_columns_sum_to_the_total(client, one_per_source):
    tk = one_per_source
    page = client.get(f"/{tk.municipality.slug}/barometer/{PERIOD}").content.decode()
    table = page.split('id="dev-caption"', 1)[1].split("</table>", 1)[0]
    head = re.findall(r'<th scope="col">([^<]*)</th>', table)
    assert len(head) == len(DeviationSource) + 2  # body, one per source, total
    (row,) = re.findall(r"<tr><th scope=\"row\">[^<]*</th>(.*?)</tr>", table)
    cells = [int(x) for x in re.findall(r"<td>(\d+)</td>", row)]
    assert cells[:-1] == list(_expected().values())
    assert cells[-1] == sum(cells[:-1])
