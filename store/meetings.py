"""Finding meetings: one to pick up again, the latest team meeting, an owner's review."""

from __future__ import annotations

from .cycle_data import CycleData
from .models import Meeting, MeetingKind


def resumable_meeting(data: CycleData, week: str, *, team: str = "", owner: str = "",
                      kind: MeetingKind = MeetingKind.MEETING) -> Meeting | None:
    """The latest started unfinished meeting (or review) of ``week`` held with the same
    team/owner filter."""
    open_ones = [m for m in data.meetings if not m.finished and m.week == week and m.team == team
                 and m.owner == owner and m.kind == kind]
    return max(open_ones, key=lambda m: m.started, default=None)


def finished_meeting(data: CycleData, week: str, *, team: str = "", owner: str = "",
                     kind: MeetingKind = MeetingKind.MEETING) -> Meeting | None:
    """The latest started finished meeting (or review) of ``week`` with the same team/owner filter."""
    done = [m for m in data.meetings if m.finished and m.week == week and m.team == team
            and m.owner == owner and m.kind == kind]
    return max(done, key=lambda m: m.started, default=None)


def has_answers(data: CycleData, meeting: Meeting) -> bool:
    """Whether one of the meeting's key results was checked in during it: in its week,
    saved from its start to its end (to now if it has not ended)."""
    for o in data.active_objectives(team=meeting.team, owner=meeting.owner):
        for k in data.krs_of(o.id):  # a key result has one check-in a week: asked by key, not by a scan of them all
            c = data.checkin(k.id, meeting.week)
            if c is not None and c.at >= meeting.started and (meeting.ended is None or c.at <= meeting.ended):
                return True
    return False


def latest_meeting(data: CycleData) -> Meeting | None:
    """The latest started team meeting that has answers; never a review. The latest are
    asked first (asking every meeting of a 16-team quarter was ~40 ms of `okr summary --latest`
    when each question scanned the cycle's check-ins)."""
    meetings = sorted((m for m in data.meetings if m.kind == MeetingKind.MEETING), key=lambda m: m.started,
                      reverse=True)
    return next((m for m in meetings if has_answers(data, m)), None)


def latest_review(data: CycleData, owner: str) -> Meeting | None:
    """``owner``'s latest started review (the owner's name compared without case)."""
    mine = [m for m in data.meetings if m.kind == MeetingKind.REVIEW and m.owner.casefold() == owner.casefold()]
    return max(mine, key=lambda m: m.started, default=None)
