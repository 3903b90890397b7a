"""The cycle file is TinyDB's JSON layout, written by our own code (store/cycle_file.py):
TinyDB (pinned >=4.8,<5) opens what we write and sees the same documents under the same
doc ids, numbers a new document as our rule does (largest id + 1), and what TinyDB writes
we read. Should a TinyDB release change its layout or its doc-id rule, these fail."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import orjson
import pytest
from tinydb import TinyDB
from tinydb.storages import JSONStorage

from store import Store
from store.cycle_file import TABLES, CycleState
from store.models import CheckIn, Meeting

WEEK = "2026-W48"


@pytest.fixture
def seeded(store: Store) -> Path:
    """A cycle file written by okr: every table, and meta."""
    cycle = store.cycle()
    with store.write(cycle) as tx:
        o1 = tx.add_objective(title="Ship it", owner="ana")
        o2 = tx.add_objective(title="Keep it up", owner="ben")
        for oid in (o1.id, o2.id):
            for title in ("Release", "Adoption"):
                kid = tx.add_key_result(oid, title=title).id
                tx.check_in(kid, WEEK, progress=30, note="on track")
            tx.check_in_objective(oid, WEEK, confidence=7)
        tx.save_meeting(Meeting(id=tx.new_meeting_id(), cycle=cycle.name, week=WEEK,
                                started=dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)))
    with store.write(cycle) as tx:  # an update keeps its doc id
        tx.check_in("O1.1", WEEK, progress=40)
    return store.cycle_path(cycle)


def _tables(path: Path) -> dict[str, dict[int, dict]]:
    """The file as TinyDB sees it: each table's documents by doc id."""
    with TinyDB(path, storage=JSONStorage, access_mode="r") as db:
        return {name: {d.doc_id: dict(d) for d in db.table(name).all()} for name in ("meta", *TABLES)}


def _ours(path: Path) -> dict[str, dict[int, dict]]:
    data = orjson.loads(path.read_bytes())
    return {name: {int(k): v for k, v in data.get(name, {}).items()} for name in ("meta", *TABLES)}


def test_tinydb_reads_our_file_as_we_wrote_it(seeded: Path) -> None:
    theirs = _tables(seeded)
    assert theirs == _ours(seeded)
    assert all(theirs[name] for name in TABLES) and theirs["meta"][1]["schema_version"]
    assert theirs["checkins"][1]["kr"] == "O1.1" and theirs["checkins"][1]["progress"] == 40


def _new_checkin() -> CheckIn:
    return CheckIn(kr="O2.2", week="2026-W49", progress=50, at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC))


def _doc_id_ours(path: Path) -> int:
    state = CycleState(path, path.read_bytes())
    record = _new_checkin()
    state.upsert("checkins", record)
    return state.doc_ids["checkins"][(record.kr, record.week)]


def _doc_id_tinydb(path: Path, tmp_path: Path) -> int:
    copy = tmp_path / "tinydb.json"
    shutil.copy(path, copy)
    with TinyDB(copy, storage=JSONStorage) as db:
        return db.table("checkins").insert(_new_checkin().model_dump(mode="json"))


@pytest.mark.parametrize("ids", [None, [1, 2, 7, 3], [12], []], ids=["as-written", "gap", "one", "empty"])
def test_a_new_document_gets_the_doc_id_tinydb_gives_it(seeded: Path, tmp_path: Path,
                                                       ids: list[int] | None) -> None:
    if ids is not None:  # renumber the check-ins (or drop them): TinyDB's rule is the largest id + 1
        data = orjson.loads(seeded.read_bytes())
        docs = list(data["checkins"].values())[: len(ids)]
        data["checkins"] = {str(i): d for i, d in zip(ids, docs)}
        seeded.write_bytes(orjson.dumps(data))
    expected = max(ids or [0]) + 1 if ids is not None else 5
    assert _doc_id_ours(seeded) == _doc_id_tinydb(seeded, tmp_path) == expected


def test_a_table_the_file_has_not_yet_starts_at_one(store: Store, tmp_path: Path) -> None:
    cycle = store.cycle()
    with store.write(cycle) as tx:
        tx.add_objective(title="Ship it", owner="ana")
    path = store.cycle_path(cycle)
    assert "checkins" not in orjson.loads(path.read_bytes())
    assert _doc_id_ours(path) == _doc_id_tinydb(path, tmp_path) == 1


def test_we_read_what_tinydb_writes(seeded: Path, store: Store) -> None:
    with TinyDB(seeded, storage=JSONStorage) as db:  # TinyDB's own writer: compact json.dumps
        db.table("checkins").insert(_new_checkin().model_dump(mode="json"))
    data = Store.open(store.path).load(store.cycle())
    ci = data.checkin("O2.2", "2026-W49")
    assert ci is not None and ci.progress == 50
    with Store.open(store.path).write(store.cycle()) as tx:
        tx.check_in("O2.2", "2026-W49", progress=60)
        tx.check_in("O1.2", "2026-W49", progress=10)
    theirs = _tables(seeded)["checkins"]
    assert theirs[5]["progress"] == 60 and theirs[6]["kr"] == "O1.2"
