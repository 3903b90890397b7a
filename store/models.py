"""The OKR records, as pydantic models. Validation happens here, at the edge.

No ``from __future__ import annotations`` here: pydantic would evaluate every annotation
from its text as it builds the models (~3 ms of every command that reads a cycle).
"""

import datetime as dt
import re
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, GetCoreSchemaHandler, ValidationInfo, model_validator
from pydantic.version import VERSION as PYDANTIC_VERSION
from pydantic_core import core_schema

from .i18n import N_, _
from .text import NAME_MAX, TEXT_MAX, TITLE_MAX, clean_text, shown
from .weeks import FIRST_DAY, FIRST_YEAR, LAST_DAY, LAST_YEAR, check_year, parse_week

SCHEMA_VERSION = 1

# Used with fullmatch: "$" alone would let a trailing newline through (into file names).
# Bounded, so that every id parses to a small number (objectives O1-O9999, key results
# O1.1-O9999.99, meetings M1-M999999) and the next one still fits.
OBJECTIVE_ID = re.compile(r"O[1-9][0-9]{0,3}")
KR_ID = re.compile(r"O[1-9][0-9]{0,3}\.[1-9][0-9]?")
MEETING_ID = re.compile(r"M[1-9][0-9]{0,5}")
CYCLE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}")
MAX_OBJECTIVE_NUMBER, MAX_KR_NUMBER, MAX_MEETING_NUMBER = 9999, 99, 999_999
MAX_ORDER = 1_000_000
MAX_NUMBER = 1e15  # metric values: |x| up to this; doubles are exact to the unit below 9e15
MAX_SECONDS = 10_000_000.0  # time spent on one objective in one meeting (~115 days)
MAX_CYCLE_DAYS = 731


# Validation context for records read back from the store's own files: their text was
# cleaned when saved (and is cleaned again at render), so loading skips the cleaning.
TRUSTED = {"trusted": True}


class After:
    """An after-validator, as pydantic's AfterValidator, that says how it is called: pydantic
    reads the signature of each AfterValidator's function at every model build (~50 of a
    command that writes, ~0.7 ms). ``info``: the function takes a ValidationInfo."""

    __slots__ = ("func", "info")

    def __init__(self, func: Callable[..., Any], *, info: bool = False) -> None:
        self.func, self.info = func, info

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        if self.info:
            return core_schema.with_info_after_validator_function(self.func, handler(source))
        return core_schema.no_info_after_validator_function(self.func, handler(source))


# A cycle file is read through a copy of its schema in which these validators (Python, called
# once per field: ~21,000 calls, 40 % of validating a 16-team quarter) give way to the
# pydantic-core constraints mapped to them, which accept no more (store/trusted.py).
TRUSTED_FORMS: dict[Callable[..., Any], dict[str, Any]] = {}


def _text(field: str, max_len: int, single_line: bool = True):
    def check(v: str, info: ValidationInfo) -> str:
        if info.context is TRUSTED:
            return v
        return clean_text(v, field=field, max_len=max_len, single_line=single_line)
    TRUSTED_FORMS[check] = {}
    return After(check, info=True)


def _id(pattern: re.Pattern[str], message: str, empty_ok: bool = False):
    """Ids are parsed (``int(id[1:])``, sorting): one that does not fit is refused on load.
    ``message`` (marked with N_) is said of it, with {id} and the bounds {max}, {kr_max}, {max_meeting}."""
    def check(v: str) -> str:
        if not (pattern.fullmatch(v) or (empty_ok and v == "")):
            raise ValueError(_(message).format(id=shown(v), max=MAX_OBJECTIVE_NUMBER, kr_max=MAX_KR_NUMBER,
                                              max_meeting=MAX_MEETING_NUMBER))
        return v
    # pydantic-core's regex searches: anchored, and "$" there is the end of the text only.
    TRUSTED_FORMS[check] = {"pattern": f"^(?:{pattern.pattern}){'?' if empty_ok else ''}$"}
    return After(check)


def empty_list() -> list:
    """A default factory. Not ``list`` itself: pydantic asks a factory's signature, and a
    builtin's is parsed from its text signature with tokenize (~15 ms at the first model)."""
    return []


def empty_dict() -> dict:
    """A default factory; see empty_list."""
    return {}


def _in_years(v: dt.datetime) -> dt.datetime:
    check_year(v, "time")
    return v


# A day inside the years at each end: whatever its offset (under a day), a time between these
# has its own year inside them. One outside is checked by _in_years (the full schema).
TRUSTED_FORMS[_in_years] = {"ge": dt.datetime(FIRST_YEAR, 1, 2, tzinfo=dt.UTC),
                            "lt": dt.datetime(LAST_YEAR, 12, 31, tzinfo=dt.UTC)}


def _non_empty(v: str) -> str:
    if not v:
        raise ValueError(_("must not be empty"))
    return v


TRUSTED_FORMS[_non_empty] = {"min_length": 1}


Title = Annotated[str, _text("title", TITLE_MAX), After(_non_empty)]
Name = Annotated[str, _text("name", NAME_MAX)]
LongText = Annotated[str, _text("text", TEXT_MAX, single_line=False)]
Confidence = Annotated[int, Field(ge=1, le=10)]
Percent = Annotated[int, Field(ge=0, le=100)]
Order = Annotated[int, Field(ge=0, le=MAX_ORDER)]
# JSON has no NaN/inf (orjson writes null): refuse them before they reach the file.
Number = Annotated[float, Field(allow_inf_nan=False, ge=-MAX_NUMBER, le=MAX_NUMBER)]
Seconds = Annotated[float, Field(allow_inf_nan=False, ge=0, le=MAX_SECONDS)]
Week = Annotated[str, After(parse_week)]
Day = Annotated[dt.date, Field(ge=FIRST_DAY, le=LAST_DAY)]
Time = Annotated[dt.datetime, After(_in_years)]
NOT_OBJECTIVE_ID = N_("{id} is not an objective id (O1 to O{max})")
ObjectiveId = Annotated[str, _id(OBJECTIVE_ID, NOT_OBJECTIVE_ID)]
KrId = Annotated[str, _id(KR_ID, N_("{id} is not a key result id (O1.1 to O{max}.{kr_max})"))]
# Preferences are names (a theme, a facilitator, attendees): capped as names.
PrefText = Annotated[str, _text("setting", NAME_MAX)]


# defer_build: a model's validator and serializer are built on its first use, not at import.
# A cycle's records are read through CycleFile, whose one schema holds theirs: building each
# again, alone, at import cost `okr list` ~10 ms (issue 17, measured). Only where pydantic
# builds a deferred model under a lock (2.14 has it): before, two threads' first uses at once
# (the meeting's saver and its UI) could validate with the parent's (Record's) validator.
LAZY_BUILD = tuple(map(int, PYDANTIC_VERSION.split(".")[:2])) >= (2, 14)


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, defer_build=LAZY_BUILD)


class Kind(StrEnum):
    """English in the store and in JSON; ``_(kind)`` where shown (承诺型 / 挑战型)."""

    COMMITTED = N_("committed")
    ASPIRATIONAL = N_("aspirational")


class Cycle(Record):
    name: str
    start: Day
    end: Day

    @model_validator(mode="after")
    def _check(self) -> "Cycle":
        if not CYCLE_NAME.fullmatch(self.name):
            raise ValueError(_("cycle name {name!r} may hold only letters, digits, '.', '_' and '-' (max 40)").format(
                name=self.name))
        if self.end <= self.start:
            raise ValueError(_("cycle {cycle} ends ({end}) before it starts ({start})").format(
                cycle=self.name, end=self.end, start=self.start))
        if (self.end - self.start).days >= MAX_CYCLE_DAYS:
            raise ValueError(_("cycle {cycle} lasts {days} days; a cycle lasts at most {max} days (2 years)").format(
                cycle=self.name, days=(self.end - self.start).days + 1, max=MAX_CYCLE_DAYS))
        return self

    @property
    def file_name(self) -> str:
        return f"cycle-{self.name}.json"


class Objective(Record):
    id: ObjectiveId
    title: Title
    owner: Name
    team: Name = ""
    kind: Kind = Kind.COMMITTED
    aligns_to: Annotated[str, _id(OBJECTIVE_ID, NOT_OBJECTIVE_ID, empty_ok=True)] = ""
    confidence: Confidence | None = None
    order: Order = 0
    archived: bool = False

    @property
    def number(self) -> int:
        return int(self.id[1:])


class KeyResult(Record):
    id: KrId
    objective: ObjectiveId
    title: Title
    owner: Name = ""
    start: Number | None = None
    target: Number | None = None
    unit: Name = ""
    due: Day | None = None
    order: Order = 0
    archived: bool = False

    @model_validator(mode="after")
    def _check_metric(self) -> "KeyResult":
        if (self.start is None) != (self.target is None):
            raise ValueError(_("a metric key result needs both start and target"))
        if self.start is not None and self.start == self.target:
            raise ValueError(_("a metric key result's start and target must differ"))
        return self

    @property
    def is_metric(self) -> bool:
        return self.start is not None

    @property
    def lower_is_better(self) -> bool:
        return self.is_metric and self.target < self.start  # type: ignore[operator]

    def progress_of(self, value: float) -> int:
        """Percent of the way from start to target, 0-100 (works both directions)."""
        assert self.start is not None and self.target is not None
        share = (value - self.start) / (self.target - self.start)
        return round(min(1.0, max(0.0, share)) * 100)


class CheckIn(Record):
    kr: KrId
    week: Week
    progress: Percent
    value: Number | None = None
    confidence: Confidence | None = None
    blocker: LongText = ""
    help_from: Name = ""
    note: LongText = ""
    # What happens before next week, and who; carried week to week like a blocker.
    next_step: LongText = ""
    author: Name = ""
    at: Time


class ObjectiveCheckIn(Record):
    """The objective-level answer of a week: confidence, a note and wins (CFR)."""

    objective: ObjectiveId
    week: Week
    confidence: Confidence | None = None
    note: LongText = ""
    wins: LongText = ""
    at: Time


class MeetingKind(StrEnum):
    MEETING = "meeting"  # the team's check-in
    REVIEW = "review"  # one owner's own weekly review: never "the latest meeting"


class Meeting(Record):
    id: Annotated[str, _id(MEETING_ID, N_("{id} is not a meeting id (M1 to M{max_meeting})"))]
    kind: MeetingKind = MeetingKind.MEETING
    cycle: Annotated[str, _id(CYCLE_NAME, N_("{id} is not a cycle name like 2026-Q4"))]
    week: Week
    team: Name = ""
    owner: Name = ""
    facilitator: Name = ""
    attendees: list[Name] = Field(default_factory=empty_list, max_length=100)
    # Owners marked absent for this meeting: their key results are skipped, listed as absent.
    absent: list[Name] = Field(default_factory=empty_list, max_length=100)
    timebox_minutes: int = Field(default=3, ge=1, le=120)
    started: Time
    ended: Time | None = None
    # Where the meeting stands: an objective's index, or one past the last (the summary).
    position: int = Field(default=0, ge=0, le=MAX_OBJECTIVE_NUMBER + 1)
    seconds: dict[ObjectiveId, Seconds] = Field(default_factory=empty_dict, max_length=MAX_OBJECTIVE_NUMBER)

    @property
    def finished(self) -> bool:
        return self.ended is not None


class Thresholds(Record):
    """The needs-help rule's knobs, with DESIGN.md's defaults; overridable per store."""

    low_confidence: int = Field(default=4, ge=1, le=10)
    confidence_drop: int = Field(default=2, ge=1, le=9)
    pace_committed: float = Field(default=1.0, ge=0, le=1)
    pace_aspirational: float = Field(default=0.7, ge=0, le=1)
    # Percentage points a key result may trail the pace before it is "behind pace".
    pace_tolerance: float = Field(default=5.0, ge=0, le=100)
    stalled_checkins: int = Field(default=2, ge=1, le=20)


class Settings(Record):
    thresholds: Thresholds = Field(default_factory=Thresholds)
    shared: bool = False
    # Per-user preferences (theme, last facilitator/attendees), keyed by login name.
    users: dict[Name, dict[Name, PrefText | Annotated[list[PrefText], Field(max_length=100)]]] = Field(
        default_factory=empty_dict)


class Root(Record):
    schema_version: int = SCHEMA_VERSION
    teams: list[Name] = Field(default_factory=empty_list)
    cycles: list[Cycle] = Field(default_factory=empty_list)
    settings: Settings = Field(default_factory=Settings)


class CycleFile(BaseModel):
    """A cycle file, validated in one call (doc ids are checked before: cycle_file._check_tables).
    Tables it does not know are left alone."""

    model_config = ConfigDict(extra="ignore", defer_build=LAZY_BUILD)  # built by the first read, not at import
    meta: dict[str, dict[str, Any]] = {}
    objectives: dict[str, Objective] = {}
    key_results: dict[str, KeyResult] = {}
    checkins: dict[str, CheckIn] = {}
    objective_checkins: dict[str, ObjectiveCheckIn] = {}
    meetings: dict[str, Meeting] = {}
