"""The meeting record's part of the session: where the meeting stands, the time spent per
objective, resuming and reopening, who is there. A mixin of MeetingSession
(tui/meeting/session.py), which owns the state these intents change."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from store import Meeting, current_user
from store.meetings import finished_meeting, resumable_meeting
from tui.meeting.views import Change, SaveKey

if TYPE_CHECKING:
    from store import Cycle, CycleData, Objective
    from store.models import MeetingKind

MEETING: SaveKey = ("meeting",)


@dataclass
class MeetingRecord:
    """The meeting as it goes: where it stands and the time spent per objective."""

    facilitator: str
    attendees: list[str]
    timebox_minutes: int
    started: dt.datetime
    id: str | None = None
    position: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    ended: dt.datetime | None = None
    absent: list[str] = field(default_factory=list)  # owners not here: their key results are skipped


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)



class MeetingRecordIntents:
    """Intents on the meeting record; each returns the Change of the record to save."""

    record: MeetingRecord
    objectives: list[Objective]
    selected: int
    cycle: Cycle
    week: str
    team: str
    owner: str
    kind: MeetingKind
    author: str
    data: CycleData
    _entered: float
    # and, from MeetingSession: the ``objective`` shown and ``key_results(oid)``

    # -- the meeting record -------------------------------------------------------
    def resumable(self) -> Meeting | None:
        return resumable_meeting(self.data, self.week, team=self.team, owner=self.owner, kind=self.kind)

    def resume(self, meeting: Meeting) -> Change:
        """Continue ``meeting``: same id, position and time spent."""
        self.record = MeetingRecord(
            meeting.facilitator, list(meeting.attendees), meeting.timebox_minutes, meeting.started,
            id=meeting.id, position=min(meeting.position, len(self.objectives)),
            seconds=dict(meeting.seconds), absent=list(meeting.absent),
        )
        self._entered = time.monotonic()
        self.selected = 0
        return self._meeting_change()

    def finished(self) -> Meeting | None:
        """This week's latest finished meeting (of this kind and filter), if there is one."""
        return finished_meeting(self.data, self.week, team=self.team, owner=self.owner, kind=self.kind)

    def reopen(self, meeting: Meeting) -> Change:
        """Continue a finished ``meeting`` (same id, time spent) from objective 1, unfinished again."""
        self.resume(meeting)
        self.record.position = 0
        return self._meeting_change()

    def set_people(self, facilitator: str, attendees: list[str]) -> Change:
        """Who runs the meeting and who is in it (the start dialog); the facilitator signs the answers."""
        self.record.facilitator, self.record.attendees = facilitator, list(attendees)
        self.author = facilitator or current_user()
        return self._meeting_change()

    def agenda(self) -> tuple[int, int, int]:
        """Objectives, key results and the minutes they take at the timebox."""
        krs = sum(len(self.key_results(o.id)) for o in self.objectives)
        return len(self.objectives), krs, len(self.objectives) * self.record.timebox_minutes

    def begin(self) -> Change:
        """The meeting record as it starts (written once the first frame is out)."""
        return self._meeting_change()

    def start_walk(self) -> None:
        """Objective 1 is on show now: the time before it (the start form, the open help
        requests) is the meeting's, not objective 1's timebox (nothing to save)."""
        self._entered = time.monotonic()

    def select(self, delta: int) -> None:
        """Move the selection among the key results shown (nothing to save)."""
        krs = self.key_results()
        if krs:
            self.selected = max(0, min(len(krs) - 1, self.selected + delta))

    def move_to(self, position: int) -> Change:
        """Book the time spent on the objective left, then stand at ``position`` (the
        number of objectives: past the last, the summary)."""
        self._book_time()
        self.record.position = max(0, min(position, len(self.objectives)))
        self.selected = 0
        return self._meeting_change()

    def book_time(self) -> Change:
        """The meeting record with the time on the objective shown booked (before a summary or exit)."""
        self._book_time()
        return self._meeting_change()

    def finish(self) -> Change:
        self._book_time()
        self.record.ended = _now()
        return self._meeting_change()

    def _book_time(self) -> None:
        now = time.monotonic()
        if self.record.position < len(self.objectives):
            oid = self.objectives[self.record.position].id
            self.record.seconds[oid] = round(self.record.seconds.get(oid, 0.0) + now - self._entered, 1)
        self._entered = now

    def _meeting_change(self) -> Change:
        r = self.record
        return Change(MEETING, {
            "facilitator": r.facilitator, "attendees": list(r.attendees), "timebox_minutes": r.timebox_minutes,
            "started": r.started, "ended": r.ended, "position": r.position, "seconds": dict(r.seconds),
            "absent": list(r.absent)})

    def objective_seconds(self, oid: str) -> float:
        spent = self.record.seconds.get(oid, 0.0)
        here = self.objective is not None and self.objective.id == oid
        return spent + (time.monotonic() - self._entered if here else 0.0)

    def meeting_seconds(self) -> float:
        return (_now() - self.record.started).total_seconds()

    def meeting_model(self) -> Meeting | None:
        if self.record.id is None:
            return None
        r = self.record
        return Meeting(id=r.id, cycle=self.cycle.name, week=self.week, team=self.team, owner=self.owner,
                       kind=self.kind, facilitator=r.facilitator, attendees=list(r.attendees), timebox_minutes=r.timebox_minutes,
                       started=r.started, ended=r.ended, position=r.position, seconds=dict(r.seconds),
                       absent=list(r.absent))

