"""The home screen at 80×24: objectives with progress and confidence, switching cycles and
teams, launching a meeting or a review, the next cycle, the command palette; and plain
`okr` / `okr home` without a terminal."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from rich.text import Text
from textual import events
from textual.widgets import DataTable, Input, Static

from store import Store
from tui.home_app import HomeApp, Launch, view_week
from tui.screens import FormModal
from tui.screens.choice import ChoiceModal
from tui.screens.grading import GradingScreen
from tui.screens.history import HistoryScreen
from tui.screens.home import HomeScreen

OKR = Path(sys.executable).parent / "okr"
WEEK = "2026-W48"
SIZE = (80, 24)


def fill(store: Store) -> None:
    with store.write(store.cycle()) as tx:
        o1 = tx.add_objective(title="[bold]Delight[/bold] customers", owner="Ana", team="Support")
        o2 = tx.add_objective(title="Reliable platform", owner="Dan", team="Platform", kind="aspirational")
        k1 = tx.add_key_result(o1.id, title="Reply time", start=24, target=2, unit="h")
        tx.add_key_result(o1.id, title="Docs", owner="Ben")
        k3 = tx.add_key_result(o2.id, title="Uptime")
        tx.check_in(k1.id, WEEK, value=13, confidence=6)
        tx.check_in(k3.id, WEEK, progress=100, confidence=9)
        tx.check_in_objective(o1.id, WEEK, confidence=6)


async def settle(app: HomeApp, pilot) -> None:  # type: ignore[no-untyped-def]
    """Until the writes (off the UI thread) are done and their answers shown."""
    await app.workers.wait_for_complete()
    await pilot.pause()


def table_rows(app: HomeApp) -> list[list[str]]:
    table = app.screen.query_one("#home-table", DataTable)
    out = []
    for row in table.ordered_rows:
        cells = table.get_row(row.key)
        assert all(isinstance(c, Text) for c in cells)
        out.append([c.plain.replace("\n", " ") for c in cells])  # a long title takes two lines
    return out


async def test_home_lists_objectives_with_progress_and_confidence(store: Store) -> None:
    fill(store)
    app = HomeApp(store, week=WEEK)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        rows = table_rows(app)
        assert rows[0][:4] == ["O1", "[bold]Delight[/bold] customers", "Support", "Ana"]
        assert rows[0][4].endswith(" 25%") and rows[0][5] == "6/10"
        assert rows[1][1] == "Reliable platform (asp.)" and rows[1][4].endswith("100%") and rows[1][5] == "—"
        head = str(app.screen.query_one("#home-head", Static).render())
        assert "2026-Q4" in head and WEEK in head and "team all" in head
        await pilot.press("t")  # teams in order: Platform, Support, then all again
        await pilot.pause()
        assert [r[0] for r in table_rows(app)] == ["O2"]
        await pilot.press("t", "t")
        await pilot.pause()
        assert [r[0] for r in table_rows(app)] == ["O1", "O2"]


async def test_switch_cycle_and_empty_state(store: Store) -> None:
    fill(store)
    store.add_cycle("2027-Q1", dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    app = HomeApp(store, week=WEEK)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await settle(app, pilot)
        assert app.cycle.name == "2027-Q1"
        assert table_rows(app) == []
        empty = app.screen.query_one("#home-empty", Static)
        assert empty.display and "press e" in str(empty.render())
        await pilot.press("c")
        await pilot.pause()
        assert app.cycle.name == "2026-Q4" and len(table_rows(app)) == 2


async def test_m_launches_the_meeting_for_the_team_shown(store: Store) -> None:
    fill(store)
    app = HomeApp(store, week=WEEK)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", "m")
        await pilot.pause()
    assert app.return_value == Launch("meeting", "2026-Q4", WEEK, team="Platform")


async def test_a_name_typed_with_r_at_once_goes_to_the_dialog(store: Store) -> None:
    """Keys a terminal delivers together: t and m (the home screen's "one team", "meeting")
    typed into the review dialog as it opens go to its field, not to the home screen."""
    fill(store)
    app = HomeApp(store, week=WEEK)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in ["r", "ctrl+u", *"Tam", "enter"]:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await settle(app, pilot)
    assert app.return_value == Launch("review", "2026-Q4", WEEK, owner="Tam")


async def test_r_asks_whose_review_and_remembers_it(store: Store) -> None:
    fill(store)
    app = HomeApp(store, week=WEEK)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        field = app.screen.query_one(Input)
        field.value = "Ben"
        await pilot.press("enter")
        await settle(app, pilot)  # remembered off the UI thread, then launched
    assert app.return_value == Launch("review", "2026-Q4", WEEK, owner="Ben")
    assert Store.open(store.path).user_pref("review_owner") == "Ben"


async def test_h_opens_the_history_of_the_selected_objective(store: Store) -> None:
    fill(store)
    app = HomeApp(store, week=WEEK)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen) and app.screen.item.id == "O2"
        await pilot.press("escape", "g")
        await pilot.pause()
        assert isinstance(app.screen, GradingScreen)


async def test_h_without_objectives_says_so(store: Store) -> None:
    app = HomeApp(store, week=WEEK)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any("No objective" in n.message for n in app._notifications)


async def test_next_cycle_from_home_carries_unfinished(store: Store) -> None:
    fill(store)
    app = HomeApp(store, week=WEEK)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("N")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceModal)
        await pilot.press("c")
        await settle(app, pilot)
        assert app.cycle.name == "2027-Q1"
        assert [r[1] for r in table_rows(app)] == ["[bold]Delight[/bold] customers"]  # O2 was done
    new = store.load(Store.open(store.path).cycle("2027-Q1"))
    assert [k.title for k in new.krs_of("O1")] == ["Reply time", "Docs"]


async def test_every_binding_is_in_the_command_palette(store: Store) -> None:
    app = HomeApp(store, week=WEEK)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = {c.title for c in app.get_system_commands(app.screen)}
        for binding in HomeScreen.BINDINGS:
            assert binding.id and binding.description  # type: ignore[union-attr]
            if binding.action != "app.quit":  # type: ignore[union-attr]
                assert binding.description.capitalize() in titles  # type: ignore[union-attr]


LONG = "Customers get an answer the same working day, every day of the week, in every channel we run"


async def test_titles_use_the_width_and_the_rows_there_are(store: Store) -> None:
    with store.write(store.cycle()) as tx:
        tx.add_objective(title=LONG, owner="Ana", team="Support")
    app = HomeApp(store, week=WEEK)
    async with app.run_test(size=(200, 40)) as pilot:
        await pilot.pause()
        assert table_rows(app)[0][1] == LONG  # room for all of it
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        title = app.screen.query_one("#home-table", DataTable).get_row("O1")[1].plain.split("\n")
        assert len(title) == 2 and title[1].endswith("…")  # two lines (20 empty rows below), cut at a word
        assert LONG.startswith(" ".join(title)[:-1].rstrip())


async def test_the_footer_keeps_whole_keys_when_narrow(store: Store) -> None:
    from textual.widgets._footer import FooterKey

    app = HomeApp(store, week=WEEK)
    for size, hidden in (((80, 24), True), ((140, 40), False)):
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            keys = [k for k in app.screen.query(FooterKey) if k.display]
            assert all(k.region.right <= size[0] for k in keys)
            shown = {k.action for k in keys}
            assert {"meeting", "review", "editor", "app.help", "app.quit"} <= shown
            assert ("alignment" not in shown) == hidden  # in help and the palette still
        app = HomeApp(store, week=WEEK)


def test_view_week_stops_at_the_cycle_end(store: Store) -> None:
    cycle = store.cycle()
    assert view_week(cycle, dt.date(2027, 5, 1)) == "2026-W53"
    assert view_week(cycle, dt.date(2026, 11, 25)) == WEEK


def test_plain_okr_without_a_tty_prints_help() -> None:
    out = subprocess.run([str(OKR)], stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "Usage: okr" in out.stdout and "home" in out.stdout


def test_home_without_a_tty_is_a_one_line_error(store: Store) -> None:
    out = subprocess.run([str(OKR), "home", "--store", str(store.path)], stdin=subprocess.DEVNULL,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 1
    assert out.stderr.strip().splitlines() == [
        "Error: okr home needs a terminal (stdin and stdout must be a tty); "
        "for a report without one use: okr list or okr summary"]


def test_a_meeting_started_from_home_comes_back_to_home(store: Store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """`okr home`: each launch runs, prints its summary, and home opens again at the cycle and
    team it was on; home's own quit ends okr."""
    import click
    from click.testing import CliRunner

    from tui.cli import setup

    fill(store)
    launches = iter([Launch("meeting", "2026-Q4", WEEK, team="Support"), Launch("review", "2026-Q4", WEEK, owner="Ben"),
                     None])
    opened: list[tuple[str, str, str]] = []

    def run(app: HomeApp, *args: object, **kwargs: object) -> Launch | None:
        opened.append((app.cycle.name, app._team, app._notice))  # noqa: SLF001 - what it was opened with
        return next(launches)

    @click.command()
    @click.option("--store-path")
    @click.option("--cycle-name")
    @click.option("--week")
    @click.option("--team", default="")
    @click.option("--owner", default="")
    def fake(store_path: str, cycle_name: str, week: str, team: str, owner: str) -> None:
        click.echo(f"SUMMARY {cycle_name} {week} {team or owner}")

    monkeypatch.setattr(setup, "_need_tty", lambda command: None)
    monkeypatch.setattr(HomeApp, "run", run)
    monkeypatch.setattr(setup, "meeting", fake)
    monkeypatch.setattr(setup, "review", fake)
    out = CliRunner().invoke(setup.home, ["--store", str(store.path), "--week", WEEK])
    assert out.exit_code == 0, out.output
    assert out.output.splitlines() == [f"SUMMARY 2026-Q4 {WEEK} Support", f"SUMMARY 2026-Q4 {WEEK} Ben"]
    assert [(c, t) for c, t, _n in opened] == [("2026-Q4", ""), ("2026-Q4", "Support"), ("2026-Q4", "")]
    assert not opened[0][2] and "summary is printed" in opened[1][2]


async def test_home_opens_at_the_team_it_was_on_and_says_the_notice(store: Store) -> None:
    fill(store)
    app = HomeApp(store, week=WEEK, team="Platform", notice="The summary is printed in the terminal.")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert [r[0] for r in table_rows(app)] == ["O2"]
        assert any("summary is printed" in n.message for n in app._notifications)
