"""Where `okr meeting` spends its start, up to the first painted frame: ms and MiB per phase.

    python benchmarks/meeting_phases.py --store DIR [--runs 5]

Runs `okr meeting` (and, for comparison, F_app: floor_app.py) in a pseudo-terminal with
a probe that exits at the first frame as paint_probe.py does. The probe stamps the wall
clock and the resident set at each phase boundary, times every import (its own time,
without the imports it made, as ``-X importtime`` counts it; that flag's output would go
to the terminal Textual draws on) and totals a few calls made across phases (the cycle's
load, Textual's CSS parse and apply, compose). The meeting's code is not changed: the
probe wraps what it finds by name and leaves out what it does not find. Prints the
median of --runs runs of each.
"""

from __future__ import annotations

# Only what the probe needs at the top: whatever this module imports is imported before
# the program starts, and would be missing from the program's own import times.
import functools
import importlib.abc
import importlib.machinery
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from types import ModuleType

# Imports are counted by the package they belong to.
GROUPS = {
    "textual": "textual", "rich": "textual", "markdown_it": "textual", "mdurl": "textual",
    "linkify_it": "textual", "uc_micro": "textual", "pygments": "textual",
    "pydantic": "pydantic", "pydantic_core": "pydantic", "typing_extensions": "pydantic",
    "annotated_types": "pydantic", "typing_inspection": "pydantic",
    "click": "click", "store": "okr store/", "tui": "okr tui/", "themes": "okr themes/",
    "tinydb": "tinydb, orjson, platformdirs", "orjson": "tinydb, orjson, platformdirs",
    "platformdirs": "tinydb, orjson, platformdirs",
}

# (module, "Class.method" or "function"): calls whose time is totalled across phases;
# a boundary is stamped when each starts and ends.
TOTALS = [
    ("store.store", "Store.open"), ("store.store", "Store.load"),
    ("textual.css.stylesheet", "Stylesheet.parse"), ("textual.css.stylesheet", "Stylesheet.apply"),
    ("textual.widget", "compose"), ("textual.app", "compose"),
]
STAMPED = [("tui.meeting.app", "MeetingApp.__init__"), ("tui.meeting.app", "MeetingApp.on_mount"),
           ("textual.app", "App.run")]
# The boundaries of the timeline, in the order they happen, and the phase each one ends.
TIMELINE = [
    ("probe", "interpreter and site"),
    ("import tui.cli.meeting", "okr CLI: click, tui.cli, to the command"),
    ("MeetingApp.__init__", "the command up to MeetingApp(): imports, store opened, preferences"),
    ("MeetingApp.__init__ done", "MeetingApp(): session (the cycle's load), themes, saver"),
    ("MeetingApp.on_mount", "app.run() to on_mount: driver, CSS read and parsed, app composed"),
    ("MeetingApp.on_mount done", "on_mount: the meeting screen composed, mounted, styled"),
    ("ready", "to the first frame: layout, render, write"),
]
FLOOR_TIMELINE = [("probe", "interpreter and site"), ("App.run", "imports, read the cycle file"),
                  ("ready", "app.run() to the first frame")]


# -- the probe, inside the program ----------------------------------------------------
_FILE_LOADERS = (importlib.machinery.SourceFileLoader, importlib.machinery.SourcelessFileLoader,
                 importlib.machinery.ExtensionFileLoader)


class Probe(importlib.abc.MetaPathFinder):
    def __init__(self, out: Path) -> None:
        self.out = out
        self.stamps: dict[str, tuple[float, int]] = {}
        self.imports: dict[str, tuple[float, float]] = {}  # name: (wall clock at its start, own seconds)
        self.totals: dict[str, list[float]] = {}  # what: [seconds, calls]
        self._stack: list[list[float]] = []  # per import in progress: [start, time in nested imports]
        self._busy: set[str] = set()
        self.stamp("probe")

    def stamp(self, name: str) -> None:
        if name not in self.stamps:  # the first time is the boundary
            self.stamps[name] = (time.time(), _rss_kib())

    def find_spec(self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
                  ) -> importlib.machinery.ModuleSpec | None:
        finders = sys.meta_path[sys.meta_path.index(self) + 1:]
        for finder in finders:
            spec = finder.find_spec(name, path, target) if hasattr(finder, "find_spec") else None
            if spec is not None:
                break
        else:
            return None
        loader = spec.loader
        if isinstance(loader, _FILE_LOADERS):  # one loader per module: wrapping it wraps this import alone
            loader.exec_module = functools.partial(self._exec, name, loader.exec_module)  # type: ignore
        return spec

    def _exec(self, name: str, exec_module: Callable[[ModuleType], None], module: ModuleType) -> None:
        self.stamp(f"import {name}")
        began = time.time()
        self._stack.append([time.perf_counter(), 0.0])
        try:
            exec_module(module)
        finally:
            start, nested = self._stack.pop()
            took = time.perf_counter() - start
            self.imports[name] = (began, took - nested)
            if self._stack:
                self._stack[-1][1] += took
            self.stamp(f"import {name} done")
        for where, what in TOTALS + STAMPED:
            if where == name:
                self._wrap(module, what, total=(where, what) in TOTALS)
        if name == "textual.app":  # as paint_probe.py does: exit at the first frame
            probe = self

            def on_ready(app: Any, event: object) -> None:
                probe.stamp("ready")
                probe.save()
                app.exit()
            module.App._on_ready = on_ready

    def _wrap(self, module: ModuleType, what: str, *, total: bool) -> None:
        owner: Any = module
        *path, attr = what.split(".")
        for part in path:
            owner = getattr(owner, part, None)
        original = getattr(owner, attr, None) if owner is not None else None
        if original is None:
            return
        probe = self

        if _is_async(original):
            async def wrapper(*args: Any, **kwargs: Any) -> Any:
                token = probe._enter(what)
                try:
                    return await original(*args, **kwargs)
                finally:
                    probe._leave(what, token, total)
        else:
            def wrapper(*args: Any, **kwargs: Any) -> Any:  # type: ignore[misc]
                token = probe._enter(what)
                try:
                    return original(*args, **kwargs)
                finally:
                    probe._leave(what, token, total)
        setattr(owner, attr, functools.wraps(original)(wrapper))

    def _enter(self, what: str) -> float | None:
        self.stamp(what)
        if what in self._busy:  # nested (compose within compose): counted once, outermost
            return None
        self._busy.add(what)
        return time.perf_counter()

    def _leave(self, what: str, start: float | None, total: bool) -> None:
        self.stamp(f"{what} done")
        if start is None:
            return
        self._busy.discard(what)
        if total:
            entry = self.totals.setdefault(what, [0.0, 0])
            entry[0] += time.perf_counter() - start
            entry[1] += 1

    def save(self) -> None:
        import json

        self.out.write_text(json.dumps({"stamps": self.stamps, "imports": self.imports, "totals": self.totals}))


def _is_async(fn: Any) -> bool:
    import inspect  # click has imported it by the time anything is wrapped

    return inspect.iscoroutinefunction(fn)


def _rss_kib() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)


def child(target: list[str]) -> None:
    """Run ``target`` (okr ARGS, or floor-app CYCLE_FILE) under the probe, to its first frame."""
    sys.meta_path.insert(0, Probe(Path(os.environ["OKR_BENCH_PHASES"])))
    if target[0] == "floor-app":
        from floor_app import main as floor_app

        floor_app(target[1])
    else:
        from tui.cli.launch import main as okr  # the console script's own entry

        okr(target[1:])


# -- the driver -----------------------------------------------------------------------
def run_once(target: list[str], env: dict[str, str]) -> dict[str, Any]:
    import json
    import tempfile

    import measure

    with tempfile.TemporaryDirectory(prefix="okr-phases-") as tmp:
        out = Path(tmp) / "phases.json"
        launched, _ = measure.run_in_pty([sys.executable, __file__, "--child", *target],
                                         {**env, "OKR_BENCH_PHASES": str(out)})
        if not out.exists():
            raise RuntimeError(f"{' '.join(target)} exited without painting a frame")
        result = json.loads(out.read_text())
    result["launched"] = launched
    return result


def phases(result: dict[str, Any], timeline: list[tuple[str, str]]) -> list[tuple[str, float, float, float]]:
    """(phase, ms, of which imports ms, MiB added) for each boundary found, from launch."""
    stamps = result["stamps"]
    rows, last_t, last_rss = [], result["launched"], 0
    for boundary, label in timeline:
        if boundary not in stamps:
            continue
        t, rss = stamps[boundary]
        imported = sum(own for began, own in result["imports"].values() if last_t <= began < t)
        rows.append((label, (t - last_t) * 1000, imported * 1000, (rss - last_rss) / 1024))
        last_t, last_rss = t, rss
    return rows


def by_group(imports: dict[str, tuple[float, float]]) -> dict[str, float]:
    groups: dict[str, float] = {}
    for name, (_, own) in imports.items():
        group = GROUPS.get(name.split(".")[0], "standard library, other")
        groups[group] = groups.get(group, 0.0) + own * 1000
    return groups


def _median(values: list[float]) -> float:
    import statistics

    return statistics.median(values) if values else 0.0


def _timeline(results: list[dict[str, Any]], boundaries: list[tuple[str, str]]) -> list[str]:
    runs = [phases(r, boundaries) for r in results]
    out = [f"  {'phase':<66} {'ms':>7} {'imports':>8} {'MiB':>6}"]
    for i, (label, *_) in enumerate(runs[0]):
        ms, imp, mib = (_median([run[i][k] for run in runs if i < len(run)]) for k in (1, 2, 3))
        out.append(f"  {label:<66} {ms:7.1f} {imp:8.1f} {mib:6.1f}")
    total = _median([sum(row[1] for row in run) for run in runs])
    rss = _median([max(rss for _, rss in r["stamps"].values()) / 1024 for r in results])
    out.append(f"  {'launch to first frame (resident then)':<66} {total:7.1f} {'':8} {rss:6.1f}")
    return out


def _imports(meeting: list[dict[str, Any]], floor: list[dict[str, Any]]) -> list[str]:
    floor_modules = {n for r in floor for n in r["imports"]}

    def group_of(name: str) -> str:
        return GROUPS.get(name.split(".")[0], "standard library, other")

    def own_ms(results: list[dict[str, Any]], keep: Callable[[str], bool]) -> dict[str, float]:
        per_run = [by_group({n: v for n, v in r["imports"].items() if keep(n)}) for r in results]
        return {g: _median([run.get(g, 0.0) for run in per_run]) for g in {g for run in per_run for g in run}}

    meet, flo = own_ms(meeting, lambda n: True), own_ms(floor, lambda n: True)
    only = own_ms(meeting, lambda n: n not in floor_modules)
    out = [f"  imports, own time by package (ms)      {'meeting':>8} {'F_app':>8} {'not in F_app':>13}"]
    for g in sorted(meet, key=lambda g: -meet[g]):
        out.append(f"    {g:<37} {meet[g]:8.1f} {flo.get(g, 0.0):8.1f} {only.get(g, 0.0):13.1f}")

    def slowest(keep: Callable[[str], bool], n: int = 8) -> str:
        names = {m for r in meeting for m in r["imports"] if keep(m)}
        ms = {m: _median([r["imports"].get(m, (0.0, 0.0))[1] * 1000 for r in meeting]) for m in names}
        return ", ".join(f"{m} {ms[m]:.1f}" for m in sorted(ms, key=lambda m: -ms[m])[:n])

    for group in ("textual", "standard library, other"):
        out.append(f"    {group}, not in F_app, slowest: "
                   + slowest(lambda m, g=group: m not in floor_modules and group_of(m) == g))
    out.append("    okr's slowest modules: " + slowest(lambda m: m.split(".")[0] in ("tui", "themes", "store")))
    return out


def report(meeting: list[dict[str, Any]], floor: list[dict[str, Any]]) -> str:
    lines = [f"okr meeting start, median of {len(meeting)} runs ('imports': own time of the imports in the phase)",
             *_timeline(meeting, TIMELINE), "", "F_app, the same way:", *_timeline(floor, FLOOR_TIMELINE), "",
             *_imports(meeting, floor), "",
             f"  calls, total across phases (ms, calls)  {'meeting':>8} {'':>5} {'F_app':>8} {'':>5}"]
    for what in dict.fromkeys(what for _, what in TOTALS):
        cells = []
        for results in (meeting, floor):
            values = [r["totals"].get(what, [0.0, 0]) for r in results]
            cells.append(f"{_median([v[0] * 1000 for v in values]):8.1f} {_median([v[1] for v in values]):5.0f}")
        lines.append(f"    {what:<37} {cells[0]} {cells[1]}")
    return "\n".join(lines)


def measure_phases(store: Path, env: dict[str, str], runs: int) -> str:
    cycle_file = _current_cycle_file(store)
    pristine = cycle_file.read_bytes()
    meeting, floor = [], []
    try:
        for _ in range(runs):
            cycle_file.write_bytes(pristine)  # no meeting left to resume
            meeting.append(run_once(["okr", "meeting", "--store", str(store)], env))
            floor.append(run_once(["floor-app", str(cycle_file)], env))
    finally:
        cycle_file.write_bytes(pristine)
    return report(meeting, floor)


def _current_cycle_file(store: Path) -> Path:
    from store import Store

    opened = Store.open(store)
    return opened.cycle_path(opened.cycle())


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2:])
        return
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True, help="a store (e.g. python -m store.generate DIR)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    env = {**os.environ, "TERM": "xterm-256color"}
    print(measure_phases(args.store, env, args.runs))


if __name__ == "__main__":
    main()
