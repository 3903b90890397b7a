"""Pilot tests of the history screen at 80×24: a key result's and an objective's weeks as a
table and a chart, opened from the meeting (h, H, the palette) and by `okr history --tui`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable

from store import Cycle, Store
from store.trends import WeekPoint
from tui.meeting.app import MeetingApp
from tui.screens import MeetingScreen
from tui.screens.history import HistoryScreen, fit_columns
from tui.viewer_app import ViewerApp
from tui.widgets.trend import WeekChart, chart_content

WEEK = "2026-W48"
SIZE = (80, 24)
OKR = Path(sys.executable).parent / "okr"


@pytest.fixture
def cycle(store: Store) -> Cycle:
    """O1: O1.1 percent W45, W46 and W48 (a gap), with a markup-looking note and blocker;
    O1.2 metric 24 h → 2 h, W46 and W47."""
    cycle = store.cycle("2026-Q4")
    with store.write(cycle) as tx:
        o1 = tx.add_objective(title="Service", owner="Ana")
        k1 = tx.add_key_result(o1.id, title="Dispatch twice a day", owner="Ben")
        k2 = tx.add_key_result(o1.id, title="Reply time", owner="Cy", start=24, target=2, unit="h")
        tx.check_in(k1.id, "2026-W45", progress=30, confidence=8, note="kick-off [red]x[/red]")
        tx.check_in(k1.id, "2026-W46", progress=40, confidence=8)
        tx.check_in(k1.id, "2026-W48", progress=60, confidence=6, blocker="vendor [b]late[/b]", help_from="Legal")
        tx.check_in(k2.id, "2026-W46", value=24, confidence=6)
        tx.check_in(k2.id, "2026-W47", value=13, confidence=7)
        tx.check_in_objective(o1.id, "2026-W47", confidence=7, note="on track", wins="beta shipped")
    return cycle


def table_rows(screen: HistoryScreen) -> list[list[str]]:
    """The table's rows as given to it (drawn, people's words wrap in their column: drawn_rows)."""
    return [[cell.plain for cell in row] for row in screen.rows]


def drawn_rows(screen: HistoryScreen) -> list[list[str]]:
    table: DataTable[Text] = screen.query_one(DataTable)
    return [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]


def columns(screen: HistoryScreen) -> list[str]:
    return [str(c.label) for c in screen.query_one(DataTable).columns.values()]


async def open_history(app: MeetingApp, pilot, *keys: str) -> HistoryScreen:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.press(*keys)
    await pilot.pause()
    assert isinstance(app.screen, HistoryScreen)
    return app.screen


async def test_key_result_history_from_the_meeting(store: Store, cycle: Cycle) -> None:
    app = MeetingApp(store, cycle, WEEK, facilitator="Fay")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_history(app, pilot, "h")
        assert columns(screen) == ["Week", "Progress", "Change", "Conf.", "±", "Blocker", "Help from", "Note"]
        assert table_rows(screen) == [
            ["2026-W45", "30%", "first", "8/10", "", "", "", "kick-off [red]x[/red]"],
            ["2026-W46", "40%", "↑ +10%", "8/10", "→ ±0", "", "", ""],
            ["2026-W48", "60%", "↑ +20% (2 wk)", "6/10", "↓ -2", "vendor [b]late[/b]", "Legal", ""],
        ]
        chart = screen.query_one(WeekChart)
        assert [p.week for p in chart.points][0] == "2026-W40" and chart.points[-1].week == WEEK
        assert chart.points[7].carried  # W47: no check-in, 40% carried
        text = chart.render().plain
        assert "W45 W46 W47 W48" in text and "100%" in text and "(8)" in text


async def test_a_wide_table_fits_the_width_its_words_wrapped_in_their_column(store: Store, cycle: Cycle) -> None:
    app = MeetingApp(store, cycle, WEEK, facilitator="Fay")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_history(app, pilot, "h")
        table = screen.query_one(DataTable)
        assert table.max_scroll_x == 0 and table.virtual_size.width <= 80  # no column past the edge
        assert len(columns(screen)) == 8
        widths = [c.width for c in table.columns.values()]
        for given, drawn in zip(table_rows(screen), drawn_rows(screen)):
            for text, cell, width in zip(given[5:], drawn[5:], widths[5:]):  # blocker, help from, note
                letters, shown = text.replace(" ", ""), "".join(cell.split())  # a long word is cut over lines
                assert shown == letters or (shown.endswith("…") and letters.startswith(shown[:-1]))
                assert all(cell_len(line) <= width for line in cell.splitlines())
        assert drawn_rows(screen)[2][5:7] == ["vendor\n[b]late[/\nb]", "Legal"]
        assert table.header_height == 1  # every label on one line


async def test_columns_with_no_words_are_left_out_where_the_labels_would_not_fit(store: Store, cycle: Cycle) -> None:
    for size, shown in (((80, 24), ["Week", "Value", "Progress", "Change", "Conf.", "±"]),
                        ((120, 40), ["Week", "Value", "Progress", "Change", "Conf.", "±", "Blocker", "Help from",
                                     "Note"])):
        app = ViewerApp(store, lambda: HistoryScreen(store, cycle, "O1.2"))
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, HistoryScreen)
            assert columns(app.screen) == shown
            assert app.screen.query_one(DataTable).max_scroll_x == 0


def test_fit_columns_shares_the_room_left_among_peoples_words() -> None:
    labels = ["Week", "Blocker", "Help from", "Note"]
    rows = [(Text("2026-W45"), Text("vendor late"), Text(""), Text("n"))]
    # 42 cells: Week's 8 + 2, 3 × 2 padding and 2 for the scrollbar leave 24: room for every text
    assert fit_columns(42, labels, rows, 3) == {0: 8, 1: 11, 2: 9, 3: 4}
    assert fit_columns(40, labels, rows, 3) == {0: 8, 1: 9, 2: 9, 3: 4}  # the widest need gives way
    # 34 cells leave 16, less than the labels' 20: "Help from", with no words, goes
    assert fit_columns(34, labels, rows, 3) == {0: 8, 1: 11, 3: 4}
    # words in all three at 34: each down to its label's longest word (15), the 1 left to the last served
    rows = [(Text("2026-W45"), Text("vendor late"), Text("Legal"), Text("n"))]
    assert fit_columns(34, labels, rows, 3) == {0: 8, 1: 7, 2: 5, 3: 4}


async def test_metric_history_shows_value_and_its_verdict(store: Store, cycle: Cycle) -> None:
    app = MeetingApp(store, cycle, WEEK, facilitator="Fay")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_history(app, pilot, "down", "h")
        assert columns(screen)[:3] == ["Week", "Value", "Progress"]
        rows = table_rows(screen)
        assert rows[1][:4] == ["2026-W47", "13 h", "50%", "↓ -11 h better"]
        assert "24 h → 2 h (lower is better)" in str(screen.query_one("#history-head").render())


async def test_objective_history_table_and_chart(store: Store, cycle: Cycle) -> None:
    app = MeetingApp(store, cycle, WEEK, facilitator="Fay")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_history(app, pilot, "H")
        assert columns(screen) == ["Week", "Progress", "Conf.", "O1.1", "O1.2", "Note", "Wins"]
        rows = table_rows(screen)
        assert [r[0] for r in rows] == ["2026-W45", "2026-W46", "2026-W47", "2026-W48"]
        assert rows[2][3] == "(40%)"  # O1.1 not checked in W47: carried
        assert rows[2][5:] == ["on track", "beta shipped"]
        chart = screen.query_one(WeekChart)
        assert [p.week for p in chart.points] == [r[0] for r in rows]
        assert "W45 W46 W47 W48" in chart.render().plain


async def test_esc_closes_the_history_back_to_the_meeting(store: Store, cycle: Cycle) -> None:
    app = MeetingApp(store, cycle, WEEK, facilitator="Fay")
    async with app.run_test(size=SIZE) as pilot:
        await open_history(app, pilot, "h")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)


async def test_history_shows_this_weeks_answer_given_in_the_meeting(store: Store, cycle: Cycle) -> None:
    app = MeetingApp(store, cycle, WEEK, facilitator="Fay")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "right")  # O1.2: 10% more, saved at once for W48
        screen = await open_history(app, pilot, "h")
        assert table_rows(screen)[-1][:3] == ["2026-W48", "10.8 h", "60%"]


async def test_history_actions_are_in_the_command_palette(store: Store, cycle: Cycle) -> None:
    app = MeetingApp(store, cycle, WEEK, facilitator="Fay")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "History" in titles and "Objective history" in titles and "Grades" in titles


async def test_history_screen_on_its_own_as_okr_history_tui_runs_it(store: Store, cycle: Cycle) -> None:
    app = ViewerApp(store, lambda: HistoryScreen(store, cycle, "o1.1"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert len(table_rows(app.screen)) == 3
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


def test_chart_bars_gaps_and_carried_weeks() -> None:
    points = [WeekPoint("2026-W40", None, None, False), WeekPoint("2026-W41", 100, 9, False),
              WeekPoint("2026-W42", 100, 9, True), WeekPoint("2026-W43", 0, 3, False)]
    lines = chart_content(points, width=80, rows=4).plain.splitlines()
    assert lines[0] == "100% ┤    ███ ███"  # W40 empty, W41 and W42 full height, W43 none
    assert lines[-2].split() == ["W40", "W41", "W42", "W43"]
    assert lines[-1].split() == ["conf", "9", "(9)", "3"]


def test_chart_without_check_ins_says_so() -> None:
    assert chart_content([], width=80).plain == "No check-ins yet."


def test_okr_history_tui_needs_a_terminal(store: Store, cycle: Cycle) -> None:
    r = subprocess.run([str(OKR), "history", "O1.1", "--tui", "--store", str(store.path)],
                       capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert r.returncode == 1
    assert "needs a terminal" in r.stderr


async def test_okr_history_tui_opens_in_the_theme_picked_last(store: Store, cycle: Cycle) -> None:
    store.set_user_prefs(theme="okr-light")
    app = ViewerApp(store, lambda: HistoryScreen(store, cycle, "o1.1"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "okr-light"
        app.theme = "okr-contrast"  # the palette's switch: remembered for every okr app
        await pilot.pause()
        await app.workers.wait_for_complete()
    assert Store.open(store.path).user_pref("theme") == "okr-contrast"
