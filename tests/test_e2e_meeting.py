"""End-to-end: the installed `okr` in a real terminal (tmux), driven with real keystrokes."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from installed import Installed
from rich.cells import cell_len
from tmux_harness import Tmux

from store import Meeting, Store, add_weeks, week_of

pytestmark = pytest.mark.e2e
UTC = dt.UTC


def test_summary_in_a_terminal_is_coloured_and_aligned(installed: Installed, store: Store, tmp_path: Path) -> None:
    cycle = store.cycle("2026-Q4")
    with store.write(cycle) as tx:
        obj = tx.add_objective(title="[bold]Launch 上线新版本", owner="Ana")
        wide = tx.add_key_result(obj.id, title="用户满意度调查", owner="李雷")
        narrow = tx.add_key_result(obj.id, title="Signed vendor", owner="Ben")
        tx.check_in(wide.id, "2026-W48", progress=20, confidence=3, blocker="预算 [red]x[/red]")
        tx.check_in(narrow.id, "2026-W48", progress=90, confidence=9)
        tx.save_meeting(Meeting(id=tx.new_meeting_id(), cycle=cycle.name, week="2026-W48",
                                started=dt.datetime(2026, 11, 25, 10, tzinfo=UTC)))
    command = f"{installed.okr} summary --store {store.path} --latest; echo EXIT=$?"
    with Tmux(["sh", "-c", command], term="xterm-256color", cwd=tmp_path) as term:
        term.wait_for("EXIT=", history=True)
        screen = term.screen(history=True)
        assert "EXIT=0" in screen
        assert "NEEDS HELP (1)" in screen and "[bold]Launch 上线新版本" in screen
        assert "blocker: 预算 [red]x[/red]" in screen
        objectives = screen[screen.index("OBJECTIVES"):]
        bars = [line for line in objectives.splitlines() if re.match(r"\s+\[[#-]+\] ", line)]
        assert len(bars) == 2 and len({cell_len(b[:b.index("%")]) for b in bars}) == 1
        assert "\x1b[" in term.screen(history=True, styles=True)  # a terminal gets styles


def _input_borders(styled_screen: str) -> list[str]:
    """The top borders of a form's inputs, with their colours: they show which has focus."""
    return [line for line in styled_screen.splitlines() if "▔▔▔" in line]


def _store_for_a_meeting(store_dir: Path) -> tuple[Store, str]:
    """A store whose current cycle has last week's answers; this week is the meeting's."""
    store = Store.init(store_dir)
    cycle = store.cycle()
    week = week_of(dt.date.today())
    last = add_weeks(week, -1)
    with store.write(cycle) as tx:
        obj = tx.add_objective(title="Ship onboarding 上线", owner="Ana")
        signup = tx.add_key_result(obj.id, title="Signup flow done", owner="Ben")
        reply = tx.add_key_result(obj.id, title="Reply time", start=24, target=2, unit="h")
        costs = tx.add_objective(title="Cut costs", owner="Wu", kind="aspirational")
        bill = tx.add_key_result(costs.id, title="Cloud bill -20%")
        tx.check_in(signup.id, last, progress=40, confidence=8)
        tx.check_in(reply.id, last, value=12, confidence=6)
        tx.check_in(bill.id, last, progress=50, confidence=7)
    return store, week


def test_meeting_with_keystrokes_prints_the_summary_and_saves(installed: Installed, store_dir: Path) -> None:
    store, week = _store_for_a_meeting(store_dir)
    command = f"{installed.okr} meeting --store {store.path} --facilitator Ana; echo EXIT=$?"
    with Tmux(["sh", "-c", command], term="xterm-256color", cwd=store_dir.parent) as term:
        term.wait_for("Objective 1 of 2")
        term.wait_for("Signup flow done")
        # O1.1: progress +10%, confidence 3, a blocker and who could help, then confirm.
        term.send("Right", "3", "b")
        term.wait_for("Who could help?")
        term.type("vendor contract")
        term.wait_for("vendor contract")
        borders = _input_borders(term.screen(styles=True))
        term.send("Tab")  # to the next field (Enter saves from any field), once the focus has moved
        term.wait_for(lambda screen: _input_borders(screen) != borders, styles=True)
        term.type("Legal")
        term.wait_for("Legal")
        term.send("Enter")  # save
        term.wait_for(lambda s: "Who could help?" not in s and "vendor contract" in s)
        term.send("Enter")  # confirm O1.1, select O1.2
        term.send("Enter")  # O1.2 unchanged: one key
        term.wait_for("Objective 2 of 2")
        term.send("9", "Enter")  # O2.1: confidence 9, confirm: the last one, so the summary
        term.wait_for("NEEDS HELP")
        term.send("q")  # finish: the summary is printed in the terminal
        term.wait_exit()
        printed = term.screen(history=True)
    assert "EXIT=0" in printed
    needs_help = " ".join(printed[printed.index("NEEDS HELP ("):printed.index("OBJECTIVES")].split())  # as one line
    assert "O1.1 Signup flow done (Ben)" in needs_help
    assert "confidence 3/10 (hard)" in needs_help
    assert f"confidence fell 8 -> 3 since {add_weeks(week, -1)}" in needs_help
    assert "blocker: vendor contract" in needs_help and "help from: Legal" in needs_help
    assert "Ship onboarding 上线" in printed and "Cut costs" in printed

    data = store.load(store.cycle())
    answers = {kr.id: data.checkin(kr.id, week) for kr in data.key_results}
    assert all(answers.values()), answers
    assert (answers["O1.1"].progress, answers["O1.1"].confidence) == (50, 3)
    assert (answers["O1.1"].blocker, answers["O1.1"].help_from) == ("vendor contract", "Legal")
    assert (answers["O1.2"].value, answers["O1.2"].confidence) == (12, 6)
    assert answers["O2.1"].confidence == 9
    [meeting] = data.meetings
    assert meeting.week == week and meeting.finished and meeting.facilitator == "Ana"


def test_a_dialog_typed_in_one_burst_keeps_every_key(installed: Installed, store_dir: Path) -> None:
    """b, the blocker, Tab, ctrl+u, who could help, Enter, read by the meeting at once: the
    dialog gets them all, in order, and none runs as the meeting's key (n: next objective,
    7: a confidence; tui/typeahead.py, tui/widgets/text_input.py)."""
    store, week = _store_for_a_meeting(store_dir)
    command = f"{installed.okr} meeting --store {store.path} --facilitator Ana; echo EXIT=$?"
    with Tmux(["sh", "-c", command], term="xterm-256color", cwd=store_dir.parent) as term:
        term.wait_for("Signup flow done")
        term.burst("b", "vendor n7 late", "Tab", "C-u", "Legal", "Enter")
        term.wait_for(lambda s: "Who could help?" not in s and "Legal could help" in s)
        assert "Objective 1 of 2" in term.screen()
        term.send("C-q")
        term.wait_exit()
    answer = store.load(store.cycle()).checkin("O1.1", week)
    assert answer is not None
    assert (answer.blocker, answer.help_from, answer.confidence) == ("vendor n7 late", "Legal", 8)
