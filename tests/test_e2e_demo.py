"""End-to-end: the installed `okr demo` in a real terminal (tmux), the whole meeting on
the demo store with real keystrokes, then the printed summary and the store."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from installed import Installed
from tmux_harness import Tmux, fill_blocker

from store import Store, week_of
from store.summary import build_summary

pytestmark = pytest.mark.e2e
KR_HEADER = re.compile(r"^\s+(?:\d+\. )?(O\d+\.\d+)  ", re.MULTILINE)  # needs-help lines are numbered


def needs_help_blocks(printed: str) -> dict[str, str]:
    """The printed NEEDS HELP section, cut into one block of lines per key result."""
    section = printed[printed.index("NEEDS HELP ("):printed.index("OBJECTIVES")]
    starts = [(m.group(1), m.start()) for m in KR_HEADER.finditer(section)]
    ends = [at for _, at in starts[1:]] + [len(section)]
    return {kid: section[at:end] for (kid, at), end in zip(starts, ends)}


def test_demo_meeting_by_keystrokes_prints_the_summary_and_saves(installed: Installed, tmp_path: Path) -> None:
    where = tmp_path / "demo"
    with Tmux(["sh", "-c", f"{installed.okr} demo --dir {where}; echo EXIT=$?"], width=100, height=30,
              cwd=tmp_path) as term:
        term.wait_for("Open help requests")  # last week's open blockers come first
        term.send("Enter")
        term.wait_for("Objective 1 of 4")
        store = Store.open(where)  # seeded before the meeting opened
        week = week_of(dt.date.today())
        before = store.load(store.cycle())
        objectives = before.active_objectives()
        for number, objective in enumerate(objectives, start=1):
            term.wait_for(f"Objective {number} of {len(objectives)}")
            for kr in before.krs_of(objective.id):
                term.wait_for(f"▶ {kr.id} ")
                if kr.id == "O1.1":  # progress 50% -> 70%
                    term.send("Right", "Right")
                    term.wait_for(lambda s: re.search(r"now \S+ 70%", s) is not None)
                elif kr.id == "O2.2":  # confidence 9 -> 3
                    term.send("3")
                    term.wait_for("confidence 3/10")
                elif kr.id == "O3.2":
                    fill_blocker(term, "DB failover untested", "Ops team")
                term.send("Enter")  # confirm; an unchanged key result costs just this key
        term.wait_for("NEEDS HELP")
        term.send("q")  # finish: the summary is printed in the terminal
        term.wait_exit()
        printed = term.screen(history=True)
    assert "EXIT=0" in printed

    data = store.load(store.cycle())
    last_week = {k.id: before.history(k.id)[-1] for k in before.key_results}
    answers = {k.id: data.checkin(k.id, week) for k in data.key_results}
    assert all(answers.values()), answers  # every key result answered this week
    for kid, now in answers.items():
        assert now is not None
        was = last_week[kid]
        changed = {"O1.1": (70, was.confidence), "O2.2": (was.progress, 3)}.get(kid, (was.progress, was.confidence))
        assert (now.progress, now.confidence, now.value) == (*changed, was.value), kid
    assert (answers["O3.2"].blocker, answers["O3.2"].help_from) == ("DB failover untested", "Ops team")
    meeting = max(data.meetings, key=lambda m: m.started)
    assert meeting.week == week and meeting.finished and len(data.meetings) == 2

    expected = build_summary(data, week, store.root.settings.thresholds).needs_help
    blocks = needs_help_blocks(printed)
    assert f"NEEDS HELP ({len(expected)})" in printed
    assert list(blocks) == [line.id for line in expected]
    assert {"O2.2", "O3.2"} <= set(blocks)  # what the meeting changed shows up
    for line in expected:
        block = blocks[line.id]
        assert f"{line.id}  {line.title}" in block
        for reason in line.reasons:
            if reason.startswith("blocked"):  # shown as the blocker and its helper
                assert line.blocker in block and f"help from: {line.help_from}" in block
            else:
                assert " ".join(reason.split()) in " ".join(block.split()), (line.id, reason, block)  # wrapped
