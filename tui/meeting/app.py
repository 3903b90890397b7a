"""The check-in meeting app: the one place that changes the session, saves and switches
screens. Everything it needs is passed in; nothing is global.

One keypress, in one pass: the screen posts a request (tui/meeting/messages.py) → a
handler here calls one session intent → the intent returns a :class:`Change` →
:meth:`MeetingApp.save` queues it for the saver's thread → the new state goes down to the
screen (:meth:`MeetingScreen.show_state`) → the saver posts ``AnswerSaved`` → the
status line follows ``save_state``.
"""

from __future__ import annotations

import asyncio
import time
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.errors import NoWidget
from textual.reactive import var

import themes
from store import Cycle, KeyResult, Meeting, Store
from store.models import MeetingKind
from store.summary import Summary
from tui.base_app import OkrApp
from tui.i18n import _
from tui.meeting import messages as msg
from tui.meeting.agenda import AgendaMixin
from tui.meeting.exit_signals import ExitOnSignals
from tui.meeting.leaving import LeavingMixin
from tui.meeting.live import ENDED, PUBLISH_SECONDS, RUNNING, LivePublisher, live_path
from tui.meeting.live_refresh import POLL_SECONDS, FileWatch
from tui.meeting.reload import ReloadMixin
from tui.meeting.saver import AnswerSaved, SaveFailed, Saver
from tui.meeting.session import MeetingSession
from tui.meeting.views import Change, SaveKey
from tui.screens.meeting import MeetingScreen
from tui.theming import remember_themes, use_themes

FLUSH_SECONDS = 5.0
FLUSH_POLL_SECONDS = 0.01
SAVE_SETTLE_SECONDS = 0.02  # about a frame: the screen answers a keypress before the disk does


class MeetingApp(AgendaMixin, LeavingMixin, ReloadMixin, OkrApp[Summary | None]):
    """Runs one check-in meeting; exits with the meeting's summary (None if none)."""

    CSS_PATH = Path(themes.__file__).parent / "app.tcss"
    TITLE = _("okr meeting")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", _("quit"), id="app.quit", priority=True,
                tooltip=_("Quit; every answer is saved already and the meeting can be resumed")),
    ]

    # var, not reactive: a reactive on the App repaints the whole screen on every change,
    # and these change on every keypress (SaveStatus shows them and repaints itself alone).
    save_state: var[str] = var("idle")
    save_error: var[str] = var("")

    def __init__(self, store: Store, cycle: Cycle, week: str, *, team: str = "", owner: str = "",
                 facilitator: str = "", attendees: list[str] | None = None, timebox_minutes: int = 3,
                 theme: str | None = None, present: bool = False, ask_start: bool = False,
                 kind: MeetingKind = MeetingKind.MEETING) -> None:
        super().__init__()
        self.present = present
        self.ask_start = ask_start
        self.session = MeetingSession(store, cycle, week, team=team, owner=owner, facilitator=facilitator,
                                      attendees=attendees, timebox_minutes=timebox_minutes, kind=kind)
        if kind == MeetingKind.REVIEW:
            self.title = _("{owner}'s weekly review").format(owner=owner)
        use_themes(self, store, theme)
        self.saver = Saver(self.session.write, self.post_message, settle=SAVE_SETTLE_SECONDS)
        self._quit_anyway = False
        self._answered = False  # an answer was submitted: the status line leaves "no changes yet"
        self._return_to = 0
        self._signals: ExitOnSignals | None = None
        self._signalled = False
        self._watch = FileWatch(store.cycle_path(cycle))
        self._edits = 0  # changes submitted so far; a reload keeps the fields changed after it began
        self._edited: dict[SaveKey, tuple[int, frozenset[str]]] = {}  # last edit's number, fields since
        self._reloading = False
        self.live = LivePublisher(live_path(store.path, cycle.name, week, team=team, owner=owner),
                                  self._live_state, shared=store.shared, warn=self._warn_no_followers)

    @property
    def prefs_store(self) -> Store:
        return self.session.store

    def watch_save_state(self, state: str) -> None:
        if screen := self.meeting_screen:
            screen.save_state = state

    def watch_save_error(self, error: str) -> None:
        if screen := self.meeting_screen:
            screen.save_error = error

    # -- start ---------------------------------------------------------------------
    async def on_mount(self) -> None:
        if not self.is_headless:
            self._signals = ExitOnSignals(asyncio.get_running_loop(), self.exit_on_signal, FLUSH_SECONDS + 5)
            self._signals.install()
        remember_themes(self, self.session.store)
        # What opens the meeting (a dialog, the open help requests) goes on top before the
        # meeting screen is laid out: drawn as the top screen first, it was drawn twice.
        mounted = self.push_screen(MeetingScreen(present=self.present, width=self.size.width))
        self.set_interval(1.0, self._tick)
        self.set_interval(POLL_SECONDS, self.poll_store)
        self.set_interval(PUBLISH_SECONDS, self._publish_live)
        await self.open_meeting()  # resume, a finished week, or a new one (tui/meeting/agenda.py)
        await mounted
        await self.show_meeting()

    def _resume_text(self, m: Meeting) -> str:
        total = len(self.session.objectives)
        where = _("the summary") if m.position >= total else _("objective {number} of {total}").format(
            number=m.position + 1, total=total)
        started = m.started.astimezone().strftime(_("%a %H:%M"))
        return _("Meeting {id} of {week}, started {started}, stopped at {where}.").format(
            id=m.id, week=m.week, started=started, where=where)

    async def _resume_answer(self, found: Meeting, resume: bool | None) -> None:
        self.save(self.session.resume(found) if resume is not False else self.session.begin())
        if self.session.position >= len(self.session.objectives) and self.session.objectives:
            await self.action_show_summary()
        else:
            await self.show_meeting()
            if resume is False:  # started over: the open help requests come first, as in a new meeting
                await self.open_help_requests()

    @property
    def meeting_screen(self) -> MeetingScreen | None:
        """The meeting screen, None while it is not on the stack (starting, or being left)."""
        return next((s for s in self.screen_stack if isinstance(s, MeetingScreen)), None)

    # -- views down -------------------------------------------------------------------
    async def show_meeting(self, *, scroll: bool = True) -> None:
        """Send the session's state down to the meeting screen."""
        self.live.mark()
        if screen := self.meeting_screen:
            s = self.session
            await screen.show_state(s.objective_view(), s.kr_views(), s.selected, scroll=scroll)

    def _tick(self) -> None:
        """Every second: the clocks in the head."""
        if screen := self.meeting_screen:
            screen.show_head(self.session.objective_view())

    # -- requests up: one session intent each -------------------------------------------
    def _kr(self, kid: str) -> KeyResult | None:
        """The key result a dialog's answer names, if it is still shown (a refresh may have removed it)."""
        return next((k for k in self.session.key_results() if k.id == kid), None)

    async def _changed(self, change: Change) -> None:
        self.save(change)
        await self.show_meeting(scroll=False)

    async def on_select_kr(self, request: msg.SelectKR) -> None:
        self.session.select(request.delta)
        await self.show_meeting()

    # A key acts on the key result selected now, after the keys before it (messages.py says why).
    async def on_step_progress(self, request: msg.StepProgress) -> None:
        if kr := self.session.selected_kr:
            await self._changed(self.session.step_progress(kr, request.steps))

    async def on_set_confidence(self, request: msg.SetConfidence) -> None:
        if kr := self.session.selected_kr:
            await self._changed(self.session.set_confidence(kr, request.confidence))

    async def on_set_value(self, request: msg.SetValue) -> None:
        if kr := self._kr(request.kr):
            await self._changed(self.session.set_value(kr, request.value))

    async def on_set_blocker(self, request: msg.SetBlocker) -> None:
        if kr := self._kr(request.kr):
            await self._changed(self.session.set_blocker(kr, request.blocker, request.help_from))

    async def on_undo(self, request: msg.Undo) -> None:
        if (kr := self.session.selected_kr) is None:
            return
        if (change := self.session.undo(kr)) is None:
            self.notify(_("Nothing to undo for {kr} in this meeting.").format(kr=kr.id), markup=False)
            return
        await self._changed(change)

    async def on_confirm(self, request: msg.Confirm) -> None:
        if (kr := self.session.selected_kr) is None:  # an objective with no key results: on to the next
            await self.move_objective(1)
            return
        self.save(self.session.confirm(kr))
        if (after := self.session.next_in_walk()) is not None:  # an absent owner's key results are skipped
            self.session.select_at(after)
        elif (gap := self.session.first_unanswered_here()) is not None:
            self.session.select_at(gap)  # the objective is not done while one of its key results is not
        else:
            await self.move_objective(1)
            return
        await self.show_meeting()

    async def on_move_objective(self, request: msg.MoveObjective) -> None:
        await self.move_objective(request.delta)

    async def move_objective(self, delta: int) -> None:
        target = self.session.position + delta
        if target < 0:
            return
        if target >= len(self.session.objectives):
            await self.action_show_summary()
            return
        self.save(self.session.move_to(target))
        await self.show_meeting()

    async def on_set_objective_answer(self, request: msg.SetObjectiveAnswer) -> None:
        await self._changed(self.session.set_objective_answer(request.objective, request.confidence, request.note))

    async def on_set_wins(self, request: msg.SetWins) -> None:
        await self._changed(self.session.set_wins(request.objective, request.wins))

    async def on_open_history(self, request: msg.OpenHistory) -> None:
        from tui.screens.history import HistoryScreen  # imported when first asked for: a faster start

        s = self.session
        item = s.objective if request.whole_objective else s.selected_kr
        if item is None:
            return
        await self.flush()  # the history shows this week's answers given so far
        await self.push_screen(HistoryScreen(s.store, s.cycle, item.id, s.week))

    def on_open_dialog(self, request: msg.OpenDialog) -> None:
        """The screen has been sent everything the keys before this one changed: it opens the
        dialog about what it shows. The keys typed since wait for the dialog (it releases them
        once it has focus: tui/typeahead.py), or go on now if there is nothing to ask about."""
        screen = self.meeting_screen
        if screen is None or not screen.open_dialog(request.kind):
            self.release_keys()

    async def on_open_grades(self, request: msg.OpenGrades) -> None:
        from tui.screens.grading import GradingScreen  # imported when first asked for: a faster start

        await self.flush()
        await self.push_screen(GradingScreen(self.session.store, self.session.cycle))

    # -- mouse -------------------------------------------------------------------------
    async def on_event(self, event: events.Event) -> None:
        """Drop a mouse event over a widget that has just left the DOM (a row being replaced):
        for a few loop iterations Textual 8.2.8 still maps it on screen, and a press on it
        crashes the app (textual#6643; tests/test_mouse_race.py keeps the reproduction)."""
        if isinstance(event, events.MouseEvent) and not event.is_forwarded and self._over_detached(event):
            return
        await super().on_event(event)

    def _over_detached(self, event: events.MouseEvent) -> bool:
        try:
            widget, _ = self.screen.get_widget_at(event.x, event.y)
        except NoWidget:
            return False
        return not widget.is_attached

    # -- saving ----------------------------------------------------------------------
    def save(self, change: Change) -> None:
        """Queue a change; a thread worker writes it (the UI never waits for the disk)."""
        self.live.mark()
        self._edits += 1
        _, before = self._edited.get(change.key, (0, frozenset()))
        self._edited[change.key] = (self._edits, before | frozenset(change.fields))
        self._answered = self._answered or change.key[0] != "meeting"
        if self.saver.submit(change.key, change.fields):
            self.run_worker(self.saver.drain, thread=True, group="saver", name="saver", exit_on_error=False)
        # The status line says "saving" a frame after the answer is shown: both in one frame,
        # Textual repaints every line between the row at the top and the status at the bottom.
        self.call_after_refresh(self._show_saving)

    def _show_saving(self) -> None:
        if self.saver.pending and self._answered:
            self.save_state = "saving"

    def on_answer_saved(self, message: AnswerSaved) -> None:
        if message.pending == 0 and self._answered:  # the meeting record's own saves: "no changes yet"
            self.save_state, self.save_error = "saved", ""

    def on_save_failed(self, message: SaveFailed) -> None:
        self.save_error = message.error
        self.save_state = "failed" if message.retrying else "refused"  # refused: said until the next save
        what = " ".join(message.key)
        if message.retrying and message.attempt > 1:
            return  # said once; the status line keeps showing it until the save goes through
        if message.retrying:
            text = _("Could not save {what} (try {attempt}): {error}. Kept on screen; retrying.").format(
                what=what, attempt=message.attempt, error=message.error)
        else:
            text = _("Not saved: {what}: {error}").format(what=what, error=message.error)
        self.notify(text, title=_("Save failed"), severity="error", markup=False)

    async def flush(self, timeout: float = FLUSH_SECONDS) -> bool:
        """Wait (without blocking the UI) until queued answers are written; False on timeout.

        It asks the saver, not its messages: the handler awaiting this (quit, the summary)
        holds up the app's queue, so an ``AnswerSaved`` would only arrive after the timeout."""
        deadline = time.monotonic() + timeout
        while self.saver.pending and time.monotonic() < deadline:
            await asyncio.sleep(FLUSH_POLL_SECONDS)
        return not self.saver.pending

    # -- the live file for followers (tui/meeting/live.py) -------------------------------
    def _live_state(self) -> dict[str, Any]:
        s, kr = self.session, self.session.selected_kr
        obj = s.objective
        return {"cycle": s.cycle.name, "week": s.week, "team": s.team, "owner": s.owner, "meeting": s.record.id,
                "facilitator": s.record.facilitator, "started": s.record.started.timestamp(),
                "position": s.position, "objective": obj.id if obj else None, "kr": kr.id if kr else None,
                "state": ENDED if s.record.ended else RUNNING}

    def _warn_no_followers(self, text: str) -> None:
        """From the live file's writing thread: said through the app's queue (post_message is thread-safe)."""
        self.post_message(events.Callback(partial(self.notify, text, title=_("No followers"), severity="warning",
                                                  markup=False, timeout=10)))

    def _publish_live(self) -> None:
        """On a timer, never on a keypress: what changed since the last tick, written on a thread."""
        if (data := self.live.take()) is not None:
            self.run_worker(partial(self.live.write, data), thread=True, group="live", exit_on_error=False)

    def on_unmount(self) -> None:
        self.saver.stop()
        self.live.write_last()
        if self._signals:
            self._signals.uninstall()
