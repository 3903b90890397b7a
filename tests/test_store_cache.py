"""The Store's per-cycle state cache: reused only while the file is unchanged."""

from __future__ import annotations

import pytest

from store import InvalidInputError, Store
from store import cycle_file


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
