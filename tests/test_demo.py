"""`okr demo` and its store: always current, five weeks of history ending last week in
which every needs-help reason shows in the summary; without a terminal it prints the list.
(tests/test_demo_data.py has more on the seed data itself.)"""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from store import Store, add_weeks, week_of
from store.demo_data import HISTORY_WEEKS, seed_demo
from store.rules import Reason
from store.summary import build_summary

OKR = Path(sys.executable).parent / "okr"

# How each reason's words start in a summary line (store/rules.py needs_help).
REASON_WORDS = {
    Reason.BLOCKED: "blocked: ",
    Reason.LOW_CONFIDENCE: "confidence ",  # "confidence 3/10 (hard)"
    Reason.CONFIDENCE_DROP: "confidence fell ",
    Reason.BEHIND_PACE: "behind pace: ",
    Reason.STALLED: "stalled: ",
}
TODAYS = {
    "mid-quarter": dt.date(2026, 11, 25),
    "first week of Q4": dt.date(2026, 10, 1),
    "first week of Q3 (a Monday)": dt.date(2026, 7, 6),
    "early January (ISO week of the old year)": dt.date(2027, 1, 2),
    "early January (week 1)": dt.date(2026, 1, 5),
    "last day of a quarter": dt.date(2026, 3, 31),
}


def reason_of(text: str) -> Reason:
    """The reason a summary line gives (the longest matching prefix: 'confidence fell' is
    not low confidence)."""
    matches = [r for r, words in REASON_WORDS.items() if text.startswith(words)]
    assert matches, text
    return max(matches, key=lambda r: len(REASON_WORDS[r]))


def test_every_reason_has_words() -> None:
    assert set(REASON_WORDS) == set(Reason)


@pytest.mark.parametrize("today", TODAYS.values(), ids=TODAYS.keys())
def test_the_demo_is_current_and_trips_every_reason_last_week(tmp_path: Path, today: dt.date) -> None:
    store = seed_demo(tmp_path / "demo", today=today)
    cycle = store.cycle(today=today)
    assert cycle.start <= today <= cycle.end
    data = store.load(cycle)

    this_week, last_week = week_of(today), add_weeks(week_of(today), -1)
    weeks = sorted({c.week for c in data.checkins})
    assert weeks == [add_weeks(this_week, n) for n in range(-HISTORY_WEEKS, 0)]
    assert all(len(data.history(k.id)) == HISTORY_WEEKS for k in data.key_results)

    summary = build_summary(data, last_week, store.root.settings.thresholds)
    tripped = {reason_of(text) for line in summary.needs_help for text in line.reasons}
    assert tripped == set(Reason)
    if (today - cycle.start).days < 60:  # late in a quarter all of it is behind pace
        assert len(summary.needs_help) < len(data.key_results)  # not everything is in trouble
    assert summary.wins  # recognition too

    titles = [o.title for o in data.objectives]
    assert sum(any(unicodedata.name(ch, "").startswith("CJK") for ch in t) for t in titles) == 1
    assert len({o.team for o in data.objectives}) == 2
    aligned = [o for o in data.objectives if o.aligns_to]
    assert len(aligned) == 1 and data.objective(aligned[0].aligns_to) is not None
    [meeting] = data.meetings
    assert meeting.finished and meeting.week == last_week and meeting.ended is not None
    assert meeting.ended.date() < today


def _files(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.iterdir()) if p.suffix != ".lock"}


def test_okr_demo_no_tui_prints_the_list_and_creates_the_store(tmp_path: Path) -> None:
    where = tmp_path / "demo"
    r = subprocess.run([str(OKR), "demo", "--dir", str(where), "--no-tui"], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0, r.stderr
    assert f"demo store at {where} (reopen it with: okr meeting --store {where})" in r.stderr
    store = Store.open(where)
    listed = subprocess.run([str(OKR), "list", "--store", str(where)], capture_output=True, text=True, timeout=60)
    assert r.stdout == listed.stdout  # the same list `okr list` prints
    assert "O1  Create an unmatched customer service experience  [Support · Mia Chen · committed]" in r.stdout
    assert "创造无与伦比的用户服务体验" in r.stdout and "⚠ needs help: stalled" in r.stdout
    assert len(store.load(store.cycle()).objectives) == 4

    before = _files(where)  # a second demo in the same place is refused and changes nothing
    again = subprocess.run([str(OKR), "demo", "--dir", str(where), "--no-tui"], capture_output=True, text=True,
                           timeout=60)
    assert again.returncode == 1 and again.stdout == ""
    assert again.stderr == f"Error: {where} holds a store already; the demo needs an empty directory\n"
    assert _files(where) == before


def test_okr_demo_without_a_terminal_prints_the_list_instead_of_hanging(tmp_path: Path) -> None:
    where = tmp_path / "demo"
    r = subprocess.run([str(OKR), "demo", "--dir", str(where)], capture_output=True, text=True, timeout=60,
                       stdin=subprocess.DEVNULL)
    assert r.returncode == 0, r.stderr
    assert f"demo store at {where}" in r.stdout
    assert "Cycle " in r.stdout and "O4  Ship self-service onboarding" in r.stdout
    assert "\x1b" not in r.stdout + r.stderr  # no app was drawn
    assert (where / "okr.json").is_file()
