"""A read-only snapshot of one cycle, loaded in one read, with the look-ups views need.

Look-ups by id have one contract each, here and in ``CycleTx``: ``objective(id)`` and
``key_result(id)`` return None for an id the cycle has not; ``require_objective(id)`` and
``require_key_result(id)`` raise a ``NotFoundError`` naming it (``not_found``).
"""

from __future__ import annotations

from operator import attrgetter

from .errors import NotFoundError
from .i18n import _
from .models import KR_ID, OBJECTIVE_ID, CheckIn, Cycle, KeyResult, Meeting, Objective, ObjectiveCheckIn
from .text import shown


class CycleData:
    """A plain class, not a dataclass: making one was ~0.4 ms of every command that reads."""

    def __init__(self, cycle: Cycle, objectives: list[Objective] | None = None,
                 key_results: list[KeyResult] | None = None, checkins: list[CheckIn] | None = None,
                 objective_checkins: list[ObjectiveCheckIn] | None = None,
                 meetings: list[Meeting] | None = None) -> None:
        self.cycle = cycle
        self.objectives = objectives if objectives is not None else []
        self.key_results = key_results if key_results is not None else []
        self.checkins = checkins if checkins is not None else []
        self.objective_checkins = objective_checkins if objective_checkins is not None else []
        self.meetings = meetings if meetings is not None else []
        self.objectives.sort(key=lambda o: (o.order, o.number))
        self.key_results.sort(key=lambda k: (k.order, _kr_number(k.id)))
        # The file's order is no guide: its doc ids sort as strings ("10" before "2"). By week,
        # then key result: two stable sorts, each id parsed once, not once per check-in (~1-2 ms
        # of every command that reads a 16-team quarter).
        numbers = {kid: _kr_number(kid) for kid in {c.kr for c in self.checkins}}
        self.checkins.sort(key=lambda c: numbers[c.kr])
        self.checkins.sort(key=attrgetter("week"))
        self.objective_checkins.sort(key=lambda c: (c.week, int(c.objective[1:])))
        self.meetings.sort(key=lambda m: int(m.id[1:]))
        self._objectives = {o.id: o for o in self.objectives}
        self._krs = {k.id: k for k in self.key_results}
        self._krs_of: dict[str, list[KeyResult]] = {}  # active ones, per objective, in order
        for k in self.key_results:
            if not k.archived:
                self._krs_of.setdefault(k.objective, []).append(k)
        self._history: dict[str, list[CheckIn]] = {}
        for c in self.checkins:
            self._history.setdefault(c.kr, []).append(c)
        self._obj_checkins = {(c.objective, c.week): c for c in self.objective_checkins}
        self._obj_history: dict[str, list[ObjectiveCheckIn]] = {}  # per objective, in week order
        for oc in self.objective_checkins:
            self._obj_history.setdefault(oc.objective, []).append(oc)

    def _fields(self) -> tuple:
        return (self.cycle, self.objectives, self.key_results, self.checkins, self.objective_checkins, self.meetings)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CycleData) and self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # mutable, as the dataclass was

    def objective(self, oid: str) -> Objective | None:
        return self._objectives.get(oid)

    def key_result(self, kid: str) -> KeyResult | None:
        return self._krs.get(kid)

    def require_objective(self, oid: str) -> Objective:
        obj = self._objectives.get(oid)
        if obj is None:
            raise not_found("objective", oid, self.cycle.name)
        return obj

    def require_key_result(self, kid: str) -> KeyResult:
        kr = self._krs.get(kid)
        if kr is None:
            raise not_found("key result", kid, self.cycle.name)
        return kr

    def active_objectives(self, *, team: str = "", owner: str = "") -> list[Objective]:
        """Objectives not archived, filtered by team and by owner (of it or of a key result)."""
        out = []
        for o in self.objectives:
            if o.archived or (team and o.team != team):
                continue
            if owner and o.owner != owner and not any(k.owner == owner for k in self.krs_of(o.id)):
                continue
            out.append(o)
        return out

    def krs_of(self, oid: str) -> list[KeyResult]:
        return list(self._krs_of.get(oid, ()))

    def history(self, kid: str, *, upto: str | None = None) -> list[CheckIn]:
        """Check-ins of a key result in week order, optionally up to and including ``upto``."""
        hist = self._history.get(kid, [])
        return hist if upto is None else [c for c in hist if c.week <= upto]

    def checkin(self, kid: str, week: str) -> CheckIn | None:
        for c in self._history.get(kid, []):
            if c.week == week:
                return c
        return None

    def previous(self, kid: str, week: str) -> CheckIn | None:
        """The latest check-in strictly before ``week``."""
        before = [c for c in self._history.get(kid, []) if c.week < week]
        return before[-1] if before else None

    def objective_checkin(self, oid: str, week: str) -> ObjectiveCheckIn | None:
        return self._obj_checkins.get((oid, week))

    def previous_objective_checkin(self, oid: str, week: str) -> ObjectiveCheckIn | None:
        """The objective's latest check-in strictly before ``week``."""
        before = [c for c in self._obj_history.get(oid, []) if c.week < week]
        return before[-1] if before else None

    def meeting(self, mid: str) -> Meeting | None:
        return next((m for m in self.meetings if m.id == mid), None)


def not_found(kind: str, rid: str, cycle: str) -> NotFoundError:
    """The error for an objective or key result id that ``cycle`` has not: its shape first."""
    objective = kind == "objective"
    if not (OBJECTIVE_ID if objective else KR_ID).fullmatch(rid):
        message = (_("{id} is not an objective id (they look like O3)") if objective
                   else _("{id} is not a key result id (they look like O3.2)"))
        return NotFoundError(message.format(id=shown(rid)), field=kind, value_id=rid)
    message = _("no objective {id} in cycle {cycle}") if objective else _("no key result {id} in cycle {cycle}")
    return NotFoundError(message.format(id=rid, cycle=cycle), field=kind, value_id=rid)


def _kr_number(kid: str) -> tuple[int, int]:
    objective, number = kid[1:].split(".")
    return int(objective), int(number)
