"""The trusted form of the cycle file's schema (store/trusted.py): what it accepts, the full
schema accepts too, with the same records; and a read of okr's own file calls none of the
models' Python field validators."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from store.models import TRUSTED, CycleFile
from store.trusted import trusted_fields_validator

CHECKIN = {"kr": "O1.1", "week": "2026-W48", "progress": 40, "at": "2026-11-25T09:00:00Z"}
OBJECTIVE = {"id": "O1", "title": "Ship it", "owner": "ana", "aligns_to": ""}


def _both(data: dict[str, Any]) -> tuple[Any, Any]:
    """(the full schema's tables, the trusted form's), None for a refusal."""
    try:
        full = CycleFile.model_validate(data, context=TRUSTED).model_dump()
    except ValidationError:
        full = None
    try:
        fields = trusted_fields_validator(CycleFile).validate_python(data, context=TRUSTED)[0]
        trusted = CycleFile.model_construct(**fields).model_dump()
    except ValidationError:
        trusted = None
    return full, trusted


def _agree(data: dict[str, Any]) -> None:
    """The trusted form refuses more at most (a refusal is read again with the full schema)."""
    full, trusted = _both(data)
    assert trusted is None or trusted == full


ids = st.one_of(st.text(max_size=9), st.from_regex(r"O[0-9]{1,5}(\.[0-9]{1,3})?\n?", fullmatch=True))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(kr=ids, objective=ids, aligns=ids)
def test_ids_are_refused_alike(kr: str, objective: str, aligns: str) -> None:
    for data in ({"checkins": {"1": {**CHECKIN, "kr": kr}}},
                 {"objectives": {"1": {**OBJECTIVE, "id": objective, "aligns_to": aligns}}}):
        full, trusted = _both(data)
        assert trusted == full  # ids: refused alike, and the same records when not


@given(title=st.text(max_size=3), note=st.text(max_size=20))
def test_text_is_taken_as_written_as_the_trusted_context_did(title: str, note: str) -> None:
    full, trusted = _both({"objectives": {"1": {**OBJECTIVE, "title": title}},
                           "checkins": {"1": {**CHECKIN, "note": note}}})
    assert trusted == full and (full is None) == (title == "")


offsets = st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59).map(
    lambda m: dt.timezone(dt.timedelta(minutes=m)))


@given(st.one_of(
    st.datetimes(min_value=dt.datetime(1969, 12, 30), max_value=dt.datetime(1970, 1, 3), timezones=offsets),
    st.datetimes(min_value=dt.datetime(9998, 12, 29), max_value=dt.datetime(9999, 1, 2), timezones=offsets),
    st.datetimes(min_value=dt.datetime(1969, 12, 30), max_value=dt.datetime(9999, 1, 2))))
def test_times_near_the_years_ends_are_never_let_through(at: dt.datetime) -> None:
    _agree({"checkins": {"1": {**CHECKIN, "at": at.isoformat()}}})


def test_a_read_of_okrs_own_file_calls_no_python_field_validator(tmp_path: Path) -> None:
    """As `okr list` reads: a fresh process, the models not built before the read; counted by a
    profile hook."""
    from store.generate import generate

    store = generate(tmp_path / "store", years=1, teams=2, today=dt.date(2026, 11, 25))
    probe = """
import sys
from store import Store
from store.models import TRUSTED_FORMS
store = Store.open(sys.argv[1]); cycle = store.cycle()
codes, calls = {f.__code__ for f in TRUSTED_FORMS}, []
def hook(frame, event, arg):
    if event == "call" and frame.f_code in codes:
        calls.append(frame.f_code.co_qualname)
sys.setprofile(hook); data = store.load(cycle); sys.setprofile(None)
print(len(TRUSTED_FORMS), len(data.checkins), sorted(set(calls)))
"""
    out = subprocess.run([sys.executable, "-c", probe, str(store.path)], capture_output=True, text=True, check=True,
                         env={**os.environ, "OKR_LANG": "en"}, cwd=Path(__file__).parent.parent)
    forms, checkins, called = out.stdout.strip().split(maxsplit=2)
    assert int(forms) > 4 and int(checkins) > 100 and called == "[]", out.stdout


@pytest.mark.parametrize("at", ["1970-01-01T23:00:00+05:00", "9998-12-31T12:00:00Z"])
def test_a_time_the_trusted_form_refuses_is_still_read(at: str) -> None:
    """Within a day of the ends: refused by the trusted form, read with the full schema."""
    from store.cycle_file import _validated

    tables = _validated(Path("cycle-x.json"), {"meta": {"1": {}}, "checkins": {"1": {**CHECKIN, "at": at}}})
    assert tables["checkins"]["1"].at == dt.datetime.fromisoformat(at)
