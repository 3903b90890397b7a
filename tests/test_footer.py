"""The footer rebuilds its keys only when the keys it shows change (tui/widgets/footer.py)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen
from textual.widgets import Label
from textual.widgets._footer import FooterKey

import themes
from themes.palettes import DARK
from tui.widgets.footer import KeyLine, LineFooter, NarrowFooter


class Over(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Close", id="close")]

    def compose(self) -> ComposeResult:
        yield Label("over")


class Keys(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("a", "first", "First", id="first"), Binding("b", "second", "Second", id="second")]

    def __init__(self) -> None:
        super().__init__()
        self.second_on = True

    def compose(self) -> ComposeResult:
        yield Label("keys")
        yield NarrowFooter()

    def action_first(self) -> None: ...

    def action_second(self) -> None: ...

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "second" and not self.second_on else True  # None: greyed


class FooterApp(App[None]):
    def on_mount(self) -> None:
        self.push_screen(Keys())


def footer_keys(app: App[None]) -> list[FooterKey]:
    return list(app.screen.query_one(NarrowFooter).query(FooterKey))


async def test_a_screen_pushed_over_and_popped_leaves_the_keys_as_they_were() -> None:
    app = FooterApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        before = footer_keys(app)
        assert [k.key for k in before] == ["a", "b", "ctrl+p"]
        await app.push_screen(Over())
        await pilot.pause()
        app.pop_screen()
        await pilot.pause()
        assert footer_keys(app) == before  # the same widgets: not rebuilt
        assert all(k.is_attached for k in before)


async def test_a_key_that_changes_is_shown_changed() -> None:
    app = FooterApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert not any(k.has_class("-disabled") for k in footer_keys(app))
        screen = app.screen
        assert isinstance(screen, Keys)
        screen.second_on = False
        screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert {k.key: k.has_class("-disabled") for k in footer_keys(app)} == {"a": False, "b": True, "ctrl+p": False}


# -- the meeting's footer: its keys drawn by one widget ----------------------------------
class Grouped(Screen[None]):
    """Keys alone and in a group, one greyed, one left out below 60 columns."""

    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (60, "-wide")]
    STEP = Binding.Group("±10%")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "first", "confirm", id="first", tooltip="Save it"),
        Binding("left", "down", "down", id="down", group=STEP),
        Binding("right", "up", "up", id="up", group=STEP),
        Binding("plus", "up", "up", id="up_too", group=STEP),  # the same action: the footer shows the first
        Binding("b", "second", "blocker", id="blocker"),
        Binding("x", "greyed", "greyed", id="greyed", tooltip="Not now"),
    ]

    def __init__(self, line: bool) -> None:
        super().__init__()
        self.line = line
        self.pressed: list[str] = []

    def compose(self) -> ComposeResult:
        yield Label("keys")
        if self.line:
            yield LineFooter(["blocker"])
        else:
            yield NarrowFooter(["blocker"], compact=True, show_command_palette=False)

    def action_first(self) -> None:
        self.pressed.append("first")

    def action_second(self) -> None:
        self.pressed.append("second")

    def action_down(self) -> None: ...

    def action_up(self) -> None: ...

    def action_greyed(self) -> None:
        self.pressed.append("greyed")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "greyed" else True


class GroupedApp(App[None]):
    CSS_PATH = Path(themes.__file__).parent / "app.tcss"  # its rules for the compact footer

    def __init__(self, line: bool) -> None:
        super().__init__()
        self.line = line
        self.register_theme(DARK)
        self.theme = DARK.name

    def on_mount(self) -> None:
        self.push_screen(Grouped(self.line))


Cell = tuple[str, object, object, bool, bool]


async def drawn(line: bool, size: tuple[int, int], hover: tuple[int, int] | None = None) -> list[list[Cell]]:
    """Each cell of the screen: its character, background and, but for a space, colour, bold and dim."""
    app = GroupedApp(line)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        if hover:
            await pilot.hover(None, offset=hover)
            await pilot.pause()
        return [[(ch, style.bgcolor, *((None, False, False) if ch == " " else (style.color, style.bold, style.dim)))
                 for text, style, _control in strip for ch in text if style is not None]
                for strip in app.screen._compositor.render_strips()]


@pytest.mark.parametrize(("size", "hover"), [((80, 5), None), ((50, 5), None), ((80, 5), (2, 4)), ((80, 5), (11, 4)),
                                             ((80, 5), (16, 4)), ((80, 5), (24, 4)), ((80, 5), (33, 4))])
async def test_the_line_draws_the_keys_as_textuals_footer_does(size: tuple[int, int], hover: tuple[int, int] | None
                                                                ) -> None:
    """Colours, groups, the greyed key, the narrow screen and a hovered key, cell for cell."""
    assert await drawn(True, size, hover) == await drawn(False, size, hover)


async def test_the_line_shows_tooltips_and_a_click_presses_the_key() -> None:
    app = GroupedApp(True)
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, Grouped)
        line = screen.query_one(KeyLine)
        assert [k.key for _start, _end, k in line.keys_shown] == ["enter", "left", "right", "b", "x"]
        await pilot.hover(None, offset=(3, 4))
        assert line.tooltip == "Save it"
        await pilot.hover(None, offset=(0, 2))
        assert line.tooltip is None
        await pilot.click(None, offset=(3, 4))
        await pilot.click(None, offset=(line.keys_shown[-1][0], 4))  # greyed: a bell, nothing done
        await pilot.pause()
        assert screen.pressed == ["first"]
        await pilot.resize_terminal(50, 5)
        await pilot.pause()
        assert "b" not in [k.key for _start, _end, k in line.keys_shown]
