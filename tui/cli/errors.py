"""Error lines and crash reports: what `okr` prints when something goes wrong.

An error is one line on stderr. Values in it may be the user's (an id, a file name, a
stray argument), so every control character is shown as an escape (``\\x1b``, ``\\n``)
rather than sent to the terminal: an OSC sequence in a mistyped argument would retitle
the window or set the clipboard. A bug is one line too, naming a crash report that holds
the traceback; the report keeps the command's shape but none of the user's text.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

EX_SOFTWARE = 70  # sysexits.h: an internal error

# C0 and C1 controls, DEL, bidi embeddings/overrides/isolates, line/paragraph separators,
# and the lone surrogates by which Python carries bytes that were not UTF-8. Compiled on
# first use (~1 ms): most runs print no error.
_UNPRINTABLE = "[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]"
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the original byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` as one inert line: every control character written as an escape."""
    return re.sub(_UNPRINTABLE, _escape, text)


def invalid_utf8_byte(text: str) -> int | None:
    """The first byte of ``text`` that was not valid UTF-8 (surrogateescape), or None."""
    for ch in text:
        if 0xDC80 <= ord(ch) <= 0xDCFF:
            return ord(ch) - 0xDC00
    return None


def _argv_shape(argv: list[str], commands: set[str]) -> list[str]:
    """The command line with the user's text left out: option names and command names stay."""
    shape = []
    for arg in argv:
        if arg.startswith("-"):
            shape.append(arg.split("=", 1)[0] + ("=…" if "=" in arg else ""))
        elif arg in commands:
            shape.append(arg)
        else:
            shape.append("…")
    return shape


def crash_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_state_dir("okr-checkin")) / "crashes"


def write_crash_report(error: BaseException, argv: list[str], commands: set[str]) -> Path | None:
    """A file with the traceback, okr's version and the command's shape; None if it cannot be written."""
    import datetime as dt  # here, not at the top: every `okr` start imports this module
    import platform
    import traceback

    from tui.cli.version import okr_version

    now = dt.datetime.now(dt.UTC)
    body = "\n".join([
        f"okr-checkin {okr_version()} crashed at {now.isoformat(timespec='seconds')}",
        f"python {platform.python_version()} on {platform.platform()}",
        "command: okr " + " ".join(_argv_shape(argv, commands)),
        "",
        "".join(traceback.format_exception(error)),
    ])
    try:
        directory = crash_dir()
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = directory / f"crash-{now:%Y%m%dT%H%M%S}-{os.getpid()}.txt"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as f:
            f.write(body)
    except OSError:
        return None
    return path


def crash_line(error: BaseException, report: Path | None) -> str:
    """The one line a person sees for a bug."""
    from tui.i18n import _

    name = type(error).__name__
    if report is None:
        line = _("Error: okr failed unexpectedly ({error}); the store was left as it was; "
                 "no crash report could be written").format(error=name)
    else:
        line = _("Error: okr failed unexpectedly ({error}); the store was left as it was; the details are in "
                 "{report} (please send it with a bug report)").format(error=name, report=report)
    return printable(line)


def report_crash(error: BaseException, argv: list[str] | None = None) -> str:
    """Write the report for ``error`` and return the line to print."""
    from tui.cli.commands import COMMAND_WORDS

    return crash_line(error, write_crash_report(error, sys.argv[1:] if argv is None else argv, COMMAND_WORDS))
