"""Finding a meeting to pick up again: the same cycle, week and filter, not ended."""

from __future__ import annotations

from .cycle_data import CycleData
from .models import Meeting


def resumable_meeting(data: CycleData, week: str, *, team: str = "", owner: str = "") -> Meeting | None:
    """The latest started unfinished meeting of ``week`` held with the same team/owner filter."""
    open_ones = [m for m in data.meetings
                 if not m.finished and m.week == week and m.team == team and m.owner == owner]
    return max(open_ones, key=lambda m: m.started, default=None)
