"""What the meeting app does around the walk-through: how a meeting opens (resume, a week
already finished, the start dialog, the open help requests before objective 1), and the
requests about people and next steps. A mixin of :class:`~tui.meeting.app.MeetingApp`
(kept apart so app.py stays the loop): its handlers follow the same loop, one session
intent each, the Change saved, the state sent down."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from store import Meeting
from store.summary import build_summary
from tui.i18n import _, ngettext
from tui.meeting import messages as msg
from tui.screens.modals import FormField, FormModal, ResumeModal

if TYPE_CHECKING:
    from store import KeyResult
    from tui.meeting.session import MeetingSession
    from tui.meeting.views import Change


def split_names(text: str) -> list[str]:
    """"Ben, Cy ,, 李雷" → ["Ben", "Cy", "李雷"]."""
    return [name for name in (part.strip() for part in text.replace("，", ",").split(",")) if name]


class AgendaMixin:
    ask_start = False  # the start dialog (facilitator, attendees, agenda) comes first

    if TYPE_CHECKING:  # given by MeetingApp (and textual's App)
        session: MeetingSession

        def push_screen(self, screen: Any, callback: Any = None) -> Any: ...
        def call_after_refresh(self, callback: Any) -> bool: ...
        def run_worker(self, work: Any, **options: Any) -> Any: ...
        def exit(self, result: Any = None) -> None: ...
        def save(self, change: Change) -> None: ...
        def notify(self, message: str, **options: Any) -> None: ...
        def _kr(self, kid: str) -> KeyResult | None: ...
        def _resume_text(self, m: Meeting) -> str: ...
        async def _resume_answer(self, found: Meeting, resume: bool | None) -> None: ...
        async def _changed(self, change: Change) -> None: ...
        async def show_meeting(self, *, scroll: bool = True) -> None: ...

    # -- opening ----------------------------------------------------------------------
    async def open_meeting(self) -> None:
        """An unfinished meeting of this week asks to resume; a finished one says so and
        offers its summary, reopening it or a new one; else a new meeting starts."""
        if (found := self.session.resumable()) is not None:
            self.push_screen(ResumeModal(self._resume_text(found)), partial(self._resume_answer, found))
        elif (done := self.session.finished()) is not None:
            from tui.screens.choice import Choice, ChoiceModal  # imported when asked for: a faster start

            text = _("Meeting {id} of {week} is finished.").format(id=done.id, week=done.week)
            choices = [Choice("v", _("View its summary"), "view"), Choice("r", _("Reopen it"), "reopen"),
                       Choice("n", _("Start a new one"), "new")]
            self.push_screen(ChoiceModal(_("This week's meeting is finished"), text, choices),
                             partial(self._finished_answer, done))
        else:
            await self.start_afresh()

    async def _finished_answer(self, done: Meeting, answer: str | None) -> None:
        if answer == "reopen":
            self.save(self.session.reopen(done))
            await self.show_meeting()
        elif answer == "new":
            await self.start_afresh()
        else:  # its summary, as the meeting printed it (Esc too: nothing is written)
            s = self.session
            self.exit(build_summary(s.store.load(s.cycle), s.week, s.thresholds, team=s.team, owner=s.owner,
                                    meeting=done))

    async def start_afresh(self) -> None:
        """A new meeting: the start dialog if asked for, then the open help requests."""
        if not self.ask_start:
            self.call_after_refresh(lambda: self.save(self.session.begin()))  # once the first frame is out
            await self.open_help_requests()
            return
        r = self.session.record
        objectives, krs, minutes = self.session.agenda()
        agenda = " · ".join([ngettext("{n} objective", "{n} objectives", objectives).format(n=objectives),
                             ngettext("{n} key result", "{n} key results", krs).format(n=krs),
                             _("~{minutes} min at {each} min each").format(minutes=minutes,
                                                                            each=r.timebox_minutes)])
        fields = [FormField(_("Facilitator"), r.facilitator),
                  FormField(_("Attendees (comma-separated)"), ", ".join(r.attendees))]
        self.push_screen(FormModal(_("Start the meeting"), fields,
                                   hint=agenda + "\n" + _("Enter: start · Tab: next field · Esc: start as shown")),
                         self._start_answer)

    async def _start_answer(self, values: list[str] | None) -> None:
        r = self.session.record
        facilitator, attendees = (values[0].strip(), split_names(values[1])) if values else (r.facilitator, r.attendees)
        self.save(self.session.set_people(facilitator or r.facilitator, attendees))
        store = self.session.store
        people = {"facilitator": self.session.record.facilitator, "attendees": list(self.session.record.attendees)}
        self.run_worker(partial(store.set_user_prefs, **people), thread=True, group="prefs", exit_on_error=False)
        await self.open_help_requests()

    async def open_help_requests(self) -> None:
        """Before objective 1 of a meeting started afresh: last week's open blockers, if any."""
        if requests := self.session.help_requests():
            from tui.screens.help_requests import HelpRequestsScreen  # imported when first shown: a faster start

            await self.push_screen(HelpRequestsScreen(requests), lambda _: self.session.start_walk())
        else:
            self.session.start_walk()

    # -- requests ---------------------------------------------------------------------
    async def on_set_next_step(self, request: msg.SetNextStep) -> None:
        if kr := self._kr(request.kr):
            await self._changed(self.session.set_next_step(kr, request.next_step))

    async def on_mark_absent(self, request: msg.MarkAbsent) -> None:
        if (kr := self.session.selected_kr) is None or not kr.owner:
            return
        self.save(self.session.mark_absent(kr.owner))
        await self.show_meeting(scroll=False)
        text = (_("{owner} is absent: their key results are skipped and listed as absent.")
                if kr.owner in self.session.record.absent else _("{owner} is here after all."))
        self.notify(text.format(owner=kr.owner), markup=False)
