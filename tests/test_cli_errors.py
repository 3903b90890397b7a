"""Bad input to the installed `okr`: a non-zero exit, ONE line on stderr naming the
problem, and the store byte-identical afterwards (every file but the lock files)."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from store import MAX_KEY_RESULTS, MAX_OBJECTIVES, Store
from store.portable import export_json

OKR = Path(sys.executable).parent / "okr"
TODAY = dt.date(2026, 11, 25)


def okr(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(OKR), *map(str, args)], capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)


def snapshot(directory: Path) -> dict[str, str]:
    """A hash of every file in the store but the lock files (any reader may create those)."""
    return {str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file() and p.suffix != ".lock"}


def refused(store_dir: Path, *args: str | Path, says: str, code: int | None = None) -> str:
    """Run ``okr`` expecting a refusal that leaves ``store_dir`` as it was; returns stderr."""
    before = snapshot(store_dir) if store_dir.exists() else None
    r = okr(*args, "--store", store_dir)
    assert r.returncode != 0, r.stdout
    if code is not None:
        assert r.returncode == code, r.stderr
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), r.stderr
    assert re.search(says, lines[0]), lines[0]
    assert "Traceback" not in r.stderr and r.stdout == ""
    assert (snapshot(store_dir) if store_dir.exists() else None) == before
    return lines[0]


@pytest.fixture
def filled(store: Store) -> Store:
    """O1 with a percent key result (O1.1) and a metric one (O1.2), each checked in."""
    with store.write(store.cycle()) as tx:
        obj = tx.add_objective(title="Ship it", owner="Ana", team="core")
        pct = tx.add_key_result(obj.id, title="Signup flow")
        metric = tx.add_key_result(obj.id, title="Reply time", start=24, target=2, unit="h")
        tx.check_in(pct.id, "2026-W47", progress=40, confidence=7)
        tx.check_in(metric.id, "2026-W47", value=12, confidence=6)
    return store


ARGUMENTS = [
    # (args, what the one line must say, exit code: 1 for the store's refusals, 2 for usage)
    (["kr", "add", "O9", "New KR"], r"no objective O9 in cycle 2026-Q4", 1),
    (["objective", "add", "Child", "--owner", "Bo", "--aligns-to", "O7"], r"no objective O7", 1),
    (["checkin", "O1.9", "--progress", "10", "--week", "2026-W48"], r"no key result O1\.9", 1),
    (["checkin", "O9.1", "--progress", "10", "--week", "2026-W48"], r"no key result O9\.1", 1),
    (["checkin", "banana", "--progress", "10", "--week", "2026-W48"], r"not a key result id .*O3\.2", 1),
    (["checkin", "O1.1", "--confidence", "0", "--week", "2026-W48"], r"--confidence.*0 is not in the range 1<=x<=10", 2),
    (["checkin", "O1.1", "--confidence", "11", "--week", "2026-W48"], r"--confidence.*11 is not in the range", 2),
    (["objective", "add", "T", "--owner", "A", "--confidence", "11"], r"--confidence.*11", 2),
    (["checkin", "O1.1", "--progress", "150", "--week", "2026-W48"], r"--progress.*150 is not in the range 0<=x<=100", 2),
    (["checkin", "O1.1", "--progress", "abc", "--week", "2026-W48"], r"--progress.*'abc'", 2),
    (["checkin", "O1.2", "--progress", "50", "--week", "2026-W48"], r"O1\.2 is measured in h: give --value, not --progress", 1),
    (["checkin", "O1.1", "--value", "3", "--week", "2026-W48"], r"O1\.1 is measured in percent: give --progress", 1),
    (["checkin", "O1.1", "--progress", "10", "--value", "3", "--week", "2026-W48"], r"--progress or --value, not both", 2),
    (["checkin", "O1.2", "--value", "soon", "--week", "2026-W48"], r"--value.*'soon'", 2),
    (["checkin", "O1.1", "--progress", "10", "--week", "2026-W60"], r"week '2026-W60' does not exist", 2),
    (["checkin", "O1.1", "--progress", "10", "--week", "48"], r"week '48' is not of the form YYYY-Www", 2),
    (["checkin", "O1.1", "--progress", "10", "--week", "2027-W20"], r"2027-W20 is outside cycle 2026-Q4", 2),
    (["cycle", "add", "2027-Q1", "--start", "2026-13-01", "--end", "2027-03-31"],
     r"--start.*'2026-13-01' is not a day of the calendar .*month must be in 1\.\.12", 2),
    (["cycle", "add", "2027-Q1", "--start", "2027-03-31", "--end", "2027-01-01"], r"ends \(2027-01-01\) before it starts", 1),
    (["cycle", "add", "late", "--start", "2026-12-01", "--end", "2027-02-28"], r"overlaps cycle 2026-Q4", 1),
    (["cycle", "add", "2026-Q4", "--start", "2027-01-01", "--end", "2027-03-31"], r"cycle 2026-Q4 exists already", 1),
    (["kr", "add", "O1", "Hours", "--unit", "h"], r"--unit is for a metric key result: give --start and --target", 2),
    (["kr", "add", "O1", "Half", "--start", "5"], r"a metric key result needs both start and target", 1),
    (["kr", "add", "O1", "Same", "--start", "5", "--target", "5"], r"start and target must differ", 1),
    (["kr", "add", "O1", "Due", "--due", "31.12.2026"], r"--due.*'31\.12\.2026' is not of the form YYYY-MM-DD", 2),
    (["kr", "add", "O1", "Due", "--due", "2026-02-30"],
     r"--due.*'2026-02-30' is not a day of the calendar .*day is out of range", 2),
    (["objective", "add", "T", "--owner", "A", "--kind", "maybe"], r"--kind.*'maybe'", 2),
    (["objective", "add", "T", "--owner", "A", "--cycle", "2030-Q1"], r"no cycle named '2030-Q1'", 1),
    (["objective", "add", "T"], r"Missing option '--owner'", 2),
    (["objective", "add", "   ", "--owner", "A"], r"title", 1),
]


@pytest.mark.parametrize("args, says, code", ARGUMENTS, ids=lambda v: " ".join(v) if isinstance(v, list) else None)
def test_bad_arguments_change_nothing(filled: Store, args: list[str], says: str, code: int) -> None:
    refused(filled.path, *args, says=says, code=code)


def test_archived_objectives_and_key_results_take_no_writes(filled: Store) -> None:
    """okr list and the meeting hide them: an answer written there would go unseen."""
    with filled.write(filled.cycle()) as tx:
        other = tx.add_objective(title="Old plan", owner="Bo")
        tx.add_key_result(other.id, title="Old KR")
        tx.update_objective(other.id, archived=True)
        tx.update_key_result("O1.1", archived=True)
    week = ["--week", "2026-W48"]
    refused(filled.path, "checkin", "O1.1", "--progress", "50", *week, says=r"O1\.1 is archived; nothing was written")
    refused(filled.path, "checkin", "O2.1", "--progress", "50", *week,
            says=r"O2\.1's objective O2 is archived; nothing was written")
    refused(filled.path, "kr", "add", "O2", "More", says=r"O2 is archived")
    refused(filled.path, "objective", "add", "Child", "--owner", "Bo", "--aligns-to", "O2", says=r"O2 is archived")
    r = okr("checkin", "O1.2", "--value", "10", *week, "--store", filled.path)
    assert r.returncode == 0, r.stderr  # the active key result beside it still takes answers


def test_init_shared_on_a_private_store_changes_nothing(filled: Store) -> None:
    mode = filled.path.stat().st_mode
    refused(filled.path, "init", "--shared", says=r"holds a private store already; nothing was changed", code=1)
    assert filled.path.stat().st_mode == mode  # not half-shared: directory and files stay private


def test_a_corrupt_or_truncated_cycle_file_is_never_overwritten(filled: Store) -> None:
    cycle_file = filled.cycle_path(filled.cycle())
    whole = cycle_file.read_bytes()
    for broken in (whole[: len(whole) // 2], b"", b"[1, 2]", b"{\"checkins\": 3}"):
        cycle_file.write_bytes(broken)
        for args in (["checkin", "O1.1", "--progress", "50", "--week", "2026-W48"],
                     ["objective", "add", "More", "--owner", "Ana"], ["list"]):
            refused(filled.path, *args, says=r"cycle-2026-Q4\.json.*(untouched|left)", code=1)
        assert cycle_file.read_bytes() == broken
    refused(filled.path, "export", "--format", "csv", says="not valid JSON|untouched", code=1)


def test_a_store_from_a_newer_okr_is_refused(filled: Store) -> None:
    root = filled.path / "okr.json"
    doc = json.loads(root.read_text())
    doc["schema_version"] = 99
    root.write_text(json.dumps(doc))
    for args in (["list"], ["checkin", "O1.1", "--progress", "50", "--week", "2026-W48"], ["init"]):
        refused(filled.path, *args, says=r"newer okr-checkin \(schema 99; this one reads up to \d+\); upgrade", code=1)


def test_no_store_yet_says_how_to_create_one(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    for args in (["list"], ["checkin", "O1.1", "--progress", "10"], ["objective", "add", "T", "--owner", "A"]):
        refused(missing, *args, says=rf"no store at {re.escape(str(missing))}; create one with: okr init", code=1)
    assert not missing.exists()
    r = okr("list")  # the default store (in the isolated user data dir) does not exist either
    assert r.returncode == 1 and "create one with: okr init" in r.stderr and len(r.stderr.splitlines()) == 1


@pytest.fixture
def readable_store() -> Iterator[Store]:
    """A store that everyone may read but only root may write (outside pytest's 0700 tmp)."""
    base = Path(tempfile.mkdtemp(prefix="okr-ro-"))
    try:
        store = Store.init(base / "s", today=TODAY)
        with store.write(store.cycle()) as tx:
            obj = tx.add_objective(title="Read only", owner="Ana")
            tx.add_key_result(obj.id, title="KR")
        for p in [base, *base.rglob("*")]:
            p.chmod(0o755 if p.is_dir() else 0o644)
        yield store
    finally:
        shutil.rmtree(base)


def unprivileged(store: Store) -> Callable[..., subprocess.CompletedProcess[str]]:
    """A runner of ``okr ... --store STORE`` as a user who may read but not write the store
    (we are root in CI, and root can write anywhere: drop to nobody)."""
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("needs setpriv to drop root privileges")
        prefix = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
    else:
        prefix = []
        store.path.chmod(0o555)
    env = {**os.environ, "HOME": str(store.path.parent)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*prefix, str(OKR), *args, "--store", str(store.path)],
                              capture_output=True, text=True, timeout=60, env=env, cwd="/")
    return run


def test_a_store_directory_that_is_not_writable(readable_store: Store) -> None:
    run = unprivileged(readable_store)
    before = snapshot(readable_store.path)
    for args in (["checkin", "O1.1", "--progress", "10", "--week", "2026-W48"],
                 ["objective", "add", "More", "--owner", "Bo"]):
        r = run(*args)
        assert r.returncode == 1, r.stderr
        assert r.stderr.splitlines() == [r.stderr.strip()] and "permission denied; nothing was changed" in r.stderr
    assert snapshot(readable_store.path) == before
    r = run("list")  # reading needs no write access
    assert r.returncode == 0 and "O1  Read only" in r.stdout, r.stderr


def test_a_store_file_that_cannot_be_read(readable_store: Store) -> None:
    run = unprivileged(readable_store)
    cycle_file = readable_store.cycle_path(readable_store.cycle())
    for private in (cycle_file, readable_store.path / "okr.json"):
        private.chmod(0o600)
        before = snapshot(readable_store.path)
        r = run("list")
        assert (r.returncode, r.stdout, r.stderr) == (1, "", f"Error: cannot read {private}: permission denied\n")
        r = run("checkin", "O1.1", "--progress", "10", "--week", "2026-W48")
        assert r.returncode == 1 and r.stderr.startswith("Error: cannot ") and r.stderr.count("\n") == 1, r.stderr
        assert "permission denied" in r.stderr
        assert snapshot(readable_store.path) == before


def test_the_guides_limits_refuse_without_force(store: Store) -> None:
    cycle = store.cycle()
    with store.write(cycle) as tx:
        for i in range(MAX_OBJECTIVES):
            obj = tx.add_objective(title=f"Core {i + 1}", owner=f"P{i}", team="core")
        for i in range(MAX_OBJECTIVES):
            tx.add_objective(title=f"Mine {i + 1}", owner="Solo")
        for i in range(MAX_KEY_RESULTS):
            tx.add_key_result("O1", title=f"KR {i + 1}")
    assert obj.id == "O5"
    refused(store.path, "objective", "add", "Sixth", "--owner", "New", "--team", "core",
            says=r"team core has 5 objectives in 2026-Q4 already; the guide keeps at most 5 .*--force", code=1)
    refused(store.path, "objective", "add", "Sixth", "--owner", "Solo",
            says=r"Solo has 5 objectives .* at most 5 \(3 is ideal\)", code=1)
    refused(store.path, "kr", "add", "O1", "Fifth",
            says=r"O1 has 4 key results already; the guide keeps at most 4 per objective .*--force", code=1)
    ok_args = [["objective", "add", "Sixth", "--owner", "New", "--team", "core", "--force"],
               ["kr", "add", "O1", "Fifth", "--force"]]
    assert [okr(*a, "--store", store.path).stdout for a in ok_args] == ["O11 added\n", "O1.5 added\n"]
    assert okr("objective", "add", "Other team", "--owner", "New", "--team", "web", "--store", store.path).returncode == 0


def _doc(store: Store) -> dict[str, Any]:
    return export_json([store.load(c) for c in store.cycles()])


def test_a_malformed_import_imports_nothing(filled: Store, tmp_path: Path) -> None:
    good = _doc(filled)
    target = Store.init(tmp_path / "target", today=TODAY)  # 2026-Q4 exists, empty

    def broken(change: str) -> Any:
        doc = copy.deepcopy(good)
        cycle = doc["cycles"][0]
        if change == "types":
            cycle["checkins"][0]["confidence"] = "high"
        elif change == "table":
            cycle["objectives"] = {"O1": "x"}
        elif change == "reference":
            cycle["key_results"][1]["objective"] = "O4"
        elif change == "format":
            doc = [doc]
        return doc

    files = {}
    for change in ("types", "table", "reference", "format"):
        files[change] = tmp_path / f"{change}.json"
        files[change].write_text(json.dumps(broken(change)))
    (tmp_path / "bad.json").write_text('{"format": "okr-checkin-export", "cycles": [')
    (tmp_path / "latin1.json").write_bytes('{"x": "café"}'.encode("latin-1"))
    refused(target.path, "import", tmp_path / "bad.json", says=r"bad\.json is not valid JSON", code=1)
    refused(target.path, "import", tmp_path / "latin1.json", says=r"latin1\.json is not valid UTF-8 \(byte 0xe9 at offset 10",
            code=1)
    refused(target.path, "import", files["types"], says=r"cycles\[0\]\.checkins\[0\]: confidence", code=1)
    refused(target.path, "import", files["table"], says=r"cycles\[0\]\.objectives should be a list", code=1)
    refused(target.path, "import", files["reference"], says=r"key result O1\.2 belongs to unknown objective O4", code=1)
    refused(target.path, "import", files["format"], says=r"not an okr-checkin export", code=1)
    refused(target.path, "import", tmp_path / "missing.json", says=r"missing\.json' does not exist", code=2)
    # The store already holds that cycle, with objectives in it.
    (tmp_path / "good.json").write_text(json.dumps(good))
    refused(filled.path, "import", tmp_path / "good.json", says=r"cycle 2026-Q4 exists already .*nothing imported",
            code=1)
    assert not target.load(target.cycle()).objectives


def test_an_import_of_two_cycles_is_all_or_nothing(filled: Store, tmp_path: Path) -> None:
    """The second cycle clashes: the first, although fine, is not imported either."""
    filled.add_cycle("2027-Q1", dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    with filled.write(filled.cycle("2027-Q1")) as tx:
        tx.add_objective(title="Next", owner="Ana")
    (tmp_path / "all.json").write_text(json.dumps(_doc(filled)))
    target = Store.init(tmp_path / "target", today=TODAY, first_cycle=("2027-Q1", dt.date(2027, 1, 1),
                                                                         dt.date(2027, 3, 31)))
    with target.write(target.cycle()) as tx:
        tx.add_objective(title="Already here", owner="Bo")
    refused(target.path, "import", tmp_path / "all.json", says=r"cycle 2027-Q1 exists already", code=1)
    assert [c.name for c in target.cycles()] == ["2027-Q1"]
