"""What the meeting screen asks of the app: one typed message per user intent.

The screen turns a key (or a dialog's answer) into one of these and posts it; it bubbles
up to :class:`~tui.meeting.app.MeetingApp`, the only place that changes the session,
saves and switches screens. Key results are named by id, so a message stays right even
if the rows were rebuilt (another writer's refresh) between the key and its handling.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass(eq=False)
class MeetingRequest(Message):
    """Base of the meeting's requests. Dataclass messages are Textual's own pattern (its
    Message sets itself up in ``__post_init__``); eq=False keeps them hashable."""


@dataclass(eq=False)
class SelectKR(MeetingRequest):
    """Move the selection by ``delta`` key results."""

    delta: int


@dataclass(eq=False)
class StepProgress(MeetingRequest):
    kr: str
    steps: int


@dataclass(eq=False)
class SetConfidence(MeetingRequest):
    kr: str
    confidence: int


@dataclass(eq=False)
class SetValue(MeetingRequest):
    """An exact value: a percentage, or a metric's value."""

    kr: str
    value: float


@dataclass(eq=False)
class SetBlocker(MeetingRequest):
    kr: str
    blocker: str
    help_from: str


@dataclass(eq=False)
class SetNextStep(MeetingRequest):
    """What happens before next week, and who ("" clears it)."""

    kr: str
    next_step: str


@dataclass(eq=False)
class MarkAbsent(MeetingRequest):
    """This owner is absent for this meeting (asked again: present after all)."""

    owner: str


@dataclass(eq=False)
class Confirm(MeetingRequest):
    """This key result as shown, then on to the next (or the next objective)."""

    kr: str


@dataclass(eq=False)
class Undo(MeetingRequest):
    """Take back the last change to this key result made in this meeting."""

    kr: str


@dataclass(eq=False)
class MoveObjective(MeetingRequest):
    """Go ``delta`` objectives on (past the last one: the summary)."""

    delta: int


@dataclass(eq=False)
class SetObjectiveAnswer(MeetingRequest):
    objective: str
    confidence: int | None
    note: str


@dataclass(eq=False)
class SetWins(MeetingRequest):
    objective: str
    wins: str


@dataclass(eq=False)
class OpenHistory(MeetingRequest):
    """The history of a key result or an objective, with this week's answers in."""

    item: str


@dataclass(eq=False)
class OpenGrades(MeetingRequest):
    """The cycle's grades so far."""
