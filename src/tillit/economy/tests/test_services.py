"""Frames, frame changes, mappings, forecasts, deficits — through the services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tillit.core.errors import Conflict, PermissionDenied, ValidationFailed
from tillit.economy import imports, services
from tillit.economy.models import ChangeKind, Frame, FrameChange
from tillit.economy.selectors import economy_year

from .factories import body_decision, kf_decision, map_objects, sie_text, write_sie

pytestmark = pytest.mark.django_db


def test_frame_set_needs_kf_decision_and_is_idempotent(testkommun):
    tk = testkommun
    kf = kf_decision(tk)
    frame = services.frame_set(actor=None, body=tk.bun, year=2023, amount="1 000 000", decision=kf)
    assert frame.amount == Decimal("1000000.00")
    again = services.frame_set(actor=None, body=tk.bun, year=2023, amount=1000000, decision=kf)
    assert again.pk == frame.pk
    with pytest.raises(Conflict):
        services.frame_set(actor=None, body=tk.bun, year=2023, amount=5, decision=kf)
    with pytest.raises(ValidationFailed) as exc:
        services.frame_set(actor=None, body=tk.sn, year=2023, amount=1, decision=tk.decision_ks)
    assert "kommunfullmäktige" in exc.value.errors["decision"]
    with pytest.raises(ValidationFailed):
        services.frame_set(actor=None, body=tk.sn, year=2030, amount=1, decision=kf)
    with pytest.raises(ValidationFailed) as exc:
        services.frame_set(actor=None, body=tk.sn, year=2023, amount="1.234", decision=kf)
    assert "amount" in exc.value.errors


def test_frame_set_race_is_a_conflict_not_a_500(testkommun):
    """Two requests pass the "already set?" check at once: the unique constraint stops the
    second insert, which is reported as a Conflict (409), and the transaction stays usable."""
    from unittest import mock

    from tillit.economy.models import Frame

    tk = testkommun
    kf = kf_decision(tk)
    services.frame_set(actor=None, body=tk.bun, year=2023, amount=1000, decision=kf)
    with (
        mock.patch.object(Frame.objects, "filter", return_value=Frame.objects.none()),
        pytest.raises(Conflict) as exc,
    ):
        services.frame_set(actor=None, body=tk.bun, year=2023, amount=2000, decision=kf)
    assert "samtidigt" in exc.value.message
    assert Frame.objects.get(body=tk.bun, year=2023).amount == Decimal("1000.00")


def test_frame_permissions(testkommun):
    tk = testkommun
    kf = kf_decision(tk)
    with pytest.raises(PermissionDenied):
        services.frame_set(
            actor=tk.users["sekreterare-bun"], body=tk.bun, year=2023, amount=1, decision=kf
        )
    services.frame_set(
        actor=tk.users["sekreterare-kf"], body=tk.bun, year=2023, amount=1, decision=kf
    )
    services.frame_set(actor=tk.users["admin"], body=tk.sn, year=2023, amount=1, decision=kf)


def test_frame_change_must_be_linked_or_explicitly_unlinked(testkommun):
    tk = testkommun
    kf = kf_decision(tk)
    services.frame_set(actor=None, body=tk.bun, year=2023, amount=1000, decision=kf)
    change_decision = kf_decision(tk, date(2023, 4, 1), "Tilläggsanslag")
    common = {"actor": None, "decision": change_decision, "body": tk.bun, "year": 2023}
    with pytest.raises(ValidationFailed) as exc:
        services.frame_change_register(kind=ChangeKind.ADDITION, amount=100, **common)
    assert "utan kopplat uppdrag" in exc.value.errors["assignments"]
    with pytest.raises(ValidationFailed):
        services.frame_change_register(
            kind=ChangeKind.ADDITION,
            amount=100,
            assignments=[tk.assignment_kf],
            unlinked=True,
            **common,
        )
    with pytest.raises(ValidationFailed):
        services.frame_change_register(kind=ChangeKind.ADDITION, amount=-5, unlinked=True, **common)
    linked = services.frame_change_register(
        kind=ChangeKind.ADDITION, amount=100, assignments=[tk.assignment_kf], **common
    )
    assert list(linked.assignments.all()) == [tk.assignment_kf]
    cut = services.frame_change_register(kind=ChangeKind.CUT, amount=40, unlinked=True, **common)
    assert cut.amount == Decimal("-40.00")
    # no frame for SN yet
    with pytest.raises(ValidationFailed) as exc:
        services.frame_change_register(
            kind=ChangeKind.ADDITION, amount=1, unlinked=True, **{**common, "body": tk.sn}
        )
    assert "inte satt" in exc.value.errors["body"]


def test_reallocation_is_a_pair(testkommun):
    tk = testkommun
    kf = kf_decision(tk)
    for b in (tk.bun, tk.sn):
        services.frame_set(actor=None, body=b, year=2023, amount=1000, decision=kf)
    d = kf_decision(tk, date(2023, 6, 1), "Omfördelning")
    with pytest.raises(ValidationFailed):
        services.frame_change_register(
            actor=None,
            decision=d,
            kind=ChangeKind.REALLOCATION,
            body=tk.sn,
            year=2023,
            amount=50,
            unlinked=True,
        )
    change = services.frame_change_register(
        actor=None,
        decision=d,
        kind=ChangeKind.REALLOCATION,
        body=tk.sn,
        from_body=tk.bun,
        year=2023,
        amount=50,
        unlinked=True,
    )
    assert change.amount == 50 and change.counterpart.amount == -50
    assert change.counterpart.body == tk.bun and change.counterpart.counterpart == change
    assert FrameChange.objects.count() == 2
    e = economy_year(municipality=tk.municipality, year=2023)
    frames = {b.body.slug: b.frame for b in e.bodies}
    assert frames == {"bun": Decimal("950.00"), "sn": Decimal("1050.00")}


def _year_with_actuals(tk, tmp_path, *, bun_actual="600.00", month="20230630"):
    kf = kf_decision(tk)
    services.frame_set(actor=None, body=tk.bun, year=2023, amount=1000, decision=kf)
    map_objects(tk)
    text = sie_text([(month, [("5010", '1 "100"', bun_actual), ("1930", "", f"-{bun_actual}")])])
    imports.sie_file_import(municipality=tk.municipality, path=write_sie(tmp_path, "a.se", text))
    return kf


def test_projection_linear_without_previous_year(testkommun, tmp_path):
    tk = testkommun
    _year_with_actuals(tk, tmp_path)
    bun = next(
        b for b in economy_year(municipality=tk.municipality, year=2023).bodies if b.body == tk.bun
    )
    assert bun.actual_to_date == Decimal("600.00")
    assert bun.projection == Decimal("1200.00")  # 600 × 12 / 6
    assert bun.deficit == Decimal("200.00")
    assert bun.warning and bun.needs_action_plan
    assert bun.coverage is None  # no additions


def test_projection_uses_previous_year_profile(testkommun, tmp_path):
    tk = testkommun
    map_objects(tk)
    # 2022: 100 per month in Jan–Jun, 300 per month in Jul–Dec -> by June 600 of 2400 (25 %)
    vouchers = []
    for m in range(1, 13):
        amount = "100.00" if m <= 6 else "300.00"
        vouchers.append(
            (f"2022{m:02d}15", [("5010", '1 "100"', amount), ("1930", "", f"-{amount}")])
        )
    imports.sie_file_import(
        municipality=tk.municipality,
        path=write_sie(tmp_path, "p.se", sie_text(vouchers, year=2022)),
    )
    _year_with_actuals(tk, tmp_path)
    bun = economy_year(municipality=tk.municipality, year=2023).bodies
    bun = next(b for b in bun if b.body == tk.bun)
    assert bun.projection == Decimal("2400.00")  # 600 / 0.25
    services.forecast_report(
        actor=None, body=tk.bun, year=2023, as_of=date(2023, 6, 1), amount="1500"
    )
    bun = economy_year(municipality=tk.municipality, year=2023).bodies
    bun = next(b for b in bun if b.body == tk.bun)
    assert bun.forecast == Decimal("1500.00")
    assert bun.forecast_difference == Decimal("-900.00")
    months = {r.month.month: r for r in bun.months}
    assert months[6].cum_actual == Decimal("600.00") and months[12].cum_forecast == Decimal(
        "1500.00"
    )
    assert months[7].cum_forecast == Decimal("750.00")  # 600 + 900 × 300/1800


def test_deficit_coverage_and_action_plan(testkommun, tmp_path):
    tk = testkommun
    _year_with_actuals(tk, tmp_path)  # frame 1000, forecast 1200 -> deficit 200
    d = kf_decision(tk, date(2023, 9, 1), "Tillskott")
    services.frame_change_register(
        actor=None,
        decision=d,
        kind=ChangeKind.ADDITION,
        body=tk.bun,
        year=2023,
        amount=100,
        unlinked=True,
    )
    bun = next(
        b for b in economy_year(municipality=tk.municipality, year=2023).bodies if b.body == tk.bun
    )
    assert bun.frame == Decimal("1100.00")
    assert bun.deficit == Decimal("100.00")
    assert bun.coverage == Decimal("0.500")  # 100 of the 200 gap
    assert bun.unlinked_share == Decimal("1.000")
    assert bun.needs_action_plan
    plan = body_decision(tk, tk.bun, "sekreterare-bun", date(2023, 9, 15))
    services.action_plan_link(actor=None, body=tk.bun, year=2023, decision=plan)
    bun = next(
        b for b in economy_year(municipality=tk.municipality, year=2023).bodies if b.body == tk.bun
    )
    assert bun.warning and not bun.needs_action_plan


def test_small_deficit_under_one_percent_is_no_warning(testkommun, tmp_path):
    tk = testkommun
    kf = kf_decision(tk)
    services.frame_set(actor=None, body=tk.bun, year=2023, amount=100000, decision=kf)
    map_objects(tk)
    vouchers = [
        (f"2023{m:02d}10", [("5010", '1 "100"', "8400.00"), ("1930", "", "-8400.00")])
        for m in range(1, 13)
    ]
    imports.sie_file_import(
        municipality=tk.municipality, path=write_sie(tmp_path, "s.se", sie_text(vouchers))
    )
    bun = next(
        b for b in economy_year(municipality=tk.municipality, year=2023).bodies if b.body == tk.bun
    )
    assert bun.deficit == Decimal("800.00")  # 0.8 % of the frame
    assert not bun.warning and not bun.needs_action_plan


def test_mapping_csv_and_remap_after_import(testkommun, tmp_path):
    tk = testkommun
    text = sie_text([("20230310", [("4010", '1 "300"', "50.00"), ("1930", "", "-50.00")])])
    r = imports.sie_file_import(
        municipality=tk.municipality, path=write_sie(tmp_path, "u.se", text)
    )
    assert [u["object_id"] for u in r.unmapped] == ["300"]
    assert r.unmapped[0]["name"] == "Okänt"
    e = economy_year(municipality=tk.municipality, year=2023)
    assert [u["object_id"] for u in e.unmapped] == ["300"]
    csv = "dimension;object;body;assignment;name\n1;300;sn;;Okänt\n"
    imports.mappings_csv_import(actor=None, municipality=tk.municipality, source=csv)
    e = economy_year(municipality=tk.municipality, year=2023)
    assert e.unmapped == []
    sn = next(b for b in e.bodies if b.body == tk.sn)
    assert sn.actual_to_date == Decimal("50.00")
    with pytest.raises(ValidationFailed) as exc:
        imports.mappings_csv_import(
            actor=None,
            municipality=tk.municipality,
            source="dimension;object;body\n1;301;sn\n1;302;finns-inte\n",
        )
    assert "Rad 3" in exc.value.errors["rad 3"]
    from tillit.economy.models import ObjectMapping

    assert not ObjectMapping.objects.filter(object_id="301").exists()


def test_frames_and_budget_csv(testkommun):
    tk = testkommun
    kf = kf_decision(tk)
    ref = kf.reference
    frames = imports.frames_csv_import(
        actor=None,
        municipality=tk.municipality,
        source=f"body;year;amount;decision\nbun;2023;1 500 000;{ref}\nSN;2023;2000000,50;{ref}\n",
    )
    assert [f.amount for f in frames] == [Decimal("1500000.00"), Decimal("2000000.50")]
    with pytest.raises(ValidationFailed) as exc:
        imports.frames_csv_import(
            actor=None,
            municipality=tk.municipality,
            source=f"body;year;amount;decision\nmbn;2023;10;{ref}\nmbn;2023;abc;{ref}\n",
        )
    assert "rad 3" in exc.value.errors
    assert not Frame.objects.filter(body=tk.mbn).exists()
    batch = imports.budget_csv_import(
        actor=None,
        municipality=tk.municipality,
        source="body;month;amount\nbun;2023-01;100\nbun;2023-02;150,50\n",
    )
    assert batch.rows == 2
    again = imports.budget_csv_import(
        actor=None,
        municipality=tk.municipality,
        source="body;month;amount\nbun;2023-01;100\nbun;2023-02;150,50\n",
    )
    assert again.pk == batch.pk
    with pytest.raises(Conflict):
        imports.budget_csv_import(
            actor=None, municipality=tk.municipality, source="body;month;amount\nbun;2023-02;1\n"
        )
    e = economy_year(municipality=tk.municipality, year=2023)
    bun = next(b for b in e.bodies if b.body == tk.bun)
    assert bun.budget_total == Decimal("250.50")
