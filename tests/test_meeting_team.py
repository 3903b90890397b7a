"""Pilot tests of the meeting a real team needs: the status line before the first answer,
open help requests first, next steps, absent owners, the start dialog, reviews, a finished
week, copying the summary, a far-off metric value. Assertions are on widget state and the store."""

from __future__ import annotations

import test_meeting_app
from test_meeting_app import SIZE, WEEK, checkin, make_app, row_text, settle
from textual.widgets import Input, Static

from store import Cycle, Store
from tui.meeting.app import MeetingApp
from tui.screens import FormModal, MeetingScreen, ResumeModal
from tui.screens.help_requests import HelpRequestsScreen
from tui.widgets import SaveStatus

cycle = test_meeting_app.cycle  # the same store: O1 (O1.1 Ben, O1.2 Cy's metric 24 h → 2 h), O2 (O2.1 Dan)


async def test_the_status_says_no_changes_yet_until_the_first_answer_is_saved(store: Store, cycle: Cycle) -> None:
    app = make_app(store, cycle)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert store.load(cycle).meetings  # the meeting record was saved at start ...
        status = app.screen.query_one(SaveStatus)
        assert app.save_state == "idle" and status.render().plain.strip() == "no changes yet"  # ... which is no answer
        await pilot.press("enter")
        await settle(app, pilot)
        assert checkin(store, cycle, "O1.1") is not None
        assert app.save_state == "saved" and status.render().plain.strip() == "✓ saved"


def _blocked_last_week(store: Store, cycle: Cycle) -> None:
    """O2.1 blocked since W46, who could help named; O1.2 blocked in W47 only."""
    with store.write(cycle) as tx:
        tx.check_in("O2.1", "2026-W46", progress=20, confidence=5, blocker="Waiting on the design review",
                    help_from="Design team")
        tx.check_in("O2.1", "2026-W47", progress=20, confidence=5, blocker="Waiting on the design review",
                    help_from="Design team")  # still open (it was checked in that week before)
        tx.check_in("O1.2", "2026-W47", value=13, confidence=6, blocker="Trainer budget not approved")


async def test_open_help_requests_come_before_objective_1_and_enter_starts(store: Store, cycle: Cycle) -> None:
    _blocked_last_week(store, cycle)
    app = make_app(store, cycle)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, HelpRequestsScreen)
        text = app.screen.query_one("#help-requests-text", Static).render().plain  # type: ignore[union-attr]
        assert "2 open help requests from last week" in text
        # oldest first: O2.1 is in its 3rd week this week, with who could help and whose key result
        assert text.index("O2.1") < text.index("O1.2")
        assert "Waiting on the design review" in text and "3rd week, since 2026-W46 · Design team could help · Dan's key result" in text
        assert "Trainer budget not approved" in text and "2nd week, since 2026-W47 · Cy's key result" in text
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, MeetingScreen) and app.session.position == 0
        assert checkin(store, cycle, "O1.1") is None  # Enter on the help requests answers nothing
        await pilot.press("enter")
        await settle(app, pilot)
        assert checkin(store, cycle, "O1.1") is not None


async def test_time_on_the_help_requests_is_not_objective_1s_timebox(store: Store, cycle: Cycle) -> None:
    _blocked_last_week(store, cycle)
    app = make_app(store, cycle)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, HelpRequestsScreen)
        await pilot.pause(1.2)  # the team reads the help requests
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, MeetingScreen)
        assert app.session.objective_seconds("O1") < 1.0
        assert app.session.meeting_seconds() >= 1.2  # the meeting's clock ran all along


async def test_no_help_requests_screen_without_open_blockers(store: Store, cycle: Cycle) -> None:
    app = make_app(store, cycle)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, MeetingScreen)


async def test_resuming_skips_the_help_requests_and_starting_over_shows_them(store: Store, cycle: Cycle) -> None:
    _blocked_last_week(store, cycle)
    first = make_app(store, cycle)
    async with first.run_test(size=SIZE) as pilot:
        await settle(first, pilot)
        await pilot.press("enter", "n")  # past the help requests, on to objective 2
        await settle(first, pilot)
        await pilot.press("ctrl+q")
        await settle(first, pilot)
    resumed = make_app(store, cycle)
    async with resumed.run_test(size=SIZE) as pilot:
        await settle(resumed, pilot)
        assert isinstance(resumed.screen, ResumeModal)
        await pilot.press("r")
        await settle(resumed, pilot)
        assert isinstance(resumed.screen, MeetingScreen) and resumed.session.position == 1
    again = make_app(store, cycle)
    async with again.run_test(size=SIZE) as pilot:
        await settle(again, pilot)
        await pilot.press("s")
        await settle(again, pilot)
        assert isinstance(again.screen, HelpRequestsScreen)


async def test_x_sets_a_next_step_shown_on_the_card_carried_by_enter_and_cleared(store: Store, cycle: Cycle) -> None:
    with store.write(cycle) as tx:
        tx.check_in("O1.1", "2026-W47", progress=40, confidence=8, next_step="Ben drafts the rota by Friday")
    app = make_app(store, cycle)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert "next step: Ben drafts the rota by Friday" in row_text(app, "O1.1")  # carried from last week
        await pilot.press("enter")  # unchanged: the next step stays
        await settle(app, pilot)
        saved = checkin(store, cycle, "O1.1")
        assert saved is not None and saved.next_step == "Ben drafts the rota by Friday"
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        await pilot.press(*"Cy asks IT for the tool", "enter")  # the pre-filled text is selected: typing replaces it
        await settle(app, pilot)
        saved = checkin(store, cycle, "O1.2")
        assert saved is not None and saved.next_step == "Cy asks IT for the tool"
        assert "next step: Cy asks IT for the tool" in row_text(app, "O1.2")
        await pilot.press("u")  # undo takes it back: O1.2 came in un-given, and is again
        await settle(app, pilot)
        assert checkin(store, cycle, "O1.2") is None
        assert "next step:" not in row_text(app, "O1.2")
        await pilot.press("up", "x", "backspace", "enter")  # the selected text deleted: done
        await settle(app, pilot)
        saved = checkin(store, cycle, "O1.1")
        assert saved is not None and saved.next_step == ""
        assert "next step:" not in row_text(app, "O1.1")


async def test_a_marks_an_owner_absent_their_key_results_are_skipped_and_listed_as_absent(store: Store,
                                                                                       cycle: Cycle) -> None:
    from tui.report.markdown import render_markdown
    from tui.report.summary import render_text

    app = make_app(store, cycle)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "a")  # Cy (O1.2) is not here
        await settle(app, pilot)
        assert "absent, skipped" in row_text(app, "O1.2")
        await pilot.press("up", "enter")  # O1.1 given; O1.2 is skipped: on to objective 2
        await settle(app, pilot)
        assert app.session.position == 1
        await pilot.press("enter")  # O2.1, the last: the summary
        await settle(app, pilot)
        await pilot.press("q")  # nothing unanswered but the absent owner's: no question, it ends
        await settle(app, pilot)
    summary = app.return_value
    assert summary is not None
    assert [k.id for k in summary.absent] == ["O1.2"] and summary.not_checked_in == []
    meeting = store.load(cycle).meetings[-1]
    assert meeting.absent == ["Cy"] and meeting.finished
    text = render_text(summary)
    assert "ABSENT (1)" in text and "NOT CHECKED IN (0)" in text
    assert "O1.2  Feedback answered within 2 hours (Cy) · absent · latest 2026-W47" in text
    assert "### Absent (1)" in render_markdown(summary)


async def test_a_second_a_brings_the_owner_back(store: Store, cycle: Cycle) -> None:
    app = make_app(store, cycle)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "a", "a")
        await settle(app, pilot)
        assert app.session.record.absent == [] and "not given yet" in row_text(app, "O1.2")
        assert store.load(cycle).meetings[-1].absent == []


async def test_the_start_dialog_shows_the_agenda_and_records_who_runs_it(store: Store, cycle: Cycle) -> None:
    from textual.widgets import Label

    app = MeetingApp(store, cycle, WEEK, facilitator="Fay", attendees=["Ben"], ask_start=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, FormModal)
        hint = app.screen.query(Label).last().render().plain  # type: ignore[union-attr]
        assert "2 objectives · 3 key results · ~6 min at 3 min each" in hint
        assert [i.value for i in app.screen.query(Input)] == ["Fay", "Ben"]  # from last time
        await pilot.press(*"Li Wei", "tab", *"Ana, Ben", "enter")  # pre-filled text selected: typing replaces it
        await settle(app, pilot)
        assert isinstance(app.screen, MeetingScreen)
        meeting = store.load(cycle).meetings[-1]
        assert (meeting.facilitator, meeting.attendees) == ("Li Wei", ["Ana", "Ben"])
        assert store.user_pref("facilitator") == "Li Wei" and store.user_pref("attendees") == ["Ana", "Ben"]
        await pilot.press("enter")
        await settle(app, pilot)
        saved = checkin(store, cycle, "O1.1")
        assert saved is not None and saved.author == "Li Wei"


async def test_enter_in_the_start_dialog_keeps_what_it_shows(store: Store, cycle: Cycle) -> None:
    app = MeetingApp(store, cycle, WEEK, facilitator="Fay", attendees=["Ben", "Cy"], ask_start=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        meeting = store.load(cycle).meetings[-1]
        assert (meeting.facilitator, meeting.attendees) == ("Fay", ["Ben", "Cy"])


async def test_last_weeks_note_shows_on_the_card(store: Store, cycle: Cycle) -> None:
    with store.write(cycle) as tx:
        tx.check_in("O1.1", "2026-W47", progress=40, confidence=8, note="Rota [b]agreed[/b] with the leads")
    app = make_app(store, cycle)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert "last week's note: Rota [b]agreed[/b] with the leads" in row_text(app, "O1.1")


async def _finish_a_meeting(store: Store, cycle: Cycle) -> str:
    app = make_app(store, cycle)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter", "enter", "enter", "q")  # all three given, the summary, finish
        await settle(app, pilot)
    meeting = store.load(cycle).meetings[-1]
    assert meeting.finished
    return meeting.id


async def test_a_finished_week_says_so_and_reopens(store: Store, cycle: Cycle) -> None:
    from tui.screens.choice import ChoiceModal

    mid = await _finish_a_meeting(store, cycle)
    app = make_app(store, cycle)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, ChoiceModal)
        await pilot.press("r")
        await settle(app, pilot)
        assert isinstance(app.screen, MeetingScreen) and app.session.position == 0
    meetings = store.load(cycle).meetings
    assert [m.id for m in meetings] == [mid] and not meetings[0].finished  # the same one, open again


async def test_a_finished_week_shows_its_summary_or_starts_a_new_one(store: Store, cycle: Cycle) -> None:
    mid = await _finish_a_meeting(store, cycle)
    app = make_app(store, cycle)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("v")
        await settle(app, pilot)
    assert app.return_value is not None and app.return_value.meeting is not None
    assert app.return_value.meeting["id"] == mid
    assert [m.id for m in store.load(cycle).meetings] == [mid]  # viewing writes nothing
    new = make_app(store, cycle)
    async with new.run_test(size=SIZE) as pilot:
        await settle(new, pilot)
        await pilot.press("n")
        await settle(new, pilot)
        assert isinstance(new.screen, MeetingScreen)
    meetings = store.load(cycle).meetings
    assert len(meetings) == 2 and meetings[0].finished and not meetings[1].finished


async def test_a_meeting_shows_its_clocks_in_the_head(store: Store, cycle: Cycle) -> None:
    from tui.widgets.objective_panel import ObjectivePanel

    app = make_app(store, cycle)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        head = app.screen.query_one(ObjectivePanel).render().plain  # type: ignore[union-attr]
        assert "meeting " in head and "/ 03:00" in head  # what a review leaves out (tests/test_review.py)


async def test_y_on_the_summary_copies_the_markdown_and_says_so(store: Store, cycle: Cycle) -> None:
    from tui.report.markdown import render_markdown
    from tui.screens import SummaryScreen

    app = make_app(store, cycle)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter", "s")
        await settle(app, pilot)
        assert isinstance(app.screen, SummaryScreen)
        said: list[str] = []
        app.notify = lambda message, **_: said.append(message)  # type: ignore[method-assign]
        await pilot.press("y")
        await pilot.pause()
        assert app.clipboard == render_markdown(app.screen.summary)
        assert app.clipboard.startswith("## OKR check-in: 2026-Q4, 2026-W48")
        assert said == ["Summary copied to the clipboard as Markdown (paste it into a doc or chat)."]


async def test_a_metric_value_far_outside_its_range_asks_first(store: Store, cycle: Cycle) -> None:
    from tui.screens.choice import ChoiceModal

    app = make_app(store, cycle)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "v", *"1210", "enter")  # O1.2 runs 24 h → 2 h: 1210 h is far off
        await settle(app, pilot)
        assert isinstance(app.screen, ChoiceModal) and checkin(store, cycle, "O1.2") is None
        await pilot.press("t")  # type it again: the dialog comes back with what was typed, selected
        await pilot.pause()
        assert isinstance(app.screen, FormModal) and app.screen.query_one(Input).value == "1210"
        await pilot.press(*"10", "enter")
        await settle(app, pilot)
        saved = checkin(store, cycle, "O1.2")
        assert saved is not None and saved.value == 10
        await pilot.press("v", *"-30", "enter", "s")  # beyond the other end, saved anyway
        await settle(app, pilot)
        saved = checkin(store, cycle, "O1.2")
        assert saved is not None and saved.value == -30
        await pilot.press("v", *"40", "enter")  # within one range beyond the start: no question
        await settle(app, pilot)
        saved = checkin(store, cycle, "O1.2")
        assert isinstance(app.screen, MeetingScreen) and saved is not None and saved.value == 40
