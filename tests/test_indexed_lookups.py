"""Look-ups answered from an index instead of a scan of the cycle's check-ins give what the
scan gave: a key result's history inside a write (`okr checkin` prints it) and whether a
meeting has answers (`okr summary --latest`)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from store import CycleData, Store
from store.meetings import has_answers
from store.models import Meeting

WEEKS = [f"2026-W{n}" for n in range(40, 53)]  # 2026-Q4
START = dt.datetime(2026, 11, 23, 10, tzinfo=dt.UTC)


def _store(root: Path) -> Store:
    store = Store.init(root / "store", today=dt.date(2026, 11, 25))
    with store.write(store.cycle()) as tx:
        for team in ("core", "web"):
            o = tx.add_objective(title=f"{team} objective", owner="ana", team=team)
            tx.add_key_result(o.id, title="first", owner="bo")
            tx.add_key_result(o.id, title="second", owner="cy")
    return store


@settings(max_examples=40, deadline=None)
@given(weeks=st.lists(st.sampled_from(WEEKS), unique=True, max_size=8), upto=st.none() | st.sampled_from(WEEKS))
def test_a_writes_history_of_a_key_result_is_the_snapshots(weeks: list[str], upto: str | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = _store(Path(tmp))
        with store.write(store.cycle()) as tx:
            for n, week in enumerate(weeks):  # in any order: the file's is no guide
                tx.check_in("O1.1", week, progress=n)
                tx.check_in("O2.1", week, progress=100 - n)
            assert tx.history("O1.1", upto=upto) == tx.snapshot().history("O1.1", upto=upto)
            assert [c.week for c in tx.history("O1.1")] == sorted(weeks)


def _scanned(data: CycleData, meeting: Meeting) -> bool:
    """has_answers as it was defined: a scan of every check-in of the cycle."""
    krs = {k.id for o in data.active_objectives(team=meeting.team, owner=meeting.owner) for k in data.krs_of(o.id)}
    return any(c.week == meeting.week and c.kr in krs and c.at >= meeting.started
               and (meeting.ended is None or c.at <= meeting.ended) for c in data.checkins)


answers = st.lists(st.tuples(st.sampled_from(["O1.1", "O1.2", "O2.1", "O2.2"]), st.sampled_from(WEEKS[-3:]),
                             st.integers(-30, 90)), max_size=10)


@settings(max_examples=60, deadline=None)
@given(answers=answers, week=st.sampled_from(WEEKS[-3:]), team=st.sampled_from(["", "core", "web"]),
       owner=st.sampled_from(["", "ana", "bo"]), length=st.none() | st.integers(0, 60))
def test_whether_a_meeting_has_answers_is_what_a_scan_of_every_check_in_says(
        answers: list[tuple[str, str, int]], week: str, team: str, owner: str, length: int | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = _store(Path(tmp))
        cycle = store.cycle()
        with store.write(cycle) as tx:
            for kid, at_week, minutes in answers:
                tx.check_in(kid, at_week, progress=10, at=START + dt.timedelta(minutes=minutes))
        meeting = Meeting(id="M1", cycle=cycle.name, week=week, team=team, owner=owner, started=START,
                          ended=None if length is None else START + dt.timedelta(minutes=length))
        data = store.load(cycle)
        assert has_answers(data, meeting) == _scanned(data, meeting)


kr_ids = st.builds(lambda o, k: f"O{o}.{k}", st.integers(1, 12), st.integers(1, 12))


@settings(max_examples=60, deadline=None)
@given(pairs=st.lists(st.tuples(kr_ids, st.sampled_from(WEEKS)), unique=True, max_size=30))
def test_a_snapshots_check_ins_are_in_week_then_key_result_number_order(pairs: list[tuple[str, str]]) -> None:
    from store import Cycle
    from store.models import CheckIn

    cycle = Cycle(name="2026-Q4", start=dt.date(2026, 10, 1), end=dt.date(2026, 12, 31))
    checkins = [CheckIn(kr=kid, week=week, progress=0, at=START) for kid, week in pairs]  # in any order
    data = CycleData(cycle, checkins=checkins)
    order = [(c.week, int(c.kr[1:].split(".")[0]), int(c.kr.split(".")[1])) for c in data.checkins]
    assert order == sorted(order) and len(order) == len(pairs)  # numbers, not text: O2.1 before O10.1
