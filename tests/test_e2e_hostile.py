"""End-to-end: a store full of terminal escapes and markup, `okr meeting` in a real terminal.

The pane title must not change (OSC 2), no clipboard buffer may appear (OSC 52), the
screen must not be cleared (CSI 2J, also as the C1 byte 0x9b), and the text is shown
literally. As a control, the same escapes printed raw by the shell afterwards do change
the title and set a buffer: the checks can see an escape that gets through.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from installed import Installed
from tmux_harness import Tmux

from store import Store, week_of

pytestmark = pytest.mark.e2e
CLICK = "[$accent @click=app.quit]x[/]"


def _hostile_store(store_dir: Path) -> Store:
    store = Store.init(store_dir)
    week = week_of(dt.date.today())
    with store.write(store.cycle()) as tx:
        tx.add_objective(title="\x1b]2;PWNED\x07Title \x1b[2J\x9b2J \x1b]52;c;aGVsbG8=\x07 [bold]bold?",
                         owner="\x1b[31mred", team=CLICK)
        tx.add_key_result("O1", title=f"{CLICK} 中文 🙂 a\u200bb\u202eZ", owner="[/foo]")
        tx.check_in("O1.1", week, progress=30, confidence=3, blocker="\x1b]2;PWNED\x07blocked [red]x[/]",
                    help_from="\x1b]52;c;aGVsbG8=\x07Legal")
    return store


def _title(term: Tmux) -> str:
    return term._tmux("display-message", "-p", "-t", "main", "#{pane_title}").strip()


def _buffers(term: Tmux) -> str:
    return term._tmux("list-buffers")


def test_hostile_titles_in_a_real_terminal(installed: Installed, store_dir: Path) -> None:
    store = _hostile_store(store_dir)
    command = (f"echo BEFORE-MARKER; read go; {installed.okr} meeting --store {store.path} --facilitator Ana; echo EXIT=$?; "
               "read go; printf '\\033]2;CONTROL\\007\\033]52;c;aGVsbG8=\\007'; echo CONTROL-DONE; exec sleep 600")
    with Tmux(["sh", "-c", command], height=50, cwd=store_dir.parent) as term:
        term.wait_for("BEFORE-MARKER")
        term._tmux("set-option", "-g", "set-clipboard", "on")  # OSC 52 would create a tmux buffer
        term._tmux("select-pane", "-t", "main", "-T", "SAFE-TITLE")
        assert _title(term) == "SAFE-TITLE"
        term.send("Enter")
        term.wait_for("Objective 1 of 1")
        term.wait_for("blocked [red]x[/]")
        screen = term.screen()
        assert "]2;PWNEDTitle [2J2J ]52;c;aGVsbG8= [bold]bold?" in screen
        assert f"team {CLICK}" in screen and "owner [31mred" in screen
        assert f"{CLICK} 中文 🙂" in screen and "[/foo]" in screen and "]52;c;aGVsbG8=Legal" in screen
        term.send("s")
        term.wait_for("NEEDS HELP")
        assert _title(term) == "SAFE-TITLE" and not _buffers(term).strip()
        term.send("q")  # finish: the summary is printed on the normal screen
        term.wait_for("EXIT=0")
        printed = term.screen()
        assert "BEFORE-MARKER" in printed  # not cleared
        assert "]2;PWNEDTitle [2J2J ]52;c;aGVsbG8= [bold]bold?" in printed
        assert _title(term) == "SAFE-TITLE" and not _buffers(term).strip()

        term.send("Enter")  # the control: the shell prints the same escapes raw
        term.wait_for("CONTROL-DONE")
        assert _title(term) == "CONTROL" and _buffers(term).strip()
