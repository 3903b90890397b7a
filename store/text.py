"""Cleaning user text: control characters out, length capped.

Terminal escapes in a title would be replayed by every terminal that shows it, so
C0 controls (except tab and newline), DEL and C1 controls (0x80-0x9f, e.g. the CSI
byte 0x9b) are stripped on save, and again at render time in tui/.
"""

import re

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# Length caps, in characters, per kind of field.
TITLE_MAX = 200
NAME_MAX = 80
TEXT_MAX = 2000


def strip_controls(text: str) -> str:
    """Remove control characters but tab and newline; carriage returns become nothing."""
    return _CONTROL.sub("", text)


def clean_text(text: str, *, field: str, max_len: int, single_line: bool = False) -> str:
    """Strip controls and surrounding space; refuse text past ``max_len``.

    Raises ValueError naming the field, which pydantic turns into a validation error.
    """
    text = strip_controls(text)
    if single_line:
        text = " ".join(text.split())
    else:
        text = text.strip()
    if len(text) > max_len:
        raise ValueError(f"{field} is {len(text)} characters long; the limit is {max_len}")
    return text
