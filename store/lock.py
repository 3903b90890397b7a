"""The inter-process lock of a store file: ``flock(2)`` on ``<file>.lock``, beside it.

Written here rather than taken from filelock, whose import (logging, traceback, its state
machinery: ~13 ms) was the largest part of what `okr checkin` paid over `okr list` (issue
17, measured). What okr needs is small: an exclusive lock, waited for up to a timeout, on
a file that is never reached through a symbolic link. It is the lock filelock's
``UnixFileLock`` takes (flock on the same file, which stays in place), so an okr of an
earlier version on the same host excludes this one and is excluded by it
(tests/test_store_lock.py, both ways). flock belongs to the open file: two
threads of one process, each with its own descriptor, exclude each other too.
"""

from __future__ import annotations

import errno
import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

POLL_SECONDS = 0.05
_BUSY = frozenset({errno.EAGAIN, errno.EACCES})  # EACCES: how some filesystems say "held"


class LockTimeout(Exception):
    """The lock stayed held by another for the whole timeout."""


@contextmanager
def flocked(path: Path, *, timeout: float, mode: int) -> Iterator[None]:
    """Hold the lock file ``path`` (made with ``mode`` if missing; a link there is refused by
    ``O_NOFOLLOW`` with ELOOP) for the ``with`` block."""
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK
    try:
        fd, made = os.open(path, flags | os.O_EXCL, mode), True
    except FileExistsError:
        fd, made = os.open(path, flags, mode), False
    try:
        if made:
            with suppress(PermissionError):
                os.fchmod(fd, mode)  # its group bits are the store's, whatever the umask
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as e:
                if e.errno not in _BUSY:
                    raise
            if time.monotonic() >= deadline:
                raise LockTimeout(str(path))
            time.sleep(POLL_SECONDS)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
