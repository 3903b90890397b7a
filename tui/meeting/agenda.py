"""What the meeting app does around the walk-through: the open help requests before
objective 1, and the requests about people and next steps. A mixin of
:class:`~tui.meeting.app.MeetingApp` (kept apart so app.py stays the loop): its handlers
follow the same loop, one session intent each, the Change saved, the state sent down."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.i18n import _
from tui.meeting import messages as msg
from tui.screens.help_requests import HelpRequestsScreen

if TYPE_CHECKING:
    from textual.screen import Screen

    from store import KeyResult
    from tui.meeting.session import MeetingSession
    from tui.meeting.views import Change


class AgendaMixin:
    if TYPE_CHECKING:  # given by MeetingApp (and textual's App)
        session: MeetingSession

        async def push_screen(self, screen: Screen[None]) -> None: ...
        async def _changed(self, change: Change) -> None: ...
        def _kr(self, kid: str) -> KeyResult | None: ...
        async def show_meeting(self, *, scroll: bool = True) -> None: ...
        def save(self, change: Change) -> None: ...
        def notify(self, message: str, *, markup: bool = ...) -> None: ...

    async def open_help_requests(self) -> None:
        """Before objective 1 of a meeting started afresh: last week's open blockers, if any."""
        if requests := self.session.help_requests():
            await self.push_screen(HelpRequestsScreen(requests))

    async def on_set_next_step(self, request: msg.SetNextStep) -> None:
        if kr := self._kr(request.kr):
            await self._changed(self.session.set_next_step(kr, request.next_step))

    async def on_mark_absent(self, request: msg.MarkAbsent) -> None:
        self.save(self.session.mark_absent(request.owner))
        await self.show_meeting(scroll=False)
        text = (_("{owner} is absent: their key results are skipped and listed as absent.")
                if request.owner in self.session.record.absent else _("{owner} is here after all."))
        self.notify(text.format(owner=request.owner), markup=False)
