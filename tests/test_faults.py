"""File faults through the CLI and through the meeting's saver.

The CLI: a one-line error, exit status 1, the store byte-identical and what was there
still readable. The app: the error on the status line, the answer kept on screen and
retried until it is written. (The store-level versions are in tests/test_store.py.)
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from store import Cycle, Store

OKR = Path(sys.executable).parent / "okr"
WEEK = "2026-W48"


def okr(*args: str, preexec_fn=None, user: int | None = None) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    cmd = [str(OKR), *args]
    if user is not None:
        cmd = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, preexec_fn=preexec_fn)


def files(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.iterdir()) if p.is_file() and not p.is_symlink()}


def seeded(path: Path) -> Store:
    store = Store.init(path, today=dt.date(2026, 11, 25))
    with store.write(store.cycle()) as tx:
        tx.add_objective(title="Stay up", owner="ana")
        tx.add_key_result("O1", title="Survive faults")
        tx.check_in("O1.1", "2026-W47", progress=40, confidence=7, note="last week")
    store.add_cycle("2027-Q1", dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    return store


def refused(done: subprocess.CompletedProcess[str], *phrases: str) -> str:
    """The command failed with exactly one line on stderr saying ``phrases``."""
    assert done.returncode == 1, (done.returncode, done.stdout, done.stderr)
    [line] = done.stderr.splitlines()
    assert line.startswith("Error: ") and "Traceback" not in done.stderr, line
    for phrase in phrases:
        assert phrase in line, line
    return line


def still_readable(store_path: Path, user: int | None = None) -> None:
    done = okr("list", "--store", str(store_path), "--cycle", "2026-Q4", user=user)
    assert done.returncode == 0, done.stderr
    assert "Survive faults" in done.stdout and "40% in 2026-W47" in done.stdout


CHECKIN = ["checkin", "O1.1", "--week", WEEK, "--progress", "60", "--confidence", "8"]


# -- permissions and read-only file systems ---------------------------------------------------

@pytest.fixture
def world_readable_store() -> Iterator[Store]:
    """A store that another (unprivileged) user can read but not write."""
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        pytest.skip("needs root and setpriv to act as another user")
    base = Path(tempfile.mkdtemp(prefix="okr-faults-"))
    try:
        store = seeded(base / "s")
        for p in [base, *base.rglob("*")]:
            p.chmod(0o755 if p.is_dir() else 0o644)
        yield store
    finally:
        shutil.rmtree(base)


def test_store_dir_not_writable_for_this_user(world_readable_store: Store) -> None:
    store = world_readable_store
    before = files(store.path)
    refused(okr(*CHECKIN, "--store", str(store.path), user=65534), "permission denied", "nothing was changed")
    refused(okr("objective", "add", "x", "--owner", "y", "--store", str(store.path), user=65534),
            "permission denied")
    assert files(store.path) == before
    still_readable(store.path, user=65534)


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 256 KiB tmpfs of the test's own, or a skip where mounting is not allowed."""
    mount = tmp_path / "mnt"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_read_only_file_system(tmpfs: Path) -> None:
    store = seeded(tmpfs / "s")
    before = files(store.path)
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    refused(okr(*CHECKIN, "--store", str(store.path)), "read-only file system", "nothing was changed")
    assert files(store.path) == before
    still_readable(store.path)


def test_disk_full_on_a_small_tmpfs(tmpfs: Path) -> None:
    store = seeded(tmpfs / "s")
    filler = tmpfs / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:  # fill the file system to the last byte
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError as e:
        assert e.errno == errno.ENOSPC
    finally:
        os.close(fd)
    before = files(store.path)
    refused(okr(*CHECKIN, "--note", "x" * 1500, "--store", str(store.path)), "no space left", "nothing was changed")
    assert files(store.path) == before
    assert not [p for p in store.path.iterdir() if p.name.endswith(".tmp")]
    still_readable(store.path)
    filler.unlink()
    assert okr(*CHECKIN, "--store", str(store.path)).returncode == 0  # space again: it just works


def _file_size_limit(limit: int):  # type: ignore[no-untyped-def]
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_disk_full_as_a_file_size_limit(store_dir: Path) -> None:
    """Portable stand-in for a full disk: RLIMIT_FSIZE smaller than the new cycle file."""
    store = seeded(store_dir)
    before = files(store.path)
    size = len(before[store.cycle_path(store.cycle("2026-Q4")).name])
    done = okr(*CHECKIN, "--store", str(store.path), preexec_fn=_file_size_limit(size))
    refused(done, "no space left", "File too large", "nothing was changed")
    assert files(store.path) == before
    assert not [p for p in store.path.iterdir() if p.name.endswith(".tmp")]
    still_readable(store.path)


# -- damaged files ----------------------------------------------------------------------------

def _damage(path: Path, how: str) -> None:
    raw = path.read_bytes()
    if how == "truncated":
        path.write_bytes(raw[: len(raw) // 2])
    elif how == "wrong types":
        data = orjson.loads(raw)
        next(iter(data["checkins"].values()))["progress"] = "lots"
        path.write_bytes(orjson.dumps(data))
    elif how == "future schema":
        data = orjson.loads(raw)
        data["meta"]["1"]["schema_version"] = 99
        path.write_bytes(orjson.dumps(data))


@pytest.mark.parametrize(("how", "says"), [("truncated", "not valid JSON"), ("wrong types", "does not validate"),
                                           ("future schema", "newer okr-checkin")])
def test_damaged_cycle_file(store_dir: Path, how: str, says: str) -> None:
    store = seeded(store_dir)
    path = store.cycle_path(store.cycle("2026-Q4"))
    _damage(path, how)
    before = files(store.path)
    for args in (CHECKIN, ["summary", "--week", WEEK]):
        refused(okr(*args, "--store", str(store.path)), says, path.name)
    assert files(store.path) == before  # never "repaired" by overwriting
    other = okr("list", "--cycle", "2027-Q1", "--store", str(store.path))
    assert other.returncode == 0, other.stderr  # the other cycles are untouched and readable


def test_root_file_from_the_future(store_dir: Path) -> None:
    store = seeded(store_dir)
    data = orjson.loads(store.root_path.read_bytes())
    data["schema_version"] = 99
    store.root_path.write_bytes(orjson.dumps(data))
    before = files(store.path)
    for args in (CHECKIN, ["list"], ["init"]):
        refused(okr(*args, "--store", str(store.path)), "newer okr-checkin", "upgrade")
    assert files(store.path) == before


# -- symbolic links planted in a shared directory ---------------------------------------------

@pytest.fixture
def victim(tmp_path: Path) -> Path:
    path = tmp_path / "victim"
    path.write_text("precious\n")
    return path


def test_lock_replaced_by_a_symlink(store_dir: Path, victim: Path) -> None:
    store = seeded(store_dir)
    lock = store.path / (store.cycle_path(store.cycle("2026-Q4")).name + ".lock")
    lock.unlink()
    lock.symlink_to(victim)
    before = files(store.path)
    refused(okr(*CHECKIN, "--store", str(store.path)), "symbolic link")
    assert victim.read_text() == "precious\n" and files(store.path) == before
    still_readable(store.path)


def test_root_lock_replaced_by_a_symlink(store_dir: Path, victim: Path) -> None:
    store = seeded(store_dir)
    lock = store.path / "okr.json.lock"
    lock.unlink(missing_ok=True)
    lock.symlink_to(victim)
    refused(okr("cycle", "add", "2027-Q2", "--start", "2027-04-01", "--end", "2027-06-30",
                "--store", str(store.path)), "symbolic link")
    assert victim.read_text() == "precious\n"


def test_cycle_file_replaced_by_a_symlink(store_dir: Path, victim: Path) -> None:
    store = seeded(store_dir)
    path = store.cycle_path(store.cycle("2026-Q4"))
    path.unlink()
    path.symlink_to(victim)
    refused(okr(*CHECKIN, "--store", str(store.path)), "symbolic link")
    refused(okr("list", "--store", str(store.path), "--cycle", "2026-Q4"), "symbolic link")
    assert victim.read_text() == "precious\n" and path.is_symlink()


def test_planted_temp_file_symlinks_are_removed_not_followed(store_dir: Path, victim: Path) -> None:
    """Names a writer's temp file could have: the next writer removes them, never writes through."""
    store = seeded(store_dir)
    name = store.cycle_path(store.cycle("2026-Q4")).name
    planted = [store.path / f".{name}.{suffix}.tmp" for suffix in ("abc123", "zzzzzz")]
    for p in planted:
        p.symlink_to(victim)
    done = okr(*CHECKIN, "--store", str(store.path))
    assert done.returncode == 0, done.stderr
    assert victim.read_text() == "precious\n"
    assert not any(p.is_symlink() for p in planted)
    answer = Store.open(store.path).load(store.cycle("2026-Q4")).checkin("O1.1", WEEK)
    assert answer is not None and answer.progress == 60


# -- the meeting's saver -------------------------------------------------------------------------

@pytest.fixture
def cycle(store: Store) -> Cycle:
    cycle = store.cycle("2026-Q4")
    with store.write(cycle) as tx:
        tx.add_objective(title="Stay up", owner="ana")
        tx.add_key_result("O1", title="Survive faults")
        tx.check_in("O1.1", "2026-W47", progress=40, confidence=7)
    return cycle


async def _wait(pilot, condition, what: str, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await pilot.pause(0.05)


async def test_app_disk_full_then_space_again(store: Store, cycle: Cycle, monkeypatch: pytest.MonkeyPatch) -> None:
    """The real error path (OSError ENOSPC inside the atomic write), not a stubbed saver."""
    import store.store as store_module
    from tui.meeting.app import MeetingApp
    from tui.widgets import KRRow, SaveStatus

    real = store_module.atomic_write
    full = {"on": True}

    def atomic_write(path: Path, data: bytes, *, shared: bool = False) -> None:
        if full["on"] and path.name.startswith("cycle-"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(path, data, shared=shared)

    monkeypatch.setattr(store_module, "atomic_write", atomic_write)
    before = files(store.path)
    app = MeetingApp(store, cycle, WEEK)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right", "9")
        await _wait(pilot, lambda: app.save_state == "failed", "the failure to show")
        status = str(app.screen.query_one(SaveStatus).render())
        assert "save failed" in status and "no space left" in status and "nothing was changed" in status
        assert any("Could not save" in str(n.message) for n in app._notifications)
        row = app.screen.query_one(KRRow).content.plain
        assert "50%" in row and "9/10" in row  # kept on screen
        assert files(store.path) == before
        full["on"] = False
        await _wait(pilot, lambda: app.save_state == "saved", "the retry to save")
    answer = store.load(cycle).checkin("O1.1", WEEK)
    assert answer is not None and (answer.progress, answer.confidence) == (50, 9)


async def test_app_cycle_file_damaged_mid_meeting_then_restored(store: Store, cycle: Cycle) -> None:
    from tui.meeting.app import MeetingApp

    path = store.cycle_path(cycle)
    app = MeetingApp(store, cycle, WEEK, facilitator="Fay")  # given: no start dialog
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert await app.flush()  # the meeting record is written ("saved" is said for answers only)
        good = path.read_bytes()
        path.write_bytes(good[: len(good) // 2])
        await pilot.press("right")
        await _wait(pilot, lambda: app.save_state == "failed", "the failure to show")
        assert "not valid JSON" in app.save_error and "left untouched" in app.save_error
        assert path.read_bytes() == good[: len(good) // 2]  # the damaged file is not overwritten
        path.write_bytes(good)  # someone restores it from a backup
        await _wait(pilot, lambda: app.save_state == "saved", "the retry to save")
    answer = store.load(cycle).checkin("O1.1", WEEK)
    assert answer is not None and answer.progress == 50
