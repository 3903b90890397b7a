"""store.portable as properties: whatever a store holds, its JSON export (through the
text `okr export` prints) imports into an empty store and exports again the same.
(tests/test_exchange.py has the example-based cases: bad exports, CSV, Markdown.)"""

from __future__ import annotations

import copy
import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store import InvalidInputError, Meeting, Store, StoreError, add_weeks
from store.portable import FORMAT_TAG, FORMAT_VERSION, export_json, import_json, parse_export

CYCLE = ("2026-Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31))
WEEKS = [add_weeks("2026-W40", n) for n in range(13)]

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
title = text.filter(lambda t: t.strip() and any(c.isprintable() and not c.isspace() for c in t))
number = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False)
key_result = st.fixed_dictionaries({
    "title": title, "owner": text,
    "metric": st.none() | st.tuples(number, number, text).filter(lambda m: m[0] != m[1]),
    "answers": st.lists(st.tuples(st.sampled_from(WEEKS), st.integers(0, 100), number,
                                  st.none() | st.integers(1, 10), text, text), max_size=4),
})
objective = st.fixed_dictionaries({
    "title": title, "owner": text.filter(str.strip), "team": text,
    "kind": st.sampled_from(["committed", "aspirational"]), "aligned": st.booleans(),
    "confidence": st.none() | st.integers(1, 10), "krs": st.lists(key_result, max_size=3),
})


def _fill(store: Store, objectives: list[dict[str, Any]]) -> None:
    """Write drawn objectives through the store's own API (so text is cleaned as on any save)."""
    with store.write(store.cycle()) as tx:
        for o in objectives:
            obj = tx.add_objective(title=o["title"], owner=o["owner"], team=o["team"], kind=o["kind"],
                                   aligns_to="O1" if o["aligned"] and tx.snapshot().objectives else "",
                                   confidence=o["confidence"], force=True)
            for k in o["krs"]:
                start, target, unit = k["metric"] or (None, None, "")
                kr = tx.add_key_result(obj.id, title=k["title"], owner=k["owner"], start=start, target=target,
                                       unit=unit, force=True)
                for week, progress, value, confidence, blocker, note in k["answers"]:
                    tx.check_in(kr.id, week, progress=None if kr.is_metric else progress,
                                value=value if kr.is_metric else None, confidence=confidence,
                                blocker=blocker, note=note, author="tester")
            tx.check_in_objective(obj.id, WEEKS[5], confidence=o["confidence"], note=o["team"], wins=o["title"])


def _printed(store: Store) -> str:
    """What `okr export` prints (tui/cli/data.py)."""
    return json.dumps(export_json([store.load(c) for c in store.cycles()]), ensure_ascii=False, indent=2)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(objectives=st.lists(objective, min_size=1, max_size=4))
def test_export_import_export_is_exact(objectives: list[dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source = Store.init(Path(tmp) / "source", first_cycle=CYCLE)
        _fill(source, objectives)
        printed = _printed(source)
        target = Store.init(Path(tmp) / "target", first_cycle=CYCLE)
        assert import_json(target, json.loads(printed)) == ["2026-Q4"]
        assert _printed(target) == printed
        assert target.load(target.cycle()).checkins == source.load(source.cycle()).checkins


@pytest.fixture
def exported(store: Store) -> dict[str, Any]:
    with store.write(store.cycle("2026-Q4")) as tx:
        o = tx.add_objective(title="Ship", owner="Ana")
        k = tx.add_key_result(o.id, title="Reply time", start=24, target=2, unit="h")
        tx.check_in(k.id, "2026-W47", value=12.5, confidence=4, blocker="vendor")
    return export_json([store.load(store.cycle("2026-Q4"))])


def test_the_document_says_what_it_is(exported: dict[str, Any]) -> None:
    assert (exported["format"], exported["version"]) == (FORMAT_TAG, FORMAT_VERSION)
    [entry] = exported["cycles"]
    assert entry["cycle"] == {"name": "2026-Q4", "start": "2026-10-01", "end": "2026-12-31"}
    assert entry["checkins"][0]["value"] == 12.5 and entry["checkins"][0]["progress"] == 52
    [(cycle, records)] = parse_export(copy.deepcopy(exported))
    assert cycle.name == "2026-Q4" and len(records) == 3


@pytest.mark.parametrize("doc, says", [
    (None, "not an okr-checkin export"), ([], "not an okr-checkin export"),
    ({"format": FORMAT_TAG, "version": FORMAT_VERSION}, '"cycles" should be a list'),
    ({"format": FORMAT_TAG, "version": FORMAT_VERSION, "cycles": ["x"]}, r"cycles\[0\] should be an object"),
    ({"format": FORMAT_TAG, "version": FORMAT_VERSION, "cycles": [{"cycle": {"name": "../../etc", "start":
      "2026-10-01", "end": "2026-12-31"}}]}, "may hold only letters"),
    ({"format": FORMAT_TAG, "version": FORMAT_VERSION, "cycles": [{"cycle": {"name": "q", "start":
      "2026-12-31", "end": "2026-10-01"}}]}, "ends .* before it starts"),
])
def test_malformed_documents_are_refused(store: Store, doc: Any, says: str) -> None:
    with pytest.raises(InvalidInputError, match=says):
        import_json(store, doc)
    assert [c.name for c in store.cycles()] == ["2026-Q4"]


@pytest.mark.parametrize("table, field, value, says", [
    ("objective_checkins", "objective", "O9", "objective check-in points at unknown objective O9"),
    ("meetings", "cycle", "2025-Q1", "meeting M1 says it belongs to cycle 2025-Q1"),
])
def test_records_pointing_elsewhere_are_refused(store: Store, tmp_path: Path, table: str, field: str,
                                                value: str, says: str) -> None:
    with store.write(store.cycle("2026-Q4")) as tx:
        o = tx.add_objective(title="Ship", owner="Ana")
        tx.check_in_objective(o.id, "2026-W47", confidence=6)
        tx.save_meeting(Meeting(id=tx.new_meeting_id(), cycle="2026-Q4", week="2026-W47",
                                started=dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC)))
    doc = export_json([store.load(store.cycle("2026-Q4"))])
    doc["cycles"][0][table][0][field] = value
    target = Store.init(tmp_path / "target", first_cycle=CYCLE)
    with pytest.raises(InvalidInputError, match=says):
        import_json(target, doc)
    assert not target.load(target.cycle()).objectives


def test_an_empty_cycle_of_the_same_name_but_other_dates_is_refused(exported: dict[str, Any],
                                                                     tmp_path: Path) -> None:
    other = Store.init(tmp_path / "other", first_cycle=("2026-Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 30)))
    with pytest.raises(StoreError, match="2026-Q4 exists already"):
        import_json(other, exported)
    assert not other.load(other.cycle()).objectives


def test_hostile_text_in_an_export_is_cleaned_on_import(exported: dict[str, Any], tmp_path: Path) -> None:
    """An export may have been edited by hand: its text goes through the same cleaning as any input."""
    doc = copy.deepcopy(exported)
    doc["cycles"][0]["objectives"][0]["title"] = "Ship\x1b]0;pwned\x07 it\u202e"
    target = Store.init(tmp_path / "target", first_cycle=CYCLE)
    import_json(target, doc)
    [obj] = target.load(target.cycle()).objectives
    assert "\x1b" not in obj.title and "\x07" not in obj.title and "\u202e" not in obj.title
    assert obj.title.startswith("Ship")
