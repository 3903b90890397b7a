"""A footer that leaves out its low-priority keys while the screen is narrow.

The screen names the keys (by binding id) and sets a breakpoint class with
``HORIZONTAL_BREAKPOINTS`` (e.g. ``[(0, "-narrow"), (100, "-wide")]``); the keys carry
``-narrow-hide``, which the stylesheet hides under ``.-narrow`` (themes/app.tcss).
Hidden keys stay in the help screen and the command palette.

Textual's Footer rebuilds all its keys whenever the screen's bindings are updated (each
focus change, each screen pushed over it), even when the keys shown are the same; this
one rebuilds only when they differ: a rebuild was a third of the meeting's first frame.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Label

Shown = tuple[tuple[str, str, str, bool, str], ...]


class NarrowFooter(Footer):
    def __init__(self, hide_when_narrow: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.hide_when_narrow = frozenset(hide_when_narrow)
        self._shown: Shown | None = None

    @staticmethod
    def _keys_of(screen: Screen) -> Shown:
        """What compose would show: each shown binding's key, label, action, state and tooltip."""
        return tuple((b.key, b.description, b.action, enabled, tip or "")
                     for _node, b, enabled, tip in screen.active_bindings.values() if b.show)

    def bindings_changed(self, screen: Screen) -> None:
        if self._shown is None or self._keys_of(screen) != self._shown:
            super().bindings_changed(screen)

    def compose(self) -> ComposeResult:
        hidden = {binding.action for _node, binding, _enabled, _tip in self.screen.active_bindings.values()
                  if binding.id in self.hide_when_narrow}
        group_hidden = False  # a group's label follows its keys: hidden with them
        keys = self._keys_of(self.screen)
        self._shown = None
        for widget in super().compose():
            self._shown = keys
            if getattr(widget, "action", None) in hidden:
                widget.add_class("-narrow-hide")
                group_hidden = widget.has_class("-grouped")
            elif isinstance(widget, Label) and group_hidden:
                widget.add_class("-narrow-hide")
                group_hidden = False
            yield widget
