"""Cleaning user text: control characters out, length capped.

Terminal escapes in a title would be replayed by every terminal that shows it, so
C0 controls (except tab and newline), DEL and C1 controls (0x80-0x9f, e.g. the CSI
byte 0x9b) are stripped on save, and again at render time in tui/.

Explicit bidi controls go too (U+202A-U+202E embeddings and overrides, U+2066-U+2069
isolates): a terminal that reorders right-to-left text (VTE, mlterm, Konsole) would let
one in a title reverse or hide the rest of its line, the "Trojan Source" trick. Arabic
or Hebrew text needs none of them to show right. Line and paragraph separators (U+2028,
U+2029) become newlines: Rich counts them zero cells wide and does not break there, while
a terminal may draw a glyph or nothing, so a line would no longer fit what was laid out.
"""

import re

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SEPARATORS = str.maketrans({"\u2028": "\n", "\u2029": "\n"})

# Length caps, in characters, per kind of field.
TITLE_MAX = 200
NAME_MAX = 80
TEXT_MAX = 2000


def strip_controls(text: str) -> str:
    """Remove control characters but tab and newline; carriage returns become nothing."""
    return _CONTROL.sub("", text.translate(_SEPARATORS))


class TooLongError(ValueError):
    """Text past its cap; ``length`` and ``limit`` let a message name the user's own field."""

    def __init__(self, field: str, length: int, limit: int) -> None:
        super().__init__(f"{field} is {length} characters long; the limit is {limit}")
        self.length, self.limit = length, limit


def shown(value: object, limit: int = 40) -> str:
    """``value`` for a one-line message: its repr (controls escaped), cut to ``limit`` characters."""
    try:
        text = repr(value)
    except ValueError:  # an int past Python's 4300 digits
        return "a number too long to show"
    return text if len(text) <= limit else text[:limit - 1] + "…"


def clean_text(text: str, *, field: str, max_len: int, single_line: bool = False) -> str:
    """Strip controls and surrounding space; refuse text past ``max_len``.

    Raises TooLongError (a ValueError) naming the field, which pydantic turns into a validation error.
    """
    text = strip_controls(text)
    if single_line:
        text = " ".join(text.split())
    else:
        text = text.strip()
    if len(text) > max_len:
        raise TooLongError(field, len(text), max_len)
    return text
