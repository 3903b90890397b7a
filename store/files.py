"""Atomic, permission-aware file writes and safe reads.

A write goes to a temp file in the same directory, is fsynced, replaces the target
with ``os.replace`` and then the directory is fsynced: a crash leaves either the old
file or the new one, never a torn one. Readers need no lock for that reason.
"""

from __future__ import annotations

import errno
import glob
import os
import stat
from collections.abc import Callable
from pathlib import Path

import orjson

from .errors import CorruptFileError, InvalidInputError, StoreError
from .i18n import _


def file_mode(shared: bool) -> int:
    return 0o660 if shared else 0o600


def open_temp(path: Path, *, shared: bool) -> tuple[int, Path]:
    """A new file beside ``path``, ``.NAME.<random>.tmp``, open for writing, mode 0600 (0660
    shared): what ``tempfile.mkstemp`` does (O_EXCL, no link followed), without its imports
    (shutil, and through it zlib, bz2, lzma: ~5 ms of every `okr checkin`, issue 17)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    while True:
        tmp = path.with_name(f".{path.name}.{os.urandom(6).hex()}.tmp")
        try:
            fd = os.open(tmp, flags, 0o600)
        except FileExistsError:  # 48 random bits taken already: another name
            continue
        try:
            os.fchmod(fd, file_mode(shared))  # the umask does not decide a shared store's group bits
        except BaseException:
            os.close(fd)
            os.unlink(tmp)
            raise
        return fd, tmp


def write_temp(path: Path, data: bytes, *, shared: bool) -> Path:
    """``data`` in a durable temp file beside ``path`` (``.NAME.*.tmp``), which is not touched yet."""
    fd, tmp = open_temp(path, shared=shared)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp


def atomic_write(path: Path, data: bytes, *, shared: bool = False) -> None:
    """Replace ``path`` with ``data`` atomically and durably."""
    tmp = write_temp(path, data, shared=shared)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def write_export(path: Path, data: bytes, *, shared: bool = False) -> None:
    """Write a file the user named, outside the store, the way the store writes its own: a
    temp file beside it, then a rename over the name. A symbolic link in that place (planted
    in a shared directory) is refused, never written through; the file is 0600 (0660 for a
    shared store), not the umask's 0644."""
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        found = None
    except OSError as e:
        raise _not_written(path, e) from None
    if found and stat.S_ISLNK(found.st_mode):
        raise StoreError(_("{path} is a symbolic link; refusing to write through it (nothing was written)").format(
            path=path))
    if found and stat.S_ISDIR(found.st_mode):
        raise StoreError(_("{path} is a directory; give a file name (nothing was written)").format(path=path))
    if found and not stat.S_ISREG(found.st_mode):  # a FIFO or a device: the rename would replace it
        raise StoreError(_("{path} is not a regular file; refusing to replace it (nothing was written)").format(
            path=path))
    try:
        atomic_write(path, data, shared=shared)
    except OSError as e:
        raise _not_written(path, e) from None


def _not_written(path: Path, e: OSError) -> StoreError:
    """One line naming the file the user gave (not the temp file beside it)."""
    return StoreError(_("cannot write {path}: {error} (nothing was written)").format(path=path, error=e.strerror or e))


def refuse_links_in(directory: Path) -> None:
    """Before a store is shared: no symbolic link in it, at any depth. The group's files
    would be written through a link someone planted there (the store never follows one)."""
    for folder, dirs, files in os.walk(directory):
        for name in (*dirs, *files):
            if os.path.islink(found := os.path.join(folder, name)):
                raise StoreError(_("{path} is a symbolic link; refusing to share a store with a link in it "
                                   "(nothing was changed)").format(path=found))


def chmod_dir(path: Path, change: Callable[[int], int]) -> tuple[int, int]:
    """Give the directory ``path`` the mode ``change(its mode)``, through a descriptor opened
    without following a link in its place (one swapped in meanwhile is refused, not changed);
    the modes before and after."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError as e:
        if e.errno not in (errno.ELOOP, errno.ENOTDIR) or not path.is_symlink():  # Linux says ENOTDIR
            raise
        raise StoreError(_("{path} is a symbolic link; make the store in a directory of its own, not through "
                           "a link (nothing was changed)").format(path=path)) from None
    try:
        before = stat.S_IMODE(os.fstat(fd).st_mode)
        after = change(before)
        if after != before:
            os.fchmod(fd, after)
        return before, after
    finally:
        os.close(fd)


def remove_stale_temps(path: Path) -> None:
    """Delete temp files that a writer killed mid-write left beside ``path``.

    Only safe while holding ``path``'s lock: every writer of ``path`` holds it too.
    """
    for tmp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        tmp.unlink(missing_ok=True)


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_bytes(path: Path) -> bytes:
    """A store file's bytes; a symbolic link in its place is refused, not followed."""
    if path.is_symlink():
        raise StoreError(_("{path} is a symbolic link; refusing to follow it").format(path=path))
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise  # the caller knows what a missing file means
    except PermissionError:
        raise StoreError(_("cannot read {path}: permission denied").format(path=path)) from None
    except IsADirectoryError:
        raise StoreError(_("cannot read {path}: it is a directory, not a file; move it away or restore "
                           "the file from a backup").format(path=path)) from None
    except OSError as e:
        raise StoreError(_("cannot read {path}: {error}").format(path=path, error=e.strerror or e)) from None


def parse_json(path: Path, raw: bytes) -> dict:
    """Parse a JSON object; a file that does not parse is reported, never rewritten."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as e:
        raise CorruptFileError(
            _("{path} is not valid JSON ({error}); "
              "it was left untouched - restore it from a backup or fix it by hand").format(
                path=path, error=e.args[0] if e.args else e)
        ) from None
    if not isinstance(data, dict):
        raise CorruptFileError(_("{path} should hold a JSON object; it was left untouched").format(path=path))
    return data


def dump_json(data: dict) -> bytes:
    """The bytes of a store file. Text that is not UTF-8 (a lone surrogate: a name typed in a
    terminal that is not UTF-8) is refused, as what the store does not accept: it never could be.
    The newline is orjson's (``OPT_APPEND_NEWLINE``): ``+ b"\\n"`` copied a cycle's bytes once more."""
    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE)
    except orjson.JSONEncodeError as e:
        if "UTF-8" not in str(e):
            raise
        raise InvalidInputError(_("some text is not valid UTF-8 (typed in a terminal that is not UTF-8?); "
                                  "nothing was written")) from None
