"""Export and import as pure conversions (store.portable): JSON round-trips exactly and
is all or nothing; CSV and the Markdown outline are readable and safe."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest

from store import InvalidInputError, Store, StoreError
from store.demo_data import seed_demo
from store.portable import export_csv, export_json, export_markdown, import_json

TODAY = dt.date(2026, 11, 25)


def _files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if not p.name.endswith(".lock")}


def _export(store: Store) -> dict[str, Any]:
    return export_json([store.load(c) for c in store.cycles()])


@pytest.fixture
def demo(tmp_path: Path) -> Store:
    """The demo store plus an older cycle holding hostile text and an awkward number."""
    store = seed_demo(tmp_path / "demo", today=TODAY)
    old = store.add_cycle("2026-Q3", dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    with store.write(old) as tx:
        o = tx.add_objective(title="=HYPERLINK(\"x\") [b]bold[/b]\nsecond line", owner="@ana", team="Support")
        k = tx.add_key_result(o.id, title="Cost from 0.3 to 0.1", start=0.3, target=0.1, unit="€")
        tx.check_in(k.id, "2026-W30", value=0.2, confidence=6, blocker="-vendor", note="line 1\nline 2")
    return store


def test_json_round_trips_exactly_into_an_empty_store(demo: Store, tmp_path: Path) -> None:
    doc = _export(demo)
    empty = Store.init(tmp_path / "empty", today=TODAY, first_cycle=("2026-Q3", dt.date(2026, 7, 1),
                                                                     dt.date(2026, 9, 30)))
    assert import_json(empty, copy.deepcopy(doc)) == [c.name for c in demo.cycles()]
    assert _export(empty) == doc
    tables = doc["cycles"][1]
    assert all(tables[t] for t in ("objectives", "key_results", "checkins", "objective_checkins", "meetings"))


def _bad(doc: dict[str, Any], change: str) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    demo_cycle = doc["cycles"][1]
    if change == "format":
        doc["format"] = "something-else"
    elif change == "version":
        doc["version"] = 99
    elif change == "confidence":
        demo_cycle["checkins"][-1]["confidence"] = 11
    elif change == "progress":
        demo_cycle["checkins"][0]["progress"] = "abc"
    elif change == "week":
        demo_cycle["checkins"][0]["week"] = "2026-W60"
    elif change == "orphan key result":
        demo_cycle["key_results"][0]["objective"] = "O9"
    elif change == "orphan check-in":
        demo_cycle["checkins"][0]["kr"] = "O1.9"
    elif change == "twice":
        demo_cycle["objectives"].append(demo_cycle["objectives"][0])
    elif change == "overlap":
        doc["cycles"][0]["cycle"]["end"] = "2026-10-15"
    return doc


@pytest.mark.parametrize("change, message", [
    ("format", "not an okr-checkin export"), ("version", "version 99"),
    ("confidence", r"cycles\[1\]\.checkins\[\d+\]: confidence"),
    ("progress", r"cycles\[1\]\.checkins\[0\]: progress"), ("week", "2026-W60"),
    ("orphan key result", "unknown objective O9"), ("orphan check-in", "unknown key result O1.9"),
    ("twice", "O1 is in the export twice"), ("overlap", "overlaps cycle"),
])
def test_a_bad_export_imports_nothing(demo: Store, tmp_path: Path, change: str, message: str) -> None:
    target = Store.init(tmp_path / "target", today=dt.date(2026, 5, 1))
    before = _files(target.path)
    with pytest.raises(InvalidInputError, match=message):
        import_json(target, _bad(_export(demo), change))
    assert [c.name for c in target.cycles()] == ["2026-Q2"]
    assert _files(target.path) == before


def test_a_cycle_the_store_already_has_is_refused_before_any_write(demo: Store, tmp_path: Path) -> None:
    doc = _export(demo)  # 2026-Q3, then 2026-Q4
    target = Store.init(tmp_path / "target", today=TODAY,
                        first_cycle=("winter", dt.date(2026, 12, 1), dt.date(2027, 2, 28)))
    before = _files(target.path)
    with pytest.raises(InvalidInputError, match=r"2026-Q4 \(2026-10-01 to 2026-12-31\) overlaps cycle winter"):
        import_json(target, doc)
    assert _files(target.path) == before  # 2026-Q3 was not imported either

    filled = seed_demo(tmp_path / "filled", today=TODAY)
    before = _files(filled.path)
    with pytest.raises(StoreError, match="exists already"):
        import_json(filled, doc)
    assert _files(filled.path) == before


def test_csv_has_a_row_per_check_in_and_defuses_formulas(demo: Store) -> None:
    data = [demo.load(c) for c in demo.cycles()]
    rows = list(csv.DictReader(io.StringIO(export_csv(data))))
    assert len(rows) == sum(len(d.checkins) for d in data)
    old = rows[0]
    assert old["cycle"] == "2026-Q3" and old["value"] == "0.2" and old["unit"] == "€"
    assert old["objective_title"].startswith("'=HYPERLINK")
    assert old["owner"] == "'@ana" and old["blocker"] == "'-vendor"
    assert old["note"] == "line 1\nline 2"
    assert {r["objective_title"] for r in rows} >= {"创造无与伦比的用户服务体验"}


def test_markdown_is_a_regular_outline(demo: Store) -> None:
    text = export_markdown([demo.load(c) for c in demo.cycles()])
    lines = text.splitlines()
    assert lines[0] == "# OKRs"
    assert "## Cycle 2026-Q3" in lines
    assert "### O1 =HYPERLINK(\"x\") [b]bold[/b] second line" in lines  # one line, literal
    assert "- owner: @ana" in lines and "- metric: 0.3 -> 0.1 €" in lines
    assert "### O2 创造无与伦比的用户服务体验" in lines
    assert "- aligns to: O1" in lines and "- kind: aspirational" in lines
    reply = lines.index("#### O1.2 Answer customer feedback within 2 hours")
    assert lines[reply + 1:reply + 3] == ["- owner: Mia Chen", "- metric: 24 -> 2 h"]
    # Every line is a heading, a "- field: value" line or blank.
    assert all(not line or line.startswith(("#", "- ")) for line in lines)
