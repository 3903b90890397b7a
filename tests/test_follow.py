"""The follow view (tui/meeting/follow.py) and the live file (tui/meeting/live.py), with
Pilot: a facilitator's MeetingApp and a FollowApp on the same store, in one process."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time
from pathlib import Path

import pytest
from textual.widget import Widget
from textual.widgets import Static

from store import Cycle, Store
from tui.meeting.app import MeetingApp
from tui.meeting.follow import FollowApp, FollowScreen
from tui.meeting.live import ENDED, LEFT, RUNNING, LivePublisher, LiveState, live_path, read_live

WEEK = "2026-W48"
SIZE = (100, 30)


@pytest.fixture
def cycle(store: Store) -> Cycle:
    cycle = store.cycle("2026-Q4")
    with store.write(cycle) as tx:
        o1 = tx.add_objective(title="Delight support customers", owner="Ana", team="Support")
        o2 = tx.add_objective(title="Ship the [bold]billing[/bold] platform", owner="Dan", team="Platform")
        tx.add_key_result(o1.id, title="Dispatch twice a day", owner="Ben")
        tx.add_key_result(o1.id, title="Answer within two hours", owner="Cy")
        tx.add_key_result(o2.id, title="Migrate billing", owner="Dan")
    return cycle


def hashes(directory: Path) -> dict[str, str]:
    return {str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file()}



def shown(app: FollowApp) -> str:
    """The text of every Static the follower shows now (hidden layouts left out)."""
    def visible(widget: Widget) -> bool:
        return all(node.display for node in (widget, *widget.ancestors) if isinstance(node, Widget))
    return "\n".join(w.content.plain for w in app.screen.query(Static)  # type: ignore[union-attr]
                     if visible(w) and hasattr(w.content, "plain"))


async def wait_until(condition, pilot, timeout: float = 3.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.05)


def test_live_path_per_meeting(tmp_path: Path) -> None:
    paths = {live_path(tmp_path, "2026-Q4", WEEK), live_path(tmp_path, "2026-Q4", WEEK, team="Support"),
             live_path(tmp_path, "2026-Q4", WEEK, team="Sup/port"), live_path(tmp_path, "2026-Q4", WEEK, team="Sup_port"),
             live_path(tmp_path, "2026-Q4", WEEK, owner="Support"), live_path(tmp_path, "2026-Q4", "2026-W49")}
    assert len(paths) == 6
    assert all(p.parent == tmp_path / "live" and "/" not in p.name for p in paths)


def test_publisher_coalesces_and_writes_atomically(tmp_path: Path) -> None:
    path = live_path(tmp_path, "c", WEEK)
    where = {"cycle": "c", "week": WEEK, "team": "", "owner": "", "meeting": "M1", "facilitator": "Fay",
             "started": 0.0, "position": 0, "objective": "O1", "kr": "O1.1", "state": RUNNING}
    live = LivePublisher(path, lambda: dict(where))
    assert live.take() is None  # nothing marked
    for kr in ("O1.2", "O1.3", "O1.1"):
        where["kr"] = kr
        live.mark()
    data = live.take()
    assert data is not None and live.take() is None  # one write for three moves, and one at a time
    live.mark()
    assert live.take() is None  # still writing
    live.write(data)
    assert read_live(path) == LiveState(**{**where, "seq": 1, "at": read_live(path).at})  # type: ignore[union-attr]
    assert live.take() is not None  # the mark made while writing is not lost
    live.write_last()
    last = read_live(path)
    assert last is not None and last.state == LEFT and last.seq == 3
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp file left


def test_read_live_refuses_what_is_not_a_live_file(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    assert read_live(path) is None
    for junk in (b"", b"{", b"[]", b'{"version": 1}', b'{"version": 99}'):
        path.write_bytes(junk)
        assert read_live(path) is None


class Facilitator:
    """Stands in for the facilitator's app: writes the live file as MeetingApp does."""

    def __init__(self, store: Store, cycle: Cycle, team: str = "") -> None:
        self.path = live_path(store.path, cycle.name, WEEK, team=team)
        self.where = {"cycle": cycle.name, "week": WEEK, "team": team, "owner": "", "meeting": "M1",
                      "facilitator": "Fay", "started": time.time(), "position": 0, "objective": "O1",
                      "kr": "O1.1", "state": RUNNING}
        self.live = LivePublisher(self.path, lambda: dict(self.where))

    def at(self, **where: object) -> None:
        self.where.update(where)
        self.live.mark()
        data = self.live.take()
        assert data is not None
        self.live.write(data)


async def test_follower_waits_then_follows_then_shows_the_summary(store: Store, cycle: Cycle) -> None:
    before = hashes(store.path)
    follower = FollowApp(store, cycle, WEEK)
    async with follower.run_test(size=SIZE) as pilot:
        screen = follower.screen
        assert isinstance(screen, FollowScreen) and screen.mode == "waiting"
        assert "Waiting for the meeting to start" in shown(follower)
        fay = Facilitator(store, cycle)
        fay.at()
        await wait_until(lambda: screen.mode == "meeting", pilot)
        assert "Delight support customers" in shown(follower)
        assert "Following meeting M1 · facilitator Fay" in shown(follower)
        fay.at(kr="O1.2")
        await wait_until(lambda: follower.session.selected == 1, pilot)
        with store.write(cycle) as tx:  # the facilitator's saver
            tx.check_in("O1.2", WEEK, progress=20, confidence=7)
        await wait_until(lambda: follower.session.answer("O1.2").confidence == 7, pilot)
        assert follower.session.answer("O1.2").progress == 20
        fay.at(position=1, objective="O2", kr="O2.1")
        await wait_until(lambda: follower.session.position == 1, pilot)
        assert "Ship the [bold]billing[/bold] platform" in shown(follower)  # user text, never markup
        fay.at(position=2, objective=None, kr=None)
        await wait_until(lambda: screen.mode == "summary", pilot)
        assert "on the summary" in shown(follower)
        fay.at(state=ENDED)
        await wait_until(lambda: "ended" in shown(follower), pilot)
        assert "NEEDS HELP" in shown(follower) and "Migrate billing" in shown(follower)
    after = hashes(store.path)
    changed = {k for k in after if before.get(k) != after[k]}
    # the facilitator's two files (the check-in, the live file); no file (nor lock) of the follower's
    assert changed == {cycle.file_name, f"live/{fay.path.name}"}
    assert set(after) - set(before) == {f"live/{fay.path.name}"}


async def test_f_toggles_the_presentation_for_the_follower_alone(store: Store, cycle: Cycle) -> None:
    fay = Facilitator(store, cycle)
    fay.at()
    follower = FollowApp(store, cycle, WEEK)
    async with follower.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = follower.screen
        assert isinstance(screen, FollowScreen) and screen.mode == "meeting"
        await pilot.press("f")
        assert screen.has_class("-present")
        assert "Objective 1 of 2" in shown(follower)
        fay.at(position=1, objective="O2", kr="O2.1")
        await wait_until(lambda: "Objective 2 of 2" in shown(follower), pilot)
        await pilot.press("f")
        assert not screen.has_class("-present")
        assert "Ship the [bold]billing[/bold] platform" in shown(follower)


async def test_a_follower_follows_its_own_teams_meeting(store: Store, cycle: Cycle) -> None:
    Facilitator(store, cycle, team="Support").at()
    platform = FollowApp(store, cycle, WEEK, team="Platform")
    async with platform.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert platform.screen.mode == "waiting"  # type: ignore[attr-defined]
    support = FollowApp(store, cycle, WEEK, team="Support")
    async with support.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert support.screen.mode == "meeting"  # type: ignore[attr-defined]
        assert "Delight support customers" in shown(support)


async def test_a_facilitator_that_quit_leaves_followers_waiting(store: Store, cycle: Cycle) -> None:
    Facilitator(store, cycle).at(state=LEFT)
    follower = FollowApp(store, cycle, WEEK)
    async with follower.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert follower.screen.mode == "waiting"  # type: ignore[attr-defined]
        assert "left the meeting" in shown(follower)


async def test_the_meeting_app_publishes_where_it_is(store: Store, cycle: Cycle) -> None:
    app = MeetingApp(store, cycle, WEEK, facilitator="Fay")
    path = live_path(store.path, cycle.name, WEEK)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.5)
        first = read_live(path)
        assert first is not None and (first.objective, first.kr, first.state) == ("O1", "O1.1", RUNNING)
        await pilot.press("down", "up", "down")
        await pilot.pause(0.5)
        moved = read_live(path)
        assert moved is not None and moved.kr == "O1.2" and moved.seq > first.seq
        assert moved.meeting is not None and moved.facilitator == "Fay"
        await pilot.press("s")
        await pilot.pause(0.5)
        summary = read_live(path)
        assert summary is not None and summary.objective is None and summary.position == 2
        await pilot.press("q")  # key results without an answer: it asks first
        await pilot.pause(0.3)
        await pilot.press("f")  # finish anyway
        await pilot.pause(0.3)
    ended = read_live(path)
    assert ended is not None and ended.state == ENDED


@pytest.mark.parametrize(("args", "code", "says"), [
    (["follow", "--team", "a", "--owner", "b"], 2, "give --team or --owner, not both"),
    (["serve", "--team", "a", "--owner", "b"], 2, "give --team or --owner, not both"),
    (["follow"], 1, "okr follow needs a terminal"),
    (["serve", "--store", "{missing}"], 1, "no store at"),
])
def test_follow_and_serve_refuse_in_one_line(args: list[str], code: int, says: str, tmp_path: Path) -> None:
    args = [a.format(missing=tmp_path / "missing") for a in args]
    done = subprocess.run([sys.executable, "-c", "from tui.cli.launch import main; main()", *args],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60, check=False)
    assert done.returncode == code and says in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "missing").exists()
