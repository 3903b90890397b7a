"""The state of one check-in meeting, apart from any widget: the one owner of it.

Holds the cycle snapshot taken at start, this week's answers as given so far (the
defaults are last week's values), the meeting record and the selection. The screens
post what the user asked for; the app calls one intent here per request, which returns
the :class:`Change` to save; views (tui/meeting/views.py) go back down to the widgets.
Nothing but an intent changes the state. :meth:`MeetingSession.write` runs on the
saver's thread.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Mapping
from dataclasses import fields, replace
from typing import Any

from store import CheckIn, Cycle, CycleData, KeyResult, Meeting, Objective, Store, add_weeks, current_user
from store.blockers import OpenBlocker, age_text, open_blockers, weeks_from
from store.models import MeetingKind
from store.rules import expected_progress, needs_help, objective_confidence
from store.summary import Summary, build_summary, in_scope
from store.trends import delta_between, kr_series
from tui.meeting.record import MeetingRecord, MeetingRecordIntents, _now
from tui.meeting.views import GIVEN, WITHDRAWN, Answer, Change, KRView, ObjectiveAnswer, ObjectiveView, SaveKey

PROGRESS_STEP = 10


def _answer_fields(changed: Collection[str]) -> set[str]:
    """The answer's fields that saving ``changed`` (check-in fields) decides: a metric's
    value decides its progress too."""
    kept = set(changed)
    if "value" in kept:
        kept.add("progress")
    return kept


class MeetingSession(MeetingRecordIntents):
    def __init__(self, store: Store, cycle: Cycle, week: str, *, team: str = "", owner: str = "",
                 facilitator: str = "", attendees: list[str] | None = None, timebox_minutes: int = 3,
                 kind: MeetingKind = MeetingKind.MEETING) -> None:
        self.store = store
        self.kind = kind  # a team meeting, or one owner's review (never "the latest meeting")
        self.cycle = cycle
        self.week = week
        self.team = team
        self.owner = owner
        self.thresholds = store.root.settings.thresholds
        # Which reading of the file ``data`` is (Store.load_since): a reread after this meeting's
        # own saves finds nothing new and is let go.
        self.generation, data = store.load_since(cycle, None)
        assert data is not None  # no generation is None
        self.data = data
        self.objectives: list[Objective] = self.data.active_objectives(team=team, owner=owner)
        self.record = MeetingRecord(facilitator, list(attendees or []), timebox_minutes, _now())
        self.author = facilitator or current_user()
        self.selected = 0  # index of the selected key result of the objective shown
        self._answers: dict[str, Answer] = {}
        self._objective_answers: dict[str, ObjectiveAnswer] = {}
        self._views: dict[str, KRView] = {}  # made anew only when their key result changed
        # per key result, the answers before each change made in this meeting (for undo)
        self._undo: dict[str, list[tuple[Answer, dict[str, Any]]]] = {}
        self._entered = time.monotonic()

    # -- another process wrote the cycle -----------------------------------------
    def refresh(self, data: CycleData, *, keep_krs: Mapping[str, Collection[str]] | None = None,
                keep_objectives: Mapping[str, Collection[str]] | None = None, generation: int | None = None) -> None:
        """Take a newer snapshot of the cycle: answers follow what the store now holds, but
        the fields in ``keep_*`` (per key result or objective: edited here and not yet
        saved, or since the snapshot was read) stay as they are: they are written after,
        so they win field by field. Answers change in place, so an open dialog still edits
        the one shown. Objectives keep their order and the meeting its position; new
        active ones go last. ``generation``: the data's (Store.load_since), if known."""
        self.data = data
        if generation is not None:
            self.generation = generation
        fresh = {o.id: o for o in data.active_objectives(team=self.team, owner=self.owner)}
        self.objectives = [data.objective(o.id) or o for o in self.objectives]
        known = {o.id for o in self.objectives}
        self.objectives += [o for oid, o in fresh.items() if oid not in known]
        for answers, keep, make in ((self._answers, keep_krs or {}, self._new_answer),
                                    (self._objective_answers, keep_objectives or {}, self._new_objective_answer)):
            for key, old in answers.items():
                new = make(key)
                kept = _answer_fields(keep.get(key, ()))
                if WITHDRAWN in kept:  # taken back here: the answer stands as shown until the store has it
                    continue
                for f in fields(new):
                    if f.name not in kept:
                        setattr(old, f.name, getattr(new, f.name))
                if isinstance(old, Answer) and key in keep:
                    old.confirmed = True  # being saved this week (a confirm changes no field, yet gives it)
        self._views.clear()
        self.selected = min(self.selected, max(0, len(self.key_results()) - 1))

    # -- where the meeting stands ---------------------------------------------------
    @property
    def position(self) -> int:
        return self.record.position

    @property
    def objective(self) -> Objective | None:
        """The objective shown, None past the last one (the summary is next)."""
        pos = self.record.position
        return self.objectives[pos] if pos < len(self.objectives) else None

    def key_results(self, oid: str | None = None) -> list[KeyResult]:
        """The key results of ``oid`` (default: the objective shown) this meeting goes through."""
        if oid is None:
            obj = self.objective
            if obj is None:
                return []
            oid = obj.id
        obj = self.data.objective(oid)
        review = self.kind == MeetingKind.REVIEW
        return [k for k in self.data.krs_of(oid) if in_scope(k.owner, obj.owner if obj else "", self.owner, review)]

    @property
    def selected_kr(self) -> KeyResult | None:
        krs = self.key_results()
        return krs[self.selected] if 0 <= self.selected < len(krs) else None

    @property
    def at_last_kr(self) -> bool:
        return self.selected >= len(self.key_results()) - 1

    def is_absent(self, kr: KeyResult) -> bool:
        return bool(kr.owner) and kr.owner in self.record.absent

    def unanswered(self) -> list[tuple[int, KeyResult]]:
        """The key results with no answer this week, with their objective's position; an
        absent owner's are not counted."""
        return [(pos, kr) for pos, obj in enumerate(self.objectives) for kr in self.key_results(obj.id)
                if not self.answer(kr.id).confirmed and not self.is_absent(kr)]

    def first_unanswered_here(self) -> int | None:
        """The index of the first key result of the objective shown with no answer yet (an
        absent owner's skipped)."""
        return next((i for i, kr in enumerate(self.key_results())
                     if not self.answer(kr.id).confirmed and not self.is_absent(kr)), None)

    def next_in_walk(self) -> int | None:
        """The index of the next key result after the selected one whose owner is here."""
        krs = self.key_results()
        return next((i for i in range(self.selected + 1, len(krs)) if not self.is_absent(krs[i])), None)

    def mark_absent(self, owner: str) -> Change:
        """``owner`` is absent for this meeting (again: present after all)."""
        if owner in self.record.absent:
            self.record.absent.remove(owner)
        else:
            self.record.absent.append(owner)
        self._views.clear()  # their cards say so
        return self._meeting_change()

    def select_at(self, index: int) -> None:
        self.selected = max(0, min(index, len(self.key_results()) - 1))

    def help_requests(self) -> list[OpenBlocker]:
        """Last week's open blockers on the key results this meeting goes through, oldest
        first, their age counted to this week."""
        krs = [k.id for o in self.objectives for k in self.key_results(o.id)]
        return [b._replace(age=weeks_from(b.raised, self.week))
                for b in open_blockers(self.data, add_weeks(self.week, -1), krs)]

    # -- key results: views ------------------------------------------------------------
    def answer(self, kid: str) -> Answer:
        """This week's answer as shown (made from the store on first look)."""
        if kid not in self._answers:
            self._answers[kid] = self._new_answer(kid)
        return self._answers[kid]

    def _new_answer(self, kid: str) -> Answer:
        now = self.data.checkin(kid, self.week)
        base = now or self.data.previous(kid, self.week)
        kr = self.data.key_result(kid)
        value = base.value if base else None
        if kr is not None and kr.is_metric and value is None:
            value = kr.start
        # The blocker is a ledger: open from an earlier week until cleared, so an unchanged
        # key result (Enter) keeps it, as CycleTx.check_in carries it.
        return Answer(progress=base.progress if base else 0, value=value,
                      confidence=base.confidence if base else None,
                      blocker=base.blocker if base else "", help_from=base.help_from if base else "",
                      next_step=base.next_step if base else "", confirmed=now is not None)

    def kr_view(self, kr: KeyResult) -> KRView:
        view = self._views.get(kr.id)
        if view is None:
            view = self._views[kr.id] = self._make_view(kr)
        return view

    def kr_views(self) -> list[KRView]:
        """The views of the key results shown; only changed ones are made anew."""
        return [self.kr_view(kr) for kr in self.key_results()]

    def _make_view(self, kr: KeyResult) -> KRView:
        answer = self.answer(kr.id)
        before = self.data.previous(kr.id, self.week)
        obj = self.data.objective(kr.objective)
        this = CheckIn(kr=kr.id, week=self.week, progress=answer.progress, value=answer.value,
                       confidence=answer.confidence, blocker=answer.blocker, help_from=answer.help_from,
                       at=_now())
        earlier = [c for c in self.data.history(kr.id, upto=self.week) if c.week < self.week]
        # An answer not given yet is not a check-in: the flags and the stalled streak are
        # those of the latest one, as `okr list` and the summary count them.
        history = [*earlier, this] if answer.confirmed else earlier
        helps = needs_help(kr, obj, history, self.cycle, self.week, self.thresholds) if obj and history else []
        series = [p.progress if p.week != self.week else answer.progress
                  for p in kr_series(self.data, kr.id, upto=self.week)]
        expected = expected_progress(self.cycle, self.week, obj.kind, self.thresholds) if obj else None
        return KRView(kr, before, answer, [r.shown for r in helps], delta_between(kr, self.week, this, before),
                      tuple(series), tuple(dict.fromkeys(str(r.reason) for r in helps)), expected,
                      self.thresholds.pace_tolerance, blocker_age=age_text([*earlier, this], self.week),
                      undoable=bool(self._undo.get(kr.id)), absent=self.is_absent(kr))

    # -- key results: intents ----------------------------------------------------------
    def _changed(self, kr: KeyResult, **changed: Any) -> Change:
        """Every change to a key result gives this week's check-in; its view is made anew."""
        self.answer(kr.id).confirmed = True
        self._views.pop(kr.id, None)
        return Change(("kr", kr.id), changed, kr=kr.id)

    def _remember(self, kr: KeyResult) -> None:
        """Keep the answer as it is before a change, for undo."""
        a = self.answer(kr.id)
        before = {"progress": a.progress, "value": a.value, "confidence": a.confidence,
                  "blocker": a.blocker, "help_from": a.help_from, "next_step": a.next_step}
        self._undo.setdefault(kr.id, []).append((replace(a), before))

    def undo(self, kr: KeyResult) -> Change | None:
        """Take back the last change to ``kr`` made in this meeting, step by step, back to how
        it came in; None when there is nothing left to take back. Saved like any answer; a
        key result that came in un-given is un-given again (this week's check-in withdrawn)."""
        steps = self._undo.get(kr.id)
        if not steps:
            return None
        answer, before = steps.pop()
        a = self.answer(kr.id)
        for f in fields(a):
            setattr(a, f.name, getattr(answer, f.name))
        self._views.pop(kr.id, None)
        if not answer.confirmed:
            return Change(("kr", kr.id), {WITHDRAWN: True}, kr=kr.id)
        amount = {"value": before["value"]} if kr.is_metric else {"progress": before["progress"]}
        changed = {**amount, "blocker": before["blocker"], "help_from": before["help_from"],
                   "next_step": before["next_step"]}
        if before["confidence"] is not None:
            changed["confidence"] = before["confidence"]
        return Change(("kr", kr.id), changed, kr=kr.id)

    def _amount(self, kr: KeyResult) -> dict[str, Any]:
        a = self.answer(kr.id)
        return {"value": a.value} if kr.is_metric else {"progress": a.progress}

    def step_progress(self, kr: KeyResult, steps: int) -> Change:
        """±10%: a percentage snaps to the 10% grid; a metric moves 10% of start→target."""
        self._remember(kr)
        a = self.answer(kr.id)
        if kr.is_metric:
            assert kr.start is not None and kr.target is not None
            span = kr.target - kr.start
            low, high = sorted((kr.start, kr.target))
            value = (a.value if a.value is not None else kr.start) + steps * span * PROGRESS_STEP / 100
            return self._set_value(kr, round(min(high, max(low, value)), 6))
        if steps > 0:
            progress = (a.progress // PROGRESS_STEP + steps) * PROGRESS_STEP
        else:
            progress = (-(-a.progress // PROGRESS_STEP) + steps) * PROGRESS_STEP
        a.progress = min(100, max(0, progress))
        return self._changed(kr, **self._amount(kr))

    def set_value(self, kr: KeyResult, value: float) -> Change:
        self._remember(kr)
        return self._set_value(kr, value)

    def _set_value(self, kr: KeyResult, value: float) -> Change:
        a = self.answer(kr.id)
        if kr.is_metric:
            a.value = value
            a.progress = kr.progress_of(value)
        else:
            a.progress = min(100, max(0, round(value)))
        return self._changed(kr, **self._amount(kr))

    def set_confidence(self, kr: KeyResult, confidence: int) -> Change:
        self._remember(kr)
        self.answer(kr.id).confidence = confidence
        return self._changed(kr, confidence=confidence)

    def set_blocker(self, kr: KeyResult, blocker: str, help_from: str) -> Change:
        """An empty blocker clears it (resolved this week); who could help goes with it."""
        self._remember(kr)
        a = self.answer(kr.id)
        if not blocker.strip():
            blocker = help_from = ""
        a.blocker, a.help_from = blocker, help_from
        return self._changed(kr, blocker=blocker, help_from=help_from)

    def set_next_step(self, kr: KeyResult, next_step: str) -> Change:
        """What happens before next week, and who ("" clears it: done)."""
        self._remember(kr)
        self.answer(kr.id).next_step = next_step
        return self._changed(kr, next_step=next_step)

    def confirm(self, kr: KeyResult) -> Change:
        """The answer as shown is this week's (an unchanged key result costs one key)."""
        self._remember(kr)
        return self._changed(kr, **{GIVEN: True})

    # -- objectives ---------------------------------------------------------------
    def objective_answer(self, oid: str) -> ObjectiveAnswer:
        if oid not in self._objective_answers:
            self._objective_answers[oid] = self._new_objective_answer(oid)
        return self._objective_answers[oid]

    def _new_objective_answer(self, oid: str) -> ObjectiveAnswer:
        now = self.data.objective_checkin(oid, self.week)
        return ObjectiveAnswer(confidence=objective_confidence(self.data, oid, self.week),
                               note=now.note if now else "", wins=now.wins if now else "")

    def set_objective_answer(self, oid: str, confidence: int | None, note: str) -> Change:
        oa = self.objective_answer(oid)
        oa.confidence = confidence if confidence is not None else oa.confidence
        oa.note = note
        return Change(("objective", oid), {"confidence": oa.confidence, "note": note})

    def set_wins(self, oid: str, wins: str) -> Change:
        self.objective_answer(oid).wins = wins
        return Change(("objective", oid), {"wins": wins})

    def objective_view(self) -> ObjectiveView:
        obj, total = self.objective, len(self.objectives)
        if obj is None:
            return ObjectiveView(None, total, total, timebox_minutes=self.record.timebox_minutes,
                                 meeting_seconds=self.meeting_seconds(), clocks=self.kind != MeetingKind.REVIEW)
        krs = self.data.krs_of(obj.id)
        parent = self.data.objective(obj.aligns_to) if obj.aligns_to else None
        prev = self.data.previous_objective_checkin(obj.id, self.week)
        before = prev.confidence if prev and prev.confidence is not None else obj.confidence
        oa = self.objective_answer(obj.id)
        return ObjectiveView(
            obj, self.position + 1, total, aligned=f"{parent.id} {parent.title}" if parent else "",
            confidence_before=before, confidence=oa.confidence, note=oa.note, wins=oa.wins,
            progress=sum(self.answer(k.id).progress for k in krs) / len(krs) if krs else None,
            expected=expected_progress(self.cycle, self.week, obj.kind, self.thresholds),
            spent=self.objective_seconds(obj.id), timebox_minutes=self.record.timebox_minutes,
            meeting_seconds=self.meeting_seconds(), clocks=self.kind != MeetingKind.REVIEW)

    # -- writing (saver thread) -----------------------------------------------------
    def write(self, key: SaveKey, fields: dict[str, Any]) -> None:
        """Write what changed. A check-in merges field by field with the one the store
        holds (under the cycle's lock): only the fields changed here are given."""
        kind = key[0]
        with self.store.write(self.cycle) as tx:
            if kind == "kr":
                given = dict(fields)
                withdrawn, confirmed = given.pop(WITHDRAWN, False), given.pop(GIVEN, False)
                if withdrawn:
                    tx.withdraw_check_in(key[1], self.week)
                if given or confirmed or not withdrawn:
                    tx.check_in(key[1], self.week, author=self.author, **given)
            elif kind == "objective":
                tx.check_in_objective(key[1], self.week, **fields)
            else:
                if self.record.id is None:
                    self.record.id = tx.new_meeting_id()
                tx.save_meeting(Meeting(id=self.record.id, cycle=self.cycle.name, week=self.week,
                                        team=self.team, owner=self.owner, kind=self.kind, **fields))

    def summary(self) -> Summary:
        """This week's summary from the store as it is now."""
        return build_summary(self.store.load(self.cycle), self.week, self.thresholds,
                             team=self.team, owner=self.owner, meeting=self.meeting_model(), kind=self.kind)
