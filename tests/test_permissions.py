"""File modes through the CLI: a private store (0600 files, 0700 directory) whatever the
umask, and `okr init --shared` for a team on one host: directory setgid 2770, files 0660,
also the ones another member of the group creates later. Other users are kept out.

The users are made up with setpriv (uid/gid numbers need no passwd entry), so the test
needs root; it is skipped otherwise.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

OKR = Path(sys.executable).parent / "okr"
TEAM = 42420  # the team's group
ANA, BEN, EVE = 42421, 42422, 42423  # Ana creates the store, Ben joins later, Eve is not in the team


def okr(*args: str, uid: int | None = None, gid: int | None = None, groups: tuple[int, ...] = (),
        umask: int = 0o022) -> subprocess.CompletedProcess[str]:
    cmd = [str(OKR), *args]
    if uid is not None:
        extra = [f"--groups={','.join(map(str, groups))}"] if groups else ["--clear-groups"]
        cmd = ["setpriv", f"--reuid={uid}", f"--regid={gid if gid is not None else uid}", *extra, *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, preexec_fn=lambda: os.umask(umask))


def modes(path: Path) -> dict[str, int]:
    return {p.name: stat.S_IMODE(p.stat().st_mode) for p in path.iterdir()}


def test_private_store_files_are_0600_whatever_the_umask(store_dir: Path) -> None:
    s = ["--store", str(store_dir)]
    for args in (["init"], ["objective", "add", "t", "--owner", "a"], ["kr", "add", "O1", "k"],
                 ["checkin", "O1.1", "--progress", "10"],
                 ["cycle", "add", "2031-Q1", "--start", "2031-01-01", "--end", "2031-03-31"]):
        done = okr(*args, *s, umask=0)
        assert done.returncode == 0, done.stderr
    found = modes(store_dir)
    assert {name for name in found if name.endswith(".lock")}, found  # the locks are checked too
    assert all(mode == 0o600 for mode in found.values()), {n: oct(m) for n, m in found.items()}
    assert stat.S_IMODE(store_dir.stat().st_mode) == 0o700


@pytest.fixture
def team_dir() -> Iterator[Path]:
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        pytest.skip("needs root and setpriv to act as the team's users")
    base = Path(tempfile.mkdtemp(prefix="okr-team-"))
    base.chmod(0o755)
    os.chown(base, ANA, TEAM)  # e.g. /srv/okr, where Ana may create the store
    try:
        yield base / "store"
    finally:
        shutil.rmtree(base)


def test_shared_store_is_for_the_group_and_files_made_later_stay_group_writable(team_dir: Path) -> None:
    s = ["--store", str(team_dir)]
    ana = {"uid": ANA, "gid": TEAM}
    ben = {"uid": BEN, "gid": BEN, "groups": (TEAM,)}  # a member whose primary group is his own
    done = okr("init", "--shared", *s, **ana, umask=0o077)
    assert done.returncode == 0, done.stderr
    for args in (["objective", "add", "t", "--owner", "ana"], ["kr", "add", "O1", "k"]):
        assert okr(*args, *s, **ana, umask=0o077).returncode == 0

    info = team_dir.stat()
    assert stat.S_IMODE(info.st_mode) == 0o2770 and info.st_gid == TEAM

    # Ben, in the team, answers and adds a cycle: the new files are the group's, 0660.
    for args in (["checkin", "O1.1", "--progress", "30"],
                 ["cycle", "add", "2031-Q1", "--start", "2031-01-01", "--end", "2031-03-31"],
                 ["objective", "add", "his", "--owner", "ben", "--cycle", "2031-Q1"]):
        done = okr(*args, *s, **ben, umask=0o077)  # type: ignore[arg-type]
        assert done.returncode == 0, done.stderr
    made_by_ben = [p for p in team_dir.iterdir() if p.stat().st_uid == BEN]
    assert {p.name for p in made_by_ben} >= {"cycle-2031-Q1.json", "cycle-2031-Q1.json.lock"}
    for p in team_dir.iterdir():
        assert (stat.S_IMODE(p.stat().st_mode), p.stat().st_gid) == (0o660, TEAM), p.name

    # Ana can still write what Ben created, and reads his answers.
    assert okr("objective", "add", "hers", "--owner", "ana", "--cycle", "2031-Q1", *s, **ana).returncode == 0
    listed = okr("list", *s, **ana)
    assert listed.returncode == 0 and "30% in" in listed.stdout

    # Eve, not in the team, can neither read nor write.
    before = {p.name: p.read_bytes() for p in team_dir.iterdir()}
    for args in (["list"], ["checkin", "O1.1", "--progress", "90"]):
        done = okr(*args, *s, uid=EVE)
        [line] = done.stderr.splitlines()
        assert done.returncode in (1, 2) and line.startswith("Error: ") and "Traceback" not in done.stderr
        assert "permission denied" in line or "is not readable" in line, line
    assert {p.name: p.read_bytes() for p in team_dir.iterdir()} == before
