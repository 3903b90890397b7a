"""The Store's per-cycle state cache: reused only while the file is unchanged."""

from __future__ import annotations

import datetime as dt
import tracemalloc
from pathlib import Path

import pytest

from store import InvalidInputError, Store, cycle_file
from store.generate import generate


def _seed(store: Store) -> str:
    with store.write(store.cycle()) as tx:
        o = tx.add_objective(title="Ship it", owner="ana")
        return tx.add_key_result(o.id, title="Release 1.0").id


def test_unchanged_file_is_not_parsed_again(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    kid = _seed(store)
    cycle = store.cycle()
    store.load(cycle)
    built = []
    real = cycle_file.CycleState.__init__
    monkeypatch.setattr(cycle_file.CycleState, "__init__", lambda self, *a: (built.append(a), real(self, *a))[1])
    with store.write(cycle) as tx:
        tx.check_in(kid, "2026-W48", progress=40)
    assert store.load(cycle).checkin(kid, "2026-W48").progress == 40
    assert built == []


def test_another_writer_is_seen_at_once(store: Store) -> None:
    kid = _seed(store)
    cycle = store.cycle()
    store.load(cycle)
    other = Store.open(store.path)
    with other.write(cycle) as tx:
        tx.check_in(kid, "2026-W48", progress=70)
    assert store.load(cycle).checkin(kid, "2026-W48").progress == 70
    with store.write(cycle) as tx:  # and a write on top keeps the other's answer
        tx.check_in(kid, "2026-W48", confidence=6)
    got = other.load(cycle).checkin(kid, "2026-W48")
    assert (got.progress, got.confidence) == (70, 6)


def test_load_since_gives_nothing_while_the_file_holds_only_our_own_writes(store: Store) -> None:
    kid = _seed(store)
    cycle = store.cycle()
    generation, data = store.load_since(cycle, None)
    assert data is not None and data.key_result(kid) is not None
    with store.write(cycle) as tx:
        tx.check_in(kid, "2026-W48", progress=40)
    assert store.load_since(cycle, generation) == (generation, None)
    with Store.open(store.path).write(cycle) as tx:  # another writer
        tx.check_in(kid, "2026-W48", progress=50)
    with store.write(cycle) as tx:  # our write reads theirs first, and keeps it
        tx.check_in(kid, "2026-W49", progress=60)
    newer, data = store.load_since(cycle, generation)
    assert newer != generation and data is not None
    assert [c.progress for c in data.history(kid)] == [50, 60]
    assert store.load_since(cycle, newer) == (newer, None)


def test_failed_transaction_leaves_no_trace_in_memory(store: Store) -> None:
    kid = _seed(store)
    cycle = store.cycle()
    with pytest.raises(InvalidInputError):
        with store.write(cycle) as tx:
            tx.check_in(kid, "2026-W48", progress=30)
            tx.check_in(kid, "2026-W48", progress=300)
    assert store.load(cycle).checkin(kid, "2026-W48") is None
    with store.write(cycle) as tx:
        tx.check_in(kid, "2026-W49", confidence=5)
    assert store.load(cycle).checkin(kid, "2026-W48") is None


def test_an_answer_left_out_comes_from_the_latest_earlier_week_in_any_order(store: Store) -> None:
    """check_in's base comes from the state's per-key-result week index, kept up to date
    by each upsert, in this transaction and across cached ones."""
    kid = _seed(store)
    cycle = store.cycle()
    with store.write(cycle) as tx:
        tx.check_in(kid, "2026-W45", progress=10, confidence=3)
        tx.check_in(kid, "2026-W47", progress=30, confidence=6)
        assert tx.check_in(kid, "2026-W46").confidence == 3  # W45, not W47
    with store.write(cycle) as tx:  # the cached state's index knows W46 now
        w48 = tx.check_in(kid, "2026-W48")
        w49 = tx.check_in(kid, "2026-W49", progress=90)
        w50 = tx.check_in(kid, "2026-W50")
    assert (w48.progress, w48.confidence) == (30, 6)
    assert (w49.confidence, w50.progress) == (6, 90)
    fresh = Store.open(store.path)  # and one built from the file
    with fresh.write(cycle) as tx:
        assert tx.check_in(kid, "2026-W51").progress == 90


def test_a_save_holds_about_one_copy_of_the_cycle_at_its_peak(tmp_path: Path) -> None:
    """Issue 17: the old bytes were still held while the new ones were made, and copied once more
    for the final newline (2.3x a 200 KB file in traced memory beyond what it held; malloc kept
    most of it in the meeting); 1.3x now."""
    today = dt.date(2026, 11, 20)
    store = generate(tmp_path / "gen", years=0, teams=4, today=today)
    cycle = store.cycle(today=today)
    kid = store.load(cycle).active_objectives()[0].id + ".1"
    size = store.cycle_path(cycle).stat().st_size
    for confidence in (5, 6):  # the first save imports what a write needs
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        with store.write(cycle) as tx:
            tx.check_in(kid, "2026-W47", confidence=confidence)
        peak = tracemalloc.get_traced_memory()[1] - before
        tracemalloc.stop()
    assert size > 100_000
    assert peak < 1.75 * size, f"a save's peak: {peak / size:.2f}x the file"
