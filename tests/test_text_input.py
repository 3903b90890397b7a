"""A text field's own keys (ctrl+u, backspace, enter) act in the order typed, also when the
keys arrive together (a burst from tmux, a slow SSH link): Textual runs them only once they
have bubbled up to the app, after the characters typed behind them."""

from __future__ import annotations

import pytest
from textual import events
from textual.app import App, ComposeResult

from tui.widgets.text_input import TextInput


class OneField(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.submitted: list[str] = []

    def compose(self) -> ComposeResult:
        yield TextInput("Anna", id="name")

    def on_input_submitted(self, event: TextInput.Submitted) -> None:
        self.submitted.append(event.value)


@pytest.mark.parametrize(("keys", "value"), [
    (["ctrl+u", *"Ben", "enter"], "Ben"),            # the pre-filled name replaced
    (["end", *"xy", "backspace", "z", "enter"], "Annaxz"),
    (["end", "left", "left", "X", "enter"], "AnXna"),
])
async def test_keys_sent_at_once_act_in_order(keys: list[str], value: str) -> None:
    app = OneField()
    async with app.run_test() as pilot:
        field = app.query_one(TextInput)
        field.focus()
        await pilot.pause()
        field.selection = field.selection.cursor(len(field.value))  # no selection: typing inserts
        for key in keys:  # all queued before the first is handled, as a terminal's burst
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await pilot.pause()
        await pilot.pause()
        assert app.submitted == [value]
