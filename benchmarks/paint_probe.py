"""Run a Textual program and make it exit at its first painted frame.

Textual posts ``events.Ready`` to the app once the first frame has been written to the
terminal; the probe adds a handler for it on ``App`` itself, so the app being measured
needs no change and every program is timed by the same means. The handler writes the
wall-clock time to the file named by $OKR_BENCH_FIRST_FRAME: the benchmark subtracts
its launch time, so no program's shutdown is counted.

The handler goes in as textual.app is first imported (an import hook), not by importing
Textual here: each program imports it when and how it does on its own (okr with the
cyclic GC off, for one).

    python paint_probe.py minimal
    python paint_probe.py floor-app CYCLE_FILE
    python paint_probe.py bound-app stack|models CYCLE_FILE
    python paint_probe.py okr meeting --store DIR ...
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
import time
from collections.abc import Sequence
from types import ModuleType
from typing import Any


def _exit_on_first_frame(self: Any, event: object) -> None:
    with open(os.environ["OKR_BENCH_FIRST_FRAME"], "w") as f:
        f.write(repr(time.time()))
    self.exit()


class _PatchTextualApp(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds textual.app as usual, then adds the handler to App once the module has run."""

    def find_spec(self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
                  ) -> importlib.machinery.ModuleSpec | None:
        if name != "textual.app":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            return spec
        self._loader = spec.loader
        spec.loader = self
        return spec

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self._loader.exec_module(module)
        module.App._on_ready = _exit_on_first_frame


def main() -> None:
    sys.meta_path.insert(0, _PatchTextualApp())
    target, args = sys.argv[1], sys.argv[2:]
    if target == "minimal":
        from minimal_app import MinimalApp

        MinimalApp().run()
    elif target == "floor-app":
        from floor_app import main as floor_app

        floor_app(args[0])
    elif target == "bound-app":
        from bound_app import main as bound_app

        bound_app(args[0], args[1])
    elif target == "okr":
        from tui.cli.launch import main as okr  # the console script's own entry

        okr(args)
    else:
        raise SystemExit(f"unknown target {target!r}: give minimal, floor-app, bound-app or okr")


if __name__ == "__main__":
    main()
