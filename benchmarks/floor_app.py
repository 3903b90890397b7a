"""F_app, the floor of the meeting: the minimal Textual app (minimal_app.py), run after
importing pydantic and reading the current cycle file with orjson, the work no meeting
can skip.

    python floor_app.py CYCLE_FILE
"""

from __future__ import annotations

import sys

import orjson
import pydantic  # noqa: F401  (what okr validates with: its import is part of the floor)
from minimal_app import MinimalApp


def main(path: str) -> None:
    with open(path, "rb") as f:
        data = orjson.loads(f.read())
    MinimalApp(data).run()


if __name__ == "__main__":
    main(sys.argv[1])
