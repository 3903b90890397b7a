"""One read-modify-write of a cycle file: the operations change the file's dict in memory
(store/cycle_file.py ``CycleState.upsert``); ``Store.write`` commits that dict once,
atomically, while still holding the cycle's lock.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel

from .cycle_data import CycleData, not_found
from .cycle_file import TABLES, CycleState, record_key
from .errors import InvalidInputError, LimitError
from .i18n import _
from .models import (
    MAX_KR_NUMBER,
    MAX_MEETING_NUMBER,
    MAX_OBJECTIVE_NUMBER,
    CheckIn,
    Cycle,
    KeyResult,
    Meeting,
    Objective,
    ObjectiveCheckIn,
)
from .validation import build
from .weeks import parse_week

MAX_OBJECTIVES = 5
MAX_KEY_RESULTS = 4


class CycleTx:
    """The operations that change a cycle. Each validates before it changes anything;
    they change ``state`` in place, which ``Store.write`` then commits (or discards)."""

    def __init__(self, cycle: Cycle, state: CycleState) -> None:
        self.cycle = cycle
        self.state = state
        self._records = state.records
        # Each record an operation upserted or removed, as it was before: what the sync journal records.
        self.touched: dict[tuple[str, tuple], BaseModel | None] = {}

    @property
    def dirty(self) -> bool:
        return self.state.dirty

    def snapshot(self) -> CycleData:
        return self.state.snapshot(self.cycle)

    # -- internals -------------------------------------------------------------
    def _upsert(self, table: str, record: BaseModel) -> None:
        key = record_key(table, record)
        self.touched.setdefault((table, key), self._records[table].get(key))
        self.state.upsert(table, record)

    # The look-ups of store/cycle_data.py's contract; operations need only the raising ones.
    def require_objective(self, oid: str) -> Objective:
        obj = self._records["objectives"].get((oid,))
        if obj is None:
            raise not_found("objective", oid, self.cycle.name)
        return obj

    def require_key_result(self, kid: str) -> KeyResult:
        kr = self._records["key_results"].get((kid,))
        if kr is None:
            raise not_found("key result", kid, self.cycle.name)
        return kr

    def history(self, kid: str, *, upto: str | None = None) -> list[CheckIn]:
        """``CycleData.history``'s answer, from the state's index of weeks: a snapshot would
        sort every check-in of the cycle for one key result's."""
        checkins = self._records["checkins"]
        return [checkins[(kid, w)] for w in sorted(self.state.checkin_weeks(kid)) if upto is None or w <= upto]

    # -- objectives and key results -------------------------------------------
    def add_objective(self, *, title: str, owner: str, team: str = "", kind: str = "committed",
                      aligns_to: str = "", confidence: int | None = None, force: bool = False) -> Objective:
        objectives: list[Objective] = list(self._records["objectives"].values())
        number = max((o.number for o in objectives), default=0) + 1
        if number > MAX_OBJECTIVE_NUMBER:
            raise LimitError(_("cycle {cycle} has used every objective id up to O{max}; start a new cycle").format(
                cycle=self.cycle.name, max=MAX_OBJECTIVE_NUMBER), field="objective", limit=MAX_OBJECTIVE_NUMBER)
        obj = build(Objective, id=f"O{number}", title=title, owner=owner, team=team, kind=kind,
                    aligns_to=aligns_to, confidence=confidence, order=number)
        if obj.aligns_to:
            self.require_objective(obj.aligns_to)
        if not force:
            active = [o for o in objectives if not o.archived]
            same = [o for o in active if (obj.team and o.team == obj.team) or (not obj.team and o.owner == obj.owner and not o.team)]
            if len(same) >= MAX_OBJECTIVES:
                who = _("team {team}").format(team=obj.team) if obj.team else obj.owner
                raise LimitError(
                    _("{who} has {n} objectives in {cycle} already; the guide keeps at most {max} (3 is ideal) so "
                      "that focus stays on what matters; use --force to add it anyway").format(
                        who=who, n=len(same), cycle=self.cycle.name, max=MAX_OBJECTIVES),
                    field="objectives", limit=MAX_OBJECTIVES, value_id=obj.team or obj.owner)
        self._upsert("objectives", obj)
        return obj

    def update_objective(self, oid: str, **changes: Any) -> Objective:
        current = self.require_objective(oid)
        _fixed(changes, "id")
        obj = build(Objective, **{**current.model_dump(), **changes})
        if obj.aligns_to:
            if obj.aligns_to == oid:
                raise InvalidInputError(_("{id} cannot align to itself").format(id=oid), field="aligns_to",
                                        value_id=oid)
            self.require_objective(obj.aligns_to)
        self._upsert("objectives", obj)
        return obj

    def add_key_result(self, oid: str, *, title: str, owner: str = "", start: float | None = None,
                       target: float | None = None, unit: str = "", due: dt.date | None = None,
                       force: bool = False) -> KeyResult:
        obj = self.require_objective(oid)
        siblings = [k for k in self._records["key_results"].values() if k.objective == oid]
        active = [k for k in siblings if not k.archived]
        if len(active) >= MAX_KEY_RESULTS and not force:
            raise LimitError(
                _("{id} has {n} key results already; the guide keeps at most {max} per objective so each one is "
                  "measured and owned; use --force to add it anyway").format(id=oid, n=len(active), max=MAX_KEY_RESULTS),
                field="key results", limit=MAX_KEY_RESULTS, value_id=oid)
        number = max((int(k.id.split(".")[1]) for k in siblings), default=0) + 1
        if number > MAX_KR_NUMBER:
            raise LimitError(_("{id} has used every key result id up to {id}.{max}").format(id=oid, max=MAX_KR_NUMBER),
                             field="key result", limit=MAX_KR_NUMBER, value_id=oid)
        kr = build(KeyResult, id=f"{oid}.{number}", objective=oid, title=title, owner=owner or obj.owner,
                   start=start, target=target, unit=unit, due=due, order=number)
        self._upsert("key_results", kr)
        return kr

    def update_key_result(self, kid: str, **changes: Any) -> KeyResult:
        current = self.require_key_result(kid)
        _fixed(changes, "id", "objective")
        kr = build(KeyResult, **{**current.model_dump(), **changes})
        self._upsert("key_results", kr)
        return kr

    def move_objective(self, oid: str, steps: int) -> list[Objective]:
        """Move an active objective ``steps`` places (negative: up) in the cycle's order."""
        self.require_objective(oid)
        active = sorted((o for o in self._records["objectives"].values() if not o.archived),
                        key=lambda o: (o.order, o.number))
        return [self.update_objective(o.id, order=i) for i, o in _moved(active, oid, steps)]

    def move_key_result(self, kid: str, steps: int) -> list[KeyResult]:
        """Move an active key result ``steps`` places among its objective's key results."""
        kr = self.require_key_result(kid)
        siblings = sorted((k for k in self._records["key_results"].values()
                           if k.objective == kr.objective and not k.archived),
                          key=lambda k: (k.order, int(k.id.split(".")[1])))
        return [self.update_key_result(k.id, order=i) for i, k in _moved(siblings, kid, steps)]

    # -- check-ins ---------------------------------------------------------------
    def check_in(self, kid: str, week: str, *, progress: int | None = None, value: float | None = None,
                 confidence: int | None = None, blocker: str | None = None, help_from: str | None = None,
                 note: str | None = None, next_step: str | None = None, author: str = "",
                 at: dt.datetime | None = None) -> CheckIn:
        """Record (or update) the week's answer. Fields left None keep this week's earlier
        answer, else the latest earlier check-in's progress and confidence. A blocker (with
        who could help) and a next step are a ledger: carried from the latest earlier
        check-in until cleared with ""; the note is per week."""
        kr = self.require_key_result(kid)
        if kr.is_metric and progress is not None:
            message = (_("{id} is measured in {unit}: give --value, not --progress") if kr.unit
                       else _("{id} is measured in a metric: give --value, not --progress"))
            raise InvalidInputError(message.format(id=kid, unit=kr.unit),
                                    field="progress", value_id=kid)
        if not kr.is_metric and value is not None:
            raise InvalidInputError(_("{id} is measured in percent: give --progress, not --value").format(id=kid),
                                    field="value", value_id=kid)
        week = _week(week)
        same = self._records["checkins"].get((kid, week))
        earlier = [w for w in self.state.checkin_weeks(kid) if w < week]
        base = same or (self._records["checkins"][(kid, max(earlier))] if earlier else None)
        if value is None and base is not None and kr.is_metric:
            value = base.value
        if value is not None:
            progress = kr.progress_of(value)
        if blocker is not None and not blocker.strip():
            blocker = ""  # whitespace clears it, as "" does
        kept_blocker = base.blocker if base else ""
        new_blocker = blocker if blocker is not None else kept_blocker
        if help_from is None:
            # Who could help goes with the blocker: kept with it (and with this week's
            # rewording of it), cleared with it, not handed on to another week's new one.
            keeps = base is not None and bool(new_blocker) and (base is same or new_blocker == kept_blocker)
            help_from = base.help_from if keeps and base else ""
        fields = {
            "kr": kid, "week": week,
            "progress": progress if progress is not None else (base.progress if base else 0),
            "value": value,
            "confidence": confidence if confidence is not None else (base.confidence if base else None),
            "blocker": new_blocker,
            "help_from": help_from,
            "note": note if note is not None else (same.note if same else ""),
            "next_step": next_step if next_step is not None else (base.next_step if base else ""),
            "author": author or (same.author if same else ""),
            "at": at or dt.datetime.now(dt.UTC),
        }
        ci = build(CheckIn, **fields)
        self._upsert("checkins", ci)
        return ci

    def withdraw_check_in(self, kid: str, week: str) -> CheckIn | None:
        """Take the week's check-in of ``kid`` back (an undo to before it was given): the key
        result is un-given again, its latest earlier check-in standing. None: there was none."""
        self.require_key_result(kid)
        key = (kid, _week(week))
        record = self._records["checkins"].get(key)
        if record is not None:
            self.touched.setdefault(("checkins", key), record)
            self.state.remove("checkins", key)
        return record

    def check_in_objective(self, oid: str, week: str, *, confidence: int | None = None,
                           note: str | None = None, wins: str | None = None) -> ObjectiveCheckIn:
        self.require_objective(oid)
        week = _week(week)
        same = self._records["objective_checkins"].get((oid, week))
        earlier = [c for (o, w), c in self._records["objective_checkins"].items() if o == oid and w < week]
        prev = same or (max(earlier, key=lambda c: c.week) if earlier else None)
        oc = build(
            ObjectiveCheckIn, objective=oid, week=week,
            confidence=confidence if confidence is not None else (prev.confidence if prev else None),
            note=note if note is not None else (same.note if same else ""),
            wins=wins if wins is not None else (same.wins if same else ""),
            at=dt.datetime.now(dt.UTC),
        )
        self._upsert("objective_checkins", oc)
        return oc

    def put(self, record: BaseModel) -> None:
        """Store an already validated record as it is (import); its key must be new."""
        table = next(name for name, model in TABLES.items() if isinstance(record, model))
        key = "/".join(record_key(table, record))
        if record_key(table, record) in self._records[table]:
            raise InvalidInputError(_("{table} {key} exists already in {cycle}").format(
                table=table, key=key, cycle=self.cycle.name), value_id=key)
        self._upsert(table, record)

    # -- meetings ----------------------------------------------------------------
    def new_meeting_id(self) -> str:
        number = max((int(m.id[1:]) for m in self._records["meetings"].values()), default=0) + 1
        if number > MAX_MEETING_NUMBER:
            raise LimitError(_("cycle {cycle} has used every meeting id up to M{last}").format(
                cycle=self.cycle.name, last=MAX_MEETING_NUMBER), field="meeting", limit=MAX_MEETING_NUMBER)
        return f"M{number}"

    def save_meeting(self, meeting: Meeting) -> Meeting:
        meeting = build(Meeting, **meeting.model_dump())
        self._upsert("meetings", meeting)
        return meeting


def _fixed(changes: dict[str, Any], *names: str) -> None:
    """Ids are what check-ins and alignments point at: an update may not move them."""
    for name in names:
        if name in changes:
            raise InvalidInputError(_("{field} cannot be changed; add a new one and archive this one").format(
                field=name), field=name)


def _moved(items: list[Any], rid: str, steps: int) -> list[tuple[int, Any]]:
    """(new order, record) for the records whose order changes when ``rid`` moves
    ``steps`` places (clamped at the ends); orders become 1..n."""
    ids = [r.id for r in items]
    if rid not in ids:
        raise InvalidInputError(_("{id} is archived; only active ones can be moved").format(id=rid), value_id=rid)
    at = ids.index(rid)
    moved = items[:at] + items[at + 1:]
    moved.insert(max(0, min(len(moved), at + steps)), items[at])
    return [(i, r) for i, r in enumerate(moved, start=1) if r.order != i]


def _week(text: str) -> str:
    try:
        return parse_week(text)
    except ValueError as e:
        raise InvalidInputError(str(e), field="week") from None
