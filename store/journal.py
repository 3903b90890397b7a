"""The sync journal: every committed change of a synced store, also as an immutable event file.

A store is synced once it has a ``journal/`` directory (``okr sync init``). From then on each
committed write also writes ``journal/<cycle>/<hlc>-<host>.json`` (``journal/_root/`` for the
root file's cycles, teams and thresholds): the records it changed, field by field, with the
values it replaced (a removed check-in: ``gone``, with all it was). A name is unique to its host, so git merges several hosts' journals without
a conflict, and store/replay.py rebuilds the store's files from them in one order for everyone.

The event is written in the same commit as the cycle file, ahead of it (store/commit.py): a
change is never in the file without being in the journal, which is what a sync rebuilds from.

The clock is hybrid logical: wall-clock milliseconds and a counter, never below the latest
event already in the directory, which is listed under that directory's file lock. So an event
sorts after every event its writer had seen, however wrong or backward that host's clock is.
Each event also says the latest event of every other host it had seen (``seen``): that is the
writer's view, in which replay reads the ids the event names (two hosts may both add an "O5").
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import orjson

from .commit import Change
from .files import atomic_write, chmod_dir, open_temp, read_bytes
from .i18n import _

if TYPE_CHECKING:
    from .cycle_tx import CycleTx
    from .models import Root
    from .store import Store

JOURNAL = "journal"
ROOT_DIR = "_root"  # a cycle name starts with a letter or digit: never this
LOCAL_DIR = ".okr-sync"  # this host's own, never committed: its id, what was replayed last
FORMAT = 1
HOST = re.compile(r"[a-z0-9][a-z0-9.]{0,47}")
NAME = re.compile(r"(\d{13}-\d{4})-(" + HOST.pattern + r")\.json")
MAX_COUNTER = 9999


def wall_ms() -> int:
    """This host's clock (tests move it back)."""
    return time.time_ns() // 1_000_000


def is_synced(store_path: Path) -> bool:
    return (store_path / JOURNAL).is_dir()


def journal_dir(store_path: Path, cycle: str | None) -> Path:
    """A cycle's journal directory; None: the root file's."""
    return store_path / JOURNAL / (cycle or ROOT_DIR)


# -- this host ----------------------------------------------------------------------
def make_dir(path: Path, *, shared: bool) -> None:
    """A directory of the store's, private or (``shared``) the group's as the store is: 2770
    whatever the umask, so that every member's okr can write events in it."""
    if path.is_dir():
        return
    if not path.parent.is_dir():
        make_dir(path.parent, shared=shared)
    path.mkdir(mode=0o700, exist_ok=True)
    if shared:  # through a descriptor: a link swapped in for the new directory is refused, not chmodded
        chmod_dir(path, lambda _mode: 0o2770)


def host_id(store_path: Path, *, shared: bool = False) -> str:
    """This host's id, made on first use: the host name and random digits.

    It is kept with the store directory's device and inode: a copy of the directory
    (``cp -r`` to set up a second host) is another directory, so it gets an id of its own
    and the two never write events of the same name.
    """
    path = store_path / LOCAL_DIR / "host.json"
    here = _fingerprint(store_path)
    try:
        known = orjson.loads(read_bytes(path))
        if known.get("dir") == here and HOST.fullmatch(str(known.get("host", ""))):
            return str(known["host"])
    except (FileNotFoundError, orjson.JSONDecodeError, AttributeError):
        pass
    host = new_host_id()
    make_dir(path.parent, shared=shared)
    atomic_write(path, orjson.dumps({"host": host, "dir": here}) + b"\n", shared=shared)
    return host


def new_host_id() -> str:
    name = re.sub(r"[^a-z0-9]", "", os.uname().nodename.lower().split(".")[0])[:20] or "host"
    return f"{name}.{os.urandom(4).hex()}"


def _fingerprint(store_path: Path) -> list[int]:
    st = os.stat(store_path)
    return [st.st_dev, st.st_ino]


# -- names and the clock --------------------------------------------------------------
class EventName(NamedTuple):
    """``<hlc>-<host>.json``; names sort as events are replayed: by clock, then host."""

    hlc: str
    host: str

    @property
    def file_name(self) -> str:
        return f"{self.hlc}-{self.host}.json"

    @classmethod
    def parse(cls, file_name: str) -> EventName | None:
        m = NAME.fullmatch(file_name)
        return cls(m.group(1), m.group(2)) if m else None


def hlc(ms: int, counter: int) -> str:
    return f"{ms:013d}-{counter:04d}"


def next_name(directory: Path, host: str, *, shared: bool = False) -> tuple[EventName, dict[str, str]]:
    """The name of this host's next event in ``directory`` (whose lock the caller holds),
    and the latest event of each other host there: what the writer has seen.

    Both come from the directory's clock (each host's latest event), kept beside it by every
    save and every rebuild, so that a save does not list thousands of names. A clock that
    is missing is made from the directory; one left behind by a crash may be a save late,
    which the wall clock and the check that the name is free make up for.
    """
    clock = read_clock(directory)
    if clock is None:
        clock = clock_of(os.listdir(directory) if directory.is_dir() else [])
    latest = max(clock.values(), default="")
    ms, counter = (int(latest[:13]), int(latest[14:])) if latest else (0, 0)
    ms, counter = max((wall_ms(), 0), _tick(ms, counter))
    while (directory / EventName(hlc(ms, counter), host).file_name).exists():
        ms, counter = _tick(ms, counter)
    name = EventName(hlc(ms, counter), host)
    write_clock(directory, {**clock, host: name.hlc}, shared=shared)
    return name, {h: stamp for h, stamp in clock.items() if h != host}


def _tick(ms: int, counter: int) -> tuple[int, int]:
    return (ms, counter + 1) if counter < MAX_COUNTER else (ms + 1, 0)


def clock_of(names: Iterable[str]) -> dict[str, str]:
    """Each host's latest event among file names."""
    clock: dict[str, str] = {}
    for file_name in names:
        name = EventName.parse(file_name)
        if name is not None and name.hlc > clock.get(name.host, ""):
            clock[name.host] = name.hlc
    return clock


def _clock_path(directory: Path) -> Path:
    return directory.parent.parent / LOCAL_DIR / "clocks" / f"{directory.name}.json"


def read_clock(directory: Path) -> dict[str, str] | None:
    try:
        clock = orjson.loads(_clock_path(directory).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    if not isinstance(clock, dict) or not all(isinstance(v, str) and NAME.fullmatch(f"{v}-{k}.json")
                                              for k, v in clock.items()):
        return None
    return clock


def write_clock(directory: Path, clock: dict[str, str], *, shared: bool) -> None:
    """Not fsynced: it only speeds up the next save, and a stale one is made up for."""
    path = _clock_path(directory)
    make_dir(path.parent, shared=shared)
    fd, tmp = open_temp(path, shared=shared)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(orjson.dumps(clock, option=orjson.OPT_SORT_KEYS))
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# -- changes --------------------------------------------------------------------------
def change(table: str, key: Iterable[Any], before: dict[str, Any] | None,
           after: dict[str, Any] | None) -> dict[str, Any] | None:
    """One record's change: every field of a new record, else the fields that differ
    (``set``) with what they were (``was``), or a removed record (``gone``, with all it
    was); None when nothing differs."""
    if after is None:
        return None if before is None else {"t": table, "k": list(key), "gone": True, "set": {}, "was": before}
    if before is None:
        return {"t": table, "k": list(key), "new": True, "set": after}
    fields = [f for f, v in after.items() if before.get(f) != v]
    if not fields:
        return None
    return {"t": table, "k": list(key), "set": {f: after[f] for f in fields},
            "was": {f: before.get(f) for f in fields}}


def cycle_changes(tx: CycleTx) -> list[dict[str, Any]]:
    """What a cycle transaction changed: the records it upserted or removed, before and after."""
    out = []
    for (table, key), before in tx.touched.items():
        after = tx.state.records[table].get(key)
        c = change(table, key, before.model_dump(mode="json") if before is not None else None,
                   after.model_dump(mode="json") if after is not None else None)
        if c is not None:
            out.append(c)
    return out


def root_records(root: dict[str, Any]) -> dict[tuple[str, tuple[str, ...]], dict[str, Any]]:
    """The part of the root file that is synced, as records: cycles, teams, thresholds.
    Per-user preferences and the shared flag belong to each host."""
    out: dict[tuple[str, tuple[str, ...]], dict[str, Any]] = {
        ("cycles", (c["name"],)): c for c in root.get("cycles", [])
    }
    out[("teams", ())] = {"teams": root.get("teams", [])}
    out[("thresholds", ())] = root.get("settings", {}).get("thresholds", {})
    return out


def root_changes(before: dict[str, Any] | None, after: dict[str, Any]) -> list[dict[str, Any]]:
    old = root_records(before) if before is not None else {}
    out = []
    for (table, key), record in root_records(after).items():
        c = change(table, key, old.get((table, key)), record)
        if c is not None:
            out.append(c)
    return out


# -- writing --------------------------------------------------------------------------
def event_change(store_path: Path, cycle: str | None, host: str, changes: list[dict[str, Any]], *,
                 shared: bool = False, journal: Path | None = None) -> Change:
    """The event file of ``changes``, as a Change for store/commit.py (a new file);
    ``journal``: another directory than the store's journal (one being made)."""
    directory = (journal or store_path / JOURNAL) / (cycle or ROOT_DIR)
    make_dir(directory, shared=shared)
    name, seen = next_name(directory, host, shared=shared)
    body = {"v": FORMAT, "by": _user(), "seen": seen, "changes": changes}
    return Change(directory / name.file_name, orjson.dumps(body, option=orjson.OPT_SORT_KEYS) + b"\n", None)


def events(store: Store, txs: Iterable[CycleTx] = (), *,
           root: tuple[bytes | None, Root] | None = None) -> list[Change]:
    """The event files of a commit about to be written: one per cycle it changed, one for
    the root file's synced part. None when the store is not synced (it pays a stat)."""
    if not is_synced(store.path):
        return []
    todo = [(tx.cycle.name, cycle_changes(tx)) for tx in txs]
    if root is not None:
        before, after = root
        todo.append((None, root_changes(orjson.loads(before) if before is not None else None,
                                        after.model_dump(mode="json"))))
    todo = [(cycle, changes) for cycle, changes in todo if changes]
    if not todo:
        return []
    host = host_id(store.path, shared=store.shared)
    return [event_change(store.path, cycle, host, changes, shared=store.shared) for cycle, changes in todo]


def _user() -> str:
    from .store import current_user

    return current_user()


# -- reading --------------------------------------------------------------------------
class Event(NamedTuple):
    name: EventName
    path: str
    seen: dict[str, str]
    changes: list[dict[str, Any]]


class BadEvent(ValueError):
    """A journal file that cannot be replayed; the message says why, the file is left as is."""


def event_files(directory: Path) -> list[tuple[EventName | None, str]]:
    """The directory's event files (paths as strings: a replay reads thousands) in replay
    order; a ``.json`` file whose name is not an event's comes first, with no name (it is
    reported, not replayed)."""
    try:
        entries = [e for e in os.listdir(directory) if e.endswith(".json") and not e.startswith(".")]
    except FileNotFoundError:
        return []
    named = [(EventName.parse(e), os.path.join(directory, e)) for e in entries]
    return sorted(named, key=lambda n: (n[0] is not None, n[0] or EventName("", ""), n[1]))


def read_event(name: EventName, path: str) -> Event:
    """An event file, its shape checked (not its records: replay validates those). A
    symbolic link in its place is refused, not followed."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        with open(fd, "rb") as f:
            data = orjson.loads(f.read())
    except orjson.JSONDecodeError as e:
        raise BadEvent(_("not valid JSON ({why})").format(why=e.args[0] if e.args else e)) from None
    except OSError as e:
        raise BadEvent(_("cannot be read ({why})").format(why=e.strerror or e)) from None
    if not isinstance(data, dict):
        raise BadEvent(_("not a JSON object"))
    if data.get("v") != FORMAT:
        raise BadEvent(_("format {version}: written by another version of okr-checkin").format(
            version=repr(data.get("v"))))
    seen, changes = data.get("seen", {}), data.get("changes")
    if not isinstance(seen, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in seen.items()):
        raise BadEvent(_("'seen' is not an object of host names and clocks"))
    if not isinstance(changes, list) or not changes:
        raise BadEvent(_("no list of changes"))
    for c in changes:
        if not (isinstance(c, dict) and isinstance(c.get("t"), str) and isinstance(c.get("k"), list)
                and all(isinstance(k, str) for k in c["k"]) and isinstance(c.get("set"), dict)
                and isinstance(c.get("was", {}), dict) and isinstance(c.get("new", False), bool)
                and isinstance(c.get("gone", False), bool)):
            raise BadEvent(_("a change is not {shape}").format(shape="{t: table, k: [key], set: {fields}}"))
    return Event(name, path, seen, changes)
