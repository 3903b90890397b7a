"""okr-checkin's model: records, the JSON store and the OKR rules. No terminal needed."""

from .cycle_data import CycleData
from .cycle_tx import MAX_KEY_RESULTS, MAX_OBJECTIVES, CycleTx
from .errors import (
    CorruptFileError, InvalidInputError, LimitError, NoStoreError, NotFoundError,
    SchemaTooNewError, StoreError,
)
from .models import (
    SCHEMA_VERSION, CheckIn, Cycle, KeyResult, Kind, Meeting, Objective, ObjectiveCheckIn,
    Root, Settings, Thresholds,
)
from .store import Store, current_user, default_store_path
from .weeks import add_weeks, parse_week, quarter_of, week_monday, week_of

__all__ = [
    "MAX_KEY_RESULTS", "MAX_OBJECTIVES", "SCHEMA_VERSION", "CheckIn", "CorruptFileError", "Cycle",
    "CycleData", "CycleTx", "InvalidInputError", "KeyResult", "Kind", "LimitError", "Meeting",
    "NoStoreError", "NotFoundError", "Objective", "ObjectiveCheckIn", "Root", "SchemaTooNewError",
    "Settings", "Store", "StoreError", "Thresholds", "add_weeks", "current_user",
    "default_store_path", "parse_week", "quarter_of", "week_monday", "week_of",
]
