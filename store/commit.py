"""Several store files changed as one (an import: its cycles and the root file).

First every new content is written beside its file (temp file, fsync): a full disk or a
quota fails there, before any file changed. Then each temp file replaces its file, the
root file last, and the directory is fsynced. Should a replace fail, the files already
replaced get their old bytes back and the ones that did not exist are removed.

Temp files are made by ``write_temp`` (store/files.py), as ``atomic_write``'s are
(``.NAME.*.tmp``): a crash leaves nothing that the next writer of that file does not
remove (``remove_stale_temps``).
The caller holds the lock of every file it passes.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from .errors import StoreError
from .files import atomic_write, fsync_dir, write_temp
from .i18n import _

T = TypeVar("T")


class WriteError(OSError):
    """The OSError of a commit, with the file it was writing (``path``)."""

    def __init__(self, path: Path, error: OSError) -> None:
        super().__init__(error.errno, error.strerror, str(path))
        self.path = path


class Change(NamedTuple):
    """A file's new bytes, and its old ones (None: there is no file yet)."""

    path: Path
    new: bytes
    old: bytes | None


def commit(changes: list[Change], *, shared: bool) -> None:
    """Apply every change or none; in their order, so put the root file last."""
    temps: list[Path] = []
    try:
        for change in changes:
            temps.append(_named(change.path, write_temp, change.path, change.new, shared=shared))
    except BaseException:
        for tmp in temps:
            tmp.unlink(missing_ok=True)
        raise
    done: list[Change] = []
    try:
        for change, tmp in zip(changes, temps):
            _named(change.path, os.replace, tmp, change.path)
            done.append(change)
        for directory in {c.path.parent for c in changes}:
            fsync_dir(directory)
    except BaseException:
        for tmp in temps[len(done):]:
            tmp.unlink(missing_ok=True)
        _back_out(done, shared=shared)
        raise


def _named(path: Path, call: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    try:
        return call(*args, **kwargs)
    except OSError as e:
        raise WriteError(path, e) from e


def _back_out(done: list[Change], *, shared: bool) -> None:
    """Undo the replaces that went through, last first."""
    for change in reversed(done):
        try:
            if change.old is None:
                change.path.unlink(missing_ok=True)
            else:
                atomic_write(change.path, change.old, shared=shared)
        except OSError as e:
            raise StoreError(
                _("a write failed half-way and {path} could not be put back ({error}); restore it from a backup")
                .format(path=change.path, error=e.strerror or e)
            ) from None
