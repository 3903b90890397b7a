"""A cycle file read and validated: the records by key, and TinyDB's buffer for writing.

A cycle file is TinyDB's layout: a ``meta`` table and one table per kind of record, each
a JSON object of documents keyed by integer doc ids. TinyDB works on a dict in memory
(``MemoryStorage``); ``Store.write`` commits that dict once, atomically.

The file is parsed with orjson, the parser of the writer (``dump_json``): what it reads,
it can write back, and it refuses what JSON does not have (NaN, Infinity, numbers out of
range). The records are validated in one call for the whole file (``CycleFile``), whose
strings they share with the buffer; a file that does not validate is checked again record
by record, for an error that names the table and document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from .cycle_data import CycleData
from .errors import CorruptFileError, SchemaTooNewError
from .files import parse_json
from .models import SCHEMA_VERSION, TRUSTED, CheckIn, Cycle, KeyResult, Meeting, Objective, ObjectiveCheckIn
from .validation import one_line

TABLES: dict[str, type[BaseModel]] = {
    "objectives": Objective,
    "key_results": KeyResult,
    "checkins": CheckIn,
    "objective_checkins": ObjectiveCheckIn,
    "meetings": Meeting,
}


class CycleFile(BaseModel):
    """The whole file, validated in one call (doc ids are checked before, by _check_tables).
    Tables it does not know are left alone."""

    model_config = ConfigDict(extra="ignore")
    meta: dict[str, dict[str, Any]] = {}
    objectives: dict[str, Objective] = {}
    key_results: dict[str, KeyResult] = {}
    checkins: dict[str, CheckIn] = {}
    objective_checkins: dict[str, ObjectiveCheckIn] = {}
    meetings: dict[str, Meeting] = {}


def record_key(table: str, r: Any) -> tuple:
    """What makes a record unique in its table."""
    if table == "checkins":
        return (r.kr, r.week)
    if table == "objective_checkins":
        return (r.objective, r.week)
    return (r.id,)


class _IntKeys(MutableMapping[int, Any]):
    """A raw table (string doc ids, as JSON has them) seen with TinyDB's int doc ids."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw

    def __getitem__(self, doc_id: int) -> Any:
        return self.raw[str(doc_id)]

    def __setitem__(self, doc_id: int, doc: Any) -> None:
        self.raw[str(doc_id)] = doc

    def __delitem__(self, doc_id: int) -> None:
        del self.raw[str(doc_id)]

    def __iter__(self) -> Iterator[int]:
        return (int(k) for k in self.raw)

    def __len__(self) -> int:
        return len(self.raw)


class InPlaceTable(Table):
    """TinyDB's Table, changing the stored table in place.

    Stock ``_update_table`` copies the whole table twice (to int keys and back) for
    every change: O(cycle) per answer, the largest cost of a save after the disk.
    """

    def _update_table(self, updater: Callable[[dict[int, Any]], None]) -> None:
        tables = self._storage.read()
        updater(_IntKeys(tables.setdefault(self.name, {})))  # type: ignore[arg-type]
        self._storage.write(tables)
        self.clear_cache()


class CycleDB(TinyDB):
    table_class = InPlaceTable


class MemoryStorage(Storage):
    """TinyDB storage over a dict; marks itself dirty on write."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.dirty = False

    def read(self) -> dict[str, Any]:
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        self.data = data
        self.dirty = True


class CycleState:
    """A cycle file's content, validated: TinyDB's buffer, the records by key, and each
    record's TinyDB doc id (so an upsert is a direct update, not a table scan).

    ``raw`` is the exact bytes it was read from (or last written as; None: no file yet): ``Store`` reuses
    the state while the file on disk still holds those bytes.
    """

    def __init__(self, path: Path, raw: bytes | None) -> None:
        if raw is not None:
            data = parse_json(path, raw)
        else:  # a cycle without a file yet
            data = {"meta": {"1": {"schema_version": SCHEMA_VERSION}}}
        _check_tables(path, data)
        _check_version(path, data)
        self.raw = raw
        self.storage = MemoryStorage(data)
        self._weeks: dict[str, set[str]] | None = None
        self.records: dict[str, dict[tuple, Any]] = {}
        self.doc_ids: dict[str, dict[tuple, int]] = {}
        for name, table in _validated(path, data).items():
            rows: dict[tuple, Any] = {}
            ids: dict[tuple, int] = {}
            for doc_id, record in table.items():
                key = record_key(name, record)
                if key in rows:
                    raise CorruptFileError(f"{path}: {name} holds {'/'.join(key)} twice; left untouched")
                rows[key] = record
                ids[key] = int(doc_id)
            self.records[name] = rows
            self.doc_ids[name] = ids

    def checkin_weeks(self, kid: str) -> set[str]:
        """The weeks ``kid`` has a check-in for: an index kept with the records (a save
        would otherwise scan every check-in of the cycle for the one before)."""
        if self._weeks is None:
            self._weeks = {}
            for k, w in self.records["checkins"]:
                self._weeks.setdefault(k, set()).add(w)
        return self._weeks.setdefault(kid, set())

    def snapshot(self, cycle: Cycle) -> CycleData:
        r = {name: list(rows.values()) for name, rows in self.records.items()}
        return CycleData(cycle, r["objectives"], r["key_results"], r["checkins"],
                         r["objective_checkins"], r["meetings"])


def _validated(path: Path, data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The records of each table by doc id: one validation call for the whole file (a
    little faster than a call per record); if that fails, record by record."""
    try:
        file = CycleFile.model_validate(data, context=TRUSTED)
    except ValidationError:
        return _validated_record_by_record(path, data)
    return {name: getattr(file, name) for name in TABLES}


def _validated_record_by_record(path: Path, data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """For a file the one call refused: raises the error that names the table and document."""
    tables: dict[str, dict[str, Any]] = {}
    for name, model in TABLES.items():
        tables[name] = {}
        for doc_id, doc in data.get(name, {}).items():
            try:
                tables[name][doc_id] = model.model_validate(doc, context=TRUSTED)
            except ValidationError as e:
                raise CorruptFileError(
                    f"{path}: {name} #{doc_id} does not validate ({one_line(e)}); left untouched"
                ) from None
    return tables


def _check_version(path: Path, data: dict[str, Any]) -> None:
    version = data["meta"].get("1", {}).get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        raise SchemaTooNewError(
            f"{path} was written by a newer okr-checkin (schema {version}; this one reads up to "
            f"{SCHEMA_VERSION}); upgrade okr-checkin to open it"
        )
    if version != SCHEMA_VERSION:
        raise CorruptFileError(f"{path} has schema_version {version!r}, expected {SCHEMA_VERSION}; left untouched")


def _check_tables(path: Path, data: dict[str, Any]) -> None:
    """TinyDB's shape: each table an object of objects keyed by integer doc ids.

    Anything else would crash TinyDB (``int(doc_id)``) mid-transaction; say so up front.
    """
    for name in ("meta", *TABLES):
        table = data.setdefault(name, {}) if name == "meta" else data.get(name, {})
        if not isinstance(table, dict):
            raise CorruptFileError(f"{path}: {name} should be a JSON object; left untouched")
        for doc_id, doc in table.items():
            if not (doc_id.isascii() and doc_id.isdigit()) or not isinstance(doc, dict):
                raise CorruptFileError(f"{path}: {name} #{doc_id} is not a TinyDB document; left untouched")
