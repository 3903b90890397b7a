"""The summary screen (tui/screens/summary.py) says what the printed summary says, in its
order and words: an absent owner's key results in an "ABSENT" section, the key results not
checked in, the blockers resolved this week and still open (with their ages), next steps;
a review's head."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Static

from store import Cycle, Meeting, Store
from store.models import MeetingKind
from store.summary import Summary, build_summary
from tui.meeting.app import MeetingApp
from tui.report.summary import render_text
from tui.screens import MeetingScreen, SummaryScreen
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
    summary = summary._replace(absent=[])  # nobody absent: no section, as printed
    assert not any(line.startswith("ABSENT") for line in summary_content(summary).plain.splitlines())


def test_a_reviews_head_says_whose_key_results_it_holds(store: Store) -> None:
    head = summary_content(_summary(store, owner="Cy", kind=MeetingKind.REVIEW)).plain.splitlines()[0]
    assert head == "Cy's weekly review · Summary · cycle 2026-Q4 · week 2026-W48 · only Cy's key results"


def _ledger_store(store: Store) -> Cycle:
    """This week (W48): O1.1's blocker, raised last week, cleared; O1.2's, raised two weeks
    before, still open, with a next step of two lines; O1.3 not checked in (confidence 3 in
    W47: needs help)."""
    cycle = store.cycle("2026-Q4")
    with store.write(cycle) as tx:
        o1 = tx.add_objective(title="Support", owner="Ana")
        k1 = tx.add_key_result(o1.id, title="Reply time", owner="Bo")
        k2 = tx.add_key_result(o1.id, title="[bold]FAQ[/bold]", owner="Cy")
        k3 = tx.add_key_result(o1.id, title="Guide", owner="Dee")
        tx.check_in(k1.id, W47, progress=30, confidence=6, blocker="Waiting on legal", help_from="Legal")
        tx.check_in(k1.id, W48, progress=40, confidence=7, blocker="")
        tx.check_in(k2.id, "2026-W46", progress=10, confidence=6, blocker="No [red]writer[/red]",
                    help_from="Docs team")
        tx.check_in(k2.id, W47, progress=20, confidence=6)
        tx.check_in(k2.id, W48, progress=25, confidence=6, next_step="Ask Hana for a writer\nby Friday (Cy)")
        tx.check_in(k3.id, W47, progress=60, confidence=3)
    return cycle


async def test_the_screen_lists_the_ledger_and_next_steps_as_the_printed_summary_does(store: Store) -> None:
    app = MeetingApp(store, _ledger_store(store), W48, facilitator="Fay", attendees=["Bo"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        if not isinstance(app.screen, MeetingScreen):  # last week's open help requests first
            await pilot.press("enter")
            await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert isinstance(app.screen, SummaryScreen)
        screen = app.screen.query_one("#summary-text", Static).content.plain.splitlines()  # type: ignore[union-attr]
        summary = app.screen.summary
    printed = render_text(summary).splitlines()
    heads = ["NEEDS HELP", "OBJECTIVES", "NOT CHECKED IN (1)", "RESOLVED THIS WEEK (1)", "STILL OPEN (1)", "WINS",
             "NEXT STEPS"]
    at = [next((i for i, line in enumerate(screen) if head in line), -1) for head in heads]
    assert -1 not in at and at == sorted(at), dict(zip(heads, at))  # all there, in the printed order
    numbers = {kr.id: i for i, kr in enumerate(summary.needs_help, start=1)}
    expected = {
        "NOT CHECKED IN (1)": [
            "NOT CHECKED IN (1)",
            f"O1.3 Guide (Dee) · latest 2026-W47: 60% · confidence 3/10 ! needs help #{numbers['O1.3']}"],
        "RESOLVED THIS WEEK (1)": [
            "RESOLVED THIS WEEK (1)",
            "O1.1 Waiting on legal (raised 2026-W47 · Legal could help)"],
        "STILL OPEN (1)": [
            "STILL OPEN (1)",
            "O1.2 No [red]writer[/red] (3rd week, since 2026-W46 · Docs team could help · Cy's)"],
        "NEXT STEPS": ["NEXT STEPS", "O1.2 [bold]FAQ[/bold]", "Ask Hana for a writer", "by Friday (Cy)"],
    }
    o13 = next(line for line in screen[at[0]:at[1]] if "O1.3" in line)  # needs help, yet not checked in
    assert "not checked in this week (latest 2026-W47)" in o13
    assert not any("not checked in" in line for line in screen[at[0]:at[1]] if "O1.1" in line)
    for head, lines in expected.items():
        assert _section(printed, head) == lines, head
        assert _section(screen, head) == lines, head  # the screen says what the print says
    summary = summary._replace(not_checked_in=[], resolved=[], still_open=[], next_steps=[])
    empty = summary_content(summary).plain.splitlines()
    for head, line in [("NOT CHECKED IN (0)", "Every key result was checked in."), ("RESOLVED THIS WEEK (0)", "None."),
                       ("STILL OPEN (0)", "No open blockers."), ("NEXT STEPS", "None recorded.")]:
        assert _section(empty, head) == [head, line] == _section(render_text(summary).splitlines(), head)
