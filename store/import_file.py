"""Reading a file given to `okr import`: bytes that must be UTF-8, then JSON or text.

Each problem is one line naming the file (and the byte, offset and line where it is),
raised before the store is opened, so nothing is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from .errors import InvalidInputError

_BOM = b"\xef\xbb\xbf"  # some editors start UTF-8 files with it; it is no content


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InvalidInputError(f"{path} does not exist; nothing imported", field="file") from None
    except IsADirectoryError:
        raise InvalidInputError(f"{path} is a directory, not a file; nothing imported", field="file") from None
    except OSError as e:
        raise InvalidInputError(f"cannot read {path}: {e.strerror or e}; nothing imported", field="file") from None


def decode(path: Path, raw: bytes) -> str:
    """``raw`` as text; an error naming the first byte that is not UTF-8, its offset and line."""
    try:
        return raw.removeprefix(_BOM).decode("utf-8")
    except UnicodeDecodeError as e:
        offset = e.start + (len(_BOM) if raw.startswith(_BOM) else 0)
        line = raw.count(b"\n", 0, offset) + 1
        raise InvalidInputError(
            f"{path} is not valid UTF-8 (byte 0x{raw[offset]:02x} at offset {offset}, line {line}); nothing imported",
            field="file", value_id=str(offset)) from None


def read_text(path: Path) -> str:
    return decode(path, read_bytes(path))


def read_json(path: Path) -> Any:
    """The JSON document in ``path``, parsed as the store parses its own files (orjson:
    no NaN or Infinity, nesting at most 1024 deep, integers past 64 bits as floats)."""
    raw = read_bytes(path)
    decode(path, raw)
    try:
        return orjson.loads(raw.removeprefix(_BOM))
    except orjson.JSONDecodeError as e:
        raise InvalidInputError(f"{path} is not valid JSON ({e}); nothing imported", field="file") from None
