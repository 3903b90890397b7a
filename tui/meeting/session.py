"""The state of one check-in meeting, apart from any widget.

Holds the cycle snapshot taken at start, this week's answers as given so far (the
defaults are last week's values), the meeting record, and how each change becomes a
write. The screens read views from here; :meth:`MeetingSession.write` runs on the
saver's thread.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Collection
from dataclasses import dataclass, field, fields
from typing import Any

from store import CheckIn, Cycle, CycleData, KeyResult, Meeting, Objective, Store, current_user
from store.meetings import resumable_meeting
from store.rules import expected_progress, needs_help, objective_confidence
from store.summary import Summary, build_summary
from store.trends import KRDelta, delta_between, kr_series

from tui.meeting.saver import SaveKey

PROGRESS_STEP = 10


@dataclass
class Answer:
    """This week's answer for one key result, as shown and saved."""

    progress: int
    value: float | None
    confidence: int | None
    blocker: str = ""
    help_from: str = ""
    confirmed: bool = False  # a check-in for this week exists (given now or earlier)


@dataclass
class ObjectiveAnswer:
    confidence: int | None
    note: str = ""
    wins: str = ""


@dataclass(frozen=True)
class KRView:
    kr: KeyResult
    before: CheckIn | None
    answer: Answer
    reasons: list[str]
    delta: KRDelta | None = None  # this answer against the check-in before this week
    series: tuple[float | None, ...] = ()  # progress per week of the cycle up to this one (this answer last)
    reason_names: tuple[str, ...] = ()  # the reasons in a word or two ("blocked", "stalled"), for short lines


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


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class MeetingSession:
    def __init__(self, store: Store, cycle: Cycle, week: str, *, team: str = "", owner: str = "",
                 facilitator: str = "", attendees: list[str] | None = None, timebox_minutes: int = 3) -> None:
        self.store = store
        self.cycle = cycle
        self.week = week
        self.team = team
        self.owner = owner
        self.thresholds = store.root.settings.thresholds
        self.data = store.load(cycle)
        self.objectives: list[Objective] = self.data.active_objectives(team=team, owner=owner)
        self.record = MeetingRecord(facilitator, list(attendees or []), timebox_minutes, _now())
        self.author = facilitator or current_user()
        self._answers: dict[str, Answer] = {}
        self._objective_answers: dict[str, ObjectiveAnswer] = {}
        self._entered = time.monotonic()

    # -- another process wrote the cycle -----------------------------------------
    def refresh(self, data: CycleData, *, keep_krs: Collection[str] = (), keep_objectives: Collection[str] = ()) -> None:
        """Take a newer snapshot of the cycle: answers follow what the store now holds, but
        those in ``keep_*`` (edited here and not yet saved, or since the snapshot was read)
        stay as they are. Answers change in place, so an open dialog still edits the one shown.
        Objectives keep their order and the meeting its position; new active ones go last."""
        self.data = data
        fresh = {o.id: o for o in data.active_objectives(team=self.team, owner=self.owner)}
        self.objectives = [data.objective(o.id) or o for o in self.objectives]
        known = {o.id for o in self.objectives}
        self.objectives += [o for oid, o in fresh.items() if oid not in known]
        for answers, keep, make in ((self._answers, keep_krs, self.answer),
                                    (self._objective_answers, keep_objectives, self.objective_answer)):
            for key, old in list(answers.items()):
                if key in keep:
                    continue
                del answers[key]
                new = make(key)
                for f in fields(new):
                    setattr(old, f.name, getattr(new, f.name))
                answers[key] = old

    # -- the meeting record -------------------------------------------------------
    def resumable(self) -> Meeting | None:
        return resumable_meeting(self.data, self.week, team=self.team, owner=self.owner)

    def resume(self, meeting: Meeting) -> None:
        """Continue ``meeting``: same id, position and time spent."""
        self.record = MeetingRecord(
            meeting.facilitator, list(meeting.attendees), meeting.timebox_minutes, meeting.started,
            id=meeting.id, position=min(meeting.position, len(self.objectives)),
            seconds=dict(meeting.seconds),
        )
        self._entered = time.monotonic()

    @property
    def position(self) -> int:
        return self.record.position

    def move_to(self, position: int) -> None:
        """Book the time spent on the objective left, then stand at ``position``."""
        self._book_time()
        self.record.position = max(0, min(position, len(self.objectives)))

    def _book_time(self) -> None:
        now = time.monotonic()
        if self.record.position < len(self.objectives):
            oid = self.objectives[self.record.position].id
            self.record.seconds[oid] = round(self.record.seconds.get(oid, 0.0) + now - self._entered, 1)
        self._entered = now

    def objective_seconds(self, oid: str) -> float:
        spent = self.record.seconds.get(oid, 0.0)
        here = self.record.position < len(self.objectives) and self.objectives[self.record.position].id == oid
        return spent + (time.monotonic() - self._entered if here else 0.0)

    def meeting_seconds(self) -> float:
        return (_now() - self.record.started).total_seconds()

    def finish(self) -> None:
        self._book_time()
        self.record.ended = _now()

    def meeting_fields(self) -> dict[str, Any]:
        self._book_time()
        r = self.record
        return {"facilitator": r.facilitator, "attendees": list(r.attendees), "timebox_minutes": r.timebox_minutes,
                "started": r.started, "ended": r.ended, "position": r.position, "seconds": dict(r.seconds)}

    def meeting_model(self) -> Meeting | None:
        if self.record.id is None:
            return None
        return Meeting(id=self.record.id, cycle=self.cycle.name, week=self.week, team=self.team,
                       owner=self.owner, **self.meeting_fields())

    # -- key results --------------------------------------------------------------
    def key_results(self, oid: str) -> list[KeyResult]:
        obj = self.data.objective(oid)
        return [k for k in self.data.krs_of(oid)
                if not self.owner or k.owner == self.owner or (obj is not None and obj.owner == self.owner)]

    def answer(self, kid: str) -> Answer:
        if kid not in self._answers:
            now = self.data.checkin(kid, self.week)
            base = now or self.data.previous(kid, self.week)
            kr = self.data.key_result(kid)
            value = base.value if base else None
            if kr is not None and kr.is_metric and value is None:
                value = kr.start
            self._answers[kid] = Answer(
                progress=base.progress if base else 0, value=value,
                confidence=base.confidence if base else None,
                blocker=now.blocker if now else "", help_from=now.help_from if now else "",
                confirmed=now is not None,
            )
        return self._answers[kid]

    def view(self, kr: KeyResult) -> KRView:
        answer = self.answer(kr.id)
        before = self.data.previous(kr.id, self.week)
        obj = self.data.objective(kr.objective)
        this = CheckIn(kr=kr.id, week=self.week, progress=answer.progress, value=answer.value,
                       confidence=answer.confidence, blocker=answer.blocker, help_from=answer.help_from,
                       at=_now())
        history = [c for c in self.data.history(kr.id, upto=self.week) if c.week < self.week] + [this]
        helps = needs_help(kr, obj, history, self.cycle, self.week, self.thresholds) if obj else []
        reasons = [r.text for r in helps]
        series = [p.progress if p.week != self.week else answer.progress
                  for p in kr_series(self.data, kr.id, upto=self.week)]
        return KRView(kr, before, answer, reasons, delta_between(kr, self.week, this, before), tuple(series),
                      tuple(dict.fromkeys(str(r.reason) for r in helps)))

    def step_progress(self, kr: KeyResult, steps: int) -> None:
        """±10%: a percentage snaps to the 10% grid; a metric moves 10% of start→target."""
        a = self.answer(kr.id)
        if kr.is_metric:
            assert kr.start is not None and kr.target is not None
            span = kr.target - kr.start
            low, high = sorted((kr.start, kr.target))
            value = (a.value if a.value is not None else kr.start) + steps * span * PROGRESS_STEP / 100
            self.set_value(kr, round(min(high, max(low, value)), 6))
            return
        if steps > 0:
            progress = (a.progress // PROGRESS_STEP + steps) * PROGRESS_STEP
        else:
            progress = (-(-a.progress // PROGRESS_STEP) + steps) * PROGRESS_STEP
        a.progress = min(100, max(0, progress))

    def set_value(self, kr: KeyResult, value: float) -> None:
        a = self.answer(kr.id)
        if kr.is_metric:
            a.value = value
            a.progress = kr.progress_of(value)
        else:
            a.progress = min(100, max(0, round(value)))

    def kr_fields(self, kr: KeyResult) -> dict[str, Any]:
        """The whole answer as check_in arguments; marks it given."""
        a = self.answer(kr.id)
        a.confirmed = True
        fields: dict[str, Any] = {"confidence": a.confidence, "blocker": a.blocker, "help_from": a.help_from}
        if kr.is_metric:
            fields["value"] = a.value
        else:
            fields["progress"] = a.progress
        return fields

    # -- objectives ---------------------------------------------------------------
    def objective_answer(self, oid: str) -> ObjectiveAnswer:
        if oid not in self._objective_answers:
            now = self.data.objective_checkin(oid, self.week)
            self._objective_answers[oid] = ObjectiveAnswer(
                confidence=objective_confidence(self.data, oid, self.week),
                note=now.note if now else "", wins=now.wins if now else "",
            )
        return self._objective_answers[oid]

    def objective_progress_now(self, oid: str) -> float | None:
        """Mean progress of the objective's key results with this meeting's answers in."""
        krs = self.data.krs_of(oid)
        return sum(self.answer(k.id).progress for k in krs) / len(krs) if krs else None

    def expected_progress(self, obj: Objective) -> float:
        return expected_progress(self.cycle, self.week, obj.kind, self.thresholds)

    def objective_confidence_before(self, oid: str) -> int | None:
        prev = self.data.previous_objective_checkin(oid, self.week)
        if prev and prev.confidence is not None:
            return prev.confidence
        obj = self.data.objective(oid)
        return obj.confidence if obj else None

    def aligned_title(self, obj: Objective) -> str:
        parent = self.data.objective(obj.aligns_to) if obj.aligns_to else None
        return f"{parent.id} {parent.title}" if parent else ""

    # -- writing (saver thread) -----------------------------------------------------
    def write(self, key: SaveKey, fields: dict[str, Any]) -> None:
        kind = key[0]
        with self.store.write(self.cycle) as tx:
            if kind == "kr":
                tx.check_in(key[1], self.week, author=self.author, **fields)
            elif kind == "objective":
                tx.check_in_objective(key[1], self.week, **fields)
            else:
                if self.record.id is None:
                    self.record.id = tx.new_meeting_id()
                tx.save_meeting(Meeting(id=self.record.id, cycle=self.cycle.name, week=self.week,
                                        team=self.team, owner=self.owner, **fields))

    def summary(self) -> Summary:
        """This week's summary from the store as it is now."""
        return build_summary(self.store.load(self.cycle), self.week, self.thresholds,
                             team=self.team, owner=self.owner, meeting=self.meeting_model())
