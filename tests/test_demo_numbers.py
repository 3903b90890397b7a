"""The demo's numbers are the same wherever a person reads them on one day: `okr list`,
the meeting screen, the summary printed when the meeting ends, and `okr history`. One
rules engine serves them all (store/rules.py): the same expected pace, the same "since"
week, the same stalled streak, the same key results needing help. A change that makes two
of these views disagree fails here, and the numbers are pinned for a fixed day."""

from __future__ import annotations

import datetime as dt
import re
import types
from pathlib import Path

import pytest
from click.testing import CliRunner

import tui.cli.data
from store import Store, week_of
from store.demo_data import seed_demo
from tui.cli.data import list_
from tui.cli.history import history
from tui.meeting.app import MeetingApp
from tui.report.summary import render_text
from tui.screens import MeetingScreen
from tui.screens.help_requests import HelpRequestsScreen
from tui.widgets import KRRow

TODAY = dt.date(2026, 11, 25)  # 2026-W48: the demo's history runs to W47, this week is unanswered
WEEK = week_of(TODAY)
# What a person reads, per key result, on 2026-11-25: progress, the expected pace, and the
# stalled streak ("at 20% for 4 check-ins (since 2026-W44)") or the open blocker's age.
PINNED = {
    "O1.3": {"progress": "20%", "expected": "58", "stalled": ("20", "4", "2026-W44"), "blocked": None},
    "O1.4": {"progress": "50%", "expected": "58", "stalled": ("50", "3", "2026-W45"), "blocked": ("2nd", "2026-W47")},
    "O3.1": {"progress": "45%", "expected": "58", "stalled": None, "blocked": None},
    "O4.2": {"progress": "50%", "expected": None, "stalled": None, "blocked": ("2nd", "2026-W47")},
}
NEEDS_HELP = ["O1.1", "O1.3", "O1.4", "O2.1", "O3.1", "O3.3", "O4.2"]  # in objective order


class _Day(dt.date):
    @classmethod
    def today(cls) -> _Day:
        return cls(TODAY.year, TODAY.month, TODAY.day)


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    # `okr list` judges the cycle at today's week (tui/cli/data.py): the same fixed day.
    monkeypatch.setattr(tui.cli.data, "dt", types.SimpleNamespace(date=_Day))
    return seed_demo(tmp_path / "demo", today=TODAY)


def facts(text: str) -> dict[str, object]:
    """The numbers one view gives of one key result, from its text."""
    expected = re.search(r"(\d+)% expected by now", text)
    stalled = re.search(r"stalled: at (\d+)% for (\d+) check-ins \(since (\S+)\)", text)
    blocked = re.search(r"block(?:ed|er) \((\w+) week, since (\S+)\)", text)  # the summary says "blocker (…)"
    return {"expected": expected.group(1) if expected else None,
            "stalled": stalled.groups() if stalled else None, "blocked": blocked.groups() if blocked else None}


def blocks(text: str, start: str) -> dict[str, str]:
    """Each key result's lines in a printed text: from a line matching ``start`` (its id in
    group 1) to the next such line or a line less indented."""
    out: dict[str, str] = {}
    current = ""
    for line in text.splitlines():
        m = re.match(start, line)
        if m:
            current = m.group(1)
            out[current] = line
        elif current and line.startswith("      "):
            out[current] += "\n" + line
        else:
            current = ""
    return out


async def meeting_views(store: Store) -> tuple[dict[str, str], str]:
    """Every key result's card on the meeting screen (walking all objectives with n), and
    the summary printed when the meeting ends (ctrl+q)."""
    app = MeetingApp(store, store.cycle(today=TODAY), WEEK, facilitator="Fay")
    cards: dict[str, str] = {}
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HelpRequestsScreen)
        await pilot.press("enter")
        for objective in range(4):
            if objective:
                await pilot.press("n")
            await pilot.pause()
            assert isinstance(app.screen, MeetingScreen)
            cards.update({row.kid: row.content.plain for row in app.screen.query(KRRow)})
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_value is not None
    return cards, render_text(app.return_value)


async def test_list_meeting_summary_and_history_give_the_demos_numbers_alike(demo: Store) -> None:
    runner = CliRunner()
    listed = runner.invoke(list_, ["--store", str(demo.path)])
    assert listed.exit_code == 0, listed.output
    in_list = blocks(listed.output, r"  (O\d\.\d)  ")
    cards, printed = await meeting_views(demo)
    summary_help = blocks(printed.split("\n\nOBJECTIVES")[0], r"  \d+\. (O\d\.\d)  ")

    assert sorted(k for k, text in in_list.items() if "needs help" in text) == NEEDS_HELP
    assert sorted(k for k, text in cards.items() if "needs help" in text) == NEEDS_HELP
    assert sorted(summary_help) == NEEDS_HELP and f"NEEDS HELP ({len(NEEDS_HELP)})" in printed

    for kid, pinned in PINNED.items():
        want = {k: v for k, v in pinned.items() if k != "progress"}
        for view, text in (("okr list", in_list[kid]), ("meeting", cards[kid]), ("summary", summary_help[kid])):
            assert facts(text) == want, (kid, view, text)
            assert re.search(rf"(?<!\d){pinned['progress']}", text), (kid, view, text)  # "50%", "3 days (50%)"
        # `okr history`: the weeks themselves. The stalled streak is the run of weeks at the
        # latest progress, starting in the "since" week; an open blocker was raised in its week.
        shown = runner.invoke(history, [kid, "--store", str(demo.path)])
        assert shown.exit_code == 0, shown.output
        weeks = re.findall(r"^(\d{4}-W\d\d)  progress +(\d+%)", shown.output, re.M)
        assert weeks[-1] == ("2026-W47", pinned["progress"])
        if pinned["stalled"]:
            at, count, since = pinned["stalled"]  # type: ignore[misc]
            run = [w for w, p in weeks[-int(count):] if p == f"{at}%"]
            assert (len(run), run[0]) == (int(count), since) and weeks[-int(count) - 1][1] != f"{at}%"
        if pinned["blocked"]:
            raised = re.search(r"^(\d{4}-W\d\d)(?:(?!^\d{4}-W).)*?\(raised this week\)", shown.output, re.M | re.S)
            assert raised is not None and raised.group(1) == pinned["blocked"][1]  # type: ignore[index]
