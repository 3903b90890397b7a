"""Where the facilitator is, for the followers (`okr follow`): a small live file per meeting.

The facilitator's app marks the state dirty whenever it sends views down or saves a
change, and a timer writes the file at most :data:`PUBLISH_SECONDS` apart, on a thread:
never on the keypress path, and never the cycle file (a cursor move is not an answer).
The file lives beside the cycle files, in ``<store>/live/``, one per cycle, week and
team/owner filter, so several meetings at once each have their own. It is replaced
atomically; followers only stat and read it (no lock: a reader sees the old file or
the new one, whole).

A shared store's directory is writable by the whole group, so ``live/`` or a file in it
may be a symbolic link someone planted: every step goes through a descriptor of the
directory opened without following a link (made, chmod, written, renamed, read). A link
in place of live/ is refused (:class:`LiveRefused`): the meeting goes on without followers.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import re
import secrets
import stat
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import NoneType
from typing import Any, NamedTuple

import orjson

from store.files import file_mode
from tui.i18n import _

LIVE_DIR = "live"
PUBLISH_SECONDS = 0.2  # at most 5 writes a second, however fast the keys come
VERSION = 1
RUNNING, LEFT, ENDED = "running", "left", "ended"  # LEFT: the app quit, the meeting can be resumed
MAX_BYTES = 64 * 1024  # a live file is a few hundred bytes; anything bigger is not one
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
_SURROGATE = re.compile("[\ud800-\udfff]")  # how Python carries bytes that were not UTF-8
_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


def _part(text: str) -> str:
    """``text`` as a file name part; one that had to be changed gets a hash, so two
    teams whose names differ only in such characters keep two files."""
    safe = _UNSAFE.sub("_", text)[:40]
    if safe == text:
        return safe
    return f"{safe}~{hashlib.sha1(text.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"


def live_path(store_dir: Path, cycle: str, week: str, *, team: str = "", owner: str = "") -> Path:
    """The live file of the meeting of ``cycle``/``week`` for this filter."""
    who = f"team-{_part(team)}" if team else f"owner-{_part(owner)}" if owner else "all"
    return store_dir / LIVE_DIR / f"{_part(cycle)}-{_part(week)}-{who}.json"


class LiveState(NamedTuple):
    """What a follower needs to stand where the facilitator stands."""

    cycle: str
    week: str
    team: str
    owner: str
    meeting: str | None  # the meeting's id, once the store gave it one
    facilitator: str
    started: float  # the meeting's start, seconds since the epoch
    position: int  # the objective's index; the number of objectives: the summary
    objective: str | None  # its id, None on the summary
    kr: str | None  # the selected key result's id
    state: str  # RUNNING, LEFT or ENDED
    seq: int = 0  # one more each write
    at: float = 0.0  # when it was written (time.time())
    version: int = VERSION


# what each field of a file must hold; one written by another version, or damaged, is not ours
_TEXT, _ID, _NUMBER, _INT = (str,), (str, NoneType), (int, float), (int,)
_TYPES: dict[str, tuple[type, ...]] = {
    "cycle": _TEXT, "week": _TEXT, "team": _TEXT, "owner": _TEXT, "meeting": _ID, "facilitator": _TEXT,
    "started": _NUMBER, "position": _INT, "objective": _ID, "kr": _ID, "state": _TEXT, "seq": _INT,
    "at": _NUMBER, "version": _INT}


class LiveRefused(Exception):
    """``path`` (live/ or a file in it) is a symbolic link or not what it should be: not followed."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


def _open_dir(folder: Path) -> int:
    """A descriptor of the directory ``folder``, never through a symbolic link in its place."""
    try:
        return os.open(folder, _DIR_FLAGS)
    except OSError as e:
        if e.errno in (errno.ELOOP, errno.ENOTDIR) and folder.is_symlink():  # ENOTDIR: a link to a file
            raise LiveRefused(folder) from None
        raise


def _valid(data: object) -> LiveState | None:
    if not isinstance(data, dict) or data.get("version") != VERSION or set(data) != set(_TYPES):
        return None
    if any(type(data[name]) not in types for name, types in _TYPES.items()):  # type(): no bool for an int
        return None
    if data["state"] not in (RUNNING, LEFT, ENDED):
        return None
    try:
        dt.datetime.fromtimestamp(data["started"], dt.UTC)  # the follower shows the meeting's clock
    except (OverflowError, ValueError, OSError):
        return None
    return LiveState(**data)


def read_live(path: Path) -> LiveState | None:
    """The live file's state; None when there is none (no meeting yet) or it is not ours.
    Raises :class:`LiveRefused` when live/ or the file is a symbolic link."""
    try:
        folder = _open_dir(path.parent)
    except OSError:
        return None
    try:
        fd = os.open(path.name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=folder)
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise LiveRefused(path) from None
        return None
    finally:
        os.close(folder)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # a FIFO would block the follower, a device never end
            return None
        raw = b""
        while len(raw) <= MAX_BYTES and (chunk := os.read(fd, MAX_BYTES + 1 - len(raw))):
            raw += chunk
    except OSError:
        return None
    finally:
        os.close(fd)
    try:
        return None if len(raw) > MAX_BYTES else _valid(orjson.loads(raw))
    except orjson.JSONDecodeError:  # also text that is not UTF-8
        return None


def _utf8(value: object) -> object:
    """Text as UTF-8 can carry it: a lone surrogate (a name from an environment that is not
    UTF-8, such as $USER) becomes U+FFFD, where orjson would refuse the whole file."""
    return _SURROGATE.sub("\ufffd", value) if isinstance(value, str) else value


def refused_warning(path: Path) -> str:
    return _("{path} is a symbolic link; not writing through it: this meeting has no followers").format(path=path)


class LivePublisher:
    """Coalesces the facilitator's moves into at most one write per timer tick."""

    def __init__(self, path: Path, state: Callable[[], dict[str, Any]], *, shared: bool = False,
                 warn: Callable[[str], None] = lambda text: None) -> None:
        self.path = path
        self._state = state  # the fields of a LiveState but seq and at, read on the UI thread
        self._shared = shared
        self._warn = warn  # called once, on the writing thread, if the live file cannot be written safely
        self._dirty = False
        self._idle = threading.Event()  # clear while a thread writes: the next tick waits
        self._idle.set()
        self.seq = 0
        self.refused: Path | None = None  # a link found in place of live/ or the file: no more writes

    def mark(self) -> None:
        """Something followers see may have changed (cheap: the keypress path calls it)."""
        self._dirty = True

    def take(self) -> bytes | None:
        """On the timer: the file's new content if something changed and no write is under way."""
        if not self._dirty or not self._idle.is_set() or self.refused:
            return None
        self._dirty = False
        self._idle.clear()
        return self._encode(self._state())

    def _encode(self, fields: dict[str, Any]) -> bytes:
        self.seq += 1
        state = LiveState(**{k: _utf8(v) for k, v in fields.items()}, seq=self.seq, at=time.time())  # type: ignore[arg-type]
        return orjson.dumps(state._asdict())

    def write(self, data: bytes) -> None:
        """Write what :meth:`take` gave (on a thread). A failure loses one update: the next
        move writes again, and followers keep showing the last one meanwhile. A symbolic
        link in place of live/ or the file is refused once, with a warning, and for good."""
        try:
            self._write(data)
        except LiveRefused as e:
            self.refused = e.path
            self._warn(refused_warning(e.path))
        except OSError:
            self._dirty = True
        finally:
            self._idle.set()

    def _folder(self) -> int:
        """A descriptor of live/, made if missing (like the store's own directory when shared)."""
        folder = self.path.parent
        try:
            os.mkdir(folder, 0o770 if self._shared else 0o700)  # a link in its place: FileExistsError
            made = True
        except FileExistsError:
            made = False
        fd = _open_dir(folder)
        try:
            if made and self._shared:
                os.fchmod(fd, 0o2770)  # the group's files; through the descriptor, not the name
        except BaseException:
            os.close(fd)
            raise
        return fd

    def _write(self, data: bytes) -> None:
        """A temp file in live/, then a rename over the name (a link planted there is replaced,
        never written through), both relative to live/'s descriptor. Not fsynced: followers
        read it from the page cache, and after a crash a torn file reads as no meeting."""
        folder = self._folder()
        name, tmp = self.path.name, f".{self.path.name}.{secrets.token_hex(6)}.tmp"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                         file_mode(self._shared), dir_fd=folder)
            try:
                with os.fdopen(fd, "wb") as f:
                    os.fchmod(f.fileno(), file_mode(self._shared))  # not the umask's
                    f.write(data)
                os.replace(tmp, name, src_dir_fd=folder, dst_dir_fd=folder)
            except BaseException:
                os.unlink(tmp, dir_fd=folder)
                raise
        finally:
            os.close(folder)

    def write_last(self, timeout: float = 1.0) -> None:
        """The last write, as the app stops: after the one a thread may be doing (older).
        A meeting not ended is LEFT: it can be resumed, and followers wait for that."""
        self._idle.wait(timeout)
        if self.refused:
            return
        self._idle.clear()
        fields = self._state()
        if fields["state"] == RUNNING:
            fields["state"] = LEFT
        self.write(self._encode(fields))
