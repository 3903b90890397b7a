"""Numbers, ids and dates have sane bounds on every way in: the commands, a JSON or
Markdown import, and the store's own files (a value out of bounds there is refused as
corrupt, naming the file). Each refusal is one line that names the field and the bound."""

from __future__ import annotations

import copy
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest
from pydantic import ValidationError

from store import CorruptFileError, InvalidInputError, LimitError, Store, StoreError
from store.carry import next_cycle_dates, start_next_cycle
from store.markdown_import import import_markdown
from store.models import CheckIn, Cycle, KeyResult, Meeting, Objective
from store.portable import export_json, parse_export
from store.weeks import parse_date, parse_week

OKR = Path(sys.executable).parent / "okr"
TODAY = dt.date(2026, 11, 25)
AT = dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC)


def okr(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(OKR), *map(str, args)], capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)


def one_line_error(done: subprocess.CompletedProcess[str], code: int = 1) -> str:
    assert done.returncode == code, (done.stdout, done.stderr)
    [line] = done.stderr.splitlines()
    assert line.startswith("Error: ") and len(line) < 300, line
    return line


def files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if not p.name.endswith(".lock")}


@pytest.fixture
def filled(store: Store) -> Store:
    with store.write(store.cycle()) as tx:
        o = tx.add_objective(title="Ship it", owner="Ana")
        k = tx.add_key_result(o.id, title="Signup flow")
        tx.check_in(k.id, "2026-W48", progress=40, confidence=7)
    return store


@pytest.fixture
def doc(filled: Store) -> dict[str, Any]:
    return export_json([filled.load(c) for c in filled.cycles()])


# -- the models -------------------------------------------------------------------------

@pytest.mark.parametrize(("model", "fields", "says"), [
    (Objective, {"id": "O10000", "title": "t", "owner": "o"}, r"id: 'O10000' is not an objective id \(O1 to O9999\)"),
    (Objective, {"id": "O1", "title": "t", "owner": "o", "aligns_to": "O99999999999999999999"},
     "aligns_to: 'O99999999999999999999' is not an objective id"),
    (Objective, {"id": "O1", "title": "t", "owner": "o", "order": 10**6 + 1}, "order: .*less than or equal to 1000000"),
    (Objective, {"id": "O1", "title": "t", "owner": "o", "order": -1}, "order: .*greater than or equal to 0"),
    (KeyResult, {"id": "O1.100", "objective": "O1", "title": "t"}, r"id: 'O1.100' is not a key result id \(O1.1 to"),
    (KeyResult, {"id": "O1.1", "objective": "O1", "title": "t", "start": 0, "target": 1e16},
     "target: .*less than or equal to 1000000000000000"),
    (Meeting, {"id": "M1000000", "cycle": "c", "week": "2026-W48", "started": AT},
     "id: 'M1000000' is not a meeting id"),
    (Meeting, {"id": "M1", "cycle": "c", "week": "2026-W48", "started": AT, "position": 2**64},
     "position: .*less than or equal to 10000"),
    (Meeting, {"id": "M1", "cycle": "c", "week": "2026-W48", "started": AT, "seconds": {"O1": 1e300}},
     r"seconds\['O1'\]: .*less than or equal to 10000000"),
    (Meeting, {"id": "M1", "cycle": "c", "week": "2026-W48", "started": AT, "seconds": {"O1": -1}},
     r"seconds\['O1'\]: .*greater than or equal to 0"),
    (Cycle, {"name": "Z", "start": "9999-12-01", "end": "9999-12-31"}, "start: .*less than or equal to 9998-12-31"),
    (Cycle, {"name": "Z", "start": "1969-12-01", "end": "1970-01-31"}, "start: .*greater than or equal to 1970-01-01"),
    (Cycle, {"name": "Z", "start": "2026-01-01", "end": "2030-01-01"}, "a cycle lasts at most 731 days"),
    (KeyResult, {"id": "O1.1", "objective": "O1", "title": "t", "due": "9999-01-01"}, "due: .*9998-12-31"),
    (CheckIn, {"kr": "O1.1", "week": "9999-W01", "progress": 1, "at": AT}, "week '9999-W01' is outside the days"),
    (CheckIn, {"kr": "O1.1", "week": "2026-W48", "progress": 1, "at": "9999-12-31T23:59:59+00:00"},
     "at: time 9999-12-31 is outside the days okr-checkin handles"),
])
def test_the_models_bound_every_number_id_and_date(model: type, fields: dict[str, Any], says: str) -> None:
    from store.validation import build

    with pytest.raises(InvalidInputError, match=says) as caught:
        build(model, **fields)
    assert "function-after" not in str(caught.value) and "\n" not in str(caught.value)


def test_the_ends_of_each_range_are_accepted() -> None:
    Objective(id="O9999", title="t", owner="o", aligns_to="O1", order=10**6)
    KeyResult(id="O9999.99", objective="O9999", title="t", start=-1e15, target=1e15)
    Meeting(id="M999999", cycle="c", week="2026-W48", started=AT, position=10_000, seconds={"O9999": 1e7})
    Cycle(name="first", start=dt.date(1970, 1, 1), end=dt.date(1971, 12, 31))
    Cycle(name="last", start=dt.date(9998, 10, 1), end=dt.date(9998, 12, 31))
    assert parse_week("1970-W01") == "1970-W01" and parse_week("9998-W52") == "9998-W52"


@pytest.mark.parametrize(("text", "says"), [
    ("9999-12-01", "outside the days okr-checkin handles (1970-01-01 to 9998-12-31)"),
    ("1969-12-31", "outside the days okr-checkin handles"),
])
def test_parse_date_names_the_bound(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=says.replace("(", r"\(").replace(")", r"\)")):
        parse_date(text)


# -- the commands ------------------------------------------------------------------------

def test_a_cycle_in_year_9999_is_refused_and_the_last_cycle_has_no_next(store: Store) -> None:
    """It used to be accepted; then checkin, history, cycle next and home died with OverflowError."""
    line = one_line_error(okr("cycle", "add", "Z", "--start", "9999-12-01", "--end", "9999-12-31",
                              "--store", store.path), code=2)
    assert "9998-12-31" in line
    last = store.add_cycle("last", dt.date(9998, 10, 1), dt.date(9998, 12, 31))
    with pytest.raises(StoreError, match="ends on 9998-12-31, the last day okr-checkin handles; it has no next"):
        start_next_cycle(store, last)
    near = Cycle(name="near", start=dt.date(9998, 7, 1), end=dt.date(9998, 9, 30))
    assert next_cycle_dates(near) == ("9998-Q4", dt.date(9998, 10, 1), dt.date(9998, 12, 31))
    line = one_line_error(okr("checkin", "O1.1", "--week", "9999-W30", "--progress", "5", "--store", store.path),
                          code=2)
    assert "outside the days okr-checkin handles" in line


def test_a_cycle_out_of_objective_numbers_says_so(store: Store) -> None:
    """`### O9999` may be imported; the next objective add says why it cannot, not a traceback."""
    cycle = store.cycle()
    with store.write(cycle) as tx:
        tx.put(Objective(id="O9999", title="Last", owner="Ana"))
    with pytest.raises(LimitError, match="every objective id up to O9999") as caught, store.write(cycle) as tx:
        tx.add_objective(title="One more", owner="Bo")
    assert (caught.value.field, caught.value.limit) == ("objective", 9999)
    with store.write(cycle) as tx:
        tx.put(KeyResult(id="O9999.99", objective="O9999", title="Last"))
    with pytest.raises(LimitError, match="every key result id up to O9999.99"), store.write(cycle) as tx:
        tx.add_key_result("O9999", title="One more", force=True)


# -- JSON import -------------------------------------------------------------------------

@pytest.mark.parametrize(("table", "field", "value", "says"), [
    ("objectives", "order", 2**64, r"cycles\[0\]\.objectives\[0\]: order: .*less than or equal to 1000000"),
    ("objectives", "order", 10**30, r"order: .*less than or equal to 1000000"),
    ("checkins", "progress", 2**70, r"cycles\[0\]\.checkins\[0\]: progress: .*less than or equal to 100"),
    ("objectives", "id", "O" + "9" * 5000, r"id: 'O9999.*… is not an objective id"),
])
def test_json_import_bounds(filled: Store, doc: dict[str, Any], tmp_path: Path, table: str, field: str,
                            value: Any, says: str) -> None:
    bad = copy.deepcopy(doc)
    bad["cycles"][0][table][0][field] = value
    with pytest.raises(InvalidInputError, match=says) as caught:
        parse_export(bad)
    assert len(str(caught.value)) < 300
    # Through the CLI: the file as JSON text (orjson reads 2**64 and up as floats).
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad))
    target = Store.init(tmp_path / "t", today=TODAY)
    before = files(target.path)
    assert field in one_line_error(okr("import", path, "--store", target.path))
    assert files(target.path) == before


@pytest.mark.parametrize(("text", "says"), [
    ('{"format": "okr-checkin-export", "version": 1, "cycles": [], "n": ' + "9" * 5000 + "}", "is not valid JSON"),
    ("[" * 100_000, "is not valid JSON (depth limit exceeded"),
])
def test_huge_numbers_and_deep_nesting_are_refused_in_one_line(store: Store, tmp_path: Path, text: str,
                                                               says: str) -> None:
    """Once a ValueError (int parsing past 4300 digits) and a RecursionError."""
    path = tmp_path / "hostile.json"
    path.write_text(text)
    before = files(store.path)
    assert says in one_line_error(okr("import", path, "--store", store.path))
    assert files(store.path) == before


# -- Markdown import -----------------------------------------------------------------------

@pytest.mark.parametrize("heading", ["### O" + "9" * 5000 + " t", "### O99999999999999999999 t", "### O10000 t"])
def test_markdown_ids_are_bounded(filled: Store, heading: str) -> None:
    text = f"## Cycle 2026-Q4\n- start: 2026-10-01\n- end: 2026-12-31\n\n{heading}\n- owner: Ana\n"
    before = files(filled.path)
    with pytest.raises(InvalidInputError, match=r"line 5: 'O9.*is not an objective id \(O1 to O9999\)|line 5: 'O10000'"
                       ) as caught:
        import_markdown(filled, text)
    assert len(str(caught.value)) < 200
    assert files(filled.path) == before


def test_markdown_metric_and_dates_are_bounded(filled: Store) -> None:
    base = "## Cycle 2026-Q4\n- start: 2026-10-01\n- end: 2026-12-31\n\n### O1 Ship it\n- owner: Ana\n\n#### O1.1 x\n"
    with pytest.raises(InvalidInputError, match="line 9: key result O1.1: metric: .*less than or equal to 10{15};"):
        import_markdown(filled, base + "- metric: 0 -> 1e300 h\n")
    with pytest.raises(InvalidInputError, match="line 9: key result O1.1: due: .*9998-12-31"):
        import_markdown(filled, base + "- due: 9999-01-01\n")


# -- the store's own files -----------------------------------------------------------------

@pytest.mark.parametrize(("table", "field", "value"), [
    ("objectives", "id", "O99999999999999999999"), ("objectives", "order", 10**18),
    ("checkins", "week", "9999-W01"), ("checkins", "at", "9999-12-31T23:59:59Z"),
    ("key_results", "start", 1e300),
])
def test_a_store_file_with_values_out_of_bounds_is_refused_as_corrupt(filled: Store, table: str, field: str,
                                                                      value: Any) -> None:
    path = filled.cycle_path(filled.cycle())
    data = orjson.loads(path.read_bytes())
    data[table]["1"][field] = value
    if field == "start":
        data[table]["1"]["target"] = 0
    path.write_bytes(orjson.dumps(data))
    before = path.read_bytes()
    with pytest.raises(CorruptFileError, match=rf"{path.name}: {table} #1 does not validate \({field}"):
        Store.open(filled.path).load(filled.cycle())
    line = one_line_error(okr("list", "--store", filled.path))
    assert path.name in line and "does not validate" in line
    assert path.read_bytes() == before


def test_a_root_file_with_a_cycle_in_year_9999_is_refused_as_corrupt(filled: Store) -> None:
    data = orjson.loads(filled.root_path.read_bytes())
    data["cycles"].append({"name": "Z", "start": "9999-12-01", "end": "9999-12-31"})
    filled.root_path.write_bytes(orjson.dumps(data))
    with pytest.raises(CorruptFileError, match=r"okr\.json does not validate \(start: .*9998-12-31"):
        Store.open(filled.path)


def test_validation_errors_still_raise_pydantic_errors_from_the_models() -> None:
    """The models keep raising ValidationError; only the store's edge turns it into one line."""
    with pytest.raises(ValidationError):
        Objective(id="O1", title="t", owner="o", order=10**7)
