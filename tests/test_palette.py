"""The command palette: one "Set confidence…" entry instead of ten "Confidence N" ones; it
asks for the number and sets the selected key result's confidence as the key would."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from store import Cycle, Store
from tui.meeting.app import MeetingApp
from tui.screens import FormModal, MeetingScreen

WEEK = "2026-W48"


@pytest.fixture
def cycle(store: Store) -> Cycle:
    cycle = store.cycle("2026-Q4")
    with store.write(cycle) as tx:
        o1 = tx.add_objective(title="Customers get answers the same day", owner="Ana", team="Support")
        tx.add_key_result(o1.id, title="Reply within 2 hours", owner="Ben")
    return cycle


async def test_one_set_confidence_entry_asks_for_the_number(store: Store, cycle: Cycle) -> None:
    app = MeetingApp(store, cycle, WEEK, facilitator="Fay")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        commands = list(app.get_system_commands(app.screen))
        titles = [c.title for c in commands]
        assert not [t for t in titles if t.startswith("Confidence ")]
        assert titles.count("Set confidence…") == 1
        command = next(c for c in commands if c.title == "Set confidence…")
        command.callback()
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        field = app.screen.query_one(Input)
        field.value = "11"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)  # refused, said under the field
        assert "1 to 10" in str(app.screen.query_one("#error-0", Static).render())
        field.value = "10"
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
    saved = store.load(cycle).checkin("O1.1", WEEK)
    assert saved is not None and saved.confidence == 10


async def test_an_empty_number_sets_nothing(store: Store, cycle: Cycle) -> None:
    app = MeetingApp(store, cycle, WEEK, facilitator="Fay")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        next(c for c in app.get_system_commands(app.screen) if c.title == "Set confidence…").callback()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        await app.workers.wait_for_complete()
    saved = store.load(cycle).checkin("O1.1", WEEK)
    assert saved is None or saved.confidence is None
