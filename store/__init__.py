"""okr-checkin's model: records, the JSON store and the OKR rules. No terminal needed.

The names below load their module on first use (PEP 562): ``from store import week_of``
imports only store.weeks, so `okr --help` and friends start without building the
pydantic models (~100 ms), which only commands that read the store need.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_HOME = {
    "CycleData": "cycle_data",
    "MAX_KEY_RESULTS": "cycle_tx", "MAX_OBJECTIVES": "cycle_tx", "CycleTx": "cycle_tx",
    "CorruptFileError": "errors", "InvalidInputError": "errors", "LimitError": "errors",
    "NoStoreError": "errors", "NotFoundError": "errors", "SchemaTooNewError": "errors",
    "StoreError": "errors",
    "SCHEMA_VERSION": "models", "CheckIn": "models", "Cycle": "models", "KeyResult": "models",
    "Kind": "models", "Meeting": "models", "Objective": "models", "ObjectiveCheckIn": "models",
    "Root": "models", "Settings": "models", "Thresholds": "models",
    "Store": "store", "current_user": "store", "default_store_path": "store",
    "add_weeks": "weeks", "parse_week": "weeks", "quarter_of": "weeks", "week_monday": "weeks",
    "week_of": "weeks",
}

__all__ = [
    "CheckIn", "CorruptFileError", "Cycle", "CycleData", "CycleTx", "InvalidInputError", "KeyResult",
    "Kind", "LimitError", "MAX_KEY_RESULTS", "MAX_OBJECTIVES", "Meeting", "NoStoreError", "NotFoundError",
    "Objective", "ObjectiveCheckIn", "Root", "SCHEMA_VERSION", "SchemaTooNewError", "Settings", "Store",
    "StoreError", "Thresholds", "add_weeks", "current_user", "default_store_path", "parse_week",
    "quarter_of", "week_monday", "week_of",
]  # the names of _HOME


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'store' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"store.{module}"), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from .cycle_data import CycleData
    from .cycle_tx import MAX_KEY_RESULTS, MAX_OBJECTIVES, CycleTx
    from .errors import (
        CorruptFileError,
        InvalidInputError,
        LimitError,
        NoStoreError,
        NotFoundError,
        SchemaTooNewError,
        StoreError,
    )
    from .models import (
        SCHEMA_VERSION,
        CheckIn,
        Cycle,
        KeyResult,
        Kind,
        Meeting,
        Objective,
        ObjectiveCheckIn,
        Root,
        Settings,
        Thresholds,
    )
    from .store import Store, current_user, default_store_path
    from .weeks import add_weeks, parse_week, quarter_of, week_monday, week_of
