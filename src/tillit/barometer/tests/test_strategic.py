"""The strategic-level rule on real and written delegation decisions (issue 17 item 4)."""

import pytest

from tillit.barometer import strategic_evaluate as ev
from tillit.barometer.strategic import strategic_check

TARGET = 0.90


@pytest.fixture(scope="module")
def items():
    return ev.load()


def test_the_corpora_are_as_documented(items):
    real = [i for i in items if i.corpus == "real"]
    written = [i for i in items if i.corpus == "written"]
    assert len(real) >= 150 and len(written) >= 100
    assert all(i.source and i.source.startswith("http") for i in real)
    assert len({i.text for i in items}) == len(items)  # one decision per row, no duplicates
    # The held-out part was drawn per stratum (corpus × kind), about 40 % of each.
    for corpus, kind in {(i.corpus, i.kind) for i in items}:
        part = [i for i in items if (i.corpus, i.kind) == (corpus, kind)]
        held = sum(i.split == "holdout" for i in part)
        assert abs(held - 0.4 * len(part)) <= 1


def test_the_labellers_agree_and_disagreements_are_dropped(items):
    assert all((i.gold is None) == (i.a != i.b) for i in items)
    assert ev.cohen_kappa((i.a, i.b) for i in items) >= 0.8
    assert ev.cohen_kappa((i.a, i.b) for i in items if i.corpus == "real") >= 0.8


@pytest.mark.parametrize("corpus", ["real", "written"])
def test_held_out_accuracy_meets_the_target(items, corpus):
    part = [i for i in items if i.split == "holdout" and i.corpus == corpus]
    score = ev.score(part, lambda t: strategic_check(t).is_strategic)
    assert score.n >= 45
    assert score.accuracy >= TARGET, (corpus, score)


def test_the_first_rule_set_is_kept_for_the_first_measurement(items):
    from tillit.barometer.strategic_v1 import strategic_check as v1

    part = [i for i in items if i.split == "holdout" and i.corpus == "real"]
    assert ev.score(part, lambda t: v1(t).is_strategic).accuracy < TARGET  # what issue 17 fixes


def test_cohen_kappa_on_a_known_table():
    # 20 items: both yes 8, both no 8, A yes/B no 2, A no/B yes 2 → po 0.8, pe 0.5, kappa 0.6.
    pairs = [("s", "s")] * 8 + [("n", "n")] * 8 + [("s", "n")] * 2 + [("n", "s")] * 2
    assert ev.cohen_kappa(pairs) == pytest.approx(0.6)
    assert ev.cohen_kappa([]) is None


@pytest.mark.parametrize(
    ("text", "strategic", "rule"),
    [
        ("Ventilationen stängs av under sportlovet.", False, "operational"),
        ("Hemtjänsten läggs ut på entreprenad.", True, "direction"),
        ("IT-chefen har antagit en digitaliseringsstrategi för skolorna.", True, "direction"),
        ("Förskolan Ekorren stänger klockan 15 den 23 december.", False, "operational"),
        ("Simhallen stängs 3–20 januari för underhåll.", False, "operational"),
        ("Fritidsgården Ljuset stängs permanent vid årsskiftet.", True, "scope"),
        ("Bastun stängs av under perioden 2022-12-01 till 2023-03-31.", True, "scope"),
        ("Snöröjningen prioriterar busslinjerna enligt gällande vinterplan.", False, "operational"),
        ("Avgiften för simskolan höjs från hösten.", True, "principle"),
        ("Attest av leverantörsfakturor under 50 000 kr.", False, None),
    ],
)
def test_each_verdict_carries_its_reason(text, strategic, rule):
    check = strategic_check(text)
    assert check.is_strategic is strategic
    if rule is None:
        assert check.findings == ()
    else:
        assert check.findings and check.findings[0]["rule"] == rule
        assert all(f["reason"] and f["phrase"] in text for f in check.findings)


def test_the_evaluation_command_prints_the_table(capsys):
    assert ev.main([]) == 0
    out = capsys.readouterr().out
    assert "Cohen's kappa" in out and "holdout real" in out and "v1 (before issue 17)" in out


@pytest.mark.django_db
def test_the_delegation_page_shows_the_reason_for_a_no(client, testkommun):
    from django.utils import timezone

    from tillit.barometer.models import DelegationDecision

    client.force_login(testkommun.users["sekreterare-bun"])
    url = f"/{testkommun.municipality.slug}/barometer/delegationsbeslut/"
    form = {
        "body": "bun",
        "delegation_point": "4.2",
        "decided_on": timezone.localdate().isoformat(),
        "title": "Ventilation Norrskolan",
        "content": "Ventilationen stängs av under sportlovet.",
        "delegate_office": "forvaltningschef-bun",
        "delegate_role": "",
        "reported_meeting": "",
    }
    html = client.post(url, form, follow=True).content.decode()
    d = DelegationDecision.objects.get()
    assert not d.is_strategic
    assert d.strategic_findings and d.strategic_findings[0]["rule"] == "operational"
    assert "Inte flaggat: det som kunde tyda på strategisk nivå gäller verkställighet." in html
    assert "byggnader, ledningar och gator" in html  # the reason, in the notice and the list
    outsourced = dict(form, title="Hemtjänst", content="Hemtjänsten läggs ut på entreprenad.")
    html = client.post(url, outsourced, follow=True).content.decode()
    assert "Flaggat: strategisk nivå" in html and "»på entreprenad«" in html
