"""End-to-end: a facilitator's `okr meeting` and two `okr follow` in separate processes
(tmux), the installed okr: position, answers, the end of the meeting, and followers that
never write; then the idle CPU of a follower."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest
from installed import Installed
from tmux_harness import Tmux

from store import Store

pytestmark = pytest.mark.e2e
WEEK = "2026-W48"
LIVE_SECONDS = 1.0  # the brief: a follower shows a keypress within a second


def hashes(directory: Path, *, skip: tuple[str, ...] = ()) -> dict[str, str]:
    return {str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file() and not str(p.relative_to(directory)).startswith(skip)}


def cpu_seconds(pid: int) -> float:
    """utime + stime of ``pid`` and its children that were waited for (/proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")


@pytest.fixture
def teams(store: Store) -> Store:
    cycle = store.cycle("2026-Q4")
    with store.write(cycle) as tx:
        o1 = tx.add_objective(title="Delight support customers", owner="Ana", team="Support")
        o2 = tx.add_objective(title="Ship the billing platform", owner="Dan", team="Platform")
        tx.add_key_result(o1.id, title="Dispatch twice a day", owner="Ben")
        tx.add_key_result(o1.id, title="Answer within two hours", owner="Cy")
        tx.add_key_result(o2.id, title="Migrate billing", owner="Dan")
        tx.add_key_result(o2.id, title="Retire the old invoices", owner="Eve")
    return store


def okr(installed: Installed, *args: str) -> list[str]:
    return [str(installed.okr), *args, "--week", WEEK, "--cycle", "2026-Q4"]


def test_two_followers_follow_a_facilitator(installed: Installed, teams: Store, tmp_path: Path) -> None:
    store = teams.path
    before = hashes(store)
    follow = okr(installed, "follow", "--store", str(store))
    with Tmux(follow, cwd=tmp_path) as one, Tmux([*follow, "--present"], cwd=tmp_path) as two:
        one.wait_for("Waiting for the meeting to start")
        two.wait_for("Waiting for the meeting to start")
        assert hashes(store) == before  # not even a lock file
        with Tmux(okr(installed, "meeting", "--store", str(store), "--facilitator", "Fay"), cwd=tmp_path) as fay:
            fay.wait_for("Delight support customers")
            for term in (one, two):
                term.wait_for("Delight support customers", timeout=5)
            one.wait_for("Following meeting M1 · facilitator Fay")
            fay.send("Down")
            started = time.monotonic()
            one.wait_for(lambda s: "▶" in next((ln for ln in s.splitlines() if "Answer within two hours" in ln), ""),
                         timeout=5)
            assert time.monotonic() - started < LIVE_SECONDS + 0.5  # within a second (and tmux's poll)
            fay.send("Right", "Right", "7")  # O1.2: 20%, confidence 7: saved, then shown to both
            started = time.monotonic()
            one.wait_for(lambda s: "20%" in s and "7/10" in s.split("Answer within two hours", 1)[-1], timeout=5)
            assert time.monotonic() - started < LIVE_SECONDS + 0.5
            fay.send("n")
            one.wait_for("Ship the billing platform", timeout=5)
            two.wait_for("Ship the billing platform", timeout=5)
            rows = one.wait_for("Migrate billing")
            one.send("f")  # the presentation, for this follower alone
            one.wait_for(lambda s: s != rows and "Migrate billing" in s and "timebox" in s)
            fay.send("s")
            fay.wait_for("NEEDS HELP")
            one.wait_for("on the summary", timeout=5)
            fay.send("q")
            fay.wait_for("Finish anyway")  # key results without an answer: it asks first
            fay.send("f")
            fay.wait_exit()
            for term in (one, two):
                term.wait_for("ended", timeout=5)
                assert "NEEDS HELP" in term.screen()
        one.send("C-q")
        one.wait_exit()
    after = hashes(store)
    changed = {k for k in after if before.get(k) != after[k]}
    live = "live/2026-Q4-2026-W48-all.json"
    assert changed <= {"cycle-2026-Q4.json", live, "okr.json"}  # the facilitator's writes only
    assert set(after) - set(before) == {live}


def test_each_team_has_its_own_followers_and_a_follower_idles(installed: Installed, teams: Store,
                                                             tmp_path: Path) -> None:
    store = str(teams.path)
    meeting = okr(installed, "meeting", "--store", store, "--facilitator", "Fay")
    with Tmux([*meeting, "--team", "Support"], cwd=tmp_path) as support, \
            Tmux([*meeting, "--team", "Platform"], cwd=tmp_path) as platform, \
            Tmux(okr(installed, "follow", "--store", store, "--team", "Support"), cwd=tmp_path) as s_follow, \
            Tmux(okr(installed, "follow", "--store", store, "--team", "Platform"), cwd=tmp_path) as p_follow:
        support.wait_for("Delight support customers")
        platform.wait_for("Ship the billing platform")
        s_follow.wait_for("Delight support customers", timeout=5)
        p_follow.wait_for("Ship the billing platform", timeout=5)
        platform.send("Down")
        p_follow.wait_for(lambda s: "▶" in next((ln for ln in s.splitlines() if "Retire the old invoices" in ln), ""),
                          timeout=5)
        assert "Ship the billing platform" not in s_follow.screen()
        pid = int(s_follow._tmux("display-message", "-p", "-t", "main", "#{pane_pid}"))  # env execs okr
        assert "okr" in Path(f"/proc/{pid}/cmdline").read_text()
        cpu, wall = cpu_seconds(pid), time.monotonic()
        time.sleep(10)
        share = (cpu_seconds(pid) - cpu) / (time.monotonic() - wall)
        assert share < 0.01, f"an idle follower used {share:.1%} of a CPU"
