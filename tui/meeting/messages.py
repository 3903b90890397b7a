"""What the meeting screen asks of the app: one typed message per user intent.

The screen turns a key (or a dialog's answer) into one of these and posts it; it bubbles
up to :class:`~tui.meeting.app.MeetingApp`, the only place that changes the session,
saves and switches screens.

A key acts on what is selected *when the app handles it*, not on what the screen showed
when the key came: Down then → within one frame must step the key result Down selected,
and the app handles requests in the order the keys came. So key requests name no key
result. A dialog's answer does (by id): it is about the key result the dialog showed, and
stays right even if the rows were rebuilt (another writer's refresh) meanwhile.
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
    """The selected key result's progress by ``steps`` of 10%."""

    steps: int


@dataclass(eq=False)
class SetConfidence(MeetingRequest):
    """The selected key result's confidence."""

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
    """The selected key result's owner is absent for this meeting (asked again: present after all)."""


@dataclass(eq=False)
class Confirm(MeetingRequest):
    """The selected key result as shown, then on to the next (none: the next objective)."""


@dataclass(eq=False)
class Undo(MeetingRequest):
    """Take back the last change to the selected key result made in this meeting."""


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
    """The history of the selected key result (or its whole objective), with this week's answers in."""

    whole_objective: bool = False


@dataclass(eq=False)
class OpenDialog(MeetingRequest):
    """A dialog about what is selected: the app has the screen open it once the keys before
    it are handled (so it shows the key result or objective they selected)."""

    kind: str  # a MeetingScreen.DIALOGS key: "value", "blocker", "next_step", "objective_answer", "wins"


@dataclass(eq=False)
class OpenGrades(MeetingRequest):
    """The cycle's grades so far."""
