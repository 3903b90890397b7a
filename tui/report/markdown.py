"""The meeting summary as Markdown (Feishu docs, wikis, chats that render it): the same
sections as the text form (tui/report/summary.py), user text made inert."""

from __future__ import annotations

import re

from store.summary import KRLine, Summary
from tui.display import one_line
from tui.i18n import _
from tui.report.summary import (
    band_note,
    change,
    confidence,
    help_numbers,
    helper_phrase,
    latest_phrase,
    meeting_parts,
    metric,
    not_checked_in,
    objective_facts,
    open_phrase,
    pct,
    reason_parts,
    resolved_phrase,
    scope,
    shown,
)

# User text always follows a list marker or a heading on one line, so line-start syntax
# (1. - +) cannot trigger; these are the characters that matter anywhere in a line.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&])")


def md(text: str) -> str:
    """User text made inert for Markdown: one line, every significant character escaped."""
    return _MD_SPECIAL.sub(r"\\\1", one_line(text))


def _md_kr_facts(kr: KRLine) -> str:
    value = f" · {md(metric(kr))}" if metric(kr) else ""
    band = band_note(kr.band)
    return (f"{pct(kr.progress)}{change(kr.progress, kr.progress_before)}{value} · "
            + _("confidence {value}").format(value=confidence(kr.confidence)) + band)


def _md_flag(numbers: dict[str, int], kid: str) -> str:
    return " · **" + _("needs help #{n}").format(n=numbers[kid]).replace("#", "\\#") + "**" if kid in numbers else ""


def render_markdown(summary: Summary) -> str:
    """The summary as Markdown lists: needs help first, then objectives, the ledger, wins
    and next steps."""
    head = _("{owner}'s weekly review: {cycle}, {week}") if summary.review else _("OKR check-in: {cycle}, {week}")
    out = ["## " + head.format(owner=md(summary.owner), cycle=md(summary.cycle), week=summary.week), ""]
    out.append("*" + md(" · ".join(scope(summary)[2:] or [_("all teams")])) + "*")
    if summary.meeting:
        out.append("")
        out.append("*" + md(" · ".join(meeting_parts(summary.meeting))) + "*")
    out += ["", "### " + _("Needs help ({n})").format(n=len(summary.needs_help)), ""]
    if not summary.needs_help:
        out.append(_("Nothing needs help this week."))
    for i, kr in enumerate(summary.needs_help, start=1):
        missing = f" · *{md(not_checked_in(kr))}*" if not_checked_in(kr) else ""
        out.append(f"{i}. **{kr.id} {md(kr.title)}** ({md(kr.owner)}): {_md_kr_facts(kr)}{missing}")
        out.append("   - " + " · ".join(md(p) for p in reason_parts(kr)))
    numbers = help_numbers(summary)
    out += ["", "### " + _("Objectives"), ""]
    if not summary.objectives:
        out.append(_("No objectives."))
    for obj in summary.objectives:
        aligns = [_("aligns to {id}").format(id=md(obj.aligns_to))] if obj.aligns_to else []
        facts = [md(obj.owner), md(shown(obj.kind)), *aligns]
        out.append(f"- **{obj.id} {md(obj.title)}** ({', '.join(facts)}): {objective_facts(obj)}")
        if obj.note:
            out.append(f"  - {_('note: ')}{md(obj.note)}")
        for kr in obj.key_results:
            flag = _md_flag(numbers, kr.id)
            out.append(f"  - {kr.id} {md(kr.title)} ({md(kr.owner)}): {_md_kr_facts(kr)}{flag}")
    out += ["", "### " + _("Not checked in ({n})").format(n=len(summary.not_checked_in)), ""]
    if not summary.not_checked_in:
        out.append(_("Every key result was checked in."))
    for kr in summary.not_checked_in:
        flag = _md_flag(numbers, kr.id)
        latest = latest_phrase(kr, _md_kr_facts(kr))
        out.append(f"- {kr.id} {md(kr.title)} ({md(kr.owner)}): {latest}{flag}")
    if summary.absent:
        out += ["", "### " + _("Absent ({n})").format(n=len(summary.absent)), ""]
    for kr in summary.absent:
        latest = latest_phrase(kr, _md_kr_facts(kr))
        out.append(f"- {kr.id} {md(kr.title)} ({md(kr.owner)}): {_('absent')} · {latest}{_md_flag(numbers, kr.id)}")
    out += ["", "### " + _("Resolved this week ({n})").format(n=len(summary.resolved)), ""]
    if not summary.resolved:
        out.append(_("None."))
    out += [f"- {b['kr']} {md(b['text'])} {resolved_phrase(b, md(helper_phrase(b)))}" for b in summary.resolved]
    out += ["", "### " + _("Still open ({n})").format(n=len(summary.still_open)), ""]
    if not summary.still_open:
        out.append(_("No open blockers."))
    out += [f"- {b['kr']} {md(b['text'])} {open_phrase(b, md(helper_phrase(b)), md(b['owner']))}"
            for b in summary.still_open]
    out += ["", "### " + _("Wins"), ""]
    if not summary.wins:
        out.append(_("None recorded."))
    out += [f"- **{md(w['objective'])} {md(w['title'])}**: {md(w['wins'])}" for w in summary.wins]
    out += ["", "### " + _("Next steps"), ""]
    if not summary.next_steps:
        out.append(_("None recorded."))
    out += [f"- **{step['kr']} {md(step['title'])}**: {md(step['next_step'])}" for step in summary.next_steps]
    return "\n".join(out) + "\n"
