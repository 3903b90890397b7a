"""The OKR guide's rules as pure functions: bands, pace, needs-help, objective progress."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from .blockers import blocker_age, ordinal, raised_in
from .cycle_data import CycleData
from .models import CheckIn, Cycle, KeyResult, Kind, Objective, Thresholds
from .weeks import week_monday, week_of


class Band(StrEnum):
    CERTAIN = "certain"
    LIKELY = "risky but likely"
    BREAKTHROUGH = "needs a breakthrough"
    HARD = "hard"


def confidence_band(confidence: int) -> Band:
    """The guide's bands: 9-10 certain, 7-8 risky but likely, 5-6 breakthrough, 1-4 hard."""
    if confidence >= 9:
        return Band.CERTAIN
    if confidence >= 7:
        return Band.LIKELY
    if confidence >= 5:
        return Band.BREAKTHROUGH
    return Band.HARD


class Reason(StrEnum):
    BLOCKED = "blocked"
    LOW_CONFIDENCE = "low confidence"
    CONFIDENCE_DROP = "confidence fell"
    BEHIND_PACE = "behind pace"
    STALLED = "stalled"


@dataclass(frozen=True)
class HelpReason:
    reason: Reason
    text: str  # the words shown to people

    def __str__(self) -> str:
        return self.text


def reference_week(cycle: Cycle, today: dt.date) -> str:
    """The one week a command judges a cycle at: today's, within the cycle's days."""
    return week_of(min(max(today, cycle.start), cycle.end))


def elapsed_share(cycle: Cycle, week: str) -> float:
    """Share of the cycle gone by at the start of ``week`` (0.0 at or before the start)."""
    day = week_monday(week)
    total = (cycle.end - cycle.start).days + 1
    return min(1.0, max(0.0, (day - cycle.start).days / total))


def expected_progress(cycle: Cycle, week: str, kind: Kind, t: Thresholds) -> float:
    pace = t.pace_committed if kind == Kind.COMMITTED else t.pace_aspirational
    return elapsed_share(cycle, week) * pace * 100


def stalled_streak(history: list[CheckIn]) -> int:
    """Check-ins in a row, ending at the latest, that did not move progress (0: it moved)."""
    if not history:
        return 0
    last = history[-1].progress
    run = 0
    for c in reversed(history[:-1]):
        if c.progress != last:
            break
        run += 1
    return run


def needs_help(kr: KeyResult, objective: Objective, history: list[CheckIn], cycle: Cycle,
               week: str, t: Thresholds) -> list[HelpReason]:
    """Why a key result needs help as of ``week`` (the reference week: pace and a blocker's
    age are reckoned at it); ``history`` is its check-ins up to ``week``.

    Judged on the latest check-in up to ``week``, even an earlier week's: a key result not
    checked in keeps its latest flags (nothing is silently fine). Empty with no check-in.
    """
    history = [c for c in history if c.week <= week]
    if not history:
        return []
    now = history[-1]
    before = history[-2] if len(history) > 1 else None
    out: list[HelpReason] = []
    if now.blocker:
        who = f" - {now.help_from} could help" if now.help_from else ""
        age = blocker_age(history, week)
        since = f" ({ordinal(age)} week, since {raised_in(history)})" if age > 1 else ""
        out.append(HelpReason(Reason.BLOCKED, f"blocked{since}: {now.blocker}{who}"))
    if now.confidence is not None and now.confidence <= t.low_confidence:
        out.append(HelpReason(Reason.LOW_CONFIDENCE, f"confidence {now.confidence}/10 ({confidence_band(now.confidence)})"))
    if (now.confidence is not None and before is not None and before.confidence is not None
            and before.confidence - now.confidence >= t.confidence_drop):
        out.append(HelpReason(Reason.CONFIDENCE_DROP,
                              f"confidence fell {before.confidence} -> {now.confidence} since {before.week}"))
    expected = expected_progress(cycle, week, objective.kind, t)
    if now.progress < 100 and now.progress < expected - t.pace_tolerance:
        out.append(HelpReason(Reason.BEHIND_PACE,
                              f"behind pace: {now.progress}% done, {expected:.0f}% expected by now ({objective.kind})"))
    streak = stalled_streak(history)
    if streak >= t.stalled_checkins and now.progress < 100:
        since = history[-(streak + 1)].week
        out.append(HelpReason(Reason.STALLED,
                              f"stalled: at {now.progress}% for {streak + 1} check-ins (since {since})"))
    return out


# Needs-help is ranked by its most pressing reason, in this order (DESIGN.md).
RANK = (Reason.BLOCKED, Reason.LOW_CONFIDENCE, Reason.CONFIDENCE_DROP, Reason.BEHIND_PACE, Reason.STALLED)


def help_rank(reasons: list[Reason], help_from: str = "") -> tuple[int, int]:
    """Sort key of a flagged key result: its most pressing reason; among the blocked, an ask
    that names who could help comes first."""
    top = min((RANK.index(r) for r in reasons), default=len(RANK))
    return top, 0 if (top == 0 and help_from) else 1


def kr_progress(data: CycleData, kid: str, week: str) -> int | None:
    """Progress of a key result as of ``week`` (its latest check-in up to then)."""
    hist = data.history(kid, upto=week)
    return hist[-1].progress if hist else None


def objective_progress(data: CycleData, oid: str, week: str) -> float | None:
    """Mean progress of the objective's key results as of ``week`` (none checked in = 0)."""
    krs = data.krs_of(oid)
    if not krs:
        return None
    return sum(kr_progress(data, k.id, week) or 0 for k in krs) / len(krs)


def objective_confidence(data: CycleData, oid: str, week: str) -> int | None:
    """The objective's confidence as of ``week``: its own check-in, else the objective's field."""
    oc = data.objective_checkin(oid, week) or data.previous_objective_checkin(oid, week)
    if oc and oc.confidence is not None:
        return oc.confidence
    obj = data.objective(oid)
    return obj.confidence if obj else None
