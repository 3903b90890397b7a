"""Run a Textual program and make it exit at its first painted frame.

Textual posts ``events.Ready`` to the app once the first frame has been written to the
terminal; the probe adds a handler for it on ``App`` itself, so the app being measured
needs no change and the minimal app and `okr meeting` are timed by the same means.
The handler writes the wall-clock time to the file named by $OKR_BENCH_FIRST_FRAME:
the benchmark subtracts its launch time, so neither app's shutdown is counted.

    python paint_probe.py minimal
    python paint_probe.py okr meeting --store DIR ...
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from textual import events
from textual.app import App


def _exit_on_first_frame(self: App, event: events.Ready) -> None:
    Path(os.environ["OKR_BENCH_FIRST_FRAME"]).write_text(repr(time.time()))
    self.exit()


App._on_ready = _exit_on_first_frame  # type: ignore[attr-defined]


def main() -> None:
    target, args = sys.argv[1], sys.argv[2:]
    if target == "minimal":
        from minimal_app import MinimalApp

        MinimalApp().run()
    elif target == "okr":
        from tui.cli.launch import main as okr  # the console script's own entry

        okr(args)
    else:
        raise SystemExit(f"unknown target {target!r}: give minimal or okr")


if __name__ == "__main__":
    main()
