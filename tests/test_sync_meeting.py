"""A meeting open on host A while host B answers from the command line and both sync: the
meeting shows B's answers through its live refresh, and nothing A gave is lost."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from sync_harness import CYCLE, cycle_data, hosts, isolate_git, okr

from store import Store
from tui.meeting.app import MeetingApp
from tui.widgets import KRRow

WEEK = "2026-W48"
PATIENCE = 15.0


def row_text(app: MeetingApp, kid: str) -> str:
    row = next(r for r in app.screen_stack[1].query(KRRow) if r.kid == kid)
    return str(row.content)


async def wait_until(pilot, condition) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        if condition():
            return True
        await pilot.pause(0.1)
    return condition()


def answers(path: Path) -> dict[str, tuple[int, str]]:
    return {c["kr"]: (c["progress"], c["blocker"]) for c in cycle_data(path)["checkins"].values()
            if c["week"] == WEEK}


async def run(*args: str) -> str:
    done = await asyncio.to_thread(okr, *args)  # the app's loop keeps running meanwhile
    assert done.returncode == 0, done.stderr
    return done.stdout


async def test_a_meeting_shows_the_other_hosts_answers_after_a_sync(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch, tmp_path)
    a, b = hosts(tmp_path, 2)
    store = Store.open(a)
    app = MeetingApp(store, store.cycle(CYCLE), WEEK, facilitator="Fay")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("right", "right")  # A, in the meeting: O1.1 30% → 50%
        assert await wait_until(pilot, lambda: answers(a).get("O1.1", (0, ""))[0] == 50)
        await run("checkin", "O1.2", "--progress", "90", "--blocker", "waiting on legal",
                  "--week", WEEK, "--cycle", CYCLE, "--store", str(b))
        await run("checkin", "O2.1", "--progress", "60", "--week", WEEK, "--cycle", CYCLE, "--store", str(b))
        await run("sync", "--store", str(b))
        said = await run("sync", "--store", str(a))
        assert said.startswith("sent ") and "received 2 from" in said
        assert await wait_until(pilot, lambda: "90%" in row_text(app, "O1.2"))
        assert "waiting on legal" in row_text(app, "O1.2")
        assert "50%" in row_text(app, "O1.1")  # A's own answer, still on screen
        await pilot.press("down", "right")  # and A goes on: O1.2 90% → 100%
        assert await wait_until(pilot, lambda: answers(a).get("O1.2", (0, ""))[0] == 100)
        await app.flush()
    await run("sync", "--store", str(a))
    await run("sync", "--store", str(b))
    assert answers(b) == answers(a) == {"O1.1": (50, ""), "O1.2": (100, "waiting on legal"), "O2.1": (60, "")}
    assert cycle_data(a) == cycle_data(b) and [m["facilitator"] for m in cycle_data(b)["meetings"].values()] == ["Fay"]
