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
import stat
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from .cycle_data import CycleData
from .cycle_file import CycleState
from .errors import CorruptFileError, MissingFileError, NoStoreError, NotFoundError, SchemaTooNewError, StoreError
from .files import (
    atomic_write,
    chmod_dir,
    dump_json,
    file_mode,
    parse_json,
    read_bytes,
    refuse_links_in,
    remove_stale_temps,
)
from .i18n import _
from .models import SCHEMA_VERSION, Cycle, Root, Settings
from .validation import invalid, one_line
from .weeks import quarter_of

if TYPE_CHECKING:  # the write side, imported where a write begins: a read needs none of it (~1 ms)
    from .cycle_tx import CycleTx
    from .store_tx import StoreTx

ROOT_FILE = "okr.json"
LOCK_TIMEOUT = 30.0


def _loose_bits(path: Path, shared: bool) -> tuple[int, str] | None:
    """The directory's mode and the chmod that fixes it, when others may write it (o+w;
    g+w too for a private store)."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None
    loose = mode & (0o002 if shared else 0o022)
    return (mode, "o-w" if shared else "go-w") if loose else None


def default_store_path() -> Path:
    env = os.environ.get("OKR_STORE")
    if env:
        return Path(env)
    import platformdirs  # here, not at the top: it imports tempfile, and most runs name their store

    return Path(platformdirs.user_data_dir("okr-checkin"))


def current_user() -> str:
    """Who runs okr: $LOGNAME/$USER (getpass), else the passwd entry, else the uid. A name
    that is not printable (bytes of the environment that were not UTF-8) is passed over:
    the store could not hold it as an author or facilitator."""
    import pwd

    for lookup in (getpass.getuser, lambda: pwd.getpwuid(os.getuid()).pw_name):
        try:
            name = lookup()
        except Exception:  # no passwd entry (containers): still usable
            continue
        if name and name.isprintable():
            return name
    return str(os.getuid())


@contextmanager
def locked(path: Path, *, shared: bool) -> Iterator[None]:
    """Hold the inter-process lock that guards ``path``'s read-modify-write."""
    from .lock import LockTimeout, flocked

    lock_path = path.with_name(path.name + ".lock")
    if lock_path.is_symlink():
        raise StoreError(_("{path} is a symbolic link; refusing to use it as a lock").format(path=lock_path))
    try:
        with flocked(lock_path, timeout=LOCK_TIMEOUT, mode=file_mode(shared)):
            remove_stale_temps(path)
            yield
    except LockTimeout:
        raise StoreError(_("{name} stayed locked for {seconds:.0f}s; is another okr hung?").format(
            name=path.name, seconds=LOCK_TIMEOUT)) from None


@contextmanager
def os_errors(path: Path) -> Iterator[None]:
    """Say in one line what a failed write means; the file on disk is unchanged.

    A multi-file commit (store/commit.py) says which file it failed on."""
    try:
        yield
    except OSError as e:
        from .commit import WriteError

        explained = _explained(e.path if isinstance(e, WriteError) else path, e)
        if explained is None:
            raise
        raise explained from None


def _explained(path: Path, e: OSError) -> StoreError | None:
    if e.errno in (errno.EACCES, errno.EPERM):
        return StoreError(_("cannot write in {dir}: permission denied; nothing was changed").format(dir=path.parent))
    if e.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return StoreError(_("no space left to write {name} ({error}); nothing was changed").format(
            name=path.name, error=e.strerror))
    if e.errno == errno.EROFS:
        return StoreError(_("{dir} is on a read-only file system; nothing was changed").format(dir=path.parent))
    if e.errno in (errno.ENOTDIR, errno.EEXIST):
        return StoreError(_("cannot use {dir} as a store directory: a part of that path is a file; nothing was "
                            "changed").format(dir=path.parent))
    return None


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
        self.warnings: list[str] = []  # one line each, for the command to print (store/ prints nothing)

    # -- opening ------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | None = None) -> Store:
        path = Path(path) if path else default_store_path()
        root_path = path / ROOT_FILE
        if not root_path.exists():
            raise NoStoreError(_("no store at {path}; create one with: okr init --store {path}").format(path=path))
        store = cls(path, cls._load_root(root_path))
        if loose := _loose_bits(path, store.shared):
            # Its files are 0600/0660, but whoever may write the directory may replace them.
            store.warnings.append(_("warning: {path} can be written by others (mode {mode:o}); fix it with: "
                                    "chmod {bits} {path}").format(path=path, mode=loose[0], bits=loose[1]))
        return store

    @classmethod
    def init(cls, path: Path | None = None, *, shared: bool = False, today: dt.date | None = None,
             first_cycle: tuple[str, dt.date, dt.date] | None = None) -> Store:
        """Create the store (if missing) with a first cycle: by default the current quarter."""
        path = Path(path) if path else default_store_path()
        if path.is_symlink():
            raise StoreError(_("{path} is a symbolic link; make the store in a directory of its own, not through "
                               "a link (nothing was changed)").format(path=path))
        with os_errors(path / ROOT_FILE):
            path.mkdir(parents=True, exist_ok=True, mode=0o770 if shared else 0o700)
            loose = _loose_bits(path, shared)
            if shared:
                refuse_links_in(path)  # the group would write through them
                before, after = chmod_dir(path, lambda _mode: 0o2770)
            elif loose:  # init is the user's word to set the store up: others' write goes
                before, after = chmod_dir(path, lambda mode: mode & ~0o022)
            root_path = path / ROOT_FILE
            if not root_path.exists():
                with locked(root_path, shared=shared):
                    if not root_path.exists():
                        root = Root(settings=Settings(shared=shared))
                        atomic_write(root_path, dump_json(root.model_dump(mode="json")), shared=shared)
        store = cls.open(path)
        if loose:
            store.warnings.append(_("{path} could be written by others (mode {before:o}): its files could be "
                                    "replaced; okr init made it {after:o}").format(path=path, before=before,
                                                                                  after=after))
        if not store.root.cycles:
            store.add_cycle(*(first_cycle or quarter_of(today or dt.date.today())))
        return store

    @staticmethod
    def _load_root(root_path: Path, raw: bytes | None = None) -> Root:
        data = parse_json(root_path, read_bytes(root_path) if raw is None else raw)
        version = data.get("schema_version")
        if not isinstance(version, int):
            raise CorruptFileError(_("{path} has no schema_version; it was left untouched").format(path=root_path))
        if version > SCHEMA_VERSION:
            raise SchemaTooNewError(
                _("{path} was written by a newer okr-checkin (schema {version}; "
                  "this one reads up to {supported}); upgrade okr-checkin to open it").format(
                    path=root_path.parent, version=version, supported=SCHEMA_VERSION)
            )
        try:
            return Root.model_validate(data)
        except ValidationError as e:
            raise CorruptFileError(_("{path} does not validate ({problem}); it was left untouched").format(
                path=root_path, problem=one_line(e))) from None

    @property
    def shared(self) -> bool:
        return self.root.settings.shared

    @property
    def root_path(self) -> Path:
        return self.path / ROOT_FILE

    @contextmanager
    def update_root(self) -> Iterator[Root]:
        """Read-modify-write the root file under its lock; yields a fresh copy to change."""
        from . import journal  # here, not at the top: only a write journals (in a synced store)

        with os_errors(self.root_path), locked(self.root_path, shared=self.shared):
            before = read_bytes(self.root_path)
            root = self._load_root(self.root_path, before)
            yield root
            try:
                root = Root.model_validate(root.model_dump())
            except ValidationError as e:
                raise invalid(e) from None
            raw = dump_json(root.model_dump(mode="json"))
            events = journal.events(self, root=(before, root))  # none unless synced fields changed
            if events:
                from .commit import Change, commit

                commit([*events, Change(self.root_path, raw, before)], shared=self.shared)
            else:
                atomic_write(self.root_path, raw, shared=self.shared)
        self.root = root

    @contextmanager
    def transaction(self) -> Iterator[StoreTx]:
        """Change several cycles and the root file as one: all files are written or none."""
        from .store_tx import StoreTx

        with self._mutex, os_errors(self.root_path), ExitStack() as locks:
            locks.enter_context(locked(self.root_path, shared=self.shared))
            raw = read_bytes(self.root_path)
            tx = StoreTx(self, self._load_root(self.root_path, raw), raw, locks)
            yield from _committed(tx)
        self.root = tx.root

    @classmethod
    @contextmanager
    def creating(cls, path: Path) -> Iterator[StoreTx]:
        """A new store at ``path`` holding what the block adds, or nothing: should anything
        fail, no file (not even a lock file) and no directory of it is left."""
        from .store_tx import StoreTx

        path = Path(path)
        made = [p for p in (path, *path.parents) if not p.exists()]  # deepest first
        store = cls(path, Root())
        there: set[Path] | None = None  # the lock files there were before
        try:
            with store._mutex, os_errors(store.root_path), ExitStack() as stack:
                path.mkdir(parents=True, exist_ok=True, mode=0o700)
                there = set(path.glob("*.lock"))
                stack.enter_context(locked(store.root_path, shared=False))
                if store.root_path.exists():  # another okr made it meanwhile: its files, its locks
                    there = None
                    raise StoreError(_("a store appeared at {path} meanwhile; nothing was imported").format(path=path))
                tx = StoreTx(store, store.root, None, stack)
                yield from _committed(tx)
        except BaseException:
            # What is left is this transaction's lock files: the commit wrote nothing or took it back.
            for lock in set(path.glob("*.lock")) - there if there is not None else ():
                lock.unlink(missing_ok=True)
            for directory in made:
                with suppress(OSError):  # not empty: someone else's now
                    directory.rmdir()
            raise
        store.root = tx.root

    # -- cycles -------------------------------------------------------------
    def cycles(self) -> list[Cycle]:
        return sorted(self.root.cycles, key=lambda c: c.start)

    def add_cycle(self, name: str, start: dt.date, end: dt.date) -> Cycle:
        """A new, empty cycle: its file and the root file are written as one."""
        with self.transaction() as tx:
            return tx.add_cycle(name, start, end).cycle

    def cycle(self, name: str | None = None, *, today: dt.date | None = None) -> Cycle:
        """A cycle by name; by default the one running today, else the latest started."""
        cycles = self.cycles()
        if not cycles:
            raise NotFoundError(_("the store at {path} has no cycle; add one with: okr cycle add").format(path=self.path))
        if name:
            for c in cycles:
                if c.name == name:
                    return c
            raise NotFoundError(_("no cycle named {name!r} (have: {have})").format(
                name=name, have=", ".join(c.name for c in cycles)))
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
            return self._state(cycle).snapshot(cycle)

    def load_since(self, cycle: Cycle, generation: int | None) -> tuple[int, CycleData | None]:
        """The cycle's generation (see CycleState) and its data, None if that is still
        ``generation``: the file holds nothing this Store has not read or written itself.
        A meeting rereads after its file moved: most moves are its own saves."""
        with self._mutex:
            state = self._state(cycle)
            state.settle()  # kept, and compared again at each save and reread
            if state.generation == generation:
                return generation, None
            return state.generation, state.snapshot(cycle)

    def _state(self, cycle: Cycle, *, new: bool = False) -> CycleState:
        return self._read(cycle, new=new)[0]

    def _read(self, cycle: Cycle, *, new: bool = False) -> tuple[CycleState, bytes | None]:
        """The cycle's validated content, and the bytes of the file it was found in (None: no
        file). A cycle of the root file whose file is gone is refused (reading it as empty
        would let the next write replace what a backup holds); a ``new`` one starts empty (or
        from a file that an interrupted add left)."""
        path = self.cycle_path(cycle)
        try:
            raw = read_bytes(path)
        except FileNotFoundError:
            if not new:
                raise MissingFileError(
                    _("cycle {cycle}'s file {file} is missing from {store}; restore it from a "
                      "backup (okr does not recreate it empty)").format(cycle=cycle.name, file=path.name,
                                                                         store=self.path)) from None
            raw = None
        state = self._states.get(path)
        if state is None or not state.holds(raw):
            state = self._states[path] = CycleState(path, raw, state)
        return state, state.raw if state.raw is not None else raw  # the bytes kept, not a second copy

    @contextmanager
    def write(self, cycle: Cycle) -> Iterator[CycleTx]:
        """A read-modify-write of one cycle: locked throughout, committed atomically once."""
        from . import journal  # here, not at the top: only a write journals (in a synced store)
        from .commit import Change, commit
        from .cycle_tx import CycleTx

        path = self.cycle_path(cycle)
        with self._mutex, os_errors(path), locked(path, shared=self.shared):
            state, read = self._read(cycle)
            try:
                tx = CycleTx(cycle, state)
                yield tx
                if tx.dirty:
                    events = journal.events(self, [tx])  # none unless the store is synced
                    # The bytes read are needed again only to put the file back should a commit of
                    # several files fail: else they go before the new ones are made, one copy of the
                    # cycle less at a save's peak (a failure forgets the state: see below).
                    old, read, state.raw = (read if events else None), None, None
                    raw = dump_json(state.data)
                    if events:
                        commit([*events, Change(path, raw, old)], shared=self.shared)
                    else:
                        atomic_write(path, raw, shared=self.shared)
                    state.saved(raw)
            except BaseException:
                del self._states[path]  # changed in memory but not on disk
                raise

    # -- per-user settings ----------------------------------------------------
    def user_pref(self, key: str, default: object = None) -> object:
        return self.root.settings.users.get(current_user(), {}).get(key, default)

    def set_user_prefs(self, **prefs: str | list[str]) -> None:
        with self.update_root() as root:
            root.settings.users.setdefault(current_user(), {}).update(prefs)


def _committed(tx: StoreTx) -> Iterator[StoreTx]:
    """The body of a transaction: yield it, then commit; drop what it changed in memory on failure."""
    try:
        yield tx
        tx.commit()
    except BaseException:
        tx.forget()
        raise
