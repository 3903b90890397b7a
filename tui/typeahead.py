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
    releases them (``KeyHolder.release_keys``) once its field has the focus. ``closing``:
    saved or cancelled, the keys still reaching its fields are for what comes next."""

    closing = False


class TypeaheadMixin:
    """For an app: ``hold_keys`` from a dialog's opening key or push, ``typed_ahead`` first
    thing in its ``on_event``, ``release_keys`` once the dialog has focus (or did not open).

    A terminal's burst can come in two reads: keys of the second wait in the app's queue
    while the first are sent again. So the keys are sent again from the app's own queue, in
    one go, ahead of any that came after (``_replay``), not posted behind them. A key the
    app sent to the screen's focused widget before a dialog opened may come back up
    unhandled after the dialog is up (a home screen's table takes no letters): it goes to
    the dialog too. What was handled where it was typed stays there."""

    _typeahead: list[tuple[str, str | None]] | None = None
    _replaying = False  # a replay is queued: keys still held until it runs
    _hold_limit: Timer | None = None
    _holds = 0  # dialogs opened so far
    _sent: weakref.WeakKeyDictionary[events.Key, int] | None = None  # a key sent down: _holds then

    if TYPE_CHECKING:  # given by textual's App
        def set_timer(self, delay: float, callback: Any) -> Timer: ...
        def call_later(self, callback: Any, *args: Any) -> bool: ...
        async def on_event(self, event: events.Event) -> None: ...

    def hold_keys(self) -> None:
        if self._typeahead is None:
            self._typeahead = []
            self._holds += 1
            self._hold_limit = self.set_timer(HOLD_LIMIT_SECONDS, self.release_keys)

    def typed_ahead(self, event: events.Event) -> events.Event | None:
        """The event to handle now: ``event`` itself, a key of it sent again for the dialog
        now up, or None: kept for the dialog being opened."""
        if not isinstance(event, events.Key):
            return event
        if self._typeahead is not None:
            self._typeahead.append((event.key, event.character))
            return None
        if self._sent is None:
            self._sent = weakref.WeakKeyDictionary()
        if not event.is_forwarded:
            self._sent[event] = self._holds
            return event
        holds = self._sent.pop(event, None)
        if holds is not None and holds < self._holds:  # came back up after a dialog opened
            return events.Key(event.key, event.character)
        return event

    def release_keys(self) -> None:
        """The dialog has focus (or none came): the keys held go to it, from the app's queue."""
        if self._typeahead is not None and not self._replaying:
            self._replaying = True
            self.call_later(self._replay)

    async def _replay(self) -> None:
        keys, self._typeahead, self._replaying = self._typeahead or [], None, False
        if self._hold_limit is not None:
            self._hold_limit.stop()
            self._hold_limit = None
        for key, character in keys:
            await self.on_event(events.Key(key, character))
