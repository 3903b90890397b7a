"""SIGTERM and SIGHUP during a meeting: answers saved, terminal restored, the meeting resumable.

The app runs for real in tmux behind a shell, so after it exits the test can see the
shell's output on the normal screen and ask tmux whether the alternate screen or mouse
reporting were left on.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sys
import time
from pathlib import Path

import pytest
from tmux_harness import Tmux

from store import Store, week_of
from tui.meeting.app import MeetingApp
from tui.meeting.views import Change

OKR = Path(sys.executable).parent / "okr"


def _store(store_dir: Path) -> tuple[Store, str]:
    store = Store.init(store_dir)
    with store.write(store.cycle()) as tx:
        obj = tx.add_objective(title="Keep every answer", owner="Ana")
        tx.add_key_result(obj.id, title="First key result")
        tx.add_key_result(obj.id, title="Second key result")
        other = tx.add_objective(title="Second objective", owner="Ben")
        tx.add_key_result(other.id, title="Third key result")
    return store, week_of(dt.date.today())


def _child_pid(term: Tmux) -> int:
    """The okr process: the only child of the pane's shell."""
    shell = int(term._tmux("display-message", "-p", "-t", "main", "#{pane_pid}").strip())
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        children = Path(f"/proc/{shell}/task/{shell}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.05)
    raise AssertionError("okr did not start")


def _flags(term: Tmux) -> dict[str, str]:
    names = ["alternate_on", "mouse_any_flag", "mouse_all_flag", "mouse_button_flag", "mouse_sgr_flag",
             "mouse_standard_flag", "cursor_flag"]
    out = term._tmux("display-message", "-p", "-t", "main", " ".join(f"#{{{n}}}" for n in names))
    return dict(zip(names, out.split()))


def _gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z":
                return True
        except FileNotFoundError:
            return True
        time.sleep(0.05)
    return False


def _answer_first_key_result(term: Tmux) -> None:
    """Progress +20%, confidence 3: shown on screen, not waited on to be saved."""
    term.wait_for("First key result")
    term.send("Right", "Right", "3")
    term.wait_for("3/10 hard")


@pytest.mark.e2e
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_signal_saves_restores_the_terminal_and_the_meeting_resumes(store_dir: Path, signum: int) -> None:
    store, week = _store(store_dir)
    meeting = f"{OKR} meeting --store {store.path} --facilitator Ana"
    with Tmux(["sh", "-c", f"echo BEFORE-MEETING; {meeting}; echo EXIT=$?; exec sleep 600"]) as term:
        _answer_first_key_result(term)
        os.kill(_child_pid(term), signum)
        screen = term.wait_for("EXIT=")
        assert f"EXIT={128 + signum}" in screen and "BEFORE-MEETING" in screen  # the shell's screen is back
        assert "First key result" not in screen
        flags = _flags(term)
        assert flags["alternate_on"] == "0" and flags["cursor_flag"] == "1", flags
        assert all(v == "0" for k, v in flags.items() if k.startswith("mouse")), flags

    data = store.load(store.cycle())
    answer = data.checkin("O1.1", week)
    assert answer is not None and (answer.progress, answer.confidence) == (20, 3)
    [stopped] = data.meetings
    assert not stopped.finished

    with Tmux(["sh", "-c", f"{meeting}; echo EXIT=$?; exec sleep 600"]) as term:
        term.wait_for("Resume the meeting?")
        term.send("r")
        term.wait_for(lambda s: "Resume the meeting?" not in s and "3/10 hard" in s)
        term.send("C-q")
        term.wait_for("EXIT=0")
    assert [m.id for m in store.load(store.cycle()).meetings] == [stopped.id]


@pytest.mark.e2e
def test_terminal_gone_the_process_ends_and_keeps_the_answers(store_dir: Path) -> None:
    """The terminal itself goes (tmux killed: the pty hangs up, as when SSH drops)."""
    store, week = _store(store_dir)
    term = Tmux(["sh", "-c", f"{OKR} meeting --store {store.path} --facilitator Ana"]).start()
    try:
        _answer_first_key_result(term)
        pid = _child_pid(term)
    finally:
        term.close()
    assert _gone(pid, timeout=60), f"okr (pid {pid}) still runs after its terminal went"
    data = store.load(store.cycle())
    answer = data.checkin("O1.1", week)
    assert answer is not None and (answer.progress, answer.confidence) == (20, 3)
    [stopped] = data.meetings
    assert not stopped.finished


async def test_signal_handler_flushes_queued_answers_and_exits_with_128_plus_signal(store_dir: Path) -> None:
    """The app's half of it, headless: a queued answer is written before the exit."""
    store, week = _store(store_dir)
    app = MeetingApp(store, store.cycle(), week)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.save(Change(("kr", "O1.2"), {"progress": 70, "confidence": 9}))
        app.exit_on_signal(signal.SIGTERM)
        app.exit_on_signal(signal.SIGTERM)  # a second one changes nothing
        await pilot.pause()
        await app.workers.wait_for_complete()
    assert app.return_code == 128 + signal.SIGTERM and app.return_value is None
    answer = store.load(store.cycle()).checkin("O1.2", week)
    assert answer is not None and (answer.progress, answer.confidence) == (70, 9)
