"""The meeting screen: one objective at a time, its key results, every answer saved at once.

It holds no meeting state. Keys and dialog answers become typed requests
(tui/meeting/messages.py) posted up to the app; the app sends the state back down with
:meth:`MeetingScreen.show_state`, which the layout on screen (rows or presentation)
paints, repainting only what changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Static

from store import KeyResult, Objective
from store.text import NAME_MAX
from tui.i18n import N_, _
from tui.meeting import messages as msg
from tui.meeting.views import KRView, ObjectiveView
from tui.screens.modals import FormField, FormModal
from tui.typeahead import KeyHolder
from tui.widgets import RowsView, SaveStatus
from tui.widgets.footer import LineFooter
from tui.widgets.format import number

# The presentation layout and the choice dialog are imported when first used: most starts
# show neither, and start faster without them.
if TYPE_CHECKING:
    from tui.widgets.present import PresentView

PROGRESS = Binding.Group("±10%")
CONFIDENCE = Binding.Group(_("conf"))
NARROW = 80  # below this many columns the footer leaves out the keys below (help and the palette keep them)
HIDDEN_WHEN_NARROW = frozenset({"meeting.blocker", "meeting.next_objective"})
CONFIDENCE_HELP = N_("Set the key result's confidence: 1-9, and 0 for 10")


def _confidence_bindings() -> list[Binding]:
    return [
        Binding(str(n % 10), f"confidence({n})", _("confidence {n}").format(n=n), id=f"meeting.confidence_{n}",
                tooltip=_(CONFIDENCE_HELP) if n == 1 else _("Set the key result's confidence to {n}/10").format(n=n),
                group=CONFIDENCE,
                key_display={1: "1-9", 10: "0"}.get(n), show=n in (1, 10))
        for n in range(1, 11)
    ]


def check_confidence(text: str) -> str | None:
    if text and not (text.isdigit() and 1 <= int(text) <= 10):
        return _("confidence is a whole number from 1 to 10")
    return None


class MeetingScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", _("previous"), id="meeting.previous_kr", show=False,
                tooltip=_("Select the previous key result")),
        Binding("down,j", "cursor(1)", _("next"), id="meeting.next_kr", show=False,
                tooltip=_("Select the next key result")),
        Binding("enter", "confirm", _("confirm"), id="meeting.confirm",
                tooltip=_("Save this key result as shown and move to the next")),
        Binding("left,minus", "progress(-1)", _("progress -10%"), id="meeting.progress_down", group=PROGRESS,
                tooltip=_("Progress down 10% (a metric: 10% of start→target)")),
        Binding("right,plus", "progress(1)", _("progress +10%"), id="meeting.progress_up", group=PROGRESS,
                tooltip=_("Progress up 10% (a metric: 10% of start→target)")),
        *_confidence_bindings(),
        Binding("v", "value", _("value"), id="meeting.value", show=False,
                tooltip=_("Type an exact progress % or metric value")),
        Binding("b", "blocker", _("blocker"), id="meeting.blocker", tooltip=_("Record a blocker and who could help")),
        Binding("x", "next_step", _("next step"), id="meeting.next_step", show=False,
                tooltip=_("The next step before next week, and who (carried until done or replaced)")),
        Binding("a", "absent", _("absent"), id="meeting.absent", show=False,
                tooltip=_("Mark the selected key result's owner absent for this meeting (again: here after all)")),
        Binding("u", "undo", _("undo"), id="meeting.undo", show=False,
                tooltip=_("Take back the last change to this key result, step by step")),
        Binding("n", "objective(1)", _("next obj"), id="meeting.next_objective", tooltip=_("Go to the next objective")),
        Binding("p", "objective(-1)", _("prev obj"), id="meeting.previous_objective", show=False,
                tooltip=_("Go to the previous objective")),
        Binding("o", "objective_answer", _("obj conf"), id="meeting.objective_confidence", show=False,
                tooltip=_("The objective's confidence and a note")),
        Binding("w", "wins", _("wins"), id="meeting.wins", show=False,
                tooltip=_("Wins worth recognising for this objective")),
        Binding("s", "app.show_summary", _("summary"), id="meeting.summary", show=False,
                tooltip=_("Go to the meeting summary")),
        Binding("f", "toggle_present", _("present"), id="meeting.present",
                tooltip=_("Presentation layout on/off: one objective, big numbers, thick bars (projector, TV)")),
        Binding("h", "history(False)", _("history"), id="meeting.history", show=False,
                tooltip=_("History of the selected key result: week by week, chart and table")),
        Binding("H", "history(True)", _("objective history"), id="meeting.objective_history", show=False,
                tooltip=_("History of this objective: week by week, chart and table")),
        Binding("g", "grades", _("grades"), id="meeting.grades", show=False,
                tooltip=_("Grade the cycle so far: scores, bands, conversations worth having; export")),
        Binding("question_mark,f1", "app.help", _("help"), id="meeting.help", tooltip=_("All keys")),
    ]

    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (NARROW, "-wide")]
    # What the saver did last, set by the app (var: no repaint of the whole screen).
    save_state: var[str] = var("idle")
    save_error: var[str] = var("")

    def __init__(self, *, present: bool = False, width: int = 0) -> None:
        """``width``: the terminal's. The screen starts with the breakpoint class its first
        resize gives it: set then, it restyled and laid out the whole screen again (~8 ms)."""
        wide = next(name for least, name in sorted(self.HORIZONTAL_BREAKPOINTS, reverse=True) if width >= least)
        super().__init__(classes=f"-present {wide}" if present else wide)
        self._head = ObjectiveView(None, 0, 0)
        self._krs: list[KRView] = []
        self._selected = 0

    def compose(self) -> ComposeResult:
        yield RowsView(id="rows")
        with Horizontal(id="status-bar"):
            yield SaveStatus(id="save-status").data_bind(state=MeetingScreen.save_state,
                                                         error=MeetingScreen.save_error)
            yield Static(_("↑↓ select · v value · s summary · ^p palette"), id="hint")
        if self.presenting:  # otherwise mounted on the first `f`: a third of the widgets, a faster start
            from tui.widgets.present import PresentView

            yield PresentView()
        yield LineFooter(HIDDEN_WHEN_NARROW)

    # -- the state, from the app ----------------------------------------------------------
    @property
    def presenting(self) -> bool:
        return self.has_class("-present")

    @property
    def layout_shown(self) -> RowsView | PresentView | None:
        """The layout on screen; the other is brought up to date when it is shown. None
        while the screen is being taken down (for the summary, or on exit): a reload or
        the clock's tick may still be on its way to it."""
        if self.presenting:
            from tui.widgets.present import PresentView

            kind: type[RowsView | PresentView] = PresentView
        else:
            kind = RowsView
        # The screen's own children, not a query: that walks every row's widgets, each keypress.
        return next((w for w in self.children if isinstance(w, kind)), None)

    @property
    def objective(self) -> Objective | None:
        """The objective shown (None: past the last one)."""
        return self._head.objective

    @property
    def key_results(self) -> list[KeyResult]:
        return [view.kr for view in self._krs]

    @property
    def selected_index(self) -> int:
        return self._selected

    @property
    def selected(self) -> KRView | None:
        return self._krs[self._selected] if 0 <= self._selected < len(self._krs) else None

    async def show_state(self, head: ObjectiveView, krs: list[KRView], selected: int, *, scroll: bool = True) -> None:
        """Show the meeting as the app has it now (only what changed is repainted)."""
        self._head, self._krs, self._selected = head, krs, selected
        if layout := self.layout_shown:
            await layout.show(head, krs, selected, scroll=scroll)

    def show_head(self, head: ObjectiveView) -> None:
        """The clocks moved (every second): the head alone."""
        self._head = head
        if layout := self.layout_shown:
            layout.show_head(head)

    async def action_toggle_present(self) -> None:
        from tui.widgets.present import PresentView

        if not self.is_attached:  # the app is exiting
            return
        if not self.query(PresentView):
            await self.mount(PresentView(), before=self.query_one(LineFooter))
        self.set_class(not self.presenting, "-present")
        await self.show_state(self._head, self._krs, self._selected)  # it was not kept up to date while hidden
        self.call_after_refresh(self._scroll_to_selected)  # once laid out

    async def _scroll_to_selected(self) -> None:
        if layout := self.layout_shown:
            await layout.show(self._head, self._krs, self._selected)

    # -- keys become requests ------------------------------------------------------------
    def _ask(self, request: msg.MeetingRequest) -> None:
        self.post_message(request)

    def action_cursor(self, delta: int) -> None:
        self._ask(msg.SelectKR(delta))

    # A key names no key result: the app acts on the one selected when it handles the key
    # (tui/meeting/messages.py says why).
    def action_progress(self, steps: int) -> None:
        self._ask(msg.StepProgress(steps))

    def action_undo(self) -> None:
        self._ask(msg.Undo())

    def action_absent(self) -> None:
        self._ask(msg.MarkAbsent())

    def action_confidence(self, value: int) -> None:
        self._ask(msg.SetConfidence(value))

    def action_confirm(self) -> None:
        self._ask(msg.Confirm())

    def action_objective(self, delta: int) -> None:
        self._ask(msg.MoveObjective(delta))

    def action_history(self, whole_objective: bool) -> None:
        self._ask(msg.OpenHistory(whole_objective))

    def action_grades(self) -> None:
        self._ask(msg.OpenGrades())

    def action_value(self) -> None:
        self._ask_for_dialog("value")

    def action_blocker(self) -> None:
        self._ask_for_dialog("blocker")

    def action_next_step(self) -> None:
        self._ask_for_dialog("next_step")

    def action_objective_answer(self) -> None:
        self._ask_for_dialog("objective_answer")

    def action_wins(self) -> None:
        self._ask_for_dialog("wins")

    # -- dialogs: opened by the app (OpenDialog), on the state it has just sent down ------
    def _ask_for_dialog(self, kind: str) -> None:
        """Ask for the dialog ``kind``; the keys typed after this one wait for it."""
        if isinstance(self.app, KeyHolder):
            self.app.hold_keys()
        self._ask(msg.OpenDialog(kind))

    def open_dialog(self, kind: str) -> bool:
        """The dialog ``kind`` (an :class:`~tui.meeting.messages.OpenDialog`'s) about what is
        shown now; False: nothing to ask about (no objective or no key result shown)."""
        head, view = self._head, self.selected
        match kind:
            case "objective_answer" if head.objective is not None:
                self._objective_answer_dialog(head.objective, head)
            case "wins" if head.objective is not None:
                self._wins_dialog(head.objective, head)
            case "value" if view is not None:
                self._value_dialog(view)
            case "blocker" if view is not None:
                self._blocker_dialog(view)
            case "next_step" if view is not None:
                self._next_step_dialog(view)
            case _:
                return False
        return True

    def _value_dialog(self, view: KRView, typed: str | None = None) -> None:
        """The exact value; a metric's far outside its start→target range (more than one
        range beyond either end: 1210 h for 12 h) is confirmed first. ``typed``: asked again."""
        kr, a = view.kr, view.answer
        if kr.is_metric:
            numbers = {"kid": kr.id, "unit": kr.unit, "start": number(kr.start or 0), "target": number(kr.target or 0)}
            label = (_("{kid} value in {unit} (start {start}, target {target})") if kr.unit
                     else _("{kid} value (start {start}, target {target})")).format(**numbers)
            current, check = number(a.value) if a.value is not None else "", _check_number
        else:
            label, current, check = _("{kid} progress in % (0-100)").format(kid=kr.id), str(a.progress), _check_percent

        def done(values: list[str] | None) -> None:
            if not values:
                return
            value = float(values[0].rstrip("%").strip())
            if not far_off(kr, value):
                self._ask(msg.SetValue(kr.id, value))
                return
            text = _("{value} is far outside {kid}'s range from {start} to {target}.").format(
                value=number(value), kid=kr.id, start=number(kr.start or 0), target=number(kr.target or 0))
            from tui.screens.choice import Choice, ChoiceModal

            choices = [Choice("t", _("Type it again"), False), Choice("s", _("Save it anyway"), True)]

            def confirmed(save: bool | None) -> None:
                if save:
                    self._ask(msg.SetValue(kr.id, value))
                elif save is False:
                    self._value_dialog(view, values[0])

            self.app.push_screen(ChoiceModal(_("Save {value}?").format(value=number(value)), text, choices), confirmed)

        field = FormField(label, typed if typed is not None else current, check=check)
        self.app.push_screen(FormModal(_("Exact value"), [field]), done)

    def _blocker_dialog(self, view: KRView) -> None:
        def done(values: list[str] | None) -> None:
            if values is not None:
                self._ask(msg.SetBlocker(view.kr.id, values[0], values[1]))

        fields = [FormField(_("What is in the way? (empty clears)"), view.answer.blocker),
                  FormField(_("Who could help?"), view.answer.help_from, max_length=NAME_MAX)]
        self.app.push_screen(FormModal(_("Blocker of {kid}").format(kid=view.kr.id), fields), done)

    def _next_step_dialog(self, view: KRView) -> None:
        def done(values: list[str] | None) -> None:
            if values is not None:
                self._ask(msg.SetNextStep(view.kr.id, values[0]))

        fields = [FormField(_("What happens before next week, and who? (empty: done)"), view.answer.next_step)]
        self.app.push_screen(FormModal(_("Next step of {kid}").format(kid=view.kr.id), fields), done)

    def _objective_answer_dialog(self, obj: Objective, head: ObjectiveView) -> None:
        def done(values: list[str] | None) -> None:
            if values is not None:
                conf, note = values
                self._ask(msg.SetObjectiveAnswer(obj.id, int(conf) if conf else None, note))

        fields = [FormField(_("Objective confidence, 1-10"), str(head.confidence or ""), check=check_confidence),
                  FormField(_("Note"), head.note)]
        self.app.push_screen(FormModal(_("{oid} confidence").format(oid=obj.id), fields), done)

    def _wins_dialog(self, obj: Objective, head: ObjectiveView) -> None:
        def done(values: list[str] | None) -> None:
            if values is not None:
                self._ask(msg.SetWins(obj.id, values[0]))

        self.app.push_screen(FormModal(_("Wins worth recognising ({oid})").format(oid=obj.id),
                                       [FormField(_("Wins (empty clears)"), head.wins)]), done)


def far_off(kr: KeyResult, value: float) -> bool:
    """A metric value more than one start→target range beyond either end."""
    if kr.start is None or kr.target is None:
        return False
    low, high = sorted((kr.start, kr.target))
    span = high - low
    return value < low - span or value > high + span


def _check_percent(text: str) -> str | None:
    try:
        value = float(text.rstrip("%").strip())
    except ValueError:
        return _("type a number from 0 to 100")
    return None if 0 <= value <= 100 else _("progress is from 0 to 100")


def _check_number(text: str) -> str | None:
    try:
        value = float(text)
    except ValueError:
        return _("type a number")
    return None if value == value and abs(value) != float("inf") else _("type a finite number")
