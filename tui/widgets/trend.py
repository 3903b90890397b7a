"""Trends on screen: the one-line change of a key result in the meeting, and a week chart.

Both read store.trends. Every change is said in arrow and amount (and "better"/"worse" for
a metric), so nothing depends on colour; colour only repeats it.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from store import KeyResult
from store.trends import SPARK_BLOCKS, Delta, Direction, KRDelta, WeekPoint, sparkline
from tui.i18n import _, ngettext

AXIS = 5  # cells of the y-axis labels ("100% ")
MAX_BAR = 3  # cells of one week's bar: wide enough for its label ("W47")


def _delta(d: Delta, with_word: bool = False) -> Content:
    """"↑ +10%" in the colour of its verdict; "→ ±0" dim."""
    text = f"{d.arrow} {d.amount_text()}" + (f" {d.verdict}" if with_word and d.verdict else "")
    style = {True: "$success", False: "$error", None: "dim"}[d.better]
    return Content.styled(text, style)


def trend_content(kr: KeyResult, delta: KRDelta, series: Sequence[float | None]) -> Content:
    """One line: the cycle's progress so far as a sparkline, then the change since the
    previous check-in ("first check-in" when there is none)."""
    parts: list[Content | str | tuple[str, str]] = [" ", (sparkline(list(series)), "$primary") if series else ""]
    if delta.since is None:
        parts.append(("  " + _("first check-in"), "dim"))
        return Content.assemble(*parts)
    if delta.value is not None and delta.value.direction != Direction.NONE:
        parts += ["  " + _("value") + " ", _delta(delta.value, with_word=True)]
        if delta.progress.amount:
            parts += [" (", delta.progress.amount_text(), ")"]
    else:
        parts += ["  " + _("progress") + " ", _delta(delta.progress)]
    if delta.confidence.arrow:
        parts += ["  " + _("confidence") + " ", _delta(delta.confidence)]
    if delta.gap:
        over = ngettext("over {n} week", "over {n} weeks", delta.weeks_back).format(n=delta.weeks_back)
        parts.append(("  " + over, "$warning"))
    return Content.assemble(*parts)


# -- the week chart --------------------------------------------------------------------
def _bar_cell(value: float, row: int, rows: int) -> str:
    """The block for ``row`` (0 = top) of a bar ``value`` % high, in eighths of a cell."""
    levels = len(SPARK_BLOCKS)
    filled = round(value / 100 * rows * levels)
    base = (rows - 1 - row) * levels
    if filled >= base + levels:
        return "█"
    if filled > base:
        return SPARK_BLOCKS[filled - base - 1]
    return " "


def _centred(text: str, width: int) -> str:
    return text.center(width)[:width] if width >= len(text) else text[-width:]


def chart_content(points: Sequence[WeekPoint], width: int, rows: int = 5) -> Content:
    """Progress per week as bars on a fixed 0-100% scale, the week under each bar and the
    confidence under that. A week without a check-in (value carried) is drawn dim and its
    confidence put in brackets; weeks before the first check-in stay empty."""
    if not points:
        return Content(_("No check-ins yet."))
    step = max(2, min(MAX_BAR + 1, (width - AXIS - 1) // len(points)))
    bar = step - 1
    lines: list[Content] = []
    for row in range(rows):
        label = "100%" if row == 0 else " 50%" if row == rows // 2 else ""
        cells: list[tuple[str, str] | str] = [f"{label:>4} ", "┤" if label else "│"]
        for p in points:
            block = " " if p.progress is None else _bar_cell(p.progress, row, rows)
            cells += [(block * bar, "dim" if p.carried else "$primary"), " "]
        lines.append(Content.assemble(*cells).rstrip())
    lines.append(Content("  0% └" + "─" * (step * len(points))))
    weeks = "".join(_centred(p.week[-3:] if bar >= 3 else p.week[-2:], bar) + " " for p in points)
    lines.append(Content(" " * (AXIS + 1) + weeks.rstrip()))
    conf = []
    for p in points:
        text = "" if p.confidence is None else f"({p.confidence})" if p.carried else str(p.confidence)
        conf += [(_centred(text, bar), "dim" if p.carried else ""), " "]
    label = _("conf")
    lines.append(Content.assemble(label + " " * max(1, AXIS + 1 - cell_len(label)), *conf).rstrip())
    return Content("\n").join(lines)


class WeekChart(Widget):
    """:func:`chart_content` drawn at the widget's width."""

    DEFAULT_CSS = """
    WeekChart {
        height: auto;
    }
    """

    def __init__(self, points: Sequence[WeekPoint], *, rows: int = 5, id: str | None = None) -> None:
        super().__init__(id=id)
        self.points = list(points)
        self.rows = rows

    def render(self) -> Content:
        return chart_content(self.points, self.size.width or 80, self.rows)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 1 if not self.points else self.rows + 3
