"""The summary screen (tui/screens/summary.py) says what the printed summary says: an
absent owner's key results in an "ABSENT" section, same order and words; a review's head."""

from __future__ import annotations

import datetime as dt

from store import Meeting, Store
from store.models import MeetingKind
from store.summary import Summary, build_summary
from tui.report.summary import render_text
from tui.screens.summary import summary_content

W47, W48 = "2026-W47", "2026-W48"


def _summary(store: Store, **meeting: object) -> Summary:
    """Bo's two key results were last checked in W47 (one at confidence 3: needs help), Cy's
    this week; Bo is marked absent."""
    cycle = store.cycle()
    with store.write(cycle) as tx:
        o1 = tx.add_objective(title="Support", owner="Ana")
        k1 = tx.add_key_result(o1.id, title="Reply time", owner="Bo")
        k2 = tx.add_key_result(o1.id, title="FAQ", owner="Cy")
        k3 = tx.add_key_result(o1.id, title="Guide", owner="Bo")
        tx.check_in(k1.id, W47, progress=30, confidence=3)
        tx.check_in(k3.id, W47, progress=60, confidence=8)
        tx.check_in(k2.id, W48, progress=50, confidence=7)
        m = tx.save_meeting(Meeting(id=tx.new_meeting_id(), cycle=cycle.name, week=W48, absent=["Bo"],
                                    started=dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC), **meeting))
    return build_summary(store.load(cycle), W48, store.root.settings.thresholds, owner=m.owner, meeting=m)


def _section(lines: list[str], head: str) -> list[str]:
    """The lines of the section headed ``head`` up to the next blank line, stripped."""
    start = next(i for i, line in enumerate(lines) if line.startswith(head))
    end = next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
    return [" ".join(line.split()) for line in lines[start:end]]


def test_the_screen_lists_the_absent_as_the_printed_summary_does(store: Store) -> None:
    summary = _summary(store)
    assert [k.id for k in summary.absent] == ["O1.1", "O1.3"]
    printed = render_text(summary).splitlines()
    screen = summary_content(summary).plain.splitlines()
    absent = _section(printed, "ABSENT (2)")
    assert absent == [
        "ABSENT (2)",
        "O1.1 Reply time (Bo) · absent · latest 2026-W47: 30% · confidence 3/10 ! needs help #1",
        "O1.3 Guide (Bo) · absent · latest 2026-W47: 60% · confidence 8/10",
    ]
    assert _section(screen, "ABSENT (2)") == absent
    # Where the printed one has it: after the objectives, before the wins.
    assert screen.index("OBJECTIVES") < screen.index("ABSENT (2)") < screen.index("WINS")
    summary.absent = []  # nobody absent: no section, as printed
    assert not any(line.startswith("ABSENT") for line in summary_content(summary).plain.splitlines())


def test_a_reviews_head_says_whose_key_results_it_holds(store: Store) -> None:
    head = summary_content(_summary(store, owner="Cy", kind=MeetingKind.REVIEW)).plain.splitlines()[0]
    assert head == "Cy's weekly review · Summary · cycle 2026-Q4 · week 2026-W48 · only Cy's key results"
