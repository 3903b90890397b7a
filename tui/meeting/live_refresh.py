"""Noticing that another process wrote the cycle file, cheaply.

A stat per poll: the file's (mtime_ns, size, inode). An atomic save replaces the file, so
the inode changes even when a write lands within the clock's resolution with the same size.
Only when the stamp moves is the file read again (by the caller, off the UI thread).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

POLL_SECONDS = 1.0


class Stamp(NamedTuple):
    mtime_ns: int
    size: int
    inode: int


def stamp(path: Path) -> Stamp | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return Stamp(st.st_mtime_ns, st.st_size, st.st_ino)


class FileWatch:
    """Says when a file's stamp moved since the last look."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._last = stamp(path)

    def changed(self) -> bool:
        now = stamp(self.path)
        if now == self._last:
            return False
        self._last = now
        return True
