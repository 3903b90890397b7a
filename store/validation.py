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
from .i18n import N_, _
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


# The fields a person fills in, shown in the chosen language (InvalidInputError.field stays
# the English name: screens place an error under its field by it).
_SHOWN_FIELDS = {N_("title"), N_("owner"), N_("team"), N_("kind"), N_("aligns_to"), N_("confidence"),
                 N_("progress"), N_("value"), N_("blocker"), N_("help_from"), N_("note"), N_("week"), N_("start"),
                 N_("target"), N_("unit"), N_("due"), N_("end"), N_("name"), N_("text"), N_("facilitator"),
                 N_("attendees"), N_("absent"), N_("next_step"), N_("wins"), N_("setting"), N_("metric")}

# pydantic's own messages that okr's input meets, by error type: a template that gives
# pydantic's English text from the error's context (English shows pydantic's own).
_PYDANTIC = {
    "greater_than_equal": N_("Input should be greater than or equal to {ge}"),
    "less_than_equal": N_("Input should be less than or equal to {le}"),
    "greater_than": N_("Input should be greater than {gt}"),
    "less_than": N_("Input should be less than {lt}"),
    "enum": N_("Input should be {expected}"),
    "missing": N_("Field required"),
    "extra_forbidden": N_("Extra inputs are not permitted"),
    "string_type": N_("Input should be a valid string"),
    "int_type": N_("Input should be a valid integer"),
    "int_parsing": N_("Input should be a valid integer, unable to parse string as an integer"),
    "int_from_float": N_("Input should be a valid integer, got a number with a fractional part"),
    "float_type": N_("Input should be a valid number"),
    "float_parsing": N_("Input should be a valid number, unable to parse string as a number"),
    "finite_number": N_("Input should be a finite number"),
    "bool_type": N_("Input should be a valid boolean"),
    "bool_parsing": N_("Input should be a valid boolean, unable to interpret input"),
    "list_type": N_("Input should be a valid list"),
    "date_type": N_("Input should be a valid date"),
}


def shown_field(field: str) -> str:
    """``field`` as the message names it: its word in the chosen language, an index kept
    (``attendees[3]``)."""
    base, bracket, rest = field.partition("[")
    return (_(base) if base in _SHOWN_FIELDS else base) + bracket + rest


def _pydantic_message(e: ErrorDetails) -> str:
    template = _PYDANTIC.get(e["type"])
    translated = _(template) if template else ""
    if not template or translated == template:
        return e["msg"]
    try:
        return translated.format(**(e.get("ctx") or {}))
    except (KeyError, IndexError):
        return e["msg"]


def _limit(e: ErrorDetails) -> Any:
    ctx = e.get("ctx") or {}
    error = ctx.get("error")
    if isinstance(error, TooLongError):
        return error.limit
    return next((ctx[k] for k in _LIMITS if k in ctx), None)


def error_message(e: ErrorDetails, field: str | None = None) -> str:
    """One of pydantic's errors as a person reads it, naming ``field`` (default: from its location)."""
    field = user_field(e["loc"]) if field is None else field
    name = shown_field(field)
    error = (e.get("ctx") or {}).get("error")
    if isinstance(error, TooLongError):
        return _("{field} is {length} characters long; the limit is {limit}").format(
            field=name or _("text"), length=error.length, limit=error.limit)
    msg = _pydantic_message(e).removeprefix("Value error, ")
    if e["type"].endswith(("_type", "_parsing")) and isinstance(e["input"], (str, int, float, bool)):
        msg += _(" (got {value})").format(value=shown(e["input"]))
    if field and not msg.startswith((f"{field} ", f"{name} ")):
        return _("{field}: {problem}").format(field=name, problem=msg)
    return msg


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
    return _("; ").join(seen.values())  # the separator of a sentence's parts: "；" in Chinese


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
