"""Where the facilitator is, for the followers (`okr follow`): a small live file per meeting.

The facilitator's app marks the state dirty whenever it sends views down or saves a
change, and a timer writes the file at most :data:`PUBLISH_SECONDS` apart, on a thread:
never on the keypress path, and never the cycle file (a cursor move is not an answer).
The file lives beside the cycle files, in ``<store>/live/``, one per cycle, week and
team/owner filter, so several meetings at once each have their own. It is replaced
atomically; followers only stat and read it (no lock: a reader sees the old file or
the new one, whole).
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import orjson

from store.files import atomic_write

LIVE_DIR = "live"
PUBLISH_SECONDS = 0.2  # at most 5 writes a second, however fast the keys come
VERSION = 1
RUNNING, LEFT, ENDED = "running", "left", "ended"  # LEFT: the app quit, the meeting can be resumed
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def _part(text: str) -> str:
    """``text`` as a file name part; one that had to be changed gets a hash, so two
    teams whose names differ only in such characters keep two files."""
    safe = _UNSAFE.sub("_", text)[:40]
    if safe == text:
        return safe
    return f"{safe}~{hashlib.sha1(text.encode()).hexdigest()[:8]}"


def live_path(store_dir: Path, cycle: str, week: str, *, team: str = "", owner: str = "") -> Path:
    """The live file of the meeting of ``cycle``/``week`` for this filter."""
    who = f"team-{_part(team)}" if team else f"owner-{_part(owner)}" if owner else "all"
    return store_dir / LIVE_DIR / f"{_part(cycle)}-{week}-{who}.json"


@dataclass(frozen=True)
class LiveState:
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


def read_live(path: Path) -> LiveState | None:
    """The live file's state; None when there is none (no meeting yet) or it is not ours."""
    try:
        data = orjson.loads(path.read_bytes())
        if not isinstance(data, dict) or data.get("version") != VERSION:
            return None
        return LiveState(**data)
    except (OSError, orjson.JSONDecodeError, TypeError):
        return None


class LivePublisher:
    """Coalesces the facilitator's moves into at most one write per timer tick."""

    def __init__(self, path: Path, state: Callable[[], dict[str, Any]], *, shared: bool = False) -> None:
        self.path = path
        self._state = state  # the fields of a LiveState but seq and at, read on the UI thread
        self._shared = shared
        self._dirty = False
        self._idle = threading.Event()  # clear while a thread writes: the next tick waits
        self._idle.set()
        self.seq = 0

    def mark(self) -> None:
        """Something followers see may have changed (cheap: the keypress path calls it)."""
        self._dirty = True

    def take(self) -> bytes | None:
        """On the timer: the file's new content if something changed and no write is under way."""
        if not self._dirty or not self._idle.is_set():
            return None
        self._dirty = False
        self._idle.clear()
        return self._encode(self._state())

    def _encode(self, fields: dict[str, Any]) -> bytes:
        self.seq += 1
        return orjson.dumps(asdict(LiveState(**fields, seq=self.seq, at=time.time())))

    def write(self, data: bytes) -> None:
        """Write what :meth:`take` gave (on a thread). A failure loses one update: the next
        move writes again, and followers keep showing the last one meanwhile."""
        try:
            folder = self.path.parent
            if not folder.is_dir():
                folder.mkdir(mode=0o770 if self._shared else 0o700, exist_ok=True)
                if self._shared:
                    folder.chmod(0o2770)  # like the store's own directory: the group's files
            atomic_write(self.path, data, shared=self._shared)
        except OSError:
            self._dirty = True
        finally:
            self._idle.set()

    def write_last(self, timeout: float = 1.0) -> None:
        """The last write, as the app stops: after the one a thread may be doing (older).
        A meeting not ended is LEFT: it can be resumed, and followers wait for that."""
        self._idle.wait(timeout)
        self._idle.clear()
        fields = self._state()
        if fields["state"] == RUNNING:
            fields["state"] = LEFT
        self.write(self._encode(fields))
