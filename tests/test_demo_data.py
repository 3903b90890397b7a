"""The demo store: the guide's example and more, always current, with history in which
every needs-help reason shows up - last week, and still in a meeting held this week."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from store import CheckIn, CycleData, Kind, Store, StoreError, add_weeks, week_monday, week_of
from store.demo_data import seed_demo
from store.rules import Reason, needs_help

# Early in a quarter (the demo cycle then starts ~6 weeks back), mid-quarter, its last
# days, New Year's Day (ISO week of the old year) and a Sunday.
TODAYS = [dt.date(2026, 10, 2), dt.date(2026, 11, 29), dt.date(2026, 12, 31), dt.date(2027, 1, 1),
          dt.date(2027, 2, 14), dt.date(2027, 5, 20)]


def _demo(tmp_path: Path, today: dt.date) -> tuple[Store, CycleData]:
    store = seed_demo(tmp_path / "demo", today=today)
    return store, store.load(store.cycle(today=today))


def _reasons(store: Store, data: CycleData, week: str, carried: bool = False) -> dict[str, set[Reason]]:
    """Needs-help reasons per key result at ``week``. ``carried``: as a meeting held in
    ``week`` starts, before anyone answers (last week's progress and confidence, no blocker)."""
    out: dict[str, set[Reason]] = {}
    for k in data.key_results:
        objective = data.objective(k.objective)
        assert objective is not None
        history = data.history(k.id, upto=week)
        if carried:
            last = history[-1]
            history = [*history, CheckIn(kr=k.id, week=week, progress=last.progress, value=last.value,
                                         confidence=last.confidence, at=last.at)]
        out[k.id] = {r.reason for r in needs_help(k, objective, history, data.cycle, week,
                                                 store.root.settings.thresholds)}
    return out


@pytest.mark.parametrize("today", TODAYS, ids=str)
def test_every_needs_help_reason_is_tripped_last_week(tmp_path: Path, today: dt.date) -> None:
    store, data = _demo(tmp_path, today)
    last_week = add_weeks(week_of(today), -1)
    found = set().union(*_reasons(store, data, last_week).values())
    assert found == set(Reason)


@pytest.mark.parametrize("today", TODAYS, ids=str)
def test_a_meeting_this_week_still_shows_several_reasons(tmp_path: Path, today: dt.date) -> None:
    store, data = _demo(tmp_path, today)
    per_kr = _reasons(store, data, week_of(today), carried=True)
    found = set().union(*per_kr.values())
    assert {Reason.LOW_CONFIDENCE, Reason.BEHIND_PACE, Reason.STALLED} <= found
    assert sum(1 for reasons in per_kr.values() if reasons) >= 3


@pytest.mark.parametrize("today", TODAYS, ids=str)
def test_the_demo_cycle_is_current_with_4_to_6_weeks_of_history_ending_last_week(tmp_path: Path,
                                                                                  today: dt.date) -> None:
    _store, data = _demo(tmp_path, today)
    assert data.cycle.start <= today <= data.cycle.end
    weeks = sorted({c.week for c in data.checkins})
    assert 4 <= len(weeks) <= 6
    assert weeks[-1] == add_weeks(week_of(today), -1)
    assert week_monday(weeks[0]) >= data.cycle.start - dt.timedelta(days=6)
    assert all(c.at.date() < today for c in data.checkins)


def test_early_in_a_quarter_the_cycle_started_about_six_weeks_ago(tmp_path: Path) -> None:
    today = dt.date(2027, 1, 20)
    _store, data = _demo(tmp_path, today)
    assert dt.timedelta(weeks=5) <= today - data.cycle.start <= dt.timedelta(weeks=7)
    mid = dt.date(2026, 11, 25)
    _store, data = _demo(tmp_path / "mid", mid)
    assert (data.cycle.name, data.cycle.start, data.cycle.end) == ("2026-Q4", dt.date(2026, 10, 1),
                                                                   dt.date(2026, 12, 31))


def test_the_guides_example_and_the_other_objectives(tmp_path: Path) -> None:
    _store, data = _demo(tmp_path, dt.date(2026, 11, 25))
    by_title = {o.title: o for o in data.objectives}
    guide = by_title["Create an unmatched customer service experience"]
    krs = {k.title: k for k in data.krs_of(guide.id)}
    assert len(krs) == 4
    assert any("twice a day instead of once" in t for t in krs)
    assert any("within 24 hours" in t for t in krs)
    assert any("2 service-skill trainings" in t for t in krs)
    reply = next(k for t, k in krs.items() if "within 2 hours" in t)
    assert (reply.start, reply.target, reply.unit) == (24, 2, "h")  # lower is better
    assert reply.progress_of(13) == 50

    chinese = by_title["创造无与伦比的用户服务体验"]
    assert 3 <= len(data.objectives) <= 4  # the guide's example and 2-3 more
    assert {o.team for o in data.objectives} == {"Support", "Platform"}
    assert any(o.kind == Kind.ASPIRATIONAL for o in data.objectives)
    aligned = [o for o in data.objectives if o.aligns_to]
    assert aligned and all(data.objective(o.aligns_to) is not None for o in aligned)
    assert chinese.id in {o.id for o in data.objectives}
    assert all(len(data.krs_of(o.id)) <= 4 for o in data.objectives)


def test_objective_check_ins_and_one_past_meeting(tmp_path: Path) -> None:
    today = dt.date(2026, 11, 25)
    _store, data = _demo(tmp_path, today)
    last_week = add_weeks(week_of(today), -1)
    for o in data.objectives:
        oc = data.objective_checkin(o.id, last_week)
        assert oc is not None and oc.confidence is not None
    assert any(oc.wins for oc in data.objective_checkins)
    assert len(data.meetings) == 1
    meeting = data.meetings[0]
    assert meeting.week == last_week and meeting.finished and meeting.attendees


def test_the_demo_refuses_a_directory_holding_a_store(tmp_path: Path) -> None:
    seed_demo(tmp_path / "demo", today=dt.date(2026, 11, 25))
    before = (tmp_path / "demo" / "okr.json").read_bytes()
    with pytest.raises(StoreError, match="holds a store already"):
        seed_demo(tmp_path / "demo", today=dt.date(2026, 11, 25))
    assert (tmp_path / "demo" / "okr.json").read_bytes() == before
