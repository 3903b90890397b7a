"""`okr meeting` without a terminal exits at once with a one-line error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from store import Store

OKR = Path(sys.executable).parent / "okr"


def test_meeting_without_a_tty_exits_with_an_error(store: Store) -> None:
    result = subprocess.run([str(OKR), "meeting", "--store", str(store.path)], stdin=subprocess.DEVNULL,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Error: okr meeting needs a terminal (stdin and stdout must be a tty); "
        "for a report without one use: okr summary"
    ]
    assert store.load(store.cycle()).meetings == []


def test_meeting_help_lists_the_options() -> None:
    result = subprocess.run([str(OKR), "meeting", "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    for option in ("--store", "--cycle", "--week", "--team", "--owner", "--facilitator", "--attendee", "--timebox"):
        assert option in result.stdout
