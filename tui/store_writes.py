"""Store writes off the UI thread, for every screen and app but the meeting (which has its saver).

A write holds its file's inter-process lock, and when another process holds that lock the
store waits up to 30 s for it (store/store.py ``locked``): on the UI thread the screen would
freeze. :meth:`StoreWrites.write_off_thread` runs the write in a Textual thread worker, which
posts a typed message back: the one the write returns on success, :class:`WriteFailed` when
the store refuses. A write still running after :data:`SLOW` is waiting for another writer:
the node says so (:meth:`StoreWrites.show_waiting`) until its writes are done.

The writes of one node run in the order they were asked for (two moves in the editor
land as pressed), each after the one before it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from textual.dom import DOMNode
from textual.message import Message
from textual.timer import Timer
from textual.worker import Worker

from store import StoreError
from store.i18n import N_

GROUP = "store-write"
WAITING = N_("waiting for another writer…")  # shown translated: _(WAITING)
SLOW = 0.3  # s: a write takes ~20 ms; one still running is waiting for another process's lock


@dataclass(eq=False)
class WriteFailed(Message, bubble=False):
    """The store refused the write (or could not do it); nothing was changed.

    ``title`` says what was not done ("Not moved"). It does not bubble: an app's own
    handler must not take a screen's failure for its own."""

    title: str
    error: StoreError


class StoreWrites(DOMNode):
    """Mixin for a screen or an app (list it before the Textual base class) whose store
    writes run off the UI thread."""

    _last_write: threading.Event | None = None  # set once this node's latest write is done
    _wait_timer: Timer | None = None
    _waiting = False

    def write_off_thread(self, write: Callable[[], Message], title: str) -> None:
        """Run ``write`` in a thread worker and post the message it returns; a StoreError
        becomes :class:`WriteFailed` with ``title``. ``write`` runs on another thread: it
        must not touch widgets (read their values before)."""
        before, done = self._last_write, threading.Event()
        self._last_write = done

        def work() -> None:
            try:
                if before is not None:
                    before.wait()
                message: Message = write()
            except StoreError as e:
                message = WriteFailed(title, e)
            finally:
                done.set()
            self.post_message(message)

        if self._wait_timer is None:
            self._wait_timer = self.set_timer(SLOW, self._check_waiting)
        self.run_worker(work, name=title, group=GROUP, thread=True)

    @property
    def writing(self) -> bool:
        """A write of this node has not finished yet."""
        return any(w.group == GROUP and w.node is self and not w.is_finished for w in self.app.workers)

    @property
    def waiting(self) -> bool:
        """A write of this node is waiting for another writer (the notice is shown)."""
        return self._waiting

    def show_waiting(self, waiting: bool) -> None:
        """Show or clear :data:`WAITING` (a status line, a notification)."""
        raise NotImplementedError

    def _check_waiting(self) -> None:
        self._wait_timer = None
        if self.writing and not self._waiting:
            self._set_waiting(True)

    def _set_waiting(self, waiting: bool) -> None:
        self._waiting = waiting
        self.show_waiting(waiting)
        self.refresh_bindings()  # keys a screen refuses while waiting are shown greyed

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != GROUP or not event.worker.is_finished or self.writing:
            return
        if self._wait_timer is not None:
            self._wait_timer.stop()
            self._wait_timer = None
        if self._waiting:
            self._set_waiting(False)
