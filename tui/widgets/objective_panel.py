"""The head of the meeting screen: which objective, its facts, the timebox and total time."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from store.rules import confidence_band
from tui.display import one_line
from tui.i18n import _, ngettext
from tui.meeting.views import ObjectiveView
from tui.widgets.format import clock
from tui.widgets.repaint import show_content
from tui.widgets.symbols import SYMBOLS
from tui.widgets.words import word


def confidence_change(before: int | None, now: int | None) -> Content:
    if now is None:
        return Content(_("confidence") + " —")
    was = f"{before} → " if before is not None and before != now else ""
    return Content.assemble(_("confidence") + " ", was, (f"{now}/10", "bold"), " " + word(confidence_band(now)))


def timebox(spent: float, minutes: int) -> tuple[Content, bool]:
    """"⏱ 01:12 / 03:00", or "⏱ OVER TIME +0:12" (the caller adds the colour class too)."""
    limit = minutes * 60
    if spent <= limit:
        return Content(f"{SYMBOLS.timer} {clock(spent)} / {clock(limit)}"), False
    over = int(spent - limit)
    return Content.assemble((f"{SYMBOLS.timer} " + _("OVER TIME") + f" +{over // 60}:{over % 60:02d}", "bold"),
                            " " + _("({limit} box)").format(limit=clock(limit))), True


def summary_next(total: int) -> str:
    return ngettext("Summary is next · {total} objective", "Summary is next · {total} objectives", total).format(
        total=total)


def objective_of(number: int, total: int) -> str:
    return _("Objective {number} of {total}").format(number=number, total=total)


class ObjectivePanel(Static):
    def show(self, view: ObjectiveView) -> None:
        obj = view.objective
        if obj is None:
            self.set_class(False, "-over-time")
            show_content(self, Content(summary_next(view.total)))
            return
        facts = [obj.id, word(obj.kind)]
        if obj.team:
            facts.append(_("team {team}").format(team=one_line(obj.team)))
        facts.append(_("owner {owner}").format(owner=one_line(obj.owner)))
        box, over = timebox(view.spent, view.timebox_minutes)
        over = over and view.clocks  # a review has no timebox
        self.set_class(over, "-over-time")
        lines = [
            Content.assemble((objective_of(view.number, view.total), "bold"), "  · ", " · ".join(facts)),
            Content.styled(one_line(obj.title), "bold $primary"),
        ]
        if view.aligned:
            lines.append(Content.assemble((_("aligned to") + " ", "dim"), one_line(view.aligned)))
        clocks = ("   ", box.stylize("$error") if over else box,
                  "   " + _("meeting {clock}").format(clock=clock(view.meeting_seconds))) if view.clocks else ()
        lines.append(Content.assemble(confidence_change(view.confidence_before, view.confidence), *clocks))
        show_content(self, Content("\n").join(lines))
