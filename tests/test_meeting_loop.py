"""The meeting's one-way loop: keys become typed requests, the app calls one session
intent, the intent returns only the fields it changed, the save merges them field by
field, and views come back down."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from textual.message import Message
from textual.widgets import Label

from store import Cycle, Store
from tui.meeting import messages as msg
from tui.meeting.app import MeetingApp
from tui.meeting.saver import AnswerSaved
from tui.meeting.session import MeetingSession
from tui.meeting.views import GIVEN, WITHDRAWN, Change
from tui.screens import MeetingScreen
from tui.widgets import RowsView
from tui.widgets.present import PresentView

WEEK = "2026-W48"
OKR = Path(sys.executable).parent / "okr"


@pytest.fixture
def cycle(store: Store) -> Cycle:
    cycle = store.cycle("2026-Q4")
    with store.write(cycle) as tx:
        o1 = tx.add_objective(title="Serve customers well", owner="Ana", team="Support")
        k1 = tx.add_key_result(o1.id, title="Dispatch twice a day", owner="Ben")
        k2 = tx.add_key_result(o1.id, title="Reply time", owner="Cy", start=24, target=2, unit="h")
        tx.check_in(k1.id, "2026-W47", progress=40, confidence=8)
        tx.check_in(k2.id, "2026-W47", value=13, confidence=6)
    return cycle


async def test_a_keypress_goes_up_as_a_request_and_comes_back_as_a_saved_answer(store: Store, cycle: Cycle) -> None:
    seen: list[Message] = []
    app = MeetingApp(store, cycle, WEEK, facilitator="Fay")
    async with app.run_test(size=(80, 24), message_hook=seen.append) as pilot:
        await pilot.pause()
        await app.flush()
        seen.clear()
        await pilot.press("right")
        await pilot.pause()
        assert await app.flush()
        await pilot.pause()
    requests = list(dict.fromkeys(m for m in seen if isinstance(m, msg.MeetingRequest)))  # seen on the way up
    assert [(type(m), m.steps) for m in requests] == [(msg.StepProgress, 1)]  # type: ignore[attr-defined]
    assert any(isinstance(m, AnswerSaved) and m.key == ("kr", "O1.1") for m in seen)
    saved = store.load(cycle).checkin("O1.1", WEEK)
    assert saved is not None and saved.progress == 50


def test_each_intent_returns_only_what_it_changed(store: Store, cycle: Cycle) -> None:
    session = MeetingSession(store, cycle, WEEK)
    kr, metric = session.key_results()
    assert session.step_progress(kr, 1) == Change(("kr", "O1.1"), {"progress": 50}, kr="O1.1")
    assert session.set_confidence(kr, 3).fields == {"confidence": 3}
    assert session.set_blocker(kr, "No budget", "Finance").fields == {"blocker": "No budget", "help_from": "Finance"}
    assert session.confirm(kr).fields == {GIVEN: True}  # no field changed
    assert session.step_progress(metric, -1).fields == {"value": pytest.approx(15.2)}
    assert session.set_wins("O1", "Shipped").fields == {"wins": "Shipped"}
    assert session.move_to(1).key == ("meeting",)


def test_views_change_nothing(store: Store, cycle: Cycle) -> None:
    """No getter has a side effect: looking twice gives the same and books no time."""
    session = MeetingSession(store, cycle, WEEK)
    first = session.kr_views()
    assert session.kr_views() == first and all(a is b for a, b in zip(session.kr_views(), first))
    assert not any(v.answer.confirmed for v in first)
    session.objective_view()
    assert session.record.seconds == {}
    changed = session.set_confidence(first[0].kr, 5)
    again = session.kr_views()
    assert again[0] is not first[0] and again[1] is first[1]  # only the changed key result's view is new
    assert changed.kr == "O1.1"


def test_both_layouts_offer_the_same_interface() -> None:
    for layout in (RowsView, PresentView):
        assert callable(layout.show) and callable(layout.show_head)


async def test_another_writers_blocker_survives_a_keypress_a_moment_later(store: Store, cycle: Cycle) -> None:
    """The meeting is open; from another process `okr checkin --blocker B --note N`; then,
    within the second before the meeting notices, `3`. The save merges field by field:
    the blocker and the note stay, the confidence is the meeting's."""
    app = MeetingApp(store, cycle, WEEK, facilitator="Fay")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert await app.flush()
        other = subprocess.run([str(OKR), "checkin", "O1.1", "--week", WEEK, "--blocker", "Vendor late",
                                "--help-from", "Legal", "--note", "call Tue", "--store", str(store.path)],
                               capture_output=True, text=True, timeout=60)
        assert other.returncode == 0, other.stderr
        await pilot.press("3")
        await pilot.pause()
        assert await app.flush()
    saved = store.load(cycle).checkin("O1.1", WEEK)
    assert saved is not None
    assert (saved.confidence, saved.blocker, saved.help_from, saved.note) == (3, "Vendor late", "Legal", "call Tue")
    assert saved.progress == 40  # last week's, as shown


async def test_the_screen_holds_no_meeting_state(store: Store, cycle: Cycle) -> None:
    """What the screen knows comes down from the app: after a move the screen shows the
    session's objective and selection."""
    app = MeetingApp(store, cycle, WEEK)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        assert app.session.selected == screen.selected_index == 1
        assert screen.selected is not None and screen.selected.kr.id == app.session.selected_kr.id  # type: ignore[union-attr]


async def test_undo_takes_back_changes_step_by_step_and_saves(store: Store, cycle: Cycle) -> None:
    app = MeetingApp(store, cycle, WEEK, facilitator="Fay")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("0", "left")  # a stray 10/10, then 30%
        await pilot.pause()
        assert await app.flush()
        saved = store.load(cycle).checkin("O1.1", WEEK)
        assert saved is not None and (saved.progress, saved.confidence) == (30, 10)
        await pilot.press("u")
        await pilot.pause()
        assert await app.flush()
        saved = store.load(cycle).checkin("O1.1", WEEK)
        assert saved is not None and (saved.progress, saved.confidence) == (40, 10)
        await pilot.press("u")
        await pilot.pause()
        assert await app.flush()
        data = store.load(cycle)
        assert data.checkin("O1.1", WEEK) is None  # as it came in: un-given, this week's check-in withdrawn
        latest = data.previous("O1.1", WEEK)
        assert latest is not None and (latest.progress, latest.confidence) == (40, 8)
        assert "O1.1" in [kr.id for _, kr in app.session.unanswered()]
        assert app.session.undo(app.session.key_results()[0]) is None  # nothing left


async def test_undo_to_un_given_then_a_new_answer_saves_only_the_new_answer(store: Store, cycle: Cycle) -> None:
    """The withdrawal replaces what was still queued; an answer after it is given anew."""
    app = MeetingApp(store, cycle, WEEK, facilitator="Fay")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("0", "u", "right")  # no pause: 10/10, taken back, then +10% queued behind it
        await pilot.pause()
        assert await app.flush()
        saved = store.load(cycle).checkin("O1.1", WEEK)
        assert saved is not None and (saved.progress, saved.confidence) == (50, 8)
        await pilot.press("u")
        await pilot.pause()
        assert await app.flush()
        assert store.load(cycle).checkin("O1.1", WEEK) is None
        await pilot.press("0", "u", "enter")  # taken back, then given as shown, with no pause
        await pilot.pause()
        assert await app.flush()
        saved = store.load(cycle).checkin("O1.1", WEEK)
        assert saved is not None and (saved.progress, saved.confidence) == (40, 8)


async def test_enter_keeps_last_weeks_blocker_and_the_card_says_how_old(store: Store, cycle: Cycle) -> None:
    with store.write(cycle) as tx:
        tx.check_in("O1.1", "2026-W46", progress=30, confidence=8, blocker="No inbox tool", help_from="IT (Sara)")
        tx.check_in("O1.1", "2026-W47", progress=40, confidence=8, blocker="No inbox tool", help_from="IT (Sara)")
    app = MeetingApp(store, cycle, WEEK, facilitator="Fay")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # past the open help requests, to objective 1
        await pilot.pause()
        row = app.screen.query(RowsView).first().rows[0]
        assert "No inbox tool" in row.content.plain and "3rd week, since 2026-W46" in row.content.plain
        assert "IT (Sara) could help" in row.content.plain
        await pilot.press("enter")
        await pilot.pause()
        assert await app.flush()
    saved = store.load(cycle).checkin("O1.1", WEEK)
    assert saved is not None and (saved.blocker, saved.help_from) == ("No inbox tool", "IT (Sara)")


async def test_finishing_with_gaps_asks_and_goes_to_the_first_unanswered(store: Store, cycle: Cycle) -> None:
    from tui.screens import SummaryScreen
    from tui.screens.choice import ChoiceModal

    app = MeetingApp(store, cycle, WEEK, facilitator="Fay")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")  # O1.2 given, O1.1 not: Enter on the last goes back to O1.1
        await pilot.pause()
        assert app.session.selected == 0 and app.session.objective is not None
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceModal) and app.is_running
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen) and app.session.selected_kr.id == "O1.1"  # type: ignore[union-attr]
        await pilot.press("s", "q")
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
    assert app.return_value is not None  # finished anyway, with its summary
    meeting = store.load(cycle).meetings[-1]
    assert meeting.ended is not None


async def test_typing_into_a_prefilled_dialog_replaces_it_and_enter_saves_from_any_field(store: Store,
                                                                                       cycle: Cycle) -> None:
    from tui.screens import FormModal

    app = MeetingApp(store, cycle, WEEK, facilitator="Fay")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("down", "v")  # O1.2, a metric at 13 h
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        await pilot.press("1", "0", "enter")
        await pilot.pause()
        assert await app.flush()
        saved = store.load(cycle).checkin("O1.2", WEEK)
        assert saved is not None and saved.value == 10  # not 1310
        await pilot.press("b")
        await pilot.pause()
        await pilot.press(*"Vendor late", "enter")  # Enter in the first field saves the dialog
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert await app.flush()
    saved = store.load(cycle).checkin("O1.2", WEEK)
    assert saved is not None and saved.blocker == "Vendor late"


async def test_keys_typed_with_no_pause_after_tab_and_enter_land_where_they_are_meant(store: Store,
                                                                                    cycle: Cycle) -> None:
    """A whole dialog typed in one go (as a fast typist or tmux send-keys does)."""
    app = MeetingApp(store, cycle, WEEK, facilitator="Fay")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("b", *"No inbox tool", "tab", *"IT (Sara)", "enter", "down", "3")
        await pilot.pause()
        assert await app.flush()
    data = store.load(cycle)
    saved = data.checkin("O1.1", WEEK)
    assert saved is not None and (saved.blocker, saved.help_from) == ("No inbox tool", "IT (Sara)")
    after = data.checkin("O1.2", WEEK)
    assert after is not None and after.confidence == 3  # the keys after Enter reached the meeting


def test_a_withdrawal_not_yet_written_outlasts_a_reread_that_still_holds_the_check_in(store: Store,
                                                                                     cycle: Cycle) -> None:
    session = MeetingSession(store, cycle, WEEK)
    kr = session.key_results()[0]
    change = session.set_confidence(kr, 3)
    session.write(change.key, change.fields)
    withdrawal = session.undo(kr)
    assert withdrawal is not None and withdrawal.fields == {WITHDRAWN: True}
    session.refresh(store.load(cycle), keep_krs={kr.id: {WITHDRAWN}})  # read before the withdrawal landed
    assert not session.answer(kr.id).confirmed and session.answer(kr.id).confidence == 8
    session.write(withdrawal.key, withdrawal.fields)
    session.refresh(store.load(cycle))
    assert not session.answer(kr.id).confirmed and store.load(cycle).checkin(kr.id, WEEK) is None


def test_clearing_a_blocker_clears_who_could_help(store: Store, cycle: Cycle) -> None:
    session = MeetingSession(store, cycle, WEEK)
    kr = session.key_results()[0]
    session.set_blocker(kr, "No budget", "Finance")
    change = session.set_blocker(kr, "  ", "Finance")  # the dialog keeps the helper pre-filled
    assert change.fields == {"blocker": "", "help_from": ""}
    assert (session.answer(kr.id).blocker, session.answer(kr.id).help_from) == ("", "")


async def test_keys_typed_before_enter_are_in_what_the_dialog_saves(store: Store, cycle: Cycle) -> None:
    """b, Backspace, Enter at once: the pre-filled blocker is cleared, not saved as it was
    (a priority Enter ran before the Backspace waiting in the input)."""
    with store.write(cycle) as tx:
        tx.check_in("O1.1", WEEK, progress=40, confidence=8, blocker="No inbox tool", help_from="IT")
    app = MeetingApp(store, cycle, WEEK, facilitator="Fay")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("backspace", "enter")
        await pilot.pause()
        assert await app.flush()
    saved = store.load(cycle).checkin("O1.1", WEEK)
    assert saved is not None and (saved.blocker, saved.help_from) == ("", "")


@pytest.mark.parametrize("present", [False, True])
async def test_a_view_sent_down_after_exit_began_is_dropped_not_a_crash(store: Store, cycle: Cycle,
                                                                      present: bool) -> None:
    """A reload read on its thread can land in the app's queue just before quitting's ExitApp:
    once exit() has been called no widget is attached (Textual's ``is_attached``), so a
    remount of the rows would raise MountError and turn a finished meeting into a crash
    (seen in CI: `q` on the summary, exit 70)."""
    app = MeetingApp(store, cycle, WEEK, facilitator="Fay", present=present)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.session.move_to(len(app.session.objectives))  # the summary's position: other rows than shown
        app.exit()
        await app.show_meeting()  # what the queued reload does
    assert app.return_code == 0


async def test_keys_right_after_down_act_on_the_newly_selected_key_result(store: Store, cycle: Cycle) -> None:
    """Down then → (or b) within one frame: the key is meant for the key result Down selected,
    though the screen has not been sent the new selection yet. The app resolves "the selected
    key result" when it handles the request, in the order the keys came."""
    app = MeetingApp(store, cycle, WEEK, facilitator="Fay")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        screen.action_cursor(1)
        screen.action_progress(1)  # before the app has handled the move
        screen.action_cursor(-1)
        screen.action_blocker()
        await pilot.pause()
        assert await app.flush()
        assert app.session.answer("O1.1").progress == 40  # last week's: → went to O1.2
        title = app.screen.query_one(".dialog-title", Label).content
        assert "O1.1" in str(title)
    data = store.load(cycle)
    assert data.checkin("O1.1", WEEK) is None
    assert data.checkin("O1.2", WEEK) is not None


async def test_a_reload_read_before_a_save_lands_does_not_take_the_answer_back(store: Store, cycle: Cycle) -> None:
    """The poll comes after `3`, the reread starts while its save is still being written, and
    the save lands before the reread is applied: the data read has no `3`, nothing is pending
    any more, and the edit is older than the poll. It must still win (CI, over SSH: O2.1's
    confirm was taken back and finishing asked for an answer already given)."""
    import threading
    import time

    app = MeetingApp(store, cycle, WEEK, facilitator="Fay")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert await app.flush()
        release, writing = threading.Event(), threading.Event()
        write = app.saver._write

        def held(key, fields):  # type: ignore[no-untyped-def]
            writing.set()
            release.wait(10)
            write(key, fields)

        app.saver._write = held
        await pilot.press("3")
        await pilot.pause()
        assert writing.wait(10)  # the save is being written
        app._reload(app._edits)  # the poll after the edit; the read misses the save; its apply is queued
        release.set()
        deadline = time.monotonic() + 10
        while app.saver.pending and time.monotonic() < deadline:  # the save lands before the apply runs
            time.sleep(0.01)
        await pilot.pause()
        answer = app.session.answer("O1.1")
        assert (answer.confidence, answer.confirmed) == (3, True)
