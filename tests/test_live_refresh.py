"""An open meeting shows what another process wrote (a CLI check-in, another meeting),
without losing the local edit in progress. "Another process" is a second Store opened on
the same directory; the app is polled (not timed) until the widget shows the change."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from store import Cycle, Store
from tui.meeting.app import MeetingApp
from tui.meeting.live_refresh import FileWatch
from tui.meeting.saver import SaveKey
from tui.screens import FormModal, MeetingScreen
from tui.widgets import KRRow

WEEK = "2026-W48"
PATIENCE = 15.0  # seconds to wait for a change to show; the design's target is 2


@pytest.fixture
def cycle(store: Store) -> Cycle:
    cycle = store.cycle("2026-Q4")
    with store.write(cycle) as tx:
        o1 = tx.add_objective(title="Serve customers well", owner="Ana", team="Support")
        k1 = tx.add_key_result(o1.id, title="Dispatch twice a day", owner="Ben")
        k2 = tx.add_key_result(o1.id, title="Answer feedback fast", owner="Cy")
        tx.check_in(k1.id, "2026-W47", progress=40, confidence=8)
        tx.check_in(k2.id, "2026-W47", progress=10, confidence=6)
    return cycle


def other_process(store: Store) -> Store:
    return Store.open(store.path)


def row_text(app: MeetingApp, kid: str) -> str:
    row = next(r for r in app.screen_stack[1].query(KRRow) if r.kid == kid)
    return str(row.content)


async def wait_until(pilot, condition) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        if condition():
            return True
        await pilot.pause(0.1)
    return condition()


def test_the_watch_fires_only_when_the_file_changed(store: Store, cycle: Cycle) -> None:
    path = store.cycle_path(cycle)
    watch = FileWatch(path)
    assert not watch.changed()
    store.load(cycle)
    assert not watch.changed()  # reading does not count
    with other_process(store).write(cycle) as tx:
        tx.check_in("O1.1", WEEK, progress=50)
    assert watch.changed()
    assert not watch.changed()


async def test_another_process_check_in_shows_up(store: Store, cycle: Cycle) -> None:
    app = MeetingApp(store, cycle, WEEK, facilitator="Fay")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "10%  →  now" in row_text(app, "O1.2")
        with other_process(store).write(cycle) as tx:
            tx.check_in("O1.2", WEEK, progress=70, confidence=9, blocker="waiting on legal")
        assert await wait_until(pilot, lambda: "70%" in row_text(app, "O1.2"))
        text = row_text(app, "O1.2")
        assert "9/10 certain" in text and "✓ given" in text and "waiting on legal" in text
        with other_process(store).write(cycle) as tx:
            kr = tx.add_key_result("O1", title="Hire two agents", owner="Dee")
        assert await wait_until(pilot, lambda: kr.id in [r.kid for r in app.screen_stack[1].query(KRRow)])


async def test_idle_polls_do_not_read_the_file(store: Store, cycle: Cycle, monkeypatch: pytest.MonkeyPatch) -> None:
    app = MeetingApp(store, cycle, WEEK, facilitator="Fay")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause(1.5)  # the meeting record's own save may still move the stamp once
        loads: list[Cycle] = []
        real_load = store.load_since
        monkeypatch.setattr(store, "load_since", lambda c, g: loads.append(c) or real_load(c, g))
        for _ in range(3):
            app.poll_store()
            await pilot.pause()
        assert loads == []


async def test_the_meetings_own_saves_are_not_read_back(store: Store, cycle: Cycle,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Its own save moves the file's stamp too: the poll rereads, finds nothing it has not
    written itself (Store.load_since) and leaves the session alone; on a 16-team cycle that
    was a snapshot and a repaint after every save. Another process's write still shows."""
    app = MeetingApp(store, cycle, WEEK, facilitator="Fay")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        app.poll_store()  # the meeting record's own save
        assert await wait_until(pilot, lambda: not app._reloading)
        reads: list[tuple[int, bool]] = []
        real_load = store.load_since
        monkeypatch.setattr(store, "load_since",
                            lambda c, g: (r := real_load(c, g), reads.append((r[0], r[1] is None)))[0])
        refreshes: list[int | None] = []
        real_refresh = app.session.refresh
        monkeypatch.setattr(app.session, "refresh",
                            lambda data, **kw: (refreshes.append(kw.get("generation")), real_refresh(data, **kw))[1])
        for _ in range(3):
            await pilot.press("right")  # O1.1 +10%: saved
            await app.workers.wait_for_complete()
            app.poll_store()
            assert await wait_until(pilot, lambda: not app._reloading)
        assert store.load(cycle).checkin("O1.1", WEEK).progress == 70  # type: ignore[union-attr]
        assert len(reads) == 3 and all(unchanged for _, unchanged in reads) and refreshes == []
        with other_process(store).write(cycle) as tx:
            tx.check_in("O1.2", WEEK, progress=30, confidence=7)
        app.poll_store()
        assert await wait_until(pilot, lambda: "30%" in row_text(app, "O1.2"))
        assert reads[-1][1] is False and refreshes == [reads[-1][0]] == [app.session.generation]
        assert "70%" in row_text(app, "O1.1")


def hold_saves_of(app: MeetingApp, held: SaveKey) -> threading.Event:
    """The saver's writes of ``held`` wait until the returned event is set."""
    release = threading.Event()
    real_write = app.session.write

    def held_write(key: SaveKey, fields: dict[str, Any]) -> None:
        if key == held:
            release.wait(PATIENCE)
        real_write(key, fields)

    app.saver._write = held_write
    return release


async def test_a_pending_local_edit_is_kept_while_others_update(store: Store, cycle: Cycle) -> None:
    """O1.1's progress is still being written (the saver is held); another process writes
    O1.1 and O1.2. O1.2 updates; O1.1 keeps the local progress and takes the other's
    confidence, and that is what is saved: field by field, the later writer wins."""
    app = MeetingApp(store, cycle, WEEK, facilitator="Fay")
    release = hold_saves_of(app, ("kr", "O1.1"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("right", "right")  # O1.1: 40% → 60%, held in the saver
        await pilot.pause()
        assert "60%" in row_text(app, "O1.1")
        with other_process(store).write(cycle) as tx:
            tx.check_in("O1.1", WEEK, progress=90, confidence=2)
            tx.check_in("O1.2", WEEK, progress=30, confidence=7)
        assert await wait_until(pilot, lambda: "30%" in row_text(app, "O1.2"))
        await pilot.pause(1.2)  # one more poll
        assert "now ██████░░░░ 60%" in row_text(app, "O1.1")
        assert app.session.answer("O1.1").confidence == 2
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
    saved = store.load(cycle).checkin("O1.1", WEEK)
    assert saved is not None and (saved.progress, saved.confidence) == (60, 2)


async def test_an_open_dialog_keeps_its_edit_across_a_refresh(store: Store, cycle: Cycle) -> None:
    app = MeetingApp(store, cycle, WEEK, facilitator="Fay")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        await pilot.press(*"no keys")
        with other_process(store).write(cycle) as tx:
            tx.check_in("O1.1", WEEK, progress=80, confidence=7)
        assert await wait_until(pilot, lambda: app.session.answer("O1.1").progress == 80)
        await pilot.press("enter", "enter")  # to "who could help", then save
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
    saved = store.load(cycle).checkin("O1.1", WEEK)
    assert saved is not None
    assert (saved.progress, saved.confidence, saved.blocker) == (80, 7, "no keys")


async def test_a_confirmed_answer_stays_given_when_a_reload_reads_the_file_before_its_save(store: Store,
                                                                                         cycle: Cycle) -> None:
    """Enter changes no field; a reload that read the file before that save landed must not
    make the key result un-given again (Enter on the last would then go back to it)."""
    app = MeetingApp(store, cycle, WEEK, facilitator="Fay")
    release = hold_saves_of(app, ("kr", "O1.1"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # O1.1 given, its save held
        await pilot.pause()
        with other_process(store).write(cycle) as tx:
            tx.check_in("O1.2", WEEK, progress=30, confidence=7)
        assert await wait_until(pilot, lambda: "30%" in row_text(app, "O1.2"))
        assert app.session.answer("O1.1").confirmed
        release.set()
        await app.workers.wait_for_complete()
