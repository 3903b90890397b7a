"""A cycle file read and validated: the records by key, and the file's dict for writing.

A cycle file keeps TinyDB's JSON layout, ``{"<table>": {"<doc id>": {...}}}``: a ``meta``
table and one table per kind of record, documents keyed by integer doc ids. We own that
layout: ``CycleState.upsert`` writes a document into the dict directly, a new one under
TinyDB's doc-id rule (the table's largest id + 1), and ``Store.write`` commits the dict
once, atomically. TinyDB itself is not used; tests/test_tinydb_layout.py checks that
TinyDB (pinned ``>=4.8,<5``) still opens our files and numbers documents as we do.

The file is parsed with orjson, the parser of the writer (``dump_json``): what it reads,
it can write back, and it refuses what JSON does not have (NaN, Infinity, numbers out of
range). The records are validated in one call for the whole file (``CycleFile``), whose
strings they share with the buffer; a file that does not validate is checked again record
by record, for an error that names the table and document.
"""

from __future__ import annotations

import hashlib
import itertools
from collections import Counter
from collections.abc import Iterable, Iterator
from operator import attrgetter
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .cycle_data import CycleData
from .errors import CorruptFileError, SchemaTooNewError
from .files import parse_json
from .i18n import _
from .models import SCHEMA_VERSION, TRUSTED, CheckIn, Cycle, CycleFile, KeyResult, Meeting, Objective, ObjectiveCheckIn
from .trusted import trusted_fields_validator
from .validation import one_line

_GENERATIONS = itertools.count(1)

TABLES: dict[str, type[BaseModel]] = {
    "objectives": Objective,
    "key_results": KeyResult,
    "checkins": CheckIn,
    "objective_checkins": ObjectiveCheckIn,
    "meetings": Meeting,
}


# What makes a record unique in its table: these fields, as a tuple.
KEY_FIELDS: dict[str, tuple[str, ...]] = {
    "objectives": ("id",), "key_results": ("id",), "checkins": ("kr", "week"),
    "objective_checkins": ("objective", "week"), "meetings": ("id",),
}
_GETTERS = {table: attrgetter(*fields) for table, fields in KEY_FIELDS.items()}


def _keys(table: str, records: Iterable[Any]) -> Iterator[tuple]:
    """``record_key`` of each record, in C (a file's 3,700 records: ~3 ms as a Python loop)."""
    keys = map(_GETTERS[table], records)
    return keys if len(KEY_FIELDS[table]) > 1 else zip(keys)


def record_key(table: str, r: Any) -> tuple:
    """What makes a record unique in its table."""
    return next(_keys(table, (r,)))


class CycleState:
    """A cycle file's content, validated: the file's dict (``data``), the records by key,
    and each record's doc id (so an upsert is a direct update, not a table scan).

    ``raw`` is the exact bytes it was read from (or last written as; None: no file yet, or only
    their digest is kept: ``settle``): ``Store`` reuses the state while the file on disk
    still holds those bytes (``holds``). ``dirty``: ``data`` changed since.
    ``generation`` is new for each state built from the file, and kept across this process's
    own writes: a reader holding a snapshot of one generation has seen all of it but its own.
    """

    def __init__(self, path: Path, raw: bytes | None, previous: CycleState | None = None) -> None:
        """``previous``: the state of an earlier reading of the same file, whose records are
        kept for the documents that are unchanged in this one (only the others are validated)."""
        if raw is not None:
            data = parse_json(path, raw)
        else:  # a cycle without a file yet
            data = {"meta": {"1": {"schema_version": SCHEMA_VERSION}}}
        _check_tables(path, data)
        _check_version(path, data)
        self.raw = raw
        self._digest: bytes | None = None
        self._settled = False
        self.data = data
        self.generation = next(_GENERATIONS)
        self.dirty = False
        self._weeks: dict[str, set[str]] | None = None
        self._next_ids: dict[str, int] = {}
        self.records: dict[str, dict[tuple, Any]] = {}
        self.doc_ids: dict[str, dict[tuple, int]] = {}
        if previous is None:
            kept: dict[str, dict[str, BaseModel] | None] = dict.fromkeys(TABLES, {})
            validated = _validated(path, data)
        else:
            kept = _unchanged(previous, data)
            validated = _validated(path, {"meta": data["meta"], **{
                name: {d: doc for d, doc in data.get(name, {}).items() if d not in same}
                for name, same in kept.items() if same is not None}})
        for name, table in validated.items():
            same = kept[name]
            if same is None:  # the whole table as before (previous is not used again: see Store._state)
                assert previous is not None
                self.records[name], self.doc_ids[name] = dict(previous.records[name]), dict(previous.doc_ids[name])
                continue
            docs = data.get(name, {})
            records = [same[d] if d in same else table[d] for d in docs] if same else list(table.values())
            keys = list(_keys(name, records))
            rows = dict(zip(keys, records))
            if len(rows) < len(keys):
                key = next(k for k, n in Counter(keys).items() if n > 1)
                raise CorruptFileError(_("{path}: {table} holds {key} twice; left untouched").format(
                    path=path, table=name, key="/".join(key)))
            self.records[name] = rows
            self.doc_ids[name] = dict(zip(keys, map(int, docs)))

    def holds(self, raw: bytes | None) -> bool:
        """Whether ``raw`` (the file's bytes now; None: no file) is what this state was read
        from or last written as."""
        if self._digest is not None:
            return raw is not None and hashlib.sha256(raw).digest() == self._digest
        return raw == self.raw

    def settle(self) -> None:
        """Ready this state for a long stay (the meeting's), once: from now on keep the bytes'
        digest, not the bytes (1 MB of a 16-team quarter, and as much again at each save's
        peak, where they met the bytes read to compare; a digest is ~0.6 ms a megabyte), and
        let the records share their field-name sets. A one-shot read does neither."""
        if self._settled:
            return
        self._settled = True
        self._keep_digest()
        for name, rows in self.records.items():
            _share_fields_sets(TABLES[name], rows.values())

    def _keep_digest(self) -> None:
        if self.raw is not None:
            self._digest, self.raw = hashlib.sha256(self.raw).digest(), None

    def saved(self, raw: bytes) -> None:
        """The file now holds ``raw``, written from ``data``."""
        self.raw, self.dirty = raw, False
        if self._settled:
            self._keep_digest()

    def upsert(self, table: str, record: BaseModel) -> None:
        """Write ``record`` (validated) over the document of its key, or as a new document."""
        key = record_key(table, record)
        ids = self.doc_ids[table]
        doc_id = ids.get(key)
        if doc_id is None:
            doc_id = ids[key] = self._next_id(table)
        self.data.setdefault(table, {})[str(doc_id)] = record.model_dump(mode="json")
        self.records[table][key] = record
        if table == "checkins":
            self.checkin_weeks(record.kr).add(record.week)  # type: ignore[attr-defined]
        self.dirty = True

    def remove(self, table: str, key: tuple) -> None:
        """Take the record of ``key`` out, its document deleted (as TinyDB's ``remove`` does)."""
        doc_id = self.doc_ids[table].pop(key)
        del self.data[table][str(doc_id)]
        record = self.records[table].pop(key)
        if table == "checkins":
            self.checkin_weeks(record.kr).discard(record.week)
        self.dirty = True

    def _next_id(self, table: str) -> int:
        """TinyDB's rule (``Table._get_next_id``): the largest doc id in the table + 1, 1 in an empty
        one; the file's ids, not only the records we know, count."""
        if table not in self._next_ids:
            self._next_ids[table] = max(map(int, self.data.get(table, {})), default=0) + 1
        doc_id = self._next_ids[table]
        self._next_ids[table] = doc_id + 1
        return doc_id

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


def _unchanged(previous: CycleState, data: dict[str, Any]) -> dict[str, dict[str, BaseModel] | None]:
    """Per table, ``previous``'s records of the documents ``data`` holds unchanged, by doc
    id; None: the whole table is unchanged.

    Validation is a function of the document alone, so an equal document's record is the
    one it would give again: a reread after another process's save (a meeting's follower,
    once per answer) validates that save's documents, not the whole cycle. Equal documents
    in ``data`` are replaced by ``previous``'s, whose strings the kept records share."""
    kept: dict[str, dict[str, BaseModel] | None] = {}
    for name in TABLES:
        old_docs, table = previous.data.get(name, {}), data.get(name)
        same: dict[str, BaseModel] = {}
        kept[name] = same
        if table is None:
            continue
        old_records = previous.records[name]
        for key, number in previous.doc_ids[name].items():
            doc_id = str(number)
            old = old_docs[doc_id]
            if table.get(doc_id) == old:
                table[doc_id] = old  # an existing key: the dict does not change size
                same[doc_id] = old_records[key]
        if len(same) == len(table) == len(old_docs):
            data[name], kept[name] = old_docs, None
    return kept


def _share_fields_sets(model: type[BaseModel], records: Iterable[BaseModel]) -> None:
    """The records with every field set (as our files write them) share one set of their names:
    pydantic keeps one per instance (``__pydantic_fields_set__``, a documented attribute), ~730
    bytes for a check-in, half of a loaded cycle's records' memory (issue 17, measured). Safe to
    share: an assignment adds a field's name (there already); ``model_copy`` copies it."""
    every = len(model.model_fields)
    shared: set[str] | None = None
    for record in records:
        names = record.__pydantic_fields_set__
        if len(names) == every:
            if shared is None:
                shared = names
            else:
                object.__setattr__(record, "__pydantic_fields_set__", shared)


def _validated(path: Path, data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The records of each table by doc id: one validation call for the whole file (a
    little faster than a call per record), with its trusted form; if that fails, with the
    full schema record by record."""
    try:
        fields = trusted_fields_validator(CycleFile).validate_python(data, context=TRUSTED)[0]
    except ValidationError:
        return _validated_record_by_record(path, data)
    return {name: fields[name] for name in TABLES}


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
            _("{path} was written by a newer okr-checkin (schema {version}; this one reads up to "
              "{supported}); upgrade okr-checkin to open it").format(path=path, version=version,
                                                                      supported=SCHEMA_VERSION)
        )
    if version != SCHEMA_VERSION:
        raise CorruptFileError(_("{path} has schema_version {version!r}, expected {expected}; left untouched").format(
            path=path, version=version, expected=SCHEMA_VERSION))


def _check_tables(path: Path, data: dict[str, Any]) -> None:
    """TinyDB's shape: each table an object of objects keyed by integer doc ids.

    Anything else would crash a write (``int(doc_id)``) mid-transaction; say so up front.
    """
    for name in ("meta", *TABLES):
        table = data.setdefault(name, {}) if name == "meta" else data.get(name, {})
        if not isinstance(table, dict):
            raise CorruptFileError(_("{path}: {table} should be a JSON object; left untouched").format(path=path, table=name))
        for doc_id, doc in table.items():
            if not (doc_id.isascii() and doc_id.isdigit()) or not isinstance(doc, dict):
                raise CorruptFileError(_("{path}: {table} #{id} is not a TinyDB document; left untouched").format(
                    path=path, table=name, id=doc_id))
