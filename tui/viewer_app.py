"""A small app around one read-only screen (`okr grade --tui`, `okr history ID --tui`):
closing the screen quits."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.screen import Screen

import themes
from store import Store
from tui.base_app import OkrApp
from tui.i18n import _
from tui.theming import remember_themes, use_themes


class ViewerApp(OkrApp[None]):
    CSS_PATH = Path(themes.__file__).parent / "app.tcss"
    TITLE = "okr"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", _("quit"), id="app.quit", priority=True, tooltip=_("Quit (nothing to save)")),
    ]

    def __init__(self, store: Store, make_screen: Callable[[], Screen[None]], title: str = "okr") -> None:
        super().__init__()
        self.store = store
        self._make_screen = make_screen
        self.title = title
        use_themes(self, store)  # the theme the user picked last, in any okr app

    @property
    def prefs_store(self) -> Store:
        return self.store

    def on_mount(self) -> None:
        remember_themes(self, self.store)
        self.push_screen(self._make_screen(), lambda _result: self.exit())
