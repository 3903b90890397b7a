"""An import is one transaction over all its cycles and the root file: a failure at any
write step (writing a new file, or switching it in) leaves the store byte-identical, and
an import into a new store leaves nothing behind, not even the directory."""

from __future__ import annotations

import copy
import datetime as dt
import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import store.commit as commit_mod
from store import Store, StoreError
from store.markdown_import import import_markdown
from store.portable import export_json, export_markdown, import_json, import_json_new

TODAY = dt.date(2026, 11, 25)
Q1 = ("2027-Q1", dt.date(2027, 1, 1), dt.date(2027, 3, 31))


def files(directory: Path) -> dict[str, bytes]:
    """Every file of the store but the lock files (any reader may create those)."""
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if not p.name.endswith(".lock")}


@pytest.fixture
def source(tmp_path: Path) -> Store:
    """Two cycles with objectives, key results and a check-in each."""
    store = Store.init(tmp_path / "source", today=TODAY)
    store.add_cycle(*Q1)
    for cycle, week in ((store.cycle("2026-Q4"), "2026-W48"), (store.cycle("2027-Q1"), "2027-W02")):
        with store.write(cycle) as tx:
            o = tx.add_objective(title=f"Ship {cycle.name}", owner="Ana")
            k = tx.add_key_result(o.id, title="Signup flow")
            tx.check_in(k.id, week, progress=40, confidence=7)
    return store


@pytest.fixture
def doc(source: Store) -> dict[str, Any]:
    return export_json([source.load(c) for c in source.cycles()])


def fail_on(monkeypatch: pytest.MonkeyPatch, name: str, call: int) -> list[int]:
    """Make ``store.commit``'s ``name`` ("write_temp", or "replace" for os.replace) raise
    ENOSPC on its ``call``-th call; returns the list of calls seen (backing out replaces too)."""
    seen: list[int] = []
    real: Callable[..., Any] = commit_mod.write_temp if name == "write_temp" else os.replace

    def flaky(*args: Any, **kwargs: Any) -> Any:
        seen.append(1)
        if len(seen) == call:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(*args, **kwargs)

    if name == "write_temp":
        monkeypatch.setattr(commit_mod, "write_temp", flaky)
    else:
        monkeypatch.setattr(commit_mod.os, "replace", flaky)
    return seen


# A store holding 2026-Q4, empty: the import fills it, adds 2027-Q1 and rewrites the root
# file, three files in all.
@pytest.mark.parametrize("step", ["write_temp", "replace"])
@pytest.mark.parametrize("call", [1, 2, 3])
def test_a_failure_at_any_write_step_changes_nothing(doc: dict[str, Any], tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch, step: str, call: int) -> None:
    target = Store.init(tmp_path / "target", today=TODAY)
    before = files(target.path)
    seen = fail_on(monkeypatch, step, call)
    with pytest.raises(StoreError, match=r"no space left to write (cycle-2026-Q4|cycle-2027-Q1|okr)\.json"):
        import_json(target, doc)
    assert len(seen) >= call
    assert files(target.path) == before
    assert [c.name for c in Store.open(target.path).cycles()] == ["2026-Q4"]
    monkeypatch.undo()
    # Nothing half-done stands in the way: the same import now goes through, in the same Store.
    assert import_json(target, doc) == ["2026-Q4", "2027-Q1"]
    assert files(target.path) != before
    assert export_json([target.load(c) for c in target.cycles()]) == doc


@pytest.mark.parametrize("step", ["write_temp", "replace"])
@pytest.mark.parametrize("call", [1, 2, 3])
def test_an_import_into_a_new_store_that_fails_leaves_nothing(doc: dict[str, Any], tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch, step: str,
                                                               call: int) -> None:
    target = tmp_path / "new" / "deeper" / "store"
    seen = fail_on(monkeypatch, step, call)
    with pytest.raises(StoreError, match="no space left"):
        import_json_new(target, doc)
    assert len(seen) >= call
    assert not (tmp_path / "new").exists()
    monkeypatch.undo()
    made = import_json_new(target, doc)
    assert [c.name for c in Store.open(made.path).cycles()] == ["2026-Q4", "2027-Q1"]


def test_a_new_store_in_an_existing_empty_directory_keeps_only_the_directory(doc: dict[str, Any], tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "empty"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    fail_on(monkeypatch, "replace", 3)
    with pytest.raises(StoreError):
        import_json_new(target, doc)
    assert [p.name for p in target.iterdir()] == ["notes.txt"]


def test_the_writes_are_the_cycle_files_then_the_root_file(doc: dict[str, Any], tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The root file is switched in last: until then a new cycle's file is no cycle of the store."""
    target = Store.init(tmp_path / "target", today=TODAY)
    order: list[str] = []
    real = os.replace
    monkeypatch.setattr(commit_mod.os, "replace", lambda src, dst: (order.append(Path(dst).name), real(src, dst))[1])
    import_json(target, doc)
    assert order == ["cycle-2026-Q4.json", "cycle-2027-Q1.json", "okr.json"]


def test_a_bad_value_in_the_second_cycle_imports_nothing(doc: dict[str, Any], tmp_path: Path) -> None:
    """order 10**30 used to pass validation and then crash the JSON writer after the first
    cycle was written; the rerun was then refused as "exists already"."""
    bad = copy.deepcopy(doc)
    bad["cycles"][1]["objectives"][0]["order"] = 10**30
    target = Store.init(tmp_path / "target", today=TODAY)
    before = files(target.path)
    with pytest.raises(StoreError, match=r"cycles\[1\]\.objectives\[0\]: order: .*less than or equal to 1000000"):
        import_json(target, bad)
    assert files(target.path) == before
    with pytest.raises(StoreError, match="order"):
        import_json_new(tmp_path / "fresh", bad)
    assert not (tmp_path / "fresh").exists()  # not even a store with an empty cycle


def test_a_refused_cycle_in_a_markdown_file_saves_none_of_its_edits(source: Store, tmp_path: Path) -> None:
    """The last cycle overlaps one of the store: the title changed in the first is not saved either."""
    text = export_markdown([source.load(c) for c in source.cycles()])
    text = text.replace("### O1 Ship 2026-Q4", "### O1 Renamed")
    text += "\n## Cycle clash\n- start: 2027-03-01\n- end: 2027-04-30\n"
    before = files(source.path)
    with pytest.raises(StoreError, match="overlaps cycle 2027-Q1"):
        import_markdown(source, text)
    assert files(source.path) == before
    assert source.load(source.cycle("2026-Q4")).objective("O1").title == "Ship 2026-Q4"  # type: ignore[union-attr]


@pytest.mark.parametrize("call", [1, 2, 3])
def test_a_markdown_import_failing_at_any_write_changes_nothing(source: Store, monkeypatch: pytest.MonkeyPatch,
                                                                call: int) -> None:
    """Edits to both cycles and a new third one: three files, each write may fail."""
    text = export_markdown([source.load(c) for c in source.cycles()])
    text = text.replace("Ship 2026-Q4", "Renamed Q4").replace("Ship 2027-Q1", "Renamed Q1")
    text += "\n## Cycle 2027-Q2\n- start: 2027-04-01\n- end: 2027-06-30\n\n### New one\n- owner: Bo\n"
    before = files(source.path)
    fail_on(monkeypatch, "write_temp", call)
    with pytest.raises(StoreError, match="no space left"):
        import_markdown(source, text)
    assert files(source.path) == before
    monkeypatch.undo()
    assert len(import_markdown(source, text)) == 3
    assert source.load(source.cycle("2027-Q1")).objective("O1").title == "Renamed Q1"  # type: ignore[union-attr]


def test_a_failure_while_backing_out_names_the_file_to_restore(doc: dict[str, Any], tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The root file fails to switch and the filled cycle cannot be put back: said, not hidden."""
    target = Store.init(tmp_path / "target", today=TODAY)
    fail_on(monkeypatch, "replace", 3)

    def no_space(path: Path, data: bytes, *, shared: bool = False) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(commit_mod, "atomic_write", no_space)
    with pytest.raises(StoreError, match=r"cycle-2026-Q4\.json could not be put back .*restore it from a backup"):
        import_json(target, doc)
    assert "cycle-2027-Q1.json" not in files(target.path)  # a new file is simply removed


def test_add_cycle_writes_its_file_and_the_root_as_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store.init(tmp_path / "s", today=TODAY)
    before = files(store.path)
    fail_on(monkeypatch, "replace", 2)  # the cycle file went in, the root file did not
    with pytest.raises(StoreError, match="no space left to write okr.json"):
        store.add_cycle(*Q1)
    assert files(store.path) == before
    monkeypatch.undo()
    assert store.add_cycle(*Q1).name == "2027-Q1"


def test_a_store_made_by_another_okr_meanwhile_is_left_alone(doc: dict[str, Any], tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Between making the directory and taking the root lock, another okr created the store."""
    import contextlib

    import store.store as store_mod

    other = Store.init(tmp_path / "other", today=TODAY)
    target = tmp_path / "target"
    real = store_mod.locked

    @contextlib.contextmanager
    def racing(path: Path, *, shared: bool) -> Any:
        with real(path, shared=shared):
            if path.name == "okr.json" and not path.exists():
                for name, raw in files(other.path).items():
                    (target / name).write_bytes(raw)
                (target / "okr.json.lock").touch()
            yield

    monkeypatch.setattr(store_mod, "locked", racing)
    with pytest.raises(StoreError, match="a store appeared at .* meanwhile; nothing was imported"):
        import_json_new(target, doc)
    assert files(target) == files(other.path) and (target / "okr.json.lock").exists()
