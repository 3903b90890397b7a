"""The schema a cycle file is read with: ``CycleFile``'s, with the validators of
``TRUSTED_FORMS`` (store/models.py) swapped for pydantic-core constraints that accept no
more than they do.

What the full schema checks of okr's own file in Python, once per field (ids, non-empty
titles; text it already passed as it was, under the TRUSTED context), this one checks in
pydantic-core, or not at all for text: the same records, without ~21,000 Python calls for
a 16-team quarter. A file it refuses is validated again with the full schema, record by
record, for the error that names the record (``cycle_file._validated``).

The core schema is pydantic-core's documented format (``pydantic_core.core_schema``), a
tree of dicts: it is copied with those nodes replaced. tests/test_trusted_schema.py checks
that it accepts nothing the full schema refuses, with equal records.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import Any

from pydantic import BaseModel
from pydantic_core import SchemaValidator

from .models import TRUSTED_FORMS


def trusted_form(schema: Any) -> Any:
    """``schema`` with each function-after validator of TRUSTED_FORMS replaced by its inner
    schema plus the constraints mapped to it."""
    if isinstance(schema, list):
        return [trusted_form(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if schema.get("type") == "function-after":
        form = TRUSTED_FORMS.get(schema["function"].get("function"))
        if form is not None:
            return {**trusted_form(schema["schema"]), **form}
    return {key: trusted_form(value) for key, value in schema.items()}


_building = threading.Lock()


@cache
def trusted_fields_validator(model: type[BaseModel]) -> SchemaValidator:
    """The validator of the trusted form of ``model``'s fields, built on first use (~1 ms) and
    kept, under a lock (the meeting's saver and its UI may read at once). It gives the fields'
    values, ``validate_python(...)[0]``, not a model: for a class already built, pydantic-core
    reuses the class's own validator in place of its schema (its "prebuilt" validators). So
    would it for a record class built before this is (defer_build builds the classes on first
    use; a read builds CycleFile alone): the same records then, with its Python validators.
    tests/test_trusted_schema.py checks that a fresh process's read calls none."""
    with _building:
        model.model_rebuild()  # a deferred build (LAZY_BUILD) happens here
        schema = model.__pydantic_core_schema__
        return SchemaValidator(trusted_form(schema["schema"]), schema.get("config"))
