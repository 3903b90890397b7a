"""Blockers (and next steps) as a ledger: open on a key result until cleared.

Nothing but the check-ins is stored: a blocker is carried from week to week by
``CycleTx.check_in``, so where it was raised, its age and when it was resolved are
read back from a key result's history by walking back while its text stays the same.
"""

from __future__ import annotations

from typing import NamedTuple

from .cycle_data import CycleData
from .i18n import N_, _
from .models import CheckIn
from .weeks import week_monday

# "3rd week, since 2026-W46": one msgid per English suffix, so that a language without
# suffixes (第 3 周) has a whole sentence of its own.
_WEEK_SINCE = {"st": N_("{n}st week, since {week}"), "nd": N_("{n}nd week, since {week}"),
               "rd": N_("{n}rd week, since {week}"), "th": N_("{n}th week, since {week}")}


def _suffix(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st."""
    return f"{n}{_suffix(n)}"


def week_since_msgid(age: int) -> str:
    """The English "{n}rd week, since {week}" for ``age`` (a msgid)."""
    return _WEEK_SINCE[_suffix(age)]


def week_since(age: int, raised: str) -> str:
    """"3rd week, since 2026-W46" in the chosen language: a blocker's age."""
    return _(week_since_msgid(age)).format(n=age, week=raised)


def weeks_from(first: str, last: str) -> int:
    """How many ISO weeks ``first`` to ``last`` span, both counted (1 for the same week)."""
    return (week_monday(last) - week_monday(first)).days // 7 + 1


def raised_in(history: list[CheckIn]) -> str | None:
    """The week the latest check-in's blocker was raised: the earliest check-in of the run
    of check-ins, ending at the latest, that hold the same blocker. None when not blocked."""
    if not history or not history[-1].blocker:
        return None
    text = history[-1].blocker
    week = history[-1].week
    for c in reversed(history):
        if c.blocker != text:
            break
        week = c.week
    return week


def blocker_age(history: list[CheckIn], week: str) -> int:
    """Weeks the latest check-in's blocker has been open as of ``week`` (1: raised then)."""
    raised = raised_in(history)
    return 0 if raised is None else max(1, weeks_from(raised, week))


def age_text(history: list[CheckIn], week: str) -> str:
    """"blocked 3rd week, since 2026-W46" (or "raised this week"), "" when not blocked."""
    raised = raised_in(history)
    if raised is None:
        return ""
    age = blocker_age(history, week)
    return _("raised this week") if age == 1 else week_since(age, raised)


class OpenBlocker(NamedTuple):
    kr: str
    objective: str
    owner: str  # whose key result
    text: str
    help_from: str  # who could help
    raised: str  # the week it was raised
    age: int  # weeks open as of the week asked about, 1 = raised that week
    checked_in: bool  # False: carried from an earlier week's check-in


class ResolvedBlocker(NamedTuple):
    kr: str
    objective: str
    owner: str
    text: str
    help_from: str
    raised: str
    week: str  # the week it was cleared (or replaced by another blocker)


def _krs(data: CycleData, krs: list[str] | None) -> list[str]:
    if krs is not None:
        return krs
    return [k.id for o in data.active_objectives() for k in data.krs_of(o.id)]


def open_blockers(data: CycleData, week: str, krs: list[str] | None = None) -> list[OpenBlocker]:
    """The blockers open as of ``week`` (the latest check-in up to it has one), oldest first,
    over ``krs`` (default: every active key result)."""
    out = []
    for kid in _krs(data, krs):
        kr = data.key_result(kid)
        hist = data.history(kid, upto=week)
        if kr is None or not hist or not hist[-1].blocker:
            continue
        last = hist[-1]
        out.append(OpenBlocker(kid, kr.objective, kr.owner, last.blocker, last.help_from,
                               raised_in(hist) or last.week, blocker_age(hist, week), last.week == week))
    out.sort(key=lambda b: (-b.age, not b.help_from))
    return out


def resolved(history: list[CheckIn]) -> tuple[CheckIn, CheckIn] | None:
    """(the check-in before, the latest) when the latest cleared or replaced the blocker the
    one before it held."""
    if len(history) < 2:
        return None
    before, now = history[-2], history[-1]
    return (before, now) if before.blocker and now.blocker != before.blocker else None


def resolved_blockers(data: CycleData, week: str, krs: list[str] | None = None) -> list[ResolvedBlocker]:
    """The blockers cleared (or replaced) by a check-in of ``week``."""
    out = []
    for kid in _krs(data, krs):
        kr = data.key_result(kid)
        hist = data.history(kid, upto=week)
        pair = resolved(hist) if hist and hist[-1].week == week else None
        if kr is None or pair is None:
            continue
        before = pair[0]
        out.append(ResolvedBlocker(kid, kr.objective, kr.owner, before.blocker, before.help_from,
                                   raised_in(hist[:-1]) or before.week, week))
    return out


class BlockerEvent(NamedTuple):
    week: str
    kind: str  # "raised", "open" (carried), "resolved"
    text: str
    help_from: str
    raised: str
    age: int


def blocker_events(history: list[CheckIn]) -> list[list[BlockerEvent]]:
    """Per check-in of ``history``, what happened to blockers that week (for `okr history`):
    a blocker cleared or replaced is "resolved", a new one "raised", a kept one "open"."""
    out: list[list[BlockerEvent]] = []
    for i, c in enumerate(history):
        events = []
        upto = history[:i + 1]
        pair = resolved(upto)
        if pair:
            b = pair[0]
            events.append(BlockerEvent(c.week, "resolved", b.blocker, b.help_from,
                                       raised_in(upto[:-1]) or b.week, blocker_age(upto[:-1], c.week)))
        if c.blocker:
            raised = raised_in(upto) or c.week
            kind = "raised" if raised == c.week else "open"
            events.append(BlockerEvent(c.week, kind, c.blocker, c.help_from, raised, blocker_age(upto, c.week)))
        out.append(events)
    return out
