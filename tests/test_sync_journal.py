"""The sync journal and its replay (store/journal.py, store/replay.py), on journal files
written here by hand: the order, field-by-field merges, ids made on two hosts, bad files."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from store import journal
from store.commit import commit
from store.journal import EventName, change, event_change, hlc, next_name
from store.replay import CYCLE, replay

AT = "2026-11-25T10:00:00Z"


@pytest.fixture
def cycle_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "journal" / "2026-Q4"
    directory.mkdir(parents=True)
    return directory


def event(directory: Path, ms: int, host: str, *changes: dict[str, Any], seen: dict[str, str] | None = None,
          counter: int = 0) -> str:
    name = EventName(hlc(ms, counter), host).file_name
    (directory / name).write_text(json.dumps({"v": 1, "by": "t", "seen": seen or {}, "changes": list(changes)}))
    return name


def obj(oid: str, title: str, **fields: Any) -> dict[str, Any]:
    return {"t": "objectives", "k": [oid], "new": True, "set": {"id": oid, "title": title, "owner": "Ana", **fields}}


def kr(kid: str, title: str) -> dict[str, Any]:
    return {"t": "key_results", "k": [kid], "new": True,
            "set": {"id": kid, "objective": kid.split(".")[0], "title": title}}


def answer(kid: str, week: str, progress: int, **fields: Any) -> dict[str, Any]:
    """A new answer as a store writes it: every field."""
    every = {"value": None, "confidence": None, "blocker": "", "help_from": "", "note": "", "author": "", "at": AT}
    return {"t": "checkins", "k": [kid, week], "new": True,
            "set": {"kr": kid, "week": week, "progress": progress, **every, **fields}}


def edit(table: str, key: list[str], was: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"t": table, "k": key, "set": fields, "was": was}


def by_key(replayed: Any, table: str, field: str = "id") -> dict[str, dict[str, Any]]:
    return {r[field]: r for r in replayed.records[table]}


def seen_of(name: str) -> tuple[str, str]:
    parsed = EventName.parse(name)
    assert parsed is not None
    return parsed.host, parsed.hlc


# -- names and the clock ------------------------------------------------------------------
def test_names_sort_by_clock_then_host_even_when_the_clock_goes_back(cycle_dir: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter([5_000, 5_000, 1_000, 9_000])
    monkeypatch.setattr(journal, "wall_ms", lambda: next(clock))
    names = []
    for _ in range(4):
        name, _seen = next_name(cycle_dir, "a")
        (cycle_dir / name.file_name).write_text("{}")
        names.append(name)
    assert [n.hlc for n in names] == [hlc(5_000, 0), hlc(5_000, 1), hlc(5_000, 2), hlc(9_000, 0)]
    # Another host behind by hours still writes after what it has seen, and says what that was.
    monkeypatch.setattr(journal, "wall_ms", lambda: 10)
    behind, seen = next_name(cycle_dir, "b")
    assert behind > names[-1] and seen == {"a": hlc(9_000, 0)}
    assert EventName.parse(behind.file_name) == behind
    assert EventName(hlc(9_000, 0), "a") < EventName(hlc(9_000, 0), "b") < EventName(hlc(9_000, 1), "a")


def test_a_save_reads_the_directory_s_clock_not_its_thousands_of_names(cycle_dir: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(journal, "wall_ms", lambda: 1_000)
    first, _ = next_name(cycle_dir, "a")  # no clock yet: made from the directory
    (cycle_dir / first.file_name).write_text("{}")
    merged = event(cycle_dir, 5_000, "b", obj("O1", "One"))  # as a merge brings it; the rebuild then says
    journal.write_clock(cycle_dir, journal.clock_of(os.listdir(cycle_dir)), shared=False)
    monkeypatch.setattr(journal.os, "listdir", lambda *_: pytest.fail("a save listed the directory"))
    name, seen = next_name(cycle_dir, "a")
    assert name == EventName(hlc(5_000, 1), "a") and seen == dict([seen_of(merged)])
    # A clock a crash left behind (the event written, not the clock): the name is still free and later.
    (cycle_dir / name.file_name).write_text("{}")
    journal.write_clock(cycle_dir, {"a": hlc(5_000, 0)}, shared=False)
    assert next_name(cycle_dir, "a")[0] == EventName(hlc(5_000, 2), "a")


def test_a_change_holds_what_changed_and_what_it_was() -> None:
    assert change("objectives", ("O1",), None, {"id": "O1", "title": "T"}) == \
        {"t": "objectives", "k": ["O1"], "new": True, "set": {"id": "O1", "title": "T"}}
    assert change("objectives", ("O1",), {"id": "O1", "title": "T", "owner": "A"},
                  {"id": "O1", "title": "U", "owner": "A"}) == \
        {"t": "objectives", "k": ["O1"], "set": {"title": "U"}, "was": {"title": "T"}}
    assert change("objectives", ("O1",), {"id": "O1"}, {"id": "O1"}) is None


def test_an_event_file_is_written_with_the_commit(tmp_path: Path) -> None:
    c = event_change(tmp_path, "2026-Q4", "a", [change("objectives", ("O1",), None, {"id": "O1"})])
    assert c.old is None and c.path.parent == tmp_path / "journal" / "2026-Q4"
    commit([c], shared=False)
    body = json.loads(c.path.read_text())
    assert body["v"] == 1 and body["seen"] == {} and body["changes"][0]["k"] == ["O1"]
    assert oct(c.path.stat().st_mode & 0o777) == "0o600"


# -- later wins, field by field -----------------------------------------------------------------
def test_later_wins_field_by_field_and_a_replaced_value_is_reported(cycle_dir: Path) -> None:
    base = event(cycle_dir, 1_000, "a", obj("O1", "Serve well"))
    seen = dict([seen_of(base)])
    event(cycle_dir, 2_000, "a", edit("objectives", ["O1"], {"title": "Serve well"}, title="Serve customers"))
    event(cycle_dir, 3_000, "b", edit("objectives", ["O1"], {"owner": "Ana"}, owner="Bo"), seen=seen)
    quiet = replay(cycle_dir, CYCLE)
    assert by_key(quiet, "objectives")["O1"]["title"] == "Serve customers"
    assert by_key(quiet, "objectives")["O1"]["owner"] == "Bo"  # different fields: both kept
    assert quiet.conflicts == []
    # b changes the title too, never having seen a's new one: b is later and wins; a's is reported.
    late = event(cycle_dir, 4_000, "b", edit("objectives", ["O1"], {"title": "Serve well"}, title="Delight"),
                 seen=seen)
    replayed = replay(cycle_dir, CYCLE, new=[late])
    assert by_key(replayed, "objectives")["O1"]["title"] == "Delight"
    assert [str(c) for c in replayed.conflicts] == \
        ["O1: host b replaced host a's title 'Serve customers' with 'Delight'"]
    assert replay(cycle_dir, CYCLE).conflicts == []  # reported once: when it is news


def test_an_edit_made_after_seeing_the_other_is_no_conflict(cycle_dir: Path) -> None:
    event(cycle_dir, 1_000, "a", obj("O1", "Serve well"))
    second = event(cycle_dir, 2_000, "a", edit("objectives", ["O1"], {"title": "Serve well"}, title="Two"))
    third = event(cycle_dir, 3_000, "b", edit("objectives", ["O1"], {"title": "Two"}, title="Three"),
                  seen=dict([seen_of(second)]))
    replayed = replay(cycle_dir, CYCLE, new=[second, third])
    assert by_key(replayed, "objectives")["O1"]["title"] == "Three" and replayed.conflicts == []


def test_the_same_answer_from_two_hosts_the_later_wins(cycle_dir: Path) -> None:
    base = event(cycle_dir, 1_000, "a", obj("O1", "Serve"), kr("O1.1", "Dispatch"))
    seen = dict([seen_of(base)])
    first = event(cycle_dir, 2_000, "b", answer("O1.1", "2026-W48", 50, confidence=7, blocker="legal"), seen=seen)
    later = event(cycle_dir, 3_000, "a", answer("O1.1", "2026-W48", 60, confidence=7, at="2026-11-25T11:00:00Z"))
    replayed = replay(cycle_dir, CYCLE, new=[first])
    (ci,) = replayed.records["checkins"]
    assert (ci["progress"], ci["confidence"], ci["blocker"]) == (60, 7, "")
    assert [str(c) for c in replayed.conflicts] == \
        ["O1.1 2026-W48: host a replaced host b's progress 50 with 60, blocker 'legal' with ''"]
    # Then b, having seen a's answer, sets only the blocker again: it stays, the progress too.
    event(cycle_dir, 4_000, "b", edit("checkins", ["O1.1", "2026-W48"], {"blocker": ""}, blocker="legal"),
          seen=dict([seen_of(later)]))
    (ci,) = replay(cycle_dir, CYCLE).records["checkins"]
    assert (ci["progress"], ci["blocker"]) == (60, "legal")


# -- a withdrawn check-in ---------------------------------------------------------------------------
def gone(kid: str, week: str, **was: Any) -> dict[str, Any]:
    return {"t": "checkins", "k": [kid, week], "gone": True, "set": {}, "was": was}


def test_a_removed_record_is_a_change_with_all_it_was() -> None:
    assert change("checkins", ("O1.1", "2026-W48"), {"kr": "O1.1", "progress": 50}, None) == \
        {"t": "checkins", "k": ["O1.1", "2026-W48"], "gone": True, "set": {}, "was": {"kr": "O1.1", "progress": 50}}
    assert change("checkins", ("O1.1", "2026-W48"), None, None) is None


def test_a_withdrawal_removes_the_check_in_and_a_second_one_changes_nothing(cycle_dir: Path) -> None:
    base = event(cycle_dir, 1_000, "a", obj("O1", "Serve"), kr("O1.1", "Dispatch"),
                 answer("O1.1", "2026-W48", 50), answer("O1.1", "2026-W47", 30))
    event(cycle_dir, 2_000, "a", gone("O1.1", "2026-W48", progress=50))
    event(cycle_dir, 3_000, "b", gone("O1.1", "2026-W48", progress=50), seen=dict([seen_of(base)]))
    replayed = replay(cycle_dir, CYCLE)
    assert [c["week"] for c in replayed.records["checkins"]] == ["2026-W47"]
    assert replayed.skipped == [] and replayed.conflicts == []


def test_an_answer_from_a_host_that_had_not_seen_the_withdrawal_brings_it_back(cycle_dir: Path) -> None:
    base = event(cycle_dir, 1_000, "a", obj("O1", "Serve"), kr("O1.1", "Dispatch"),
                 answer("O1.1", "2026-W48", 50, confidence=7))
    event(cycle_dir, 2_000, "a", gone("O1.1", "2026-W48", progress=50, confidence=7))
    event(cycle_dir, 3_000, "b", edit("checkins", ["O1.1", "2026-W48"], {"progress": 50}, progress=60),
          seen=dict([seen_of(base)]))
    (ci,) = replay(cycle_dir, CYCLE).records["checkins"]
    assert (ci["progress"], ci["confidence"]) == (60, 7)  # the later change wins, on the record it knew


def test_withdrawing_what_another_host_changed_unseen_reports_the_change_lost(cycle_dir: Path) -> None:
    base = event(cycle_dir, 1_000, "a", obj("O1", "Serve"), kr("O1.1", "Dispatch"), answer("O1.1", "2026-W48", 50))
    edited = event(cycle_dir, 2_000, "b", edit("checkins", ["O1.1", "2026-W48"], {"blocker": ""}, blocker="legal"),
                   seen=dict([seen_of(base)]))
    late = event(cycle_dir, 3_000, "a", gone("O1.1", "2026-W48", progress=50, blocker=""))
    replayed = replay(cycle_dir, CYCLE, new=[late, edited])
    assert replayed.records["checkins"] == []
    assert [str(c) for c in replayed.conflicts] == ["O1.1 2026-W48: host a withdrew it, with host b's blocker 'legal'"]


def test_a_removal_of_anything_but_a_check_in_is_skipped(cycle_dir: Path) -> None:
    event(cycle_dir, 1_000, "a", obj("O1", "Serve"))
    event(cycle_dir, 2_000, "a", {"t": "objectives", "k": ["O1"], "gone": True, "set": {}, "was": {}})
    replayed = replay(cycle_dir, CYCLE)
    assert [r["id"] for r in replayed.records["objectives"]] == ["O1"]
    assert [s.reason for s in replayed.skipped] == ["objectives: only a check-in can be removed, and nothing set with it"]


# -- ids made on two hosts ------------------------------------------------------------------------
def test_an_id_created_on_two_hosts_goes_to_the_later_creation(cycle_dir: Path) -> None:
    base = event(cycle_dir, 1_000, "a", *(obj(f"O{i}", f"Objective {i}") for i in range(1, 5)))
    seen = dict([seen_of(base)])
    a5 = event(cycle_dir, 2_000, "a", obj("O5", "A's five"), kr("O5.1", "A's KR"),
               answer("O5.1", "2026-W48", 40), seen={})
    b5 = event(cycle_dir, 3_000, "b", obj("O5", "B's five", aligns_to="O5"), kr("O5.1", "B's KR"),
               answer("O5.1", "2026-W48", 70), seen=seen)
    b_more = event(cycle_dir, 4_000, "b", kr("O5.2", "B's second"), seen=seen)  # b still has not seen a's O5
    replayed = replay(cycle_dir, CYCLE, new=[b5, b_more])
    objectives, krs = by_key(replayed, "objectives"), by_key(replayed, "key_results")
    assert objectives["O5"]["title"] == "A's five" and objectives["O6"]["title"] == "B's five"
    assert objectives["O6"]["aligns_to"] == "O6"  # b's own O5, as b meant it
    assert {k: v["title"] for k, v in krs.items() if k[:2] in ("O5", "O6")} == \
        {"O5.1": "A's KR", "O6.1": "B's KR", "O6.2": "B's second"}
    assert krs["O6.1"]["objective"] == "O6"
    answers = {(c["kr"], c["week"]): c["progress"] for c in replayed.records["checkins"]}
    assert answers == {("O5.1", "2026-W48"): 40, ("O6.1", "2026-W48"): 70}
    assert [str(r) for r in replayed.renamed] == ["O5 from host b is now O6"]
    # b syncs: it now sees its O5 as O6 and a's as O5, and names them so.
    after = event(cycle_dir, 5_000, "b", answer("O6.1", "2026-W49", 80), answer("O5.1", "2026-W49", 45),
                  edit("objectives", ["O6"], {"title": "B's five"}, title="B's five, renamed"),
                  seen={"a": seen_of(a5)[1]})
    replayed = replay(cycle_dir, CYCLE, new=[after])
    answers = {(c["kr"], c["week"]): c["progress"] for c in replayed.records["checkins"]}
    assert answers[("O6.1", "2026-W49")] == 80 and answers[("O5.1", "2026-W49")] == 45
    assert by_key(replayed, "objectives")["O6"]["title"] == "B's five, renamed"
    assert replayed.renamed == [] and replayed.skipped == []


def test_a_third_host_that_saw_neither_gets_the_next_id_after_both(cycle_dir: Path) -> None:
    event(cycle_dir, 1_000, "a", obj("O1", "One"), kr("O1.1", "First"), kr("O1.2", "Second"))
    a = event(cycle_dir, 2_000, "a", obj("O2", "A's two"), kr("O1.3", "A's third"))
    b = event(cycle_dir, 3_000, "b", obj("O2", "B's two"), kr("O1.3", "B's third"),
              seen={"a": hlc(1_000, 0)})
    c = event(cycle_dir, 4_000, "c", obj("O2", "C's two"), obj("O3", "C's three"), seen={"a": hlc(1_000, 0)})
    replayed = replay(cycle_dir, CYCLE, new=[a, b, c])
    titles = {k: v["title"] for k, v in by_key(replayed, "objectives").items()}
    assert titles == {"O1": "One", "O2": "A's two", "O3": "B's two", "O4": "C's two", "O5": "C's three"}
    assert by_key(replayed, "key_results")["O1.4"]["title"] == "B's third"
    assert [str(r) for r in replayed.renamed] == [
        "O2 from host b is now O3", "O1.3 from host b is now O1.4",
        "O2 from host c is now O4", "O3 from host c is now O5"]


def test_a_reference_to_a_record_made_further_on_in_the_event(cycle_dir: Path) -> None:
    event(cycle_dir, 1_000, "a", obj("O1", "Child", aligns_to="O2"), obj("O2", "Parent"))
    replayed = replay(cycle_dir, CYCLE)
    assert by_key(replayed, "objectives")["O1"]["aligns_to"] == "O2" and replayed.skipped == []


def test_doc_ids_follow_the_order_records_were_made(cycle_dir: Path) -> None:
    event(cycle_dir, 2_000, "b", obj("O2", "Second"))
    event(cycle_dir, 1_000, "a", obj("O1", "First"))
    data = replay(cycle_dir, CYCLE).cycle_file()
    assert [(k, v["id"]) for k, v in data["objectives"].items()] == [("1", "O1"), ("2", "O2")]
    assert data["meta"] == {"1": {"schema_version": 1}}


# -- bad files ----------------------------------------------------------------------------------
def test_a_bad_file_is_skipped_whole_and_reported_with_its_path(cycle_dir: Path) -> None:
    seen = dict([seen_of(event(cycle_dir, 1_000, "a", obj("O1", "One"), kr("O1.1", "First")))])
    (cycle_dir / EventName(hlc(2_000, 0), "b").file_name).write_text('{"v": 1, "changes": [')
    event(cycle_dir, 3_000, "b", obj("O2", "Made with a bad answer"), answer("O9.1", "2026-W48", 10), seen=seen)
    event(cycle_dir, 4_000, "b", answer("O1.1", "2026-W48", 200), seen=seen)
    event(cycle_dir, 5_000, "b", edit("objectives", ["O1"], {}, color="red"), seen=seen)
    (cycle_dir / "notes.json").write_text("{}")
    (cycle_dir / EventName(hlc(6_000, 0), "c").file_name).write_text('{"v": 2, "changes": []}')
    event(cycle_dir, 7_000, "b", answer("O1.1", "2026-W48", 30), seen=seen)
    replayed = replay(cycle_dir, CYCLE, base=cycle_dir.parent.parent)
    assert [r["id"] for r in replayed.records["objectives"]] == ["O1"]  # O2 came with a bad answer
    assert [c["progress"] for c in replayed.records["checkins"]] == [30]
    where = "journal/2026-Q4/"
    reasons = {str(s.path): s.reason for s in replayed.skipped}
    assert reasons.keys() == {where + "notes.json", where + "0000000002000-0000-b.json",
                              where + "0000000003000-0000-b.json", where + "0000000004000-0000-b.json",
                              where + "0000000005000-0000-b.json", where + "0000000006000-0000-c.json"}
    assert reasons[where + "0000000002000-0000-b.json"].startswith("not valid JSON")
    assert reasons[where + "0000000003000-0000-b.json"] == "names key result 'O9.1' that does not exist"
    assert "progress" in reasons[where + "0000000004000-0000-b.json"]
    assert reasons[where + "0000000005000-0000-b.json"] == "objectives has no field 'color'"
    assert "another version" in reasons[where + "0000000006000-0000-c.json"]
    assert all(str(s).startswith(f"skipped {s.path}: ") for s in replayed.skipped)
