"""A cycle file that is missing, a directory, or unreadable: every command says so in one
line naming the file, and nothing writes over it (a missing file is never recreated empty)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from store import Store, StoreError
from store.errors import MissingFileError
from store.markdown_import import import_markdown
from store.portable import export_json, import_json

OKR = Path(sys.executable).parent / "okr"
TODAY = dt.date(2026, 11, 25)
WEEK = "2026-W48"

COMMANDS = [
    ["list"], ["list", "--format", "json"], ["summary"], ["export"], ["export", "--all"], ["history", "O1.1"],
    ["grade"], ["checkin", "O1.1", "--week", WEEK, "--progress", "60"], ["objective", "add", "New", "--owner", "Bo"],
]


def okr(*args: str | Path, user: bool = False) -> subprocess.CompletedProcess[str]:
    cmd = [str(OKR), *map(str, args)]
    if user:
        cmd = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL, cwd="/")


def refused(done: subprocess.CompletedProcess[str], *phrases: str) -> None:
    assert done.returncode == 1, (done.args, done.stdout, done.stderr)
    [line] = [x for x in done.stderr.splitlines() if not x.startswith("warning: ")]  # a 0777 dir also warns
    assert line.startswith("Error: ") and "Traceback" not in done.stderr, line
    for phrase in phrases:
        assert phrase in line, line


def snapshot(directory: Path) -> dict[str, bytes | None]:
    return {p.name: p.read_bytes() if p.is_file() else None
            for p in sorted(directory.iterdir()) if not p.name.endswith(".lock")}


def seeded(path: Path) -> Store:
    store = Store.init(path, today=TODAY)
    with store.write(store.cycle()) as tx:
        o = tx.add_objective(title="Ship it", owner="Ana")
        k = tx.add_key_result(o.id, title="Signup flow")
        tx.check_in(k.id, "2026-W47", progress=40, confidence=7)
    store.add_cycle("2027-Q1", dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    return store


@pytest.fixture
def filled(store_dir: Path) -> Store:
    return seeded(store_dir)


def export_file(store: Store, tmp_path: Path) -> Path:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(export_json([store.load(store.cycle())])))
    return path


def test_a_deleted_cycle_file_is_missing_not_empty(filled: Store, tmp_path: Path) -> None:
    """It used to read as an empty cycle, and the next checkin wrote a new file over the backup's place."""
    exported = export_file(filled, tmp_path)
    path = filled.cycle_path(filled.cycle())
    path.unlink()
    before = snapshot(filled.path)
    for args in COMMANDS:
        refused(okr(*args, "--store", filled.path),
                f"cycle 2026-Q4's file {path.name} is missing from {filled.path}", "restore it from a backup")
    refused(okr("import", exported, "--store", filled.path), "is missing")
    assert snapshot(filled.path) == before and not path.exists()
    # The other cycle is fine, and adding one still works.
    assert okr("list", "--cycle", "2027-Q1", "--store", filled.path).returncode == 0
    assert okr("cycle", "add", "2027-Q2", "--start", "2027-04-01", "--end", "2027-06-30",
               "--store", filled.path).returncode == 0
    assert not path.exists()


def test_a_missing_cycle_file_in_the_store_api(filled: Store) -> None:
    cycle = filled.cycle()
    filled.load(cycle)  # cached: a cache must not hide that the file went away
    filled.cycle_path(cycle).unlink()
    with pytest.raises(MissingFileError, match="restore it from a backup"):
        filled.load(cycle)
    with pytest.raises(MissingFileError), filled.write(cycle) as tx:
        tx.add_objective(title="x", owner="y")
    text = "## Cycle 2026-Q4\n- start: 2026-10-01\n- end: 2026-12-31\n\n### New\n- owner: Bo\n"
    with pytest.raises(MissingFileError):
        import_markdown(filled, text)
    assert not filled.cycle_path(cycle).exists()


def test_a_cycle_file_that_is_a_directory(filled: Store, tmp_path: Path) -> None:
    exported = export_file(filled, tmp_path)
    path = filled.cycle_path(filled.cycle())
    path.unlink()
    path.mkdir()
    before = snapshot(filled.path)
    for args in COMMANDS:
        refused(okr(*args, "--store", filled.path), f"cannot read {path}: it is a directory")
    refused(okr("import", exported, "--store", filled.path), "it is a directory")
    assert snapshot(filled.path) == before and path.is_dir()


def test_a_root_file_that_is_a_directory(filled: Store) -> None:
    filled.root_path.unlink()
    filled.root_path.mkdir()
    refused(okr("list", "--store", filled.path), f"cannot read {filled.root_path}: it is a directory")


def test_an_unreadable_cycle_file_in_the_store_api(filled: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Root reads anything: the PermissionError is injected here (the CLI test runs as nobody)."""
    path = filled.cycle_path(filled.cycle())
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    with pytest.raises(StoreError, match=f"cannot read {path}: permission denied"):
        Store.open(filled.path).load(filled.cycle())


@pytest.fixture
def world_readable() -> Iterator[Store]:
    """A store that nobody may read but its root file (outside pytest's 0700 tmp)."""
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        pytest.skip("needs root and setpriv to act as another user")
    base = Path(tempfile.mkdtemp(prefix="okr-unreadable-"))
    try:
        store = seeded(base / "s")
        for p in [base, *base.rglob("*")]:
            p.chmod(0o777 if p.is_dir() else 0o666)
        store.cycle_path(store.cycle()).chmod(0o000)
        yield store
    finally:
        shutil.rmtree(base)


def test_an_unreadable_cycle_file_through_the_cli(world_readable: Store) -> None:
    path = world_readable.cycle_path(world_readable.cycle())
    before = snapshot(world_readable.path)
    for args in COMMANDS:
        refused(okr(*args, "--store", world_readable.path, user=True), f"cannot read {path}: permission denied")
    assert snapshot(world_readable.path) == before


def test_an_import_into_a_cycle_whose_file_is_missing_is_refused(filled: Store, tmp_path: Path) -> None:
    doc = export_json([filled.load(filled.cycle("2027-Q1"))])
    filled.cycle_path(filled.cycle("2027-Q1")).unlink()
    before = snapshot(filled.path)
    with pytest.raises(MissingFileError, match="cycle 2027-Q1's file"):
        import_json(filled, doc)
    assert snapshot(filled.path) == before
