"""Repaint only what changed: the cost of a keypress follows what it changes.

``Static.update`` always repaints and, by default, lays the whole screen out again.
A meeting keypress changes one key result's numbers; redrawing and re-laying out
every row (and the footer) made a keypress several times slower than it need be.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.widgets import Static


def same_content(a: object, b: Content) -> bool:
    """Same text and same styles (``Content.__eq__`` compares the text alone)."""
    return isinstance(a, Content) and a.plain == b.plain and a.spans == b.spans


def unwrapped_height(content: Content, width: int) -> int | None:
    """Its height at ``width`` when no line wraps there (None: some line would wrap)."""
    lines = content.plain.split("\n")
    return len(lines) if all(cell_len(line) <= width for line in lines) else None


def show_content(widget: Static, content: Content) -> None:
    """Show ``content`` in ``widget``: nothing if it already shows it, and no new layout
    if both it and what it replaces fit unwrapped in as many lines."""
    old = widget.content
    if same_content(old, content):
        return
    width = widget.content_size.width
    height = unwrapped_height(content, width)
    keeps_height = (isinstance(old, Content) and width > 0 and height is not None
                    and unwrapped_height(old, width) == height)
    widget.update(content, layout=not keeps_height)
