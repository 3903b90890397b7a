"""Several processes writing one cycle at once (as over SSH): nothing lost, nothing torn."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from store import Store, add_weeks

WORKER = Path(__file__).with_name("store_workers.py")
PROCESSES = 4


def _krs(store: Store, objectives: int) -> list[str]:
    with store.write(store.cycle()) as tx:
        for o in range(objectives):
            obj = tx.add_objective(title=f"objective {o}", owner="ana")
            for k in range(4):
                tx.add_key_result(obj.id, title=f"kr {k}")
    return [k.id for k in store.load(store.cycle()).key_results]


def _run_all(tmp_path: Path, argvs: list[list[str]]) -> None:
    """Start every worker, then let them go at once; each must succeed."""
    go = tmp_path / "go"
    procs = [subprocess.Popen([sys.executable, str(WORKER), argv[0], argv[1], str(go), *argv[2:]],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for argv in argvs]
    go.touch()
    errors = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        if p.returncode:
            errors.append(err)
    assert not errors, "\n".join(errors)


def _no_temp_files(store: Store) -> None:
    assert not [p.name for p in store.path.iterdir() if p.name.endswith(".tmp")]


def test_four_processes_fifty_check_ins_each(store, tmp_path):
    krs = _krs(store, 1)
    _run_all(tmp_path, [["checkins", str(store.path), kr, "50"] for kr in krs])
    data = Store.open(store.path).load(store.cycle())
    assert len(data.checkins) == PROCESSES * 50
    for kr in krs:
        history = data.history(kr)
        assert [c.week for c in history] == [add_weeks("2026-W01", i) for i in range(50)]
        assert [c.note for c in history] == [f"{kr} #{i}" for i in range(50)]
        assert [c.progress for c in history] == list(range(50))
    _no_temp_files(store)


def test_same_key_result_same_week_last_writer_wins(store, tmp_path):
    """Four writers fight over O1.1's week; each also writes its own key result in the same
    transaction. The shared answer is one writer's last one; no own answer is lost."""
    krs = _krs(store, 2)
    shared, own = krs[0], krs[4:8]
    rounds = 30
    _run_all(tmp_path, [["contend", str(store.path), shared, kr, str(rounds), f"w{i}"]
                        for i, kr in enumerate(own)])
    data = Store.open(store.path).load(store.cycle())
    (fought,) = data.history(shared)
    assert fought.week == "2026-W48"
    tag, i = fought.note.split()
    assert tag in {f"w{n}" for n in range(PROCESSES)} and int(i) == rounds - 1
    assert fought.progress == rounds - 1
    for kr in own:
        assert [c.progress for c in data.history(kr)] == list(range(rounds))
    assert len(data.checkins) == 1 + PROCESSES * rounds
    _no_temp_files(store)


@pytest.mark.slow
def test_many_processes_many_check_ins(store, tmp_path):
    """The long variant: 8 writers on 8 key results, 150 each."""
    krs = _krs(store, 2)
    _run_all(tmp_path, [["checkins", str(store.path), kr, "150"] for kr in krs])
    data = Store.open(store.path).load(store.cycle())
    assert len(data.checkins) == 8 * 150
    assert all(len(data.history(kr)) == 150 for kr in krs)
