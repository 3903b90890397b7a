"""`okr summary` as a user runs it: the installed command, in a subprocess, on a temp store."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from store import Meeting, Store, week_of

OKR = Path(sys.executable).parent / "okr"
UTC = dt.UTC
THIS_WEEK = week_of(dt.date.today())


def okr(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(OKR), *args], capture_output=True, text=True, timeout=60)


@pytest.fixture
def filled(store: Store) -> Store:
    """Two teams; two meetings (M1 for team core in W47, M2 for team web in W48)."""
    cycle = store.cycle("2026-Q4")
    with store.write(cycle) as tx:
        core = tx.add_objective(title="Core objective", owner="Ana", team="core")
        web = tx.add_objective(title="Web objective", owner="Wu", team="web")
        kc = tx.add_key_result(core.id, title="Core KR")
        kw = tx.add_key_result(web.id, title="Web KR")
        tx.check_in(kc.id, "2026-W47", progress=10, confidence=2)
        tx.check_in(kw.id, "2026-W48", progress=90, confidence=9, blocker="CDN quota")
        for week, team, hour in (("2026-W47", "core", 9), ("2026-W48", "web", 10)):
            tx.save_meeting(Meeting(id=tx.new_meeting_id(), cycle=cycle.name, week=week, team=team,
                                    started=dt.datetime(2026, 11, 20, hour, tzinfo=UTC)))
    return store


def test_meeting_by_id_uses_its_week_and_team(filled: Store) -> None:
    r = okr("summary", "--store", str(filled.path), "--meeting", "M1")
    assert r.returncode == 0, r.stderr
    assert "week 2026-W47 · team core" in r.stdout and "meeting M1" in r.stdout
    assert "Core objective" in r.stdout and "Web objective" not in r.stdout
    assert "confidence 2/10 (hard)" in r.stdout
    assert "\x1b" not in r.stdout  # not a tty: plain text


def test_latest_is_the_most_recently_started_meeting(filled: Store) -> None:
    r = okr("summary", "--store", str(filled.path), "--latest")
    assert r.returncode == 0, r.stderr
    assert "meeting M2" in r.stdout and "week 2026-W48 · team web" in r.stdout
    needs_help = r.stdout[r.stdout.index("NEEDS HELP"):r.stdout.index("OBJECTIVES")]
    assert "Web KR" in needs_help and "blocker: CDN quota" in needs_help


def test_without_a_meeting_the_whole_cycle_for_a_week(filled: Store) -> None:
    r = okr("summary", "--store", str(filled.path), "--cycle", "2026-Q4", "--week", "2026-W48")
    assert r.returncode == 0, r.stderr
    assert "week 2026-W48" in r.stdout and "meeting" not in r.stdout
    assert "Core objective" in r.stdout and "Web objective" in r.stdout


def test_default_week_is_this_week(filled: Store) -> None:
    r = okr("summary", "--store", str(filled.path), "--cycle", "2026-Q4", "--format", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["week"] == THIS_WEEK


def test_formats(filled: Store) -> None:
    md = okr("summary", "--store", str(filled.path), "--meeting", "m2", "--format", "markdown")
    assert md.returncode == 0, md.stderr
    assert md.stdout.startswith("## OKR check-in: 2026-Q4, 2026-W48")
    data = json.loads(okr("summary", "--store", str(filled.path), "--latest", "--format", "json").stdout)
    assert data["meeting"]["id"] == "M2" and data["team"] == "web"
    assert [k["id"] for k in data["needs_help"]] == ["O2.1"]


@pytest.mark.parametrize(("args", "message"), [
    (["--cycle", "2026-Q4", "--meeting", "M9"], "Error: no meeting M9 in cycle 2026-Q4 (meetings: M1, M2)"),
    (["--meeting", "M1", "--latest"], "give one of --meeting ID, --latest and --review OWNER"),
    (["--latest", "--week", "2026-W48"], "a meeting has its own week"),
    (["--week", "2026-W99"], "has no week 99"),
    (["--cycle", "1999-Q1"], "Error: no cycle named '1999-Q1'"),
])
def test_errors_are_one_line(filled: Store, args: list[str], message: str) -> None:
    r = okr("summary", "--store", str(filled.path), *args)
    assert r.returncode != 0
    assert message in r.stderr
    assert "Traceback" not in r.stderr


def test_no_meetings_yet(store: Store) -> None:
    r = okr("summary", "--store", str(store.path), "--cycle", "2026-Q4", "--latest")
    assert r.returncode == 1
    assert r.stderr.strip().splitlines() == [
        "Error: no team meeting with answers in cycle 2026-Q4 yet; hold one with: okr meeting"]


def test_no_store(tmp_path: Path) -> None:
    r = okr("summary", "--store", str(tmp_path / "missing"))
    assert r.returncode == 1 and r.stderr.startswith("Error: no store at")
    assert len(r.stderr.strip().splitlines()) == 1
