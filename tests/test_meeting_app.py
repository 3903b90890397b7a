"""Pilot tests of the meeting app at 80×24: answers reach the store, defaults, navigation,
resume, the summary, the save messages. Assertions are on widget state and the store."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from textual import events
from textual.message import Message
from textual.widgets import Input, Static

from store import Cycle, Store, StoreError
from tui.meeting.app import FLUSH_SECONDS, MeetingApp
from tui.meeting.saver import AnswerSaved, SaveFailed
from tui.screens import FormModal, HelpScreen, MeetingScreen, ResumeModal, SummaryScreen
from tui.widgets import KRRow

WEEK = "2026-W48"
SIZE = (80, 24)


@pytest.fixture
def cycle(store: Store) -> Cycle:
    """O1 (Support, committed): O1.1 percent, O1.2 metric 24 h → 2 h.
    O2 (Platform, aspirational, aligned to O1): O2.1 stalled at 20% for two weeks."""
    cycle = store.cycle("2026-Q4")
    with store.write(cycle) as tx:
        o1 = tx.add_objective(title="Create an unmatched customer service experience", owner="Ana",
                              team="Support", confidence=7)
        o2 = tx.add_objective(title="创造无与伦比的用户服务体验", owner="Dan", team="Platform",
                              kind="aspirational", aligns_to=o1.id)
        k11 = tx.add_key_result(o1.id, title="Dispatch twice a day instead of once", owner="Ben")
        k12 = tx.add_key_result(o1.id, title="Feedback answered within 2 hours", owner="Cy",
                                start=24, target=2, unit="h")
        k21 = tx.add_key_result(o2.id, title="Migrate [bold]billing[/bold]", owner="Dan")
        tx.check_in(k11.id, "2026-W46", progress=30, confidence=8)
        tx.check_in(k11.id, "2026-W47", progress=40, confidence=8)
        tx.check_in(k12.id, "2026-W47", value=13, confidence=6)
        tx.check_in(k21.id, "2026-W46", progress=20, confidence=5)
        tx.check_in(k21.id, "2026-W47", progress=20, confidence=5)
        tx.check_in_objective(o1.id, "2026-W47", confidence=7)
    return cycle


def make_app(store: Store, cycle: Cycle, **options: object) -> MeetingApp:
    return MeetingApp(store, cycle, WEEK, facilitator="Fay", attendees=["Ben", "Cy"], **options)  # type: ignore[arg-type]


async def settle(app: MeetingApp, pilot) -> None:  # type: ignore[no-untyped-def]
    """Let the UI process the keys, then wait for the saver's thread workers."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def checkin(store: Store, cycle: Cycle, kid: str):  # type: ignore[no-untyped-def]
    return store.load(cycle).checkin(kid, WEEK)


def meeting_screen(app: MeetingApp) -> MeetingScreen:
    assert isinstance(app.screen, MeetingScreen)
    return app.screen


def row_text(app: MeetingApp, kid: str) -> str:
    row = next(r for r in app.screen.query(KRRow) if r.kid == kid)
    return row.content.plain  # type: ignore[union-attr]


async def test_progress_and_confidence_keys_reach_the_store(store: Store, cycle: Cycle) -> None:
    app = make_app(store, cycle)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "3")
        await settle(app, pilot)
        saved = checkin(store, cycle, "O1.1")
        assert saved is not None and (saved.progress, saved.confidence) == (50, 3)
        assert saved.author == "Fay"
        text = row_text(app, "O1.1")
        assert text.startswith("▶ O1.1") and "50%" in text and "3/10 hard" in text
        assert "needs help" in text and "confidence 3/10 (hard)" in text
        await pilot.press("left", "left", "0")
        await settle(app, pilot)
        saved = checkin(store, cycle, "O1.1")
        assert saved is not None and (saved.progress, saved.confidence) == (30, 10)
        assert app.save_state == "saved"


async def test_enter_on_an_untouched_key_result_saves_last_weeks_values(store: Store, cycle: Cycle) -> None:
    app = make_app(store, cycle)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await settle(app, pilot)
        saved = checkin(store, cycle, "O1.1")
        assert saved is not None and (saved.progress, saved.confidence, saved.blocker) == (40, 8, "")
        assert meeting_screen(app).selected_index == 1
        assert row_text(app, "O1.1").startswith("  O1.1") and "✓ given" in row_text(app, "O1.1")
        assert row_text(app, "O1.2").startswith("▶ O1.2")
        await pilot.press("enter")
        await settle(app, pilot)
        metric = checkin(store, cycle, "O1.2")
        assert metric is not None and metric.value == 13 and metric.confidence == 6


async def test_metric_key_result_steps_and_exact_value(store: Store, cycle: Cycle) -> None:
    app = make_app(store, cycle)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "right")  # 10% of 24 → 2 is 2.2 h less
        await settle(app, pilot)
        saved = checkin(store, cycle, "O1.2")
        assert saved is not None and saved.value == pytest.approx(10.8)
        assert "10.8 h" in row_text(app, "O1.2") and "13 h" in row_text(app, "O1.2")
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        field = app.screen.query_one(Input)
        field.value = "6"
        await pilot.press("enter")
        await settle(app, pilot)
        saved = checkin(store, cycle, "O1.2")
        assert saved is not None and saved.value == 6 and saved.progress == round(18 / 22 * 100)


async def test_value_modal_validates_and_esc_cancels_only_the_modal(store: Store, cycle: Cycle) -> None:
    app = make_app(store, cycle)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right")
        await settle(app, pilot)
        await pilot.press("v")
        await pilot.pause()
        app.screen.query_one(Input).value = "150"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        assert "0 to 100" in app.screen.query_one("#error-0", Static).content.plain  # type: ignore[union-attr]
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, MeetingScreen)
        saved = checkin(store, cycle, "O1.1")
        assert saved is not None and saved.progress == 50  # the earlier answer is kept
        await pilot.press("v")
        await pilot.pause()
        app.screen.query_one(Input).value = "65%"
        await pilot.press("enter")
        await settle(app, pilot)
        saved = checkin(store, cycle, "O1.1")
        assert saved is not None and saved.progress == 65


async def test_blocker_modal_saves_and_empty_clears(store: Store, cycle: Cycle) -> None:
    app = make_app(store, cycle)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        await pilot.press(*"Vendor [red]contract")
        await pilot.press("tab")  # to "who could help" (Enter would save from here)
        await pilot.press(*"Legal", "enter")
        await settle(app, pilot)
        saved = checkin(store, cycle, "O1.1")
        assert saved is not None and (saved.blocker, saved.help_from) == ("Vendor [red]contract", "Legal")
        assert saved.progress == 40  # defaults carried with the blocker
        text = row_text(app, "O1.1")
        assert "blocker: Vendor [red]contract" in text and "blocked: Vendor [red]contract - Legal could help" in text
        await pilot.press("b")
        await pilot.pause()
        for field in app.screen.query(Input):
            field.value = ""
        await pilot.press("enter")
        await settle(app, pilot)
        saved = checkin(store, cycle, "O1.1")
        assert saved is not None and (saved.blocker, saved.help_from) == ("", "")


async def test_a_blocker_typed_at_once_keeps_every_key(store: Store, cycle: Cycle) -> None:
    """As a fast typist does it, the dialog opened by the same burst of keys: nothing lost
    (seen once in a walkthrough, not reproduced: this keeps it so)."""
    app = make_app(store, cycle)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "b", *"Vendor API", "tab", "ctrl+u", *"Platform", "enter")
        await settle(app, pilot)
        saved = checkin(store, cycle, "O1.2")
        assert saved is not None and (saved.blocker, saved.help_from) == ("Vendor API", "Platform")


def burst(*keys: str) -> list[events.Key]:
    """Keys as a terminal delivers a burst: all queued before the app has handled the first."""
    return [events.Key(k, k if len(k) == 1 else {"space": " "}.get(k)) for k in keys]


@pytest.mark.parametrize("opener", ["b", "v"])
async def test_keys_typed_as_a_dialog_opens_are_its_own_not_the_meetings(store: Store, cycle: Cycle,
                                                                          opener: str) -> None:
    """A walkthrough in tmux (keys sent at once) lost the helper's name, and keys meant for the
    dialog ran as the meeting's own (n: the next objective). They wait for the dialog now."""
    app = make_app(store, cycle)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        if opener == "b":  # n: the next objective, 7: a confidence, a blank, x: meeting keys all
            keys = ["down", "b", "n", "7", "space", "x", "tab", "ctrl+u", *"Platform", "enter"]
        else:  # 4 and 5: confidences, Enter: confirm
            keys = ["v", "ctrl+u", "4", "5", "enter"]
        for key in burst(*keys):
            app.post_message(key)
        await settle(app, pilot)
        screen = meeting_screen(app)
        assert screen.objective is not None and screen.objective.id == "O1"  # n did not move on
        saved = checkin(store, cycle, "O1.2" if opener == "b" else "O1.1")
        assert saved is not None
        if opener == "b":
            assert (saved.blocker, saved.help_from, saved.confidence) == ("n7 x", "Platform", 6)
        else:
            assert (saved.progress, saved.confidence) == (45, 8)


async def test_two_dialogs_in_one_burst_each_get_their_own_keys(store: Store, cycle: Cycle) -> None:
    """The keys after the Enter that saves a dialog are the meeting's, then the next dialog's:
    a tmux walkthrough saw them typed into the closing dialog, and its second Enter dismissed
    the meeting screen too (a blank screen)."""
    app = make_app(store, cycle)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        keys = ["down", "b", *"late", "tab", "ctrl+u", *"Platform", "enter", "up", "v", "ctrl+u", "4", "5", "enter"]
        for key in burst(*keys):
            app.post_message(key)
        await settle(app, pilot)
        await settle(app, pilot)
        assert isinstance(app.screen, MeetingScreen)
        blocked, valued = checkin(store, cycle, "O1.2"), checkin(store, cycle, "O1.1")
        assert blocked is not None and (blocked.blocker, blocked.help_from) == ("late", "Platform")
        assert valued is not None and valued.progress == 45


async def test_a_second_enter_in_a_dialog_leaves_the_screen_below(store: Store, cycle: Cycle) -> None:
    app = make_app(store, cycle)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in burst("b", *"late", "enter", "enter"):
            app.post_message(key)
        await settle(app, pilot)
        assert isinstance(app.screen, MeetingScreen)  # the second Enter confirmed O1.1 there
        saved = checkin(store, cycle, "O1.1")
        assert saved is not None and saved.blocker == "late"


async def test_navigation_both_ways_and_enter_through_to_the_summary(store: Store, cycle: Cycle) -> None:
    app = make_app(store, cycle)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = meeting_screen(app)
        assert screen.objective is not None and screen.objective.id == "O1"
        await pilot.press("n")
        await pilot.pause()
        assert screen.objective is not None and screen.objective.id == "O2"
        assert "Objective 2 of 2" in screen.query_one("#objective", Static).content.plain  # type: ignore[union-attr]
        assert "aligned to O1 Create" in screen.query_one("#objective", Static).content.plain  # type: ignore[union-attr]
        await pilot.press("p")
        await pilot.pause()
        assert screen.objective is not None and screen.objective.id == "O1"
        await pilot.press("p")  # nothing before the first
        await pilot.press("enter", "enter")  # O1.1, O1.2 → O2
        await pilot.pause()
        assert screen.objective is not None and screen.objective.id == "O2"
        await pilot.press("up", "k", "down", "j")
        await pilot.press("enter")  # O2.1, the last → summary
        await settle(app, pilot)
        assert isinstance(app.screen, SummaryScreen)
        data = store.load(cycle)
        assert all(data.checkin(k, WEEK) for k in ("O1.1", "O1.2", "O2.1"))
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen) and screen.objective is not None
        assert screen.objective.id == "O2"


async def test_objective_confidence_note_and_wins(store: Store, cycle: Cycle) -> None:
    app = make_app(store, cycle)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await pilot.pause()
        inputs = list(app.screen.query(Input))
        inputs[0].value, inputs[1].value = "5", "Hiring freeze"
        inputs[1].focus()
        await pilot.press("enter")
        await pilot.press("w")
        await pilot.pause()
        app.screen.query_one(Input).value = "Ben cleared the backlog"
        await pilot.press("enter")
        await settle(app, pilot)
        oc = store.load(cycle).objective_checkin("O1", WEEK)
        assert oc is not None and (oc.confidence, oc.note, oc.wins) == (5, "Hiring freeze", "Ben cleared the backlog")
        panel = meeting_screen(app).query_one("#objective", Static).content.plain  # type: ignore[union-attr]
        assert "confidence 7 → 5/10 needs a breakthrough" in panel


async def test_summary_lists_needs_help_first_and_finishing_ends_the_meeting(store: Store, cycle: Cycle) -> None:
    app = make_app(store, cycle)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "enter", "enter", "enter")  # the last Enter leads to the summary
        await settle(app, pilot)
        assert isinstance(app.screen, SummaryScreen)
        text = app.screen.query_one("#summary-text", Static).content.plain  # type: ignore[union-attr]
        assert text.index("NEEDS HELP") < text.index("OBJECTIVES") < text.index("WINS")
        needs_help = text[text.index("NEEDS HELP"):text.index("OBJECTIVES")]
        assert "O1.1 Dispatch twice a day" in needs_help and "confidence 2/10 hard" in needs_help
        assert "O2.1 Migrate [bold]billing[/bold]" in needs_help and "stalled" in needs_help
        assert needs_help.index("O1.1") < needs_help.index("O2.1")
        await pilot.press("q")
        await pilot.pause()
    summary = app.return_value
    assert summary is not None and [k.id for k in summary.needs_help] == ["O1.1", "O1.2", "O2.1"]
    meetings = store.load(cycle).meetings
    assert len(meetings) == 1 and meetings[0].ended is not None
    assert meetings[0].facilitator == "Fay" and meetings[0].attendees == ["Ben", "Cy"]
    assert summary.meeting is not None and summary.meeting["id"] == meetings[0].id


async def test_quit_midway_then_resume_lands_on_the_saved_position(store: Store, cycle: Cycle) -> None:
    first = make_app(store, cycle)
    async with first.run_test(size=SIZE) as pilot:
        await pilot.press("n", "right")
        await settle(first, pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert first.return_value is not None  # the summary, printed by the CLI
    [meeting] = store.load(cycle).meetings
    assert meeting.position == 1 and meeting.ended is None and "O1" in meeting.seconds
    saved = checkin(store, cycle, "O2.1")
    assert saved is not None and saved.progress == 30

    again = make_app(store, cycle)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, ResumeModal)
        await pilot.press("escape")  # Esc = resume
        await settle(again, pilot)
        screen = meeting_screen(again)
        assert screen.objective is not None and screen.objective.id == "O2"
        assert "30%" in row_text(again, "O2.1")  # this week's answer, not last week's
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert [m.id for m in store.load(cycle).meetings] == ["M1"]

    fresh = make_app(store, cycle)
    async with fresh.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s")  # start over
        await settle(fresh, pilot)
        screen = meeting_screen(fresh)
        assert screen.objective is not None and screen.objective.id == "O1"
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert sorted(m.id for m in store.load(cycle).meetings) == ["M1", "M2"]


async def test_save_messages_and_a_failed_save_is_retried(store: Store, cycle: Cycle,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    messages: list[Message] = []
    app = make_app(store, cycle)
    real_write: Callable = app.session.write
    failures = {"left": 1}

    def flaky(key, fields):  # type: ignore[no-untyped-def]
        if key[0] == "kr" and failures["left"]:
            failures["left"] -= 1
            raise StoreError("disk on fire")
        real_write(key, fields)

    monkeypatch.setattr(app.saver, "_write", flaky)
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await pilot.press("right")
        await settle(app, pilot)
        failed = [m for m in messages if isinstance(m, SaveFailed)]
        assert [(m.key, m.error, m.retrying) for m in failed] == [(("kr", "O1.1"), "disk on fire", True)]
        saved = [m.key for m in messages if isinstance(m, AnswerSaved)]
        assert ("kr", "O1.1") in saved and ("meeting",) in saved
        assert messages.index(failed[0]) < max(i for i, m in enumerate(messages)
                                               if isinstance(m, AnswerSaved) and m.key == ("kr", "O1.1"))
        assert app.save_state == "saved"
        record = checkin(store, cycle, "O1.1")
        assert record is not None and record.progress == 50


async def test_help_screen_and_command_palette_list_the_keys(store: Store, cycle: Cycle) -> None:
    app = make_app(store, cycle)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        names = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Blocker", "Confirm", "Value", "Wins", "Summary", "Set confidence…", "Next obj"} <= names


async def test_hostile_titles_are_shown_literally(store: Store, cycle: Cycle) -> None:
    app = make_app(store, cycle)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert "Migrate [bold]billing[/bold]" in row_text(app, "O2.1")
        panel = meeting_screen(app).query_one("#objective", Static).content.plain  # type: ignore[union-attr]
        assert "创造无与伦比的用户服务体验" in panel and "aspirational" in panel and "team Platform" in panel


async def test_a_cycle_without_objectives_goes_straight_to_an_empty_summary(store: Store) -> None:
    app = make_app(store, store.cycle("2026-Q4"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "No objectives" in app.screen.query_one(".empty", Static).content.plain  # type: ignore[union-attr]
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("ctrl+q")  # on the summary: finishes the meeting
        await pilot.pause()
    [meeting] = store.load(store.cycle("2026-Q4")).meetings
    assert meeting.ended is not None and app.return_value is not None


async def test_owner_filter_shows_only_their_objectives_and_key_results(store: Store, cycle: Cycle) -> None:
    app = make_app(store, cycle, owner="Cy")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert [o.id for o in app.session.objectives] == ["O1"]
        assert [r.kid for r in app.screen.query(KRRow)] == ["O1.2"]


async def test_the_summary_and_quitting_wait_for_the_save_not_for_the_flush_timeout(store: Store, cycle: Cycle) -> None:
    """Both wait for the queued answers inside a handler that holds up the app's queue, so
    they must ask the saver rather than wait for its AnswerSaved (5 s each, before)."""
    app = make_app(store, cycle)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        started = time.monotonic()
        await pilot.press("right", "s")  # an answer, then the summary (which flushes first)
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("b", "ctrl+q")  # back to the meeting, then quit (which flushes first)
        await pilot.pause()
        assert not app.is_running and time.monotonic() - started < FLUSH_SECONDS / 2
    record = checkin(store, cycle, "O1.1")
    assert app.return_value is not None and record is not None and record.progress == 50
