"""Pilot tests of the presentation layout at 80×24, 120×40 and 200×60: digit sizes, paging
when key results do not fit, bar patterns and the pace mark, the owner cue, blocker and
who could help. Assertions are on widget state and on the rendered lines."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from store import Cycle, Store
from tui.meeting.app import MeetingApp
from tui.screens import MeetingScreen
from tui.widgets.big_digits import BigDigits, block_lines, digit_rows, text_width
from tui.widgets.present import KRPages, PresentKR, PresentView, bar_line
from tui.widgets.rows import RowsView
from tui.widgets.symbols import ASCII, NARROW, SYMBOLS, UNICODE, choose

WEEK = "2026-W48"


@pytest.fixture
def cycle(store: Store) -> Cycle:
    """O1 with four key results (the most the guide allows): behind pace, on pace, done, blocked with a helper."""
    cycle = store.cycle("2026-Q4")
    with store.write(cycle) as tx:
        o1 = tx.add_objective(title="Customers get answers the same day", owner="Ana", team="Support", confidence=7)
        k1 = tx.add_key_result(o1.id, title="Dispatch twice a day instead of once", owner="Tom Berg")
        k2 = tx.add_key_result(o1.id, title="Answer feedback within two hours", owner="Cy")
        k3 = tx.add_key_result(o1.id, title="Publish the support handbook", owner="Dee")
        k4 = tx.add_key_result(o1.id, title="Hire two more agents for the evening shift", owner="Eve")
        tx.check_in(k1.id, "2026-W47", progress=10, confidence=4)
        tx.check_in(k2.id, "2026-W47", progress=90, confidence=8)
        tx.check_in(k3.id, "2026-W47", progress=100, confidence=10)
        tx.check_in(k4.id, "2026-W47", progress=30, confidence=3)
        tx.check_in(k4.id, WEEK, progress=30, confidence=3, blocker="no budget", help_from="Finance")
        tx.check_in(k2.id, WEEK, progress=90, confidence=8, blocker="the new tool is late", help_from="IT")
    return cycle


def screen_lines(app: MeetingApp) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def app_for(store: Store, cycle: Cycle) -> MeetingApp:
    return MeetingApp(store, cycle, WEEK, facilitator="Fay", present=True)


def shown(screen: MeetingScreen) -> list[PresentKR]:
    return [row for row in screen.query(PresentKR) if row.display]


@pytest.mark.parametrize(("size", "rows"), [((80, 24), 3), ((120, 40), 5), ((200, 60), 7)])
async def test_digits_grow_with_the_terminal(store: Store, cycle: Cycle, size: tuple[int, int], rows: int) -> None:
    app = app_for(store, cycle)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.pause()
        digits = list(app.screen.query(BigDigits))
        assert len(digits) == 3
        for d in digits:
            assert d.rows == rows and d.region.height == rows and d.region.right <= size[0]
        assert digits[1].value == "7"
        assert all(cell_len(line.rstrip()) <= size[0] for line in screen_lines(app))


async def test_at_80x24_nothing_is_below_the_fold_and_the_selected_page_is_shown(store: Store, cycle: Cycle) -> None:
    app = app_for(store, cycle)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        box = screen.query_one(KRPages)
        assert box.pages >= 2 and box.page == 0
        first = shown(screen)
        assert first and first[0].view.kr.id == "O1.1"
        for row in first:  # every row shown lies within the box and the screen
            assert row.region.bottom <= box.region.bottom <= 24
        text = "\n".join(screen_lines(app))
        assert f"page 1/{box.pages}" in text
        for _ in range(3):
            await pilot.press("down")
        await pilot.pause()
        assert box.page == box.pages - 1
        assert shown(screen)[-1].view.kr.id == "O1.4" and shown(screen)[-1].selected
        assert f"page {box.pages}/{box.pages}" in "\n".join(screen_lines(app))
        assert all(row.region.bottom <= box.region.bottom for row in shown(screen))


async def test_all_key_results_on_one_page_at_200x60(store: Store, cycle: Cycle) -> None:
    app = app_for(store, cycle)
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        box = screen.query_one(KRPages)
        rows = list(screen.query(PresentKR))
        if box.pages == 1:
            assert all(r.display for r in rows)
            assert not screen.query_one("#present-page").display
        assert all(r.thickness == 3 for r in rows)
        assert all(r.region.bottom <= box.region.bottom for r in shown(screen))


async def test_bars_show_status_by_pattern_and_the_pace_mark(store: Store, cycle: Cycle) -> None:
    app = app_for(store, cycle)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        rows = {r.view.kr.id: r for r in app.screen.query(PresentKR)}
        expected = rows["O1.1"].view.expected
        assert expected is not None and 10 < expected < 90  # the pace of the cycle's week 9 or so
        assert [rows[k].status for k in ("O1.1", "O1.2", "O1.3")] == ["behind pace", "on pace", "done"]
        for kid, fill in (("O1.1", SYMBOLS.fill_behind), ("O1.2", SYMBOLS.fill_on_pace), ("O1.3", SYMBOLS.fill_done)):
            text = rows[kid].render().plain
            bar = text.splitlines()[1]
            assert fill * 3 in bar, kid
            assert (SYMBOLS.pace_mark in bar) == (kid != "O1.3")  # done: no mark to reach
            assert rows[kid].status in text  # the word as well as the pattern and colour
        bar = rows["O1.1"].render().plain.splitlines()[1].strip()
        assert bar.index(SYMBOLS.pace_mark) == pytest.approx(expected * len(bar) / 100, abs=1.5)


async def test_owner_cue_blocker_and_who_could_help(store: Store, cycle: Cycle) -> None:
    app = app_for(store, cycle)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        rows = list(app.screen.query(PresentKR))
        assert "Tom Berg — you're up" in rows[0].render().plain
        assert rows[0].has_class("-selected")
        assert rows[0].render().plain.startswith(SYMBOLS.selected)
        assert "Cy" in rows[1].render().plain and "you're up" not in rows[1].render().plain
        await pilot.press("down", "down", "down")
        await pilot.pause()
        fourth = app.screen.query(PresentKR)[3].render().plain
        assert "Eve — you're up" in fourth
        assert "blocker: no budget" in fourth and "who could help: Finance" in fourth
        assert "you're up" not in app.screen.query(PresentKR)[0].render().plain


async def test_wrapped_lines_keep_the_body_column(store: Store, cycle: Cycle) -> None:
    app = app_for(store, cycle)
    async with app.run_test(size=(40, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        for row in app.screen.query(PresentKR):
            for line in row.lines(36):
                assert line.plain.startswith(("  ", SYMBOLS.selected + " ")), line.plain
                assert cell_len(line.plain) <= 36


def test_block_fonts_have_the_rows_and_widths_they_say() -> None:
    assert digit_rows(24) == 3 and digit_rows(40) == 5 and digit_rows(60) == 7
    for rows in (5, 7):
        lines = block_lines("12:34%", rows)
        assert len(lines) == rows and {len(line) for line in lines} == {text_width("12:34%", rows)}
        assert "█" in lines[0]


def test_a_bar_has_its_mark_where_the_pace_is() -> None:
    bar = bar_line(20, 50.0, "behind pace", 20).plain
    assert bar.count(SYMBOLS.fill_behind) == 4 and bar[10] == SYMBOLS.pace_mark


def test_symbols_are_chosen_from_the_environment() -> None:
    assert choose({"TERM": "linux", "LANG": "en_US.UTF-8"}) is ASCII
    assert choose({"TERM": "xterm-256color", "LANG": "ja_JP.UTF-8"}) is NARROW
    assert choose({"TERM": "xterm-256color", "LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}) is NARROW
    assert choose({"TERM": "xterm-256color", "LANG": "en_US.UTF-8"}) is UNICODE
    assert all(ch.isascii() for ch in ASCII._asdict().values())
    import unicodedata
    for ch in NARROW._asdict().values():  # in a CJK terminal: neither ambiguous nor an emoji
        if ch not in "█▓▒":  # block elements stay one cell in every terminal font we know
            assert unicodedata.east_asian_width(ch) in ("N", "Na"), ch
        assert ch not in "⚠⏱▶▼"


def test_present_view_keeps_the_layout_interface() -> None:
    assert callable(PresentView.show) and callable(PresentView.show_head)


async def test_a_review_has_no_timebox_in_the_presentation(store: Store, cycle: Cycle) -> None:
    """As the rows layout's head (ObjectiveView.clocks): a review has no timebox, so the
    presentation shows progress and confidence only; a meeting shows all three."""
    from tui.home_app import review_app

    for app, boxes in ((review_app(store, cycle, WEEK, "Tom Berg", present=True), 2), (app_for(store, cycle), 3)):
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.pause()
            view = app.screen.query_one(PresentView)
            shown_digits = [d.id for d in view.query(BigDigits) if d.region]
            assert len(shown_digits) == boxes
            assert ("present-time" in shown_digits) == (boxes == 3)


async def test_the_clock_can_reach_the_presentation_while_it_is_taken_down(store: Store, cycle: Cycle) -> None:
    """The tick reached the presentation after its children were pruned (the exit, CI once):
    its parts are held, so the head is updated or let go, never looked up and missed."""
    app = app_for(store, cycle)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        view = screen.query_one(PresentView)
        head = app.session.objective_view()
        await view.remove_children()
        screen.show_head(head)
        await screen.show_state(head, app.session.kr_views(), 0)
        assert not view.children and screen.layout_shown is view
        await pilot.press("f")  # the rows layout, taken down the same way
        await pilot.pause()
        rows = screen.layout_shown
        assert isinstance(rows, RowsView)
        await rows.remove_children()
        screen.show_head(head)
        await screen.show_state(head, app.session.kr_views(), 0)
        assert not rows.children
