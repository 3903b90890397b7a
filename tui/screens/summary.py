"""The summary screen: needs help first, then each objective, then wins."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from store.summary import KRLine, Summary
from tui.display import one_line
from tui.i18n import _
from tui.report.markdown import render_markdown
from tui.report.summary import (
    change,
    confidence,
    help_numbers,
    kr_brief,
    latest_phrase,
    metric,
    objective_confidence,
    other_reasons,
    pct,
    review_title,
)
from tui.widgets.symbols import SYMBOLS
from tui.widgets.words import word


def _kr_facts(kr: KRLine) -> str:
    value = f" ({metric(kr)})" if metric(kr) else ""
    band = f" {word(kr.band)}" if kr.band else ""
    return _("progress {progress} · confidence {confidence}").format(
        progress=pct(kr.progress) + value, confidence=confidence(kr.confidence) + band)


def summary_content(summary: Summary) -> Content:
    head = _("Summary · cycle {cycle} · week {week}").format(cycle=one_line(summary.cycle), week=summary.week)
    if summary.review:  # as the printed head: only the reviewer's key results are here
        head = " · ".join([review_title(summary), head,
                           _("only {owner}'s key results").format(owner=one_line(summary.owner))])
    lines = [Content.styled(head, "bold"), Content(""),
             Content.styled(f"{SYMBOLS.warn} " + _("NEEDS HELP ({count})").format(count=len(summary.needs_help)), "bold $error")]
    if not summary.needs_help:
        lines.append(Content("  " + _("Nothing needs help this week.")))
    for kr in summary.needs_help:
        lines.append(Content.assemble("  ", (kr.id, "bold"), " ", (one_line(kr.title), "bold"),
                                      ("  · " + one_line(kr.owner), "dim") if kr.owner else ""))
        lines.append(Content("      " + _kr_facts(kr)))
        lines += [Content.assemble("      ! ", one_line(r)) for r in other_reasons(kr)]
        if kr.blocker:
            lines.append(Content.assemble("      " + _("blocker:") + " ", (one_line(kr.blocker), "$warning")))
        if kr.help_from:
            lines.append(Content.assemble("      " + _("help from:") + " ", one_line(kr.help_from)))
    lines += [Content(""), Content.styled(_("OBJECTIVES"), "bold")]
    if not summary.objectives:
        lines.append(Content("  " + _("No objectives.")))
    for obj in summary.objectives:
        lines.append(Content.assemble("  ", (obj.id, "bold"), " ", (one_line(obj.title), "bold"),
                                      ("  · " + one_line(obj.owner), "dim")))
        lines.append(Content("      " + _("progress {progress} · confidence {confidence}").format(
            progress=pct(obj.progress) + change(obj.progress, obj.progress_before),
            confidence=objective_confidence(obj))))
        if obj.note:
            lines.append(Content.assemble("      " + _("note:") + " ", one_line(obj.note)))
        for kr in obj.key_results:
            flag = (f"  {SYMBOLS.warn} " + _("needs help"), "bold $error") if kr.reasons else ""
            lines.append(Content.assemble(f"      {kr.id} ", one_line(kr.title), flag))
            lines.append(Content(f"          {pct(kr.progress)}{change(kr.progress, kr.progress_before)}"
                                 f" · {confidence(kr.confidence)} {word(kr.band)}".rstrip()))
    lines += _absent(summary)
    lines += [Content(""), Content.styled(_("WINS"), "bold $success")]
    if not summary.wins:
        lines.append(Content("  " + _("None recorded.")))
    for win in summary.wins:
        lines.append(Content.assemble("  ", (one_line(win["objective"]), "bold"), " ", one_line(win["title"]),
                                      ": ", one_line(win["wins"])))
    return Content("\n").join(lines)


def _absent(summary: Summary) -> list[Content]:
    """The printed summary's "ABSENT" section (tui/report/summary.py), same order and
    words: shown only when someone was marked absent."""
    if not summary.absent:
        return []
    numbers = help_numbers(summary)
    lines = [Content(""), Content.styled(_("ABSENT ({n})").format(n=len(summary.absent)), "bold $warning")]
    for kr in summary.absent:
        flag = ("  ! " + _("needs help #{n}").format(n=numbers[kr.id]), "bold $error") if kr.id in numbers else ""
        lines.append(Content.assemble("  ", (kr.id, "bold"), "  ", one_line(kr.title),
                                      f" ({one_line(kr.owner)}) · " + _("absent") + " · "
                                      + latest_phrase(kr, kr_brief(kr)), flag))
    return lines


class SummaryScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "app.finish", _("finish"), id="summary.finish",
                tooltip=_("End the meeting and print this summary in the terminal")),
        Binding("b,p", "app.back", _("back"), id="summary.back", tooltip=_("Back to the last objective")),
        Binding("y", "copy", _("copy"), id="summary.copy",
                tooltip=_("Copy the summary as Markdown to the clipboard (OSC 52: works over SSH where the terminal allows)")),
        Binding("question_mark,f1", "app.help", _("help"), id="summary.help", tooltip=_("All keys")),
    ]

    def __init__(self, summary: Summary) -> None:
        super().__init__()
        self.summary = summary

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="summary"):
            yield Static(summary_content(self.summary), id="summary-text")
        yield Static(_("q finish · b back · y copy · answers are saved"), id="hint")
        yield Footer()

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(render_markdown(self.summary))
        self.notify(_("Summary copied to the clipboard as Markdown (paste it into a doc or chat)."),
                    title=_("Copied"), markup=False)
