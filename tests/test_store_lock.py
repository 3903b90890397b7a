"""The store's inter-process lock (store/lock.py): flock on ``<file>.lock``. It excludes and is
excluded by filelock's (the lock of an okr of an earlier version on the same host), by
another process and by another thread; it gives up after its timeout with one line; the
lock file a shared store makes is the group's whatever the umask; a link is refused."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from filelock import FileLock, Timeout

import store.store as store_module
from store import Store, StoreError
from store.lock import LockTimeout, flocked

OURS = """
import sys
from pathlib import Path
from store.lock import flocked
with flocked(Path(sys.argv[1]), timeout=5, mode=0o600):
    print("locked", flush=True)
    sys.stdin.read()
"""


def test_filelock_cannot_take_the_lock_while_okr_holds_it(tmp_path: Path) -> None:
    lock = tmp_path / "cycle.json.lock"
    child = subprocess.Popen([sys.executable, "-c", OURS, str(lock)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    assert child.stdin is not None and child.stdout is not None
    try:
        assert child.stdout.readline().strip() == "locked"
        with pytest.raises(Timeout):
            FileLock(lock, timeout=0.2).acquire()
        child.stdin.close()
        assert child.wait(timeout=10) == 0
        with FileLock(lock, timeout=5):  # let go: filelock takes it at once
            pass
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def test_okr_waits_for_filelocks_holder_and_then_takes_the_lock(tmp_path: Path) -> None:
    lock = tmp_path / "cycle.json.lock"
    held = FileLock(lock, thread_local=False)
    held.acquire()
    with pytest.raises(LockTimeout):
        with flocked(lock, timeout=0.2, mode=0o600):
            pass
    threading.Timer(0.3, held.release).start()
    started = time.monotonic()
    with flocked(lock, timeout=5, mode=0o600):
        assert time.monotonic() - started >= 0.25


def test_two_threads_of_one_process_take_turns(tmp_path: Path) -> None:
    lock = tmp_path / "cycle.json.lock"
    inside: list[int] = []
    overlaps: list[int] = []

    def work(n: int) -> None:
        for _ in range(20):
            with flocked(lock, timeout=10, mode=0o600):
                inside.append(n)
                if len(inside) > 1:
                    overlaps.append(n)
                time.sleep(0.001)
                inside.remove(n)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert overlaps == [] and inside == []


def test_a_lock_held_too_long_is_one_line_and_the_file_is_unchanged(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store.init(tmp_path / "store")
    cycle = store.cycle()
    path = store.cycle_path(cycle)
    with store.write(cycle) as tx:
        tx.add_objective(title="Ship", owner="Ana")
    before = path.read_bytes()
    monkeypatch.setattr(store_module, "LOCK_TIMEOUT", 0.2)
    with FileLock(f"{path}.lock"), pytest.raises(StoreError, match=r"stayed locked for 0s; is another okr hung\?"):
        with store.write(cycle) as tx:
            tx.add_objective(title="Never", owner="Ana")
    assert path.read_bytes() == before


def test_a_shared_stores_lock_file_is_the_groups_whatever_the_umask(tmp_path: Path) -> None:
    lock = tmp_path / "cycle.json.lock"
    old = os.umask(0o077)
    try:
        with flocked(lock, timeout=1, mode=0o660):
            pass
    finally:
        os.umask(old)
    assert stat.S_IMODE(lock.stat().st_mode) == 0o660


def test_a_link_in_place_of_the_lock_file_is_not_followed(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    lock = tmp_path / "cycle.json.lock"
    lock.symlink_to(target)
    with pytest.raises(OSError), flocked(lock, timeout=1, mode=0o600):
        pass
    assert not target.exists()
