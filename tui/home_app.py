"""The home app: the store at a glance, and the way into the editor, alignment and meetings.

A meeting or a personal review is its own app (``MeetingApp``): the home app exits with a
:class:`Launch` saying which one to run, and ``okr home`` runs it, prints its summary and
opens the home app again (tui/cli/setup.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import ClassVar, Literal

from textual.binding import Binding, BindingType

import themes
from store import Cycle, Store, week_of
from store.models import MeetingKind
from tui.base_app import OkrApp
from tui.i18n import _
from tui.meeting.app import MeetingApp
from tui.screens.home import HomeScreen
from tui.theming import remember_themes, use_themes


@dataclass(frozen=True)
class Launch:
    """What to run once the home app has closed."""

    kind: Literal["meeting", "review"]
    cycle: str
    week: str
    team: str = ""
    owner: str = ""


def view_week(cycle: Cycle, today: dt.date | None = None) -> str:
    """The week to show a cycle at: this week, or the cycle's last week once it is over."""
    return min(week_of(today or dt.date.today()), week_of(cycle.end))


def review_app(store: Store, cycle: Cycle, week: str, owner: str, *, theme: str | None = None,
               present: bool = False) -> MeetingApp:
    """The personal review: the meeting app on ``owner``'s key results, answered in their name."""
    # Saved as a review, never "the latest meeting"; titled "Li Wei's weekly review", no clocks.
    return MeetingApp(store, cycle, week, owner=owner, facilitator=owner, attendees=[owner], theme=theme,
                      present=present, kind=MeetingKind.REVIEW)


class HomeApp(OkrApp[Launch | None]):
    CSS_PATH: ClassVar[list[str | PurePath]] = [Path(themes.__file__).parent / "app.tcss", Path(themes.__file__).parent / "setup.tcss"]
    TITLE = "okr"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", _("quit"), id="app.quit", priority=True, tooltip=_("Quit (everything is saved)")),
    ]

    def __init__(self, store: Store, *, cycle: Cycle | None = None, week: str | None = None, team: str = "",
                 notice: str = "") -> None:
        """``team``: the team shown at first; ``notice``: said once it is up (what the meeting before left)."""
        super().__init__()
        self.store = store
        self.cycle = cycle or store.cycle()
        use_themes(self, store)
        self._week = week
        self._team = team
        self._notice = notice

    @property
    def week(self) -> str:
        return self._week or view_week(self.cycle)

    @property
    def prefs_store(self) -> Store:
        return self.store

    def on_mount(self) -> None:
        remember_themes(self, self.store)
        self.push_screen(HomeScreen(team=self._team))
        if self._notice:
            self.notify(self._notice, markup=False)

    def launch(self, kind: Literal["meeting", "review"], *, team: str = "", owner: str = "") -> None:
        self.exit(Launch(kind, self.cycle.name, self.week, team=team, owner=owner))
