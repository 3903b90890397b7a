"""B_app, a bound beside F_app (reported, not a target): F_app (floor_app.py) plus what a
meeting on okr's stack pays before its first frame whatever okr does: click imported, okr's
models built, and the cycle file validated by them in one call, as Store.load does; both the
file's dict and the records are held, as the store holds them. Run as okr runs (the cyclic GC
off until the app starts, no plugin search), so `okr meeting` minus B_app is okr's own work.

    python bound_app.py CYCLE_FILE
"""

from __future__ import annotations

import gc
import sys

from tui.cli.launch import no_plugin_search


def main(path: str) -> None:
    gc.disable()
    no_plugin_search()
    import click  # noqa: F401  (every okr command starts with it)
    import orjson
    from minimal_app import MinimalApp

    from store.cycle_file import CycleFile
    from store.models import TRUSTED

    with open(path, "rb") as f:
        data = orjson.loads(f.read())
    records = CycleFile.model_validate(data, context=TRUSTED)
    gc.enable()
    MinimalApp((data, records)).run()


if __name__ == "__main__":
    main(sys.argv[1])
