"""Trends of a key result: the change since its previous check-in and the cycle's series.

Pure functions over a CycleData snapshot, returning records a widget or a renderer can
consume as they are. Arrows always show which way the number moved; whether that is good
news is said separately (``Delta.verdict``), because for a lower-is-better metric a falling
value is the better outcome while its progress rises.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, NamedTuple

from .cycle_data import CycleData
from .i18n import N_, _, ngettext
from .models import CheckIn, KeyResult
from .rules import objective_confidence, objective_progress
from .weeks import week_monday, weeks_between

SPARK_BLOCKS = "▁▂▃▄▅▆▇█"
SPARK_GAP = "·"


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"
    SAME = "same"
    NONE = "none"  # nothing to compare: a first check-in, or no value on one side


ARROWS = {Direction.UP: "↑", Direction.DOWN: "↓", Direction.SAME: "→", Direction.NONE: ""}
NO_CHANGE, BETTER, WORSE = N_("no change"), N_("better"), N_("worse")


class Delta(NamedTuple):
    """One number's change between two check-ins."""

    now: float | None
    before: float | None
    unit: str = ""
    lower_is_better: bool = False

    @property
    def amount(self) -> float | None:
        if self.now is None or self.before is None:
            return None
        return round(self.now - self.before, 6)

    @property
    def direction(self) -> Direction:
        amount = self.amount
        if amount is None:
            return Direction.NONE
        return Direction.UP if amount > 0 else Direction.DOWN if amount < 0 else Direction.SAME

    @property
    def arrow(self) -> str:
        return ARROWS[self.direction]

    @property
    def better(self) -> bool | None:
        """True when the move is good news, False when bad, None when no move or nothing to compare."""
        if self.direction in (Direction.NONE, Direction.SAME):
            return None
        return (self.direction == Direction.DOWN) == self.lower_is_better

    @property
    def verdict_key(self) -> str:
        """The move as a word that is the same in every language (JSON): "better", "worse",
        "no change" or ""."""
        if self.direction == Direction.SAME:
            return NO_CHANGE
        return {True: BETTER, False: WORSE, None: ""}[self.better]

    @property
    def verdict(self) -> str:
        """The move in words, in the chosen language ("better", "更好"); "" when nothing moved."""
        key = self.verdict_key
        return _(key) if key else ""

    def amount_text(self) -> str:
        """"+10%", "-4 h", "±0" or "" (nothing to compare)."""
        amount = self.amount
        if amount is None:
            return ""
        if amount == 0:
            return "±0"
        unit = self.unit if self.unit in ("", "%") else f" {self.unit}"
        return f"{amount:+g}{unit}"

    def text(self) -> str:
        """Arrow, amount and word: "↑ +10% better", "→ ±0 no change"; "" when nothing to compare."""
        if self.direction == Direction.NONE:
            return ""
        return f"{self.arrow} {self.amount_text()} {self.verdict}"

    def to_dict(self) -> dict[str, Any]:
        return {"now": self.now, "before": self.before, "amount": self.amount, "unit": self.unit,
                "direction": str(self.direction), "better": self.better, "verdict": self.verdict_key}


class KRDelta(NamedTuple):
    """A key result's check-in of ``week`` against the latest check-in before it."""

    kr: str
    week: str
    checked_in: bool  # False: no answer for ``week`` yet (deltas then hold only ``before``)
    since: str | None  # week of the previous check-in; None when there is none
    weeks_back: int | None  # 1 = last week; 2+ = weeks were skipped
    progress: Delta
    confidence: Delta
    value: Delta | None  # metric key results only, in the metric's unit

    @property
    def first(self) -> bool:
        return self.checked_in and self.since is None

    @property
    def gap(self) -> bool:
        return (self.weeks_back or 0) > 1

    def since_text(self) -> str:
        """"first check-in", "since last week", "since 2026-W45, 3 weeks back", "no check-in this week"."""
        if not self.checked_in:
            return _("no check-in this week")
        if self.since is None:
            return _("first check-in")
        if not self.gap:
            return _("since last week")
        n = self.weeks_back or 0
        return ngettext("since {week}, {n} week back", "since {week}, {n} weeks back", n).format(week=self.since, n=n)

    def to_dict(self) -> dict[str, Any]:
        return {"kr": self.kr, "week": self.week, "checked_in": self.checked_in, "since": self.since,
                "weeks_back": self.weeks_back, "first": self.first, "gap": self.gap,
                "progress": self.progress.to_dict(), "confidence": self.confidence.to_dict(),
                "value": self.value.to_dict() if self.value else None}


def weeks_apart(earlier: str, later: str) -> int:
    return (week_monday(later) - week_monday(earlier)).days // 7


def delta_between(kr: KeyResult, week: str, now: CheckIn | None, before: CheckIn | None) -> KRDelta:
    """The change from ``before`` (the previous check-in, if any) to ``now`` (``week``'s, if any)."""
    def delta(field: str, unit: str = "", lower_is_better: bool = False) -> Delta:
        return Delta(getattr(now, field) if now else None, getattr(before, field) if before else None,
                     unit=unit, lower_is_better=lower_is_better)

    return KRDelta(
        kr=kr.id, week=week, checked_in=now is not None,
        since=before.week if before else None,
        weeks_back=weeks_apart(before.week, week) if before else None,
        progress=delta("progress", "%"), confidence=delta("confidence"),
        value=delta("value", kr.unit, kr.lower_is_better) if kr.is_metric else None,
    )


def kr_deltas(data: CycleData, kid: str) -> list[KRDelta]:
    """Every check-in of a key result with its change since the one before, in week order."""
    kr = data.require_key_result(kid)
    hist = data.history(kid)
    return [delta_between(kr, c.week, c, hist[i - 1] if i else None) for i, c in enumerate(hist)]


# -- the cycle so far, week by week ------------------------------------------------------
class WeekPoint(NamedTuple):
    """One week of a series. ``carried``: no check-in that week, the last known value is shown."""

    week: str
    progress: float | None
    confidence: int | None
    carried: bool

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


def cycle_weeks(data: CycleData, upto: str | None = None) -> list[str]:
    """The cycle's ISO weeks from its start up to ``upto`` (default: its end), inclusive."""
    weeks = weeks_between(data.cycle.start, data.cycle.end)
    return weeks if upto is None else [w for w in weeks if w <= upto]


def kr_series(data: CycleData, kid: str, upto: str | None = None) -> list[WeekPoint]:
    """Weekly progress and confidence of a key result, gaps carried forward (and marked).

    Weeks before its first check-in hold None. Ends at ``upto`` or the cycle's end.
    """
    data.require_key_result(kid)
    by_week = {c.week: c for c in data.history(kid)}
    out: list[WeekPoint] = []
    last: CheckIn | None = None
    for week in cycle_weeks(data, upto):
        found = by_week.get(week)
        last = found or last
        out.append(WeekPoint(week, last.progress if last else None, last.confidence if last else None,
                             carried=found is None and last is not None))
    return out


def objective_series(data: CycleData, oid: str, upto: str | None = None) -> list[WeekPoint]:
    """Weekly mean progress and confidence of an objective; ``carried`` when nothing was
    checked in that week (neither a key result nor the objective itself)."""
    data.require_objective(oid)
    kids = [k.id for k in data.krs_of(oid)]
    out: list[WeekPoint] = []
    for week in cycle_weeks(data, upto):
        active = any(data.checkin(k, week) for k in kids) or data.objective_checkin(oid, week) is not None
        started = active or (out and out[-1].progress is not None)
        out.append(WeekPoint(
            week,
            objective_progress(data, oid, week) if started else None,
            objective_confidence(data, oid, week) if started else None,
            carried=bool(started and not active),
        ))
    return out


def sparkline(values: list[float | None], lo: float = 0.0, hi: float = 100.0) -> str:
    """One block character per value, scaled from ``lo`` to ``hi``; ``·`` where none."""
    span = hi - lo
    out = []
    for v in values:
        if v is None:
            out.append(SPARK_GAP)
            continue
        share = 0.0 if span <= 0 else min(1.0, max(0.0, (v - lo) / span))
        out.append(SPARK_BLOCKS[round(share * (len(SPARK_BLOCKS) - 1))])
    return "".join(out)
