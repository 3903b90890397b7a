"""Deltas since the previous check-in, weekly series and the text sparkline."""

from __future__ import annotations

import pytest

from store import NotFoundError, Store
from store.cycle_data import CycleData
from store.trends import (
    Delta,
    Direction,
    KRDelta,
    delta_between,
    kr_deltas,
    kr_series,
    objective_series,
    sparkline,
)


@pytest.fixture
def filled(store: Store) -> Store:
    """O1.1 in percent with a gap (W44, W45, W48); O1.2 a lower-is-better metric (24 h → 2 h)."""
    with store.write(store.cycle()) as tx:
        obj = tx.add_objective(title="Service", owner="Ana")
        pct = tx.add_key_result(obj.id, title="Dispatch twice a day")
        met = tx.add_key_result(obj.id, title="Reply time", start=24, target=2, unit="h")
        tx.check_in(pct.id, "2026-W44", progress=10, confidence=7)
        tx.check_in(pct.id, "2026-W45", progress=30, confidence=8)
        tx.check_in(pct.id, "2026-W48", progress=20, confidence=5)
        tx.check_in(met.id, "2026-W47", value=24, confidence=6)
        tx.check_in(met.id, "2026-W48", value=13, confidence=6)
    return store


def data(store: Store):
    return store.load(store.cycle())


def kr_delta(data: CycleData, kid: str, week: str) -> KRDelta:
    """This week's change, as the meeting shows it beside each answer (tui/meeting/session.py)."""
    return delta_between(data.require_key_result(kid), week, data.checkin(kid, week), data.previous(kid, week))


def test_first_week_has_nothing_to_compare(filled: Store) -> None:
    d = kr_delta(data(filled), "O1.1", "2026-W44")
    assert d.checked_in and d.first and not d.gap
    assert d.since is None and d.weeks_back is None
    assert d.progress.now == 10 and d.progress.direction == Direction.NONE
    assert d.progress.text() == "" and d.since_text() == "first check-in"


def test_last_week_up_is_better(filled: Store) -> None:
    d = kr_delta(data(filled), "O1.1", "2026-W45")
    assert d.since == "2026-W44" and d.weeks_back == 1 and not d.gap
    assert d.progress.text() == "↑ +20% better"
    assert d.confidence.text() == "↑ +1 better"
    assert d.since_text() == "since last week"


def test_gap_of_weeks_is_said(filled: Store) -> None:
    d = kr_delta(data(filled), "O1.1", "2026-W48")
    assert d.since == "2026-W45" and d.weeks_back == 3 and d.gap
    assert d.since_text() == "since 2026-W45, 3 weeks back"
    assert d.progress.direction == Direction.DOWN and d.progress.text() == "↓ -10% worse"
    assert d.confidence.amount == -3 and d.confidence.verdict == "worse"


def test_no_checkin_this_week_keeps_the_previous_values(filled: Store) -> None:
    d = kr_delta(data(filled), "O1.1", "2026-W47")
    assert not d.checked_in and not d.first
    assert d.progress.before == 30 and d.progress.now is None and d.progress.text() == ""
    assert d.since_text() == "no check-in this week"


def test_metric_lower_is_better_value_falls_and_that_is_better(filled: Store) -> None:
    d = kr_delta(data(filled), "O1.2", "2026-W48")
    assert d.value is not None
    assert d.value.direction == Direction.DOWN and d.value.better is True
    assert d.value.text() == "↓ -11 h better"
    assert d.progress.text() == "↑ +50% better"  # progress is derived: 24 h → 13 h is half way
    assert d.confidence.text() == "→ ±0 no change"


def test_metric_lower_is_better_value_rising_is_worse() -> None:
    worse = Delta(now=30.0, before=24.0, unit="h", lower_is_better=True)
    assert worse.arrow == "↑" and worse.better is False and worse.text() == "↑ +6 h worse"


def test_percent_key_result_has_no_value_delta(filled: Store) -> None:
    assert kr_delta(data(filled), "O1.1", "2026-W45").value is None


def test_deltas_follow_each_checkin(filled: Store) -> None:
    rows = kr_deltas(data(filled), "O1.1")
    assert [r.week for r in rows] == ["2026-W44", "2026-W45", "2026-W48"]
    assert [r.weeks_back for r in rows] == [None, 1, 3]
    assert rows[0].to_dict()["progress"]["direction"] == "none"
    assert rows[2].to_dict()["progress"] == {"now": 20, "before": 30, "amount": -10, "unit": "%",
                                              "direction": "down", "better": False, "verdict": "worse"}


def test_series_carries_gaps_forward_and_marks_them(filled: Store) -> None:
    series = kr_series(data(filled), "O1.1", upto="2026-W48")
    by_week = {p.week: p for p in series}
    assert series[0].week == "2026-W40" and series[-1].week == "2026-W48"
    assert by_week["2026-W43"].progress is None and not by_week["2026-W43"].carried
    assert (by_week["2026-W46"].progress, by_week["2026-W46"].carried) == (30, True)
    assert (by_week["2026-W48"].progress, by_week["2026-W48"].carried) == (20, False)


def test_series_defaults_to_the_whole_cycle(filled: Store) -> None:
    series = kr_series(data(filled), "O1.1")
    assert series[-1].week == "2026-W53" and series[-1].carried  # 2026-12-31 is in W53


def test_objective_series_is_the_mean_of_its_key_results(filled: Store) -> None:
    series = {p.week: p for p in objective_series(data(filled), "O1", upto="2026-W48")}
    assert series["2026-W43"].progress is None
    assert series["2026-W44"].progress == 5  # (10 + nothing yet) / 2
    assert series["2026-W46"].carried and series["2026-W46"].progress == 15
    assert series["2026-W48"].progress == 35 and not series["2026-W48"].carried


def test_unknown_ids_raise_not_found(filled: Store) -> None:
    with pytest.raises(NotFoundError, match="no key result O9.1"):
        kr_series(data(filled), "O9.1")
    with pytest.raises(NotFoundError, match="no key result O9.1"):
        kr_deltas(data(filled), "O9.1")
    with pytest.raises(NotFoundError, match="no objective O9"):
        objective_series(data(filled), "O9")


def test_sparkline_scales_and_marks_gaps() -> None:
    assert sparkline([0, 50, 100, None]) == "▁▅█·"
    assert sparkline([-10, 200]) == "▁█"  # clamped to the range
    assert sparkline([]) == ""
    assert sparkline([3, 3], lo=3, hi=3) == "▁▁"
