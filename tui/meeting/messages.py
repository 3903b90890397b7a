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

from textual.message import Message


class MeetingRequest(Message):
    """Base of the meeting's requests. Plain classes, not dataclasses (Textual takes both):
    making sixteen dataclasses was ~7 ms of the meeting's start. A request's repr is the
    one a dataclass would have, ``SetValue(kr='O1.2', value=40.0)``; it compares by
    identity (hashable), as the dataclasses did with eq=False."""

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={value!r}" for name, value in vars(self).items())  # Message's are slots
        return f"{type(self).__qualname__}({fields})"


class SelectKR(MeetingRequest):
    """Move the selection by ``delta`` key results."""

    def __init__(self, delta: int) -> None:
        self.delta = delta
        super().__init__()


class StepProgress(MeetingRequest):
    """The selected key result's progress by ``steps`` of 10%."""

    def __init__(self, steps: int) -> None:
        self.steps = steps
        super().__init__()


class SetConfidence(MeetingRequest):
    """The selected key result's confidence."""

    def __init__(self, confidence: int) -> None:
        self.confidence = confidence
        super().__init__()


class SetValue(MeetingRequest):
    """An exact value: a percentage, or a metric's value."""

    def __init__(self, kr: str, value: float) -> None:
        self.kr = kr
        self.value = value
        super().__init__()


class SetBlocker(MeetingRequest):
    def __init__(self, kr: str, blocker: str, help_from: str) -> None:
        self.kr = kr
        self.blocker = blocker
        self.help_from = help_from
        super().__init__()


class SetNextStep(MeetingRequest):
    """What happens before next week, and who ("" clears it)."""

    def __init__(self, kr: str, next_step: str) -> None:
        self.kr = kr
        self.next_step = next_step
        super().__init__()


class MarkAbsent(MeetingRequest):
    """The selected key result's owner is absent for this meeting (asked again: present after all)."""


class Confirm(MeetingRequest):
    """The selected key result as shown, then on to the next (none: the next objective)."""


class Undo(MeetingRequest):
    """Take back the last change to the selected key result made in this meeting."""


class MoveObjective(MeetingRequest):
    """Go ``delta`` objectives on (past the last one: the summary)."""

    def __init__(self, delta: int) -> None:
        self.delta = delta
        super().__init__()


class SetObjectiveAnswer(MeetingRequest):
    def __init__(self, objective: str, confidence: int | None, note: str) -> None:
        self.objective = objective
        self.confidence = confidence
        self.note = note
        super().__init__()


class SetWins(MeetingRequest):
    def __init__(self, objective: str, wins: str) -> None:
        self.objective = objective
        self.wins = wins
        super().__init__()


class OpenHistory(MeetingRequest):
    """The history of the selected key result (or its whole objective), with this week's answers in."""

    def __init__(self, whole_objective: bool = False) -> None:
        self.whole_objective = whole_objective
        super().__init__()


class OpenDialog(MeetingRequest):
    """A dialog about what is selected: the app has the screen open it once the keys before
    it are handled (so it shows the key result or objective they selected)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind  # a MeetingScreen.DIALOGS key: "value", "blocker", "next_step", "objective_answer", "wins"
        super().__init__()


class OpenGrades(MeetingRequest):
    """The cycle's grades so far."""
