"""The live file (tui/meeting/live.py) against what it may meet: names that are not UTF-8,
files written by another version or damaged, and symbolic links planted in live/ by
another user of a shared store; and the follower's (tui/meeting/follow.py) reload and exit."""

from __future__ import annotations

import asyncio
import os
import stat
import time
from pathlib import Path
from typing import Any

import orjson
import pytest

from store import Cycle, Store
from tui.meeting.app import MeetingApp
from tui.meeting.follow import FollowApp, FollowScreen
from tui.meeting.live import RUNNING, LivePublisher, LiveRefused, live_path, read_live

WEEK = "2026-W48"
SIZE = (100, 30)
WHERE: dict[str, Any] = {"cycle": "2026-Q4", "week": WEEK, "team": "", "owner": "", "meeting": "M1",
                         "facilitator": "Fay", "started": 1764000000.0, "position": 0, "objective": "O1",
                         "kr": "O1.1", "state": RUNNING}


@pytest.fixture
def cycle(store: Store) -> Cycle:
    cycle = store.cycle("2026-Q4")
    with store.write(cycle) as tx:
        o1 = tx.add_objective(title="Delight support customers", owner="Ana", team="Support")
        o2 = tx.add_objective(title="Ship the billing platform", owner="Dan", team="Platform")
        tx.add_key_result(o1.id, title="Dispatch twice a day", owner="Ben")
        tx.add_key_result(o2.id, title="Migrate billing", owner="Dan")
    return cycle


async def wait_until(condition, pilot, timeout: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.05)


def publish(path: Path, **where: Any) -> LivePublisher:
    live = LivePublisher(path, lambda: {**WHERE, **where}, warn=lambda text: None)
    live.mark()
    data = live.take()
    assert data is not None
    live.write(data)
    return live


# -- names that are not UTF-8 ------------------------------------------------------------------
def test_a_name_that_is_not_utf8_is_written_as_a_replacement_character(tmp_path: Path) -> None:
    """`USER=$'\\xff' okr meeting` makes the facilitator "\\udcff" (getpass reads $USER): the
    live file carries U+FFFD for it, and a team of such bytes still has a file of its own."""
    path = live_path(tmp_path, "2026-Q4", WEEK, team="Sup\udcffport")
    assert path.parent == tmp_path / "live" and path != live_path(tmp_path, "2026-Q4", WEEK, team="Sup_port")
    publish(path, team="Sup\udcffport", facilitator="F\udcffy")
    live = read_live(path)
    assert live is not None and (live.facilitator, live.team) == ("F\ufffdy", "Sup\ufffdport")


async def test_a_meeting_whose_facilitator_is_not_utf8_publishes_and_quits(store: Store, cycle: Cycle) -> None:
    app = MeetingApp(store, cycle, WEEK, facilitator="F\udcffy")
    path = live_path(store.path, cycle.name, WEEK)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(lambda: read_live(path) is not None, pilot)
        await pilot.press("down")
    assert app.return_code is None  # running till the test left: no crash (1)
    live = read_live(path)
    assert live is not None and live.facilitator == "F\ufffdy"


# -- files written by another version, or damaged ----------------------------------------------
DAMAGED = [{**WHERE, "started": "yesterday"}, {**WHERE, "started": 1e300}, {**WHERE, "facilitator": 7},
           {**WHERE, "position": True}, {**WHERE, "state": "paused"}, {**WHERE, "kr": ["O1.1"]},
           {**WHERE, "seq": 1, "at": 0.0, "version": 1, "extra": 1}, {"version": 1}]


@pytest.mark.parametrize("fields", DAMAGED)
def test_a_live_file_with_fields_of_the_wrong_kind_is_not_ours(tmp_path: Path, fields: dict[str, Any]) -> None:
    path = live_path(tmp_path, "2026-Q4", WEEK)
    path.parent.mkdir()
    path.write_bytes(orjson.dumps({"seq": 1, "at": 0.0, "version": 1, **fields}))
    assert read_live(path) is None


def test_a_live_file_that_is_not_utf8_or_too_big_is_not_ours(tmp_path: Path) -> None:
    path = live_path(tmp_path, "2026-Q4", WEEK)
    path.parent.mkdir()
    for junk in (b'{"facilitator": "\xff"}', b'{"facilitator": "\\udcff"}', b" " * 100_000 + b"{}"):
        path.write_bytes(junk)
        assert read_live(path) is None


async def test_a_follower_waits_on_a_damaged_live_file(store: Store, cycle: Cycle) -> None:
    path = live_path(store.path, cycle.name, WEEK)
    path.parent.mkdir()
    path.write_bytes(orjson.dumps({**WHERE, "started": "yesterday", "seq": 1, "at": 0.0, "version": 1}))
    follower = FollowApp(store, cycle, WEEK)
    async with follower.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert follower.screen.mode == "waiting"  # type: ignore[attr-defined]
    assert follower.return_code is None  # running till the test left: no crash (1)


# -- symbolic links planted in live/ -------------------------------------------------------------
@pytest.fixture
def planted(store: Store, tmp_path: Path) -> Path:
    """Someone else's live/: a link to a directory of the facilitator's own (mode 0700)."""
    target = tmp_path / "private"
    target.mkdir(mode=0o700)
    (store.path / "live").symlink_to(target)
    return target


def test_the_publisher_refuses_a_linked_live_directory_once(store: Store, planted: Path) -> None:
    said: list[str] = []
    path = live_path(store.path, "2026-Q4", WEEK)
    live = LivePublisher(path, lambda: dict(WHERE), shared=True, warn=said.append)
    for _ in range(3):
        live.mark()
        if (data := live.take()) is not None:
            live.write(data)
    live.write_last()
    assert list(planted.iterdir()) == []  # nothing written through the link
    assert stat.S_IMODE(planted.stat().st_mode) == 0o700  # nor chmod'ed to the group's 2770
    assert live.refused == path.parent and len(said) == 1
    assert "is a symbolic link" in said[0] and "no followers" in said[0] and "\n" not in said[0]


def test_the_publisher_makes_live_itself_and_replaces_a_linked_file(store: Store, tmp_path: Path) -> None:
    path = live_path(store.path, "2026-Q4", WEEK)
    publish(path)
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700 and stat.S_IMODE(path.stat().st_mode) == 0o600
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(b"theirs")
    path.unlink()
    path.symlink_to(elsewhere)
    with pytest.raises(LiveRefused):
        read_live(path)  # a follower does not read through it
    publish(path, kr="O1.2")
    assert elsewhere.read_bytes() == b"theirs"  # the link was replaced, not written through
    assert not path.is_symlink() and read_live(path).kr == "O1.2"  # type: ignore[union-attr]
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # no temp file left


async def test_a_meeting_goes_on_without_followers_when_live_is_a_link(store: Store, cycle: Cycle, planted: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    said: list[str] = []
    monkeypatch.setattr(MeetingApp, "notify", lambda self, message, **kw: said.append(str(message)))
    app = MeetingApp(store, cycle, WEEK, facilitator="Fay")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(lambda: any("symbolic link" in s for s in said), pilot)
        await pilot.press("down", "right")
        assert await app.flush()
    assert app.return_code is None  # running till the test left: no crash (1)
    assert list(planted.iterdir()) == []
    assert [s for s in said if "symbolic link" in s] == [f"{store.path / 'live'} is a symbolic link; not writing "
                                                         "through it: this meeting has no followers"]
    assert store.load(cycle).checkin("O1.1", WEEK) is not None  # the meeting itself went on


async def test_a_follower_says_it_does_not_read_through_a_linked_live_directory(store: Store, cycle: Cycle,
                                                                                 planted: Path) -> None:
    publish(planted / live_path(store.path, cycle.name, WEEK).name)  # a live file, there
    follower = FollowApp(store, cycle, WEEK)
    async with follower.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = follower.screen
        assert isinstance(screen, FollowScreen) and screen.mode == "waiting"
        wait = str(screen.query_one("#follow-wait").content)  # type: ignore[attr-defined]
        assert "is a symbolic link; not reading through it" in wait


# -- the follower's reload and exit -------------------------------------------------------------
async def test_the_followers_reload_waits_its_turn_in_the_queue(store: Store, cycle: Cycle) -> None:
    """What the reload thread read is applied through the app's queue: not while a handler
    (here one held open, as a poll rebuilding the rows would be) is still running."""
    publish(live_path(store.path, cycle.name, WEEK))
    follower = FollowApp(store, cycle, WEEK)
    seen: list[str] = []
    gate = asyncio.Event()

    async def busy_handler() -> None:
        seen.append("handler started")
        await gate.wait()
        seen.append("handler done")

    async with follower.run_test(size=SIZE) as pilot:
        await wait_until(lambda: follower.screen.mode == "meeting", pilot)  # type: ignore[attr-defined]
        refresh = follower.session.refresh
        follower.session.refresh = lambda data, **kw: (seen.append("refresh"), refresh(data, **kw))[1]  # type: ignore[method-assign]
        follower.call_later(busy_handler)
        try:
            while "handler started" not in seen:
                await asyncio.sleep(0.01)  # not pilot.pause: it would wait for the held queue
            worker = follower.run_worker(follower._reload, thread=True, group="reload")
            while not worker.is_finished and "refresh" not in seen:
                await asyncio.sleep(0.01)
            assert "refresh" not in seen  # the thread is done; what it read waits for the handler
        finally:
            gate.set()
        await wait_until(lambda: "refresh" in seen, pilot)
    assert seen == ["handler started", "handler done", "refresh"]


async def test_a_view_the_follower_sends_after_exit_began_is_dropped(store: Store, cycle: Cycle) -> None:
    path = live_path(store.path, cycle.name, WEEK)
    publish(path)
    follower = FollowApp(store, cycle, WEEK)
    async with follower.run_test(size=SIZE) as pilot:
        await wait_until(lambda: follower.screen.mode == "meeting", pilot)  # type: ignore[attr-defined]
        publish(path, position=1, objective="O2", kr="O2.1")
        follower.exit()
        await follower.apply_live(read_live(path))  # what a poll queued before the exit does
        assert follower.session.position == 0  # not moved: nothing was shown
    assert follower.return_code == 0


def test_a_fifo_in_place_of_the_live_file_is_not_read_nor_waited_on(tmp_path: Path) -> None:
    path = live_path(tmp_path, "2026-Q4", WEEK)
    path.parent.mkdir()
    os.mkfifo(path)  # a FIFO in its place: opened without blocking, and refused
    assert read_live(path) is None
