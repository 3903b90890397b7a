"""JSON for tools: indented output, user text with control characters stripped, and the
summary's JSON form.

Kept apart from the text renderers so that `okr summary --format json` imports no rich
(its start-up is a benchmark target: at most 1.3x `okr --version`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import orjson

from store.text import strip_controls

if TYPE_CHECKING:  # okr list writes JSON too, and builds no summary
    from store.summary import Summary

# Bumped when a key of the summary's JSON form is renamed or removed (new keys may appear).
SUMMARY_JSON_VERSION = 1


# What orjson writes raw but a terminal may act on: DEL, C1 controls (0x9b is CSI), bidi
# embeddings/overrides/isolates, line/paragraph separators. They only occur inside strings.
_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def dumps(data: Any) -> str:
    """Indented JSON, UTF-8 as is but every control character escaped (orjson escapes C0
    only). orjson: the standard library's encoder runs in pure Python once asked to indent
    (~25 ms of `okr list --format json` on a 16-team cycle)."""
    return _UNSAFE.sub(_escape, orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS).decode())


def cleaned(value: Any) -> Any:
    """``value`` with control characters stripped from every string in it."""
    if isinstance(value, str):
        return strip_controls(value)
    if isinstance(value, dict):
        return {k: cleaned(v) for k, v in value.items()}
    if isinstance(value, Iterable):
        return [cleaned(v) for v in value]
    return value


def summary_json(summary: Summary) -> str:
    """The summary as JSON: ``summary_version`` then ``Summary.to_dict()`` (see README)."""
    data = {"summary_version": SUMMARY_JSON_VERSION, **cleaned(summary.to_dict())}
    return dumps(data) + "\n"
