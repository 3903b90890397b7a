"""`okr sync` against a bare `git pull && git push` of the same repository (issue 18).

- Nothing to do: `okr sync` on a host with nothing to send or receive, against
  `git pull -q && git push -q` in the same repository (target: at most 1.5x), taken in
  turns, the median of --runs of each. The floor of any okr command, `python -c "import
  click"`, is printed beside them: what okr adds to git is mostly that start-up.
- A week of 320 check-ins: host B gives 320 answers (each its own save, as a meeting
  makes them) and syncs; then `okr sync` on host A brings them in (target: under 1 s).

Everything lives in a temp dir; git reads a config made there, never ~/.gitconfig.
`run(runs)` returns the figures (for bench.py); run as a script, it prints them and
exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from store import Store
from store import sync as store_sync

OKR = Path(sys.executable).parent / "okr"
KRS = 320
NOTHING_TARGET = 1.5
WEEK_TARGET = 1.0


def timed(command: list[str], cwd: Path | None = None, shell: bool = False) -> float:
    start = time.perf_counter()
    subprocess.run(command if not shell else " ".join(command), cwd=cwd, shell=shell, check=True,
                   capture_output=True, timeout=300, stdin=subprocess.DEVNULL)
    return time.perf_counter() - start


def hosts(directory: Path) -> tuple[Path, Path]:
    """Host A with a cycle of 320 key results, published to a bare repository; B joined."""
    remote = directory / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    a, b = directory / "a", directory / "b"
    store = Store.init(a, today=dt.date(2026, 11, 25))
    with store.write(store.cycle()) as tx:
        for i in range(KRS // 4):
            o = tx.add_objective(title=f"Objective {i + 1}", owner=f"Owner {i + 1}", force=True)
            for j in range(4):
                tx.add_key_result(o.id, title=f"Key result {i + 1}.{j + 1}")
    store_sync.init(a, str(remote))
    store_sync.join(b, str(remote))
    return a, b


def a_week_from_b(b: Path, week: str) -> None:
    store = Store.open(b)
    cycle = store.cycle("2026-Q4")
    kids = [k.id for k in store.load(cycle).key_results]
    for n, kid in enumerate(kids):
        with store.write(cycle) as tx:
            tx.check_in(kid, week, progress=(n % 10) * 10, confidence=1 + n % 10, author="bench")
    store_sync.sync(b)


def run(runs: int = 7) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="okr-sync-bench-") as tmp:
        directory = Path(tmp)
        config = directory / "gitconfig"
        config.write_text("[user]\n\tname = Bench\n\temail = bench@example.invalid\n")
        os.environ.update(GIT_CONFIG_GLOBAL=str(config), GIT_CONFIG_NOSYSTEM="1")
        a, b = hosts(directory)
        okr_sync, git_pull_push, floor = [], [], []
        for _ in range(runs):  # in turns, so that a slow moment of the machine hits both
            okr_sync.append(timed([str(OKR), "sync", "--store", str(a)]))
            git_pull_push.append(timed(["git pull -q && git push -q"], cwd=a, shell=True))
            floor.append(timed([sys.executable, "-c", "import click"]))
        weeks = []
        for week in ("2026-W48", "2026-W49", "2026-W50")[:max(1, min(3, runs))]:
            a_week_from_b(b, week)
            weeks.append(timed([str(OKR), "sync", "--store", str(a)]))
        answers = [c for c in Store.open(a).load(Store.open(a).cycle("2026-Q4")).checkins]
        assert len(answers) == KRS * len(weeks), "a week did not arrive whole"
    return {
        "okr_sync_nothing_s": statistics.median(okr_sync),
        "git_pull_push_s": statistics.median(git_pull_push),
        "python_click_floor_s": statistics.median(floor),
        "okr_sync_week_of_320_s": statistics.median(weeks),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each measurement (default 7)")
    args = parser.parse_args()
    r = run(args.runs)
    ratio = r["okr_sync_nothing_s"] / r["git_pull_push_s"]
    above_floor = (r["okr_sync_nothing_s"] - r["python_click_floor_s"]) / r["git_pull_push_s"]
    print(f"okr sync, nothing to do           {r['okr_sync_nothing_s'] * 1000:7.1f} ms")
    print(f"git pull && git push, same repo   {r['git_pull_push_s'] * 1000:7.1f} ms")
    print(f"  ratio {ratio:.2f}x (target <= {NOTHING_TARGET}x); "
          f"without python's start-up (python -c 'import click', "
          f"{r['python_click_floor_s'] * 1000:.1f} ms): {above_floor:.2f}x")
    print(f"okr sync bringing in a week of {KRS} check-ins  {r['okr_sync_week_of_320_s'] * 1000:7.1f} ms "
          f"(target < {WEEK_TARGET * 1000:.0f} ms)")
    return 0 if ratio <= NOTHING_TARGET and r["okr_sync_week_of_320_s"] < WEEK_TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
