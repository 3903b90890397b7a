"""The arrows of the layout, checked in a fresh interpreter: store/ loads no textual and
no click; tui/report loads no textual; the meeting starts without the screens it shows later."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import store
import tui.report


def loaded_by(modules: list[str]) -> set[str]:
    probe = ("import importlib, sys\nfor m in sys.argv[1:]:\n    importlib.import_module(m)\n"
             "print(' '.join(sorted({n.split('.')[0] for n in sys.modules})))")
    r = subprocess.run([sys.executable, "-c", probe, *modules], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return set(r.stdout.split())


def submodules(package: object) -> list[str]:
    return [m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]  # type: ignore[attr-defined]


@pytest.mark.parametrize("forbidden", ["textual", "click", "tui", "themes"])
def test_store_imports_no_terminal_code(forbidden: str) -> None:
    assert forbidden not in loaded_by(submodules(store))


def test_report_rendering_imports_no_textual() -> None:
    assert "textual" not in loaded_by(submodules(tui.report))


# Imported on first use, not by the meeting's start (issue 17): each was a few ms of it.
LAZY_IN_A_MEETING = ["tui.screens.help", "tui.screens.summary", "tui.screens.choice", "tui.widgets.present",
                     "tui.widgets.big_digits", "tui.report.markdown"]
MEETING_START = """
import asyncio, datetime as dt, sys
from pathlib import Path
from store import Store
from tui.meeting.app import MeetingApp

store = Store.init(Path(sys.argv[1]), today=dt.date(2026, 11, 25))
cycle = store.cycle("2026-Q4")
with store.write(cycle) as tx:
    kr = tx.add_key_result(tx.add_objective(title="Ship", owner="Ana").id, title="Half", owner="Ben")
    tx.check_in(kr.id, "2026-W47", progress=30, confidence=8, blocker="waiting")

async def main():
    app = MeetingApp(store, cycle, "2026-W48", ask_start=sys.argv[2] == "ask")
    async with app.run_test() as pilot:
        await pilot.pause()
        shown = type(app.screen).__name__
    print(shown, " ".join(sys.modules))

asyncio.run(main())
"""


@pytest.mark.parametrize("start", ["ask", "no-ask"])
def test_the_meeting_starts_without_the_screens_it_shows_later(start: str, tmp_path: Path) -> None:
    r = subprocess.run([sys.executable, "-c", MEETING_START, str(tmp_path / "store"), start],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    shown, *loaded = r.stdout.split()
    assert shown == ("FormModal" if start == "ask" else "HelpRequestsScreen")  # what the first frame shows
    assert sorted(set(LAZY_IN_A_MEETING) & set(loaded)) == []
