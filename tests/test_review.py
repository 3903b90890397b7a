"""`okr review`: the meeting's stepper on one person's key results, answered in their
name, then their summary; the owner defaults to the name used last time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from store import Store
from tui.home_app import review_app
from tui.report.summary import render_text
from tui.screens import MeetingScreen, SummaryScreen
from tui.screens.home import review_owner
from tui.widgets import KRRow
from tui.widgets.objective_panel import ObjectivePanel

OKR = Path(sys.executable).parent / "okr"
WEEK = "2026-W48"


def fill(store: Store) -> None:
    """Ben owns O1.2 under Ana's O1 and all of O3; O2 is Dan's alone."""
    with store.write(store.cycle()) as tx:
        o1 = tx.add_objective(title="Support", owner="Ana", team="Support")
        o2 = tx.add_objective(title="Platform", owner="Dan", team="Platform")
        o3 = tx.add_objective(title="Docs", owner="Ben", team="Support")
        tx.add_key_result(o1.id, title="Reply time")
        tx.add_key_result(o1.id, title="FAQ", owner="Ben")
        tx.add_key_result(o2.id, title="Uptime")
        tx.add_key_result(o3.id, title="Guide", owner="Ben")
        tx.add_key_result(o3.id, title="Videos", owner="Cy")  # under Ben's objective, but Cy's: not in his review


async def test_review_shows_only_the_owners_key_results(store: Store) -> None:
    fill(store)
    app = review_app(store, store.cycle(), WEEK, "Ben")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.title == "Ben's weekly review"
        head = app.screen.query_one(ObjectivePanel).render().plain  # type: ignore[union-attr]
        assert "Objective 1 of 2" in head and "meeting " not in head and "/ 03:00" not in head  # no clocks
        assert [o.id for o in app.session.objectives] == ["O1", "O3"]
        assert isinstance(app.screen, MeetingScreen)
        assert [r.kid for r in app.screen.query(KRRow)] == ["O1.2"]
        await pilot.press("right", "right", "8", "enter")  # the last one: on to the next objective
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert [r.kid for r in app.screen.query(KRRow)] == ["O3.1"]  # not Cy's O3.2
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        summary = app.screen.summary
        assert summary.owner == "Ben"
        # Only Ben's: Cy's O3.2 under Ben's objective is no more in his summary than in his review.
        assert [k.id for o in summary.objectives for k in o.key_results] == ["O1.2", "O3.1"]
        await pilot.press("q")  # O3.1 has no answer: it asks first
        await pilot.pause()
        await pilot.press("f")  # finish anyway
        await pilot.pause()
    saved = store.load(store.cycle()).checkin("O1.2", WEEK)
    assert saved is not None and (saved.progress, saved.confidence, saved.author) == (20, 8, "Ben")
    assert app.return_value is not None and app.return_value.owner == "Ben"
    printed = render_text(app.return_value)
    head = printed.splitlines()[:2]
    assert head[0].startswith("Ben's weekly review · ") and head[0].endswith(" · only Ben's key results")
    assert head[1].startswith("review M1 · ")  # not "meeting M1 · facilitator Ben"
    assert "O3.2" not in printed and "Videos" not in printed
    meeting = store.load(store.cycle()).meetings[-1]
    assert (meeting.owner, meeting.facilitator, meeting.finished) == ("Ben", "Ben", True)


def test_default_owner_is_the_remembered_name_else_the_login(store: Store) -> None:
    import getpass

    assert review_owner(store) == getpass.getuser()
    store.set_user_prefs(review_owner="Ben")
    assert review_owner(store) == "Ben"


def test_review_without_a_tty_is_a_one_line_error(store: Store) -> None:
    out = subprocess.run([str(OKR), "review", "--store", str(store.path), "--owner", "Ben"],
                         stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    assert out.returncode == 1
    assert out.stderr.strip().splitlines() == [
        "Error: okr review needs a terminal (stdin and stdout must be a tty); "
        "for a report without one use: okr list or okr summary"]
    assert store.load(store.cycle()).meetings == []


def test_review_help_lists_the_options() -> None:
    out = subprocess.run([str(OKR), "review", "--help"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0
    for option in ("--owner", "--store", "--cycle", "--week"):
        assert option in out.stdout
