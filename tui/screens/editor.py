"""The OKR editor: the cycle's objectives with their key results; write, change, reorder, archive.

Every write runs off the UI thread (tui/store_writes.py) and comes back as :class:`Edited`
with the cycle as it is then: the screen never reads the store after it opened. While a
write waits for another process's lock the screen says so; the selection and more moves
(they land in order) still work, and what would read the store (a form, back) waits.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from store import MAX_KEY_RESULTS, MAX_OBJECTIVES, Cycle, KeyResult, Objective, Store
from store.cycle_data import CycleData
from store.cycle_tx import CycleTx
from tui.display import NBSP
from tui.i18n import N_, _
from tui.screens.choice import Choice, ChoiceModal
from tui.screens.editor_form import Edited
from tui.screens.editor_kr import KeyResultForm
from tui.screens.editor_objective import ObjectiveForm
from tui.store_writes import WAITING, StoreWrites, WriteFailed
from tui.widgets.footer import NarrowFooter
from tui.widgets.format import cell_text, clean, ellipsis, number, title_room

COLUMNS = [(N_("Id"), 6), (N_("Title"), 0), (N_("Owner"), 10), (N_("Team / measure"), 24)]
TITLE_MIN = 20  # the title takes the width the others leave, at least this
NARROW = 100  # below this many columns the footer leaves out the keys below (help and the palette keep them)
HIDDEN_WHEN_NARROW = frozenset({"editor.move_up", "editor.move_down", "app.quit"})
MOVE = Binding.Group(_("move"))
NEEDS_STORE = frozenset({"new_objective", "new_key_result", "edit", "back"})  # refused while a write is pending


def measure(kr: KeyResult) -> str:
    if not kr.is_metric:
        return _("percent")
    assert kr.start is not None and kr.target is not None
    unit = f" {clean(kr.unit)}" if kr.unit else ""
    arrow = " ↓" if kr.lower_is_better else ""
    return f"{number(kr.start)}→{number(kr.target)}{unit}{arrow}"


class EditorScreen(StoreWrites, Screen[None]):
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (NARROW, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_objective", _("new objective"), id="editor.new_objective", tooltip=_("Write a new objective")),
        Binding("k", "new_key_result", _("new KR"), id="editor.new_key_result",
                tooltip=_("Add a key result to the selected objective")),
        Binding("e", "edit", _("edit"), id="editor.edit", tooltip=_("Change the selected objective or key result (or Enter)")),
        Binding("shift+up,left_square_bracket", "move(-1)", _("move up"), id="editor.move_up", group=MOVE,
                tooltip=_("Move the selected objective or key result up")),
        Binding("shift+down,right_square_bracket", "move(1)", _("move down"), id="editor.move_down", group=MOVE,
                tooltip=_("Move the selected objective or key result down")),
        Binding("x,delete", "archive", _("archive"), id="editor.archive",
                tooltip=_("Archive the selected objective or key result (its history is kept)")),
        Binding("escape,q", "back", _("back"), id="editor.back", tooltip=_("Back to the home screen")),
        Binding("question_mark,f1", "app.help", _("help"), id="editor.help", tooltip=_("All keys")),
    ]

    def __init__(self, store: Store, cycle: Cycle) -> None:
        super().__init__()
        self.store = store
        self.cycle = cycle
        self.data: CycleData = store.load(cycle)
        self._title_width = 0

    def compose(self) -> ComposeResult:
        yield Static(Content.assemble((_("Editor") + " · ", "bold"), (clean(self.cycle.name), "bold"), " · " + _(
            "the guide: at most {objectives} objectives per team, {key_results} key results each").format(
            objectives=MAX_OBJECTIVES, key_results=MAX_KEY_RESULTS)), id="editor-head")
        yield DataTable(id="editor-table", cursor_type="row")
        yield Static(id="editor-empty", classes="empty")
        yield Static(id="editor-status", classes="form-warning")
        yield NarrowFooter(HIDDEN_WHEN_NARROW)

    def on_mount(self) -> None:
        self.table.focus()

    def on_resize(self) -> None:
        self.show(self.data)

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one(DataTable)

    def show(self, data: CycleData, select: str | None = None) -> None:
        """Draw ``data``, keeping (or moving to) the selected row."""
        select = select or self.selected_id()
        self.data = data
        table = self.table
        self.fit_columns()
        table.clear()
        title, owner, last = self._title_width, COLUMNS[2][1], COLUMNS[3][1]

        def row(key: str, cells: list[str], style: str = "") -> None:
            table.add_row(*(Text(c, style=style if i < 2 else "") for i, c in enumerate(cells)), key=key,
                          height=max(c.count("\n") + 1 for c in cells))

        for o in self.data.active_objectives():
            kind = " (" + _("aspirational") + ")" if o.kind == "aspirational" else ""
            aligned = f" ↑{o.aligns_to}" if o.aligns_to else ""
            row(o.id, [o.id, cell_text(clean(o.title), title), ellipsis(clean(o.owner), owner),
                       cell_text(clean(o.team) + kind + aligned, last)], "bold")
            for k in self.data.krs_of(o.id):
                due = " " + _("by {due}").format(due=k.due).replace(" ", NBSP) if k.due else ""
                row(k.id, ["  " + k.id, cell_text(clean(k.title), title, indent=2), ellipsis(clean(k.owner), owner),
                           cell_text(measure(k) + due, last)])
        empty = self.query_one("#editor-empty", Static)
        empty.display = table.row_count == 0
        empty.update(Content(_("No objectives yet: press n to write the first one.")))
        if select and select in {r.key.value for r in table.ordered_rows}:
            table.move_cursor(row=table.get_row_index(select))

    def fit_columns(self) -> None:
        """The title's column takes the width the others leave (columns made anew when it changes)."""
        width = title_room(self.size.width, COLUMNS, TITLE_MIN)
        if width != self._title_width:
            self.table.clear(columns=True)
            for label, cells in COLUMNS:
                self.table.add_column(_(label), width=cells or width, key=label)
            self._title_width = width

    def selected_id(self) -> str | None:
        table = self.table
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def selected(self) -> Objective | KeyResult | None:
        sid = self.selected_id()
        if sid is None:
            return None
        return self.data.key_result(sid) if "." in sid else self.data.objective(sid)

    def on_edited(self, message: Edited | None) -> None:
        """A write of this screen or of its form went in (a form dismisses with its message)."""
        if message is not None:
            self.show(message.data, message.select)
            if message.said:
                self.notify(message.said, markup=False)

    def on_write_failed(self, message: WriteFailed) -> None:
        self.notify(str(message.error), title=message.title, severity="error", markup=False)

    def show_waiting(self, waiting: bool) -> None:
        status = self.query_one("#editor-status", Static)
        status.update(Content(_("Not saved yet: {waiting}").format(waiting=_(WAITING)) if waiting else ""))
        status.set_class(waiting, "-shown")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While a write is pending, what would read the store (a form, home) is refused
        (shown greyed): reading waits for the same lock."""
        return None if action in NEEDS_STORE and self.writing else True

    def _write(self, change: Callable[[CycleTx], object], said: str = "") -> Edited:
        """On the worker thread: one change to the cycle, then the cycle as it is now."""
        with self.store.write(self.cycle) as tx:
            change(tx)
        return Edited(self.store.load(self.cycle), said=said)

    # -- actions -------------------------------------------------------------------
    def action_back(self) -> None:
        self.app.pop_screen()

    def action_new_objective(self) -> None:
        current = self.selected()
        team = current.team if isinstance(current, Objective) else ""
        self.app.push_screen(ObjectiveForm(self.store, self.data, team=team), self.on_edited)

    def action_new_key_result(self) -> None:
        current = self.selected()
        if current is None:
            self.notify(_("Write an objective first (n)."), markup=False)
            return
        oid = current.objective if isinstance(current, KeyResult) else current.id
        objective = self.data.require_objective(oid)
        self.app.push_screen(KeyResultForm(self.store, self.cycle, objective), self.on_edited)

    def action_edit(self) -> None:
        current = self.selected()
        if isinstance(current, Objective):
            self.app.push_screen(ObjectiveForm(self.store, self.data, current), self.on_edited)
        elif isinstance(current, KeyResult):
            objective = self.data.require_objective(current.objective)
            self.app.push_screen(KeyResultForm(self.store, self.cycle, objective, current), self.on_edited)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.check_action("edit", ()):
            self.action_edit()

    def action_move(self, steps: int) -> None:
        current = self.selected()
        if current is None:
            return

        def move(tx: CycleTx) -> None:
            if isinstance(current, Objective):
                tx.move_objective(current.id, steps)
            else:
                tx.move_key_result(current.id, steps)

        self.write_off_thread(partial(self._write, move), _("Not moved"))

    def action_archive(self) -> None:
        current = self.selected()
        if current is None:
            return
        question = (_("Archive objective (with its key results) {id} {title}?") if isinstance(current, Objective)
                    else _("Archive key result {id} {title}?"))
        text = Content.assemble(question.format(id=current.id, title=clean(current.title)), "\n",
                                _("It leaves the meeting and the lists; its check-ins stay in the store."))

        def done(yes: bool | None) -> None:
            if yes:
                self.archive(current)

        self.app.push_screen(ChoiceModal(_("Archive"), text, [Choice("y", _("Archive"), True)]), done)

    def archive(self, record: Objective | KeyResult) -> None:
        def archive(tx: CycleTx) -> None:
            if isinstance(record, Objective):
                tx.update_objective(record.id, archived=True)
            else:
                tx.update_key_result(record.id, archived=True)

        self.write_off_thread(partial(self._write, archive, _("{id} archived.").format(id=record.id)), _("Not archived"))
