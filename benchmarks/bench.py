"""`make bench`: is okr still instant at five years of history? (issue 8)

Builds a 5-year and a 0-year store (16 teams) in a temp dir, then measures side by side,
interleaved, the median of --runs runs of each: command start-up against `okr --version`,
one autosaved answer against the same on one quarter of history and against a bare atomic
write, and (once the meeting app exists) the meeting's first frame, peak memory and
keypress latency against a minimal Textual app. Prints a table; exits 1 when a measured
target is missed.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import measure
from measure import median_of, time_call, time_command
from store import Store, week_of
from store.files import atomic_write
from store.generate import generate

ROOT = Path(__file__).resolve().parent.parent

BIN = Path(sys.executable).parent
OKR = str(BIN / "okr")
NEEDS_APP = "not measured yet: needs the meeting app"


@dataclass
class Row:
    name: str
    value: float | None          # seconds, or KiB when unit == "KiB"
    unit: str = "s"
    ratio: float | None = None
    target: float | None = None
    note: str = ""

    @property
    def result(self) -> str:
        if self.target is None or self.ratio is None:
            return "-" if self.value is not None else "SKIP"
        return "PASS" if self.ratio <= self.target else "FAIL"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per measurement (at least 5)")
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--teams", type=int, default=16)
    parser.add_argument("--presses", type=int, default=25, help="keypresses per app")
    args = parser.parse_args()
    runs = max(5, args.runs)
    # Bytecode as an installed okr has it (pip compiles what it installs; textual's is there).
    # With PYTHONDONTWRITEBYTECODE set, as on this workplace's machines, an editable install's
    # modules were otherwise compiled again at every start: ~100 ms of each okr run.
    for package in ("store", "tui", "themes", "benchmarks"):
        compileall.compile_dir(ROOT / package, quiet=1)
    with tempfile.TemporaryDirectory(prefix="okr-bench-") as tmp:
        base = Path(tmp)
        env = bench_env(base)
        today = dt.date.today()
        started = time.perf_counter()
        big = generate(base / f"store-{args.years}y", years=args.years, teams=args.teams, today=today)
        built = time.perf_counter() - started
        small = generate(base / "store-0y", years=0, teams=args.teams, today=today)
        checkins = sum(len(big.load(c).checkins) for c in big.cycles())
        print(f"{len(big.cycles())} cycles, {args.teams} teams, {checkins} check-ins, built in {built:.1f} s; "
              f"{runs} runs each; python {platform.python_version()}, {os.cpu_count()} CPUs\n", flush=True)
        rows = [Row(f"generate {args.years}y store", built, note="one run")]
        rows += cli_rows(big, env, runs)
        rows += save_rows(big, small, runs)
        rows += meeting_rows(big, env, runs, args.presses)
    print_table(rows)
    print(f"\n{' '.join(['python', 'benchmarks/bench.py', *sys.argv[1:]])}  ({dt.date.today()})")
    return 1 if any(r.result == "FAIL" for r in rows) else 0


def bench_env(base: Path) -> dict[str, str]:
    """The commands' environment: no real home, no stray store, a known terminal."""
    home = base / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("OKR_STORE", "NO_COLOR", "COLORTERM")}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
               TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    return env


def has_command(name: str, env: dict[str, str]) -> bool:
    done = subprocess.run([OKR, name, "--help"], capture_output=True, env=env, timeout=60, check=False)
    return done.returncode == 0


def summary_cycle(store: Store) -> str:
    """The current cycle, or the latest with a meeting (in a quarter's first week it has none)."""
    for cycle in reversed(store.cycles()):
        if cycle.start <= dt.date.today() and store.load(cycle).meetings:
            return cycle.name
    return store.cycle().name


def cli_rows(big: Store, env: dict[str, str], runs: int) -> list[Row]:
    """Start-up of the read commands against `okr --version`, interleaved run by run."""
    commands: dict[str, list[str] | None] = {"okr --version": [OKR, "--version"]}
    notes: dict[str, str] = {}
    for label, name, cmd in (
        ("okr list --format json", "list", [OKR, "list", "--format", "json", "--store", str(big.path)]),
        ("okr summary --latest --format json", "summary",
         [OKR, "summary", "--latest", "--format", "json", "--store", str(big.path),
          "--cycle", summary_cycle(big)]),
    ):
        commands[label] = cmd if has_command(name, env) else None
        if commands[label] is None:
            notes[label] = f"skipped: `okr {name}` does not exist yet"
    live = {k: v for k, v in commands.items() if v is not None}
    samples: dict[str, list[float]] = {k: [] for k in live}
    for cmd in live.values():
        time_command(cmd, env)  # warm the page cache and .pyc files
    for _ in range(runs):
        for label, cmd in live.items():
            samples[label].append(time_command(cmd, env))
    baseline = median_of(samples["okr --version"])
    rows = [Row("okr --version", baseline, note="baseline")]
    for label in list(commands)[1:]:
        if label not in samples:
            rows.append(Row(label, None, target=1.3, note=notes[label]))
            continue
        value = median_of(samples[label])
        rows.append(Row(label, value, ratio=value / baseline, target=1.3, note="vs okr --version"))
    return rows


def save_rows(big: Store, small: Store, runs: int) -> list[Row]:
    """One autosaved answer, in-process, on each store, and the bare write it cannot beat."""
    week = week_of(dt.date.today())
    big_cycle, small_cycle = big.cycle(), small.cycle()
    kid = big.load(big_cycle).key_results[0].id
    size = big.cycle_path(big_cycle).stat().st_size
    payload = b"x" * size
    counter = iter(range(10**9))

    def answer(store: Store) -> Callable[[], None]:
        cycle = big_cycle if store is big else small_cycle

        def save() -> None:
            with store.write(cycle) as tx:
                tx.check_in(kid, week, confidence=next(counter) % 10 + 1)
        return save

    measures = {"big": answer(big), "small": answer(small),
                "bare": lambda: measure.bare_atomic_write(big.path, payload)}
    samples: dict[str, list[float]] = {k: [] for k in measures}
    for fn in measures.values():
        fn()
    for _ in range(runs):
        for label, fn in measures.items():
            samples[label].append(time_call(fn))
    bare, one_q, five_y = (median_of(samples[k]) for k in ("bare", "small", "big"))
    return [
        Row(f"bare atomic write, {size / 1e6:.2f} MB", bare, note="the floor"),
        Row("one answer saved, 0y store", one_q, note="one quarter of history"),
        Row("one answer saved, 5y store", five_y, ratio=five_y / one_q, target=1.2, note="vs 0y store"),
        Row("one answer saved, 5y store", five_y, ratio=five_y / bare, target=3.0, note="vs bare atomic write"),
    ]


def meeting_rows(big: Store, env: dict[str, str], runs: int, presses: int) -> list[Row]:
    """First frame, peak memory and keypress latency: `okr meeting` against a minimal app."""
    placeholders = [Row("okr meeting: first painted frame", None, target=1.5, note=NEEDS_APP),
                    Row("okr meeting: peak memory", None, unit="KiB", target=1.5, note=NEEDS_APP),
                    Row("okr meeting: keypress to screen", None, target=1.5, note=NEEDS_APP)]
    if not (ROOT / "tui" / "app.py").exists() or not has_command("meeting", env):
        return placeholders
    if shutil.which("tmux") is None:
        return [Row(r.name, None, unit=r.unit, target=r.target, note="not measured: needs tmux")
                for r in placeholders]
    from tmux_keys import measure_keys

    here = Path(__file__).resolve().parent
    probe = [sys.executable, str(here / "paint_probe.py")]
    meeting_args = ["meeting", "--store", str(big.path)]
    cycle_file = big.cycle_path(big.cycle())
    pristine = cycle_file.read_bytes()

    def fresh() -> None:
        """Each run starts from the same store: no meeting left to resume."""
        atomic_write(cycle_file, pristine)

    frame_file = big.path.parent / "first-frame"
    probe_env = {**env, "OKR_BENCH_FIRST_FRAME": str(frame_file)}

    def first_frame(cmd: list[str]) -> float:
        frame_file.unlink(missing_ok=True)
        launched = measure.run_in_pty(cmd, probe_env)[0]
        if not frame_file.exists():
            raise RuntimeError(f"{' '.join(cmd)} exited without painting a frame")
        return float(frame_file.read_text()) - launched

    paint: dict[str, list[float]] = {"minimal": [], "meeting": []}
    try:
        for _ in range(runs):
            paint["minimal"].append(first_frame([*probe, "minimal"]))
            fresh()
            paint["meeting"].append(first_frame([*probe, "okr", *meeting_args]))
        fresh()
        keyed = measure_keys({"minimal": [sys.executable, str(here / "minimal_app.py")],
                              "meeting": [OKR, *meeting_args]}, env, ["Right", "Left"], presses)
        (keys_min, rss_min), (keys_meet, rss_meet) = keyed["minimal"], keyed["meeting"]
    except RuntimeError as e:
        return [Row(r.name, None, unit=r.unit, target=r.target, note=f"could not measure: {e}") for r in placeholders]
    finally:
        fresh()
    first_min, first_meet = median_of(paint["minimal"]), median_of(paint["meeting"])
    key_min, key_meet = median_of(keys_min), median_of(keys_meet)
    return [
        Row("minimal Textual app: first painted frame", first_min, note="baseline"),
        Row("okr meeting: first painted frame", first_meet, ratio=first_meet / first_min, target=1.5),
        Row("minimal Textual app: peak memory", rss_min, unit="KiB", note="baseline"),
        Row("okr meeting: peak memory", rss_meet, unit="KiB", ratio=rss_meet / rss_min, target=1.5),
        Row("minimal Textual app: keypress to screen", key_min, note=f"tmux, {presses} presses each, taking turns"),
        Row("okr meeting: keypress to screen", key_meet, ratio=key_meet / key_min, target=1.5),
    ]


def print_table(rows: list[Row]) -> None:
    def fmt_value(r: Row) -> str:
        if r.value is None:
            return "-"
        return f"{r.value / 1024:.1f} MiB" if r.unit == "KiB" else f"{r.value * 1000:.1f} ms"

    table = [("name", "median", "ratio", "target", "result", "note")]
    for r in rows:
        table.append((r.name, fmt_value(r), f"{r.ratio:.2f}x" if r.ratio is not None else "-",
                      f"<= {r.target}x" if r.target is not None else "-", r.result, r.note))
    widths = [max(len(line[i]) for line in table) for i in range(len(table[0]))]
    for n, line in enumerate(table):
        print("  ".join(cell.ljust(w) if i in (0, 5) else cell.rjust(w)
                        for i, (cell, w) in enumerate(zip(line, widths))).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


if __name__ == "__main__":
    sys.exit(main())
