"""Reading a cycle file: one pass in pydantic's core, the same records as the record-by-record
read, the precise error of the slow read for a bad file, and no TinyDB buffer until a write."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from store import Store, StoreError
from store.cycle_file import TABLES, CycleState, _read_record_by_record
from store.demo_data import seed_demo
from store.generate import generate


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return generate(tmp_path_factory.mktemp("gen") / "store", years=1, teams=2, today=dt.date(2026, 11, 25))


def test_one_pass_and_record_by_record_reads_agree(generated: Store, tmp_path: Path) -> None:
    demo = seed_demo(tmp_path / "demo", today=dt.date(2026, 11, 25))
    for store in (generated, demo):
        for cycle in store.cycles():
            path = store.cycle_path(cycle)
            raw = path.read_bytes()
            fast = CycleState(path, raw).records
            slow = _read_record_by_record(path, raw)
            for name in TABLES:
                assert sorted(fast[name].values(), key=repr) == sorted(slow[name].values(), key=repr)
                assert len(fast[name]) == len(slow[name])


def test_a_read_builds_no_write_buffer_and_a_write_builds_it_once(store: Store) -> None:
    cycle = store.cycle()
    with store.write(cycle) as tx:
        kid = tx.add_key_result(tx.add_objective(title="Ship it", owner="ana").id, title="Release").id
    reader = Store.open(store.path)
    reader.load(cycle)
    state = reader._states[reader.cycle_path(cycle)]
    assert state._storage is None and not state.dirty  # list/summary never parse twice
    with reader.write(cycle) as tx:
        tx.check_in(kid, "2026-W48", progress=30)
    assert state._storage is not None
    on_disk = json.loads(reader.cycle_path(cycle).read_bytes())
    assert on_disk == state.storage.data and on_disk["checkins"]["1"]["progress"] == 30
    assert Store.open(store.path).load(cycle).checkin(kid, "2026-W48").progress == 30


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["checkins"].update({"1": {**d["checkins"]["1"], "progress": 140}}),
     r"checkins #1 does not validate \(progress: Input should be less than or equal to 100\)"),
    (lambda d: d["checkins"].update({"١": d["checkins"].pop("1")}), r"checkins #١ is not a TinyDB document"),
    (lambda d: d.update({"meetings": []}), r"meetings should be a JSON object"),
    (lambda d: d["meta"]["1"].update({"schema_version": 99}), r"written by a newer okr-checkin"),
])
def test_a_bad_file_gets_the_record_by_record_error(store: Store, change, message: str) -> None:  # type: ignore[no-untyped-def]
    cycle = store.cycle()
    with store.write(cycle) as tx:
        kid = tx.add_key_result(tx.add_objective(title="Ship it", owner="ana").id, title="Release").id
        tx.check_in(kid, "2026-W48", progress=30)
    path = store.cycle_path(cycle)
    data = json.loads(path.read_bytes())
    change(data)
    path.write_text(json.dumps(data))
    before = path.read_bytes()
    with pytest.raises(StoreError, match=message):
        Store.open(store.path).load(cycle)
    assert path.read_bytes() == before
