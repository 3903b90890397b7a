"""Keys typed while a dialog opens, kept for it (typeahead).

A key that opens a dialog (b: the blocker) runs as the app handles it, but the dialog is
pushed a few messages later, after the requests of the keys before it (tui/meeting/app.py
``on_open_dialog``): a fast typist's next keys, or a terminal's burst of them, reach the
app first. Handled then, they were the meeting's own keys (n: the next objective, 7: a
confidence) and lost to the dialog. Held from the opening key until the dialog has its
focus, they are sent again, in order, as typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from textual import events
from textual.timer import Timer

# A dialog that does not come (its key result gone in a reload) must not keep the keys.
HOLD_LIMIT_SECONDS = 1.0


@runtime_checkable
class KeyHolder(Protocol):
    def hold_keys(self) -> None: ...


class TypeaheadMixin:
    """For an app: ``hold_keys`` from a dialog's opening key, ``held`` first thing in its
    ``on_event``, ``release_keys`` once the dialog has focus (or did not open)."""

    _typeahead: list[tuple[str, str | None]] | None = None
    _hold_limit: Timer | None = None

    if TYPE_CHECKING:  # given by textual's App
        def set_timer(self, delay: float, callback: Any) -> Timer: ...
        def post_message(self, message: Any) -> bool: ...

    def hold_keys(self) -> None:
        if self._typeahead is None:
            self._typeahead = []
            self._hold_limit = self.set_timer(HOLD_LIMIT_SECONDS, self.release_keys)

    def held(self, event: events.Event) -> bool:
        """Whether ``event`` is a key kept for the dialog being opened: the app does nothing
        else with it."""
        if self._typeahead is None or not isinstance(event, events.Key):
            return False
        self._typeahead.append((event.key, event.character))
        return True

    def release_keys(self) -> None:
        keys, self._typeahead = self._typeahead, None
        if self._hold_limit is not None:
            self._hold_limit.stop()
            self._hold_limit = None
        for key, character in keys or ():
            self.post_message(events.Key(key, character))
