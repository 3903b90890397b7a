"""The history generator: layout, counts, valid files, determinism."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from store import Store, StoreError, week_of
from store.generate import KRS_PER_OBJECTIVE, OBJECTIVES_PER_TEAM, generate

TODAY = dt.date(2026, 11, 25)  # Wednesday of 2026-W48, in 2026-Q4


@pytest.fixture
def small(tmp_path: Path) -> Store:
    return generate(tmp_path / "gen", years=1, teams=2, today=TODAY, seed=7)


def test_one_year_is_four_quarters_ending_with_the_current_one(small: Store) -> None:
    names = [c.name for c in small.cycles()]
    assert names == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert small.cycle(today=TODAY).name == "2026-Q4"
    files = sorted(p.name for p in small.path.glob("*.json"))
    assert files == ["cycle-2026-Q1.json", "cycle-2026-Q2.json", "cycle-2026-Q3.json",
                     "cycle-2026-Q4.json", "okr.json"]
    assert Store.open(small.path).root.teams == ["Platform", "Payments"]


def test_counts_per_cycle(small: Store) -> None:
    per_cycle_krs = 2 * OBJECTIVES_PER_TEAM * KRS_PER_OBJECTIVE
    for cycle in small.cycles():
        data = small.load(cycle)  # validates every record
        weeks = sorted({c.week for c in data.checkins})
        assert len(data.objectives) == 2 * OBJECTIVES_PER_TEAM
        assert len(data.key_results) == per_cycle_krs
        assert len(data.checkins) == per_cycle_krs * len(weeks)
        assert len(data.objective_checkins) == 2 * OBJECTIVES_PER_TEAM * len(weeks)
        assert len(data.meetings) == 2 * len(weeks)
        assert {m.team for m in data.meetings} == {"Platform", "Payments"}
        assert all(cycle.start <= dt.date.fromisocalendar(int(w[:4]), int(w[6:]), 1) <= cycle.end
                   for w in weeks)
        if cycle.name != "2026-Q4":
            assert len(weeks) == 13


def test_current_quarter_stops_at_last_week(small: Store) -> None:
    data = small.load(small.cycle(today=TODAY))
    weeks = sorted({c.week for c in data.checkins})
    assert weeks[-1] == "2026-W47"
    assert week_of(TODAY) not in {m.week for m in data.meetings}


def test_mix_of_kinds_metrics_blockers_and_notes(tmp_path: Path) -> None:
    store = generate(tmp_path / "gen", years=1, teams=4, today=TODAY)
    data = [store.load(c) for c in store.cycles()]
    krs = [k for d in data for k in d.key_results]
    checkins = [c for d in data for c in d.checkins]
    assert {o.kind.value for d in data for o in d.objectives} == {"committed", "aspirational"}
    assert any(k.is_metric for k in krs) and any(not k.is_metric for k in krs)
    assert any(k.lower_is_better for k in krs)
    assert any(c.blocker for c in checkins) and any(c.note for c in checkins)
    assert all(c.progress % 10 == 0 for d in data for c in d.checkins if not d.key_result(c.kr).is_metric)
    drops = [b for d in data for k in d.key_results for a, b in zip(d.history(k.id), d.history(k.id)[1:])
             if a.confidence - b.confidence >= 2]
    assert drops


def test_zero_years_is_the_current_quarter_alone(tmp_path: Path) -> None:
    store = generate(tmp_path / "gen", years=0, teams=1, today=TODAY)
    assert [c.name for c in store.cycles()] == ["2026-Q4"]
    assert len(store.load(store.cycles()[0]).key_results) == OBJECTIVES_PER_TEAM * KRS_PER_OBJECTIVE


def test_same_seed_same_bytes_other_seed_differs(tmp_path: Path) -> None:
    a = generate(tmp_path / "a", years=1, teams=2, today=TODAY, seed=3)
    b = generate(tmp_path / "b", years=1, teams=2, today=TODAY, seed=3)
    c = generate(tmp_path / "c", years=1, teams=2, today=TODAY, seed=4)
    for cycle in a.cycles():
        assert a.cycle_path(cycle).read_bytes() == b.cycle_path(cycle).read_bytes()
    assert a.cycle_path(a.cycles()[0]).read_bytes() != c.cycle_path(c.cycles()[0]).read_bytes()


def test_generated_store_takes_a_check_in(small: Store) -> None:
    cycle = small.cycle(today=TODAY)
    with small.write(cycle) as tx:
        tx.check_in("O1.1", week_of(TODAY), confidence=3, note="from the test")
    data = small.load(cycle)
    assert data.checkin("O1.1", week_of(TODAY)).confidence == 3


def test_refuses_an_existing_store(small: Store) -> None:
    before = small.root_path.read_bytes()
    with pytest.raises(StoreError, match="holds a store already"):
        generate(small.path, years=0, teams=1, today=TODAY)
    assert small.root_path.read_bytes() == before


def test_module_command_line(tmp_path: Path) -> None:
    out = tmp_path / "cli"
    subprocess.run([sys.executable, "-m", "store.generate", str(out), "--years", "0", "--teams", "1",
                    "--today", "2026-11-25"], check=True, timeout=60)
    store = Store.open(out)
    assert [c.name for c in store.cycles()] == ["2026-Q4"]
    again = subprocess.run([sys.executable, "-m", "store.generate", str(out), "--years", "0"],
                           capture_output=True, text=True, timeout=60)
    assert again.returncode == 1 and again.stderr.startswith("Error: ")
