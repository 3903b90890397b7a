"""Finding a record by the id a person typed (O1, o1.2, archived ones included)."""

from __future__ import annotations

from .cycle_data import CycleData
from .errors import InvalidInputError, NotFoundError
from .models import KR_ID, OBJECTIVE_ID, KeyResult, Objective


def find_item(data: CycleData, item_id: str) -> KeyResult | Objective:
    """A key result (O1.2) or an objective (O1) of the cycle; NotFoundError or
    InvalidInputError naming the id otherwise."""
    key = item_id.strip().upper()
    if KR_ID.fullmatch(key):
        kr = data.key_result(key)
        if kr is None:
            raise NotFoundError(f"no key result {key} in cycle {data.cycle.name}")
        return kr
    if OBJECTIVE_ID.fullmatch(key):
        obj = data.objective(key)
        if obj is None:
            raise NotFoundError(f"no objective {key} in cycle {data.cycle.name}")
        return obj
    raise InvalidInputError(f"{item_id!r} is neither a key result id (O1.2) nor an objective id (O1)")
