"""The check-in meeting app. Everything it needs is passed in; nothing is global."""

from __future__ import annotations

import asyncio
import time
from functools import partial
from pathlib import Path
from typing import Any

from textual.binding import Binding
from textual.reactive import var

import themes
from store import Cycle, CycleData, Meeting, Store, StoreError
from store.summary import Summary

from tui.base_app import OkrApp
from tui.meeting.exit_signals import ExitOnSignals
from tui.meeting.live_refresh import POLL_SECONDS, FileWatch
from tui.meeting.session import MeetingSession
from tui.meeting.saver import AnswerSaved, SaveFailed, SaveKey, Saver
from tui.screens import MeetingScreen, ResumeModal, SummaryScreen
from tui.theming import remember_themes, use_themes

FLUSH_SECONDS = 5.0
SAVE_SETTLE_SECONDS = 0.02  # about a frame: the screen answers a keypress before the disk does


class MeetingApp(OkrApp[Summary | None]):
    """Runs one check-in meeting; exits with the meeting's summary (None if none)."""

    CSS_PATH = Path(themes.__file__).parent / "app.tcss"
    TITLE = "okr meeting"
    BINDINGS = [
        Binding("ctrl+q", "quit", "quit", id="app.quit", priority=True,
                tooltip="Quit; every answer is saved already and the meeting can be resumed"),
    ]

    # var, not reactive: a reactive on the App repaints the whole screen on every change,
    # and these change on every keypress (SaveStatus shows them and repaints itself alone).
    save_state: var[str] = var("idle")
    save_error: var[str] = var("")

    def __init__(self, store: Store, cycle: Cycle, week: str, *, team: str = "", owner: str = "",
                 facilitator: str = "", attendees: list[str] | None = None, timebox_minutes: int = 3,
                 theme: str | None = None, present: bool = False) -> None:
        super().__init__()
        self.present = present
        self.session = MeetingSession(store, cycle, week, team=team, owner=owner, facilitator=facilitator,
                                      attendees=attendees, timebox_minutes=timebox_minutes)
        use_themes(self, store, theme)
        self.saver = Saver(self.session.write, self.post_message, settle=SAVE_SETTLE_SECONDS)
        self._quit_anyway = False
        self._return_to = 0
        self._signals: ExitOnSignals | None = None
        self._signalled = False
        self._watch = FileWatch(store.cycle_path(cycle))
        self._edits = 0  # answers submitted so far; a reload keeps those given after it began
        self._edited: dict[SaveKey, int] = {}
        self._reloading = False

    # -- start ---------------------------------------------------------------------
    async def on_mount(self) -> None:
        if not self.is_headless:
            self._signals = ExitOnSignals(asyncio.get_running_loop(), self.exit_on_signal, FLUSH_SECONDS + 5)
            self._signals.install()
        remember_themes(self, self.session.store)
        await self.push_screen(MeetingScreen(self.session, self.save, present=self.present))
        self.set_interval(POLL_SECONDS, self.poll_store)
        found = self.session.resumable()
        if found is None:  # written once the first frame is out (a thread writing slows it)
            self.call_after_refresh(lambda: self.save(("meeting",), self.session.meeting_fields()))
        else:
            self.push_screen(ResumeModal(self._resume_text(found)), partial(self._resume_answer, found))

    def _resume_text(self, m: Meeting) -> str:
        total = len(self.session.objectives)
        where = "the summary" if m.position >= total else f"objective {m.position + 1} of {total}"
        started = m.started.astimezone().strftime("%a %H:%M")
        return f"Meeting {m.id} of {m.week}, started {started}, stopped at {where}."

    async def _resume_answer(self, found: Meeting, resume: bool | None) -> None:
        if resume is not False:
            self.session.resume(found)
        self.save(("meeting",), self.session.meeting_fields())
        if self.session.position >= len(self.session.objectives) and self.session.objectives:
            await self.action_show_summary()
        else:
            await self.meeting_screen.show_objective()

    @property
    def meeting_screen(self) -> MeetingScreen:
        return next(s for s in self.screen_stack if isinstance(s, MeetingScreen))

    # -- saving ----------------------------------------------------------------------
    def save(self, key: SaveKey, fields: dict[str, Any]) -> None:
        """Queue an answer; a thread worker writes it (the UI never waits for the disk)."""
        self._edits += 1
        self._edited[key] = self._edits
        if self.saver.submit(key, fields):
            self.run_worker(self.saver.drain, thread=True, group="saver", name="saver", exit_on_error=False)
        # The status line says "saving" a frame after the answer is shown: both in one frame,
        # Textual repaints every line between the row at the top and the status at the bottom.
        self.call_after_refresh(self._show_saving)

    def _show_saving(self) -> None:
        if self.saver.pending:
            self.save_state = "saving"

    def on_answer_saved(self, message: AnswerSaved) -> None:
        if message.pending == 0:
            self.save_state, self.save_error = "saved", ""

    def on_save_failed(self, message: SaveFailed) -> None:
        self.save_error = message.error
        self.save_state = "failed" if message.retrying else ("saving" if message.pending else "saved")
        what = " ".join(message.key)
        if message.retrying and message.attempt > 1:
            return  # said once; the status line keeps showing it until the save goes through
        if message.retrying:
            text = f"Could not save {what} (try {message.attempt}): {message.error}. Kept on screen; retrying."
        else:
            text = f"Not saved: {what}: {message.error}"
        self.notify(text, title="Save failed", severity="error", markup=False)

    async def flush(self, timeout: float = FLUSH_SECONDS) -> bool:
        """Wait (without blocking the UI) until queued answers are written; False on timeout."""
        deadline = time.monotonic() + timeout
        while self.saver.pending and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        return not self.saver.pending

    # -- other processes' writes ----------------------------------------------------------
    def poll_store(self) -> None:
        """Every second: a stat of the cycle file; a reload (on a thread) only if it moved."""
        if not self._reloading and self._watch.changed():
            self._reloading = True
            self.run_worker(partial(self._reload, self._edits), thread=True, group="reload", exit_on_error=False)

    def _reload(self, edits_before: int) -> None:
        try:
            data = self.session.store.load(self.session.cycle)
        except (StoreError, OSError) as error:  # a damaged or unreadable file: keep what is shown
            self.call_from_thread(self._reload_failed, error)
            return
        self.call_from_thread(self._apply_reload, data, edits_before)

    def _reload_failed(self, error: Exception) -> None:
        self._reloading = False
        self.notify(f"Could not read the changes others made: {error}", title="Not refreshed",
                    severity="warning", markup=False)

    async def _apply_reload(self, data: CycleData, edits_before: int) -> None:
        """Show what the store holds now, except answers edited here since the read began
        or still waiting to be written: the local edit wins until it is saved."""
        self._reloading = False
        keep = {key for key, n in self._edited.items() if n > edits_before} | set(self.saver.pending_keys())
        self.session.refresh(data, keep_krs={k[1] for k in keep if k[0] == "kr"},
                             keep_objectives={k[1] for k in keep if k[0] == "objective"})
        await self.meeting_screen.refresh_from_store()

    # -- moving between screens ---------------------------------------------------------
    async def action_show_summary(self) -> None:
        if isinstance(self.screen, SummaryScreen):
            return
        self._return_to = min(self.session.position, max(0, len(self.session.objectives) - 1))
        self.session.move_to(len(self.session.objectives))
        self.save(("meeting",), self.session.meeting_fields())
        await self.flush()
        await self.push_screen(SummaryScreen(self.session.summary()))

    async def action_back(self) -> None:
        if isinstance(self.screen, SummaryScreen):
            self.pop_screen()
            self.session.move_to(self._return_to)
            self.save(("meeting",), self.session.meeting_fields())
            await self.meeting_screen.show_objective()

    # -- ending ------------------------------------------------------------------------
    async def action_finish(self) -> None:
        """End the meeting (from the summary) and exit with its summary."""
        self.session.finish()
        await self._exit_saved()

    async def action_quit(self) -> None:
        """Quit: on the summary this ends the meeting; elsewhere it stays resumable."""
        if isinstance(self.screen, SummaryScreen):
            await self.action_finish()
        else:
            await self._exit_saved()

    async def _exit_saved(self) -> None:
        self.save(("meeting",), self.session.meeting_fields())
        if not await self.flush() and not self._quit_anyway:
            self._quit_anyway = True
            self.notify(f"{self.saver.pending} answer(s) not saved yet: {self.save_error or 'still writing'}. "
                        "Still retrying; press ctrl+q again to quit anyway.",
                        title="Not saved", severity="error", markup=False, timeout=10)
            return
        self.exit(self.session.summary())

    def exit_on_signal(self, signum: int) -> None:
        """SIGTERM, or SIGHUP when the terminal or SSH connection goes: save what is queued,
        restore the terminal and exit 128+signum. The meeting stays open, so it can be resumed."""
        if not self._signalled:
            self._signalled = True
            self.run_worker(self._exit_signalled(signum), group="signal", exit_on_error=False)

    async def _exit_signalled(self, signum: int) -> None:
        self.save(("meeting",), self.session.meeting_fields())
        await self.flush()
        self.exit(None, return_code=128 + signum)

    def on_unmount(self) -> None:
        self.saver.stop()
        if self._signals:
            self._signals.uninstall()
