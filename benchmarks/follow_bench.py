"""A facilitator's keypress with 20 `okr follow` processes running against none, and each
follower's idle CPU (issue 15: at most 1.1x, and under 1% of a CPU each).

The meeting runs in tmux and keypresses are timed as tmux_keys.py times them. The 20
followers, each in its own tmux, follow that meeting throughout; "none running" is
the same followers stopped (SIGSTOP), so the two cases alternate (interleaved: a busy
moment of a shared machine falls on both alike) without 20 starts between them. They
alternate in blocks of BLOCK presses, not press by press: stopping and waking 20
processes (and their 20 tmux servers) before every press made both cases 4-15x slower
than the meeting alone, and the ratio meaningless (0.3x, 2026-12-03). After each switch
the followers catch up (a woken one rereads what it missed) before the block starts.
Idle CPU: utime+stime from /proc over a quiet window while the meeting waits.

    python benchmarks/follow_bench.py [--store DIR] [--presses N]   (else a generated store)
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from measure import median_of
from table import Row, print_table, unmeasured
from tmux_keys import KEY_TIMEOUT, SETTLE, TmuxProgram

from store import Store

OKR = str(Path(sys.executable).parent / "okr")
FOLLOWERS = 20
KEY_TARGET = 1.1   # x the same keypress with no follower running
IDLE_TARGET = 1.0  # % of one CPU per follower
CATCH_UP = 0.3     # seconds between presses: the meeting, and the followers' rereads of the last save, settle
SWITCH = 1.5       # seconds after stopping or waking the followers, before a block
BLOCK = 5          # presses a block, followers running or stopped throughout
IDLE_WINDOW = 5.0  # seconds of quiet over which idle CPU is taken
NAMES = ("okr meeting: keypress, no follower running", f"okr meeting: keypress with {FOLLOWERS} followers running",
         "okr follow: idle CPU, busiest follower")


def cpu_seconds(pid: int) -> float:
    """utime + stime of ``pid`` so far (/proc/PID/stat fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def idle_cpu(pids: list[int], window: float = IDLE_WINDOW) -> list[float]:
    """Per process: % of one CPU used over ``window`` seconds."""
    before = [cpu_seconds(p) for p in pids]
    time.sleep(window)
    return [100 * (cpu_seconds(p) - b) / window for p, b in zip(pids, before)]


def pause(pids: list[int], stop: bool) -> None:
    for pid in pids:
        os.kill(pid, signal.SIGSTOP if stop else signal.SIGCONT)


def measure_follow(store: Path, env: dict[str, str], presses: int,
                   opener: Callable[[TmuxProgram], None] | None = None) -> tuple[list[float], list[float], list[float]]:
    """(keypresses with no follower running, with all running, each follower's idle CPU %)."""
    # a facilitator given: no start dialog before the first objective
    meeting = TmuxProgram([OKR, "meeting", "--store", str(store), "--facilitator", "Fay"], env)
    followers: list[TmuxProgram] = []
    try:
        meeting.wait_drawn()
        if opener:
            opener(meeting)
        followers = [TmuxProgram([OKR, "follow", "--store", str(store)], env) for _ in range(FOLLOWERS)]
        for f in followers:
            f.wait_drawn()
        pids = [f.pid for f in followers]
        idle = idle_cpu(pids)
        alone: list[float] = []
        crowd: list[float] = []
        keys = ["Right", "Left"]
        for i in range(2 * presses):
            with_followers = (i // BLOCK) % 2 == 1
            if i % BLOCK == 0:
                pause(pids, stop=not with_followers)
                time.sleep(SWITCH)
            time.sleep(CATCH_UP)  # before either case alike: the meeting as idle before each
            latency = None
            for _ in range(3):  # a press that changed nothing (a key at its limit) is sent again
                latency = meeting.key_latency(keys[i % 2])
                meeting.wait_drawn(timeout=KEY_TIMEOUT + SETTLE + 1)
                if latency is not None:
                    break
            if latency is None:
                raise RuntimeError("the meeting's screen did not change on Right/Left")
            (crowd if with_followers else alone).append(latency)
        pause(pids, stop=False)
        return alone, crowd, idle
    finally:
        for f in followers:
            if Path(f"/proc/{f.pid}").exists():  # a stopped follower would not see tmux hang up
                os.kill(f.pid, signal.SIGCONT)
            f.close()
        meeting.close()


def follow_rows(store: Store, env: dict[str, str], presses: int,
                opener: Callable[[TmuxProgram], None] | None = None) -> list[Row]:
    """The benchmark's rows: the keypress without and with followers, and their idle CPU."""
    try:
        alone, crowd, idle = measure_follow(store.path, env, presses, opener)
    except (RuntimeError, OSError, subprocess.SubprocessError) as e:
        return [unmeasured(NAMES[1], f"could not measure: {e}", target=KEY_TARGET, error=True)]
    floor, busy = median_of(alone), median_of(crowd)
    each = " ".join(f"{c:.2f}" for c in idle)
    return [
        Row(NAMES[0], floor, note=f"floor: the {FOLLOWERS} followers stopped; {presses} presses, in blocks of {BLOCK} interleaved"),
        Row(NAMES[1], busy, ratio=busy / floor, target=KEY_TARGET, note="vs no follower running"),
        Row(NAMES[2], max(idle), unit="%", ratio=max(idle) / IDLE_TARGET, target=1.0,
            note=f"vs {IDLE_TARGET:g}% of a CPU; each, %: {each}"),
    ]


def main() -> int:
    from bench import bench_env
    from bench_meeting import to_first_objective

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=None, help="a store with a current cycle (default: generated)")
    parser.add_argument("--presses", type=int, default=25)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="okr-follow-bench-") as tmp:
        env = bench_env(Path(tmp))
        if args.store is None:
            import datetime as dt

            from store.generate import generate

            store = generate(Path(tmp) / "store", years=0, teams=4, today=dt.date.today())
        else:
            store = Store.open(args.store)
        rows = follow_rows(store, env, args.presses, to_first_objective)
    print_table(rows)
    return 1 if any(r.missed for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
