"""Keys typed while a dialog opens, kept for it (typeahead).

A dialog with text fields (``TakesTypeahead``: FormModal) takes a few messages to be
mounted and focused after it is pushed, and the meeting's are pushed a few messages after
their key, behind the requests of the keys before it (tui/meeting/app.py
``on_open_dialog``). A fast typist's next keys, or a terminal's burst of them, reached the
app first: handled then, they were the screen's own keys (the meeting's n: the next
objective, 7: a confidence) or went to a dialog with no focus yet, and were lost to it.
Held from the opening key (or the push) until the dialog has its focus, they are sent
again, in order, as typed. OkrApp (tui/base_app.py) does it for every app.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from textual import events
from textual.timer import Timer

# A dialog that does not come (its key result gone in a reload) must not keep the keys.
HOLD_LIMIT_SECONDS = 1.0


@runtime_checkable
class KeyHolder(Protocol):
    def hold_keys(self) -> None: ...
    def release_keys(self) -> None: ...


class TakesTypeahead:
    """A screen that takes the keys typed while it opens: pushing it holds them, and it
    releases them (``KeyHolder.release_keys``) once its field has the focus."""


class TypeaheadMixin:
    """For an app: ``hold_keys`` from a dialog's opening key or push, ``held`` first thing
    in its ``on_event``, ``release_keys`` once the dialog has focus (or did not open).

    A key the app sent to the screen's focused widget before a dialog opened may come back
    up unhandled after the dialog is up (a home screen's table takes no letters): it is
    sent again too, to the dialog. What was handled where it was typed stays there."""

    _typeahead: list[tuple[str, str | None]] | None = None
    _hold_limit: Timer | None = None
    _holds = 0  # dialogs opened so far
    _sent: weakref.WeakKeyDictionary[events.Key, int] | None = None  # a key sent down: _holds then

    if TYPE_CHECKING:  # given by textual's App
        def set_timer(self, delay: float, callback: Any) -> Timer: ...
        def post_message(self, message: Any) -> bool: ...

    def hold_keys(self) -> None:
        if self._typeahead is None:
            self._typeahead = []
            self._holds += 1
            self._hold_limit = self.set_timer(HOLD_LIMIT_SECONDS, self.release_keys)

    def held(self, event: events.Event) -> bool:
        """Whether ``event`` is a key kept (or sent again) for the dialog being opened: the
        app does nothing else with it."""
        if not isinstance(event, events.Key):
            return False
        if self._typeahead is not None:
            self._typeahead.append((event.key, event.character))
            return True
        if self._sent is None:
            self._sent = weakref.WeakKeyDictionary()
        if not event.is_forwarded:
            self._sent[event] = self._holds
            return False
        holds = self._sent.pop(event, None)
        if holds is not None and holds < self._holds:  # came back up after a dialog opened
            self.post_message(events.Key(event.key, event.character))
            return True
        return False

    def release_keys(self) -> None:
        keys, self._typeahead = self._typeahead, None
        if self._hold_limit is not None:
            self._hold_limit.stop()
            self._hold_limit = None
        for key, character in keys or ():
            self.post_message(events.Key(key, character))
