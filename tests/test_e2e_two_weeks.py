"""End-to-end: two consecutive weeks' meetings (`--week`) of the installed okr on a demo
store, in a real terminal (tmux): a blocker raised in week 1 is carried by Enter in week 2,
another is resolved; checked in the printed summaries and in the store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from installed import Installed
from tmux_harness import Tmux, fill_blocker

from store import Store
from store.demo_data import seed_demo

pytestmark = pytest.mark.e2e
TODAY = dt.date(2026, 11, 18)  # the demo's history runs to 2026-W46; its meeting M1 is that week's
CYCLE, WEEK1, WEEK2 = "2026-Q4", "2026-W47", "2026-W48"


def _meeting(installed: Installed, store: Store, week: str, cwd: Path, keys: object) -> str:
    """Run `okr meeting --week` (facilitator given: no start dialog), do ``keys(term)`` and
    return the terminal's text, scrollback included, once okr has printed its summary."""
    command = (f"{installed.okr} meeting --store {store.path} --cycle {CYCLE} --week {week} "
               f"--facilitator Ana; echo EXIT=$?")
    with Tmux(["sh", "-c", command], width=120, height=40, term="xterm-256color", cwd=cwd) as term:
        term.wait_for("Open help requests")  # last week's open blockers come first
        keys(term)  # type: ignore[operator]
        term.send("s")
        term.wait_for("NEEDS HELP")
        term.send("q")  # key results left unanswered: it asks first
        term.wait_for("Finish the meeting?")
        term.send("f")
        term.wait_for("EXIT=", history=True)
        return term.screen(history=True)


def _section(printed: str, head: str, end: str) -> str:
    return " ".join(printed[printed.index(head):printed.index(end, printed.index(head))].split())


def test_a_blocker_raised_carried_and_another_resolved_over_two_weeks(installed: Installed,
                                                                       tmp_path: Path) -> None:
    store = seed_demo(tmp_path / "demo", today=TODAY)

    def week1(term: Tmux) -> None:
        term.send("Enter")  # past the help requests
        term.wait_for("Objective 1 of 4")
        fill_blocker(term, "No inbox tool", "IT (Sara)")  # O1.1
        term.send("Enter")  # O1.1 given; O1.2 selected
        term.wait_for("▶ O1.2")
        fill_blocker(term, "Survey vendor late", "Legal")  # O1.2
        term.send("Enter")
        term.wait_for("▶ O1.3")

    printed = _meeting(installed, store, WEEK1, tmp_path, week1)
    assert "EXIT=0" in printed
    still_open = _section(printed, "STILL OPEN (", "WINS")
    assert "O1.1 No inbox tool (raised this week · IT (Sara) could help · Tom Berg's)" in still_open
    assert "O1.2 Survey vendor late (raised this week · Legal could help · Mia Chen's)" in still_open
    data = store.load(store.cycle(CYCLE))
    o11 = data.checkin("O1.1", WEEK1)
    assert o11 is not None and (o11.blocker, o11.help_from) == ("No inbox tool", "IT (Sara)")

    def week2(term: Tmux) -> None:
        shown = term.screen()
        assert "No inbox tool" in shown and "2nd week, since 2026-W47 · IT (Sara) could help" in shown
        term.send("Enter")
        term.wait_for("Objective 1 of 4")
        term.send("Enter")  # O1.1 unchanged: one key, and its blocker stays
        term.wait_for("▶ O1.2")
        term.send("b")  # O1.2: clear the blocker (its text is selected: one key deletes it)
        term.wait_for("Who could help?")
        term.send("BSpace")
        term.wait_for(lambda s: "Survey vendor late" not in s.split("What is in the way?")[-1].split("Who could")[0])
        term.send("Enter")
        term.wait_for(lambda s: "Who could help?" not in s)
        term.wait_for(lambda s: "blocker: Survey vendor late" not in s)
        term.send("Enter")
        term.wait_for("▶ O1.3")

    printed = _meeting(installed, store, WEEK2, tmp_path, week2)
    assert "EXIT=0" in printed
    resolved = _section(printed, "RESOLVED THIS WEEK (", "STILL OPEN (")
    assert "O1.2 Survey vendor late (raised 2026-W47 · Legal could help)" in resolved
    still_open = _section(printed, "STILL OPEN (", "WINS")
    assert "O1.1 No inbox tool (2nd week, since 2026-W47 · IT (Sara) could help · Tom Berg's)" in still_open
    assert "Survey vendor late" not in still_open

    data = store.load(store.cycle(CYCLE))
    carried, cleared = data.checkin("O1.1", WEEK2), data.checkin("O1.2", WEEK2)
    assert carried is not None and (carried.blocker, carried.help_from) == ("No inbox tool", "IT (Sara)")
    assert cleared is not None and cleared.blocker == ""
    assert [(m.week, m.finished) for m in data.meetings] == [("2026-W46", True), (WEEK1, True), (WEEK2, True)]
