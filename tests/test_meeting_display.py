"""Pilot tests of how the meeting looks: themes (switch, remembered, --theme), the
presentation layout at 80×24 and 200×60, the footer at 80 columns, 60×20, Chinese titles.
Assertions are on widget state, on the store and on the rendered lines of the screen."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.color import Color
from textual.widgets import Digits

from store import Cycle, Store
from themes.names import THEME_NAMES
from themes.palettes import DEFAULT_THEME, THEMES
from tui.meeting.app import MeetingApp
from tui.screens import HelpScreen, MeetingScreen
from tui.widgets import KRRow
from tui.widgets.footer import KeyLine, LineFooter
from tui.widgets.present import PresentKR, PresentView, progress_word, time_numbers

WEEK = "2026-W48"
CHINESE = "创造无与伦比的用户服务体验"


@pytest.fixture
def cycle(store: Store) -> Cycle:
    """O1: a Latin title, O1.1 at 40% and O1.2 a metric, then O1.3 with a Chinese title."""
    cycle = store.cycle("2026-Q4")
    with store.write(cycle) as tx:
        o1 = tx.add_objective(title=CHINESE, owner="Ana", team="Support", confidence=7)
        k1 = tx.add_key_result(o1.id, title="Dispatch twice a day instead of once", owner="Ben")
        k2 = tx.add_key_result(o1.id, title="Feedback answered within 2 hours", owner="Cy",
                               start=24, target=2, unit="h")
        k3 = tx.add_key_result(o1.id, title=CHINESE, owner="王芳")
        tx.check_in(k1.id, "2026-W47", progress=40, confidence=8)
        tx.check_in(k2.id, "2026-W47", value=13, confidence=3)  # no blocker: the meeting opens on objective 1, not on help requests
        tx.check_in(k3.id, "2026-W47", progress=70, confidence=9)
    return cycle


def make_app(store: Store, cycle: Cycle, **options: object) -> MeetingApp:
    return MeetingApp(store, cycle, WEEK, facilitator="Fay", **options)  # type: ignore[arg-type]


def screen_lines(app: MeetingApp) -> list[str]:
    """The screen as rendered, one string per row."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def settle(app: MeetingApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


# -- themes ------------------------------------------------------------------------------
def test_theme_names_match_the_theme_objects() -> None:
    assert tuple(THEMES) == THEME_NAMES
    assert DEFAULT_THEME in THEMES


async def test_only_our_themes_are_offered_and_the_default_is_used_first(store: Store, cycle: Cycle) -> None:
    app = make_app(store, cycle)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == DEFAULT_THEME
        assert set(app.available_themes) == set(THEME_NAMES)  # what the palette's "Theme" lists


async def test_a_picked_theme_is_remembered_for_the_next_start(store: Store, cycle: Cycle) -> None:
    app = make_app(store, cycle)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.theme = "okr-contrast"  # what picking it in ctrl+p → Theme does
        await settle(app, pilot)
    again = Store.open(store.path)
    assert again.user_pref("theme") == "okr-contrast"
    second = make_app(again, cycle)
    async with second.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert second.theme == "okr-contrast"


async def test_the_theme_option_is_for_this_run_only(store: Store, cycle: Cycle) -> None:
    store.set_user_prefs(theme="okr-colorblind")
    app = make_app(store, cycle, theme="okr-light")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.theme == "okr-light"
        assert not app.current_theme.dark
    assert Store.open(store.path).user_pref("theme") == "okr-colorblind"


@pytest.mark.parametrize("name", THEME_NAMES)
async def test_the_app_starts_drawn_in_its_theme(store: Store, cycle: Cycle, name: str) -> None:
    """A dark theme is set without Textual's refresh of the CSS (tui/theming.py), a light one
    with it: either way the first screen is in the theme's colours, with its classes."""
    theme = THEMES[name]
    app = make_app(store, cycle, theme=name)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.styles.background == Color.parse(theme.background)
        assert app.has_class(f"-theme-{name}")
        assert app.has_class("-dark-mode") == theme.dark != app.has_class("-light-mode")


async def test_a_remembered_theme_that_no_longer_exists_falls_back(store: Store, cycle: Cycle) -> None:
    store.set_user_prefs(theme="textual-dark")
    app = make_app(store, cycle)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == DEFAULT_THEME


def test_an_unknown_theme_is_one_line_naming_the_themes(store: Store, cycle: Cycle) -> None:
    okr = Path(sys.executable).parent / "okr"
    for command in ("meeting", "review"):
        done = subprocess.run([str(okr), command, "--store", str(store.path), "--theme", "neon"],
                              capture_output=True, text=True, timeout=30)
        assert done.returncode == 2
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "neon" in lines[0]
        assert all(name in lines[0] for name in THEME_NAMES)


# -- the presentation layout ------------------------------------------------------------
async def test_present_at_80x24_shows_big_digits_and_bars_that_fit(store: Store, cycle: Cycle) -> None:
    app = make_app(store, cycle, present=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen) and screen.presenting
        assert not screen.query_one("#rows").display
        digits = list(screen.query(Digits))
        progress, confidence, timebox = (d.value for d in digits)
        assert (progress, confidence) == ("53%", "7")  # (40 + 50 + 70) / 3, the objective's confidence
        assert timebox.startswith(("03:00", "02:5"))  # time left of the 3-minute box
        for d in digits:
            assert d.region.height == 3 and d.region.right <= 80
        rows = list(screen.query(PresentKR))
        assert len(rows) == 3 and all(r.region.width <= 80 for r in rows)
        assert rows[0].region.height >= 3  # title, bar, numbers
        lines = screen_lines(app)
        assert all(cell_len(line.rstrip()) <= 80 for line in lines)
        assert any("behind pace" in line or "on pace" in line for line in lines)


async def test_present_at_200x60_uses_the_room(store: Store, cycle: Cycle) -> None:
    app = make_app(store, cycle, present=True)
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(PresentView)
        assert view.has_class("-roomy")
        rows = list(app.screen.query(PresentKR))
        assert all(r.thickness == 3 and r.region.width > 180 for r in rows)
        bars = [line for line in screen_lines(app) if "██" in line or "░░" in line]
        assert len(bars) >= 9  # three key results, three rows of bar each
        assert max(len(line.strip()) for line in bars) > 180


async def test_f_toggles_the_layout_and_the_keys_keep_working(store: Store, cycle: Cycle) -> None:
    app = make_app(store, cycle)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen) and not screen.presenting
        await pilot.press("f")
        assert screen.presenting and screen.query_one(PresentView).display
        await pilot.press("down", "right", "2")
        await settle(app, pilot)
        kid = screen.key_results[1].id
        saved = store.load(cycle).checkin(kid, WEEK)
        assert saved is not None and saved.confidence == 2 and saved.value == pytest.approx(10.8)
        rows = list(screen.query(PresentKR))
        assert rows[1].has_class("-selected") and "2/10 hard" in str(rows[1].render())
        status = str(rows[1].render())
        assert "needs help: " in status and "low confidence" in status
        await pilot.press("f")
        assert not screen.presenting and screen.query_one("#rows").display


# -- the normal layout -------------------------------------------------------------------
def footer_keys(app: MeetingApp) -> list[tuple[str, int]]:
    """The keys the footer shows, each with the screen column its text ends at."""
    line = app.screen.query_one(LineFooter).query_one(KeyLine)
    return [(k.key, line.region.x + end) for _start, end, k in line.keys_shown]


async def test_the_footer_fits_80_columns_and_help_lists_the_rest(store: Store, cycle: Cycle) -> None:
    app = make_app(store, cycle)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(LineFooter)
        keys = footer_keys(app)
        assert keys and max(right for _key, right in keys) <= 80
        assert footer.max_scroll_x == 0
        shown = {key for key, _right in keys}
        assert {"enter", "b", "f", "question_mark", "ctrl+q"} <= shown
        assert all(cell_len(line.rstrip()) <= 80 for line in screen_lines(app))
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        listed = str(app.screen._table())
        for words in ("exact progress", "Wins worth", "previous objective", "Presentation layout",
                      "previous key result", "meeting summary"):
            assert words in listed


@pytest.mark.parametrize(("width", "breakpoint"), [(60, "-narrow"), (79, "-narrow"), (80, "-wide"), (200, "-wide")])
def test_the_screen_starts_with_the_breakpoint_class_of_its_width(width: int, breakpoint: str) -> None:
    screen = MeetingScreen(width=width)
    assert screen.has_class(breakpoint) and not screen.has_class({"-narrow": "-wide", "-wide": "-narrow"}[breakpoint])
    assert MeetingScreen(present=True, width=width).classes == {"-present", breakpoint}


async def test_60x20_keeps_the_essentials(store: Store, cycle: Cycle) -> None:
    app = make_app(store, cycle)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.press("down", "right")
        await settle(app, pilot)
        text = "\n".join(screen_lines(app))
        assert "Objective 1 of 1" in text and "O1.2" in text and "now" in text
        keys = footer_keys(app)
        assert max(right for _key, right in keys) <= 60
        assert {"enter", "question_mark", "ctrl+q"} <= {key for key, _right in keys} and "b" not in dict(keys)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert "b" in dict(footer_keys(app))
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        assert len(app.screen.query(Digits)) == 3
        assert "O1.2" in "\n".join(screen_lines(app))


async def test_chinese_titles_keep_the_bars_aligned(store: Store, cycle: Cycle) -> None:
    app = make_app(store, cycle)
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        lines = screen_lines(app)
        assert any(CHINESE in line for line in lines)
        assert all(cell_len(line.rstrip()) <= 80 for line in lines)
        bar_lines = [line for line in lines if " last " in line]
        assert len(bar_lines) == len(app.screen.query(KRRow)) == 3
        starts = {cell_len(line[:line.index("█") if "█" in line[:30] else line.index("░")]) for line in bar_lines}
        nows = {cell_len(line[:line.index("now")]) for line in bar_lines if "%)" not in line}
        assert len(starts) == 1 and len(nows) == 1
        await pilot.press("f")
        await pilot.pause()
        lines = screen_lines(app)
        bars = [line for line in lines if "░░" in line]
        assert len(bars) == 3 * 2  # 40 rows: bars two rows thick
        assert len({cell_len(line[:len(line) - len(line.lstrip())]) for line in bars}) == 1
        assert any(CHINESE in line for line in lines)


def test_the_big_numbers_say_their_status_in_words() -> None:
    digits, word = time_numbers(70, 3)
    assert (digits, word.plain) == ("01:50", "⏱ left of 03:00")
    digits, word = time_numbers(192, 3)
    assert (digits, word.plain) == ("+00:12", "⏱ OVER TIME (03:00 box)")
    assert progress_word(40, 58).plain == "▼ behind pace, 58% due"
    assert progress_word(60, 58).plain == "✓ on pace"
    assert progress_word(100, 100).plain == "✓ on pace"
    assert progress_word(None, 58).plain == "no key results"


# -- a keypress repaints what it changes (issue 8: keypress latency) ----------------------
def bodies(app: MeetingApp) -> list[object]:
    return [row._body.content for row in app.screen.query(KRRow)]


async def test_a_progress_key_repaints_the_selected_row_alone(store: Store, cycle: Cycle) -> None:
    app = make_app(store, cycle)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        before = bodies(app)
        screen = app.screen
        layouts = []
        relayout = screen._refresh_layout
        screen._refresh_layout = lambda *a, **k: (layouts.append(1), relayout(*a, **k))  # type: ignore[method-assign]
        await pilot.press("right")
        await pilot.pause()
        after = bodies(app)
        assert after[0] is not before[0] and "50%" in after[0].plain  # 40% → 50%
        assert all(a is b for a, b in zip(after[1:], before[1:]))
        assert layouts == []  # same height: the screen is not laid out again


async def test_moving_the_selection_repaints_two_markers_and_no_body(store: Store, cycle: Cycle) -> None:
    app = make_app(store, cycle)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        before = bodies(app)
        await pilot.press("down")
        rows = list(app.screen.query(KRRow))
        assert [r.has_class("-selected") for r in rows] == [False, True, False]
        assert all(a is b for a, b in zip(bodies(app), before))
        assert rows[1].content.plain.startswith("▶ ") and rows[0].content.plain.startswith("  ")


async def test_the_status_says_saving_then_saved_in_its_colour(store: Store, cycle: Cycle) -> None:
    from tui.widgets import SaveStatus

    app = make_app(store, cycle)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        status = app.screen.query_one(SaveStatus)
        await pilot.press("right")
        await pilot.pause()
        assert app.save_state in ("saving", "saved")  # a frame later, unless written already
        await settle(app, pilot)
        assert app.save_state == "saved"
        shown = status.render()
        assert shown.plain.strip() == "✓ saved" and any("$success" in str(s.style) for s in shown.spans)
        assert status.size.width == len(" no changes yet ")  # one width (the widest but "failed"): no relayout


async def test_a_repeated_failure_shows_its_whole_error_after_a_layout(store: Store, cycle: Cycle) -> None:
    """Found in review: saving/saved skip the layout; a failure that comes back with the same
    error after one (a resize between) was drawn at the short width, its error cut off."""
    from tui.widgets import SaveStatus

    app = make_app(store, cycle)
    error = "[Errno 28] No space left on device: '/srv/okr/cycle-2026-Q4.json'"
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(app, pilot)
        status = app.screen.query_one(SaveStatus)
        app.save_error, app.save_state = error, "failed"
        await pilot.pause()
        failed_width = status.region.width
        assert failed_width > len(error)
        app.save_state = "saving"  # the next key, while retrying
        await pilot.resize_terminal(119, 24)
        await pilot.pause()
        assert status.region.width < failed_width
        app.save_error, app.save_state = error, "failed"  # the retry fails the same way
        await pilot.pause()
        await pilot.pause()
        assert status.region.width == failed_width
        assert error in screen_lines(app)[status.region.y]


async def test_a_view_sent_while_the_screen_is_taken_down_is_let_go(store: Store, cycle: Cycle) -> None:
    """A reload or the clock's tick can reach the meeting screen while it is being removed
    (the summary, the exit): it used to raise NoMatches from the vanished rows."""
    from tui.widgets.rows import RowsView

    app = make_app(store, cycle)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        await screen.query_one(RowsView).remove()
        await app.show_meeting()
        app._tick()
        await pilot.pause()
        assert app.is_running and not screen.query(RowsView)
