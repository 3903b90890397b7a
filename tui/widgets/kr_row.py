"""One key result in the meeting: last week → this week, confidence, blocker, needs-help."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.content import Content
from textual.widgets import Static

from tui.display import bar, one_line
from tui.i18n import _
from tui.meeting.views import KRView
from tui.widgets.format import amount, confidence_text
from tui.widgets.repaint import show_content
from tui.widgets.symbols import SYMBOLS
from tui.widgets.trend import trend_content


def kr_content(view: KRView) -> Content:
    """The key result's lines; wrapped lines stay in the body column."""
    kr, a, before = view.kr, view.answer, view.before
    done = (f"  {SYMBOLS.done} " + _("given"), "$success") if a.confirmed else (
        ("  " + _("· absent, skipped"), "$warning") if view.absent else ("  " + _("· not given yet"), "dim"))
    lines = [
        Content.assemble((kr.id, "bold"), " ", (one_line(kr.title), "bold"),
                         ("  · " + one_line(kr.owner), "dim") if kr.owner else "", done),
        Content.assemble(
            " " + _("last") + " ", bar(before.progress if before else None), " ",
            amount(kr, before.progress if before else None, before.value if before else None),
            "  →  " + _("now") + " ", (bar(a.progress), "$primary"), " ", (amount(kr, a.progress, a.value), "bold"),
        ),
        Content.assemble(
            " " + _("confidence") + " ", (confidence_text(a.confidence), "bold"),
            "  " + _("(last {confidence})").format(confidence=before.confidence)
            if before and before.confidence is not None else "",
        ),
    ]
    if view.delta is not None:
        lines.append(trend_content(kr, view.delta, view.series))
    if a.blocker or a.help_from:
        # The ledger: how long it has been open and who could help ("blocked 3rd week · IT could help").
        age = ("  · " + view.blocker_age, "bold") if view.blocker_age and a.blocker else ""
        helper = "  · " + _("{who} could help").format(who=one_line(a.help_from)) if a.help_from else ""
        lines.append(Content.assemble(" " + _("blocker:") + " ", (one_line(a.blocker) or "—", "$warning"), age, helper))
    if before and before.note:  # the check-in before this week's
        lines.append(Content.assemble(" " + _("last week's note:") + " ", (one_line(before.note), "italic")))
    if a.next_step:
        lines.append(Content.assemble(" " + _("next step:") + " ", (one_line(a.next_step), "$accent")))
    lines += [Content.assemble((f" {SYMBOLS.warn} " + _("needs help:") + " ", "$error bold"), one_line(r)) for r in view.reasons]
    return Content("\n").join(lines)


class KRRow(HorizontalGroup):
    """A key result's block; the selected one carries the marker (▶) and the -selected class
    (a band of $selected-row behind it)."""

    def __init__(self, view: KRView, selected: bool) -> None:
        super().__init__(id=f"kr-{view.kr.id.replace('.', '-')}")
        self.kid = view.kr.id
        self._view = view
        self._selected = selected
        self._marker = Static(classes="marker")
        self._body = Static(classes="body")
        self._shown = False

    def compose(self) -> ComposeResult:
        yield self._marker
        yield self._body

    def on_mount(self) -> None:
        self.show(self._view, self._selected)

    @property
    def view(self) -> KRView:
        return self._view

    @property
    def content(self) -> Content:
        """What the row says, marker included (for tests and screen readers of the state)."""
        marker = SYMBOLS.selected + " " if self._selected else "  "
        return Content(marker).append(self._body.content)  # type: ignore[arg-type]

    def show(self, view: KRView, selected: bool) -> None:
        """Repaint what changed: a keypress changes one row's view, or two rows' marker.
        An answer changes in place, so a changed answer always comes with a new view."""
        if self._shown and view is self._view and selected == self._selected:
            return
        self._view, self._selected, self._shown = view, selected, True
        self.set_class(selected, "-selected")
        show_content(self._marker, Content.styled(SYMBOLS.selected, "$accent bold") if selected else Content(""))
        show_content(self._body, kr_content(view))
