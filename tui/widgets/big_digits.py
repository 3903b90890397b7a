"""Block digits in three sizes for the presentation: Textual's own 3-row Digits, and
5- and 7-row fonts drawn here with full blocks, for a room where the back row is far.

The presentation picks the size from the terminal's height (:func:`digit_rows`); a value
the size cannot draw within the widget's width falls back to the next smaller size.
"""

from __future__ import annotations

from textual.app import RenderResult
from textual.content import Content
from textual.geometry import Size
from textual.renderables.digits import Digits as DigitsRenderable
from textual.widgets import Digits

# 3×5 glyphs, drawn as 5 rows of full blocks.
FONT_5: dict[str, tuple[str, ...]] = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", ".##", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", "..#", "..#", "..#"),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    "%": ("#.#", "..#", ".#.", "#..", "#.#"),
    ":": (".", "#", ".", "#", "."),
    "+": ("...", ".#.", "###", ".#.", "..."),
    "—": ("...", "...", "###", "...", "..."),
    "-": ("...", "...", "###", "...", "..."),
    " ": (".", ".", ".", ".", "."),
}

# 5×7 glyphs, drawn as 7 rows with every pixel two cells wide (a cell is twice as tall as wide).
FONT_7: dict[str, tuple[str, ...]] = {
    "0": (".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###."),
    "1": ("..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."),
    "2": (".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"),
    "3": ("#####", "...#.", "..#..", "...#.", "....#", "#...#", ".###."),
    "4": ("...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."),
    "5": ("#####", "#....", "####.", "....#", "....#", "#...#", ".###."),
    "6": ("..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."),
    "7": ("#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."),
    "8": (".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."),
    "9": (".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."),
    "%": ("##...", "##..#", "...#.", "..#..", ".#...", "#..##", "...##"),
    ":": (".", ".", "#", ".", "#", ".", "."),
    "+": (".....", "..#..", "..#..", "#####", "..#..", "..#..", "....."),
    "—": (".....", ".....", ".....", "#####", ".....", ".....", "....."),
    "-": (".....", ".....", ".....", "#####", ".....", ".....", "....."),
    " ": ("..", "..", "..", "..", "..", "..", ".."),
}

FONTS: dict[int, tuple[dict[str, tuple[str, ...]], int]] = {5: (FONT_5, 1), 7: (FONT_7, 2)}  # rows: (font, cells per pixel)
SIZES = (7, 5, 3)


def digit_rows(screen_height: int) -> int:
    """Rows of the big numbers for a terminal this tall: 3 up to 29 rows, 5 up to 47, then 7."""
    return 7 if screen_height >= 48 else 5 if screen_height >= 30 else 3


def drawable(text: str, rows: int) -> bool:
    return rows == 3 or all(ch in FONTS[rows][0] for ch in text)


def text_width(text: str, rows: int) -> int:
    """Cells the text takes in this size (a column of space between glyphs)."""
    if rows == 3:
        return DigitsRenderable.get_width(text)
    font, scale = FONTS[rows]
    return sum(len(font[ch][0]) * scale for ch in text) + max(0, len(text) - 1)


def block_lines(text: str, rows: int) -> list[str]:
    font, scale = FONTS[rows]
    lines = []
    for row in range(rows):
        glyphs = ("".join("█" * scale if px == "#" else " " * scale for px in font[ch][row]) for ch in text)
        lines.append(" ".join(glyphs))
    return lines


class BigDigits(Digits):
    """Digits in 3, 5 or 7 rows (``rows``); the value is what :meth:`update` was given."""

    def __init__(self, value: str = "", *, id: str | None = None, rows: int = 3) -> None:
        super().__init__(value, id=id)
        self.wanted = rows

    @property
    def rows(self) -> int:
        """The size drawn: the one wanted, or smaller if the value does not fit the width."""
        return self._fit(self.size.width)

    def _fit(self, width: int) -> int:
        for rows in SIZES:
            if rows <= self.wanted and drawable(self.value, rows) and (not width or text_width(self.value, rows) <= width):
                return rows
        return 3

    def want(self, rows: int) -> None:
        if rows != self.wanted:
            self.wanted = rows
            self.refresh(layout=True)

    def update(self, value: str) -> None:
        if value == self.value:
            return
        before = self.rows
        super().update(value)
        if self.rows != before:
            self.refresh(layout=True)

    def render(self) -> RenderResult:
        rows = self.rows
        if rows == 3:
            return super().render()
        return Content("\n".join(block_lines(self.value, rows)))

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return text_width(self.value, self._fit(container.width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self._fit(width)
