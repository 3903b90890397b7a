"""Blockers as a ledger: carried week to week by check_in until cleared; raised, age,
still open and resolved read back from the history; the summary's sections."""

from __future__ import annotations

import pytest

from store import Store
from store.blockers import blocker_events, open_blockers, ordinal, resolved_blockers
from store.summary import build_summary

W45, W46, W47, W48 = "2026-W45", "2026-W46", "2026-W47", "2026-W48"


@pytest.fixture
def krs(store: Store) -> Store:
    with store.write(store.cycle()) as tx:
        obj = tx.add_objective(title="Support", owner="ana")
        tx.add_key_result(obj.id, title="Reply fast", owner="bo")
        tx.add_key_result(obj.id, title="Train the team")
    return store


def _week(store: Store, *checkins: tuple[str, str, dict]) -> None:
    with store.write(store.cycle()) as tx:
        for kid, week, fields in checkins:
            tx.check_in(kid, week, **fields)


def test_a_blocker_is_carried_through_unchanged_weeks_until_cleared(krs: Store):
    _week(krs, ("O1.1", W46, {"progress": 10, "blocker": "IT ticket", "help_from": "IT (Sara)",
                              "next_step": "Bo calls IT"}))
    _week(krs, ("O1.1", W47, {}))                      # Enter on an unchanged key result
    _week(krs, ("O1.1", W48, {"progress": 20}))        # progress moved, blocker untouched
    data = krs.load(krs.cycle())
    assert [(c.blocker, c.help_from, c.next_step) for c in data.history("O1.1")] == [
        ("IT ticket", "IT (Sara)", "Bo calls IT")] * 3
    (b,) = open_blockers(data, W48)
    assert (b.kr, b.owner, b.text, b.help_from, b.raised, b.age, b.checked_in) == (
        "O1.1", "bo", "IT ticket", "IT (Sara)", W46, 3, True)
    assert open_blockers(data, "2026-W49")[0].age == 4  # not checked in: still open, a week older
    assert not open_blockers(data, "2026-W49")[0].checked_in


def test_clearing_records_it_as_resolved_that_week(krs: Store):
    _week(krs, ("O1.1", W46, {"progress": 10, "blocker": "IT ticket", "help_from": "IT"}))
    _week(krs, ("O1.1", W47, {}))
    _week(krs, ("O1.1", W48, {"blocker": ""}))
    data = krs.load(krs.cycle())
    now = data.checkin("O1.1", W48)
    assert now is not None and (now.blocker, now.help_from) == ("", "")
    assert open_blockers(data, W48) == []
    (r,) = resolved_blockers(data, W48)
    assert (r.kr, r.text, r.help_from, r.raised, r.week) == ("O1.1", "IT ticket", "IT", W46, W48)
    assert resolved_blockers(data, W47) == []
    _week(krs, ("O1.1", "2026-W49", {}))  # stays cleared: nothing carried
    assert krs.load(krs.cycle()).checkin("O1.1", "2026-W49").blocker == ""  # type: ignore[union-attr]


def test_a_new_blocker_does_not_inherit_who_could_help_and_resolves_the_old_one(krs: Store):
    _week(krs, ("O1.1", W46, {"progress": 10, "blocker": "IT ticket", "help_from": "IT"}))
    _week(krs, ("O1.1", W47, {"blocker": "budget"}))
    data = krs.load(krs.cycle())
    assert (data.checkin("O1.1", W47).blocker, data.checkin("O1.1", W47).help_from) == ("budget", "")  # type: ignore[union-attr]
    assert [r.text for r in resolved_blockers(data, W47)] == ["IT ticket"]
    assert [(b.text, b.raised, b.age) for b in open_blockers(data, W47)] == [("budget", W47, 1)]


def test_blocker_events_for_the_history(krs: Store):
    _week(krs, ("O1.1", W45, {"progress": 0}))
    _week(krs, ("O1.1", W46, {"blocker": "IT ticket", "help_from": "IT"}))
    _week(krs, ("O1.1", W47, {}))
    _week(krs, ("O1.1", W48, {"blocker": ""}))
    events = blocker_events(krs.load(krs.cycle()).history("O1.1"))
    assert [[(e.kind, e.text, e.raised, e.age) for e in week] for week in events] == [
        [], [("raised", "IT ticket", W46, 1)], [("open", "IT ticket", W46, 2)],
        [("resolved", "IT ticket", W46, 3)]]


def test_the_summary_lists_resolved_and_still_open_with_ages(krs: Store):
    _week(krs, ("O1.1", W46, {"progress": 10, "blocker": "IT ticket", "help_from": "IT"}),
          ("O1.2", W46, {"progress": 10, "blocker": "no trainer"}))
    _week(krs, ("O1.1", W47, {}), ("O1.2", W47, {"blocker": ""}))
    data = krs.load(krs.cycle())
    s = build_summary(data, W48, krs.root.settings.thresholds)
    assert [(b["kr"], b["text"], b["age"], b["raised"]) for b in s.still_open] == [("O1.1", "IT ticket", 3, W46)]
    assert s.resolved == []  # resolved in W47, not this week
    assert [k.id for k in s.not_checked_in] == ["O1.1", "O1.2"]
    (k11,) = [k for k in s.needs_help if k.id == "O1.1"]
    assert (k11.blocker, k11.blocker_since, k11.blocker_age, k11.checked_in) == ("IT ticket", W46, 3, False)
    assert k11.reasons[0] == "blocked (3rd week, since 2026-W46): IT ticket - IT could help"
    s47 = build_summary(data, W47, krs.root.settings.thresholds)
    assert [(b["kr"], b["text"], b["week"]) for b in s47.resolved] == [("O1.2", "no trainer", W47)]


@pytest.mark.parametrize(("n", "text"), [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"),
                                         (12, "12th"), (13, "13th"), (21, "21st"), (22, "22nd"), (101, "101st")])
def test_ordinal(n, text):
    assert ordinal(n) == text


# -- the CLI: okr checkin --blocker / --clear-blocker, okr summary --latest / --review / slack

def _okr(*args: str):
    import subprocess
    import sys
    from pathlib import Path
    return subprocess.run([str(Path(sys.executable).parent / "okr"), *args], capture_output=True, text=True,
                          timeout=60)


def test_cli_blocker_is_carried_and_cleared(krs: Store):
    s = str(krs.path)
    assert _okr("checkin", "O1.1", "--week", W46, "--progress", "10", "--blocker", "IT ticket", "--help-from", "IT",
                "--store", s).stdout == f"O1.1 {W46}: 10%, blocked: IT ticket\n"
    assert _okr("checkin", "O1.1", "--week", W47, "--store", s).stdout == \
        f"O1.1 {W47}: 10%, blocked: IT ticket (2nd week, since {W46})\n"
    r = _okr("checkin", "O1.1", "--week", W48, "--clear-blocker", "--store", s)
    assert r.stdout == f"O1.1 {W48}: 10%, resolved: IT ticket\n"
    data = krs.load(krs.cycle())
    assert [(c.blocker, c.help_from) for c in data.history("O1.1")] == [("IT ticket", "IT")] * 2 + [("", "")]
    assert _okr("checkin", "O1.2", "--week", W47, "--blocker", "x", "--store", s).returncode == 0
    assert _okr("checkin", "O1.2", "--week", W48, "--blocker", "", "--store", s).stdout == \
        f"O1.2 {W48}: 0%, resolved: x\n"  # --blocker "" is a synonym
    hist = _okr("history", "O1.1", "--store", s).stdout
    assert "IT ticket (raised this week)" in hist and "IT ticket (2nd week, since 2026-W46)" in hist
    assert "resolved    IT ticket (raised 2026-W46, open 2 weeks)" in hist


@pytest.mark.parametrize(("args", "message"), [
    (["--clear-blocker", "--blocker", "x"], "give --blocker TEXT or --clear-blocker, not both"),
    (["--clear-blocker", "--help-from", "IT"], "--clear-blocker clears who could help too"),
])
def test_cli_clear_blocker_usage_errors_write_nothing(krs: Store, args: list[str], message: str):
    before = (krs.path / krs.cycle().file_name).read_bytes()
    r = _okr("checkin", "O1.1", "--week", W48, *args, "--store", str(krs.path))
    assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr
    assert (krs.path / krs.cycle().file_name).read_bytes() == before


def test_latest_is_the_latest_team_meeting_with_answers_never_a_review(krs: Store):
    import datetime as dt

    from store.models import Meeting, MeetingKind
    cycle = krs.cycle()
    at = dt.datetime(2026, 11, 23, 10, tzinfo=dt.UTC)
    with krs.write(cycle) as tx:
        tx.check_in("O1.1", W48, progress=20, at=at + dt.timedelta(minutes=5))
        tx.save_meeting(Meeting(id=tx.new_meeting_id(), cycle=cycle.name, week=W48, started=at,
                                ended=at + dt.timedelta(minutes=10), facilitator="Ana"))
        # later: an empty meeting (opened, quit at once) and a review
        tx.save_meeting(Meeting(id=tx.new_meeting_id(), cycle=cycle.name, week=W48,
                                started=at + dt.timedelta(hours=1), ended=at + dt.timedelta(hours=1, minutes=1)))
        tx.check_in("O1.2", W48, progress=30, at=at + dt.timedelta(hours=2, minutes=1))  # in the review
        tx.save_meeting(Meeting(id=tx.new_meeting_id(), cycle=cycle.name, week=W48, owner="bo",
                                kind=MeetingKind.REVIEW, started=at + dt.timedelta(hours=2), facilitator="bo"))
    r = _okr("summary", "--latest", "--store", str(krs.path))
    assert r.returncode == 0, r.stderr
    assert "meeting M1 · facilitator Ana" in r.stdout and r.stderr == f"latest team meeting with answers: M1 ({W48})\n"
    review = _okr("summary", "--review", "Bo", "--store", str(krs.path), "--format", "slack")
    assert review.returncode == 0 and "review M3" in review.stdout and review.stdout.startswith("*bo's weekly review")
    none = _okr("summary", "--review", "cy", "--store", str(krs.path))
    assert none.returncode == 1 and none.stderr.startswith("Error: no review by 'cy'")
