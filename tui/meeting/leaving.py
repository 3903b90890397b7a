"""How a meeting is left: the summary and back, finishing (asked first when key results
have no answer), quitting (resumable), and SIGTERM/SIGHUP. A mixin of MeetingApp, which
owns the session, the saver and ``flush``; every way out saves what is queued first.
The summary screen and the choice dialog are imported when first shown: a faster start."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from tui.i18n import _, ngettext

if TYPE_CHECKING:
    from store import KeyResult
    from tui.meeting.saver import Saver
    from tui.meeting.session import MeetingSession
    from tui.meeting.views import Change


class LeavingMixin:
    session: MeetingSession
    saver: Saver
    save_error: str
    _return_to: int  # the objective the summary was opened from: `b` goes back to it
    _quit_anyway: bool  # a quit that could not save was said once: the next one quits
    _signalled: bool
    # and, from the App: save, flush, show_meeting, screen, push_screen, pop_screen, notify,
    # run_worker, exit

    # -- the summary -----------------------------------------------------------------
    def _on_summary(self) -> bool:
        from tui.screens.summary import SummaryScreen  # imported when first needed: a faster start

        return isinstance(self.screen, SummaryScreen)

    async def action_show_summary(self) -> None:
        if self._on_summary():
            return
        from tui.screens.summary import SummaryScreen

        self._return_to = min(self.session.position, max(0, len(self.session.objectives) - 1))
        self.save(self.session.move_to(len(self.session.objectives)))
        await self.flush()
        await self.push_screen(SummaryScreen(self.session.summary()))

    async def action_back(self) -> None:
        if self._on_summary():
            self.pop_screen()
            self.save(self.session.move_to(self._return_to))
            await self.show_meeting()

    # -- ending ------------------------------------------------------------------------
    async def action_finish(self) -> None:
        """End the meeting (from the summary) and exit with its summary; with key results not
        answered, ask first (going to the first of them is the default)."""
        gaps = self.session.unanswered()
        if not gaps:
            await self._exit_saved(self.session.finish())
            return
        where = ", ".join(dict.fromkeys(self.session.objectives[pos].id for pos, _kr in gaps))
        text = ngettext("{n} key result has no answer this week (objectives: {where}).",
                        "{n} key results have no answer this week (objectives: {where}).",
                        len(gaps)).format(n=len(gaps), where=where)
        from tui.screens.choice import Choice, ChoiceModal  # imported when first asked for: a faster start

        choices = [Choice("g", _("Go to the first unanswered"), "go"), Choice("f", _("Finish anyway"), "finish")]
        self.push_screen(ChoiceModal(_("Finish the meeting?"), text, choices), partial(self._finish_answer, gaps))

    async def _finish_answer(self, gaps: list[tuple[int, KeyResult]], answer: str | None) -> None:
        if answer == "finish":
            await self._exit_saved(self.session.finish())
        elif answer == "go":
            position, kr = gaps[0]
            await self.action_back()
            self.save(self.session.move_to(position))
            self.session.select_at([k.id for k in self.session.key_results()].index(kr.id))
            await self.show_meeting()

    async def action_quit(self) -> None:
        """Quit: on the summary this ends the meeting; elsewhere it stays resumable."""
        if self._on_summary():
            await self.action_finish()
        else:
            await self._exit_saved(self.session.book_time())

    async def _exit_saved(self, change: Change) -> None:
        self.save(change)
        if not await self.flush() and not self._quit_anyway:
            self._quit_anyway = True
            pending = self.saver.pending
            self.notify(ngettext("{n} answer not saved yet: {error}. Still retrying; press ctrl+q again to quit anyway.",
                                 "{n} answers not saved yet: {error}. Still retrying; press ctrl+q again to quit anyway.",
                                 pending).format(n=pending, error=self.save_error or _("still writing")),
                        title=_("Not saved"), severity="error", markup=False, timeout=10)
            return
        self.exit(self.session.summary())

    def exit_on_signal(self, signum: int) -> None:
        """SIGTERM, or SIGHUP when the terminal or SSH connection goes: save what is queued,
        restore the terminal and exit 128+signum. The meeting stays open, so it can be resumed."""
        if not self._signalled:
            self._signalled = True
            self.run_worker(self._exit_signalled(signum), group="signal", exit_on_error=False)

    async def _exit_signalled(self, signum: int) -> None:
        self.save(self.session.book_time())
        await self.flush()
        self.exit(None, return_code=128 + signum)
