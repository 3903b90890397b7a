"""The home screen: a cycle's objectives with progress and confidence, and where to go next.

Its two writes (the review's owner, the next cycle) run off the UI thread
(tui/store_writes.py); while one waits for another process's lock the screen says so and
its keys wait (each of them reads the store).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from store import Cycle, Store, current_user
from store.carry import CarryResult, next_cycle_dates, start_next_cycle, unfinished
from store.rules import objective_confidence, objective_progress
from tui.i18n import N_, _, ngettext
from tui.screens.choice import Choice, ChoiceModal
from tui.screens.modals import FormField, FormModal
from tui.store_writes import WAITING, StoreWrites, WriteFailed
from tui.widgets.footer import NarrowFooter
from tui.widgets.format import bar, clean, ellipsis, title_room, wrap_lines

if TYPE_CHECKING:
    from tui.home_app import HomeApp

COLUMNS = [(N_("Id"), 4), (N_("Objective"), 0), (N_("Team"), 10), (N_("Owner"), 10), (N_("Progress"), 10),
           (N_("Conf."), 5)]  # the objective's title gets the room the others leave (at least TITLE_MIN)
TITLE_MIN = 20
CHROME = 5  # rows that are not the table's body: the head (2), the column labels, the status and the footer
NARROW = 110  # below this many columns the footer leaves out the keys below (help and the palette keep them)
HIDDEN_WHEN_NARROW = frozenset({"home.alignment", "home.grades", "home.next_cycle", "home.team", "app.quit"})


def review_owner(store: Store) -> str:
    """Whose review to run by default: the name used last time, else the login name."""
    return str(store.user_pref("review_owner", "") or current_user())


@dataclass(eq=False)
class ReviewOwnerSaved(Message):
    """``owner`` is the user's default review owner now."""

    owner: str


@dataclass(eq=False)
class CycleStarted(Message):
    """The next cycle was created (and unfinished objectives carried into it)."""

    result: CarryResult


def _save_review_owner(store: Store, owner: str) -> ReviewOwnerSaved:
    store.set_user_prefs(review_owner=owner)
    return ReviewOwnerSaved(owner)


def _start_next_cycle(store: Store, cycle: Cycle, carry: bool) -> CycleStarted:
    return CycleStarted(start_next_cycle(store, cycle, carry=carry))


@dataclass(frozen=True)
class Row:
    """One objective as the table shows it, before it is fitted to the table's width."""

    id: str
    title: str
    team: str
    owner: str
    progress: str
    confidence: str


class HomeScreen(StoreWrites, Screen[None]):
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (NARROW, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "meeting", _("meeting"), id="home.meeting",
                tooltip=_("Run the check-in meeting for this cycle (and the team shown)")),
        Binding("r", "review", _("review"), id="home.review", tooltip=_("Your personal weekly review: your key results only")),
        Binding("e", "editor", _("edit"), id="home.editor", tooltip=_("Write, edit, reorder and archive objectives and key results")),
        Binding("a", "alignment", _("alignment"), id="home.alignment",
                tooltip=_("The alignment tree: objectives under the ones they align to")),
        Binding("h", "history", _("history"), id="home.history",
                tooltip=_("History of the selected objective: week by week, chart and table")),
        Binding("g", "grades", _("grades"), id="home.grades",
                tooltip=_("Grade this cycle: scores, bands, conversations worth having; export")),
        Binding("c", "switch_cycle", _("cycle"), id="home.cycle", tooltip=_("Show the next cycle of the store")),
        Binding("t", "switch_team", _("team"), id="home.team", tooltip=_("Show one team at a time (or all)")),
        Binding("N", "next_cycle", _("new cycle"), id="home.next_cycle",
                tooltip=_("Create the next cycle and carry unfinished objectives into it")),
        Binding("question_mark,f1", "app.help", _("help"), id="home.help", tooltip=_("All keys")),
        Binding("q", "app.quit", _("quit"), id="home.quit", tooltip=_("Quit")),
    ]

    def __init__(self, team: str = "") -> None:
        super().__init__()
        self.team = team
        self._rows: list[Row] = []
        self._title_width = 0

    @property
    def home(self) -> HomeApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static(id="home-head")
        yield DataTable(id="home-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="home-empty", classes="empty")
        yield Static(id="home-status", classes="form-warning")
        yield NarrowFooter(HIDDEN_WHEN_NARROW)

    def on_mount(self) -> None:
        self.refresh_view()

    def on_resize(self) -> None:
        self.fill_table()

    def on_screen_resume(self) -> None:
        if not self.writing:  # else the write's answer redraws (reading now would wait for its lock)
            self.refresh_view()

    def teams(self) -> list[str]:
        data = self.home.store.load(self.home.cycle)
        return sorted({*self.home.store.root.teams, *(o.team for o in data.active_objectives() if o.team)})

    def refresh_view(self) -> None:
        app = self.home
        cycle, week = app.cycle, app.week
        data = app.store.load(cycle)
        names = [c.name for c in app.store.cycles()]
        head = Content.assemble(
            (_("cycle") + " ", "dim"), (clean(cycle.name), "bold"), f" {cycle.start} → {cycle.end}",
            ("  " + _("week") + " ", "dim"), week, ("  " + _("team") + " ", "dim"), (clean(self.team) or _("all"), "bold"),
            "\n", (_("cycles") + " ", "dim"), " · ".join(clean(n) for n in names),
        )
        self.query_one("#home-head", Static).update(head)
        objectives = data.active_objectives(team=self.team)
        self._rows = []
        for o in objectives:
            progress = objective_progress(data, o.id, week)
            confidence = objective_confidence(data, o.id, week)
            kind = " " + _("(asp.)") if o.kind == "aspirational" else ""
            self._rows.append(Row(
                o.id, clean(o.title) + kind, clean(o.team), clean(o.owner),
                "—" if progress is None else f"{bar(round(progress), 5)} {progress:.0f}%",
                "—" if confidence is None else f"{confidence}/10",
            ))
        self.fill_table()
        empty = self.query_one("#home-empty", Static)
        empty.display = not objectives
        empty.update(Content(
            _("No objectives in {cycle} for {team} yet: press e to write them.").format(cycle=clean(cycle.name), team=clean(self.team))
            if self.team else _("No objectives in {cycle} yet: press e to write them.").format(cycle=clean(cycle.name))))

    def fill_table(self) -> None:
        """The rows, each text cut at a word with "…" where its column ends; the title's
        column takes the width the others leave, and a second line when every row could have one."""
        table = self.query_one(DataTable)
        width = title_room(self.size.width, COLUMNS, TITLE_MIN)
        lines = 2 if 2 * len(self._rows) <= self.size.height - CHROME else 1
        row = table.cursor_row
        if width != self._title_width:
            table.clear(columns=True)
            for label, cells in COLUMNS:
                table.add_column(_(label), width=cells or width, key=label)
            self._title_width = width
        else:
            table.clear()
        cells = dict(COLUMNS)
        for r in self._rows:
            title = wrap_lines(r.title, width, lines)
            table.add_row(
                Text(r.id), Text("\n".join(title)), Text(ellipsis(r.team, cells["Team"])),
                Text(ellipsis(r.owner, cells["Owner"])), Text(r.progress), Text(r.confidence), key=r.id,
                height=max(1, len(title)),
            )
        if self._rows:
            table.move_cursor(row=min(row, len(self._rows) - 1))

    # -- writes --------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While a write is pending every key of the screen waits (shown greyed): each reads
        the store, which waits for the same lock. Help and quit are the app's."""
        return None if self.writing else True

    def show_waiting(self, waiting: bool) -> None:
        status = self.query_one("#home-status", Static)
        status.update(Content(_("Not saved yet: {waiting}").format(waiting=_(WAITING)) if waiting else ""))
        status.set_class(waiting, "-shown")

    def on_write_failed(self, message: WriteFailed) -> None:  # said on screen; nothing else changes
        self.notify(str(message.error), title=message.title, severity="error", markup=False)

    def on_review_owner_saved(self, message: ReviewOwnerSaved) -> None:
        self.home.launch("review", owner=message.owner)

    def on_cycle_started(self, message: CycleStarted) -> None:
        result = message.result
        self.home.cycle = result.cycle
        count = len(result.objectives)
        self.notify(ngettext("Cycle {cycle} created; {n} objective carried.", "Cycle {cycle} created; {n} objectives carried.",
                             count).format(cycle=result.cycle.name, n=count), markup=False)
        self.refresh_view()

    # -- actions -----------------------------------------------------------------
    def action_meeting(self) -> None:
        self.home.launch("meeting", team=self.team)

    def action_review(self) -> None:
        def done(values: list[str] | None) -> None:
            if values:
                self.write_off_thread(partial(_save_review_owner, self.home.store, values[0]),
                                      _("Review owner not remembered"))

        check = lambda v: None if v else _("whose review? give a name")  # noqa: E731
        self.app.push_screen(FormModal(_("Personal review"), [FormField(_("Owner"), review_owner(self.home.store),
                                                                      check=check)]), done)

    def action_editor(self) -> None:
        from tui.screens.editor import EditorScreen

        self.app.push_screen(EditorScreen(self.home.store, self.home.cycle))

    def action_alignment(self) -> None:
        from tui.screens.alignment import AlignmentScreen

        self.app.push_screen(AlignmentScreen(self.home.store, self.home.cycle, self.home.week))

    def action_history(self) -> None:
        from tui.screens.history import HistoryScreen

        table = self.query_one(DataTable)
        if not table.row_count:
            self.notify(_("No objective to show the history of."), title=_("History"), markup=False)
            return
        oid = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        self.app.push_screen(HistoryScreen(self.home.store, self.home.cycle, str(oid), self.home.week))

    def action_grades(self) -> None:
        from tui.screens.grading import GradingScreen

        self.app.push_screen(GradingScreen(self.home.store, self.home.cycle))

    def action_switch_cycle(self) -> None:
        cycles = self.home.store.cycles()
        at = next(i for i, c in enumerate(cycles) if c.name == self.home.cycle.name)
        self.home.cycle = cycles[(at + 1) % len(cycles)]
        self.refresh_view()

    def action_switch_team(self) -> None:
        teams = ["", *self.teams()]
        self.team = teams[(teams.index(self.team) + 1) % len(teams)] if self.team in teams else ""
        self.refresh_view()

    def action_next_cycle(self) -> None:
        store, cycle = self.home.store, self.home.cycle
        name, start, end = next_cycle_dates(cycle)
        count = len(unfinished(store.load(cycle)))
        text = ngettext("Create cycle {name} ({start} → {end}) after {cycle}. {n} unfinished objective can be carried "
                        "into it with its key results; its history stays in {cycle}.",
                        "Create cycle {name} ({start} → {end}) after {cycle}. {n} unfinished objectives can be carried "
                        "into it with their key results; their history stays in {cycle}.",
                        count).format(name=name, start=start, end=end, cycle=cycle.name, n=count)

        def done(carry: bool | None) -> None:
            if carry is not None:
                self.write_off_thread(partial(_start_next_cycle, store, cycle, carry), _("Not created"))

        self.app.push_screen(ChoiceModal(_("Next cycle"), text, [Choice("c", _("Create and carry"), True),
                                                                 Choice("e", _("Create empty"), False)]), done)
