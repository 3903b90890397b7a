"""A footer that leaves out its low-priority keys while the screen is narrow.

The screen names the keys (by binding id) and sets a breakpoint class with
``HORIZONTAL_BREAKPOINTS`` (e.g. ``[(0, "-narrow"), (100, "-wide")]``); the keys carry
``-narrow-hide``, which the stylesheet hides under ``.-narrow`` (themes/app.tcss).
Hidden keys stay in the help screen and the command palette.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Footer, Label


class NarrowFooter(Footer):
    def __init__(self, hide_when_narrow: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.hide_when_narrow = frozenset(hide_when_narrow)

    def compose(self) -> ComposeResult:
        hidden = {binding.action for _node, binding, _enabled, _tip in self.screen.active_bindings.values()
                  if binding.id in self.hide_when_narrow}
        group_hidden = False  # a group's label follows its keys: hidden with them
        for widget in super().compose():
            if getattr(widget, "action", None) in hidden:
                widget.add_class("-narrow-hide")
                group_hidden = widget.has_class("-grouped")
            elif isinstance(widget, Label) and group_hidden:
                widget.add_class("-narrow-hide")
                group_hidden = False
            yield widget
