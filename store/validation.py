"""Turning pydantic's multi-line errors into the one line a person reads.

A message names the field the user knows (``owner``, ``progress``, a setting's name), never
pydantic's location: no union branches (``function-after[...]``), no dict keys that are data
(the login name in ``settings.users.<login>.theme``).
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .errors import InvalidInputError
from .text import TooLongError, shown

M = TypeVar("M", bound=BaseModel)

# What pydantic puts in a location besides field names: a union branch or wrapped validator
# ("function-after[check(), str]", "list[...]") or a bare type name.
_TAG = re.compile(r"[a-z][a-z0-9_-]*\[.*\]|str|int|float|bool|none|date|datetime|list|dict", re.S)
_LIMITS = ("le", "lt", "ge", "gt", "max_length", "min_length")


# Dicts keyed by data, not by names: a meeting's seconds by objective id, the per-user
# settings by login name (their inner keys are the settings' names, which the user knows).
_DATA_KEYED = {"seconds", "users"}


def user_field(loc: tuple[int | str, ...]) -> str:
    """The field an error is about, as the user knows it: the last name in ``loc``, with
    the list index or data key that follows it (``attendees[3]``, ``seconds['O2']``)."""
    parts = [p for p in loc if not (isinstance(p, str) and _TAG.fullmatch(p))]
    if parts and parts[-1] == "[key]":  # (..., "users", "<the key>", "[key]"): the key itself is wrong
        dicts = [p for p in parts[:-2] if isinstance(p, str)]
        return f"a key of {dicts[-1]}" if dicts else "a key"
    names: list[str] = []
    for i, p in enumerate(parts):
        if names and (isinstance(p, int) or parts[i - 1] in _DATA_KEYED):
            names[-1] += f"[{p!r}]"
        else:
            names.append(str(p))
    return names[-1] if names else ""


def _limit(e: ErrorDetails) -> Any:
    ctx = e.get("ctx") or {}
    error = ctx.get("error")
    if isinstance(error, TooLongError):
        return error.limit
    return next((ctx[k] for k in _LIMITS if k in ctx), None)


def error_message(e: ErrorDetails, field: str | None = None) -> str:
    """One of pydantic's errors as a person reads it, naming ``field`` (default: from its location)."""
    field = user_field(e["loc"]) if field is None else field
    error = (e.get("ctx") or {}).get("error")
    if isinstance(error, TooLongError):
        return f"{field or 'text'} is {error.length} characters long; the limit is {error.limit}"
    msg = e["msg"].removeprefix("Value error, ")
    if e["type"].endswith(("_type", "_parsing")) and isinstance(e["input"], (str, int, float, bool)):
        msg += f" (got {shown(e['input'])})"
    return f"{field}: {msg}" if field and not msg.startswith(f"{field} ") else msg


def _union_at(e: ErrorDetails) -> tuple[int | str, ...] | None:
    """Where the union is whose branch ``e`` comes from (the location before the first tag)."""
    return next((e["loc"][:i] for i, p in enumerate(e["loc"]) if isinstance(p, str) and _TAG.fullmatch(p)), None)


def relevant(err: ValidationError) -> list[ErrorDetails]:
    """``err``'s errors, without a union's branches that failed on the type alone when
    another branch got further ("should be a valid string" for a list of names too long)."""
    errors = err.errors()
    further = {_union_at(e) for e in errors if not e["type"].endswith("_type")} - {None}
    return [e for e in errors if not (e["type"].endswith("_type") and _union_at(e) in further)]


def one_line(err: ValidationError) -> str:
    """Every error of ``err`` in one line, the first for each field."""
    seen: dict[str, str] = {}
    for e in relevant(err):
        seen.setdefault(user_field(e["loc"]), error_message(e))
    return "; ".join(seen.values())


def invalid(err: ValidationError, *, prefix: str = "", value_id: str = "") -> InvalidInputError:
    """An InvalidInputError saying ``err`` in one line (after ``prefix``), with the first
    error's field and limit as attributes."""
    first = relevant(err)[0]
    return InvalidInputError(prefix + one_line(err), field=user_field(first["loc"]), limit=_limit(first),
                             value_id=value_id)


def build(model: type[M], **fields: object) -> M:
    """Validate user input into ``model``; InvalidInputError with one line otherwise."""
    try:
        return model.model_validate(fields)
    except ValidationError as e:
        rid = next((v for k in ("id", "kr", "objective") if isinstance(v := fields.get(k), str)), "")
        raise invalid(e, value_id=rid) from None
