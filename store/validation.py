"""Turning pydantic's multi-line errors into the one line a person reads."""

from typing import TypeVar

from pydantic import BaseModel, ValidationError

from .errors import InvalidInputError

M = TypeVar("M", bound=BaseModel)


def one_line(err: ValidationError) -> str:
    parts = []
    for e in err.errors():
        where = ".".join(str(p) for p in e["loc"])
        msg = e["msg"].removeprefix("Value error, ")
        parts.append(f"{where}: {msg}" if where else msg)
    return "; ".join(parts)


def build(model: type[M], **fields: object) -> M:
    """Validate user input into ``model``; InvalidInputError with one line otherwise."""
    try:
        return model.model_validate(fields)
    except ValidationError as e:
        raise InvalidInputError(one_line(e)) from None
