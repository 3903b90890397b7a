"""End-to-end: the installed `okr` in a real terminal (tmux), driven with real keystrokes."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len
from tmux_harness import Tmux

from store import Meeting, Store

pytestmark = pytest.mark.e2e
OKR = Path(sys.executable).parent / "okr"
UTC = dt.timezone.utc


def test_summary_in_a_terminal_is_coloured_and_aligned(store: Store) -> None:
    cycle = store.cycle("2026-Q4")
    with store.write(cycle) as tx:
        obj = tx.add_objective(title="[bold]Launch 上线新版本", owner="Ana")
        wide = tx.add_key_result(obj.id, title="用户满意度调查", owner="李雷")
        narrow = tx.add_key_result(obj.id, title="Signed vendor", owner="Ben")
        tx.check_in(wide.id, "2026-W48", progress=20, confidence=3, blocker="预算 [red]x[/red]")
        tx.check_in(narrow.id, "2026-W48", progress=90, confidence=9)
        tx.save_meeting(Meeting(id=tx.new_meeting_id(), cycle=cycle.name, week="2026-W48",
                                started=dt.datetime(2026, 11, 25, 10, tzinfo=UTC)))
    command = f"{OKR} summary --store {store.path} --latest; echo EXIT=$?"
    with Tmux(["sh", "-c", command], term="xterm-256color") as term:
        term.wait_for("EXIT=", history=True)
        screen = term.screen(history=True)
        assert "EXIT=0" in screen
        assert "NEEDS HELP (1)" in screen and "[bold]Launch 上线新版本" in screen
        assert "blocker: 预算 [red]x[/red]" in screen
        rows = [line for line in screen.splitlines() if re.match(r"\s+O1\.\d  \[", line)]
        starts = [cell_len(row[:row.index(title)]) for row, title in zip(rows, ["用户", "Signed"])]
        assert len(starts) == 2 and starts[0] == starts[1]
        assert "\x1b[" in term.screen(history=True, styles=True)  # a terminal gets styles
