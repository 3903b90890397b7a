"""Next cycle and carry-forward: unfinished objectives move with their key results,
get new ids, keep their history in the old cycle; alignment is remapped or dropped."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from store import Store
from store.carry import carry_forward, next_cycle_dates, start_next_cycle, unfinished

OKR = Path(sys.executable).parent / "okr"


def fill(store: Store) -> None:
    """O1 done (100%), O2 aligned to O3 (both unfinished), O4 archived, O5 aligned to done O1."""
    cycle = store.cycle("2026-Q4")
    with store.write(cycle) as tx:
        o1 = tx.add_objective(title="Ship the app", owner="Ana", team="Core")
        o2 = tx.add_objective(title="Faster support", owner="Ben", team="Support")
        o3 = tx.add_objective(title="Happy customers", owner="Cy", team="Org", kind="aspirational", confidence=6)
        o4 = tx.add_objective(title="Old idea", owner="Ana", team="Core")
        o5 = tx.add_objective(title="Docs", owner="Dan", team="Core", aligns_to=o1.id)
        tx.update_objective(o2.id, aligns_to=o3.id)
        tx.update_objective(o4.id, archived=True)
        k = tx.add_key_result(o1.id, title="Release 1.0")
        tx.check_in(k.id, "2026-W48", progress=100)
        k2 = tx.add_key_result(o2.id, title="Reply time", start=24, target=2, unit="h", due=dt.date(2026, 12, 20))
        k3 = tx.add_key_result(o2.id, title="Gone", owner="Eve")
        tx.update_key_result(k3.id, archived=True)
        tx.check_in(k2.id, "2026-W48", value=13, confidence=7)
        tx.add_key_result(o3.id, title="NPS 50")
        tx.check_in_objective(o3.id, "2026-W48", confidence=4)
        tx.add_key_result(o5.id, title="Guide written")


def test_next_cycle_is_the_following_quarter(store: Store) -> None:
    assert next_cycle_dates(store.cycle("2026-Q4")) == ("2027-Q1", dt.date(2027, 1, 1), dt.date(2027, 3, 31))


def test_unfinished_skips_done_and_archived(store: Store) -> None:
    fill(store)
    assert unfinished(store.load(store.cycle("2026-Q4"))) == ["O2", "O3", "O5"]


def test_carry_forward_copies_unfinished_with_new_ids(store: Store) -> None:
    fill(store)
    old = store.cycle("2026-Q4")
    result = start_next_cycle(store, old)
    assert result.cycle.name == "2027-Q1"
    assert result.objectives == {"O2": "O1", "O3": "O2", "O5": "O3"}
    assert result.key_results == {"O2.1": "O1.1", "O3.1": "O2.1", "O5.1": "O3.1"}
    new = store.load(store.cycle("2027-Q1"))
    titles = [(o.id, o.title, o.team, o.kind, o.aligns_to) for o in new.objectives]
    assert titles == [("O1", "Faster support", "Support", "committed", "O2"),
                      ("O2", "Happy customers", "Org", "aspirational", ""),
                      ("O3", "Docs", "Core", "committed", "")]
    # The parent (O1, done) stayed behind: the link is dropped, not left pointing at another objective.
    assert result.unlinked == ["O3"]
    kr = new.key_result("O1.1")
    assert kr is not None and (kr.title, kr.start, kr.target, kr.unit, kr.due) == (
        "Reply time", 24, 2, "h", dt.date(2026, 12, 20))
    assert kr.lower_is_better
    assert new.krs_of("O1") == [kr]  # the archived key result is not carried
    assert new.objective("O2").confidence == 4  # type: ignore[union-attr]
    assert new.checkins == []  # history stays in the old cycle
    assert store.load(old).checkin("O2.1", "2026-W48") is not None


def test_carry_into_a_cycle_with_objectives_adds_after_them(store: Store) -> None:
    fill(store)
    new = store.add_cycle("2027-Q1", dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    with store.write(new) as tx:
        tx.add_objective(title="Already here", owner="Ana")
    result = carry_forward(store, store.cycle("2026-Q4"), new, ["O3"])
    assert result.objectives == {"O3": "O2"}


def test_no_carry_creates_an_empty_cycle(store: Store) -> None:
    fill(store)
    result = start_next_cycle(store, store.cycle("2026-Q4"), carry=False)
    assert store.load(result.cycle).objectives == []


def test_cli_cycle_next(store: Store) -> None:
    fill(store)
    out = subprocess.run([str(OKR), "cycle", "next", "--store", str(store.path), "--cycle", "2026-Q4"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "2027-Q1" in out.stdout and "3 objectives" in out.stdout
    assert len(store.load(Store.open(store.path).cycle("2027-Q1")).objectives) == 3
    again = subprocess.run([str(OKR), "cycle", "next", "--store", str(store.path), "--cycle", "2026-Q4"],
                           capture_output=True, text=True, timeout=60)
    assert again.returncode == 1 and again.stderr.startswith("Error: cycle 2027-Q1 exists already")
