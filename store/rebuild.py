"""A synced store's files from its journal, and the journal's first events from its files.

Both run while `okr sync` holds the root file's lock and every cycle's (store/sync.py): a
write meanwhile waits, and an open meeting's live refresh then sees the rebuilt file (it is
replaced atomically, so its inode changes).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from pydantic import ValidationError

from .commit import commit
from .cycle_file import TABLES, record_key
from .files import atomic_write, dump_json, read_bytes
from .git import SyncError
from .i18n import _
from .journal import (
    JOURNAL,
    ROOT_DIR,
    EventName,
    change,
    event_change,
    host_id,
    journal_dir,
    make_dir,
    root_changes,
    write_clock,
)
from .models import Root
from .replay import CYCLE, ROOT, replay
from .replay_report import Replayed, label
from .store import ROOT_FILE, Store, locked
from .validation import one_line

if TYPE_CHECKING:
    from .sync import Report


def write_baseline(store_path: Path, shared: bool) -> int:
    """The store as it is, as this host's first events; how many records. Each cycle is
    replayed from them before they count: a record that would not come back refuses the
    setup. The journal directory appears whole or not at all (it marks the store synced)."""
    store = Store.open(store_path)
    host = host_id(store_path, shared=shared)
    staging = store_path / f".{JOURNAL}.new"
    shutil.rmtree(staging, ignore_errors=True)
    make_dir(staging, shared=shared)
    count = 0
    try:
        changes, tables = [], {}
        for cycle in store.cycles():
            data = store.load(cycle)
            tables[cycle.name] = {t: [r.model_dump(mode="json") for r in rows] for t, rows in zip(
                TABLES, (data.objectives, data.key_results, data.checkins, data.objective_checkins, data.meetings))}
            rows = [change(t, record_key(t, model.model_validate(r)), None, r)
                    for t, model in TABLES.items() for r in tables[cycle.name][t]]
            if rows:
                changes.append(event_change(store_path, cycle.name, host, rows, shared=shared, journal=staging))
                count += len(rows)
        root = orjson.loads(read_bytes(store.root_path))
        changes.append(event_change(store_path, None, host, root_changes(None, root), shared=shared,
                                    journal=staging))
        commit(changes, shared=shared)
        for name, records in tables.items():
            _check_round_trip(name, records, replay(staging / name, CYCLE, base=store_path))
        os.rename(staging, store_path / JOURNAL)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return count


def _check_round_trip(cycle: str, records: dict[str, list[dict[str, Any]]], replayed: Replayed) -> None:
    for table, rows in records.items():
        back = [orjson.dumps(r, option=orjson.OPT_SORT_KEYS) for r in replayed.records[table]]
        for row in rows:
            if orjson.dumps(row, option=orjson.OPT_SORT_KEYS) not in back:
                key = label(table, tuple(record_key(table, TABLES[table].model_validate(row))))
                if replayed.skipped:
                    said = _("cycle {cycle}: {key} would not come back from the journal ({why}); nothing was set up")
                else:
                    said = _("cycle {cycle}: {key} would not come back from the journal; nothing was set up")
                why = replayed.skipped[0].reason if replayed.skipped else ""
                raise SyncError(said.format(cycle=cycle, key=key, why=why))


def rebuild(store_path: Path, *, full: bool, added: Iterable[str], locks: ExitStack, held: set[str],
            report: Report) -> None:
    """Rebuild what the journal files ``added`` since the last rebuild touch (``full``: all).
    ``held``: the cycles whose locks ``locks`` holds; others are locked as they come."""
    added = [Path(p) for p in added]
    new = {p.name for p in added}
    dirs = {p.parts[1] for p in added if len(p.parts) == 3}
    for p in added:
        name = EventName.parse(p.name)
        if name is not None and name.host != report.host:
            report.received[name.host] += 1
    root_path = store_path / ROOT_FILE
    local = orjson.loads(read_bytes(root_path)) if root_path.exists() else None
    shared = bool(local and local.get("settings", {}).get("shared"))
    root = local
    if full or local is None or ROOT_DIR in dirs:
        replayed = replay(journal_dir(store_path, None), ROOT, new=new, base=store_path)
        _note(report, replayed, full, new)
        _settle(journal_dir(store_path, None), replayed, shared)
        root = _root(local, replayed)
    names = [c["name"] for c in root["cycles"]] if root else []
    for name in names:
        path = store_path / f"cycle-{name}.json"
        if full or name in dirs or not path.exists():
            if name not in held:
                locks.enter_context(locked(path, shared=shared))
                held.add(name)
            replayed = replay(journal_dir(store_path, name), CYCLE, new=new, base=store_path)
            _note(report, replayed, full, new)
            _write(path, dump_json(replayed.cycle_file()), shared)
            _settle(journal_dir(store_path, name), replayed, shared)
    for orphan in sorted(dirs - set(names) - {ROOT_DIR}):
        report.notes.append(_("{dir}/ is for a cycle the journal never added; it was left out").format(
            dir=f"{JOURNAL}/{orphan}"))
    if root is not None and root != local:
        _write(root_path, dump_json(root), shared)


def _root(local: dict[str, Any] | None, replayed: Replayed) -> dict[str, Any]:
    """The root file: cycles, teams and thresholds from the journal; the rest is this host's."""
    base = local or Root().model_dump(mode="json")
    records = replayed.records
    data = {
        **base,
        "cycles": records["cycles"],
        "teams": records["teams"][0]["teams"] if records["teams"] else base.get("teams", []),
        "settings": {**base.get("settings", {}),
                     "thresholds": records["thresholds"][0] if records["thresholds"] else {}},
    }
    try:
        return Root.model_validate(data).model_dump(mode="json")
    except ValidationError as e:
        raise SyncError(_("the journal's cycles and settings do not make a root file ({why}); nothing was "
                          "rebuilt").format(why=one_line(e))) from None


def _note(report: Report, replayed: Replayed, full: bool, new: set[str]) -> None:
    report.notes += [str(r) for r in replayed.renamed] + [str(c) for c in replayed.conflicts]
    report.notes += [str(s) for s in replayed.skipped if full or s.path.name in new]


def _settle(directory: Path, replayed: Replayed, shared: bool) -> None:
    """The directory's clock as the replay found it; the temp files of saves a crash cut
    short go (every writer of the directory waits for the locks the sync holds)."""
    write_clock(directory, replayed.clock, shared=shared)
    for tmp in directory.glob(".*.tmp"):
        tmp.unlink(missing_ok=True)


def _write(path: Path, raw: bytes, shared: bool) -> None:
    """Replace the file if its bytes change (an unchanged file is not news to a meeting)."""
    try:
        if read_bytes(path) == raw:
            return
    except FileNotFoundError:
        pass
    atomic_write(path, raw, shared=shared)
