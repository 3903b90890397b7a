"""The meeting summary as Slack mrkdwn, to paste into a channel: ``*bold*`` headings (mrkdwn
has no ``#`` headings), ``•`` bullets, and user text escaped as Slack asks (``&``, ``<``,
``>``: the only characters it reads as markup, for links and mentions), on one line each.
"""

from __future__ import annotations

from store.summary import KRLine, Summary

from tui.report.summary import (
    clean, confidence, help_numbers, meeting_parts, metric, not_checked_in, open_age, pct, reason_parts, scope,
)


def esc(text: str) -> str:
    """User text made inert for Slack: one line, ``&``, ``<``, ``>`` as entities."""
    one_line = " ".join(clean(text).split())
    return one_line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _facts(kr: KRLine) -> str:
    value = f" · {esc(metric(kr))}" if metric(kr) else ""
    band = f" ({kr.band})" if kr.band else ""
    return f"{pct(kr.progress)}{value} · confidence {confidence(kr.confidence)}{band}"


def render_slack(summary: Summary) -> str:
    """Needs help first (ranked, one line of reasons each), objectives referring to it, the
    ledger (not checked in, resolved, still open), wins, next steps."""
    out = [f"*OKR check-in · {esc(summary.cycle)} · {summary.week}*"]
    details = scope(summary)[2:] + (meeting_parts(summary.meeting) if summary.meeting else [])
    if details:
        out.append(f"_{esc(' · '.join(details))}_")
    out += ["", f"*Needs help ({len(summary.needs_help)})*"]
    if not summary.needs_help:
        out.append("Nothing needs help this week.")
    for i, kr in enumerate(summary.needs_help, start=1):
        missing = f" · _{esc(not_checked_in(kr))}_" if not_checked_in(kr) else ""
        out.append(f"{i}. *{kr.id} {esc(kr.title)}* ({esc(kr.owner)}): {_facts(kr)}{missing}")
        out.append("      " + " · ".join(esc(p) for p in reason_parts(kr)))
    numbers = help_numbers(summary)
    out += ["", "*Objectives*"]
    if not summary.objectives:
        out.append("No objectives.")
    for obj in summary.objectives:
        out.append(f"• *{obj.id} {esc(obj.title)}* ({esc(obj.owner)}): progress {pct(obj.progress)}"
                   f" · confidence {confidence(obj.confidence)}")
        for kr in obj.key_results:
            flag = f" · *needs help #{numbers[kr.id]}*" if kr.id in numbers else ""
            out.append(f"    ◦ {kr.id} {esc(kr.title)} ({esc(kr.owner)}): {_facts(kr)}{flag}")
    if summary.not_checked_in:
        out += ["", f"*Not checked in ({len(summary.not_checked_in)})*"]
        for kr in summary.not_checked_in:
            flag = f" · *needs help #{numbers[kr.id]}*" if kr.id in numbers else ""
            latest = f"latest {kr.latest_week}: {_facts(kr)}" if kr.latest_week else "no check-in yet"
            out.append(f"• {kr.id} {esc(kr.title)} ({esc(kr.owner)}): {latest}{flag}")
    if summary.resolved:
        out += ["", f"*Resolved this week ({len(summary.resolved)})*"]
        out += [f"• {b['kr']} {esc(b['text'])} (raised {b['raised']})" for b in summary.resolved]
    if summary.still_open:
        out += ["", f"*Still open ({len(summary.still_open)})*"]
        for b in summary.still_open:
            helper = f" · {esc(b['help_from'])} could help" if b["help_from"] else ""
            out.append(f"• {b['kr']} {esc(b['text'])} ({open_age(b)}{helper} · {esc(b['owner'])}'s)")
    if summary.wins:
        out += ["", "*Wins*"]
        out += [f"• *{esc(w['objective'])} {esc(w['title'])}*: {esc(w['wins'])}" for w in summary.wins]
    if summary.next_steps:
        out += ["", "*Next steps*"]
        out += [f"• *{s['kr']} {esc(s['title'])}*: {esc(s['next_step'])}" for s in summary.next_steps]
    return "\n".join(out) + "\n"
