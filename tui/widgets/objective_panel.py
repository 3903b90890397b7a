"""The head of the meeting screen: which objective, its facts, the timebox and total time."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from store import Objective
from store.rules import confidence_band

from tui.widgets.format import clean, clock
from tui.widgets.repaint import show_content


def confidence_change(before: int | None, now: int | None) -> Content:
    if now is None:
        return Content("confidence —")
    was = f"{before} → " if before is not None and before != now else ""
    return Content.assemble("confidence ", was, (f"{now}/10", "bold"), f" {confidence_band(now)}")


def timebox(spent: float, minutes: int) -> tuple[Content, bool]:
    """"⏱ 01:12 / 03:00", or "OVER TIME +0:12" (the caller adds the colour class too)."""
    limit = minutes * 60
    if spent <= limit:
        return Content(f"⏱ {clock(spent)} / {clock(limit)}"), False
    over = int(spent - limit)
    return Content.assemble((f"⏱ OVER TIME +{over // 60}:{over % 60:02d}", "bold"), f" ({clock(limit)} box)"), True


class ObjectivePanel(Static):
    def show(self, obj: Objective, n: int, total: int, aligned: str, before: int | None, now: int | None,
             spent: float, minutes: int, meeting_seconds: float) -> None:
        facts = [obj.id, str(obj.kind)]
        if obj.team:
            facts.append(f"team {clean(obj.team)}")
        facts.append(f"owner {clean(obj.owner)}")
        box, over = timebox(spent, minutes)
        self.set_class(over, "-over-time")
        lines = [
            Content.assemble((f"Objective {n} of {total}", "bold"), "  · ", " · ".join(facts)),
            Content.styled(clean(obj.title), "bold $primary"),
        ]
        if aligned:
            lines.append(Content.assemble(("aligned to ", "dim"), clean(aligned)))
        lines.append(Content.assemble(
            confidence_change(before, now), "   ", box.stylize("$error") if over else box,
            f"   meeting {clock(meeting_seconds)}",
        ))
        show_content(self, Content("\n").join(lines))
