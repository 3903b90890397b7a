"""The summary screen, in the printed summary's order and words: needs help first, then each
objective, the key results not checked in (and the absent), the blockers resolved this week
and still open, wins, next steps."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from store.summary import KRLine, Summary
from tui.display import NBSP, clean_lines, one_line
from tui.i18n import _
from tui.report.markdown import render_markdown
from tui.report.summary import (
    change,
    confidence,
    help_flag,
    help_numbers,
    helper_phrase,
    kr_brief,
    latest_phrase,
    metric,
    not_checked_in,
    objective_confidence,
    open_phrase,
    other_reasons,
    pct,
    resolved_phrase,
    review_title,
)
from tui.widgets.hanging import HangingLines
from tui.widgets.symbols import SYMBOLS
from tui.widgets.words import word


def _kr_facts(kr: KRLine) -> str:
    value = f" ({metric(kr)})" if metric(kr) else ""
    band = f" {word(kr.band)}" if kr.band else ""
    return _("progress {progress} · confidence {confidence}").format(
        progress=pct(kr.progress) + value, confidence=confidence(kr.confidence) + band)


def summary_content(summary: Summary) -> HangingLines:
    """The summary as the screen draws it: a line wrapped at the screen's width goes on under
    its own indent (HangingLines), never back at column 0."""
    return HangingLines(summary_lines(summary))


def summary_lines(summary: Summary) -> list[Content]:
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
                                      ("  · " + one_line(kr.owner), "dim") if kr.owner else "",
                                      ("  · " + not_checked_in(kr), "$warning") if not kr.checked_in else ""))
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
            flag = (f"  {SYMBOLS.warn}{NBSP}" + _("needs help").replace(" ", NBSP), "bold $error") if kr.reasons else ""
            lines.append(Content.assemble(f"      {kr.id} ", one_line(kr.title), flag))
            lines.append(Content(f"          {pct(kr.progress)}{change(kr.progress, kr.progress_before)}"
                                 f" · {confidence(kr.confidence)} {word(kr.band)}".rstrip()))
    lines += _ledger(summary)
    lines += [Content(""), Content.styled(_("WINS"), "bold $success")]
    if not summary.wins:
        lines.append(Content("  " + _("None recorded.")))
    for win in summary.wins:
        lines.append(Content.assemble("  ", (one_line(win["objective"]), "bold"), " ", one_line(win["title"]),
                                      ": ", one_line(win["wins"])))
    lines += _next_steps(summary)
    return lines


def _missing(head: str, krs: list[KRLine], numbers: dict[str, int], absent: bool = False) -> list[Content]:
    """A "NOT CHECKED IN" / "ABSENT" line per key result, in the printed summary's words:
    its latest numbers, and its place in the needs-help list when it has one."""
    lines = []
    for kr in krs:
        flag = (help_flag(kr.id, numbers), "bold $error")
        where = " · " + _("absent") if absent else ""
        lines.append(Content.assemble("  ", (kr.id, "bold"), "  ", one_line(kr.title),
                                      f" ({one_line(kr.owner)}){where} · " + latest_phrase(kr, kr_brief(kr)), flag))
    return [Content(""), Content.styled(head, "bold $warning"), *lines]


def _ledger(summary: Summary) -> list[Content]:
    """The printed summary's sections after the objectives (tui/report/summary.py
    ``_ledger_text``), same order and words: not checked in, absent (only when someone
    was marked absent), the blockers resolved this week and those still open."""
    numbers = help_numbers(summary)
    lines = _missing(_("NOT CHECKED IN ({n})").format(n=len(summary.not_checked_in)), summary.not_checked_in,
                     numbers)
    if not summary.not_checked_in:
        lines.append(Content("  " + _("Every key result was checked in.")))
    if summary.absent:
        lines += _missing(_("ABSENT ({n})").format(n=len(summary.absent)), summary.absent, numbers, absent=True)
    lines += [Content(""), Content.styled(_("RESOLVED THIS WEEK ({n})").format(n=len(summary.resolved)),
                                          "bold $success")]
    if not summary.resolved:
        lines.append(Content("  " + _("None.")))
    for b in summary.resolved:
        lines.append(Content.assemble("  ", (b["kr"], "bold"), "  ", one_line(b["text"]),
                                      "  " + one_line(resolved_phrase(b, helper_phrase(b)))))
    lines += [Content(""), Content.styled(_("STILL OPEN ({n})").format(n=len(summary.still_open)), "bold $warning")]
    if not summary.still_open:
        lines.append(Content("  " + _("No open blockers.")))
    for b in summary.still_open:
        phrase = open_phrase(b, helper_phrase(b), one_line(b["owner"]))
        lines.append(Content.assemble("  ", (b["kr"], "bold"), "  ", one_line(b["text"]), "  " + one_line(phrase)))
    return lines


def _next_steps(summary: Summary) -> list[Content]:
    """The printed summary's last section: each next step under its key result, a line of
    the step to a line (user text, never markup)."""
    lines = [Content(""), Content.styled(_("NEXT STEPS"), "bold")]
    if not summary.next_steps:
        lines.append(Content("  " + _("None recorded.")))
    for step in summary.next_steps:
        lines.append(Content.assemble("  ", (step["kr"], "bold"), "  ", one_line(step["title"])))
        lines += [Content("      " + one_line(line)) for line in clean_lines(step["next_step"]).splitlines()]
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
