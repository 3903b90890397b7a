"""Other processes' writes reaching an open meeting: a stat of the cycle file every second
(tui/meeting/live_refresh.py FileWatch) and, when it moved, a reread on a thread whose
result is applied through the app's queue; not when the file holds only this meeting's own
saves (Store.load_since), which the session has already. A mixin of MeetingApp, which owns
the session, the saver and the record of what was edited here (``_edits``, ``_edited``)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual import events

from store import CycleData, StoreError
from tui.i18n import _
from tui.meeting.views import SaveKey

if TYPE_CHECKING:
    from tui.meeting.live_refresh import FileWatch
    from tui.meeting.saver import Saver
    from tui.meeting.session import MeetingSession


class ReloadMixin:
    session: MeetingSession
    saver: Saver
    _watch: FileWatch
    _reloading: bool
    _edits: int
    _edited: dict[SaveKey, tuple[int, frozenset[str]]]
    # and, from the App: run_worker, post_message, notify, show_meeting

    def poll_store(self) -> None:
        """Every second: a stat of the cycle file; a reload (on a thread) only if it moved."""
        if not self._reloading and self._watch.changed():
            self._reloading = True
            self.run_worker(partial(self._reload, self._edits), thread=True, group="reload", exit_on_error=False)

    def _reload(self, edits_before: int) -> None:
        """On a thread. What it read is applied through the app's queue, like a keypress: a
        ``Callback`` event by ``post_message``, which Textual documents as thread-safe (not so
        ``call_later``); ``call_from_thread`` would run it as a task of its own, in the middle of
        a handler that is rebuilding the rows."""
        unsaved = self.saver.pending_items()  # queued or being written as the read begins: maybe not in it
        try:
            generation, data = self.session.store.load_since(self.session.cycle, self.session.generation)
        except (StoreError, OSError) as error:  # a damaged or unreadable file: keep what is shown
            self.post_message(events.Callback(partial(self._reload_failed, error)))
            return
        if data is None:  # the file moved by this meeting's own saves alone: the session has it all
            self.post_message(events.Callback(self._reload_done))
            return
        self.post_message(events.Callback(partial(self._apply_reload, data, generation, edits_before, unsaved)))

    def _reload_done(self) -> None:
        self._reloading = False

    def _reload_failed(self, error: Exception) -> None:
        self._reloading = False
        self.notify(_("Could not read the changes others made: {error}").format(error=error), title=_("Not refreshed"),
                    severity="warning", markup=False)

    async def _apply_reload(self, data: CycleData, generation: int, edits_before: int,
                            unsaved: list[tuple[SaveKey, list[str]]]) -> None:
        """Show what the store holds now, except answers edited here since the poll, not yet
        written when the read began (``unsaved``: a write that lands between the read and
        now is not in ``data``), or still waiting to be written: the local edit wins until
        the store has it."""
        self._reloading = False
        keep: dict[SaveKey, set[str]] = {}
        for key, fields in [*unsaved, *self.saver.pending_items()]:
            keep.setdefault(key, set()).update(fields)
        for key, (n, fields) in list(self._edited.items()):
            if n > edits_before:
                keep.setdefault(key, set()).update(fields)
            elif key not in keep:
                del self._edited[key]  # saved before this read: the store has it
        self.session.refresh(data, keep_krs={k[1]: f for k, f in keep.items() if k[0] == "kr"},
                             keep_objectives={k[1]: f for k, f in keep.items() if k[0] == "objective"},
                             generation=generation)
        await self.show_meeting(scroll=False)

