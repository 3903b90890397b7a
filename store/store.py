"""The store: a directory with a root file and one TinyDB JSON file per cycle.

Reads need no lock (writes are atomic renames). Every read-modify-write of a file
holds an inter-process lock on that file for the whole operation, so several people
writing the same cycle over SSH never lose each other's answers.
"""

from __future__ import annotations

import datetime as dt
import errno
import getpass
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import platformdirs
from filelock import FileLock, Timeout
from pydantic import ValidationError

from .cycle_data import CycleData
from .cycle_file import CycleState
from .cycle_tx import CycleTx
from .errors import CorruptFileError, NoStoreError, NotFoundError, SchemaTooNewError, StoreError
from .files import atomic_write, dump_json, read_bytes, read_json, remove_stale_temps
from .models import SCHEMA_VERSION, Cycle, Root, Settings
from .validation import build, one_line
from .weeks import quarter_of

ROOT_FILE = "okr.json"
LOCK_TIMEOUT = 30.0


def default_store_path() -> Path:
    env = os.environ.get("OKR_STORE")
    return Path(env) if env else Path(platformdirs.user_data_dir("okr-checkin"))


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry (containers): still usable
        return str(os.getuid())


@contextmanager
def locked(path: Path, *, shared: bool) -> Iterator[None]:
    """Hold the inter-process lock that guards ``path``'s read-modify-write."""
    lock_path = path.with_name(path.name + ".lock")
    if lock_path.is_symlink():
        raise StoreError(f"{lock_path} is a symbolic link; refusing to use it as a lock")
    lock = FileLock(lock_path, timeout=LOCK_TIMEOUT, mode=0o660 if shared else 0o600,
                    thread_local=False)
    try:
        with lock:
            remove_stale_temps(path)
            yield
    except Timeout:
        raise StoreError(f"{path.name} stayed locked for {LOCK_TIMEOUT:.0f}s; is another okr hung?") from None


@contextmanager
def os_errors(path: Path) -> Iterator[None]:
    """Say in one line what a failed write means; the file on disk is unchanged."""
    try:
        yield
    except PermissionError:
        raise StoreError(f"cannot write in {path.parent}: permission denied; nothing was changed") from None
    except OSError as e:
        if e.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            raise StoreError(f"no space left to write {path.name} ({e.strerror}); nothing was changed") from None
        if e.errno == errno.EROFS:
            raise StoreError(f"{path.parent} is on a read-only file system; nothing was changed") from None
        if e.errno in (errno.ENOTDIR, errno.EEXIST):
            raise StoreError(f"cannot use {path.parent} as a store directory: a part of that path is a file; "
                             "nothing was changed") from None
        raise


class Store:
    """One store directory.

    It keeps the last validated state of each cycle it touched, reused only while
    the file still holds exactly the bytes it was read from or written as: another
    process's write always changes them, so nothing stale is ever served, and a save
    costs a read and compare, not a parse and validation of the whole cycle.
    Safe to share between threads (the meeting saves off the UI thread).
    """

    def __init__(self, path: Path, root: Root) -> None:
        self.path = path
        self.root = root
        self._states: dict[Path, CycleState] = {}
        self._mutex = threading.RLock()

    # -- opening ------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | None = None) -> Store:
        path = Path(path) if path else default_store_path()
        root_path = path / ROOT_FILE
        if not root_path.exists():
            raise NoStoreError(f"no store at {path}; create one with: okr init --store {path}")
        return cls(path, cls._load_root(root_path))

    @classmethod
    def init(cls, path: Path | None = None, *, shared: bool = False, today: dt.date | None = None,
             first_cycle: tuple[str, dt.date, dt.date] | None = None) -> Store:
        """Create the store (if missing) with a first cycle: by default the current quarter."""
        path = Path(path) if path else default_store_path()
        with os_errors(path / ROOT_FILE):
            path.mkdir(parents=True, exist_ok=True, mode=0o770 if shared else 0o700)
            if shared:
                os.chmod(path, 0o2770)
            root_path = path / ROOT_FILE
            if not root_path.exists():
                with locked(root_path, shared=shared):
                    if not root_path.exists():
                        root = Root(settings=Settings(shared=shared))
                        atomic_write(root_path, dump_json(root.model_dump(mode="json")), shared=shared)
        store = cls.open(path)
        if not store.root.cycles:
            store.add_cycle(*(first_cycle or quarter_of(today or dt.date.today())))
        return store

    @staticmethod
    def _load_root(root_path: Path) -> Root:
        data = read_json(root_path)
        version = data.get("schema_version")
        if not isinstance(version, int):
            raise CorruptFileError(f"{root_path} has no schema_version; it was left untouched")
        if version > SCHEMA_VERSION:
            raise SchemaTooNewError(
                f"{root_path.parent} was written by a newer okr-checkin (schema {version}; "
                f"this one reads up to {SCHEMA_VERSION}); upgrade okr-checkin to open it"
            )
        try:
            return Root.model_validate(data)
        except ValidationError as e:
            raise CorruptFileError(f"{root_path} does not validate ({one_line(e)}); it was left untouched") from None

    @property
    def shared(self) -> bool:
        return self.root.settings.shared

    @property
    def root_path(self) -> Path:
        return self.path / ROOT_FILE

    def reload(self) -> None:
        self.root = self._load_root(self.root_path)

    @contextmanager
    def update_root(self) -> Iterator[Root]:
        """Read-modify-write the root file under its lock; yields a fresh copy to change."""
        with os_errors(self.root_path), locked(self.root_path, shared=self.shared):
            root = self._load_root(self.root_path)
            yield root
            try:
                root = Root.model_validate(root.model_dump())
            except ValidationError as e:
                raise StoreError(one_line(e)) from None
            atomic_write(self.root_path, dump_json(root.model_dump(mode="json")), shared=self.shared)
        self.root = root

    # -- cycles -------------------------------------------------------------
    def cycles(self) -> list[Cycle]:
        return sorted(self.root.cycles, key=lambda c: c.start)

    def add_cycle(self, name: str, start: dt.date, end: dt.date) -> Cycle:
        cycle = build(Cycle, name=name, start=start, end=end)
        with self.update_root() as root:
            if any(c.name == name for c in root.cycles):
                raise StoreError(f"cycle {name} exists already")
            clash = next((c for c in root.cycles if c.start <= end and start <= c.end), None)
            if clash:
                raise StoreError(f"cycle {name} overlaps cycle {clash.name} ({clash.start} to {clash.end})")
            root.cycles.append(cycle)
            with self.write(cycle):
                pass  # creates the (empty) cycle file
        return cycle

    def cycle(self, name: str | None = None, *, today: dt.date | None = None) -> Cycle:
        """A cycle by name; by default the one running today, else the latest started."""
        cycles = self.cycles()
        if not cycles:
            raise NotFoundError(f"the store at {self.path} has no cycle; add one with: okr cycle add")
        if name:
            for c in cycles:
                if c.name == name:
                    return c
            raise NotFoundError(f"no cycle named {name!r} (have: {', '.join(c.name for c in cycles)})")
        today = today or dt.date.today()
        running = [c for c in cycles if c.start <= today <= c.end]
        if running:
            return running[-1]
        started = [c for c in cycles if c.start <= today]
        return started[-1] if started else cycles[0]

    def cycle_path(self, cycle: Cycle) -> Path:
        return self.path / cycle.file_name

    def load(self, cycle: Cycle) -> CycleData:
        """Everything in one cycle, from one read of its file."""
        with self._mutex:
            return self._state(self.cycle_path(cycle)).snapshot(cycle)

    def _state(self, path: Path) -> CycleState:
        try:
            raw = read_bytes(path)
        except FileNotFoundError:
            raw = None
        state = self._states.get(path)
        if state is None or state.raw != raw:
            state = self._states[path] = CycleState(path, raw)
        return state

    @contextmanager
    def write(self, cycle: Cycle) -> Iterator[CycleTx]:
        """A read-modify-write of one cycle: locked throughout, committed atomically once."""
        path = self.cycle_path(cycle)
        with self._mutex, os_errors(path), locked(path, shared=self.shared):
            state = self._state(path)
            try:
                tx = CycleTx(cycle, state, self.root.settings.thresholds)
                yield tx
                if tx.dirty or state.raw is None:
                    raw = dump_json(state.storage.data)
                    atomic_write(path, raw, shared=self.shared)
                    state.raw, state.storage.dirty = raw, False
            except BaseException:
                del self._states[path]  # changed in memory but not on disk
                raise

    # -- per-user settings ----------------------------------------------------
    def user_pref(self, key: str, default: object = None) -> object:
        return self.root.settings.users.get(current_user(), {}).get(key, default)

    def set_user_prefs(self, **prefs: str | list[str]) -> None:
        with self.update_root() as root:
            root.settings.users.setdefault(current_user(), {}).update(prefs)
