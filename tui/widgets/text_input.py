"""A text field whose own keys act in the order they were typed."""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class TextInput(Input):
    """Textual's Input, but a key bound on it (ctrl+u: delete to the start, backspace, enter:
    submit) runs as the input handles the key, between the characters typed around it.

    Textual inserts a character as the input handles its key, and runs a key bound on the
    input only once the key has bubbled up to the app: keys that arrive together (a fast
    typist, a burst sent by tmux or over a slow SSH link) were applied out of order. "Anna
    ctrl+u Ben" became "" (Ben typed, then all deleted): a walkthrough lost the name of who
    could help this way. tests/test_text_input.py."""

    async def on_key(self, event: events.Key) -> None:
        active = self.app.active_bindings.get(event.key)
        if active is not None and active.node is self and active.enabled and not active.binding.priority:
            event.stop()
            await self.run_action(active.binding.action)
