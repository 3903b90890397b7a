"""`okr sync` over ssh://, to a bare repository behind the test suite's own sshd on 127.0.0.1."""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

import pytest
from ssh_harness import Sshd
from sync_harness import CYCLE, assert_no_conflict, cycle_data, hosts, isolate_git, okr

from store.journal import host_id

pytestmark = pytest.mark.ssh
WEEK = "2026-W48"


@pytest.fixture
def sshd(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Sshd(tmp_path / "sshd") as server:
        yield server


def test_two_hosts_sync_through_an_ssh_remote(tmp_path: Path, sshd: Sshd, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch, tmp_path)
    monkeypatch.setenv("GIT_SSH_COMMAND", shlex.join([
        sshd.ssh, "-i", str(sshd.user_key), "-F", "/dev/null", "-o", "StrictHostKeyChecking=no",
        "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
        "-o", "LogLevel=ERROR"]))
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True, timeout=60)
    url = f"ssh://root@127.0.0.1:{sshd.port}{remote}"
    a, b = hosts(tmp_path, 2, remote=url)
    for host, kid, progress in ((a, "O1.1", "50"), (b, "O1.2", "70"), (b, "O2.1", "20")):
        done = okr("checkin", kid, "--progress", progress, "--week", WEEK, "--cycle", CYCLE, "--store", str(host))
        assert done.returncode == 0, done.stderr
    for host in (a, b, a):
        done = okr("sync", "--store", str(host))
        assert done.returncode == 0, done.stderr
    assert done.stdout == f"sent 0 changes, received 2 from {host_id(b)} (2)\n"
    assert (a / f"cycle-{CYCLE}.json").read_bytes() == (b / f"cycle-{CYCLE}.json").read_bytes()
    assert {c["kr"]: c["progress"] for c in cycle_data(a)["checkins"].values() if c["week"] == WEEK} == \
        {"O1.1": 50, "O1.2": 70, "O2.1": 20}
    assert_no_conflict(a)
    sshd.stop()  # the remote goes away: one line, the work kept
    okr("checkin", "O1.1", "--progress", "60", "--week", WEEK, "--cycle", CYCLE, "--store", str(a))
    done = okr("sync", "--store", str(a))
    assert done.returncode == 1 and len(done.stderr.splitlines()) == 1
    assert done.stderr.startswith(f"Error: cannot fetch from {url}: ") and "committed here (1 new)" in done.stderr
