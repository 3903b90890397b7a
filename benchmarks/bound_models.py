"""Bounds beside the floors, for what `okr list` is made of (reported, not targets):

- B_stack: F_read (floor_read.py) plus click and pydantic's model machinery, one small
  model built: what any click command that validates through pydantic models pays;
- B_models: the same with okr's own models built and the cycle file validated by them
  in one call, as Store.load does: it moves with okr's models.

Both run as okr runs (the cyclic GC off, no plugin search), so `okr list` minus
B_models is okr's own work on top.

    python bound_models.py stack|models CYCLE_FILE > /dev/null
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

    with open(path, "rb") as f:
        data = orjson.loads(f.read())
    if which == "models":
        from store.cycle_file import CycleFile
        from store.models import TRUSTED

        CycleFile.model_validate(data, context=TRUSTED)
    else:
        from pydantic import BaseModel, Field

        class Meta(BaseModel):
            schema_version: int = Field(ge=1)

        Meta.model_validate(data["meta"]["1"])
    sys.stdout.buffer.write(orjson.dumps(data, option=orjson.OPT_INDENT_2))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
