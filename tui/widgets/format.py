"""Small text helpers of the meeting widgets: amounts, clocks, fitting text to cells.
Cleaning user text, bars and numbers are tui/display.py's (shared with the printed
reports); they are named here too for the screens that import them from here."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size

from store import KeyResult
from store.rules import confidence_band
from tui.display import BAR_CELLS, bar, number, quantity
from tui.display import one_line as clean
from tui.widgets.words import word

__all__ = ["BAR_CELLS", "amount", "bar", "cell_text", "clean", "clock", "confidence_text", "ellipsis", "head",
           "number", "pace_status", "title_room", "wrap_lines"]


def amount(kr: KeyResult, progress: int | None, value: float | None) -> str:
    """"40%", or for a metric "12 h (55%)"."""
    if progress is None:
        return "—"
    if kr.is_metric and value is not None:
        return f"{quantity(value, kr.unit)} ({progress}%)"
    return f"{progress}%"


def confidence_text(confidence: int | None) -> str:
    if confidence is None:
        return "—"
    return f"{confidence}/10 {word(confidence_band(confidence))}"


def clock(seconds: float) -> str:
    """mm:ss (or h:mm:ss past an hour)."""
    total = int(max(0, seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def pace_status(progress: float, expected: float | None, tolerance: float = 0.0) -> str:
    """"done", "on pace" or "behind pace" as the rules judge it (no pace known: on pace)."""
    if progress >= 100:
        return "done"
    return "behind pace" if expected is not None and progress < expected - tolerance else "on pace"


def head(text: str, width: int) -> str:
    """The longest start of ``text`` that fits ``width`` cells (a wide character that does
    not fit is left out, not padded)."""
    cut = set_cell_size(text, width)
    return cut[:-1] if cut and cell_len(text[:len(cut)]) > width else cut


def ellipsis(text: str, width: int) -> str:
    """The text in ``width`` cells, cut at a word with "…" when it is longer."""
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    cut = head(text, width - 1)
    whole = text[len(cut):len(cut) + 1] in (" ", "")  # the cut fell between words
    word = cut if whole or " " not in cut.strip() else cut.rstrip().rsplit(" ", 1)[0]
    short = word if cell_len(word) >= (width - 1) * 2 // 3 else cut  # a long word is cut rather than lost
    return short.rstrip() + "…"


def title_room(total: int, columns: list[tuple[str, int]], least: int) -> int:
    """The width left for the one column of width 0 in a DataTable ``total`` cells wide, at
    least ``least``: Textual pads each column a cell each side and its vertical scrollbar
    takes two."""
    return max(least, total - sum(width + 2 for _label, width in columns) - 2)


def cell_text(text: str, width: int, lines: int = 2, indent: int = 0) -> str:
    """A table cell's text: ``wrap_lines`` joined by newlines, each line under ``indent``."""
    pad = " " * indent
    return "\n".join(pad + line for line in wrap_lines(text, width - indent, lines)) or pad


def wrap_lines(text: str, width: int, lines: int) -> list[str]:
    """The text in at most ``lines`` lines of ``width`` cells, broken between words (a
    word longer than a line is cut), the last line ending in "…" if text is left over."""
    out: list[str] = []
    rest = text.strip()
    while rest and len(out) < lines - 1 and cell_len(rest) > width:
        line = head(rest, width)
        between = line.endswith(" ") or rest[len(line):len(line) + 1] == " "
        if not between and " " in line.strip():
            line = line.rstrip().rsplit(" ", 1)[0]
        out.append(line.rstrip())
        rest = rest[len(line):].strip()
    if rest:
        out.append(ellipsis(rest, width))
    return out
