"""Finding a record by the id a person typed (O1, o1.2, archived ones included)."""

from __future__ import annotations

from .cycle_data import CycleData
from .errors import InvalidInputError
from .i18n import _
from .models import KR_ID, OBJECTIVE_ID, KeyResult, Objective


def find_item(data: CycleData, item_id: str) -> KeyResult | Objective:
    """A key result (O1.2) or an objective (O1) of the cycle; NotFoundError or
    InvalidInputError naming the id otherwise."""
    key = item_id.strip().upper()
    if KR_ID.fullmatch(key):
        return data.require_key_result(key)
    if OBJECTIVE_ID.fullmatch(key):
        return data.require_objective(key)
    raise InvalidInputError(_("{id!r} is neither a key result id (O1.2) nor an objective id (O1)").format(id=item_id))
