"""End-to-end over a real SSH session: a private sshd on 127.0.0.1, `ssh -tt` in tmux.

The remote program runs as on a shared host: a pseudo-terminal from sshd, TERM from the
command line, no COLORTERM (ssh does not forward it), the test's own store and HOME.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from installed import Installed
from ssh_harness import Sshd, SshTerminal, wait_gone

from store import Store, add_weeks, week_of

pytestmark = [pytest.mark.ssh, pytest.mark.e2e]
TERMS = ["xterm-256color", "xterm"]
SGR = re.compile(r"\x1b\[([0-9;:]*)m")


@pytest.fixture(scope="module")
def sshd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sshd]:
    with Sshd(tmp_path_factory.mktemp("sshd")) as server:
        yield server


def remote_env(store: Store, term: str) -> dict[str, str]:
    """What the remote `okr` gets: the terminal type, a UTF-8 locale, the test's store and
    its isolated home (conftest points HOME/XDG into tmp dirs)."""
    env = {"TERM": term, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "OKR_STORE": str(store.path)}
    for name in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        env[name] = os.environ[name]
    return env


def over_ssh(sshd: Sshd, installed: Installed, args: list[str], store: Store, term: str,
             directory: Path) -> SshTerminal:
    """``ssh -tt … okr ARGS`` in a tmux terminal of type ``term``, 100×30, no COLORTERM.
    The remote shell runs the okr installed from the wheel, by its absolute path."""
    return SshTerminal(sshd, [str(installed.okr), *args], env=remote_env(store, term), term=term,
                       directory=directory)


def shows(pattern: str) -> Callable[[str], bool]:
    return lambda screen: re.search(pattern, screen) is not None


def kr_line(screen: str, kr: str) -> str:
    """The heading line of one key result on the meeting screen."""
    return next((line for line in screen.splitlines() if f" {kr} " in line), "")


def row_of(screen: str, text: str) -> int:
    return next(i for i, line in enumerate(screen.splitlines()) if text in line)


def meeting_store(store_dir: Path) -> tuple[Store, str]:
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


def answer_first_key_result(session: SshTerminal) -> None:
    """O1.1: progress +10% (40 → 50), confidence 3, a blocker and who could help, confirm;
    wait until the screen says it is given and saved."""
    term = session.term
    term.wait_for("Objective 1 of 2")
    term.wait_for("Signup flow done")
    term.send("Right")
    term.wait_for(shows(r"now \S+ 50%"))
    term.send("3")
    term.wait_for("confidence 3/10")
    term.send("b")
    term.wait_for("Who could help?")
    term.type("vendor contract")
    first_field = row_of(term.wait_for("vendor contract"), "vendor contract")
    term.send("Tab")
    # Focus moves after the Tab is handled; text typed before that lands in the first
    # field. Textual keeps the (hidden) terminal cursor on the focused input: wait for it.
    term.wait_for(lambda _: term.cursor()[1] > first_field)
    term.type("Legal")
    term.wait_for("Legal")
    term.send("Enter")
    term.wait_for(lambda s: "Who could help?" not in s and "vendor contract" in s)
    term.send("Enter")
    term.wait_for(lambda s: "given" in kr_line(s, "O1.1") and "not given" not in kr_line(s, "O1.1")
                  and "✓ saved" in s and "saving" not in s)


def colour_codes(styled_screen: str) -> set[str]:
    """The SGR parameter lists that set a colour (foreground or background)."""
    codes = set()
    for params in SGR.findall(styled_screen):
        parts = re.split(r"[;:]", params)
        for i, part in enumerate(parts):
            if part in ("38", "48") and i + 1 < len(parts):
                codes.add(f"{part};{parts[i + 1]}")  # 38;5 = 256 colours, 38;2 = RGB
            elif part.isdigit() and (30 <= int(part) <= 37 or 40 <= int(part) <= 47
                                     or 90 <= int(part) <= 107):
                codes.add("16")
    return codes


@pytest.mark.parametrize("term", TERMS)
def test_okr_commands_run_over_ssh(sshd: Sshd, installed: Installed, store_dir: Path, tmp_path: Path,
                                   term: str) -> None:
    store, week = meeting_store(store_dir)
    with store.write(store.cycle()) as tx:
        tx.check_in("O1.1", week, progress=30, confidence=3, blocker="legal review")
    with over_ssh(sshd, installed, ["--version"], store, term, tmp_path / "version") as session:
        assert session.wait_closed() == 0
        assert "okr, version" in session.term.screen(history=True)
    with over_ssh(sshd, installed, ["summary"], store, term, tmp_path / "summary") as session:
        assert session.wait_closed() == 0, session.term.screen(history=True)
        printed = session.term.screen(history=True)
    assert "NEEDS HELP (" in printed and "blocker: legal review" in printed
    assert "Ship onboarding 上线" in printed and "Cut costs" in printed


@pytest.mark.parametrize("term", TERMS)
def test_meeting_over_ssh_with_keystrokes(sshd: Sshd, installed: Installed, store_dir: Path, tmp_path: Path,
                                          term: str) -> None:
    store, week = meeting_store(store_dir)
    with over_ssh(sshd, installed, ["meeting", "--facilitator", "Ana"], store, term, tmp_path / "ssh") as session:
        session.term.wait_for("Objective 1 of 2")
        # Status reads without colour: a symbol and a word go with it.
        screen = session.term.wait_for("⚠ needs help")
        assert "risky but likely" in screen
        colours = colour_codes(session.term.screen(styles=True))
        assert colours, "the app sends colours over ssh"
        assert not {"38;2", "48;2"} & colours, "no RGB colour without COLORTERM"
        if term == "xterm":
            assert colours == {"16"}, f"16 colours only for TERM=xterm, got {colours}"

        answer_first_key_result(session)
        keys = session.term
        keys.send("Enter")  # O1.2 unchanged: one key
        keys.wait_for("Objective 2 of 2")
        keys.send("9", "Enter")  # O2.1: confidence 9 and confirm: the last one, so the summary
        keys.wait_for("NEEDS HELP")
        keys.send("q")  # finish: the summary is printed in the terminal
        assert session.wait_closed() == 0
        printed = keys.screen(history=True)
    needs_help = printed[printed.index("NEEDS HELP ("):printed.index("OBJECTIVES")]
    assert "O1.1  Signup flow done  (Ben)" in needs_help
    assert "blocker: vendor contract" in needs_help and "help from: Legal" in needs_help, needs_help

    data = store.load(store.cycle())
    answers = {kr.id: data.checkin(kr.id, week) for kr in data.key_results}
    assert all(answers.values()), answers
    assert (answers["O1.1"].progress, answers["O1.1"].confidence) == (50, 3)
    assert (answers["O1.1"].blocker, answers["O1.1"].help_from) == ("vendor contract", "Legal")
    assert (answers["O1.2"].value, answers["O1.2"].confidence) == (12, 6)
    assert answers["O2.1"].confidence == 9
    [meeting] = data.meetings
    assert meeting.week == week and meeting.finished


def test_dropped_connection_keeps_answers_and_the_meeting_resumes(
        sshd: Sshd, installed: Installed, store_dir: Path, tmp_path: Path) -> None:
    store, week = meeting_store(store_dir)
    with over_ssh(sshd, installed, ["meeting", "--facilitator", "Ana"], store, "xterm-256color", tmp_path / "dropped") as session:
        answer_first_key_result(session)
        remote = session.remote_pid()
        session.kill_client()
        assert session.wait_closed() != 0  # killed, not a clean exit
        assert wait_gone(remote, timeout=30), f"remote okr (pid {remote}) still runs after the hangup"

    data = store.load(store.cycle())
    answer = data.checkin("O1.1", week)
    assert answer is not None and (answer.progress, answer.confidence) == (50, 3)
    [meeting] = data.meetings
    assert not meeting.finished

    with over_ssh(sshd, installed, ["meeting", "--facilitator", "Ana"], store, "xterm-256color", tmp_path / "resumed") as session:
        session.term.wait_for("Resume the meeting?")
        session.term.send("r")
        screen = session.term.wait_for(lambda s: "Objective 1 of 2" in s and "Resume the meeting?" not in s
                                       and re.search(r"now \S+ 50%", s) is not None)  # rows rebuilt
        assert "not given" not in kr_line(screen, "O1.1")
        assert re.search(r"now \S+ 50%", screen) and "confidence 3/10" in screen
        session.term.send("C-q")
        assert session.wait_closed() == 0
    assert [m.id for m in store.load(store.cycle()).meetings] == [meeting.id]
