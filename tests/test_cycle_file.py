"""Reading a cycle file: one validation call for the whole file gives the same records as
one call per record, a bad file gets the record-by-record error, and what was read is
what a write puts back (orjson reads what it writes and refuses what JSON has not)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import orjson
import pytest

from store import Store, StoreError
from store.cycle_file import TABLES, _validated, _validated_record_by_record
from store.demo_data import seed_demo
from store.generate import generate


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return generate(tmp_path_factory.mktemp("gen") / "store", years=1, teams=2, today=dt.date(2026, 11, 25))


def test_one_call_and_record_by_record_agree(generated: Store, tmp_path: Path) -> None:
    demo = seed_demo(tmp_path / "demo", today=dt.date(2026, 11, 25))
    for store in (generated, demo):
        for cycle in store.cycles():
            path = store.cycle_path(cycle)
            data = orjson.loads(path.read_bytes())
            one, each = _validated(path, data), _validated_record_by_record(path, data)
            assert all(one[name] == each[name] for name in TABLES)
            assert one["checkins"] and one["key_results"]


def _seeded(store: Store) -> tuple[Path, str]:
    cycle = store.cycle()
    with store.write(cycle) as tx:
        kid = tx.add_key_result(tx.add_objective(title="Ship it", owner="ana").id, title="Release").id
        tx.check_in(kid, "2026-W48", progress=30)
    return store.cycle_path(cycle), kid


def test_a_write_puts_back_what_it_did_not_change(store: Store) -> None:
    path, kid = _seeded(store)
    data = json.loads(path.read_bytes())
    data["meta"]["1"]["note"] = "kept"
    data["attachments"] = {"1": {"big": 99999999999999999999, "x": 1.5}}  # a table okr does not know
    path.write_text(json.dumps(data))
    with Store.open(store.path).write(store.cycle()) as tx:
        tx.check_in(kid, "2026-W48", confidence=7)
    after = orjson.loads(path.read_bytes())
    assert after["meta"]["1"]["note"] == "kept" and after["attachments"]["1"]["x"] == 1.5
    assert after["checkins"]["1"]["confidence"] == 7


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["checkins"].update({"1": {**d["checkins"]["1"], "progress": 140}}),
     r"checkins #1 does not validate \(progress: Input should be less than or equal to 100\)"),
    (lambda d: d["checkins"].update({"١": d["checkins"].pop("1")}), r"checkins #١ is not a TinyDB document"),
    (lambda d: d.update({"meetings": []}), r"meetings should be a JSON object"),
    (lambda d: d["meta"]["1"].update({"schema_version": 99}), r"written by a newer okr-checkin"),
    (lambda d: d["checkins"].update({"7": d["checkins"]["1"]}), r"checkins holds O1\.1/2026-W48 twice"),
    (lambda d: d["objectives"].update({"3": d["objectives"]["1"]}), r"objectives holds O1 twice"),
])
def test_a_bad_file_gets_the_record_by_record_error(store: Store, change, message: str) -> None:  # type: ignore[no-untyped-def]
    path, _ = _seeded(store)
    data = json.loads(path.read_bytes())
    change(data)
    path.write_text(json.dumps(data))
    before = path.read_bytes()
    with pytest.raises(StoreError, match=message):
        Store.open(store.path).load(store.cycle())
    assert path.read_bytes() == before


@pytest.mark.parametrize("number", [b"NaN", b"Infinity", b"-Infinity", b"1e400"])
def test_numbers_json_has_not_are_refused_on_read_not_rewritten(store: Store, number: bytes) -> None:
    """Found in review: a parser that took them let a later write turn them into null."""
    path, _ = _seeded(store)
    raw = path.read_bytes().replace(b'"schema_version": 1', b'"schema_version": 1, "x": ' + number, 1)
    path.write_bytes(raw)
    with pytest.raises(StoreError, match="is not valid JSON"):
        Store.open(store.path).load(store.cycle())
    assert path.read_bytes() == raw


def test_records_read_share_their_fields_set_safely(generated: Store) -> None:
    """Check-ins a meeting keeps (load_since) share one set of set fields (memory); an
    assignment or a copy of one leaves the others' as they were. A one-shot read leaves them."""
    once = Store.open(generated.path).load(generated.cycle()).checkins
    assert once[0].model_fields_set is not once[1].model_fields_set
    store = Store.open(generated.path)  # its own cached state: this test changes a record
    data = store.load_since(store.cycle(), None)[1]
    assert data is not None
    checkins = data.checkins
    first, second = checkins[0], checkins[1]
    assert first.model_fields_set is second.model_fields_set
    before = set(first.model_fields_set)
    first.note = "changed here"
    copied = second.model_copy(update={"note": "copied"})
    assert second.model_fields_set == before == set(type(second).model_fields)
    assert copied.model_fields_set is not second.model_fields_set
