"""Saving answers off the UI thread, in order, retrying until they are on disk.

The UI submits answers with :meth:`Saver.submit` (keyed by what they change, so a
quick run of keypresses on one key result coalesces into one write) and starts a
thread worker running :meth:`Saver.drain` when ``submit`` asks for one. ``drain``
writes the queue in order. A failed write stays queued and is retried with backoff,
unless it can never succeed (:data:`PERMANENT`); every outcome is posted as a typed
message, so nothing is lost silently.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from textual.message import Message

from store import InvalidInputError, LimitError, NotFoundError, SchemaTooNewError
from tui.meeting.views import WITHDRAWN, SaveKey

Writer = Callable[[SaveKey, dict[str, Any]], None]
# Errors a retry cannot fix, the data being what it is: the answer is refused once, and said so.
# ValueError: a value that does not validate or encode (UnicodeError: text that is not UTF-8, a
# lone surrogate from a shell). Anything else (an OSError, a lock held too long, a disk full,
# a file someone is restoring) may go away: it is retried.
PERMANENT = (InvalidInputError, NotFoundError, LimitError, SchemaTooNewError, ValueError)
MAX_BACKOFF = 10.0


class AnswerSaved(Message):
    """An answer (key result, objective or meeting record) reached the store."""

    def __init__(self, key: SaveKey, pending: int) -> None:
        super().__init__()
        self.key = key
        self.pending = pending


class SaveFailed(Message):
    """A write failed; ``retrying`` is False when the store refused the answer itself."""

    def __init__(self, key: SaveKey, error: str, attempt: int, retrying: bool, pending: int) -> None:
        super().__init__()
        self.key = key
        self.error = error
        self.attempt = attempt
        self.retrying = retrying
        self.pending = pending


def backoff(attempt: int) -> float:
    """Seconds to wait before retry ``attempt`` (1, 2, ...): 0.5, 1, 2, ... up to 10."""
    return min(MAX_BACKOFF, 0.5 * 2 ** (attempt - 1))


class Saver:
    """``settle``: seconds a drain waits before its first write, so the screen shows a
    keypress before the write competes with it for the interpreter (and a burst of
    keypresses on one key result becomes one write)."""

    def __init__(self, write: Writer, post: Callable[[Message], object], *, settle: float = 0.0) -> None:
        self._write = write
        self._post = post
        self._settle = settle
        self._lock = threading.Lock()
        self._pending: dict[SaveKey, dict[str, Any]] = {}  # insertion order = write order
        self._attempts: dict[SaveKey, int] = {}
        self._draining = False
        self._stop = threading.Event()

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._pending)

    def pending_items(self) -> list[tuple[SaveKey, list[str]]]:
        """What waits to be written: each key with the names of its fields."""
        with self._lock:
            return [(key, list(fields)) for key, fields in self._pending.items()]

    def submit(self, key: SaveKey, fields: dict[str, Any]) -> bool:
        """Queue ``fields`` for ``key`` (merged over a queued answer; one that withdraws the
        check-in replaces it). True: start a drain."""
        with self._lock:
            queued = {} if WITHDRAWN in fields else self._pending.get(key, {})
            self._pending[key] = {**queued, **fields}
            if self._draining:
                return False
            self._draining = True
            return True

    def stop(self) -> None:
        """Make a running drain return (on exit); queued answers stay queued."""
        self._stop.set()

    def drain(self) -> None:
        """Write everything queued, in order; retry failures until written or stopped."""
        if self._settle:
            self._stop.wait(self._settle)
        while not self._stop.is_set():
            with self._lock:
                if not self._pending:
                    self._draining = False
                    return
                key, fields = next(iter(self._pending.items()))
            try:
                self._write(key, fields)
            except Exception as error:  # noqa: BLE001 - any failure must be reported and retried
                self._failed(key, fields, error)
                continue
            with self._lock:
                if self._pending.get(key) is fields:  # no newer answer arrived while writing
                    del self._pending[key]
                self._attempts.pop(key, None)
                left = len(self._pending)
            self._post(AnswerSaved(key, left))
        with self._lock:
            self._draining = False

    def _failed(self, key: SaveKey, fields: dict[str, Any], error: Exception) -> None:
        retrying = not isinstance(error, PERMANENT)
        with self._lock:
            attempt = self._attempts[key] = self._attempts.get(key, 0) + 1
            if not retrying and self._pending.get(key) is fields:
                del self._pending[key]
                self._attempts.pop(key, None)
            left = len(self._pending)
        self._post(SaveFailed(key, str(error) or type(error).__name__, attempt, retrying, left))
        if retrying:
            self._stop.wait(backoff(attempt))
