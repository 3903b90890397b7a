"""The meeting summary as data: needs-help first, then objectives in order, then wins."""

from __future__ import annotations

import datetime as dt

import orjson
import pytest

from store import Meeting, Store, Thresholds
from store.models import MeetingKind
from store.summary import Summary, build_summary

W47, W48 = "2026-W47", "2026-W48"  # 2026-W48 starts 53 of Q4's 92 days in: 57.6% expected


@pytest.fixture
def filled(store: Store) -> Store:
    """Two teams; O1.2 is blocked, unsure and behind; O2.2 was not checked in this week."""
    cycle = store.cycle()
    with store.write(cycle) as tx:
        o1 = tx.add_objective(title="Unmatched customer service", owner="ana", team="support")
        o2 = tx.add_objective(title="创造无与伦比的用户服务体验", owner="bo", team="sales",
                              kind="aspirational")
        o3 = tx.add_objective(title="Old idea", owner="ana", team="support")
        tx.update_objective(o3.id, archived=True)
        k11 = tx.add_key_result(o1.id, title="Dispatch twice a day")
        k12 = tx.add_key_result(o1.id, title="Reply within 2 hours", owner="bo", start=24, target=2, unit="h")
        k21 = tx.add_key_result(o2.id, title="2 trainings")
        k22 = tx.add_key_result(o2.id, title="Survey")
        tx.add_key_result(o3.id, title="never shown")
        tx.check_in(k11.id, W47, progress=60, confidence=8)
        tx.check_in(k11.id, W48, progress=70, confidence=8)
        tx.check_in(k12.id, W47, value=13, confidence=8)               # 50%
        tx.check_in(k12.id, W48, confidence=5, blocker="ticket tool down", help_from="IT")
        tx.check_in(k21.id, W48, progress=50, confidence=9)
        tx.check_in(k22.id, W47, progress=10, confidence=2)
        tx.check_in_objective(o1.id, W47, confidence=7, wins="old win")
        tx.check_in_objective(o1.id, W48, confidence=6, note="tough week", wins="beta shipped to 3 teams")
        tx.check_in_objective(o2.id, W48, confidence=8)
    return store


def _summary(store: Store, week: str = W48, **kw) -> Summary:
    data = store.load(store.cycle())
    return build_summary(data, week, store.root.settings.thresholds, **kw)


def test_needs_help_lists_only_flagged_key_results_with_reasons(filled):
    s = _summary(filled)
    assert [k.id for k in s.needs_help] == ["O1.2", "O2.2"]  # O2.2: its latest check-in's flags
    kr = s.needs_help[0]
    # Not stalled: 50% twice is one check-in without movement, the rule wants two.
    assert kr.reasons == [
        "blocked: ticket tool down - IT could help",
        "confidence fell 8 -> 5 since 2026-W47",
        "behind pace: 50% done, 58% expected by now (committed)",
    ]
    assert (kr.blocker, kr.help_from, kr.owner, kr.value, kr.unit) == ("ticket tool down", "IT", "bo", 13, "h")


def test_objectives_in_order_with_their_key_results(filled):
    s = _summary(filled)
    assert [o.id for o in s.objectives] == ["O1", "O2"]  # O3 is archived
    assert [[k.id for k in o.key_results] for o in s.objectives] == [["O1.1", "O1.2"], ["O2.1", "O2.2"]]
    assert s.objectives[1].title == "创造无与伦比的用户服务体验"
    assert s.objectives[1].kind == "aspirational"


def test_before_and_now(filled):
    o1, o2 = _summary(filled).objectives
    assert (o1.progress, o1.progress_before) == (60, 55)     # (70+50)/2, (60+50)/2
    assert (o1.confidence, o1.confidence_before) == (6, 7)
    assert (o1.note, o1.wins) == ("tough week", "beta shipped to 3 teams")
    assert (o2.progress, o2.progress_before) == (30, 5)      # (50+10)/2, (0+10)/2
    assert (o2.confidence, o2.confidence_before) == (8, None)
    k11, k12 = o1.key_results
    assert (k11.progress, k11.progress_before, k11.confidence, k11.confidence_before) == (70, 60, 8, 8)
    assert (k11.band, k11.reasons) == ("risky but likely", [])
    assert (k12.progress, k12.progress_before, k12.confidence, k12.band) == (50, 50, 5, "needs a breakthrough")


def test_key_result_not_checked_in_this_week_keeps_its_latest_values_and_flags(filled):
    """Nothing is silently fine (DESIGN.md): it is listed as not checked in, still flagged."""
    s = _summary(filled)
    k22 = s.objectives[1].key_results[1]
    assert (k22.progress, k22.progress_before, k22.confidence, k22.band) == (10, 10, 2, "hard")
    assert (k22.blocker, k22.note) == ("", "")
    assert k22.reasons == ["confidence 2/10 (hard)", "behind pace: 10% done, 40% expected by now (aspirational)"]
    assert (k22.checked_in, k22.latest_week) == (False, W47)
    assert [k.id for k in s.not_checked_in] == ["O2.2"]
    assert s.not_checked_in[0] is k22 and k22 in s.needs_help


def test_key_result_never_checked_in(filled):
    k21 = _summary(filled, week=W47).objectives[1].key_results[0]
    assert (k21.progress, k21.progress_before, k21.confidence, k21.band) == (None, None, None, "")


def test_wins_are_collected_from_this_week(filled):
    assert _summary(filled).wins == [
        {"objective": "O1", "title": "Unmatched customer service", "wins": "beta shipped to 3 teams"}]
    assert _summary(filled, week=W47).wins == [
        {"objective": "O1", "title": "Unmatched customer service", "wins": "old win"}]


def test_team_filter(filled):
    s = _summary(filled, team="sales")
    assert [o.id for o in s.objectives] == ["O2"]
    assert [k.id for k in s.needs_help] == ["O2.2"] and s.wins == [] and s.team == "sales"


def test_owner_filter_keeps_their_key_results_and_the_objectives_numbers(filled):
    s = _summary(filled, owner="bo")
    assert [(o.id, [k.id for k in o.key_results]) for o in s.objectives] == [
        ("O1", ["O1.2"]),           # bo owns only this key result of ana's objective
        ("O2", ["O2.1", "O2.2"]),   # bo's objective: all of it
    ]
    o1 = s.objectives[0]
    assert (o1.progress, o1.progress_before) == (60, 55)  # the objective's, not bo's share
    assert [k.id for k in s.needs_help] == ["O1.2", "O2.2"]
    ana = _summary(filled, owner="ana")  # her objective shows bo's key result too
    assert [(o.id, [k.id for k in o.key_results]) for o in ana.objectives] == [("O1", ["O1.1", "O1.2"])]
    assert [k.id for k in _summary(filled, owner="cy").objectives] == []


def test_unknown_filters_give_an_empty_summary(filled):
    s = _summary(filled, team="nobody")
    assert (s.objectives, s.needs_help, s.wins) == ([], [], [])


def test_store_thresholds_change_what_needs_help(filled):
    with filled.update_root() as root:
        root.settings.thresholds = Thresholds(low_confidence=5, confidence_drop=9, pace_committed=0.1,
                                              pace_aspirational=0.1)
    s = _summary(Store.open(filled.path))
    kr = s.needs_help[0]
    assert [k.id for k in s.needs_help] == ["O1.2", "O2.2"]
    assert kr.reasons == ["blocked: ticket tool down - IT could help", "confidence 5/10 (needs a breakthrough)"]


def test_needs_help_is_ranked_by_need_then_objective_order(filled):
    """Blocked first (an ask naming who could help before one that does not), then
    confidence <= 4, fell >= 2, behind pace, stalled; objective order within a rank."""
    with filled.write(filled.cycle()) as tx:
        tx.check_in("O2.1", W48, blocker="no trainer")
        tx.check_in("O1.1", W48, confidence=3)
    s = _summary(filled)
    assert [k.id for k in s.needs_help] == ["O1.2", "O2.1", "O1.1", "O2.2"]
    assert [k.reason_names for k in s.needs_help] == [
        ["blocked", "confidence fell", "behind pace"], ["blocked"], ["low confidence", "confidence fell"],
        ["low confidence", "behind pace"]]


def test_to_dict_is_plain_json_with_the_meeting(filled):
    cycle = filled.cycle()
    at = dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC)
    with filled.write(cycle) as tx:
        meeting = tx.save_meeting(Meeting(id=tx.new_meeting_id(), cycle=cycle.name, week=W48,
                                          facilitator="Ana", attendees=["Bo"], started=at))
    d = _summary(filled, meeting=meeting).to_dict()
    again = orjson.loads(orjson.dumps(d))
    assert again == d
    assert list(d) == ["cycle", "week", "team", "owner", "meeting", "needs_help", "objectives", "wins",
                       "not_checked_in", "resolved", "still_open", "next_steps", "absent"]
    assert (d["cycle"], d["week"], d["meeting"]["id"], d["meeting"]["facilitator"]) == ("2026-Q4", W48, "M1", "Ana")
    assert d["needs_help"][0]["id"] == "O1.2"
    assert d["objectives"][0]["key_results"][1] == d["needs_help"][0]
    assert _summary(filled).to_dict()["meeting"] is None


def test_a_review_shows_only_the_owners_key_results(filled):
    """A review (its meeting's kind, or ``kind``) keeps the owner's key results only: ana's
    objective O1 holds bo's O1.2, which is not hers to review; her unowned O1.1 is hers."""
    cycle = filled.cycle()
    at = dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC)
    with filled.write(cycle) as tx:
        review = tx.save_meeting(Meeting(id=tx.new_meeting_id(), cycle=cycle.name, week=W48, owner="ana",
                                         kind=MeetingKind.REVIEW, facilitator="ana", started=at))
    for s in (_summary(filled, owner="ana", meeting=review), _summary(filled, owner="ana", kind=MeetingKind.REVIEW)):
        assert s.review
        assert [(o.id, [k.id for k in o.key_results]) for o in s.objectives] == [("O1", ["O1.1"])]
        assert s.needs_help == [] and "review" not in s.to_dict()
    bo = _summary(filled, owner="bo", kind=MeetingKind.REVIEW)  # his objective O2's unowned ones are his
    assert [(o.id, [k.id for k in o.key_results]) for o in bo.objectives] == [("O1", ["O1.2"]), ("O2", ["O2.1", "O2.2"])]
    assert not _summary(filled, owner="ana").review  # a team meeting filtered by owner: as before
