"""Store writes off the UI thread: with the cycle's (or the root file's) lock held by
ANOTHER PROCESS, the editor, the home screen and the theme keep answering keys, say they
are waiting for another writer, and save once the other process lets go."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from store import Store
from tui.home_app import HomeApp, Launch
from tui.screens import FormModal, HelpScreen
from tui.screens.choice import ChoiceModal
from tui.screens.editor import EditorScreen
from tui.screens.editor_objective import ObjectiveForm
from tui.screens.home import HomeScreen
from tui.store_writes import WAITING

SIZE = (80, 24)
WEEK = "2026-W48"

# Another okr, hung while it holds a lock: takes the filelock the store takes and keeps it
# until its stdin closes.
HOLDER = """
import sys
from filelock import FileLock
with FileLock(sys.argv[1], mode=0o600):
    print("locked", flush=True)
    sys.stdin.read()
"""


@contextmanager
def held_by_another_process(path: Path) -> Iterator[Callable[[], None]]:
    """Hold the lock guarding ``path`` from a child process; yields the function that lets go."""
    child = subprocess.Popen([sys.executable, "-c", HOLDER, f"{path}.lock"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    assert child.stdin is not None and child.stdout is not None
    try:
        assert child.stdout.readline().strip() == "locked"

        def release() -> None:
            assert child.stdin is not None
            child.stdin.close()
            assert child.wait(timeout=10) == 0

        yield release
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


async def until(pilot: Pilot[Launch | None], condition: Callable[[], bool], timeout: float = 15.0) -> bool:
    """Whether ``condition`` came true within ``timeout`` (not a fixed pause: a loaded
    machine takes longer than store_writes.SLOW to say it is waiting)."""
    loop_time = asyncio.get_running_loop().time
    deadline = loop_time() + timeout
    while not condition():
        if loop_time() > deadline:
            return False
        await pilot.pause(0.05)
    return True


async def settle(app: HomeApp, pilot: Pilot[Launch | None]) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


def status(screen: EditorScreen | HomeScreen | ObjectiveForm, selector: str) -> str:
    box = screen.query_one(selector, Static)
    return str(box.render()) if box.has_class("-shown") else ""


def fill(store: Store) -> None:
    with store.write(store.cycle()) as tx:
        for i in (1, 2):
            o = tx.add_objective(title=f"Objective {i}", owner="Ana", team="Core")
            tx.add_key_result(o.id, title=f"KR {i}.1")


def fresh(store: Store) -> Store:
    """A second Store on the same directory: the test reads without the app's Store object."""
    return Store.open(store.path)


@pytest.fixture
def filled(store: Store) -> Store:
    fill(store)
    return store


async def test_editor_move_waits_for_the_other_writer_and_keeps_answering_keys(filled: Store) -> None:
    store, cycle = filled, filled.cycle()
    app = HomeApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        await pilot.press("down", "down")  # O2
        with held_by_another_process(store.cycle_path(cycle)) as release:
            await pilot.press("shift+up")
            assert await until(pilot, lambda: WAITING in status(editor, "#editor-status"))
            assert [o.id for o in fresh(store).load(cycle).objectives] == ["O1", "O2"]
            await pilot.press("down")  # the screen still answers: the selection moves
            await pilot.pause()
            assert editor.selected_id() == "O2.1"
            await pilot.press("escape")  # back would read the store: it waits, greyed
            await pilot.pause()
            assert editor.is_current
            release()
            await settle(app, pilot)
        assert [o.id for o in fresh(store).load(cycle).objectives] == ["O2", "O1"]
        assert status(editor, "#editor-status") == ""
        assert editor.selected_id() == "O2.1"  # the user's selection, not where the move was asked
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_editor_form_save_waits_then_lands(filled: Store) -> None:
    store, cycle = filled, filled.cycle()
    app = HomeApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ObjectiveForm)
        form.query_one("#title", Input).value = "Written while locked"
        with held_by_another_process(store.cycle_path(cycle)) as release:
            await pilot.press("ctrl+s")
            assert await until(pilot, lambda: WAITING in status(form, "#form-status"))
            assert form.is_current
            before = form.focused
            await pilot.press("tab")  # still answering keys
            await pilot.pause()
            assert form.focused is not before
            await pilot.press("escape")  # the save may still land: Esc waits for it
            await pilot.pause()
            assert form.is_current
            assert len(fresh(store).load(cycle).objectives) == 2
            release()
            await settle(app, pilot)
        assert editor.is_current
        titles = [o.title for o in fresh(store).load(cycle).active_objectives()]
        assert titles == ["Objective 1", "Objective 2", "Written while locked"]
        assert "O3" in [str(r.key.value) for r in editor.table.ordered_rows]


async def test_editor_says_when_the_lock_is_never_released(filled: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """The store gives up after its timeout: the move is refused with that reason, nothing changes."""
    monkeypatch.setattr("store.store.LOCK_TIMEOUT", 0.5)
    store, cycle = filled, filled.cycle()
    app = HomeApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        with held_by_another_process(store.cycle_path(cycle)):
            await pilot.press("down", "down", "shift+up")
            await settle(app, pilot)
        assert [o.id for o in fresh(store).load(cycle).objectives] == ["O1", "O2"]
        assert status(editor, "#editor-status") == ""
        assert editor.is_current


async def test_home_next_cycle_waits_for_the_other_writer(filled: Store) -> None:
    store = filled
    app = HomeApp(store, week=WEEK)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("N")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceModal)
        home = app.screen_stack[-2]
        assert isinstance(home, HomeScreen)
        with held_by_another_process(store.root_path) as release:
            await pilot.press("c")
            assert await until(pilot, lambda: WAITING in status(home, "#home-status"))
            assert home.is_current
            await pilot.press("question_mark")  # help is the app's: it opens
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape", "t")  # the screen's own keys wait (each reads the store)
            await pilot.pause()
            assert home.team == "" and app.cycle.name == "2026-Q4"
            release()
            await settle(app, pilot)
        assert app.cycle.name == "2027-Q1" and status(home, "#home-status") == ""
    assert [c.name for c in fresh(store).cycles()] == ["2026-Q4", "2027-Q1"]


async def test_home_review_owner_is_remembered_off_the_ui_thread(filled: Store) -> None:
    store = filled
    app = HomeApp(store, week=WEEK)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        app.screen.query_one(Input).value = "Ben"
        with held_by_another_process(store.root_path) as release:
            await pilot.press("enter")
            assert await until(pilot, lambda: isinstance(app.screen, HomeScreen)
                               and WAITING in status(app.screen, "#home-status"))
            assert app.return_value is None  # not launched before it is remembered
            release()
            await settle(app, pilot)
    assert app.return_value == Launch("review", "2026-Q4", WEEK, owner="Ben")
    assert fresh(store).user_pref("review_owner") == "Ben"


async def test_theme_is_remembered_once_the_other_writer_is_done(filled: Store,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    store = filled
    app = HomeApp(store, week=WEEK)
    said: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        monkeypatch.setattr(app, "notify", lambda message, **_: said.append(str(message)))
        with held_by_another_process(store.root_path) as release:
            app.theme = "okr-contrast"  # the palette's switch
            assert await until(pilot, lambda: app.waiting and said == [WAITING])
            await pilot.press("down")  # the home screen answers meanwhile
            await pilot.pause()
            assert app.screen.query_one("#home-table").cursor_row == 1  # type: ignore[attr-defined]
            assert fresh(store).user_pref("theme") is None
            release()
            await settle(app, pilot)
        assert not app.waiting
    assert fresh(store).user_pref("theme") == "okr-contrast"
