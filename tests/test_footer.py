"""The footer rebuilds its keys only when the keys it shows change (tui/widgets/footer.py)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen
from textual.widgets import Label
from textual.widgets._footer import FooterKey

from tui.widgets.footer import NarrowFooter


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
