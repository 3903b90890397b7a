"""Validation at the edge and JSON round-trips of every record (property-based)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from store import (
    CheckIn,
    Cycle,
    KeyResult,
    Meeting,
    Objective,
    ObjectiveCheckIn,
    Root,
    Settings,
    Thresholds,
)
from store.text import NAME_MAX, TEXT_MAX, TITLE_MAX, clean_text, strip_controls
from store.weeks import add_weeks, parse_date, parse_week, week_monday, week_of

UTC = dt.UTC
AT = dt.datetime(2026, 11, 25, 10, tzinfo=UTC)

# Every character the store must strip: C0 but tab/newline, DEL, C1 (0x9b is CSI, 0x1b ESC).
CONTROLS = [chr(c) for c in [*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0)]]
controls = st.sampled_from(CONTROLS)
# Printable text with control characters mixed in.
dirty_text = st.lists(st.one_of(st.characters(codec="utf-8"), controls), max_size=60).map("".join)

# (model, field name, cap, extra fields making the model valid) for every user-text field.
TEXT_FIELDS: list[tuple[type[BaseModel], str, int, dict]] = [
    (Objective, "title", TITLE_MAX, {"id": "O1", "title": "t", "owner": "ana"}),
    (Objective, "owner", NAME_MAX, {"id": "O1", "title": "t", "owner": "ana"}),
    (Objective, "team", NAME_MAX, {"id": "O1", "title": "t", "owner": "ana"}),
    (KeyResult, "title", TITLE_MAX, {"id": "O1.1", "objective": "O1", "title": "t"}),
    (KeyResult, "owner", NAME_MAX, {"id": "O1.1", "objective": "O1", "title": "t"}),
    (KeyResult, "unit", NAME_MAX, {"id": "O1.1", "objective": "O1", "title": "t"}),
    (CheckIn, "blocker", TEXT_MAX, {"kr": "O1.1", "week": "2026-W48", "progress": 10, "at": AT}),
    (CheckIn, "help_from", NAME_MAX, {"kr": "O1.1", "week": "2026-W48", "progress": 10, "at": AT}),
    (CheckIn, "note", TEXT_MAX, {"kr": "O1.1", "week": "2026-W48", "progress": 10, "at": AT}),
    (CheckIn, "author", NAME_MAX, {"kr": "O1.1", "week": "2026-W48", "progress": 10, "at": AT}),
    (ObjectiveCheckIn, "note", TEXT_MAX, {"objective": "O1", "week": "2026-W48", "at": AT}),
    (ObjectiveCheckIn, "wins", TEXT_MAX, {"objective": "O1", "week": "2026-W48", "at": AT}),
    (Meeting, "team", NAME_MAX, {"id": "M1", "cycle": "2026-Q4", "week": "2026-W48", "started": AT}),
    (Meeting, "owner", NAME_MAX, {"id": "M1", "cycle": "2026-Q4", "week": "2026-W48", "started": AT}),
    (Meeting, "facilitator", NAME_MAX, {"id": "M1", "cycle": "2026-Q4", "week": "2026-W48", "started": AT}),
]
FIELD_IDS = [f"{m.__name__}.{f}" for m, f, _, _ in TEXT_FIELDS]


def has_control(text: str) -> bool:
    return any(c in CONTROLS for c in text)


# -- control characters ---------------------------------------------------------------

@pytest.mark.parametrize(("model", "name", "cap", "base"), TEXT_FIELDS, ids=FIELD_IDS)
@settings(max_examples=40)
@given(text=dirty_text)
def test_control_characters_are_stripped_from_every_text_field(model, name, cap, base, text):
    try:
        record = model.model_validate({**base, name: "x" + text})
    except ValidationError:
        return  # only the length cap may refuse it
    value = getattr(record, name)
    assert not has_control(value)
    assert value.startswith("x")


@pytest.mark.parametrize(("model", "name", "cap", "base"), TEXT_FIELDS, ids=FIELD_IDS)
def test_escape_sequences_lose_their_introducers(model, name, cap, base):
    attack = "a\x1b[31mred\x1b]8;;http://x\x07link\x9b2Jb\x7f\x00\r"
    value = getattr(model.model_validate({**base, name: attack}), name)
    assert value == "a[31mred]8;;http://xlink2Jb"


@pytest.mark.parametrize(("model", "name", "cap", "base"), TEXT_FIELDS, ids=FIELD_IDS)
def test_text_caps(model, name, cap, base):
    assert len(getattr(model.model_validate({**base, name: "é" * cap}), name)) == cap
    with pytest.raises(ValidationError, match=f"the limit is {cap}"):
        model.model_validate({**base, name: "é" * (cap + 1)})
    # Control characters do not count towards the cap: they are gone before it is checked.
    assert getattr(model.model_validate({**base, name: "é" * cap + "\x1b" * 5}), name) == "é" * cap


def test_list_and_dict_text_is_cleaned_too():
    meeting = Meeting(id="M1", cycle="2026-Q4", week="2026-W48", started=AT,
                      attendees=["Ana\x1b[2J", "\x9bBen"])
    assert meeting.attendees == ["Ana[2J", "Ben"]
    root = Root(teams=["ops\x07"], settings=Settings(users={"ana": {"facilitator": "Bo\x1bb", "attendees": ["C\x9b"]}}))
    assert root.teams == ["ops"]
    assert root.settings.users["ana"] == {"facilitator": "Bob", "attendees": ["C"]}


def test_single_line_fields_fold_newlines_and_tabs_but_long_text_keeps_them():
    obj = Objective(id="O1", title="  ship\n\tit  ", owner="ana")
    assert obj.title == "ship it"
    ci = CheckIn(kr="O1.1", week="2026-W48", progress=0, at=AT, note="line 1\n\tline 2\r\n")
    assert ci.note == "line 1\n\tline 2"


@given(st.text())
def test_strip_controls_keeps_everything_else(text):
    out = strip_controls(text)
    assert not has_control(out)
    separated = text.replace("\u2028", "\n").replace("\u2029", "\n")  # line/paragraph separators
    assert out == "".join(c for c in separated if c not in CONTROLS)


def test_empty_title_is_refused_even_after_cleaning():
    with pytest.raises(ValidationError, match="must not be empty"):
        Objective(id="O1", title=" \x1b\x9b \n", owner="ana")
    with pytest.raises(ValueError, match="the limit is 3"):
        clean_text("abcd", field="f", max_len=3)


# -- ranges and ids ---------------------------------------------------------------------

@given(st.integers(min_value=-1000, max_value=1000))
def test_confidence_is_1_to_10(n):
    ok = 1 <= n <= 10
    for make in (
        lambda: CheckIn(kr="O1.1", week="2026-W48", progress=0, confidence=n, at=AT),
        lambda: Objective(id="O1", title="t", owner="a", confidence=n),
        lambda: ObjectiveCheckIn(objective="O1", week="2026-W48", confidence=n, at=AT),
    ):
        if ok:
            assert make().confidence == n
        else:
            with pytest.raises(ValidationError):
                make()


@given(st.integers(min_value=-1000, max_value=1000))
def test_progress_is_0_to_100(n):
    if 0 <= n <= 100:
        assert CheckIn(kr="O1.1", week="2026-W48", progress=n, at=AT).progress == n
    else:
        with pytest.raises(ValidationError):
            CheckIn(kr="O1.1", week="2026-W48", progress=n, at=AT)


@pytest.mark.parametrize("bad", ["abc", 50.5, None, [], "1e2x"])
def test_progress_must_be_an_integer(bad):
    with pytest.raises(ValidationError):
        CheckIn(kr="O1.1", week="2026-W48", progress=bad, at=AT)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf")])
def test_metric_numbers_must_be_finite(bad):
    """JSON has no NaN: orjson would write null and the file would no longer load."""
    with pytest.raises(ValidationError):
        KeyResult(id="O1.1", objective="O1", title="t", start=bad, target=1)
    with pytest.raises(ValidationError):
        CheckIn(kr="O1.1", week="2026-W48", progress=0, value=bad, at=AT)


def test_metric_needs_both_ends_and_they_differ():
    with pytest.raises(ValidationError, match="both start and target"):
        KeyResult(id="O1.1", objective="O1", title="t", start=1)
    with pytest.raises(ValidationError, match="must differ"):
        KeyResult(id="O1.1", objective="O1", title="t", start=1, target=1)


@pytest.mark.parametrize(("model", "field", "base"), [
    (Objective, "id", {"title": "t", "owner": "a"}),
    (Objective, "aligns_to", {"id": "O1", "title": "t", "owner": "a"}),
    (KeyResult, "objective", {"id": "O1.1", "title": "t"}),
    (ObjectiveCheckIn, "objective", {"week": "2026-W48", "at": AT}),
])
@pytest.mark.parametrize("bad", ["O0", "o1", "O1\n", "O1.1", "X", "O١", " O1", "O1\x1b"])
def test_objective_ids_are_checked(model, field, base, bad):
    with pytest.raises(ValidationError):
        model.model_validate({**base, field: bad})


@pytest.mark.parametrize("bad", ["O1", "O1.0", "O1.1\n", "O1.", "1.1", "O1.1.1"])
def test_key_result_ids_are_checked(bad):
    with pytest.raises(ValidationError):
        KeyResult(id=bad, objective="O1", title="t")
    with pytest.raises(ValidationError):
        CheckIn(kr=bad, week="2026-W48", progress=0, at=AT)


def test_meeting_ids_are_checked():
    with pytest.raises(ValidationError):
        Meeting(id="M0", cycle="2026-Q4", week="2026-W48", started=AT)
    with pytest.raises(ValidationError):
        Meeting(id="M1", cycle="bad/name", week="2026-W48", started=AT)


def test_unknown_fields_are_refused():
    with pytest.raises(ValidationError):
        Objective(id="O1", title="t", owner="a", colour="red")


def test_thresholds_ranges():
    assert Thresholds() == Thresholds(low_confidence=4, confidence_drop=2, pace_committed=1.0,
                                      pace_aspirational=0.7, stalled_checkins=2)
    for bad in ({"low_confidence": 0}, {"pace_aspirational": 1.5}, {"stalled_checkins": 0}):
        with pytest.raises(ValidationError):
            Thresholds(**bad)


# -- weeks, dates and cycle names ---------------------------------------------------------

@given(st.dates(min_value=dt.date(1970, 1, 1), max_value=dt.date(9998, 12, 31)))
def test_week_of_round_trips(day):
    week = week_of(day)
    assert parse_week(week) == week
    monday = week_monday(week)
    assert monday.weekday() == 0 and monday <= day < monday + dt.timedelta(days=7)
    assert add_weeks(add_weeks(week, 3), -3) == week


@pytest.mark.parametrize(("text", "norm"), [("2026-W48", "2026-W48"), (" 2026-W01\n", "2026-W01"),
                                            ("2026-W53", "2026-W53"), ("2020-W53", "2020-W53")])
def test_good_weeks(text, norm):
    assert parse_week(text) == norm
    assert CheckIn(kr="O1.1", week=text, progress=0, at=AT).week == norm


@pytest.mark.parametrize("bad", ["2026-W00", "2025-W53", "2026-W54", "2026W48", "2026-w48",
                                 "26-W48", "2026-W4", "2026-W048", "", "2026-W48x", "2026-11-25"])
def test_bad_weeks(bad):
    with pytest.raises(ValueError):
        parse_week(bad)
    with pytest.raises(ValidationError):
        CheckIn(kr="O1.1", week=bad, progress=0, at=AT)


@given(st.text(max_size=12))
def test_parse_week_accepts_only_its_form(text):
    try:
        week = parse_week(text)
    except ValueError:
        return
    assert len(week) == 8 and week.isascii() and week[4:6] == "-W"


def test_dates():
    assert parse_date(" 2026-11-25 ") == dt.date(2026, 11, 25)
    for bad in ("2026-13-01", "2026-02-30", "tomorrow", ""):
        with pytest.raises(ValueError, match="YYYY-MM-DD"):
            parse_date(bad)


@pytest.mark.parametrize("name", ["2026-Q4", "q1", "H2.2026", "a_b", "x" * 40])
def test_good_cycle_names(name):
    cycle = Cycle(name=name, start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 31))
    assert cycle.file_name == f"cycle-{name}.json"


@pytest.mark.parametrize("name", ["", "-x", "a/b", "../up", "a b", "Q4\n", "x" * 41, "é", "a\x1b"])
def test_bad_cycle_names(name):
    """The name becomes a file name: nothing that could leave the store dir or hide a newline."""
    with pytest.raises(ValidationError):
        Cycle(name=name, start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 31))


def test_cycle_must_end_after_it_starts():
    with pytest.raises(ValidationError, match="before it starts"):
        Cycle(name="c", start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 1))


# -- JSON round-trips ------------------------------------------------------------------

names = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zs", "Zl", "Zp")),
                min_size=1, max_size=20)
long_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80)
weeks = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31)).map(week_of)
datetimes = st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2035, 1, 1),
                         timezones=st.just(UTC))
finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12)
obj_ids = st.integers(1, 999).map(lambda n: f"O{n}")
kr_ids = st.tuples(st.integers(1, 99), st.integers(1, 99)).map(lambda t: f"O{t[0]}.{t[1]}")


def metric_kr(kid: str, objective: str, title: str, ends: tuple[float, float] | None, unit: str) -> KeyResult:
    start, target = ends if ends and ends[0] != ends[1] else (None, None)
    return KeyResult(id=kid, objective=objective, title=title, start=start, target=target, unit=unit)


RECORDS = {
    "objective": st.builds(Objective, id=obj_ids, title=names, owner=names, team=names,
                           kind=st.sampled_from(["committed", "aspirational"]), aligns_to=obj_ids | st.just(""),
                           confidence=st.none() | st.integers(1, 10), order=st.integers(0, 99),
                           archived=st.booleans()),
    "key_result": st.builds(metric_kr, kr_ids, obj_ids, names, st.none() | st.tuples(finite, finite), names),
    "checkin": st.builds(CheckIn, kr=kr_ids, week=weeks, progress=st.integers(0, 100),
                         value=st.none() | finite, confidence=st.none() | st.integers(1, 10),
                         blocker=long_text, help_from=names, note=long_text, author=names, at=datetimes),
    "objective_checkin": st.builds(ObjectiveCheckIn, objective=obj_ids, week=weeks,
                                   confidence=st.none() | st.integers(1, 10), note=long_text,
                                   wins=long_text, at=datetimes),
    "meeting": st.builds(Meeting, id=st.integers(1, 99).map(lambda n: f"M{n}"), cycle=st.just("2026-Q4"),
                         week=weeks, team=names, facilitator=names, attendees=st.lists(names, max_size=5),
                         timebox_minutes=st.integers(1, 120), started=datetimes,
                         ended=st.none() | datetimes, position=st.integers(0, 20),
                         seconds=st.dictionaries(obj_ids, st.floats(0, 1e6))),
    "cycle": st.builds(lambda d, n: Cycle(name="c-1", start=d, end=d + dt.timedelta(days=n)),
                       st.dates(min_value=dt.date(1970, 1, 1), max_value=dt.date(9997, 12, 1)), st.integers(1, 400)),
    "thresholds": st.builds(Thresholds, low_confidence=st.integers(1, 10), confidence_drop=st.integers(1, 9),
                            pace_committed=st.floats(0, 1), pace_aspirational=st.floats(0, 1),
                            stalled_checkins=st.integers(1, 20)),
}


@pytest.mark.parametrize("kind", list(RECORDS))
@settings(max_examples=60)
@given(data=st.data())
def test_json_round_trip(kind, data):
    record = data.draw(RECORDS[kind])
    dumped = record.model_dump(mode="json")
    again = type(record).model_validate(dumped)
    assert again == record
    assert again.model_dump(mode="json") == dumped


@given(st.lists(names, max_size=3), st.builds(Thresholds))
def test_root_round_trip(teams, thresholds):
    root = Root(teams=teams, settings=Settings(thresholds=thresholds, users={"ana": {"theme": "dark"}}))
    assert Root.model_validate(root.model_dump(mode="json")) == root
