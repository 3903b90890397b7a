"""`okr meeting` and `okr review` refuse a week outside the cycle, in one line and before
anything is written: their answers would be check-ins that an import then refuses."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from store import Store

OKR = Path(sys.executable).parent / "okr"


def files(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.iterdir()) if p.is_file()}


@pytest.mark.parametrize("command", [["meeting", "--facilitator", "Ana", "--attendee", "Bo"],
                                     ["review", "--owner", "Ana"]], ids=lambda c: c[0])
@pytest.mark.parametrize("week", ["2027-W02", "2026-W39"])
def test_a_week_outside_the_cycle_is_a_one_line_error(store: Store, command: list[str], week: str) -> None:
    before = files(store.path)
    leader, follower = pty.openpty()  # a terminal, so that the tty check lets the command go on
    try:
        done = subprocess.run([str(OKR), *command, "--week", week, "--store", str(store.path)],
                              stdin=follower, stdout=follower, stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        os.close(follower)
        os.close(leader)
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines() == [
        f"Error: week {week} is outside cycle 2026-Q4 (2026-10-01 to 2026-12-31); give --week or --cycle "
        f"(see: okr {command[0]} --help)"]
    assert files(store.path) == before  # not even the facilitator or the owner remembered
