"""Bounds beside the floors, for what `okr list` is made of:

- B_stack: F_read (floor_read.py) plus click and pydantic's model machinery, one small
  model built: what any click command that validates through pydantic models pays. It
  holds no okr code, so it does not move when okr gets faster: the reads' targets are
  set on it (bench.py says how);
- B_models: the same with okr's own models built and the cycle file validated by them
  in one call, as Store.load does: it moves with okr's models (reported only).

Both run as okr runs (the cyclic GC off, no plugin search), so `okr list` minus
B_models is okr's own work on top.

    python bound_models.py stack|models CYCLE_FILE > /dev/null
"""

from __future__ import annotations

import gc
import sys
from typing import Any

from tui.cli.launch import no_plugin_search


def validated(which: str, data: dict[str, Any]) -> object:
    """The cycle's dict validated as B_stack (one small model) or B_models (okr's) does."""
    if which == "models":
        from store.models import TRUSTED, CycleFile
        from store.trusted import trusted_fields_validator

        return trusted_fields_validator(CycleFile).validate_python(data, context=TRUSTED)
    from pydantic import BaseModel, Field

    class Meta(BaseModel):
        schema_version: int = Field(ge=1)

    return Meta.model_validate(data["meta"]["1"])


def main(which: str, path: str) -> None:
    gc.disable()
    no_plugin_search()
    import click  # noqa: F401  (every okr command starts with it)
    import orjson

    with open(path, "rb") as f:
        data = orjson.loads(f.read())
    validated(which, data)
    sys.stdout.buffer.write(orjson.dumps(data, option=orjson.OPT_INDENT_2))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
