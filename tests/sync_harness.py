"""Several hosts of one synced store on this machine: a bare repository as the remote,
one store directory per host, git configured in the test's temp dir (never ~/.gitconfig)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from store import Cycle, Store
from store import sync as store_sync

OKR = Path(sys.executable).parent / "okr"
CYCLE = "2026-Q4"
TODAY = dt.date(2026, 11, 25)


def isolate_git(monkeypatch: pytest.MonkeyPatch, directory: Path) -> None:
    """git reads and writes a config of the test's own; commits have a name."""
    config = directory / "gitconfig"
    config.write_text("[user]\n\tname = Test\n\temail = test@example.invalid\n[init]\n\tdefaultBranch = main\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("GIT_DIR", raising=False)


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60, check=True)
    return done.stdout


def okr(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(OKR), *args], capture_output=True, text=True, timeout=120, check=False,
                          env=os.environ.copy(), stdin=subprocess.DEVNULL)


def bare_remote(directory: Path) -> Path:
    remote = directory / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True, timeout=60)
    return remote


def seed(store: Store) -> Cycle:
    """Two objectives, three key results, last week's answers."""
    cycle = store.cycle(CYCLE)
    with store.write(cycle) as tx:
        o1 = tx.add_objective(title="Serve customers well", owner="Ana", team="Support")
        o2 = tx.add_objective(title="Ship the platform", owner="Li", team="Platform")
        for oid, title in ((o1.id, "Dispatch twice a day"), (o1.id, "Answer feedback fast"),
                           (o2.id, "Release monthly")):
            kr = tx.add_key_result(oid, title=title, owner="Ben")
            tx.check_in(kr.id, "2026-W47", progress=30, confidence=7)
    return cycle


def hosts(directory: Path, count: int, remote: str | None = None) -> list[Path]:
    """``count`` store directories of one synced store: the first publishes, the others join."""
    remote = remote or str(bare_remote(directory))
    first = directory / "host0"
    seed(Store.init(first, today=TODAY))
    store_sync.init(first, remote)
    others = [directory / f"host{i}" for i in range(1, count)]
    for path in others:
        store_sync.join(path, remote)
    return [first, *others]


def cycle_data(path: Path) -> dict[str, Any]:
    """A host's cycle file as data."""
    return json.loads((path / f"cycle-{CYCLE}.json").read_text())


def shared_root(path: Path) -> dict[str, Any]:
    """The synced part of a host's root file (preferences are each host's)."""
    root = json.loads((path / "okr.json").read_text())
    return {"cycles": root["cycles"], "teams": root["teams"], "thresholds": root["settings"]["thresholds"]}


def assert_no_conflict(path: Path) -> None:
    assert git(path, "ls-files", "--unmerged") == ""
    assert git(path, "status", "--porcelain", "--untracked-files=no") == ""
