"""The floor for the meeting's targets: the smallest Textual app that paints and reacts.

A label with a number; → and ← change it, ctrl+q quits. The benchmark runs it exactly
as it runs `okr meeting` (same probe, same terminal, same keys) and divides. floor_app.py
runs it holding a cycle file's data, as the meeting holds its cycle.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Label


class MinimalApp(App[None]):
    BINDINGS: ClassVar[list[Binding]] = [
        Binding("right", "step(1)", "Up", id="minimal.up"),
        Binding("left", "step(-1)", "Down", id="minimal.down"),
        Binding("ctrl+q", "quit", "Quit", id="minimal.quit"),
    ]

    def __init__(self, data: Any = None) -> None:
        super().__init__()
        self.count = 0
        self.data = data  # kept for the app's lifetime: its memory counts

    def compose(self) -> ComposeResult:
        yield Label("minimal app: 0", id="count")

    def action_step(self, delta: int) -> None:
        self.count += delta
        self.query_one("#count", Label).update(f"minimal app: {self.count}")


if __name__ == "__main__":
    MinimalApp().run()
