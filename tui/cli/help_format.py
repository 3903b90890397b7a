"""okr's help formatter: click's, measuring in terminal cells, so Chinese help wraps at the
terminal's width (click counts characters and breaks only at spaces; a Chinese line has
few spaces and each character takes two cells).

Text whose every character is one cell wide is wrapped by click itself, so English help
comes out exactly as before; only text with wide characters takes the wrapper here. It
breaks between wide characters too, never before closing punctuation (，。：）...) nor
after opening punctuation (（《“...).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import click

from tui.i18n import _

_OPEN = "（《「『“‘【"
_CLOSE = "，。、；：？！）》」』”’】…"
# A run of spaces; a word of narrow characters; one other character; with the punctuation
# that may not start a line after it and the one that may not end a line before it.
_TOKEN = re.compile(rf"\s+|[{_OPEN}]*(?:[\x21-\u10ff]+|\S)[{_CLOSE}]*")


def cells(text: str) -> int:
    """How many terminal cells ``text`` takes (wide East Asian characters take two)."""
    if text.isascii():
        return len(text)
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in text)


def _narrow(*texts: str) -> bool:
    return all(text.isascii() or cells(text) == len(text) for text in texts)


def _cut(token: str, room: int) -> tuple[str, str]:
    """The longest head of ``token`` that fits in ``room`` cells (at least one character), and the rest."""
    used = 0
    for i, char in enumerate(token):
        used += cells(char)
        if used > room:
            return token[:max(i, 1)], token[max(i, 1):]
    return token, ""


def _fill(text: str, width: int, first: str, rest: str) -> str:
    """One paragraph, greedily, at most ``width`` cells a line (but a first word wider than that)."""
    lines: list[str] = []
    indent, line, used = first, "", 0
    for token in _TOKEN.findall(text):
        if token.isspace():
            if line:
                line, used = line + token, used + cells(token)
            continue
        while token:
            room = width - cells(indent)
            if line and used + cells(token) > room:
                lines.append(indent + line.rstrip())
                indent, line, used = rest, "", 0
                continue
            head, token = _cut(token, room) if cells(token) > room else (token, "")
            line, used = line + head, used + cells(head)
            if token:
                lines.append(indent + line)
                indent, line, used = rest, "", 0
    if line:
        lines.append(indent + line.rstrip())
    return "\n".join(lines)


def wrap_text(text: str, width: int = 78, initial_indent: str = "", subsequent_indent: str = "",
              preserve_paragraphs: bool = False) -> str:
    """click.wrap_text, by cells: the same paragraphs (a blank line between them, one that
    starts with a ``\\b`` line kept as it is, each paragraph's own indent)."""
    text = text.expandtabs()
    if _narrow(text, initial_indent, subsequent_indent):
        return click.wrap_text(text, width, initial_indent, subsequent_indent, preserve_paragraphs)
    if not preserve_paragraphs:
        return _fill(text, width, initial_indent, subsequent_indent)
    paragraphs: list[tuple[int, bool, list[str]]] = []
    for block in re.split(r"\n(?:[ \t]*\n)+", text.strip("\n")):
        lines = block.splitlines()
        indent = cells(lines[0]) - cells(lines[0].lstrip())
        raw = lines[0].strip() == "\b"
        paragraphs.append((indent, raw, lines[1:] if raw else [line.strip() for line in lines]))
    out = []
    for indent, raw, lines in paragraphs:
        first, rest = initial_indent + " " * indent, subsequent_indent + " " * indent
        if raw:
            out.append("\n".join((first if i == 0 else rest) + line for i, line in enumerate(lines)))
        else:
            out.append(_fill(" ".join(lines), width, first, rest))
    return "\n\n".join(out)


class CellHelpFormatter(click.HelpFormatter):
    """click's HelpFormatter with widths in cells and its words from okr's catalogs."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None:
            prefix = _("Usage: ")
        if _narrow(prefix, prog):
            super().write_usage(prog, args, prefix)
            return
        usage_prefix = " " * max(self.current_indent - cells(prefix), 0) + f"{prefix}{prog} "
        if not args:
            self.write(usage_prefix.rstrip(" ") + "\n")
            return
        self.write(wrap_text(args, self.width - self.current_indent, initial_indent=usage_prefix,
                             subsequent_indent=" " * cells(usage_prefix)) + "\n")

    def write_heading(self, heading: str) -> None:
        self.write(" " * self.current_indent + _("{heading}:").format(heading=heading) + "\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        self.write(wrap_text(text, self.width, initial_indent=indent, subsequent_indent=indent,
                             preserve_paragraphs=True) + "\n")

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        """click's definition list (options, commands), measured in cells."""
        rows = list(rows)
        first_col = min(max((cells(first) for first, _second in rows), default=0), col_max) + col_spacing
        for first, second in rows:
            self.write(" " * self.current_indent + first)
            if not second:
                self.write("\n")
                continue
            if cells(first) <= first_col - col_spacing:
                self.write(" " * (first_col - cells(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap_text(second, max(self.width - first_col - 2, 10), preserve_paragraphs=True).splitlines()
            self.write((lines[0] if lines else "") + "\n")
            for line in lines[1:]:
                self.write(" " * (first_col + self.current_indent) + line + "\n")
