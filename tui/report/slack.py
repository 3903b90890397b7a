"""The meeting summary as Slack mrkdwn, to paste into a channel: ``*bold*`` headings (mrkdwn
has no ``#`` headings), ``•`` bullets, and user text escaped as Slack asks (``&``, ``<``,
``>``: the only characters it reads as markup, for links and mentions), on one line each.
"""

from __future__ import annotations

from store.summary import KRLine, Summary
from tui.display import one_line
from tui.i18n import _
from tui.report.summary import (
    band_note,
    confidence,
    help_numbers,
    latest_phrase,
    meeting_parts,
    metric,
    not_checked_in,
    open_phrase,
    pct,
    reason_parts,
    resolved_phrase,
    scope,
)


def esc(text: str) -> str:
    """User text made inert for Slack: one line, ``&``, ``<``, ``>`` as entities."""
    return one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _facts(kr: KRLine) -> str:
    value = f" · {esc(metric(kr))}" if metric(kr) else ""
    band = band_note(kr.band)
    return f"{pct(kr.progress)}{value} · " + _("confidence {value}").format(value=confidence(kr.confidence)) + band


def _flag(numbers: dict[str, int], kid: str) -> str:
    return " · *" + _("needs help #{n}").format(n=numbers[kid]) + "*" if kid in numbers else ""


def render_slack(summary: Summary) -> str:
    """Needs help first (ranked, one line of reasons each), objectives referring to it, the
    ledger (not checked in, resolved, still open), wins, next steps."""
    head = _("{owner}'s weekly review · {cycle} · {week}") if summary.review else _("OKR check-in · {cycle} · {week}")
    out = ["*" + head.format(owner=esc(summary.owner), cycle=esc(summary.cycle), week=summary.week) + "*"]
    details = scope(summary)[2:] + (meeting_parts(summary.meeting) if summary.meeting else [])
    if details:
        out.append(f"_{esc(' · '.join(details))}_")
    out += ["", "*" + _("Needs help ({n})").format(n=len(summary.needs_help)) + "*"]
    if not summary.needs_help:
        out.append(_("Nothing needs help this week."))
    for i, kr in enumerate(summary.needs_help, start=1):
        missing = f" · _{esc(not_checked_in(kr))}_" if not_checked_in(kr) else ""
        out.append(f"{i}. *{kr.id} {esc(kr.title)}* ({esc(kr.owner)}): {_facts(kr)}{missing}")
        out.append("      " + " · ".join(esc(p) for p in reason_parts(kr)))
    numbers = help_numbers(summary)
    out += ["", "*" + _("Objectives") + "*"]
    if not summary.objectives:
        out.append(_("No objectives."))
    for obj in summary.objectives:
        out.append(f"• *{obj.id} {esc(obj.title)}* ({esc(obj.owner)}): "
                   + _("progress {value}").format(value=pct(obj.progress)) + " · "
                   + _("confidence {value}").format(value=confidence(obj.confidence)))
        for kr in obj.key_results:
            flag = _flag(numbers, kr.id)
            out.append(f"    ◦ {kr.id} {esc(kr.title)} ({esc(kr.owner)}): {_facts(kr)}{flag}")
    if summary.not_checked_in:
        out += ["", "*" + _("Not checked in ({n})").format(n=len(summary.not_checked_in)) + "*"]
        for kr in summary.not_checked_in:
            flag = _flag(numbers, kr.id)
            latest = latest_phrase(kr, _facts(kr))
            out.append(f"• {kr.id} {esc(kr.title)} ({esc(kr.owner)}): {latest}{flag}")
    if summary.resolved:
        out += ["", "*" + _("Resolved this week ({n})").format(n=len(summary.resolved)) + "*"]
        out += [f"• {b['kr']} {esc(b['text'])} {resolved_phrase(b, '')}" for b in summary.resolved]
    if summary.still_open:
        out += ["", "*" + _("Still open ({n})").format(n=len(summary.still_open)) + "*"]
        for b in summary.still_open:
            helper = " · " + _("{who} could help").format(who=esc(b["help_from"])) if b["help_from"] else ""
            out.append(f"• {b['kr']} {esc(b['text'])} {open_phrase(b, helper, esc(b['owner']))}")
    if summary.wins:
        out += ["", "*" + _("Wins") + "*"]
        out += [f"• *{esc(w['objective'])} {esc(w['title'])}*: {esc(w['wins'])}" for w in summary.wins]
    if summary.next_steps:
        out += ["", "*" + _("Next steps") + "*"]
        out += [f"• *{s['kr']} {esc(s['title'])}*: {esc(s['next_step'])}" for s in summary.next_steps]
    return "\n".join(out) + "\n"
