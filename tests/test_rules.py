"""The needs-help rule of DESIGN.md, reason by reason and at its edges; bands; objective progress.

The cycle below starts on a Monday and lasts 100 days, so N weeks in, the elapsed share is
exactly 7N/100: at week 2026-W12 (10 weeks in) a committed key result should be at 70%,
an aspirational one at 0.7 x 70 = 49%.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store import CheckIn, Cycle, KeyResult, Objective, Store, Thresholds
from store.cycle_data import CycleData
from store.rules import (
    Band,
    Reason,
    confidence_band,
    elapsed_share,
    needs_help,
    objective_confidence,
    objective_progress,
)
from store.weeks import add_weeks

CYCLE = Cycle(name="c", start=dt.date(2026, 1, 5), end=dt.date(2026, 4, 14))  # 100 days
START, W12, LAST, AFTER = "2026-W02", "2026-W12", "2026-W16", "2026-W17"
AT = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
T = Thresholds()
T0 = Thresholds(pace_tolerance=0)  # the pace itself, without the 5 points of tolerance
KR = KeyResult(id="O1.1", objective="O1", title="kr")
COMMITTED = Objective(id="O1", title="o", owner="ana", kind="committed")
ASPIRATIONAL = Objective(id="O1", title="o", owner="ana", kind="aspirational")


def ci(week: str, progress: int, confidence: int | None = None, blocker: str = "",
       help_from: str = "") -> CheckIn:
    return CheckIn(kr=KR.id, week=week, progress=progress, confidence=confidence,
                   blocker=blocker, help_from=help_from, at=AT)


def run(*history: CheckIn, obj: Objective = COMMITTED, t: Thresholds = T, week: str | None = None) -> set[Reason]:
    return {r.reason for r in needs_help(KR, obj, list(history), CYCLE, week or history[-1].week, t)}


def weekly(week: str, *progress: int, confidence: int | None = 8) -> list[CheckIn]:
    """Check-ins on consecutive weeks ending at ``week``."""
    n = len(progress)
    return [ci(add_weeks(week, i - n + 1), p, confidence) for i, p in enumerate(progress)]


# -- elapsed share ---------------------------------------------------------------------

@pytest.mark.parametrize(("week", "share"), [
    ("2025-W50", 0.0), (START, 0.0), ("2026-W03", 0.07), (W12, 0.7), (LAST, 0.98), (AFTER, 1.0),
    ("2027-W10", 1.0),
])
def test_elapsed_share(week, share):
    assert elapsed_share(CYCLE, week) == pytest.approx(share)


def test_cycle_starting_midweek_counts_from_its_first_day():
    cycle = Cycle(name="q", start=dt.date(2026, 10, 1), end=dt.date(2026, 12, 31))  # a Thursday
    assert elapsed_share(cycle, "2026-W40") == 0.0  # the week holding the start
    assert elapsed_share(cycle, "2026-W41") == pytest.approx(4 / 92)


# -- 1. blocker --------------------------------------------------------------------------

def test_blocker_this_week_needs_help_and_names_who_could_help():
    (reason,) = needs_help(KR, COMMITTED, [ci(START, 0, 8, "waiting for legal", "Bo")], CYCLE, START, T)
    assert reason.reason == Reason.BLOCKED
    assert str(reason) == "blocked: waiting for legal - Bo could help"
    (reason,) = needs_help(KR, COMMITTED, [ci(START, 0, 8, "no budget")], CYCLE, START, T)
    assert reason.text == "blocked: no budget"


def test_last_weeks_blocker_is_not_this_weeks():
    assert run(ci("2026-W03", 10, 8, "legal"), ci("2026-W04", 20, 8)) == set()


def test_no_check_in_this_week_keeps_the_latest_flags():
    """Nothing is silently fine: a key result not checked in keeps its latest flags, and an
    open blocker grows older by the reference week."""
    history = [ci(START, 0, 2, "legal")]
    reasons = needs_help(KR, COMMITTED, history, CYCLE, "2026-W03", T)
    assert [r.text for r in reasons] == ["blocked (2nd week, since 2026-W02): legal", "confidence 2/10 (hard)",
                                         "behind pace: 0% done, 7% expected by now (committed)"]
    assert needs_help(KR, COMMITTED, [], CYCLE, START, T) == []


def test_check_ins_after_the_reference_week_do_not_count():
    history = [ci(START, 0, 8), ci("2026-W03", 0, 2, "legal")]
    assert needs_help(KR, COMMITTED, history, CYCLE, START, T) == []


# -- 2. low confidence -------------------------------------------------------------------

@pytest.mark.parametrize(("confidence", "flagged"), [(1, True), (4, True), (5, False), (10, False)])
def test_low_confidence_is_4_or_less(confidence, flagged):
    assert (Reason.LOW_CONFIDENCE in run(ci(START, 0, confidence))) == flagged


def test_low_confidence_says_the_band():
    (reason,) = needs_help(KR, COMMITTED, [ci(START, 0, 4)], CYCLE, START, T)
    assert reason.text == "confidence 4/10 (hard)"


def test_no_confidence_is_not_low():
    assert run(ci(START, 0, None)) == set()


# -- 3. confidence drop ------------------------------------------------------------------

@pytest.mark.parametrize(("before", "now", "flagged"), [
    (8, 6, True), (8, 7, False), (10, 5, True), (6, 8, False), (7, 7, False),
])
def test_confidence_drop_of_2_or_more(before, now, flagged):
    reasons = run(ci("2026-W03", 10, before), ci("2026-W04", 20, now))
    assert (Reason.CONFIDENCE_DROP in reasons) == flagged


def test_drop_is_measured_from_the_previous_check_in_even_weeks_ago():
    history = [ci("2026-W03", 10, 9), ci("2026-W06", 40, 7)]
    (reason,) = needs_help(KR, COMMITTED, history, CYCLE, "2026-W06", T)
    assert reason.text == "confidence fell 9 -> 7 since 2026-W03"


def test_drop_needs_both_confidences():
    assert Reason.CONFIDENCE_DROP not in run(ci("2026-W03", 10, None), ci("2026-W04", 20, 5))


def test_first_week_has_no_drop_and_no_stall():
    assert run(ci(START, 0, 5)) == set()


# -- 4. pace -----------------------------------------------------------------------------

@pytest.mark.parametrize(("obj", "progress", "behind"), [
    (COMMITTED, 69, True), (COMMITTED, 70, False),
    (ASPIRATIONAL, 48, True), (ASPIRATIONAL, 49, False),
])
def test_pace_committed_1_0_aspirational_0_7(obj, progress, behind):
    assert (Reason.BEHIND_PACE in run(ci(W12, progress, 8), obj=obj, t=T0)) == behind


@pytest.mark.parametrize(("obj", "progress", "behind"), [
    (COMMITTED, 64, True), (COMMITTED, 65, False), (COMMITTED, 69, False),
    (ASPIRATIONAL, 43, True), (ASPIRATIONAL, 44, False),
])
def test_behind_pace_has_a_tolerance_of_5_points(obj, progress, behind):
    """70% expected: 65% is on pace, 64% behind (aspirational: 49% expected, 44% on pace)."""
    assert (Reason.BEHIND_PACE in run(ci(W12, progress, 8), obj=obj)) == behind


def test_pace_tolerance_is_a_threshold():
    assert Reason.BEHIND_PACE not in run(ci(W12, 55, 8), t=Thresholds(pace_tolerance=15))
    assert Reason.BEHIND_PACE in run(ci(W12, 54, 8), t=Thresholds(pace_tolerance=15))


def test_behind_pace_text():
    (reason,) = needs_help(KR, ASPIRATIONAL, [ci(W12, 40, 8)], CYCLE, W12, T)
    assert reason.text == "behind pace: 40% done, 49% expected by now (aspirational)"


@pytest.mark.parametrize("obj", [COMMITTED, ASPIRATIONAL])
def test_cycle_start_is_never_behind(obj):
    assert run(ci(START, 0, 8), obj=obj) == set()
    assert run(ci("2025-W40", 0, 8), obj=obj) == set()  # a check-in before the cycle


@pytest.mark.parametrize(("obj", "done", "short"), [(COMMITTED, 100, 99), (ASPIRATIONAL, 70, 69)])
def test_cycle_end(obj, done, short):
    for week in (AFTER, "2026-W30"):
        assert Reason.BEHIND_PACE in run(ci(week, short, 8), obj=obj, t=T0)
        assert Reason.BEHIND_PACE not in run(ci(week, done, 8), obj=obj, t=T0)


def test_last_week_of_the_cycle_expects_98_percent():
    assert Reason.BEHIND_PACE in run(ci(LAST, 97, 8), t=T0)
    assert Reason.BEHIND_PACE not in run(ci(LAST, 98, 8), t=T0)


# -- 5. stalled --------------------------------------------------------------------------

@pytest.mark.parametrize(("progress", "stalled"), [
    ((30,), False),             # first week
    ((30, 30), False),          # not moved for 1 check-in
    ((30, 30, 30), True),       # not moved for 2 check-ins in a row
    ((30, 30, 30, 30), True),
    ((20, 30, 30), False),
    ((30, 30, 40), False),
    ((30, 40, 30), False),      # moved (even backwards)
    ((0, 0, 0), True),
])
def test_stalled_after_2_check_ins_without_movement(progress, stalled):
    assert (Reason.STALLED in run(*weekly("2026-W05", *progress))) == stalled


def test_stalled_names_the_real_streak():
    """Four check-ins at 30%: the real streak, since the first of them (not the rule's 2)."""
    history = weekly("2026-W08", 10, 30, 30, 30, 30)
    (reason,) = [r for r in needs_help(KR, COMMITTED, history, CYCLE, "2026-W08", T) if r.reason == Reason.STALLED]
    assert reason.text == "stalled: at 30% for 4 check-ins (since 2026-W05)"


def test_stalled_counts_check_ins_not_calendar_weeks():
    history = [ci("2026-W03", 10, 8), ci("2026-W06", 10, 8), ci("2026-W07", 10, 8)]
    (reason,) = [r for r in needs_help(KR, COMMITTED, history, CYCLE, "2026-W07", T) if r.reason == Reason.STALLED]
    assert reason.text == "stalled: at 10% for 3 check-ins (since 2026-W03)"


def test_done_is_never_behind_or_stalled():
    history = weekly(AFTER, 100, 100, 100, 100)
    assert run(*history) == set()
    assert run(*history, obj=ASPIRATIONAL) == set()


def test_done_can_still_be_blocked_or_unsure():
    history = weekly(W12, 100, 100, 100, confidence=9)[:-1] + [ci(W12, 100, 3, "legal")]
    assert run(*history) == {Reason.BLOCKED, Reason.LOW_CONFIDENCE, Reason.CONFIDENCE_DROP}


def test_every_reason_at_once():
    history = [ci("2026-W10", 20, 8), ci("2026-W11", 20, 7), ci(W12, 20, 3, "legal")]
    reasons = needs_help(KR, COMMITTED, history, CYCLE, W12, T)
    assert [r.reason for r in reasons] == [Reason.BLOCKED, Reason.LOW_CONFIDENCE, Reason.CONFIDENCE_DROP,
                                           Reason.BEHIND_PACE, Reason.STALLED]


@given(st.integers(0, 30), st.lists(st.integers(1, 10), min_size=1, max_size=12),
       st.integers(5, 10), st.sampled_from([COMMITTED, ASPIRATIONAL]))
def test_healthy_key_results_never_need_help(offset, steps, confidence, obj):
    """Ahead of pace, confident, unblocked, moving every week: no reason at all."""
    history, progress = [], offset
    for i, step in enumerate(steps):
        progress = min(100, max(progress + step, 10 * (i + 1)))  # the pace is 7% a week
        history.append(ci(add_weeks(START, i), progress, confidence))
    assert run(*history, obj=obj) == set()


# -- metric key results ----------------------------------------------------------------

def test_metric_lower_is_better(store: Store):
    cycle = store.cycle()
    with store.write(cycle) as tx:
        obj = tx.add_objective(title="Fast replies", owner="ana")
        kr = tx.add_key_result(obj.id, title="reply time", start=24, target=2, unit="h")
        tx.check_in(kr.id, "2026-W47", value=24, confidence=8)
        tx.check_in(kr.id, "2026-W48", value=13, confidence=8)  # 50%, 58% of Q4 gone by
        tx.check_in(kr.id, "2026-W49", value=2, confidence=8)   # target reached
    data = store.load(cycle)
    obj, kr = data.objective("O1"), data.key_result("O1.1")

    def reasons(week: str) -> set[Reason]:
        return {r.reason for r in needs_help(kr, obj, data.history(kr.id, upto=week), cycle, week, T)}

    assert reasons("2026-W48") == {Reason.BEHIND_PACE}
    assert reasons("2026-W49") == set()
    assert objective_progress(data, "O1", "2026-W48") == 50


# -- thresholds --------------------------------------------------------------------------

def test_thresholds_can_be_overridden():
    strict = Thresholds(low_confidence=6, confidence_drop=1, pace_committed=0.5,
                        pace_aspirational=0.2, stalled_checkins=1, pace_tolerance=0)
    lax = Thresholds(low_confidence=1, confidence_drop=5, pace_committed=0.1, pace_aspirational=0.1,
                     stalled_checkins=5)
    history = [ci("2026-W11", 30, 7), ci(W12, 30, 6)]
    assert run(*history, t=T) == {Reason.BEHIND_PACE}
    assert run(*history, t=strict) == {Reason.LOW_CONFIDENCE, Reason.CONFIDENCE_DROP, Reason.BEHIND_PACE,
                                       Reason.STALLED}
    assert run(*history, t=lax) == set()
    assert Reason.BEHIND_PACE not in run(ci(W12, 35, 8), t=strict)  # 0.7 x 0.5 = 35%
    assert Reason.BEHIND_PACE not in run(ci(W12, 14, 8), obj=ASPIRATIONAL, t=strict)  # 0.7 x 0.2


# -- bands -------------------------------------------------------------------------------

@pytest.mark.parametrize(("confidence", "band"), [
    (1, Band.HARD), (4, Band.HARD), (5, Band.BREAKTHROUGH), (6, Band.BREAKTHROUGH),
    (7, Band.LIKELY), (8, Band.LIKELY), (9, Band.CERTAIN), (10, Band.CERTAIN),
])
def test_confidence_bands(confidence, band):
    assert confidence_band(confidence) == band


def test_band_words():
    assert [str(b) for b in Band] == ["certain", "risky but likely", "needs a breakthrough", "hard"]


# -- objective progress and confidence ---------------------------------------------------

def _data(*checkins: CheckIn, krs: int = 3, archived: int = 0) -> CycleData:
    objective = Objective(id="O1", title="o", owner="ana", confidence=6)
    key_results = [KeyResult(id=f"O1.{i}", objective="O1", title="k", order=i, archived=i == archived)
                   for i in range(1, krs + 1)]
    return CycleData(CYCLE, [objective], key_results, list(checkins))


def _ci(kid: str, week: str, progress: int) -> CheckIn:
    return CheckIn(kr=kid, week=week, progress=progress, at=AT)


def test_objective_progress_is_the_mean_with_missing_check_ins_as_0():
    data = _data(_ci("O1.1", "2026-W03", 30), _ci("O1.2", "2026-W04", 60))
    assert objective_progress(data, "O1", "2026-W04") == 30  # (30 + 60 + 0) / 3
    assert objective_progress(data, "O1", "2026-W03") == 10  # O1.2 not checked in yet
    assert objective_progress(data, "O1", "2026-W02") == 0


def test_objective_progress_uses_the_latest_check_in_up_to_the_week():
    data = _data(_ci("O1.1", "2026-W03", 30), _ci("O1.1", "2026-W05", 90), krs=1)
    assert objective_progress(data, "O1", "2026-W04") == 30
    assert objective_progress(data, "O1", "2026-W09") == 90


def test_archived_key_results_do_not_count():
    data = _data(_ci("O1.1", "2026-W03", 80), _ci("O1.2", "2026-W03", 0), krs=2, archived=2)
    assert objective_progress(data, "O1", "2026-W03") == 80


def test_objective_without_key_results_has_no_progress():
    assert objective_progress(_data(krs=0), "O1", "2026-W03") is None


def test_objective_confidence_falls_back_to_its_field(store: Store):
    cycle = store.cycle()
    with store.write(cycle) as tx:
        tx.add_objective(title="o", owner="ana", confidence=6)
        tx.check_in_objective("O1", "2026-W47", confidence=8)
    data = store.load(cycle)
    assert objective_confidence(data, "O1", "2026-W46") == 6
    assert objective_confidence(data, "O1", "2026-W47") == 8
    assert objective_confidence(data, "O1", "2026-W49") == 8
