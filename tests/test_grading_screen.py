"""Pilot tests of the grading screen at 80×24: scores, bands with words and colour, the
conversations worth having, and the Markdown/JSON export written where the user says."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable, Input, Static

from store import Cycle, Store
from store.grading import grade_cycle
from tui.meeting.app import MeetingApp
from tui.report.grade import render_markdown
from tui.screens import FormModal
from tui.screens.grading import GradingScreen
from tui.viewer_app import ViewerApp

SIZE = (80, 24)
AFTER_END = dt.date(2027, 1, 5)


@pytest.fixture
def cycle(store: Store) -> Cycle:
    """O1 committed at 0.55 (fair, flagged), its O1.1 stalled at 30% with confidence 8 (bad,
    flagged); O2 aspirational at 1.0 (strong, flagged: too easy?)."""
    cycle = store.cycle("2026-Q4")
    with store.write(cycle) as tx:
        o1 = tx.add_objective(title="Service [b]bold[/b]", owner="Ana")
        o2 = tx.add_objective(title="Stretch", owner="Wu", kind="aspirational")
        k11 = tx.add_key_result(o1.id, title="Dispatch twice a day", owner="Ben")
        k12 = tx.add_key_result(o1.id, title="Reply time", start=24, target=2, unit="h")
        k21 = tx.add_key_result(o2.id, title="All of it")
        for week in ("2026-W45", "2026-W46", "2026-W47"):
            tx.check_in(k11.id, week, progress=30, confidence=8)
        tx.check_in(k12.id, "2026-W47", value=6.4, confidence=7)  # 80%
        tx.check_in(k21.id, "2026-W47", progress=100, confidence=10)
    return cycle


def grading_app(store: Store, cycle: Cycle) -> ViewerApp:
    return ViewerApp(store, lambda: GradingScreen(store, cycle, today=AFTER_END))


def table(screen: GradingScreen) -> dict[str, list[Text]]:
    t: DataTable[Text] = screen.query_one(DataTable)
    return {str(key.value): list(t.get_row(key)) for key in t.rows}


async def test_scores_and_bands_with_words_and_colour(store: Store, cycle: Cycle) -> None:
    app = grading_app(store, cycle)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GradingScreen)
        rows = table(screen)
        assert [c.plain for c in rows["O1"][2:]] == ["0.55", "fair", "⚑ 1"]
        assert [c.plain for c in rows["O1.1"][2:]] == ["0.30", "bad", "⚑ 1"]
        assert [c.plain for c in rows["O1.2"][2:]] == ["0.80", "strong", ""]
        assert [c.plain for c in rows["O2"][2:]] == ["1.00", "strong", "⚑ 1"]
        assert rows["O1"][1].plain == "Service [b]bold[/b]"  # text, not markup
        colours = {k: rows[k][3].style.color for k in ("O1", "O1.1", "O2")}  # type: ignore[union-attr]
        assert len({c.triplet for c in colours.values() if c}) == 3  # fair, bad, strong: three colours
        head = str(screen.query_one("#grade-head", Static).render())
        assert "final: the cycle ended 2026-12-31" in head


async def test_conversations_worth_having_are_listed(store: Store, cycle: Cycle) -> None:
    app = grading_app(store, cycle)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = str(app.screen.query_one("#grade-flags Static", Static).render())
        assert "CONVERSATIONS WORTH HAVING (3)" in text
        assert "committed but graded 0.55, below 1.0" in text
        assert "aspirational but fully done (1.0): too easy?" in text
        assert "confidence stayed 8/10 or higher while progress stalled at 30%" in text


async def fill_export(pilot, values: list[str]) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("x")
    await pilot.pause()
    modal = pilot.app.screen
    assert isinstance(modal, FormModal)
    for i, value in enumerate(values):
        modal.query_one(f"#field-{i}", Input).value = value
    modal.action_save()
    await pilot.pause()


async def test_export_defaults_to_the_cycle_name_in_the_working_directory(
        store: Store, cycle: Cycle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    said: list[str] = []
    monkeypatch.setattr(GradingScreen, "notify", lambda self, message, **kw: said.append(message))
    app = grading_app(store, cycle)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert [i.value for i in app.screen.query(Input)] == ["./grade-2026-Q4.md", "./grade-2026-Q4.json"]
        await pilot.press("enter", "enter")
        await pilot.pause()
    md, js = tmp_path / "grade-2026-Q4.md", tmp_path / "grade-2026-Q4.json"
    graded = grade_cycle(store.load(cycle), store.root.settings.thresholds, today=AFTER_END)
    assert md.read_text(encoding="utf-8") == render_markdown(graded)
    assert json.loads(js.read_text(encoding="utf-8"))["objectives"][0]["band"] == "fair"
    assert said == [f"Wrote {md} and {js}"]


async def test_export_to_typed_paths_and_an_empty_path_skips(
        store: Store, cycle: Cycle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    said: list[str] = []
    monkeypatch.setattr(GradingScreen, "notify", lambda self, message, **kw: said.append(message))
    app = grading_app(store, cycle)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await fill_export(pilot, ["", str(tmp_path / "q4.json")])
    assert json.loads((tmp_path / "q4.json").read_text(encoding="utf-8"))["cycle"] == "2026-Q4"
    assert not list(tmp_path.glob("*.md"))
    assert said == [f"Wrote {tmp_path / 'q4.json'}"]


async def test_export_to_a_missing_directory_says_so_and_keeps_the_screen(
        store: Store, cycle: Cycle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    said: list[tuple[str, str]] = []
    monkeypatch.setattr(GradingScreen, "notify",
                        lambda self, message, **kw: said.append((message, kw.get("severity", ""))))
    app = grading_app(store, cycle)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await fill_export(pilot, [str(tmp_path / "no" / "such" / "dir.md"), ""])
        assert isinstance(app.screen, GradingScreen)
    assert len(said) == 1 and said[0][0].startswith("Could not write the export") and said[0][1] == "error"


async def test_grades_open_from_the_meeting_and_close_back(store: Store, cycle: Cycle) -> None:
    app = MeetingApp(store, cycle, "2026-W48", facilitator="Fay")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, GradingScreen)
        assert "cycle 2026-Q4" in str(app.screen.query_one("#grade-head", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, GradingScreen)


def test_okr_grade_tui_needs_a_terminal(store: Store, cycle: Cycle) -> None:
    okr = Path(sys.executable).parent / "okr"
    r = subprocess.run([str(okr), "grade", "--tui", "--store", str(store.path)],
                       capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert r.returncode == 1
    assert "okr grade --tui needs a terminal" in r.stderr


async def test_a_long_title_is_cut_at_a_word_with_an_ellipsis_within_80_cells(store: Store) -> None:
    cycle = store.cycle("2026-Q4")
    long = "Customers get answers the same day from every team in every region we serve, weekends included"
    with store.write(cycle) as tx:
        o = tx.add_objective(title=long, owner="Ana", kind="aspirational")
        tx.check_in(tx.add_key_result(o.id, title=long, owner="Ben").id, "2026-W47", progress=60, confidence=7)
        wide = tx.add_objective(title="创造无与伦比的用户服务体验" * 4, owner="陈敏")
        tx.add_key_result(wide.id, title="在线客服满意度达到 95%" * 4)
    app = grading_app(store, cycle)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GradingScreen)
        rows = table(screen)
        t: DataTable[Text] = screen.query_one(DataTable)
        room = next(c.width for c in t.columns.values() if str(c.label) == "Title")
        objective, kr = rows["O1"][1].plain, rows["O1.1"][1].plain
        assert objective.endswith("… (aspirational)") and cell_len(objective) <= room  # the kind is kept
        shown = objective.removesuffix("… (aspirational)")
        assert long.startswith(shown) and long[len(shown)] == " "  # cut between words
        assert kr.startswith("  ") and kr.endswith("…") and cell_len(kr) <= room
        assert long.startswith(kr[2:-1]) and long[len(kr) - 3] == " "
        for cell in (rows["O2"][1].plain, rows["O2.1"][1].plain):  # wide characters: cut whole, within the room
            assert cell.endswith("…") and cell_len(cell) <= room
        assert t.max_scroll_x == 0 and t.virtual_size.width <= 80  # no column past the edge
        drawn = [t.render_line(y).text for y in range(t.size.height)]
        assert all(cell_len(line) <= 80 for line in drawn)
        for cell in (objective, kr, rows["O2"][1].plain):  # drawn whole, "…" and all
            assert any(cell in line for line in drawn), cell


async def test_a_long_flag_wraps_under_its_indent_at_60_columns(store: Store, cycle: Cycle) -> None:
    app = grading_app(store, cycle)
    async with app.run_test(size=(60, 30)) as pilot:
        await pilot.pause()
        flags = app.screen.query_one("#grade-flags Static", Static)
        lines = flags.render().content(flags.content_region.width).plain.splitlines()  # type: ignore[union-attr]
    given = set(str(flags.render()).splitlines())
    wrapped = [line for line in lines if not any(g.startswith(line.rstrip()) for g in given)]  # continuations
    assert wrapped, "a flag this long wraps at 60 columns"
    assert all(line.startswith("    ") for line in wrapped), lines  # under its indent, not at column 0
