"""Grading: scores, the guide's bands at their edges, and the conversations flagged."""

from __future__ import annotations

import datetime as dt

import pytest

from store import Store, Thresholds
from store.grading import FlagKind, GradeBand, grade_band, grade_cycle

AFTER_END = dt.date(2027, 1, 5)


@pytest.mark.parametrize(("score", "band"), [
    (1.0, GradeBand.STRONG), (0.71, GradeBand.STRONG),
    (0.7, GradeBand.GOOD), (0.65, GradeBand.GOOD), (0.6, GradeBand.GOOD),
    (0.59, GradeBand.FAIR), (0.41, GradeBand.FAIR),
    (0.4, GradeBand.BAD), (0.0, GradeBand.BAD),
    (0.1 + 0.2 + 0.3, GradeBand.GOOD),  # 0.6000000000000001: rounded before banding
    (0.7000000000000001, GradeBand.GOOD),
])
def test_bands_at_their_edges(score: float, band: GradeBand) -> None:
    assert grade_band(score) == band


def grade(store: Store, today: dt.date = AFTER_END):
    return grade_cycle(store.load(store.cycle()), Thresholds(), today=today)


def test_scores_are_progress_and_the_objective_the_mean(store: Store) -> None:
    with store.write(store.cycle()) as tx:
        obj = tx.add_objective(title="Service", owner="Ana", kind="aspirational")
        a = tx.add_key_result(obj.id, title="A")
        b = tx.add_key_result(obj.id, title="Reply time", start=24, target=2, unit="h")
        tx.add_key_result(obj.id, title="Never checked in")
        tx.check_in(a.id, "2026-W47", progress=100)
        tx.check_in(a.id, "2026-W52", progress=90)  # the last check-in counts
        tx.check_in(b.id, "2026-W50", value=13)  # half way: progress 50
    graded = grade(store)
    (o,) = graded.objectives
    assert [(k.id, k.score, k.band) for k in o.key_results] == [
        ("O1.1", 0.9, GradeBand.STRONG), ("O1.2", 0.5, GradeBand.FAIR), ("O1.3", 0.0, GradeBand.BAD)]
    assert o.key_results[1].value == 13 and o.key_results[2].progress is None
    assert o.score == 0.47 and o.band == GradeBand.FAIR
    assert graded.final and o.flags == []


def test_committed_below_one_is_flagged_and_at_one_is_not(store: Store) -> None:
    with store.write(store.cycle()) as tx:
        short = tx.add_objective(title="Short", owner="Ana")
        done = tx.add_objective(title="Done", owner="Ana")
        tx.check_in(tx.add_key_result(short.id, title="x").id, "2026-W50", progress=90)
        tx.check_in(tx.add_key_result(done.id, title="y").id, "2026-W50", progress=100)
    short_g, done_g = grade(store).objectives
    assert [f.kind for f in short_g.flags] == [FlagKind.COMMITTED_MISSED]
    assert "0.90, below 1.0" in short_g.flags[0].text
    assert done_g.flags == [] and done_g.band == GradeBand.STRONG


def test_aspirational_at_one_is_too_easy(store: Store) -> None:
    with store.write(store.cycle()) as tx:
        obj = tx.add_objective(title="Stretch", owner="Ana", kind="aspirational")
        tx.check_in(tx.add_key_result(obj.id, title="x").id, "2026-W50", progress=100)
    (o,) = grade(store).objectives
    assert [f.kind for f in o.flags] == [FlagKind.ASPIRATIONAL_MET] and "too easy?" in o.flags[0].text


def checkins(store: Store, rows: list[tuple[str, int, int]]) -> None:
    with store.write(store.cycle()) as tx:
        obj = tx.add_objective(title="O", owner="Ana", kind="aspirational")
        kr = tx.add_key_result(obj.id, title="k")
        for week, progress, confidence in rows:
            tx.check_in(kr.id, week, progress=progress, confidence=confidence)


def kr_flags(store: Store) -> list[FlagKind]:
    return [f.kind for f in grade(store).objectives[0].key_results[0].flags]


def test_high_confidence_while_stalled_is_flagged(store: Store) -> None:
    checkins(store, [("2026-W44", 20, 6), ("2026-W45", 40, 8), ("2026-W46", 40, 7), ("2026-W47", 40, 9),
                     ("2026-W48", 70, 8)])
    assert kr_flags(store) == [FlagKind.CONFIDENT_BUT_STALLED]
    text = grade(store).objectives[0].key_results[0].flags[0].text
    assert "stalled at 40% from 2026-W45 to 2026-W47" in text and "7/10" in text


def test_stall_one_checkin_short_is_not_flagged(store: Store) -> None:
    checkins(store, [("2026-W45", 40, 8), ("2026-W46", 40, 8), ("2026-W47", 50, 8)])
    assert kr_flags(store) == []


def test_stall_with_confidence_dipping_below_7_is_not_flagged(store: Store) -> None:
    checkins(store, [("2026-W45", 40, 8), ("2026-W46", 40, 6), ("2026-W47", 40, 8)])
    assert kr_flags(store) == []


def test_stall_at_100_is_not_flagged(store: Store) -> None:
    checkins(store, [("2026-W45", 100, 9), ("2026-W46", 100, 9), ("2026-W47", 100, 9)])
    assert kr_flags(store) == []


def test_flags_in_order_and_provisional_before_the_end(store: Store) -> None:
    checkins(store, [("2026-W45", 40, 8), ("2026-W46", 40, 8), ("2026-W47", 40, 8)])
    graded = grade(store, today=dt.date(2026, 11, 25))
    assert not graded.final
    assert [(i, f.kind) for i, f in graded.flags] == [("O1.1", FlagKind.CONFIDENT_BUT_STALLED)]
    d = graded.to_dict()
    assert d["end"] == "2026-12-31" and d["objectives"][0]["kind"] == "aspirational"
    assert d["objectives"][0]["key_results"][0]["flags"][0]["kind"] == "confident_while_stalled"


def test_objective_without_key_results_has_no_score(store: Store) -> None:
    with store.write(store.cycle()) as tx:
        tx.add_objective(title="Empty", owner="Ana")
    (o,) = grade(store).objectives
    assert o.score is None and o.band is None and o.flags == []
