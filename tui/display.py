"""User text and numbers made ready for display: the one place that cleans user text at
render (a security rule: control characters never reach a terminal, whatever the store
holds), and draws bars and numbers, for the screens and the printed reports alike.

No textual here (tui/report imports it, and tui/report loads no textual); cell widths
come from rich.cells, which both sides have.
"""

from __future__ import annotations

from store.text import strip_controls

BAR_CELLS = 10
NBSP = "\u00a0"  # joins words a wrap keeps together ("! needs help #2", "by 2026-12-31"); shown as a space


def clean_lines(text: str) -> str:
    """User text without control characters, its line breaks kept (tab becomes a space):
    for a block that shows each of its lines."""
    return strip_controls(text).replace("\t", " ")


def one_line(text: str) -> str:
    """User text for one line: no control characters, every run of white space (line
    breaks and tabs too) one space."""
    return " ".join(strip_controls(text).split())


def bar(progress: float | None, cells: int = BAR_CELLS, full: str = "█", empty: str = "░") -> str:
    """``cells`` cells, a share ``progress``/100 of them ``full`` (none without a value)."""
    filled = 0 if progress is None else min(cells, max(0, round(progress * cells / 100)))
    return full * filled + empty * (cells - filled)


def number(value: float) -> str:
    """12.0 → "12", 2.25 → "2.25", 1/3 → "0.33": no float noise (and no "1e+06")."""
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def quantity(value: float, unit: str) -> str:
    """A metric's value with its unit, the unit in the singular for exactly one when it is
    an English plural: "1 training", "2 trainings", "1 h", "3 次"."""
    unit = one_line(unit)
    return f"{number(value)} {singular(unit) if value == 1 else unit}".rstrip()


def singular(unit: str) -> str:
    """The singular of a unit that is a lower-case English plural ("trainings", "classes",
    "stories"); any other unit as it is ("h", "ms", "status", "次")."""
    if len(unit) < 4 or not (unit.isascii() and unit.isalpha() and unit.islower()):
        return unit
    if unit.endswith(("ches", "shes", "sses", "xes")):
        return unit[:-2]
    if unit.endswith("ies"):
        return unit[:-3] + "y"
    if unit.endswith("s") and not unit.endswith(("ss", "us", "is")):
        return unit[:-1]
    return unit


def pct(value: float | None) -> str:
    """"40%" (rounded), "-" without a value."""
    return "-" if value is None else f"{round(value)}%"
