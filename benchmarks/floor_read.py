"""F_read, the floor of a command that reads the store: the libraries okr validates and
writes JSON with, then the current cycle file read and written out as JSON.

    python floor_read.py CYCLE_FILE > /dev/null

Nothing of okr is imported: this is what reading one cycle costs on this machine and
this Python, however fast okr gets.
"""

from __future__ import annotations

import sys

import orjson
import pydantic  # noqa: F401  (what okr validates with: its import is part of the floor)


def main(path: str) -> None:
    with open(path, "rb") as f:
        data = orjson.loads(f.read())
    sys.stdout.buffer.write(orjson.dumps(data, option=orjson.OPT_INDENT_2))


if __name__ == "__main__":
    main(sys.argv[1])
