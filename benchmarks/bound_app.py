"""S_app and B_app, beside F_app: F_app (floor_app.py) plus what a meeting on okr's stack
pays before its first frame, run as okr runs (the cyclic GC off until the app starts, no
plugin search), holding the file's dict and what validation made of it, as the store does:

- S_app (``stack``): click imported and pydantic's model machinery with one small model
  built (B_stack's work, bound_models.py). No okr code: the meeting's targets are set on it;
- B_app (``models``): click imported, okr's models built and the cycle file validated by
  them in one call, as Store.load does, so `okr meeting` minus B_app is okr's own work
  (reported only: it moves with okr's models).

    python bound_app.py stack|models CYCLE_FILE
"""

from __future__ import annotations

import gc
import sys

from tui.cli.launch import no_plugin_search


def main(which: str, path: str) -> None:
    gc.disable()
    no_plugin_search()
    import click  # noqa: F401  (every okr command starts with it)
    import orjson
    from bound_models import validated
    from minimal_app import MinimalApp

    with open(path, "rb") as f:
        data = orjson.loads(f.read())
    records = validated(which, data)
    gc.enable()
    MinimalApp((data, records)).run()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
