"""Keys typed while a dialog opens wait for it and reach it in the order typed
(tui/typeahead.py), also when a terminal's burst comes in two reads: the second read's
keys wait in the app's queue while the first read's are sent again."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult

from tui.base_app import OkrApp
from tui.widgets.text_input import TextInput


class OneField(OkrApp[None]):
    def compose(self) -> ComposeResult:
        yield TextInput("", id="field")

    def on_mount(self) -> None:
        self.query_one(TextInput).focus()


def post(app: OneField, text: str) -> None:
    for character in text:
        app.post_message(events.Key(character, character))


async def test_keys_held_go_out_ahead_of_those_queued_after_them() -> None:
    app = OneField()
    async with app.run_test() as pilot:
        await pilot.pause()
        app.hold_keys()
        post(app, "ab")
        await pilot.pause()  # held
        post(app, "cd")  # the second read: queued, not handled yet
        app.release_keys()
        post(app, "ef")  # typed after the release
        await pilot.pause()
        await pilot.pause()
        assert app.query_one(TextInput).value == "abcdef"


async def test_keys_are_let_go_when_no_dialog_comes(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("tui.typeahead.HOLD_LIMIT_SECONDS", 0.05)
    app = OneField()
    async with app.run_test() as pilot:
        await pilot.pause()
        app.hold_keys()
        post(app, "xy")
        await pilot.pause(0.2)
        assert app.query_one(TextInput).value == "xy"
