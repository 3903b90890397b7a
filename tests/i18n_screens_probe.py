"""Run in a fresh interpreter (OKR_LANG set): walk okr's screens in Pilot and print, as
JSON, each screen's text as drawn and the user data to leave out of a scan for English.

    python tests/i18n_screens_probe.py STORE_DIR WIDTH HEIGHT

The language is chosen before the apps are imported: their class-level texts (bindings,
titles) are made at import, as in `okr`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import json
import re
import sys
from pathlib import Path

from rich.cells import cell_len

from tui import i18n

i18n.use(i18n.choose())

from store.demo_data import seed_demo  # noqa: E402
from tui.home_app import HomeApp  # noqa: E402
from tui.meeting.app import MeetingApp  # noqa: E402

TODAY = dt.date(2026, 11, 25)
CELL = 12.2  # px per cell in Rich's SVG export (20 px rows, 0.61 aspect)
_TEXT = re.compile(r'<text[^>]*\bx="([\d.]+)"[^>]*\by="([\d.]+)"[^>]*>(.*?)</text>', re.S)


def screen_text(app: object) -> str:
    """The screen as drawn, line by line, from Textual's SVG screenshot (its text runs)."""
    svg = app.export_screenshot()  # type: ignore[attr-defined]
    lines: dict[float, list[tuple[float, str]]] = {}
    for x, y, text in _TEXT.findall(svg):
        lines.setdefault(float(y), []).append((float(x), html.unescape(text).replace("\xa0", " ")))
    out = []
    for _y, runs in sorted(lines.items()):
        line = ""
        for x, text in sorted(runs):  # runs of spaces are drawn as rects: put them back by column
            line += " " * max(0, round(x / CELL) - cell_len(line)) + text
        out.append(line.rstrip())
    return "\n".join(out)


async def walk(path: Path, size: tuple[int, int]) -> dict[str, str]:
    store = seed_demo(path, today=TODAY)
    shots: dict[str, str] = {}
    home = HomeApp(store)
    async with home.run_test(size=size) as pilot:
        await pilot.pause()
        shots["home"] = screen_text(home)
        for key, name in (("e", "editor"), ("h", "history"), ("g", "grading"), ("a", "alignment")):
            await pilot.press(key)
            await pilot.pause()
            shots[name] = screen_text(home)
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        shots["help"] = screen_text(home)
    cycle = store.cycle(today=TODAY)
    week = home.week
    meeting = MeetingApp(store, cycle, week, facilitator="Fay")
    async with meeting.run_test(size=size) as pilot:
        await pilot.pause()
        if type(meeting.screen).__name__ != "MeetingScreen":  # last week's open help requests first
            shots["agenda"] = screen_text(meeting)
            await pilot.press("enter")
            await pilot.pause()
        shots["meeting"] = screen_text(meeting)
        await pilot.press("b")
        await pilot.pause()
        shots["blocker dialog"] = screen_text(meeting)
        await pilot.press("escape")
        await pilot.press("f")
        await pilot.pause(0.2)
        shots["presentation"] = screen_text(meeting)
        await pilot.press("f", "s")
        await pilot.pause(0.3)
        shots["summary"] = screen_text(meeting)
    return shots


def user_data(path: Path) -> list[str]:
    """Every text the demo's users wrote (titles, names, notes...), longest first."""
    found: set[str] = set()

    def collect(node: object) -> None:
        if isinstance(node, dict):
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)
        elif isinstance(node, str) and re.search(r"[A-Za-z]{2}", node):
            found.add(node)

    for file in path.rglob("*.json"):
        collect(json.loads(file.read_text(encoding="utf-8")))
    return sorted(found, key=len, reverse=True)


def main() -> None:
    path, width, height = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    shots = asyncio.run(walk(path, (width, height)))
    print(json.dumps({"lang": i18n.current(), "shots": shots, "user_data": user_data(path)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
