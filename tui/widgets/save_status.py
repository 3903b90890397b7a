"""The saved / unsaved indicator: words and a symbol, never colour alone."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from .format import clean

TEXTS = {
    "idle": "answers save as you give them",
    "saving": "● saving…",
    "saved": "✓ saved",
    "failed": "✗ save failed — retrying: ",
}


class SaveStatus(Static):
    """Shows ``state`` ("idle", "saving", "saved", "failed") and the last error."""

    state: reactive[str] = reactive("idle")
    error: reactive[str] = reactive("")

    def on_mount(self) -> None:
        # The app owns the saver; follow its state (only the meeting app has these reactives).
        if hasattr(self.app, "save_state"):
            self.watch(self.app, "save_state", self._follow)
            self.watch(self.app, "save_error", self._follow)

    def _follow(self) -> None:
        self.error = getattr(self.app, "save_error", "")
        self.state = getattr(self.app, "save_state", "idle")

    def watch_state(self, state: str) -> None:
        for name in TEXTS:
            self.set_class(state == name, f"-{name}")

    def render(self) -> Content:
        text = TEXTS.get(self.state, "")
        return Content(text + clean(self.error) if self.state == "failed" else text)
