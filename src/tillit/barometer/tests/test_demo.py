"""The demo tells the seed's story in numbers."""

from datetime import date

from tillit.barometer.selectors import barometer_get
from tillit.demo.loader import demo_load


def test_demo_shows_the_seed_story(db):
    m = demo_load().municipality
    old = barometer_get(municipality=m, start=date(2019, 1, 1), end=date(2022, 10, 14))
    new = barometer_get(municipality=m, start=date(2022, 10, 15), end=date(2026, 10, 14))
    old_ks, new_ks = old.body_values()["ks"], new.body_values()["ks"]
    # One assignment down the chain and the bicycle racks ordered straight from Gata/park.
    assert new_ks["assignments_issued"] == 2 < old_ks["assignments_issued"]
    assert new.totals()["unlinked_frame_change_share"] > 0.9
    assert new.totals()["deficit_coverage"] < 0.5
    assert new_ks["chain_deviations"] >= 4  # incl. the decision that ordered Gata/park directly
    assert new.totals()["strategic_delegation_decisions"] >= 2
    demo_load(reset=True)  # --reset deletes the barometer rows too
