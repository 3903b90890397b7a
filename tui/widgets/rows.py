"""The meeting's everyday layout: the objective's head over one row per key result."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from tui.i18n import N_, _
from tui.meeting.views import KRView, ObjectiveView
from tui.widgets.kr_row import KRRow
from tui.widgets.objective_panel import ObjectivePanel

NO_OBJECTIVES = N_("No objectives to check in for this cycle and filter. Press s for the summary.")
NO_KEY_RESULTS = N_("This objective has no key results. Press Enter or n to move on.")


class RowsView(Vertical):
    """One of the meeting's two layouts (the other: tui/widgets/present.py PresentView).

    :meth:`show` takes the whole state each time and repaints only what changed: rows
    are mounted anew only when the key results shown are others (a new objective); a row
    whose view is the same object as before is not touched. Its parts are held, not
    queried (a query walks every row's widgets, and a reload or the clock's tick can come
    while they are being composed or taken down)."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 (Textual's name)
        super().__init__(id=id)
        self.panel = ObjectivePanel(id="objective")
        self.box = VerticalScroll(id="krs", can_focus=False)

    def compose(self) -> ComposeResult:
        yield self.panel
        yield self.box

    @property
    def rows(self) -> list[KRRow]:
        return [row for row in self.box.children if isinstance(row, KRRow)]

    def show_head(self, head: ObjectiveView) -> None:
        self.panel.show(head)

    async def show(self, head: ObjectiveView, krs: list[KRView], selected: int, *, scroll: bool = True) -> None:
        self.show_head(head)
        box = self.box
        if not box.is_mounted:  # still being composed (a reload can come first): the next show paints it
            return
        rows = self.rows
        if [row.kid for row in rows] != [view.kr.id for view in krs] or (not krs and not box.children):
            await box.remove_children()
            if not box.is_attached:  # the app is exiting (a reload queued before the quit): nothing to show
                return
            if head.objective is None or not krs:
                text = NO_OBJECTIVES if head.objective is None else NO_KEY_RESULTS
                await box.mount(Static(Content(_(text)), classes="empty"))
            await box.mount_all(KRRow(view, i == selected) for i, view in enumerate(krs))
            box.scroll_home(animate=False)
            return
        for i, (row, view) in enumerate(zip(rows, krs)):
            row.show(view, i == selected)
        if scroll and 0 <= selected < len(rows):
            box.scroll_to_widget(rows[selected], animate=False)
