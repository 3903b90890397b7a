"""Rebuilding a store's records from its journal (store/journal.py), the same on every host.

Every host's events of a cycle are applied in one order, clock then host: for each field of a
record the latest event that set it wins. An event whose ``was`` (the value its writer
replaced) is not the value it replaces was written without seeing that value: two hosts
changed the same field, and the replaced value is reported (it stays in the journal).

Ids: two hosts may both add an "O5" between syncs. A record is known by the event that created
it; the first creation of an id keeps it, a later one gets the next free id ("O5 from host b
is now O6"), its key results follow it. An event names records by the ids its writer saw, so
they are read in the writer's view (the events it had seen: ``seen``), which is the replay so
far unless another host created something the writer had not seen yet.

A check-in can be removed (``gone``: an undo to before it was given). A removal of what is
already gone changes nothing; a later change by a host that had not seen the removal brings
the record back with that change (its latest change wins, as for any field).

An event that does not parse, breaks a record's rules or names a record that does not exist is
skipped whole (reported with its path), never applied half-way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from .cycle_file import TABLES
from .i18n import _
from .journal import BadEvent, Event, EventName, event_files, read_event
from .models import (
    MAX_KR_NUMBER,
    MAX_MEETING_NUMBER,
    MAX_OBJECTIVE_NUMBER,
    Cycle,
    Name,
    Record,
    Thresholds,
    empty_list,
)
from .replay_report import Conflict, Renamed, Replayed, Skipped, label, what_of
from .text import shown
from .validation import one_line

ID_TABLES = {"objectives": ("O", MAX_OBJECTIVE_NUMBER), "key_results": ("", MAX_KR_NUMBER),
             "meetings": ("M", MAX_MEETING_NUMBER)}
UNREPORTED = {"at"}  # the time of an answer differs whenever two hosts give one: not news


class Teams(Record):
    teams: list[Name] = Field(default_factory=empty_list)


@dataclass(frozen=True)
class Schema:
    models: dict[str, type[BaseModel]]
    keys: dict[str, tuple[str, ...]]
    refs: dict[str, dict[str, str]]  # table -> field -> the id table it names a record of


CYCLE = Schema(
    TABLES,
    {"objectives": ("id",), "key_results": ("id",), "checkins": ("kr", "week"),
     "objective_checkins": ("objective", "week"), "meetings": ("id",)},
    {"objectives": {"aligns_to": "objectives"}, "key_results": {"objective": "objectives"},
     "checkins": {"kr": "key_results"}, "objective_checkins": {"objective": "objectives"}},
)
ROOT = Schema({"cycles": Cycle, "teams": Teams, "thresholds": Thresholds},
              {"cycles": ("name",), "teams": (), "thresholds": ()}, {})


# -- ids ----------------------------------------------------------------------------------
@dataclass
class Creation:
    name: EventName
    table: str
    raw: str
    ident: int
    parent: int | None  # a key result's objective


class Ids:
    """Which record each id names, in the replay or in one writer's view of it."""

    def __init__(self) -> None:
        self.ident: dict[str, dict[str, int]] = {t: {} for t in ID_TABLES}
        self.shown: dict[int, str] = {}

    def claim(self, table: str, ident: int, raw: str, parent: int | None) -> str | None:
        """The id ``raw`` for a new record, or the next free one if another has it."""
        taken = self.ident[table]
        prefix, limit = ID_TABLES[table]
        if table == "key_results":
            if parent not in self.shown:
                return None
            prefix = self.shown[parent] + "."
            want = prefix + raw.split(".", 1)[1]
            numbers = [int(k[len(prefix):]) for k in taken if k.startswith(prefix)] if want in taken else []
        else:
            want = raw
            numbers = [int(k[len(prefix):]) for k in taken] if want in taken else []
        if numbers:
            if max(numbers) >= limit:
                return None
            want = f"{prefix}{max(numbers) + 1}"
        taken[want] = ident
        self.shown[ident] = want
        return want

    def drop(self, table: str, ident: int) -> None:
        del self.ident[table][self.shown.pop(ident)]


# -- the replay ---------------------------------------------------------------------------
class Replay:
    def __init__(self, schema: Schema, new: set[str]) -> None:
        self.schema = schema
        self.new = new  # event file names new to this host: their conflicts and renames are news
        self.records: dict[str, dict[tuple[str, ...], dict[str, Any]]] = {t: {} for t in schema.models}
        self.gone: dict[tuple[str, tuple[str, ...]], dict[str, Any]] = {}  # removed records, as they were
        self.setters: dict[tuple[str, tuple[str, ...]], dict[str, EventName]] = {}
        self.final = Ids()
        self.creations: list[Creation] = []
        self.last_creation: dict[str, str] = {}  # host -> the clock of its latest creation
        self.views: dict[str, tuple[tuple[tuple[str, str], ...], Ids, int]] = {}
        self.idents = 0  # a record's identity: a number per creation
        self.result = Replayed({})

    def run(self, files: Iterable[tuple[EventName | None, str]], base: Path) -> Replayed:
        for name, path in files:
            if name is None:
                self.result.skipped.append(Skipped(Path(path).relative_to(base),
                                                   _("its name is not {pattern}").format(pattern="<clock>-<host>.json")))
                continue
            self.result.clock[name.host] = name.hlc  # files come in order: the last is the latest
            try:
                self.apply(read_event(name, path))
            except BadEvent as e:
                self.result.skipped.append(Skipped(Path(path).relative_to(base), str(e)))
        self.result.records = {t: list(rows.values()) for t, rows in self.records.items()}
        return self.result

    def apply(self, e: Event) -> None:
        view = self._view(e)
        step = _Step(self, e, view)
        try:
            for c in e.changes:
                step.change(c)
            step.finish()
            rows = {tk: self._validated(tk, row) for tk, row in step.rows.items()}
        except BadEvent:
            step.undo()
            raise
        for tk in step.removed:
            self.gone[tk] = self.records[tk[0]].pop(tk[1])
        for (table, key), row in rows.items():
            self.records[table][key] = row
            self.gone.pop((table, key), None)
            setters = self.setters.setdefault((table, key), {})
            for f in step.fields[(table, key)]:
                setters[f] = e.name
        for creation in step.created:
            self.creations.append(creation)
            self.last_creation[e.name.host] = e.name.hlc
        cached = self.views.get(e.name.host)
        if cached is not None and cached[1] is view:
            self.views[e.name.host] = (cached[0], view, cached[2] + len(step.created))
        self.result.events += 1
        self.result.conflicts += step.conflicts
        self.result.renamed += step.renamed

    def _view(self, e: Event) -> Ids:
        """The ids as the event's writer saw them."""
        host = e.name.host
        if all(h == host or stamp <= e.seen.get(h, "") for h, stamp in self.last_creation.items()):
            return self.final
        key = tuple(sorted(e.seen.items()))
        own = sum(1 for c in self.creations if c.name.host == host)
        cached = self.views.get(host)
        if cached is not None and cached[0] == key and cached[2] == own:
            return cached[1]
        view = Ids()
        for c in self.creations:
            if c.name.host == host or c.name.hlc <= e.seen.get(c.name.host, ""):
                view.claim(c.table, c.ident, c.raw, c.parent)
        self.views[host] = (key, view, own)
        return view

    def _validated(self, tk: tuple[str, tuple[str, ...]], row: dict[str, Any]) -> dict[str, Any]:
        table, key = tk
        try:
            out = self.schema.models[table].model_validate(row).model_dump(mode="json")
        except ValidationError as e:
            raise BadEvent(_("{what} does not validate ({why})").format(what=label(table, key), why=one_line(e))) from None
        if any(out[f] != part for f, part in zip(self.schema.keys[table], key)):
            raise BadEvent(_("{what}: its key is not written as the store writes it").format(what=label(table, key)))
        return out

    def is_news(self, *names: EventName) -> bool:
        return any(n.file_name in self.new for n in names)


class _Step:
    """One event being applied: the records it changes, staged; undone if any change fails."""

    def __init__(self, replay: Replay, e: Event, view: Ids) -> None:
        self.r, self.e, self.view = replay, e, view
        self.rows: dict[tuple[str, tuple[str, ...]], dict[str, Any]] = {}
        self.removed: set[tuple[str, tuple[str, ...]]] = set()
        self.fields: dict[tuple[str, tuple[str, ...]], set[str]] = {}
        self.claims: list[tuple[Ids, str, int]] = []
        self.created: list[Creation] = []
        self.conflicts: list[Conflict] = []
        self.renamed: list[Renamed] = []
        self.later: list[tuple[tuple[str, tuple[str, ...]], str, str, Any]] = []

    def finish(self) -> None:
        """The references to records this event created after the one naming them."""
        for tk, f, target, raw in self.later:
            self.rows[tk][f] = self.resolve(target, raw)

    def undo(self) -> None:
        for ids, table, ident in reversed(self.claims):
            ids.drop(table, ident)

    def resolve(self, table: str, raw: Any) -> str:
        """The replay's id of the record the writer called ``raw``."""
        ident = self.view.ident[table].get(raw) if isinstance(raw, str) else None
        if ident is None or ident not in self.r.final.shown:
            raise BadEvent(_("names {what} {id} that does not exist").format(what=what_of(table), id=shown(raw)))
        return self.r.final.shown[ident]

    def change(self, c: dict[str, Any]) -> None:
        schema = self.r.schema
        table, raw_key, sets, was, new = c["t"], c["k"], dict(c["set"]), dict(c.get("was", {})), c.get("new", False)
        if table not in schema.models:
            raise BadEvent(_("unknown table {table}").format(table=shown(table)))
        gone = c.get("gone", False)
        if gone and (table in ID_TABLES or new or sets):
            raise BadEvent(_("{table}: only a check-in can be removed, and nothing set with it").format(table=table))
        unknown = set(sets) - set(schema.models[table].model_fields)
        if unknown:
            raise BadEvent(_("{table} has no field {field}").format(table=table, field=shown(min(unknown))))
        names, refs = schema.keys[table], schema.refs.get(table, {})
        if len(raw_key) != len(names):
            raise BadEvent(_("a {table} key has {n} parts, not {given}").format(table=table, n=len(names),
                                                                               given=len(raw_key)))
        if any(f in sets and sets[f] != part for f, part in zip(names, raw_key)):
            raise BadEvent(_("{what}: a key field cannot change").format(what=label(table, tuple(raw_key))))
        if table in ID_TABLES:
            if new:
                sets["id"] = raw_key[0]
                key = (self.create(table, raw_key[0], sets),)
                sets["id"] = key[0]
            else:
                key = (self.resolve(table, raw_key[0]),)
                sets.pop("id", None)
                if table == "key_results" and "objective" in sets:
                    raise BadEvent(_("{what}: a key result cannot move to another objective").format(
                        what=label(table, key)))
        else:
            key = tuple(self.resolve(refs[f], part) if f in refs else part for f, part in zip(names, raw_key))
            if gone:  # its key fields are what names it, not what it held
                self.remove(table, key, {f: v for f, v in was.items() if f not in names})
                return
            for f, part in zip(names, key):
                if new:
                    sets[f] = part
                else:
                    sets.pop(f, None)
        for f, target in refs.items():  # the other fields naming a record: an objective's aligns_to
            if f in names or (table == "key_results" and f == "objective"):
                continue
            if sets.get(f):
                resolved = self.resolved_or_none(target, sets[f])
                if resolved is None:  # perhaps created further on in this event
                    self.later.append(((table, key), f, target, sets[f]))
                else:
                    sets[f] = resolved
            if was.get(f):
                was[f] = self.resolved_or_none(target, was[f])
        if table == "meetings" and "seconds" in sets:
            if not isinstance(sets["seconds"], dict):
                raise BadEvent(_("{what}: seconds is not an object").format(what=label(table, key)))
            sets["seconds"] = {self.resolve("objectives", o): s for o, s in sets["seconds"].items()}
        self.put(table, key, sets, was, new)

    def resolved_or_none(self, table: str, raw: Any) -> str | None:
        try:
            return self.resolve(table, raw)
        except BadEvent:
            return None

    def create(self, table: str, raw: str, sets: dict[str, Any]) -> str:
        """Claim an id for a record this event creates (a key result's under its objective's)."""
        parent = None
        if table == "key_results":
            objective = sets.get("objective")
            if not isinstance(objective, str) or not raw.startswith(objective + "."):
                raise BadEvent(_("key result {id} is not under its objective {objective}").format(
                    id=shown(raw), objective=shown(objective)))
            sets["objective"] = self.resolve("objectives", objective)
            parent = self.view.ident["objectives"][objective]
        self.r.idents += 1
        ident = self.r.idents
        final = self.r.final.claim(table, ident, raw, parent)
        if final is None:
            raise BadEvent(_("no free id left for {id}").format(id=shown(raw)))
        self.claims.append((self.r.final, table, ident))
        if self.view is not self.r.final and self.view.claim(table, ident, raw, parent) is not None:
            self.claims.append((self.view, table, ident))
        self.created.append(Creation(self.e.name, table, raw, ident, parent))
        # A key result that only follows its objective's new id is not news of its own.
        moved = table != "key_results" or final.split(".")[1] != raw.split(".")[1]
        if final != raw and moved and self.r.is_news(self.e.name, *self._holders(table, raw)):
            self.renamed.append(Renamed(raw, final, self.e.name.host))
        return final

    def _holders(self, table: str, raw: str) -> list[EventName]:
        """The events that created what holds ``raw`` already (they may be the news)."""
        ident = self.r.final.ident[table].get(raw)
        return [c.name for c in self.r.creations if c.ident == ident]

    def current(self, tk: tuple[str, tuple[str, ...]]) -> dict[str, Any] | None:
        """The record as this event has it so far (None: there is none, or it was removed)."""
        if tk in self.rows:
            return self.rows[tk]
        return None if tk in self.removed else self.r.records[tk[0]].get(tk[1])

    def remove(self, table: str, key: tuple[str, ...], was: dict[str, Any]) -> None:
        tk = (table, key)
        current = self.current(tk)
        if current is None:  # removed already (by another host too): nothing changes
            return
        self.note_conflict(tk, current, dict.fromkeys(current), was, removed=True)
        self.rows.pop(tk, None)
        self.fields.pop(tk, None)
        if key in self.r.records[table]:
            self.removed.add(tk)

    def put(self, table: str, key: tuple[str, ...], sets: dict[str, Any], was: dict[str, Any], new: bool) -> None:
        tk = (table, key)
        current = self.current(tk)
        if current is None and not new:
            # A change to a removed record by a writer that had not seen the removal brings it back.
            current = self.r.gone.get(tk)
            if current is None:
                raise BadEvent(_("changes {what}, which does not exist").format(what=label(table, key)))
        self.removed.discard(tk)
        if current is not None:
            self.note_conflict(tk, current, sets, was)
        self.rows[tk] = {**(current or {}), **sets}
        self.fields.setdefault(tk, set()).update(sets)

    def note_conflict(self, tk: tuple[str, tuple[str, ...]], current: dict[str, Any],
                      sets: dict[str, Any], was: dict[str, Any], *, removed: bool = False) -> None:
        setters = self.r.setters.get(tk, {})
        by_loser: dict[EventName, list[tuple[str, Any, Any]]] = {}
        for f, value in sets.items():
            old, setter = current.get(f), setters.get(f)
            if (f in UNREPORTED or old == value or setter is None or setter.host == self.e.name.host
                    or (f in was and was[f] == old)):
                continue
            by_loser.setdefault(setter, []).append((f, old, value))
        for loser, fields in by_loser.items():
            if self.r.is_news(self.e.name, loser):
                self.conflicts.append(Conflict(label(*tk), loser.host, self.e.name.host, fields, removed))


def replay(directory: Path, schema: Schema, *, new: Iterable[str] = (), base: Path | None = None) -> Replayed:
    """Every event in ``directory``, in order; paths in reports relative to ``base``."""
    return Replay(schema, set(new)).run(event_files(directory), base or directory.parent.parent)
