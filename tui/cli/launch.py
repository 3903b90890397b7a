"""The `okr` console script: the CLI, started without the cyclic garbage collector.

Start-up makes ~100k objects that live as long as the process (modules, pydantic's
validators, the cycle's records, the widgets). The collector would walk them all again
and again while they are built (~70 ms of a meeting's start, measured) and free nothing.
It is switched back on when the command ends, or, in a terminal app, once its first
frame is painted (after ``gc.freeze()`` has set what start-up made aside for good).
"""

from __future__ import annotations

import gc


def main(args: list[str] | None = None) -> None:
    gc.disable()
    try:
        from tui.cli.main import main as cli

        cli(args, prog_name="okr")
    finally:
        gc.enable()
