"""What the meeting shows and what a keypress changes, as plain values.

The session (tui/meeting/session.py) makes these; the widgets only read them. A view is
immutable: a row compares the view it is given with the one it shows by identity, so a
keypress repaints only the key result whose view was made anew.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from store import CheckIn, KeyResult, Objective
from store.trends import KRDelta

SaveKey = tuple[str, ...]  # ("kr", "O1.2"), ("objective", "O1"), ("meeting",)
# A key result's save holding this field takes this week's check-in back first (an undo to
# before it was given); the saver drops what was queued before it, the rest is given after it.
WITHDRAWN = "withdrawn"
# A confirm's field: the answer as shown is this week's, no field changed. Named, so that it
# survives being merged over a queued withdrawal (then the check-in is given anew).
GIVEN = "given"


@dataclass
class Answer:
    """This week's answer for one key result, as shown and saved (owned by the session)."""

    progress: int
    value: float | None
    confidence: int | None
    blocker: str = ""
    help_from: str = ""
    next_step: str = ""  # what happens before next week, and who; carried like a blocker
    confirmed: bool = False  # a check-in for this week exists (given now or earlier)


@dataclass
class ObjectiveAnswer:
    confidence: int | None
    note: str = ""
    wins: str = ""


class KRView(NamedTuple):
    kr: KeyResult
    before: CheckIn | None
    answer: Answer
    reasons: list[str]
    delta: KRDelta | None = None  # this answer against the check-in before this week
    series: tuple[float | None, ...] = ()  # progress per week of the cycle up to this one (this answer last)
    reason_names: tuple[str, ...] = ()  # the reasons in a word or two ("blocked", "stalled"), for short lines
    expected: float | None = None  # where the pace expects its progress (%) this week; None: no objective
    pace_tolerance: float = 0.0  # points below ``expected`` still on pace (the rules' Thresholds)
    blocker_age: str = ""  # "3rd week, since 2026-W46" / "raised this week"; "" when not blocked
    undoable: bool = False  # a change made in this meeting can be taken back
    absent: bool = False  # its owner is marked absent for this meeting


class ObjectiveView(NamedTuple):
    """The head of the screen: which objective, its numbers and the clocks.

    ``objective`` is None past the last one (the summary is next)."""

    objective: Objective | None
    number: int
    total: int
    aligned: str = ""
    confidence_before: int | None = None
    confidence: int | None = None
    progress: float | None = None  # the mean of its key results with this meeting's answers in
    expected: float = 0.0  # where the pace expects the progress to be this week
    spent: float = 0.0  # seconds on this objective
    timebox_minutes: int = 3
    meeting_seconds: float = 0.0
    note: str = ""  # the objective's note and wins this week
    wins: str = ""
    clocks: bool = True  # the timebox and the meeting's clock (a review has neither)


@dataclass(frozen=True)
class Change:
    """What one intent changed: the record to write and only the fields the user changed.

    The save merges these field by field under the cycle's lock, so another writer's
    fields of the same check-in (a blocker given from the command line a second ago) stay.
    ``kr`` names the key result whose view changed, "" when none did."""

    key: SaveKey
    fields: dict[str, Any] = field(default_factory=dict)
    kr: str = ""
