"""B_models, what `okr list` cannot go below while it validates through its pydantic
models: F_read (floor_read.py) plus click, okr's models built, and the cycle file
validated by them in one call, as Store.load does. Run as okr runs (the cyclic GC off,
no plugin search), so the difference to `okr list` is okr's own work on top.

    python bound_models.py CYCLE_FILE > /dev/null

Reported beside the targets, not a target: it moves with okr's models.
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

    from store.cycle_file import CycleFile
    from store.models import TRUSTED

    with open(path, "rb") as f:
        data = orjson.loads(f.read())
    CycleFile.model_validate(data, context=TRUSTED)
    sys.stdout.buffer.write(orjson.dumps(data, option=orjson.OPT_INDENT_2))


if __name__ == "__main__":
    main(sys.argv[1])
