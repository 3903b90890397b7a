"""Grading a cycle at its end, by the OKR guide: scores, bands and the conversations to have.

Each key result scores 0.0-1.0 (its last progress / 100; a metric's progress is derived
from its value), each objective the mean of its key results. Scores are rounded to two
decimals before they are banded, so 0.6 and 0.7 land on the "good" side as the guide says.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields, is_dataclass
from enum import StrEnum
from typing import Any

from .cycle_data import CycleData
from .i18n import N_, _
from .models import CheckIn, Kind, Thresholds
from .rules import Words, words

HIGH_CONFIDENCE = 7  # "risky but likely" or better


class GradeBand(StrEnum):
    """The guide's bands: 60-70% done is good, 40% or less is bad. Above 0.7 is "strong"
    (for an aspirational objective, better than hoped; a committed one aims at 1.0)."""

    STRONG = "strong"
    GOOD = "good"
    FAIR = "fair"
    BAD = "bad"


def grade_band(score: float) -> GradeBand:
    """>0.7 strong · 0.6-0.7 good · between 0.4 and 0.6 fair · 0.4 or less bad."""
    score = round(score, 2)
    if score > 0.7:
        return GradeBand.STRONG
    if score >= 0.6:
        return GradeBand.GOOD
    if score > 0.4:
        return GradeBand.FAIR
    return GradeBand.BAD


class FlagKind(StrEnum):
    COMMITTED_MISSED = "committed_below_1"
    ASPIRATIONAL_MET = "aspirational_at_1"
    CONFIDENT_BUT_STALLED = "confident_while_stalled"


@dataclass(frozen=True)
class Flag:
    """A conversation worth having, with the words that start it: ``text`` in English (JSON),
    ``shown`` in the chosen language."""

    kind: FlagKind
    words: Words

    @property
    def text(self) -> str:
        return self.words.render(lambda msgid: msgid)

    @property
    def shown(self) -> str:
        return self.words.render(_)

    def to_dict(self) -> dict[str, str]:
        return {"kind": str(self.kind), "text": self.text}


@dataclass
class KRGrade:
    id: str
    title: str
    owner: str
    progress: int | None  # last progress of the cycle; None: never checked in (scores 0.0)
    value: float | None
    unit: str
    score: float
    band: GradeBand
    flags: list[Flag] = field(default_factory=list)


@dataclass
class ObjectiveGrade:
    id: str
    title: str
    owner: str
    team: str
    kind: Kind
    score: float | None  # None: no key results to grade
    band: GradeBand | None
    flags: list[Flag] = field(default_factory=list)
    key_results: list[KRGrade] = field(default_factory=list)


@dataclass
class CycleGrade:
    cycle: str
    start: dt.date
    end: dt.date
    final: bool  # False: the cycle is still running, the scores are provisional
    objectives: list[ObjectiveGrade]

    @property
    def flags(self) -> list[tuple[str, Flag]]:
        """Every flag with the id it belongs to, objectives before their key results."""
        out: list[tuple[str, Flag]] = []
        for o in self.objectives:
            out += [(o.id, f) for f in o.flags]
            out += [(k.id, f) for k in o.key_results for f in k.flags]
        return out

    def to_dict(self) -> dict[str, Any]:
        def plain(value: Any) -> Any:
            if isinstance(value, Flag):
                return value.to_dict()
            if is_dataclass(value) and not isinstance(value, type):
                return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
            if isinstance(value, list):
                return [plain(v) for v in value]
            if isinstance(value, dt.date):
                return value.isoformat()
            if isinstance(value, StrEnum):
                return str(value)
            return value
        return plain(self)


def confident_while_stalled(history: list[CheckIn], t: Thresholds) -> Flag | None:
    """DESIGN's stalled rule (progress unchanged over ``stalled_checkins`` check-ins in a row,
    below 100%) on a stretch where confidence stayed at HIGH_CONFIDENCE or above throughout."""
    n = t.stalled_checkins
    for i in range(len(history) - n):
        window = history[i:i + n + 1]
        progress = window[0].progress
        if progress >= 100 or any(c.progress != progress for c in window):
            continue
        if all(c.confidence is not None and c.confidence >= HIGH_CONFIDENCE for c in window):
            low = min(c.confidence or 0 for c in window)
            return Flag(FlagKind.CONFIDENT_BUT_STALLED, words(
                N_("confidence stayed {low}/10 or higher while progress stalled at {progress}% "
                   "from {start} to {end}: what did we not see?"),
                low=low, progress=progress, start=window[0].week, end=window[-1].week))
    return None


def grade_key_result(history: list[CheckIn], t: Thresholds) -> tuple[int | None, float, list[Flag]]:
    last = history[-1] if history else None
    progress = last.progress if last else None
    flag = confident_while_stalled(history, t)
    return progress, round((progress or 0) / 100, 2), [flag] if flag else []


def objective_flags(kind: Kind, score: float | None) -> list[Flag]:
    if score is None:
        return []
    if kind == Kind.COMMITTED and score < 1.0:
        return [Flag(FlagKind.COMMITTED_MISSED,
                     words(N_("committed but graded {score:.2f}, below 1.0: what got in the way?"), score=score))]
    if kind == Kind.ASPIRATIONAL and score >= 1.0:
        return [Flag(FlagKind.ASPIRATIONAL_MET, words(N_("aspirational but fully done (1.0): too easy?")))]
    return []


def grade_cycle(data: CycleData, t: Thresholds, *, today: dt.date) -> CycleGrade:
    """Grade every active objective of the cycle and its key results."""
    objectives: list[ObjectiveGrade] = []
    for obj in data.active_objectives():
        krs: list[KRGrade] = []
        for kr in data.krs_of(obj.id):
            hist = data.history(kr.id)
            progress, score, flags = grade_key_result(hist, t)
            krs.append(KRGrade(id=kr.id, title=kr.title, owner=kr.owner, progress=progress,
                               value=hist[-1].value if hist else None, unit=kr.unit,
                               score=score, band=grade_band(score), flags=flags))
        score = round(sum(k.score for k in krs) / len(krs), 2) if krs else None
        objectives.append(ObjectiveGrade(
            id=obj.id, title=obj.title, owner=obj.owner, team=obj.team, kind=obj.kind, score=score,
            band=grade_band(score) if score is not None else None,
            flags=objective_flags(obj.kind, score), key_results=krs,
        ))
    return CycleGrade(cycle=data.cycle.name, start=data.cycle.start, end=data.cycle.end,
                      final=today > data.cycle.end, objectives=objectives)
