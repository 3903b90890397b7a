"""One key result in the meeting: last week → this week, confidence, blocker, needs-help."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from ..meeting_session import KRView
from .format import amount, bar, clean, confidence_text


def kr_content(view: KRView, selected: bool) -> Content:
    kr, a, before = view.kr, view.answer, view.before
    marker = ("▶ ", "$accent bold") if selected else "  "
    done = ("  ✓ given", "$success") if a.confirmed else ("  · not given yet", "dim")
    lines = [
        Content.assemble(marker, (kr.id, "bold"), " ", (clean(kr.title), "bold"),
                         ("  · " + clean(kr.owner), "dim") if kr.owner else "", done),
        Content.assemble(
            "   last ", bar(before.progress if before else None), " ",
            amount(kr, before.progress if before else None, before.value if before else None),
            "  →  now ", (bar(a.progress), "$primary"), " ", (amount(kr, a.progress, a.value), "bold"),
        ),
        Content.assemble(
            "   confidence ", (confidence_text(a.confidence), "bold"),
            f"  (last {before.confidence})" if before and before.confidence is not None else "",
        ),
    ]
    if a.blocker or a.help_from:
        lines.append(Content.assemble(
            "   blocker: ", (clean(a.blocker) or "—", "$warning"),
            "  · help from: ", clean(a.help_from) or "—",
        ))
    if view.reasons:
        lines.append(Content.assemble(("   ⚠ needs help: ", "$error bold"), "; ".join(clean(r) for r in view.reasons)))
    return Content("\n").join(lines)


class KRRow(Static):
    """A key result's block; the selected one carries "▶" and the -selected class."""

    def __init__(self, view: KRView, selected: bool) -> None:
        super().__init__(kr_content(view, selected), id=f"kr-{view.kr.id.replace('.', '-')}")
        self.kid = view.kr.id
        self.set_class(selected, "-selected")

    def show(self, view: KRView, selected: bool) -> None:
        self.set_class(selected, "-selected")
        self.update(kr_content(view, selected))
