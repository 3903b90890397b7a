"""A small app around one read-only screen (`okr grade --tui`, `okr history ID --tui`):
closing the screen quits."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.binding import Binding
from textual.screen import Screen

import themes
from themes.palettes import DEFAULT_THEME, THEMES

from .base_app import OkrApp


class ViewerApp(OkrApp[None]):
    CSS_PATH = Path(themes.__file__).parent / "app.tcss"
    TITLE = "okr"
    BINDINGS = [
        Binding("ctrl+q", "quit", "quit", id="app.quit", priority=True, tooltip="Quit (nothing to save)"),
    ]

    def __init__(self, make_screen: Callable[[], Screen[None]], title: str = "okr") -> None:
        super().__init__()
        self._make_screen = make_screen
        self.title = title

    def on_mount(self) -> None:
        for theme in THEMES.values():
            self.register_theme(theme)
        self.theme = DEFAULT_THEME
        self.push_screen(self._make_screen(), lambda _: self.exit())


