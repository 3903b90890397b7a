"""The presentation layout: one objective filling the screen for a projector or a TV.

Progress, confidence and the timebox in large digits, each with its word under it
(a band, "on pace" / "behind pace", "OVER TIME"), and every key result as a thick bar
as wide as the screen. The meeting screen's keys act on it unchanged.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import HorizontalGroup, VerticalGroup, VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Digits, Label, Static

from store import KeyResult
from store.rules import confidence_band

from tui.meeting.views import KRView, ObjectiveView
from tui.widgets.format import amount, clean, clock, number

ROOMY_HEIGHT = 40  # from this many rows on, bars are thicker and key results spaced
BIG_HEIGHT = 55  # and from this many, thicker still


def progress_word(progress: float | None, expected: float) -> Content:
    if progress is None:
        return Content("no key results")
    if progress >= 100 or progress >= expected:
        return Content.styled("✓ on pace", "$success")
    return Content.styled(f"▼ behind pace, {expected:.0f}% due", "$error bold")


def last_amount(kr: KeyResult, progress: int, value: float | None) -> str:
    """Last week's amount without the percentage a metric repeats: "12 h", "40%"."""
    if kr.is_metric and value is not None:
        return f"{number(value)} {clean(kr.unit)}".rstrip()
    return f"{progress}%"


def time_numbers(spent: float, minutes: int) -> tuple[str, Content]:
    """The digits and the word under them: time left, or how far over."""
    left = minutes * 60 - spent
    if left >= 0:
        return clock(left), Content(f"⏱ left of {clock(minutes * 60)}")
    return "+" + clock(-left), Content.styled(f"⏱ OVER TIME ({clock(minutes * 60)} box)", "$error bold")


def _big(label: str, digits_id: str, word_id: str) -> ComposeResult:
    with VerticalGroup(classes="big"):
        yield Label(label, classes="big-label")
        yield Digits(id=digits_id)
        yield Static(id=word_id, classes="big-word")


class PresentKR(Widget):
    """One key result: its title, a bar as wide as the widget, then the numbers and status."""

    def __init__(self, view: KRView, selected: bool) -> None:
        super().__init__(classes="present-kr")
        self.view = view
        self.selected = selected

    def show(self, view: KRView, selected: bool) -> None:
        if view is self.view and selected == self.selected:
            return  # unchanged (a changed answer comes with a new view)
        self.view, self.selected = view, selected
        self.set_class(selected, "-selected")
        self.refresh(layout=True)

    def on_mount(self) -> None:
        self.set_class(self.selected, "-selected")

    @property
    def thickness(self) -> int:
        height = self.screen.size.height
        return 3 if height >= BIG_HEIGHT else 2 if height >= ROOMY_HEIGHT else 1

    def _title(self) -> Content:
        kr = self.view.kr
        marker = Content.styled("▶ ", "$accent bold") if self.selected else Content("  ")
        owner = ("  · " + clean(kr.owner), "dim") if kr.owner else ""
        return Content.assemble(marker, (kr.id, "bold"), " ", (clean(kr.title), "bold"), owner)

    def _status(self) -> Content:
        """The numbers, then (on lines of their own) the blocker and why it needs help."""
        view, a = self.view, self.view.answer
        before = view.before
        was = f" (last {last_amount(view.kr, before.progress, before.value)})" if before else ""
        lines = [Content.assemble(
            "  ", (amount(view.kr, a.progress, a.value), "bold"), was, " · ",
            (f"{a.confidence}/10 {confidence_band(a.confidence)}" if a.confidence else "confidence —", "bold"),
            (" · ✓ given", "$success") if a.confirmed else (" · not given yet", "dim"),
        )]
        if a.blocker:
            lines.append(Content.assemble("  ", ("blocker: ", "$warning"), clean(a.blocker)))
        if view.reason_names:
            lines.append(Content.styled("  ⚠ needs help: " + ", ".join(view.reason_names), "$error bold"))
        return Content("\n").join(lines)

    def _bar(self, width: int) -> Content:
        cells = max(1, width - 2)
        filled = round(self.view.answer.progress * cells / 100)
        line = Content.assemble("  ", ("█" * filled, "$primary"), ("░" * (cells - filled), "dim"))
        return Content("\n").join([line] * self.thickness)

    def render(self) -> Content:
        width = self.size.width or 80
        return Content("\n").join([self._title(), self._bar(width), self._status()])

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        lines = self._title().wrap(width) + [w for line in self._status().split("\n") for w in line.wrap(width)]
        return len(lines) + self.thickness


class PresentView(VerticalGroup):
    """The whole presentation layout; :meth:`show` fills it from the meeting's state."""

    def compose(self) -> ComposeResult:
        yield Static(id="present-head")
        with HorizontalGroup(id="present-numbers"):
            yield from _big("progress", "present-progress", "present-progress-word")
            yield from _big("confidence", "present-confidence", "present-confidence-word")
            yield from _big("timebox", "present-time", "present-time-word")
        yield VerticalScroll(id="present-krs", can_focus=False)

    def on_resize(self) -> None:
        self.set_class(self.screen.size.height >= ROOMY_HEIGHT, "-roomy")

    async def show(self, head: ObjectiveView, krs: list[KRView], selected: int, *, scroll: bool = True) -> None:
        """The whole state; rows are mounted anew only for other key results (a new objective)."""
        self.show_head(head)
        box = self.query_one("#present-krs", VerticalScroll)
        rows = list(self.query(PresentKR))
        if [row.view.kr.id for row in rows] != [view.kr.id for view in krs]:
            await box.remove_children()
            await box.mount_all(PresentKR(v, i == selected) for i, v in enumerate(krs))
            box.scroll_home(animate=False)
            return
        for i, (row, view) in enumerate(zip(rows, krs)):
            row.show(view, i == selected)
        if scroll and 0 <= selected < len(rows) and self.display:
            box.scroll_to_widget(rows[selected], animate=False)

    def show_head(self, view: ObjectiveView) -> None:
        head = self.query_one("#present-head", Static)
        obj = view.objective
        if obj is None:
            head.update(Content(f"Summary is next · {view.total} objectives"))
            return
        facts = " · ".join(x for x in (obj.id, str(obj.kind), clean(obj.team), clean(obj.owner)) if x)
        head.update(Content.assemble((f"Objective {view.number} of {view.total}", "bold"), "  · ", facts, "\n",
                                     (clean(obj.title), "bold $primary")))
        p = view.progress
        self.query_one("#present-progress", Digits).update("—" if p is None else f"{p:.0f}%")
        self.query_one("#present-progress-word", Static).update(progress_word(p, view.expected))
        c = view.confidence
        self.query_one("#present-confidence", Digits).update("—" if c is None else str(c))
        self.query_one("#present-confidence-word", Static).update(
            Content("not given") if c is None else Content.styled(f"/10 {confidence_band(c)}", "bold"))
        digits, word = time_numbers(view.spent, view.timebox_minutes)
        self.query_one("#present-time", Digits).update(digits)
        self.query_one("#present-time-word", Static).update(word)
        self.set_class(view.spent > view.timebox_minutes * 60, "-over-time")
