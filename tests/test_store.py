"""The store's behaviour: check-in semantics, limits, files on disk, bad files, locking."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import store.files as files_mod
from store import (
    CorruptFileError,
    InvalidInputError,
    LimitError,
    NoStoreError,
    NotFoundError,
    SchemaTooNewError,
    Store,
    StoreError,
)
from store.store import ROOT_FILE

W47, W48, W49 = "2026-W47", "2026-W48", "2026-W49"


def _objective_with_krs(store: Store, n_krs: int = 1, **kr):
    cycle = store.cycle()
    with store.write(cycle) as tx:
        obj = tx.add_objective(title="Delight customers", owner="ana", team="support")
        krs = [tx.add_key_result(obj.id, title=f"kr {i}", **kr) for i in range(n_krs)]
    return cycle, obj, krs


def _files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


# -- opening and creating ----------------------------------------------------------------

def test_no_store_says_how_to_create_one(store_dir):
    with pytest.raises(NoStoreError, match=f"okr init --store {store_dir}"):
        Store.open(store_dir)
    assert not store_dir.exists()


def test_init_creates_a_cycle_for_the_quarter(store):
    (cycle,) = store.cycles()
    assert (cycle.name, cycle.start, cycle.end) == ("2026-Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert store.cycle_path(cycle).exists()
    assert Store.open(store.path).root == store.root


def test_init_twice_keeps_the_store(store):
    with store.write(store.cycle()) as tx:
        tx.add_objective(title="t", owner="a")
    before = _files(store.path)
    again = Store.init(store.path, today=dt.date(2027, 5, 1))
    assert [c.name for c in again.cycles()] == ["2026-Q4"]
    assert _files(store.path) == before


def test_cycles_are_chosen_by_date_and_refused_when_overlapping(store):
    store.add_cycle("2027-Q1", dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    assert store.cycle(today=dt.date(2027, 2, 1)).name == "2027-Q1"
    assert store.cycle(today=dt.date(2026, 11, 1)).name == "2026-Q4"
    assert store.cycle(today=dt.date(2030, 1, 1)).name == "2027-Q1"
    assert store.cycle("2026-Q4").name == "2026-Q4"
    with pytest.raises(NotFoundError, match="have: 2026-Q4, 2027-Q1"):
        store.cycle("2025-Q1")
    with pytest.raises(StoreError, match="overlaps cycle 2027-Q1"):
        store.add_cycle("x", dt.date(2027, 3, 1), dt.date(2027, 4, 30))
    with pytest.raises(StoreError, match="exists already"):
        store.add_cycle("2027-Q1", dt.date(2028, 1, 1), dt.date(2028, 3, 31))
    with pytest.raises(InvalidInputError):
        store.add_cycle("../evil", dt.date(2029, 1, 1), dt.date(2029, 3, 31))
    assert [c.name for c in Store.open(store.path).cycles()] == ["2026-Q4", "2027-Q1"]


# -- round trip --------------------------------------------------------------------------

titles = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zs", "Zl", "Zp")),
                 min_size=1, max_size=30)
notes = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=100)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    objectives=st.lists(st.tuples(titles, titles, st.sampled_from(["committed", "aspirational"])),
                        min_size=1, max_size=3),
    answers=st.lists(st.tuples(st.integers(0, 100), st.integers(1, 10), notes, notes), max_size=4),
)
def test_written_records_read_back_equal(tmp_path_factory, objectives, answers):
    path = tmp_path_factory.mktemp("rt")
    store = Store.init(path, today=dt.date(2026, 11, 25))
    cycle = store.cycle()
    with store.write(cycle) as tx:
        for title, owner, kind in objectives:
            obj = tx.add_objective(title=title, owner=owner, kind=kind)
            kr = tx.add_key_result(obj.id, title=title)
            metric = tx.add_key_result(obj.id, title="reply time", start=24, target=2, unit="h")
            for i, (progress, conf, blocker, note) in enumerate(answers):
                week = f"2026-W{44 + i}"
                tx.check_in(kr.id, week, progress=progress, confidence=conf, blocker=blocker, note=note)
                tx.check_in(metric.id, week, value=24 - progress / 5, confidence=conf)
            tx.check_in_objective(obj.id, W48, confidence=7, wins=note if answers else "")
        written = tx.snapshot()
    loaded = Store.open(path).load(cycle)
    for table in ("objectives", "key_results", "checkins", "objective_checkins", "meetings"):
        assert getattr(loaded, table) == getattr(written, table), table
    shutil.rmtree(path)


# -- check-ins ---------------------------------------------------------------------------

def test_one_check_in_per_key_result_per_week(store):
    cycle, _, (kr,) = _objective_with_krs(store)
    with store.write(cycle) as tx:
        tx.check_in(kr.id, W48, progress=30, confidence=7, blocker="legal", help_from="Bo", note="n")
    with store.write(cycle) as tx:
        tx.check_in(kr.id, W48, progress=40)
    (ci,) = store.load(cycle).checkins
    assert (ci.progress, ci.confidence, ci.blocker, ci.help_from, ci.note) == (40, 7, "legal", "Bo", "n")


def test_second_answer_same_week_can_clear_the_blocker_and_who_could_help(store):
    cycle, _, (kr,) = _objective_with_krs(store)
    with store.write(cycle) as tx:
        tx.check_in(kr.id, W48, progress=30, blocker="legal")
        tx.check_in(kr.id, W48, blocker="")
        tx.check_in(kr.id, W47, progress=30, blocker="legal", help_from="Bo")
        tx.check_in(kr.id, W47, blocker="")
        tx.check_in(kr.id, "2026-W46", progress=30, blocker="legal", help_from="Bo")
        tx.check_in(kr.id, "2026-W46", blocker="budget")
    data = store.load(cycle)
    assert data.checkin(kr.id, W48).blocker == ""
    assert (data.checkin(kr.id, W47).blocker, data.checkin(kr.id, W47).help_from) == ("", "")
    assert (data.checkin(kr.id, "2026-W46").blocker, data.checkin(kr.id, "2026-W46").help_from) == ("budget", "Bo")


def test_new_week_carries_progress_confidence_and_the_open_blocker_not_the_note(store):
    """Blockers are a ledger: open until cleared (DESIGN.md); the note is per week."""
    cycle, _, (kr,) = _objective_with_krs(store)
    with store.write(cycle) as tx:
        tx.check_in(kr.id, W47, progress=30, confidence=8, blocker="legal", help_from="Bo",
                    note="n", next_step="call legal (Bo)", author="ana")
    with store.write(cycle) as tx:
        ci = tx.check_in(kr.id, W48)
    assert (ci.progress, ci.confidence) == (30, 8)
    assert (ci.blocker, ci.help_from, ci.next_step) == ("legal", "Bo", "call legal (Bo)")
    assert (ci.note, ci.author) == ("", "")
    assert [c.week for c in store.load(cycle).history(kr.id)] == [W47, W48]


def test_defaults_come_from_the_latest_earlier_week_not_a_later_one(store):
    cycle, _, (kr,) = _objective_with_krs(store)
    with store.write(cycle) as tx:
        tx.check_in(kr.id, "2026-W45", progress=10, confidence=9)
        tx.check_in(kr.id, W47, progress=30, confidence=6)
        tx.check_in(kr.id, W49, progress=50, confidence=3)
        ci = tx.check_in(kr.id, W48)
    assert (ci.progress, ci.confidence) == (30, 6)


def test_first_check_in_defaults(store):
    cycle, _, (kr,) = _objective_with_krs(store)
    with store.write(cycle) as tx:
        ci = tx.check_in(kr.id, W48)
    assert (ci.progress, ci.confidence, ci.value) == (0, None, None)


def test_week_is_normalised_so_it_stays_one_per_week(store):
    cycle, _, (kr,) = _objective_with_krs(store)
    with store.write(cycle) as tx:
        tx.check_in(kr.id, W48, progress=10)
        tx.check_in(kr.id, " 2026-W48 ", progress=20)
    assert [(c.week, c.progress) for c in store.load(cycle).checkins] == [(W48, 20)]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"progress": 150}, "progress"), ({"progress": -1}, "progress"), ({"confidence": 0}, "confidence"),
    ({"confidence": 11}, "confidence"), ({"value": 3.0}, "percent"), ({"note": "x" * 2001}, "limit is 2000"),
])
def test_bad_check_ins_change_nothing(store, kwargs, message):
    cycle, _, (kr,) = _objective_with_krs(store)
    before = _files(store.path)
    with pytest.raises(InvalidInputError, match=message), store.write(cycle) as tx:
        tx.check_in(kr.id, W48, **kwargs)
    assert _files(store.path) == before


@pytest.mark.parametrize(("kid", "week", "error", "message"), [
    ("O9.1", W48, NotFoundError, "no key result O9.1 in cycle 2026-Q4"),
    ("abc", W48, NotFoundError, "not a key result id"),
    ("O1.1\n", W48, NotFoundError, "not a key result id"),
    ("O1.1", "2026-W60", InvalidInputError, "has no week 60"),
    ("O1.1", "next week", InvalidInputError, "YYYY-Www"),
])
def test_unknown_ids_and_bad_weeks(store, kid, week, error, message):
    cycle, _, _ = _objective_with_krs(store)
    with pytest.raises(error, match=message), store.write(cycle) as tx:
        tx.check_in(kid, week, progress=10)


def test_metric_key_results_derive_progress(store):
    cycle, _, (kr,) = _objective_with_krs(store, start=0, target=200, unit="tickets")
    with store.write(cycle) as tx:
        assert tx.check_in(kr.id, W47, value=50).progress == 25
        assert tx.check_in(kr.id, W48, value=250).progress == 100
        assert tx.check_in(kr.id, W49, value=-5).progress == 0
        with pytest.raises(InvalidInputError, match="give --value, not --progress"):
            tx.check_in(kr.id, W49, progress=50)


def test_metric_lower_is_better(store):
    cycle, _, (kr,) = _objective_with_krs(store, start=24, target=2, unit="h")
    assert kr.lower_is_better
    with store.write(cycle) as tx:
        assert tx.check_in(kr.id, W47, value=24).progress == 0
        assert tx.check_in(kr.id, W48, value=13).progress == 50
        assert tx.check_in(kr.id, W49, value=1).progress == 100
    assert [c.value for c in store.load(cycle).history(kr.id)] == [24, 13, 1]


def test_metric_value_is_carried_to_a_new_week(store):
    cycle, _, (kr,) = _objective_with_krs(store, start=24, target=2, unit="h")
    with store.write(cycle) as tx:
        tx.check_in(kr.id, W47, value=13, confidence=6)
        ci = tx.check_in(kr.id, W48, confidence=5)
    assert (ci.value, ci.progress, ci.confidence) == (13, 50, 5)


def test_objective_check_in_per_week(store):
    cycle, obj, _ = _objective_with_krs(store)
    with store.write(cycle) as tx:
        tx.check_in_objective(obj.id, W47, confidence=8, note="n", wins="shipped")
        new_week = tx.check_in_objective(obj.id, W48)
        tx.check_in_objective(obj.id, W48, note="later")
    data = store.load(cycle)
    assert (new_week.confidence, new_week.note, new_week.wins) == (8, "", "")
    assert data.objective_checkin(obj.id, W48).note == "later"
    assert data.previous_objective_checkin(obj.id, W48).wins == "shipped"
    assert len(data.objective_checkins) == 2


def test_a_withdrawn_check_in_is_gone_and_the_one_before_stands(store):
    cycle, _, (kr,) = _objective_with_krs(store)
    with store.write(cycle) as tx:
        tx.check_in(kr.id, W47, progress=30, confidence=7, blocker="legal")
        tx.check_in(kr.id, W48, progress=50, confidence=4)
    with store.write(cycle) as tx:
        assert tx.withdraw_check_in(kr.id, W48).progress == 50
        assert tx.withdraw_check_in(kr.id, W48) is None  # nothing left to withdraw
    data = store.load(cycle)
    assert data.checkin(kr.id, W48) is None
    assert data.previous(kr.id, W48).progress == 30
    with store.write(cycle) as tx:  # given again: from the week before, as if never given
        again = tx.check_in(kr.id, W48)
    assert (again.progress, again.confidence, again.blocker) == (30, 7, "legal")
    assert [c.week for c in store.load(cycle).checkins] == [W47, W48]


def test_withdrawing_a_check_in_of_an_unknown_key_result_is_refused_and_writes_nothing(store):
    cycle, _, _ = _objective_with_krs(store)
    before = _files(store.path)
    with pytest.raises(NotFoundError), store.write(cycle) as tx:
        tx.withdraw_check_in("O9.1", W48)
    assert _files(store.path) == before


# -- objectives, key results and the guide's limits ---------------------------------------

def test_ids_are_short_and_stable(store):
    cycle = store.cycle()
    with store.write(cycle) as tx:
        o1 = tx.add_objective(title="a", owner="ana")
        o2 = tx.add_objective(title="b", owner="ana", aligns_to=o1.id)
        k = [tx.add_key_result(o2.id, title=str(i)) for i in range(3)]
        tx.update_key_result(k[1].id, archived=True)
        k4 = tx.add_key_result(o2.id, title="after archive")
    assert [o.id for o in store.load(cycle).objectives] == ["O1", "O2"]
    assert [x.id for x in k] + [k4.id] == ["O2.1", "O2.2", "O2.3", "O2.4"]
    assert k[0].owner == "ana"  # the objective's owner by default
    assert [x.id for x in store.load(cycle).krs_of("O2")] == ["O2.1", "O2.3", "O2.4"]


def test_alignment_must_exist_and_not_be_itself(store):
    cycle = store.cycle()
    with store.write(cycle) as tx:
        tx.add_objective(title="a", owner="ana")
        with pytest.raises(NotFoundError, match="no objective O7"):
            tx.add_objective(title="b", owner="ana", aligns_to="O7")
        with pytest.raises(InvalidInputError, match="align to itself"):
            tx.update_objective("O1", aligns_to="O1")


@pytest.mark.parametrize("team", ["support", ""])
def test_sixth_objective_of_a_team_or_owner_is_refused(store, team):
    cycle = store.cycle()
    with store.write(cycle) as tx:
        for i in range(5):
            tx.add_objective(title=f"o{i}", owner="ana", team=team)
        tx.add_objective(title="other team", owner="ana", team="sales")
        tx.add_objective(title="other owner", owner="bo", team="")
    before = _files(store.path)
    with pytest.raises(LimitError, match="at most 5 .*--force"), store.write(cycle) as tx:
        tx.add_objective(title="sixth", owner="ana", team=team)
    assert _files(store.path) == before
    with store.write(cycle) as tx:
        assert tx.add_objective(title="sixth", owner="ana", team=team, force=True).id == "O8"


def test_archived_objectives_do_not_count_towards_the_limit(store):
    cycle = store.cycle()
    with store.write(cycle) as tx:
        for i in range(5):
            tx.add_objective(title=f"o{i}", owner="ana")
        tx.update_objective("O1", archived=True)
        tx.add_objective(title="fifth active", owner="ana")


def test_fifth_key_result_is_refused(store):
    cycle, obj, _ = _objective_with_krs(store, n_krs=4)
    with pytest.raises(LimitError, match="at most 4 per objective"), store.write(cycle) as tx:
        tx.add_key_result(obj.id, title="fifth")
    with store.write(cycle) as tx:
        assert tx.add_key_result(obj.id, title="fifth", force=True).id == "O1.5"


def test_key_result_must_have_a_whole_metric(store):
    cycle, obj, _ = _objective_with_krs(store)
    with pytest.raises(InvalidInputError, match="both start and target"), store.write(cycle) as tx:
        tx.add_key_result(obj.id, title="half", start=3)


def test_meetings_get_increasing_ids(store):
    from store import Meeting
    cycle = store.cycle()
    at = dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC)
    with store.write(cycle) as tx:
        first = tx.save_meeting(Meeting(id=tx.new_meeting_id(), cycle=cycle.name, week=W48, started=at))
    with store.write(cycle) as tx:
        assert tx.new_meeting_id() == "M2"
        tx.save_meeting(first.model_copy(update={"position": 3}))
    assert [(m.id, m.position) for m in store.load(cycle).meetings] == [("M1", 3)]


# -- files on disk -----------------------------------------------------------------------

def test_new_files_are_private(store):
    with store.write(store.cycle()) as tx:
        tx.add_objective(title="t", owner="a")
    for p in store.path.iterdir():
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, p.name
    assert stat.S_IMODE(store.path.stat().st_mode) & 0o077 == 0


def test_shared_store_is_group_writable_and_setgid(store_dir):
    store = Store.init(store_dir, shared=True, today=dt.date(2026, 11, 25))
    with store.write(store.cycle()) as tx:
        tx.add_objective(title="t", owner="a")
    mode = store_dir.stat().st_mode
    assert mode & stat.S_ISGID and stat.S_IMODE(mode) & 0o070 == 0o070 and stat.S_IMODE(mode) & 0o007 == 0
    for p in store_dir.iterdir():
        assert stat.S_IMODE(p.stat().st_mode) == 0o660, p.name
    assert Store.open(store_dir).shared


def test_modes_do_not_depend_on_the_umask(store_dir):
    old = os.umask(0o000)
    try:
        store = Store.init(store_dir, today=dt.date(2026, 11, 25))
        store.set_user_prefs(theme="dark")
    finally:
        os.umask(old)
    for p in store_dir.iterdir():
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, p.name


def test_writes_leave_no_temp_files(store):
    cycle, _, (kr,) = _objective_with_krs(store)
    for week in (W47, W48):
        with store.write(cycle) as tx:
            tx.check_in(kr.id, week, progress=10)
    store.set_user_prefs(theme="light")
    assert sorted(p.name for p in store.path.iterdir()) == [
        "cycle-2026-Q4.json", "cycle-2026-Q4.json.lock", ROOT_FILE, f"{ROOT_FILE}.lock"]


def test_failed_replace_removes_the_temp_file_and_keeps_the_old(store, monkeypatch):
    cycle, _, (kr,) = _objective_with_krs(store)
    before = _files(store.path)

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files_mod.os, "replace", broken_replace)
    with pytest.raises(StoreError, match="no space left"), store.write(cycle) as tx:
        tx.check_in(kr.id, W48, progress=10)
    assert _files(store.path) == before
    assert not [p for p in store.path.iterdir() if p.name.endswith(".tmp")]


def test_temp_files_of_a_killed_writer_are_cleaned_on_the_next_write(store):
    cycle, _, (kr,) = _objective_with_krs(store)
    stale = store.path / f".{store.cycle_path(cycle).name}.abc123.tmp"
    stale.write_bytes(b'{"torn": ')
    other = store.path / "notes.tmp"
    other.write_text("not ours")
    with store.write(cycle) as tx:
        tx.check_in(kr.id, W48, progress=10)
    assert not stale.exists() and other.exists()


def test_commit_is_atomic_and_durable(store, monkeypatch):
    """The data is fsynced before the rename, and the directory after it."""
    cycle, _, (kr,) = _objective_with_krs(store)
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        events.append("fsync-dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync-file")
        real_fsync(fd)

    def replace(src, dst):
        events.append("replace")
        real_replace(src, dst)

    monkeypatch.setattr(files_mod.os, "fsync", fsync)
    monkeypatch.setattr(files_mod.os, "replace", replace)
    with store.write(cycle) as tx:
        tx.check_in(kr.id, W48, progress=10)
    assert events == ["fsync-file", "replace", "fsync-dir"]


def test_nothing_is_written_when_nothing_changed(store):
    cycle, _, _ = _objective_with_krs(store)
    path = store.cycle_path(cycle)
    before = path.stat()
    with store.write(cycle) as tx:
        tx.snapshot()
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_an_error_inside_the_transaction_writes_nothing(store):
    cycle, _, (kr,) = _objective_with_krs(store)
    before = _files(store.path)
    with pytest.raises(RuntimeError), store.write(cycle) as tx:
        tx.check_in(kr.id, W48, progress=10)
        tx.add_objective(title="also not saved", owner="a")
        raise RuntimeError("boom")
    assert _files(store.path) == before


def test_reads_see_other_writers_at_once(store):
    """No cache between operations: a second Store object sees the first one's write."""
    cycle, _, (kr,) = _objective_with_krs(store)
    other = Store.open(store.path)
    assert other.load(cycle).checkins == []
    with store.write(cycle) as tx:
        tx.check_in(kr.id, W48, progress=10)
    with other.write(cycle) as tx:
        assert tx.snapshot().checkin(kr.id, W48).progress == 10


# -- bad files ---------------------------------------------------------------------------

def _cycle_file(store: Store) -> Path:
    cycle, _, (kr,) = _objective_with_krs(store)
    with store.write(cycle) as tx:
        tx.check_in(kr.id, W48, progress=10)
    return store.cycle_path(cycle)


def _assert_refused_untouched(store: Store, error: type[Exception], match: str) -> None:
    cycle = store.cycle()
    before = _files(store.path)
    with pytest.raises(error, match=match):
        store.load(cycle)
    with pytest.raises(error, match=match), store.write(cycle) as tx:
        tx.add_objective(title="x", owner="y")
    assert _files(store.path) == before


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.floats(0, 0.999))
def test_truncated_cycle_file_is_refused_and_left_byte_identical(store, cut):
    path = store.cycle_path(store.cycle())
    if not store.load(store.cycle()).checkins:
        _cycle_file(store)
    full = path.read_bytes()
    torn = full[: min(int(len(full) * cut), len(full.rstrip()) - 1)]  # at least the last brace goes
    path.write_bytes(torn)
    try:
        _assert_refused_untouched(store, CorruptFileError, "left untouched")
        assert path.read_bytes() == torn
    finally:
        path.write_bytes(full)


@pytest.mark.parametrize("garbage", [b"", b"\x00\x00", b"[]", b"null", b"{'a': 1}", b"\xff\xfe{",
                                     b'{"meta": {"1": {"schema_version": 1}}} trailing'])
def test_garbage_cycle_file_is_refused(store, garbage):
    path = _cycle_file(store)
    path.write_bytes(garbage)
    _assert_refused_untouched(store, CorruptFileError, "left untouched")
    assert path.read_bytes() == garbage


@pytest.mark.parametrize("change", [
    lambda d: d.update(meta=[1]),
    lambda d: d.update(meta={}),
    lambda d: d["meta"]["1"].update(schema_version="1"),
    lambda d: d.update(checkins=[]),
    lambda d: d["checkins"].update({"x": d["checkins"].pop("1")}),
    lambda d: d["checkins"]["1"].update(progress="lots"),
    lambda d: d["checkins"]["1"].update(progress=101),
    lambda d: d["checkins"]["1"].update(week=48),
    lambda d: d["checkins"]["1"].update(kr="nonsense"),
    lambda d: d["checkins"]["1"].update(extra=1),
    lambda d: d["checkins"].update({"2": d["checkins"]["1"]}),
    lambda d: d["objectives"]["1"].update(title=None),
    lambda d: d["objectives"]["1"].update(id="O1x"),
    lambda d: d["key_results"]["1"].update(start=None, target=3),
    lambda d: d["key_results"].update({"1": "O1.1"}),
])
def test_wrong_types_inside_json_are_refused(store, change):
    path = _cycle_file(store)
    data = orjson.loads(path.read_bytes())
    change(data)
    path.write_bytes(orjson.dumps(data))
    _assert_refused_untouched(store, CorruptFileError, "left untouched")


def test_future_schema_version_is_refused(store):
    data = orjson.loads(store.root_path.read_bytes())
    data["schema_version"] = 99
    store.root_path.write_bytes(orjson.dumps(data))
    before = _files(store.path)
    with pytest.raises(SchemaTooNewError, match="newer okr-checkin.*upgrade"):
        Store.open(store.path)
    with pytest.raises(SchemaTooNewError):
        Store.init(store.path)
    assert _files(store.path) == before


def test_future_schema_version_of_a_cycle_file_is_refused(store):
    path = _cycle_file(store)
    data = orjson.loads(path.read_bytes())
    data["meta"]["1"]["schema_version"] = 2
    path.write_bytes(orjson.dumps(data))
    _assert_refused_untouched(store, SchemaTooNewError, "newer okr-checkin")


@pytest.mark.parametrize("root", [b"{", b"[]", b"{}", b'{"schema_version": 1, "cycles": 3}'])
def test_corrupt_root_file_is_refused(store, root):
    store.root_path.write_bytes(root)
    with pytest.raises(CorruptFileError):
        Store.open(store.path)
    assert store.root_path.read_bytes() == root


def test_symlinked_lock_is_refused(store, tmp_path):
    cycle = store.cycle()
    target = tmp_path / "elsewhere"
    target.write_text("precious")
    lock = store.path / f"{cycle.file_name}.lock"
    lock.unlink()
    lock.symlink_to(target)
    with pytest.raises(StoreError, match="symbolic link"), store.write(cycle):
        pass
    assert target.read_text() == "precious"


def test_symlinked_cycle_file_is_refused(store, tmp_path):
    cycle = store.cycle()
    target = tmp_path / "elsewhere.json"
    target.write_bytes(store.cycle_path(cycle).read_bytes())
    store.cycle_path(cycle).unlink()
    store.cycle_path(cycle).symlink_to(target)
    with pytest.raises(StoreError, match="symbolic link"):
        store.load(cycle)
    dangling = store.path / "cycle-2027-Q1.json"
    dangling.symlink_to(tmp_path / "missing.json")
    with pytest.raises(StoreError, match="symbolic link"):
        store.add_cycle("2027-Q1", dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    assert not (tmp_path / "missing.json").exists()


_NOBODY = """
import sys
sys.path.insert(0, {root!r})
from store import Store, StoreError
store = Store.open({path!r})
store.load(store.cycle())
try:
    with store.write(store.cycle()) as tx:
        tx.add_objective(title="x", owner="y")
except StoreError as e:
    print(e)
"""


def test_store_dir_not_writable_is_a_one_line_error():
    """Run as an unprivileged user: root can write anywhere."""
    if os.geteuid() == 0 and not shutil.which("setpriv"):
        pytest.skip("needs setpriv to drop root")
    base = Path(tempfile.mkdtemp(prefix="okr-ro-"))
    try:
        store = Store.init(base / "s", today=dt.date(2026, 11, 25))
        for p in [base, *base.rglob("*")]:
            p.chmod(0o755 if p.is_dir() else 0o644)
        before = _files(store.path)
        code = _NOBODY.format(root=str(Path(__file__).parents[1]), path=str(store.path))
        cmd = [sys.executable, "-c", code]
        if os.geteuid() == 0:
            cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *cmd]
        else:
            store.path.chmod(0o555)
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr
        assert "permission denied; nothing was changed" in out.stdout
        assert _files(store.path) == before
    finally:
        (base / "s").chmod(0o755)
        shutil.rmtree(base)


def test_updates_cannot_move_ids(store):
    cycle, obj, (kr,) = _objective_with_krs(store)
    before = _files(store.path)
    for update, kwargs in (("update_objective", {"id": "O9"}), ("update_key_result", {"id": "O1.9"}),
                           ("update_key_result", {"objective": "O2"})):
        target = obj.id if update == "update_objective" else kr.id
        with pytest.raises(InvalidInputError, match="cannot be changed"), store.write(cycle) as tx:
            getattr(tx, update)(target, **kwargs)
    assert _files(store.path) == before
    with store.write(cycle) as tx:
        assert tx.update_key_result(kr.id, title="renamed", due=dt.date(2026, 12, 1)).title == "renamed"
        assert tx.update_objective(obj.id, kind="aspirational").kind == "aspirational"
    data = store.load(cycle)
    assert [(k.id, k.title) for k in data.key_results] == [("O1.1", "renamed")]
    assert [(o.id, o.kind) for o in data.objectives] == [("O1", "aspirational")]


@pytest.mark.parametrize(("rid", "message"), [
    ("O9", "no objective O9 in cycle 2026-Q4"), ("O9.1", "no key result O9.1 in cycle 2026-Q4"),
    ("x", "'x' is not an objective id (they look like O3)"),
    ("O1", "'O1' is not a key result id (they look like O3.2)"),
])
def test_one_lookup_contract_in_the_snapshot_and_the_transaction(store, rid, message):
    """objective()/key_result() answer None, require_*() raise NotFoundError naming the id,
    in CycleData and CycleTx alike."""
    cycle, _, _ = _objective_with_krs(store)
    kind = "key result" if rid in ("O9.1", "O1") else "objective"
    data = store.load(cycle)
    assert data.require_objective("O1").id == "O1" and data.require_key_result("O1.1").id == "O1.1"
    if rid != "O1":
        assert (data.key_result(rid) if kind == "key result" else data.objective(rid)) is None
    with store.write(cycle) as tx:
        assert tx.require_objective("O1").id == "O1" and tx.require_key_result("O1.1").id == "O1.1"
        for source in (data, tx):
            require = source.require_key_result if kind == "key result" else source.require_objective
            with pytest.raises(NotFoundError) as caught:
                require(rid)
            assert str(caught.value) == message
            assert (caught.value.field, caught.value.value_id) == (kind, rid)


def test_current_user_passes_over_a_name_that_is_not_utf8(monkeypatch: pytest.MonkeyPatch) -> None:
    """$USER with a raw 0xff byte (surrogate-escaped by Python) would be refused by the
    store as a facilitator or author: the passwd entry's name is used instead."""
    import pwd

    from store import current_user

    monkeypatch.setenv("LOGNAME", "F\udcffy")
    monkeypatch.setenv("USER", "F\udcffy")
    assert current_user() == pwd.getpwuid(os.getuid()).pw_name
    monkeypatch.setenv("LOGNAME", "fay")
    assert current_user() == "fay"
