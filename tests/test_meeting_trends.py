"""Pilot tests of the trend line in the meeting's key result rows at 80×24: the change
since the previous check-in (first check-in, weeks skipped, a metric) and the sparkline."""

from __future__ import annotations

import pytest

from store import Cycle, Store
from store.trends import sparkline
from tui.meeting.app import MeetingApp
from tui.widgets import KRRow

WEEK = "2026-W48"
SIZE = (80, 24)
BEFORE_W46 = [None] * 6  # 2026-Q4 starts in W40: six weeks before the first check-in


@pytest.fixture
def cycle(store: Store) -> Cycle:
    """O1: O1.1 percent (W46 30% 8, W47 40% 8); O1.2 metric 24 h → 2 h checked in W45 only
    (three weeks back); O1.3 never checked in."""
    cycle = store.cycle("2026-Q4")
    with store.write(cycle) as tx:
        o1 = tx.add_objective(title="Service", owner="Ana")
        k1 = tx.add_key_result(o1.id, title="Dispatch twice a day", owner="Ben")
        k2 = tx.add_key_result(o1.id, title="Reply time", owner="Cy", start=24, target=2, unit="h")
        tx.add_key_result(o1.id, title="New [b]thing[/b]", owner="Di")
        tx.check_in(k1.id, "2026-W46", progress=30, confidence=8)
        tx.check_in(k1.id, "2026-W47", progress=40, confidence=8)
        tx.check_in(k2.id, "2026-W45", value=13, confidence=6)
    return cycle


def rows(app: MeetingApp) -> dict[str, str]:
    return {row.kid: row.content.plain for row in app.screen.query(KRRow)}


def trend_line(app: MeetingApp, kid: str) -> str:
    """The row's fourth line: title, progress, confidence, then the trend."""
    return rows(app)[kid].splitlines()[3]


async def test_unchanged_answer_says_no_change_and_shows_the_cycle_so_far(store: Store, cycle: Cycle) -> None:
    app = MeetingApp(store, cycle, WEEK, facilitator="Fay")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        line = trend_line(app, "O1.1")
        assert line.strip().startswith(sparkline([*BEFORE_W46, 30, 40, 40]))
        assert "progress → ±0" in line and "confidence → ±0" in line
        assert "weeks" not in line  # last week's check-in: no gap to mention


async def test_moving_progress_and_confidence_shows_arrow_and_amount(store: Store, cycle: Cycle) -> None:
    app = MeetingApp(store, cycle, WEEK, facilitator="Fay")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right", "right", "5")
        await pilot.pause()
        line = trend_line(app, "O1.1")
        assert "progress ↑ +20%" in line
        assert "confidence ↓ -3" in line
        assert line.strip().startswith(sparkline([*BEFORE_W46, 30, 40, 60]))
        await app.workers.wait_for_complete()


async def test_metric_shows_value_change_with_its_verdict_and_the_weeks_skipped(store: Store, cycle: Cycle) -> None:
    app = MeetingApp(store, cycle, WEEK, facilitator="Fay")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        line = trend_line(app, "O1.2")
        assert "value → ±0 no change" in line and "over 3 weeks" in line
        await pilot.press("down", "right")  # 10% of 24 h → 2 h: 2.2 h less
        await pilot.pause()
        line = trend_line(app, "O1.2")
        assert "value ↓ -2.2 h better (+10%)" in line
        assert "over 3 weeks" in line
        # W45 checked in, W46 and W47 carried, W48 this answer
        assert line.strip().startswith(sparkline([None] * 5 + [50, 50, 50, 60]))
        await app.workers.wait_for_complete()


async def test_key_result_never_checked_in_says_first_check_in_without_arrows(store: Store, cycle: Cycle) -> None:
    app = MeetingApp(store, cycle, WEEK, facilitator="Fay")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        line = trend_line(app, "O1.3")
        assert "first check-in" in line
        assert not any(arrow in line for arrow in "↑↓→")
        assert "New [b]thing[/b]" in rows(app)["O1.3"]  # the title is text, not markup


async def test_trend_line_fits_80_columns(store: Store, cycle: Cycle) -> None:
    app = MeetingApp(store, cycle, WEEK, facilitator="Fay")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "right", "3")
        await pilot.pause()
        row = next(r for r in app.screen.query(KRRow) if r.kid == "O1.2")
        body_width = row.size.width - 2  # marker column
        assert all(len(line) <= body_width for line in row.content.plain.splitlines()[3:4])
        await app.workers.wait_for_complete()
