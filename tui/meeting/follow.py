"""`okr follow`: a read-only view of the meeting that is open, where the facilitator is.

Each poll (:data:`FOLLOW_POLL_SECONDS`) is two stats: the meeting's live file
(tui/meeting/live.py), read again when it moved, and the cycle file, reread on a thread
when it moved (the answers as they are saved). The views are the meeting's own: a
:class:`MeetingSession` that is only moved and refreshed, never asked to write, so the
follower writes nothing to the store (and takes no lock: reads need none).
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

import themes
from store import Cycle, CycleData, Store, StoreError
from store.summary import Summary
from tui.base_app import OkrApp
from tui.i18n import _
from tui.meeting.live import ENDED, LEFT, LiveRefused, LiveState, live_path, read_live
from tui.meeting.live_refresh import FileWatch
from tui.meeting.session import MeetingSession
from tui.meeting.views import KRView, ObjectiveView
from tui.screens.summary import summary_content
from tui.theming import use_themes
from tui.widgets import RowsView
from tui.widgets.format import clean
from tui.widgets.present import PresentView

FOLLOW_POLL_SECONDS = 0.2  # two stats a poll: within a second of the facilitator, and idle


class FollowScreen(Screen[None]):
    """One of three things: waiting, the meeting (rows or presentation), or the summary."""

    DEFAULT_CSS = """
    FollowScreen { layout: vertical; }
    FollowScreen #follow-line { height: 1; padding: 0 1; background: $panel; }
    FollowScreen #follow-wait { height: 1fr; content-align: center middle; }
    FollowScreen #follow-summary { height: 1fr; padding: 0 1; }
    FollowScreen PresentView { display: none; height: 1fr; padding: 0 1; }
    FollowScreen.-present PresentView { display: block; }
    FollowScreen.-present RowsView { display: none; }
    FollowScreen.-waiting RowsView, FollowScreen.-waiting PresentView, FollowScreen.-waiting #follow-summary,
    FollowScreen.-summary RowsView, FollowScreen.-summary PresentView, FollowScreen.-summary #follow-wait,
    FollowScreen.-meeting #follow-wait, FollowScreen.-meeting #follow-summary { display: none; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "toggle_present", _("present"), id="follow.present",
                tooltip=_("Presentation layout on/off, on this screen only (the facilitator's stays)")),
        Binding("question_mark,f1", "app.help", _("help"), id="follow.help", tooltip=_("All keys")),
    ]

    def __init__(self, *, present: bool = False) -> None:
        super().__init__(classes="-waiting -present" if present else "-waiting")
        self._head = ObjectiveView(None, 0, 0)
        self._krs: list[KRView] = []
        self._selected = 0

    def compose(self) -> ComposeResult:
        yield Static(id="follow-line")
        yield Static(id="follow-wait")
        yield RowsView(id="rows")
        yield PresentView()
        with VerticalScroll(id="follow-summary"):
            yield Static(id="follow-summary-text")
        yield Footer(compact=True, show_command_palette=False)

    @property
    def mode(self) -> str:
        return next(m for m in ("waiting", "meeting", "summary") if self.has_class(f"-{m}"))

    def _show_mode(self, mode: str) -> None:
        for m in ("waiting", "meeting", "summary"):
            self.set_class(m == mode, f"-{m}")

    @property
    def layout_shown(self) -> RowsView | PresentView:
        return self.query_one(PresentView) if self.has_class("-present") else self.query_one(RowsView)

    def show_line(self, text: str) -> None:
        self.query_one("#follow-line", Static).update(Content(text))

    def show_waiting(self, text: str) -> None:
        self.query_one("#follow-wait", Static).update(Content(text))
        self._show_mode("waiting")

    async def show_state(self, head: ObjectiveView, krs: list[KRView], selected: int) -> None:
        self._head, self._krs, self._selected = head, krs, selected
        self._show_mode("meeting")
        await self.layout_shown.show(head, krs, selected)

    def show_head(self, head: ObjectiveView) -> None:
        self._head = head
        if self.mode == "meeting":
            self.layout_shown.show_head(head)

    def show_summary(self, summary: Summary) -> None:
        self.query_one("#follow-summary-text", Static).update(summary_content(summary))
        self._show_mode("summary")

    async def action_toggle_present(self) -> None:
        self.toggle_class("-present")
        await self.layout_shown.show(self._head, self._krs, self._selected)  # not kept up to date while hidden


class FollowApp(OkrApp[None]):
    """Follows the meeting of ``week`` for the team/owner filter; writes nothing."""

    CSS_PATH = Path(themes.__file__).parent / "app.tcss"
    TITLE = _("okr follow")
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+q", "quit", _("quit"), id="app.quit", priority=True, tooltip=_("Stop following"))]

    def __init__(self, store: Store, cycle: Cycle, week: str, *, team: str = "", owner: str = "",
                 theme: str | None = None, present: bool = False) -> None:
        super().__init__()
        self.present = present
        self.session = MeetingSession(store, cycle, week, team=team, owner=owner)  # read, moved; never written
        use_themes(self, store, theme)  # the remembered theme, read; the palette's switch is for this run
        self.live_path = live_path(store.path, cycle.name, week, team=team, owner=owner)
        self.live: LiveState | None = None
        self.refused: str | None = None  # why the live file is not read (a link in its place), shown instead
        self._live_watch = FileWatch(self.live_path)
        self._cycle_watch = FileWatch(store.cycle_path(cycle))
        self._reloading = False
        self._stale = False  # reread the cycle at the next poll even if its stamp stayed
        self._filter = (_("team {team}").format(team=team) if team else _("owner {owner}").format(owner=owner) if owner
                        else _("all objectives"))

    @property
    def follow_screen(self) -> FollowScreen | None:
        return next((s for s in self.screen_stack if isinstance(s, FollowScreen)), None)

    async def on_mount(self) -> None:
        await self.push_screen(FollowScreen(present=self.present))
        await self.apply_live(self._read_live())
        self.set_interval(FOLLOW_POLL_SECONDS, self.poll)
        self.set_interval(1.0, self._tick)

    def _tick(self) -> None:
        if (screen := self.follow_screen) and self.live and self.live.state not in (LEFT, ENDED):
            screen.show_head(self.session.objective_view())

    # -- polling: two stats ----------------------------------------------------------
    async def poll(self) -> None:
        if (self._cycle_watch.changed() or self._stale) and not self._reloading:
            self._reloading, self._stale = True, False
            self.run_worker(self._reload, thread=True, group="reload", exit_on_error=False)
        if self._live_watch.changed():
            await self.apply_live(self._read_live())

    def _read_live(self) -> LiveState | None:
        try:
            live, self.refused = read_live(self.live_path), None
        except LiveRefused as e:  # planted by someone else on a shared host: never read through
            live, self.refused = None, _("{path} is a symbolic link; not reading through it").format(path=e.path)
        return live

    def _reload(self) -> None:
        try:
            data = self.session.store.load(self.session.cycle)
        except (StoreError, OSError):  # damaged: keep what is shown until the file moves again
            data = None
        # Through the app's queue, like a keypress (post_message is thread-safe): call_from_thread
        # would run it as a task of its own, in the middle of a poll that is rebuilding the rows.
        self.post_message(events.Callback(partial(self._apply_reload, data)))

    async def _apply_reload(self, data: CycleData | None) -> None:
        self._reloading = False
        if data is not None:
            self.session.refresh(data)
            await self.apply_live(self.live, fresh=True)

    # -- the facilitator's state --------------------------------------------------------
    async def apply_live(self, live: LiveState | None, *, fresh: bool = False) -> None:
        """Stand where the live file says the facilitator is (``fresh``: the cycle was just reread)."""
        self.live = live
        screen = self.follow_screen
        if screen is None or not screen.is_attached:  # is_attached: False once exit() began; show nothing
            return
        s = self.session
        if live is None or live.state == LEFT:
            screen.show_line(f"okr follow · {s.cycle.name} · {s.week} · {self._filter}")
            screen.show_waiting(self.refused or (
                _("The facilitator left the meeting; waiting for it to resume…") if live else
                _("Waiting for the meeting to start ({week}, {filter})…").format(week=s.week, filter=self._filter)))
            return
        who = " · " + _("facilitator {name}").format(name=clean(live.facilitator)) if live.facilitator else ""
        ident = _("meeting {id}").format(id=live.meeting) if live.meeting else _("meeting")
        if live.state == ENDED or live.objective is None:
            s.record.id = live.meeting
            s.record.ended = dt.datetime.now(dt.UTC) if live.state == ENDED else None
            state = _("ended") if live.state == ENDED else _("on the summary")
            screen.show_line(_("Following {meeting}{who} · {week} · {state}").format(meeting=ident, who=who, week=s.week,
                                                                                    state=state))
            screen.show_summary(s.summary())
            return
        ids = [o.id for o in s.objectives]
        if live.objective not in ids:  # one added since this snapshot: reread once
            self._stale = not fresh
            return
        s.record.started = dt.datetime.fromtimestamp(live.started, dt.UTC)
        s.record.facilitator = live.facilitator
        if ids.index(live.objective) != s.position:
            s.move_to(ids.index(live.objective))  # its Change is for a saver; here there is none
        krs = [k.id for k in s.key_results()]
        if live.kr in krs:
            s.select(krs.index(live.kr) - s.selected)
        screen.show_line(_("Following {meeting}{who} · {week} · {state}").format(meeting=ident, who=who, week=s.week,
                                                                                state=self._filter))
        await screen.show_state(s.objective_view(), s.kr_views(), s.selected)
