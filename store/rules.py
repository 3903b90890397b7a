"""The OKR guide's rules as pure functions: bands, pace, needs-help, objective progress."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum
from typing import NamedTuple

from .blockers import blocker_age, raised_in, week_since_msgid
from .cycle_data import CycleData
from .i18n import N_, _
from .models import CheckIn, Cycle, KeyResult, Kind, Objective, Thresholds
from .weeks import week_monday, week_of


class Band(StrEnum):
    """English in the store and in JSON; ``_(band)`` where shown (一定可以实现 ...)."""

    CERTAIN = N_("certain")
    LIKELY = N_("risky but likely")
    BREAKTHROUGH = N_("needs a breakthrough")
    HARD = N_("hard")


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


class Words(NamedTuple):
    """A message as its English msgid and values: English for JSON, translated for people.
    A value may be Words itself (a blocker's age inside the blocked reason)."""

    msgid: str
    values: tuple[tuple[str, object], ...] = ()

    def render(self, translate: Callable[[str], str]) -> str:
        values = {k: v.render(translate) if isinstance(v, Words) else v for k, v in self.values}
        return translate(self.msgid).format(**values)


def words(msgid: str, **values: object) -> Words:
    return Words(msgid, tuple(values.items()))


class HelpReason(NamedTuple):
    reason: Reason
    words: Words

    @property
    def text(self) -> str:
        """In English: JSON and the store's data keep it so."""
        return self.words.render(lambda msgid: msgid)

    @property
    def shown(self) -> str:
        """In the chosen language: what people read."""
        return self.words.render(_)

    def __str__(self) -> str:
        return self.shown


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
        age = blocker_age(history, week)
        raised = raised_in(history)
        since = words(week_since_msgid(age), n=age, week=raised) if age > 1 and raised else None
        if since and now.help_from:
            said = words(N_("blocked ({since}): {blocker} - {who} could help"), since=since, blocker=now.blocker,
                         who=now.help_from)
        elif since:
            said = words(N_("blocked ({since}): {blocker}"), since=since, blocker=now.blocker)
        elif now.help_from:
            said = words(N_("blocked: {blocker} - {who} could help"), blocker=now.blocker, who=now.help_from)
        else:
            said = words(N_("blocked: {blocker}"), blocker=now.blocker)
        out.append(HelpReason(Reason.BLOCKED, said))
    if now.confidence is not None and now.confidence <= t.low_confidence:
        band = confidence_band(now.confidence)
        out.append(HelpReason(Reason.LOW_CONFIDENCE, words(N_("confidence {confidence}/10 ({band})"),
                                                           confidence=now.confidence, band=words(str(band)))))
    if (now.confidence is not None and before is not None and before.confidence is not None
            and before.confidence - now.confidence >= t.confidence_drop):
        out.append(HelpReason(Reason.CONFIDENCE_DROP, words(N_("confidence fell {before} -> {now} since {week}"),
                                                            before=before.confidence, now=now.confidence,
                                                            week=before.week)))
    expected = expected_progress(cycle, week, objective.kind, t)
    if now.progress < 100 and now.progress < expected - t.pace_tolerance:
        out.append(HelpReason(Reason.BEHIND_PACE, words(
            N_("behind pace: {progress}% done, {expected:.0f}% expected by now ({kind})"),
            progress=now.progress, expected=expected, kind=words(str(objective.kind)))))
    streak = stalled_streak(history)
    if streak >= t.stalled_checkins and now.progress < 100:
        out.append(HelpReason(Reason.STALLED, words(
            N_("stalled: at {progress}% for {n} check-ins (since {week})"),
            progress=now.progress, n=streak + 1, week=history[-(streak + 1)].week)))
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
