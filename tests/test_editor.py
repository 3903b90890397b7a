"""The editor, through the keyboard at 80×24: create, edit, reorder, archive, the guide's
limits (warning, then an explicit confirmation) and inline validation messages.
Assertions are on the widgets and on the store. Writes run off the UI thread: ``settle``
waits for them (tests/test_offthread_writes.py holds the lock from another process)."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, Select, Static

from store import InvalidInputError, Store
from tui.home_app import HomeApp
from tui.screens.editor import EditorScreen
from tui.screens.editor_form import EditorForm, split_errors
from tui.screens.editor_kr import KeyResultForm
from tui.screens.editor_objective import ObjectiveForm

SIZE = (80, 24)


def objectives(store: Store) -> list[tuple[str, str]]:
    return [(o.id, o.title) for o in store.load(store.cycle()).active_objectives()]


def fill(store: Store, n: int = 2, team: str = "Core") -> None:
    with store.write(store.cycle()) as tx:
        for i in range(1, n + 1):
            o = tx.add_objective(title=f"Objective {i}", owner="Ana", team=team)
            tx.add_key_result(o.id, title=f"KR {i}.1")
            tx.add_key_result(o.id, title=f"KR {i}.2", start=24, target=2, unit="h")


async def open_editor(app: HomeApp, pilot) -> EditorScreen:  # type: ignore[no-untyped-def]
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(app.screen, EditorScreen)
    return app.screen


def rows(screen: EditorScreen) -> list[str]:
    table = screen.query_one(DataTable)
    return [str(r.key.value) for r in table.ordered_rows]


async def type_into(pilot, form: EditorForm, name: str, text: str) -> None:  # type: ignore[no-untyped-def]
    field = form.query_one(f"#{name}", Input)
    field.value = ""
    field.focus()
    if text:
        await pilot.press(*text)
    await pilot.pause()


async def settle(app: HomeApp, pilot) -> None:  # type: ignore[no-untyped-def]
    """Until the writes (off the UI thread) are done and their answers shown."""
    await app.workers.wait_for_complete()
    await pilot.pause()


def error(form: EditorForm, name: str) -> str:
    box = form.query_one(f"#error-{name}" if name else "#form-error", Static)
    return str(box.render()) if box.has_class("-shown") else ""


# -- store: reorder ------------------------------------------------------------------
def test_move_objective_and_key_result(store: Store) -> None:
    fill(store, 3)
    cycle = store.cycle()
    with store.write(cycle) as tx:
        tx.move_objective("O3", -1)
        tx.move_key_result("O1.2", -5)  # clamped at the top
    data = store.load(cycle)
    assert [o.id for o in data.objectives] == ["O1", "O3", "O2"]
    assert [k.id for k in data.krs_of("O1")] == ["O1.2", "O1.1"]
    with store.write(cycle) as tx:
        tx.update_objective("O1", archived=True)
        with pytest.raises(InvalidInputError, match="archived"):
            tx.move_objective("O1", 1)


def test_split_errors_places_messages_under_fields() -> None:
    assert split_errors("a metric key result needs both start and target; title: must not be empty; "
                        "owner: name is 81 characters long; the limit is 80", ["title", "owner"]) == {
        "": "a metric key result needs both start and target", "title": "must not be empty",
        "owner": "name is 81 characters long; the limit is 80"}


# -- the screens -----------------------------------------------------------------------
async def test_create_objective_and_key_result(store: Store) -> None:
    app = HomeApp(store)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot)
        assert editor.query_one("#editor-empty", Static).display
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ObjectiveForm)
        assert form.query_one("#title", Input).has_focus  # typing goes straight into the title
        await type_into(pilot, form, "title", "Delight [b]customers[/b]")
        await type_into(pilot, form, "owner", "Ana")
        await type_into(pilot, form, "team", "Support")
        form.query_one("#kind", Select).value = "aspirational"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is editor
        data = store.load(store.cycle())
        o = data.objective("O1")
        assert o is not None and (o.title, o.owner, o.team, o.kind) == ("Delight [b]customers[/b]", "Ana", "Support",
                                                                         "aspirational")
        assert rows(editor) == ["O1"]
        await pilot.press("k")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, KeyResultForm)
        await type_into(pilot, form, "title", "Reply time")
        form.query_one("#measure", Select).value = "metric"
        await pilot.pause()
        await type_into(pilot, form, "start", "24")
        await type_into(pilot, form, "target", "2")
        await type_into(pilot, form, "unit", "h")
        await type_into(pilot, form, "due", "2026-12-15")
        assert "Lower is better" in str(form.query_one("#form-note", Static).render())
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        kr = store.load(store.cycle()).key_result("O1.1")
        assert kr is not None and (kr.title, kr.owner, kr.start, kr.target, kr.unit, str(kr.due)) == (
            "Reply time", "Ana", 24, 2, "h", "2026-12-15")
        assert rows(editor) == ["O1", "O1.1"]
        assert "24→2 h ↓" in str(editor.query_one(DataTable).get_row("O1.1")[3])


async def test_edit_objective_with_enter(store: Store) -> None:
    fill(store)
    app = HomeApp(store)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ObjectiveForm)
        assert form.query_one("#title", Input).value == "Objective 1"
        await type_into(pilot, form, "title", "Renamed")
        form.query_one("#aligns_to", Select).value = "O2"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is editor
        o = store.load(store.cycle()).objective("O1")
        assert o is not None and (o.title, o.aligns_to) == ("Renamed", "O2")


async def test_edit_key_result_to_percent_clears_the_metric(store: Store) -> None:
    fill(store, 1)
    app = HomeApp(store)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot)
        await pilot.press("down", "down", "e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, KeyResultForm) and form.kr is not None and form.kr.id == "O1.2"
        form.query_one("#measure", Select).value = "percent"
        await pilot.pause()
        assert form.query_one("#start", Input).disabled
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is editor
        kr = store.load(store.cycle()).key_result("O1.2")
        assert kr is not None and not kr.is_metric and kr.unit == ""


async def test_reorder_with_shift_arrows(store: Store) -> None:
    fill(store, 2)
    app = HomeApp(store)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot)
        assert rows(editor) == ["O1", "O1.1", "O1.2", "O2", "O2.1", "O2.2"]
        await pilot.press("down", "down", "down", "shift+up")  # O2 above O1
        await settle(app, pilot)
        assert rows(editor) == ["O2", "O2.1", "O2.2", "O1", "O1.1", "O1.2"]
        assert editor.selected_id() == "O2"
        await pilot.press("down", "down", "left_square_bracket")  # O2.2 above O2.1
        await settle(app, pilot)
        assert rows(editor)[:3] == ["O2", "O2.2", "O2.1"]
        data = store.load(store.cycle())
        assert [o.id for o in data.objectives] == ["O2", "O1"]
        assert [k.id for k in data.krs_of("O2")] == ["O2.2", "O2.1"]


async def test_archive_asks_then_hides(store: Store) -> None:
    fill(store, 2)
    app = HomeApp(store)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("escape")  # Esc: nothing archived
        await pilot.pause()
        assert app.screen is editor and not store.load(store.cycle()).objective("O1").archived  # type: ignore[union-attr]
        await pilot.press("down", "x")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert store.load(store.cycle()).key_result("O1.1").archived  # type: ignore[union-attr]
        assert "O1.1" not in rows(editor)
        await pilot.press("up", "x")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert objectives(store) == [("O2", "Objective 2")]
        assert rows(editor) == ["O2", "O2.1", "O2.2"]


async def test_objective_limit_warns_then_confirms(store: Store) -> None:
    fill(store, 5)
    app = HomeApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(app, pilot)
        await pilot.press("n")  # the selected row is a Core objective: team Core is proposed
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ObjectiveForm)
        assert form.query_one("#team", Input).value == "Core"
        await type_into(pilot, form, "title", "One too many")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        warning = form.query_one("#form-warning", Static)
        assert app.screen is form and warning.has_class("-shown")
        text = str(warning.render())
        assert "at most 5 (3 is ideal) so that focus stays on what matters" in text
        assert "ctrl+s again" in text and "--force" not in text
        assert len(objectives(store)) == 5
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is not form
        assert objectives(store)[-1] == ("O6", "One too many")


async def test_key_result_limit_warns_then_confirms(store: Store) -> None:
    fill(store, 1)
    with store.write(store.cycle()) as tx:
        tx.add_key_result("O1", title="KR 3")
        tx.add_key_result("O1", title="KR 4")
    app = HomeApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(app, pilot)
        await pilot.press("k")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, KeyResultForm)
        await type_into(pilot, form, "title", "KR 5")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "so each one is measured and owned" in str(form.query_one("#form-warning", Static).render())
        assert len(store.load(store.cycle()).krs_of("O1")) == 4
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert len(store.load(store.cycle()).krs_of("O1")) == 5


async def test_validation_messages_under_the_fields_and_nothing_saved(store: Store) -> None:
    fill(store, 1)
    app = HomeApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ObjectiveForm)
        await pilot.press("ctrl+s")  # empty title
        await settle(app, pilot)
        assert app.screen is form
        assert error(form, "title") == "✗ must not be empty"
        await type_into(pilot, form, "title", "Fine")
        assert error(form, "title") == ""
        await type_into(pilot, form, "confidence", "11")
        assert "less than or equal to 10" in error(form, "confidence")
        await type_into(pilot, form, "owner", "x" * 81)
        assert error(form, "owner") == "✗ name is 81 characters long; the limit is 80"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("k")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, KeyResultForm)
        await type_into(pilot, form, "title", "Reply time")
        form.query_one("#measure", Select).value = "metric"
        await pilot.pause()
        await type_into(pilot, form, "start", "abc")
        await type_into(pilot, form, "target", "abc")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert error(form, "start") == "✗ 'abc' is not a number"
        await type_into(pilot, form, "start", "5")
        await type_into(pilot, form, "target", "5")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert error(form, "") == "✗ a metric key result's start and target must differ"
        await type_into(pilot, form, "target", "1")
        await type_into(pilot, form, "due", "31.12.2026")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert error(form, "due") == "✗ date '31.12.2026' is not of the form YYYY-MM-DD"
        assert error(form, "") == ""
        await pilot.press("escape")
        await pilot.pause()
    assert [o.id for o in store.load(store.cycle()).objectives] == ["O1"]
    assert len(store.load(store.cycle()).krs_of("O1")) == 2
