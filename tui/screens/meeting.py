"""The meeting screen: one objective at a time, its key results, every answer saved at once."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from store import KeyResult, Objective
from store.text import NAME_MAX

from tui.meeting.session import MeetingSession
from tui.meeting.saver import SaveKey
from tui.widgets import KRRow, ObjectivePanel, SaveStatus
from tui.widgets.format import number
from tui.widgets.present import Numbers, PresentKR, PresentView
from tui.screens.modals import FormField, FormModal

if TYPE_CHECKING:
    from tui.meeting.app import MeetingApp

Save = Callable[[SaveKey, dict[str, Any]], None]
PROGRESS = Binding.Group("±10%")
CONFIDENCE = Binding.Group("conf")
NARROW = 80  # below this many columns the footer leaves out the keys below (help and the palette keep them)
HIDDEN_WHEN_NARROW = frozenset({"meeting.blocker", "meeting.next_objective"})
CONFIDENCE_HELP = "Set the key result's confidence: 1-9, and 0 for 10"


def _confidence_bindings() -> list[Binding]:
    return [
        Binding(str(n % 10), f"confidence({n})", f"confidence {n}", id=f"meeting.confidence_{n}",
                tooltip=CONFIDENCE_HELP if n == 1 else f"Set the key result's confidence to {n}/10", group=CONFIDENCE,
                key_display={1: "1-9", 10: "0"}.get(n), show=n in (1, 10))
        for n in range(1, 11)
    ]


def check_confidence(text: str) -> str | None:
    if text and not (text.isdigit() and 1 <= int(text) <= 10):
        return "confidence is a whole number from 1 to 10"
    return None


class MeetingScreen(Screen[None]):
    BINDINGS = [
        Binding("up,k", "cursor(-1)", "previous", id="meeting.previous_kr", show=False,
                tooltip="Select the previous key result"),
        Binding("down,j", "cursor(1)", "next", id="meeting.next_kr", show=False,
                tooltip="Select the next key result"),
        Binding("enter", "confirm", "confirm", id="meeting.confirm",
                tooltip="Save this key result as shown and move to the next"),
        Binding("left,minus", "progress(-1)", "progress -10%", id="meeting.progress_down", group=PROGRESS,
                tooltip="Progress down 10% (a metric: 10% of start→target)"),
        Binding("right,plus", "progress(1)", "progress +10%", id="meeting.progress_up", group=PROGRESS,
                tooltip="Progress up 10% (a metric: 10% of start→target)"),
        *_confidence_bindings(),
        Binding("v", "value", "value", id="meeting.value", show=False,
                tooltip="Type an exact progress % or metric value"),
        Binding("b", "blocker", "blocker", id="meeting.blocker", tooltip="Record a blocker and who could help"),
        Binding("n", "objective(1)", "next obj", id="meeting.next_objective", tooltip="Go to the next objective"),
        Binding("p", "objective(-1)", "prev obj", id="meeting.previous_objective", show=False,
                tooltip="Go to the previous objective"),
        Binding("o", "objective_answer", "obj conf", id="meeting.objective_confidence", show=False,
                tooltip="The objective's confidence and a note"),
        Binding("w", "wins", "wins", id="meeting.wins", show=False,
                tooltip="Wins worth recognising for this objective"),
        Binding("s", "app.show_summary", "summary", id="meeting.summary", show=False,
                tooltip="Go to the meeting summary"),
        Binding("f", "toggle_present", "present", id="meeting.present",
                tooltip="Presentation layout on/off: one objective, big numbers, thick bars (projector, TV)"),
        Binding("h", "history(False)", "history", id="meeting.history", show=False,
                tooltip="History of the selected key result: week by week, chart and table"),
        Binding("H", "history(True)", "objective history", id="meeting.objective_history", show=False,
                tooltip="History of this objective: week by week, chart and table"),
        Binding("g", "grades", "grades", id="meeting.grades", show=False,
                tooltip="Grade the cycle so far: scores, bands, conversations worth having; export"),
        Binding("question_mark,f1", "app.help", "help", id="meeting.help", tooltip="All keys"),
    ]

    def __init__(self, session: MeetingSession, save: Save, *, present: bool = False) -> None:
        super().__init__(classes="-present" if present else "")
        self.session = session
        self._save = save
        self.kr_index = 0
        self._narrow = False

    def compose(self) -> ComposeResult:
        yield ObjectivePanel(id="objective")
        yield VerticalScroll(id="krs", can_focus=False)
        with Horizontal(id="status-bar"):
            yield SaveStatus(id="save-status")
            yield Static("↑↓ select · v value · s summary · ^p palette", id="hint")
        if self.presenting:  # otherwise mounted on the first `f`: a third of the widgets, a faster start
            yield PresentView()
        yield Footer(compact=True, show_command_palette=False)

    async def on_mount(self) -> None:
        self.set_interval(1.0, self.refresh_panel)
        await self.show_objective()

    # -- what is shown --------------------------------------------------------------
    @property
    def objective(self) -> Objective | None:
        pos = self.session.position
        return self.session.objectives[pos] if pos < len(self.session.objectives) else None

    @property
    def key_results(self) -> list[KeyResult]:
        obj = self.objective
        return self.session.key_results(obj.id) if obj else []

    @property
    def selected(self) -> KeyResult | None:
        krs = self.key_results
        return krs[self.kr_index] if 0 <= self.kr_index < len(krs) else None

    async def show_objective(self, kr_index: int = 0) -> None:
        """Rebuild the key result rows for the objective at the session's position."""
        self.kr_index = kr_index
        box = self.query_one("#krs", VerticalScroll)
        await box.remove_children()
        krs = self.key_results
        if self.objective is None:
            await box.mount(Static(Content("No objectives to check in for this cycle and filter. "
                                     "Press s for the summary."), classes="empty"))
        elif not krs:
            await box.mount(Static(Content("This objective has no key results. Press Enter or n to move on."),
                             classes="empty"))
        views = [self.session.view(kr) for kr in krs]
        await box.mount_all(KRRow(view, i == kr_index) for i, view in enumerate(views))
        box.scroll_home(animate=False)
        if present := self.present_view:
            await present.show_krs(views, kr_index)
        self.refresh_panel()

    def refresh_panel(self) -> None:
        obj = self.objective
        panel = self.query_one(ObjectivePanel)
        s = self.session
        present = self.present_view
        if obj is None:
            panel.update(Content(f"Summary is next · {len(self.session.objectives)} objectives"))
            if present:
                present.show_head(None, 0, len(s.objectives), None)
            return
        if present is None or not self.presenting:  # the hidden head is brought up to date when shown
            panel.show(obj, s.position + 1, len(s.objectives), s.aligned_title(obj),
                       s.objective_confidence_before(obj.id), s.objective_answer(obj.id).confidence,
                       s.objective_seconds(obj.id), s.record.timebox_minutes, s.meeting_seconds())
            return
        numbers = Numbers(s.objective_progress_now(obj.id), s.expected_progress(obj),
                          s.objective_answer(obj.id).confidence, s.objective_seconds(obj.id),
                          s.record.timebox_minutes)
        present.show_head(obj, s.position + 1, len(s.objectives), numbers)

    def refresh_rows(self, changed: Collection[str] | None = None, *, moved: bool = True) -> None:
        """Redraw the key results: the views of those in ``changed`` (None: all) are worked
        out again, the others keep theirs; ``moved``: the selection may have moved, keep it
        in view. Only the layout on screen is redrawn (a keypress's cost); toggling redraws
        the other."""
        box = self.query_one("#present-krs" if self.presenting else "#krs", VerticalScroll)
        rows = [row for row in box.children if isinstance(row, (KRRow, PresentKR))]
        views = [self.session.view(kr) if changed is None or kr.id in changed else row.view
                 for row, kr in zip(rows, self.key_results)]
        if self.presenting:
            self.query_one(PresentView).update_krs(views, self.kr_index, scroll=moved)
        else:
            for i, (row, view) in enumerate(zip(rows, views)):
                row.show(view, i == self.kr_index)
            if moved and 0 <= self.kr_index < len(rows):
                self.query_one("#krs", VerticalScroll).scroll_to_widget(rows[self.kr_index], animate=False)
        if changed is None or (changed and self.presenting):
            self.refresh_panel()  # the big progress digits follow the key results

    async def refresh_from_store(self) -> None:
        """After the session took a newer snapshot: new or removed key results rebuild the
        rows, otherwise they are redrawn in place (selection and scroll kept)."""
        if [row.kid for row in self.query(KRRow)] != [kr.id for kr in self.key_results]:
            await self.show_objective(min(self.kr_index, max(0, len(self.key_results) - 1)))
        else:
            self.refresh_rows()

    def on_resize(self, event: events.Resize) -> None:
        """Keep the footer on one line when the terminal is narrower than 80 columns."""
        narrow = event.size.width < NARROW
        if narrow != self._narrow:
            self._narrow = narrow
            keys = self._bindings.key_to_bindings  # this screen's own copy of its bindings
            for key, bindings in keys.items():
                keys[key] = [replace(b, show=not narrow) if b.id in HIDDEN_WHEN_NARROW else b for b in bindings]
            self.refresh_bindings()

    @property
    def presenting(self) -> bool:
        return self.has_class("-present")

    @property
    def present_view(self) -> PresentView | None:
        """The presentation layout, once mounted (at start with --present, else on the first `f`)."""
        found = self.query(PresentView)
        return found.first() if found else None

    async def action_toggle_present(self) -> None:
        if self.present_view is None:
            present = PresentView()
            await self.mount(present, before=self.query_one(Footer))
            await present.show_krs([self.session.view(kr) for kr in self.key_results], self.kr_index)
        self.set_class(not self.presenting, "-present")
        self.refresh_rows()  # the layout now shown (and its head) was not kept up to date while hidden
        self.call_after_refresh(self.refresh_rows)  # scroll the selected row into view once laid out

    # -- answers ----------------------------------------------------------------------
    def _save_kr(self, kr: KeyResult) -> None:
        self._save(("kr", kr.id), self.session.kr_fields(kr))
        self.refresh_rows((kr.id,), moved=False)

    def action_cursor(self, delta: int) -> None:
        if self.key_results:
            self.kr_index = max(0, min(len(self.key_results) - 1, self.kr_index + delta))
            self.refresh_rows(())

    def action_progress(self, steps: int) -> None:
        if kr := self.selected:
            self.session.step_progress(kr, steps)
            self._save_kr(kr)

    def action_confidence(self, value: int) -> None:
        if kr := self.selected:
            self.session.answer(kr.id).confidence = value
            self._save_kr(kr)

    async def action_confirm(self) -> None:
        kr = self.selected
        if kr is None:
            await self.action_objective(1)
            return
        self._save_kr(kr)
        if self.kr_index + 1 < len(self.key_results):
            self.action_cursor(1)
        else:
            await self.action_objective(1)

    def action_value(self) -> None:
        kr = self.selected
        if kr is None:
            return
        a = self.session.answer(kr.id)
        if kr.is_metric:
            unit = f" in {kr.unit}" if kr.unit else ""
            label = f"{kr.id} value{unit} (start {number(kr.start or 0)}, target {number(kr.target or 0)})"
            current, check = number(a.value) if a.value is not None else "", _check_number
        else:
            label, current, check = f"{kr.id} progress in % (0-100)", str(a.progress), _check_percent

        def done(values: list[str] | None) -> None:
            if values:
                self.session.set_value(kr, float(values[0].rstrip("%").strip()))
                self._save_kr(kr)

        self.app.push_screen(FormModal("Exact value", [FormField(label, current, check=check)]), done)

    def action_blocker(self) -> None:
        kr = self.selected
        if kr is None:
            return
        a = self.session.answer(kr.id)

        def done(values: list[str] | None) -> None:
            if values is not None:
                a.blocker, a.help_from = values
                self._save_kr(kr)

        fields = [FormField("What is in the way? (empty clears)", a.blocker),
                  FormField("Who could help?", a.help_from, max_length=NAME_MAX)]
        self.app.push_screen(FormModal(f"Blocker of {kr.id}", fields), done)

    async def action_objective(self, delta: int) -> None:
        target = self.session.position + delta
        if target < 0:
            return
        if target >= len(self.session.objectives):
            await self.app.run_action("show_summary")
            return
        self.session.move_to(target)
        self._save(("meeting",), self.session.meeting_fields())
        await self.show_objective(0)

    def action_objective_answer(self) -> None:
        obj = self.objective
        if obj is None:
            return
        oa = self.session.objective_answer(obj.id)

        def done(values: list[str] | None) -> None:
            if values is not None:
                conf, note = values
                oa.confidence = int(conf) if conf else oa.confidence
                oa.note = note
                self._save(("objective", obj.id), {"confidence": oa.confidence, "note": note})
                self.refresh_panel()

        fields = [FormField("Objective confidence, 1-10", str(oa.confidence or ""), check=check_confidence),
                  FormField("Note", oa.note)]
        self.app.push_screen(FormModal(f"{obj.id} confidence", fields), done)

    async def action_history(self, whole_objective: bool) -> None:
        item = self.objective if whole_objective else self.selected
        if item is not None:
            from tui.screens.history import HistoryScreen  # imported when first asked for: a faster start

            app: MeetingApp = self.app  # type: ignore[assignment]
            await app.flush()  # the history shows this week's answers given so far
            await app.push_screen(HistoryScreen(self.session.store, self.session.cycle, item.id, self.session.week))

    async def action_grades(self) -> None:
        from tui.screens.grading import GradingScreen  # imported when first asked for: a faster start

        app: MeetingApp = self.app  # type: ignore[assignment]
        await app.flush()
        await app.push_screen(GradingScreen(self.session.store, self.session.cycle))

    def action_wins(self) -> None:
        obj = self.objective
        if obj is None:
            return
        oa = self.session.objective_answer(obj.id)

        def done(values: list[str] | None) -> None:
            if values is not None:
                oa.wins = values[0]
                self._save(("objective", obj.id), {"wins": oa.wins})

        self.app.push_screen(FormModal(f"Wins worth recognising ({obj.id})",
                                       [FormField("Wins (empty clears)", oa.wins)]), done)


def _check_percent(text: str) -> str | None:
    try:
        value = float(text.rstrip("%").strip())
    except ValueError:
        return "type a number from 0 to 100"
    return None if 0 <= value <= 100 else "progress is from 0 to 100"


def _check_number(text: str) -> str | None:
    try:
        value = float(text)
    except ValueError:
        return "type a number"
    return None if value == value and abs(value) != float("inf") else "type a finite number"
