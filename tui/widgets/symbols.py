"""The symbols the meeting draws, chosen once at start from the environment.

▶ ▼ are East Asian "ambiguous" width: a terminal in a Chinese, Japanese or Korean locale
draws them two cells wide while Rich counts one, and the line shifts. ⏱ ⚠ have emoji forms
that some terminals draw wide. So: the usual forms in other UTF-8 terminals, narrow
unambiguous ones (▸ ▾ ◷ !) in CJK locales, and ASCII on the Linux console (TERM=linux,
whose font has few of them).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import NamedTuple


class Symbols(NamedTuple):
    selected: str  # the key result under the cursor
    behind: str  # behind pace
    on_pace: str
    done: str
    timer: str
    warn: str  # needs help
    fill_done: str  # bar patterns, one per status, so a bar's status shows without colour
    fill_on_pace: str
    fill_behind: str
    empty: str
    pace_mark: str  # where the pace expects the bar to be by now
    collapsed: str  # a tree's branch, closed and open
    expanded: str
    busy: str  # the status line: saving, and a save that failed
    failed: str


UNICODE = Symbols("▶", "▼", "✓", "✓", "⏱", "⚠", "█", "▓", "▒", "░", "┃", "▶", "▼", "●", "✗")
NARROW = Symbols("▸", "▾", "✓", "✓", "◷", "!", "█", "▓", "▒", "░", "|", "▸", "▾", "◦", "✗")  # ● is ambiguous
ASCII = Symbols(">", "v", "+", "+", "T", "!", "#", "=", "-", ".", "|", "+", "-", "*", "x")

CJK_LANGUAGES = ("zh", "ja", "ko")


def _locale(environ: Mapping[str, str]) -> str:
    for name in ("LC_ALL", "LC_CTYPE", "LANG"):
        if value := environ.get(name):
            return value
    return ""


def choose(environ: Mapping[str, str]) -> Symbols:
    """The table for this environment (see the module's doc)."""
    if environ.get("TERM") == "linux":
        return ASCII
    if _locale(environ).lower().startswith(CJK_LANGUAGES):
        return NARROW
    return UNICODE


SYMBOLS = choose(os.environ)
