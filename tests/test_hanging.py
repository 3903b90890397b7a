"""Long lines wrap under their own indent (tui/widgets/hanging.py): the summary screen at
80 columns never sends a line back to column 0, and "! needs help #2" stays in one piece."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.widgets import Static

from store import Store
from tui.display import NBSP
from tui.meeting.app import MeetingApp
from tui.screens import MeetingScreen, SummaryScreen
from tui.widgets.hanging import HangingLines, hang

LONG = ("      O1.2 No writer for the docs (3rd week, since 2026-W46 · Docs team could help · Cy's)"
        f"  !{NBSP}needs{NBSP}help{NBSP}#2")


def test_a_long_line_goes_on_under_its_indent_and_keeps_joined_words() -> None:
    for width in (40, 60, 80):
        parts = [p.plain for p in hang(Content(LONG), width)]
        assert len(parts) > 1 and all(cell_len(p) <= width for p in parts)
        assert all(p.startswith(" " * 8) and not p.startswith(" " * 9) for p in parts[1:])
        assert " ".join(p.strip() for p in parts).split() == LONG.split()  # no word lost or cut
        assert any(f"!{NBSP}needs{NBSP}help{NBSP}#2" in p for p in parts)


def test_wide_characters_are_measured_in_cells_and_a_long_word_is_cut_inside() -> None:
    line = Content("  " + "用户问题的处理时间缩短至二十四小时之内" * 3)
    parts = [p.plain for p in hang(line, 30)]
    assert all(cell_len(p) <= 30 for p in parts) and "".join(p.strip() for p in parts) == line.plain.strip()


def test_drawn_lines_show_nbsp_as_a_space() -> None:
    drawn = HangingLines([Content(LONG)]).content(80).plain
    assert NBSP not in drawn and "! needs help #2" in drawn.replace("\n", " ").replace("        ", " ")


async def test_the_summary_screen_at_80_wraps_under_each_lines_indent(store: Store) -> None:
    cycle = store.cycle("2026-Q4")
    with store.write(cycle) as tx:
        o1 = tx.add_objective(title="Serve customers well", owner="Ana")
        k1 = tx.add_key_result(o1.id, title="Dispatch twice a day instead of once, every weekday and Saturdays",
                               owner="Ben")
        tx.check_in(k1.id, "2026-W47", progress=40, confidence=3,
                    blocker="Waiting on the design review of the new dispatch screens since the offsite",
                    help_from="Design team (Hana)")
    app = MeetingApp(store, cycle, "2026-W48", facilitator="Fay")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        if not isinstance(app.screen, MeetingScreen):  # last week's open help requests first
            await pilot.press("enter")
            await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        text = app.screen.query_one("#summary-text", Static)
        visual = text.content
        assert isinstance(visual, HangingLines)
        width = text.content_region.width
        drawn = visual.content(width).plain.splitlines()
    assert any(len(line) > width for line in visual.plain.splitlines())  # the test has lines to wrap
    assert all(cell_len(line) <= width for line in drawn)
    firsts = set(visual.plain.splitlines())
    for before, line in zip(drawn, drawn[1:]):
        if line in firsts or not line.strip():
            continue  # a given line of its own
        lead = len(line) - len(line.lstrip(" "))
        assert lead >= 2, f"wrapped back to the left edge: {before!r} / {line!r}"
