"""Text laid out for the width it is drawn at (DrawnAtWidth: the help screen's key table,
HangingLines), and lines that wrap under their own indent: a long summary line goes on two
cells further in, never back at column 0 (a Static wraps a Content's lines at the left edge)."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

from tui.display import NBSP

HANG = 2  # a wrapped line's continuation: under its first line, two cells further in
LEAST = 12  # below this many cells of room a line is left to Textual's own folding


def breaks(text: str, start: int, first: int, rest: int) -> list[int]:
    """Where ``text`` is cut (indexes of the spaces cut at) so that the piece from ``start``
    fits ``first`` cells and each later piece ``rest``; a word longer than a line is cut
    inside it. Only plain spaces break: NBSP joins."""
    cuts: list[int] = []
    begin, room = start, first
    while cell_len(text[begin:]) > room:
        end, width, last_space = begin, 0, -1
        while end < len(text) and width + cell_len(text[end]) <= room:
            if text[end] == " " and end > begin:
                last_space = end
            width += cell_len(text[end])
            end += 1
        cut = last_space if last_space > begin else max(end, begin + 1)
        cuts.append(cut)
        begin = cut + 1 if cut < len(text) and text[cut] == " " else cut
        room = rest
    return cuts


def hang(line: Content, width: int) -> list[Content]:
    """``line`` in lines of at most ``width`` cells, each after the first indented as the
    first is (its leading spaces) plus :data:`HANG`."""
    plain = line.plain
    lead = len(plain) - len(plain.lstrip(" "))
    if cell_len(plain) <= width or width - lead - HANG < LEAST:
        return [line]
    cuts = breaks(plain, lead, width - lead, width - lead - HANG)
    pieces, begin = [], lead
    for cut in [*cuts, len(plain)]:
        pieces.append(line[begin:cut])
        begin = cut + 1 if cut < len(plain) and plain[cut] == " " else cut
    indent = Content(" " * (lead + HANG))
    return [Content.assemble(line[:lead], pieces[0]), *(Content.assemble(indent, p) for p in pieces[1:])]


def spaced(line: Content) -> Content:
    """NBSP drawn (and read) as the space it stands for."""
    return Content(line.plain.replace(NBSP, " "), spans=list(line.spans)) if NBSP in line.plain else line


class DrawnAtWidth(Visual):
    """A Visual that is Content laid out anew for the width it is drawn at (cached per
    width: drawn again at each repaint). Subclasses say how, in :meth:`draw`."""

    def __init__(self) -> None:
        self._drawn: dict[int | None, Content] = {}

    def draw(self, width: int | None) -> Content:
        """The Content for ``width`` cells (None: as given, a line a line)."""
        raise NotImplementedError

    def content(self, width: int | None = None) -> Content:
        if width not in self._drawn:
            self._drawn[width] = self.draw(width)
        return self._drawn[width]

    @property
    def plain(self) -> str:
        """The text, as given (not wrapped)."""
        return self.content().plain

    def __str__(self) -> str:
        return self.plain

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        return self.content(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content().get_optimal_width(rules, container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.content(width).get_height(rules, width)


class HangingLines(DrawnAtWidth):
    """Content lines drawn at the width they get, each wrapping under its own indent."""

    def __init__(self, lines: list[Content]) -> None:
        super().__init__()
        self.lines = lines

    def draw(self, width: int | None) -> Content:
        lines = self.lines if width is None else [part for line in self.lines for part in hang(line, width)]
        return Content("\n").join(spaced(line) for line in lines)
