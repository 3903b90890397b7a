"""A text field whose keys act in the order they were typed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import events
from textual.widgets import Input

from tui.typeahead import TakesTypeahead


class TextInput(Input):
    """Textual's Input, but a key bound on it or around it (ctrl+u: delete to the start,
    backspace, enter: submit; the dialog's escape) runs as the input handles the key,
    between the characters typed around it.

    Textual inserts a character as the input handles its key, and runs a bound key only
    once it has bubbled up to the app: keys that arrive together (a fast typist, a burst
    sent by tmux or over a slow SSH link) were applied out of order. "Anna ctrl+u Ben"
    became "" (Ben typed, then all deleted): a walkthrough lost the name of who could help
    this way. A typed character is the field's, as in Textual, even where a screen binds
    it. Keys that reach a field whose dialog is closing (``TakesTypeahead.closing``) are
    given back to the app, for what comes next (tui/typeahead.py). tests/test_text_input.py."""

    def __init__(self, *args: Any, submit: Callable[[], None] | None = None, **kwargs: Any) -> None:
        """``submit``: run at Enter, in place of posting Input.Submitted: a dialog's save
        then closes it before the keys typed after the Enter reach this field."""
        super().__init__(*args, **kwargs)
        self._submit = submit

    async def on_key(self, event: events.Key) -> None:
        screen = self.screen
        if isinstance(screen, TakesTypeahead) and screen.closing:
            event.stop()
            event.prevent_default()
            self.app.post_message(events.Key(event.key, event.character))
            return
        if event.is_printable:  # the field's, inserted by Input (it binds no printable key)
            return
        active = self.app.active_bindings.get(event.key)
        if active is None or not active.enabled or active.binding.priority:
            return
        event.stop()
        event.prevent_default()
        if active.node is self and active.binding.action == "submit" and self._submit is not None:
            self._submit()
        else:
            await self.app.run_action(active.binding.action, active.node)
