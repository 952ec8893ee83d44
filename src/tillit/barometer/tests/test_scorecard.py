"""The scorecard (issue 14 item 4): reference (target, else the previous equal-length period),
trend, per-12-month normalisation, mnkr, body names, the definitions page and targets."""

from __future__ import annotations

from datetime import date

import pytest

from tillit.assignments.services import AssignmentDraft
from tillit.barometer import selectors, services
from tillit.barometer.charts import fmt_mnkr
from tillit.barometer.metrics import METRICS
from tillit.barometer.models import MetricTarget
from tillit.core.errors import PermissionDenied, ValidationFailed
from tillit.decisions.services import decision_register
from tillit.economy import services as economy
from tillit.economy.models import ChangeKind

# 184 days; the previous equal-length period is 2022-12-29 – 2023-06-30.
START, END = date(2023, 7, 1), date(2023, 12, 31)
QUERY = f"?from={START.isoformat()}&to={END.isoformat()}"


def _decide(tk, body, day, paragraph, n=0, to="kommundirektor"):
    secretary = {"ks": "sekreterare-ks", "kf": "sekreterare-kf"}[body.slug]
    return decision_register(
        actor=tk.users[secretary],
        body=body,
        meeting_date=day,
        paragraph=paragraph,
        title=f"Beslut {paragraph}",
        assignments=[
            AssignmentDraft(
                title=f"U{paragraph}-{i}",
                what="Andelen elever med hög frånvaro minskar med 10 procent till 2024.",
                recipients=[to],
            )
            for i in range(n)
        ],
    )


@pytest.fixture
def scene(kommun):
    tk = kommun
    _decide(tk, tk.ks, date(2023, 3, 14), 1, n=2)  # previous period: 2 assignments
    _decide(tk, tk.ks, date(2023, 9, 12), 2, n=3)  # this period: 3
    linked = _decide(tk, tk.kf, date(2023, 9, 25), 3, n=1, to="bun").assignments.get()
    budget = _decide(tk, tk.kf, date(2022, 11, 28), 5)
    economy.frame_set(actor=None, body=tk.bun, year=2023, amount=500_000_000, decision=budget)
    change = _decide(tk, tk.kf, date(2023, 10, 23), 4)
    economy.frame_change_register(
        actor=None,
        decision=change,
        kind=ChangeKind.ADDITION,
        body=tk.bun,
        year=2023,
        amount=10_000_000,
        assignments=[linked],
    )
    economy.frame_change_register(
        actor=None,
        decision=change,
        kind=ChangeKind.ADDITION,
        body=tk.bun,
        year=2023,
        amount=53_000_000,
        unlinked=True,
    )
    return tk


def _period():
    return selectors.Period("custom", "Hösten 2023", START, END, "custom")


def _cell(card, metric, body=None):
    row = next(r for r in card.rows if r["metric"].name == metric)
    return next(c for c in row["cells"] if (c.body.pk if c.body else None) == body)


def test_previous_period_has_the_same_length():
    p = _period()
    prev = selectors.previous_period(p, today=date(2026, 1, 1))
    assert (prev.start, prev.end) == (date(2022, 12, 29), date(2023, 6, 30))
    assert selectors.elapsed_days(prev, date(2026, 1, 1)) == selectors.elapsed_days(
        p, date(2026, 1, 1)
    )
    # A period still running counts the days that have happened.
    running = selectors.Period("x", "x", date(2026, 1, 1), date(2026, 12, 31), "custom")
    assert selectors.elapsed_days(running, date(2026, 1, 31)) == 31


def test_counts_per_12_months_make_periods_of_different_length_comparable():
    # 7 weeks with 10 assignments and 4 years with 80: the same pace would be 10/49 d vs 80/1461 d
    weeks = selectors.per_year("count", 10, 49)
    years = selectors.per_year("count", 80, 1461)
    assert weeks == pytest.approx(10 * 365.25 / 49)
    assert years == pytest.approx(20.0)
    assert selectors.per_year("share", 0.5, 49) == 0.5  # a share is not scaled


def test_scorecard_against_the_previous_period(scene):
    card = selectors.scorecard(municipality=scene.municipality, period=_period())
    ks = _cell(card, "assignments_issued", scene.ks.pk)
    assert ks.value == 3
    assert ks.comparable == pytest.approx(3 * 365.25 / 184)
    assert ks.per_year_text == "6,0 per 12 mån"
    assert ks.reference_kind == "previous" and ks.reference == pytest.approx(2 * 365.25 / 184)
    assert (ks.trend, ks.trend_text) == ("up", "upp")
    assert (ks.status, ks.status_text) == ("good", "bättre")
    # Lower is better for deviations; nothing in either period is flat, not better.
    dev = _cell(card, "chain_deviations", scene.ks.pk)
    assert (dev.trend, dev.status) == ("flat", "even")
    # A body with nothing to divide in either period: nothing to compare, not a colour.
    assert _cell(card, "with_result_share", scene.bun.pk).status == "none"


def test_a_target_replaces_the_previous_period(scene):
    admin = scene.users["admin"]
    services.metric_target_set(
        actor=admin, municipality=scene.municipality, metric="assignments_issued", value="10"
    )
    services.metric_target_set(
        actor=admin,
        municipality=scene.municipality,
        metric="with_result_share",
        value="0,5",
    )
    card = selectors.scorecard(municipality=scene.municipality, period=_period())
    total = _cell(card, "assignments_issued")
    assert total.reference_kind == "target" and total.reference == 10.0
    # 4 assignments in 184 days = 7,9 per 12 months: under the target of 10
    assert (total.status, total.status_text) == ("bad", "når inte målet")
    assert total.reference_text == "mål 10,0 per 12 mån"
    assert total.trend == "up"  # the trend still compares with the previous period
    # A municipality-wide count is not each body's target; a share is.
    assert _cell(card, "assignments_issued", scene.ks.pk).reference_kind == "previous"
    share = _cell(card, "with_result_share", scene.ks.pk)
    assert share.reference_kind == "target" and share.status in ("good", "bad")
    assert (share.status == "good") == (share.comparable >= 0.5)


def test_targets_are_checked_and_for_admins_only(scene):
    m = scene.municipality
    with pytest.raises(PermissionDenied):
        services.metric_target_set(
            actor=scene.users["sekreterare-ks"],
            municipality=m,
            metric="assignments_issued",
            value=1,
        )
    for metric, value, field in (
        ("with_result_share", "80", "value"),  # a share is 0–1
        ("assignments_issued", "-1", "value"),
        ("assignments_issued", "många", "value"),
        ("no_such_metric", "1", "metric"),
    ):
        with pytest.raises(ValidationFailed) as exc:
            services.metric_target_set(
                actor=scene.users["admin"], municipality=m, metric=metric, value=value
            )
        assert field in exc.value.errors
    assert not MetricTarget.objects.filter(municipality=m).exists()


def test_mnkr_format():
    assert fmt_mnkr(63_000_000) == "63,0\u00a0mnkr"
    assert fmt_mnkr(1_234_567_890) == "1\u00a0234,6\u00a0mnkr"
    assert fmt_mnkr(-2_500_000) == "−2,5\u00a0mnkr"


def test_page_shows_names_mnkr_trends_and_links_definitions(client, scene):
    m = scene.municipality.slug
    html = client.get(f"/{m}/barometer/{QUERY}").content.decode()
    # Body names, not slugs or login names
    for body in (scene.ks, scene.bun):
        assert f'<th scope="col">{body.name}</th>' in html
    assert '<th scope="col">bun</th>' not in html
    # Amounts in mnkr, never raw kronor
    assert "63,0\u00a0mnkr" in html
    assert "10,0\u00a0mnkr av 63,0\u00a0mnkr" in html
    assert "63000000" not in html and "63\u00a0000\u00a0000" not in html
    # Trends in words beside the arrow, the reference stated
    assert "▲</span> upp" in html
    assert "✓ bättre – förra perioden 2" in html
    assert "6,0 per 12 mån" in html
    # Every chart (one per metric and the quarters) has its table
    charts = html.count('class="tl-chart"')
    assert charts == html.count("samma siffror som diagrammet") == len(METRICS) + 1
    # The definitions are a page of the product
    assert "docs/barometer.md" not in html
    assert f'href="/{m}/barometer/definitioner/"' in html


def test_definitions_page_renders_the_registry(client, scene):
    services.metric_target_set(
        actor=scene.users["admin"],
        municipality=scene.municipality,
        metric="with_result_share",
        value="0.8",
        body=scene.bun,
    )
    response = client.get(f"/{scene.municipality.slug}/barometer/definitioner/")
    assert response.status_code == 200
    html = response.content.decode()
    for metric in METRICS:
        assert str(metric.label) in html and f'id="{metric.name}"' in html
    assert "Andel av: Givna uppdrag." in html
    assert "Barn- och utbildningsnämnden 80,0\u00a0%" in html


def test_scorecard_in_english(client, scene):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(f"/{scene.municipality.slug}/barometer/{QUERY}").content.decode()
    assert "Scorecard" in html and "6,0 per 12 months" in html
    assert "▲</span> up" in html and "✓ better – previous period 2" in html
    assert "Styrkortet" not in html and "förra perioden" not in html
    html = client.get(f"/{scene.municipality.slug}/barometer/definitioner/").content.decode()
    assert "The barometer&#x27;s definitions" in html or "The barometer's definitions" in html
    assert "Higher is better." in html


def test_drill_down_shows_shares_of_amounts_in_mnkr(client, scene):
    url = f"/{scene.municipality.slug}/barometer/matt/budget_change_assignment_share/{QUERY}"
    html = client.get(url).content.decode()
    assert "(10,0\u00a0mnkr av 63,0\u00a0mnkr)" in html
    assert "10000000 av 63000000" not in html


def test_setting_a_target_renews_the_stored_page(client, scene):
    url = f"/{scene.municipality.slug}/barometer/{QUERY}"
    assert "mål 10,0 per 12 mån" not in client.get(url).content.decode()
    services.metric_target_set(
        actor=scene.users["admin"],
        municipality=scene.municipality,
        metric="assignments_issued",
        value="10",
    )
    assert "mål 10,0 per 12 mån" in client.get(url).content.decode()


def test_a_previous_period_in_another_term_or_majority_is_named_in_words(kommun):
    """Comparing the C+D majority's first months with the same number of days before it
    crosses the election: the previous period's label names the term and the majority, so the
    reader sees that it was someone else's; within one majority nothing is added."""
    from tillit.organisation.services import term_create

    m = kommun.municipality
    term_create(municipality=m, election_year=2018)  # 2018-10-15 – 2022-10-14
    today = date(2023, 4, 14)
    new_majority = selectors.Period("x", "C+D", date(2022, 10, 15), date(2026, 10, 14), "majority")
    prev = selectors.previous_period(new_majority, today=today, municipality=m)
    assert prev.end == date(2022, 10, 14)
    assert prev.label.endswith("(mandatperiod 2018–2022, styre A+B)"), prev.label
    # The same period of a majority in force throughout: dates only.
    prev = selectors.previous_period(_period(), today=date(2026, 1, 1), municipality=m)
    assert prev.label == "2022-12-29 – 2023-06-30"
    # The scorecard page shows it where it compares.
    card = selectors.scorecard(municipality=m, period=new_majority, today=today)
    assert "styre A+B" in card.previous.label
