"""The next cycle, and carrying unfinished objectives into it.

Carried objectives and key results get new ids in the new cycle; their check-ins stay
in the old cycle's file (that is the history). An alignment link survives only when
the parent is carried too: an id copied as is would point at a different objective.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .cycle_data import CycleData
from .errors import InvalidInputError
from .i18n import _
from .models import Cycle
from .rules import objective_confidence, objective_progress
from .store import Store
from .weeks import LAST_DAY, quarter_of, week_of


@dataclass
class CarryResult:
    cycle: Cycle
    objectives: dict[str, str] = field(default_factory=dict)  # old id -> new id
    key_results: dict[str, str] = field(default_factory=dict)
    unlinked: list[str] = field(default_factory=list)  # new ids whose parent stayed behind


def next_cycle_dates(cycle: Cycle) -> tuple[str, dt.date, dt.date]:
    """The calendar quarter after ``cycle`` (starting the day after it ends)."""
    if cycle.end >= LAST_DAY:
        raise InvalidInputError(_("cycle {cycle} ends on {day}, the last day okr-checkin handles; "
                                  "it has no next cycle").format(cycle=cycle.name, day=LAST_DAY),
                                field="end", limit=LAST_DAY, value_id=cycle.name)
    day = cycle.end + dt.timedelta(days=1)
    name, _start, end = quarter_of(day)
    return name, day, end


def unfinished(data: CycleData) -> list[str]:
    """Active objectives below 100% at the cycle's end (one without key results counts)."""
    last = week_of(data.cycle.end)
    return [o.id for o in data.active_objectives() if (objective_progress(data, o.id, last) or 0) < 100]


def carry_forward(store: Store, old: Cycle, new: Cycle, oids: list[str] | None = None) -> CarryResult:
    """Copy the objectives ``oids`` (default: the unfinished ones) and their active key
    results from ``old`` into ``new``, in their order, in one write of ``new``."""
    data = store.load(old)
    chosen = unfinished(data) if oids is None else oids
    last = week_of(old.end)
    result = CarryResult(new)
    with store.write(new) as tx:
        for oid in chosen:
            o = data.require_objective(oid)
            # force: the limits were checked when these were written; carrying must not stop halfway.
            added = tx.add_objective(title=o.title, owner=o.owner, team=o.team, kind=o.kind,
                                     confidence=objective_confidence(data, oid, last), force=True)
            result.objectives[oid] = added.id
            for k in data.krs_of(oid):
                kr = tx.add_key_result(added.id, title=k.title, owner=k.owner, start=k.start, target=k.target,
                                       unit=k.unit, due=k.due, force=True)
                result.key_results[k.id] = kr.id
        for oid, new_id in result.objectives.items():
            parent = data.require_objective(oid).aligns_to
            if parent in result.objectives:
                tx.update_objective(new_id, aligns_to=result.objectives[parent])
            elif parent:
                result.unlinked.append(new_id)
    return result


def start_next_cycle(store: Store, cycle: Cycle, *, carry: bool = True, name: str | None = None) -> CarryResult:
    """Create the cycle after ``cycle`` and (by default) carry its unfinished objectives."""
    default_name, start, end = next_cycle_dates(cycle)
    new = store.add_cycle(name or default_name, start, end)
    return carry_forward(store, cycle, new) if carry else CarryResult(new)
