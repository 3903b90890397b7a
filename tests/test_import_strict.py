"""The import edge is strict and clean: JSON types as they are (no "50" for 50), the rules
the commands keep (weeks in the cycle, no self-alignment), controls cleaned from every
string and dict key, JSON output with control characters escaped, messages that name the
user's field, and a file that is not UTF-8 refused in one line before anything is written."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest

from store import InvalidInputError, LimitError, NotFoundError, Store
from store.markdown_import import import_markdown
from store.models import Meeting
from store.portable import export_json, import_json, parse_export
from store.validation import build
from tui.report.json_out import dumps

OKR = Path(sys.executable).parent / "okr"
TODAY = dt.date(2026, 11, 25)
AT = dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC)
HOSTILE = "a\x9b31mb\u202ec\x1b[2Jd\u2066e"
# Raw in UTF-8: what no store file, export or JSON output may hold.
RAW_UNSAFE = re.compile(rb"\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]|\x1b")


def okr(*args: str | Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(OKR), *map(str, args)], capture_output=True, timeout=60, stdin=subprocess.DEVNULL)


def refused_line(done: subprocess.CompletedProcess[bytes]) -> str:
    assert done.returncode == 1, (done.stdout, done.stderr)
    [line] = done.stderr.decode().splitlines()
    assert line.startswith("Error: ") and "Traceback" not in line, line
    return line


def files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if not p.name.endswith(".lock")}


@pytest.fixture
def filled(store: Store) -> Store:
    cycle = store.cycle()
    with store.write(cycle) as tx:
        o = tx.add_objective(title="Ship it", owner="Ana", team="core")
        tx.add_objective(title="Parent", owner="Bo")
        k = tx.add_key_result(o.id, title="Signup flow")
        tx.check_in(k.id, "2026-W48", progress=40, confidence=7, blocker="legal", help_from="Cy", note="n")
        tx.check_in_objective(o.id, "2026-W48", confidence=6, note="fine", wins="shipped")
        meeting = Meeting(id=tx.new_meeting_id(), cycle=cycle.name, week="2026-W48", team="core", owner="Ana",
                          facilitator="Dee", attendees=["Ana", "Bo"], started=AT, seconds={"O1": 12.5})
        tx.save_meeting(meeting)
    return store


@pytest.fixture
def doc(filled: Store) -> dict[str, Any]:
    return export_json([filled.load(c) for c in filled.cycles()])


@pytest.fixture
def target(tmp_path: Path) -> Store:
    return Store.init(tmp_path / "target", today=TODAY)


# -- strict types ----------------------------------------------------------------------------

@pytest.mark.parametrize(("table", "field", "value"), [
    ("checkins", "progress", "50"), ("checkins", "progress", True), ("checkins", "progress", 50.0),
    ("checkins", "confidence", "7"), ("objectives", "archived", 1), ("objectives", "archived", "yes"),
    ("objectives", "confidence", 7.5), ("key_results", "start", "0"), ("meetings", "timebox_minutes", "3"),
    ("objectives", "title", 5), ("checkins", "at", 1764064800),
])
def test_json_import_takes_no_converted_types(doc: dict[str, Any], target: Store, table: str, field: str,
                                              value: Any) -> None:
    bad = copy.deepcopy(doc)
    bad["cycles"][0][table][0][field] = value
    if field == "start":
        bad["cycles"][0][table][0]["target"] = 10
    before = files(target.path)
    with pytest.raises(InvalidInputError, match=rf"cycles\[0\]\.{table}\[0\]: {field}: Input should be") as caught:
        import_json(target, bad)
    assert caught.value.field == field
    assert files(target.path) == before


@pytest.mark.parametrize(("table", "week"), [("checkins", "2027-W10"), ("objective_checkins", "2026-W30"),
                                             ("meetings", "2025-W01")])
def test_answers_outside_the_cycles_weeks_are_refused(doc: dict[str, Any], table: str, week: str) -> None:
    """`okr checkin` refuses a week outside the cycle; so does the import."""
    bad = copy.deepcopy(doc)
    bad["cycles"][0][table][0]["week"] = week
    with pytest.raises(InvalidInputError, match=f"week {week} is outside the cycle \\(2026-10-01 to 2026-12-31\\)"):
        parse_export(bad)


def test_the_edge_weeks_of_a_cycle_are_in_it(doc: dict[str, Any]) -> None:
    """2026-10-01 is a Thursday of 2026-W40, 2026-12-31 one of 2026-W53."""
    ok = copy.deepcopy(doc)
    ok["cycles"][0]["checkins"][0]["week"] = "2026-W40"
    ok["cycles"][0]["objective_checkins"][0]["week"] = "2026-W53"
    assert parse_export(ok)


@pytest.mark.parametrize(("change", "says"), [
    (lambda c: c["objectives"][0].update(aligns_to="O1"), "objective O1 aligns to itself"),
    (lambda c: c["key_results"][0].update(id="O2.1"), "key result O2.1 belongs to objective O1; its id must start"),
    (lambda c: c["checkins"][0].update(note="x" * 2001),
     r"checkins\[0\]: note is 2001 characters long; the limit is 2000"),
    (lambda c: c["meetings"][0].update(attendees=["y" * 81]), r"attendees\[0\] is 81 characters long; the limit is 80"),
    (lambda c: c["meetings"][0].update(seconds={"O1\x9b": 3}), r"a key of seconds: 'O1\\x9b' is not an objective id"),
])
def test_json_import_keeps_the_rules_of_the_commands(doc: dict[str, Any], change: Any, says: str) -> None:
    bad = copy.deepcopy(doc)
    change(bad["cycles"][0])
    with pytest.raises(InvalidInputError, match=says):
        parse_export(bad)


def test_self_alignment_is_refused_by_the_markdown_import_as_by_the_cli(filled: Store) -> None:
    text = "## Cycle 2026-Q4\n- start: 2026-10-01\n- end: 2026-12-31\n\n### O1 Ship it\n- owner: Ana\n- aligns to: O1\n"
    with pytest.raises(InvalidInputError, match="O1 cannot align to itself"):
        import_markdown(filled, text)


# -- cleaning on every way in, escaping on the way out ----------------------------------------------

TEXT_FIELDS = {
    "objectives": ["title", "owner", "team"], "key_results": ["title", "owner", "unit"],
    "checkins": ["blocker", "help_from", "note", "author"], "objective_checkins": ["note", "wins"],
    "meetings": ["team", "owner", "facilitator"],
}


@pytest.mark.parametrize(("table", "field"), [(t, f) for t, fs in TEXT_FIELDS.items() for f in fs])
def test_every_text_field_of_an_import_is_cleaned(doc: dict[str, Any], target: Store, table: str, field: str) -> None:
    hostile = copy.deepcopy(doc)
    hostile["cycles"][0][table][0][field] = HOSTILE
    if table == "meetings":
        hostile["cycles"][0][table][0]["attendees"] = [HOSTILE]
    import_json(target, hostile)
    for raw in files(target.path).values():
        assert not RAW_UNSAFE.search(raw)
    data = target.load(target.cycle())
    assert getattr(getattr(data, table)[0], field) == "a31mbc[2Jde"


def test_seconds_keys_are_bounded_ids_on_every_way_in(filled: Store) -> None:
    """A U+009B in a seconds key came out of `okr summary --format json` and `okr export`."""
    with pytest.raises(InvalidInputError, match=r"a key of seconds: 'O1\\x9b' is not an objective id"):
        build(Meeting, id="M1", cycle="2026-Q4", week="2026-W48", started=AT, seconds={"O1\x9b": 3.0})


def test_hand_edited_controls_in_a_cycle_file_are_escaped_in_json_output(filled: Store) -> None:
    """The store reads its own files without cleaning them again (speed); what it prints as
    JSON has every control character escaped, so a terminal shows them as text."""
    path = filled.cycle_path(filled.cycle())
    data = orjson.loads(path.read_bytes())
    data["checkins"]["1"]["blocker"] = "legal \x9b31m\u202eevil"
    data["meetings"]["1"]["seconds"] = {"O1": 3.0}
    path.write_bytes(orjson.dumps(data))
    for args in (["list", "--format", "json"], ["export"], ["export", "--all"]):
        done = okr(*args, "--store", filled.path)
        assert done.returncode == 0, done.stderr
        assert not RAW_UNSAFE.search(done.stdout), args
        assert b"\\u009b31m\\u202eevil" in done.stdout
        assert "legal \x9b31m\u202eevil" in json.dumps(json.loads(done.stdout), ensure_ascii=False)


def test_dumps_escapes_what_orjson_leaves_raw() -> None:
    text = dumps({"k\x9b": ["\x7f\x80\x9f\u2028\u2029\u202a\u202e\u2066\u2069 é 中 \x1b"]})
    assert text.isascii() is False and not RAW_UNSAFE.search(text.encode())
    assert "\\u009b" in text and "\\u2028" in text and "\\u001b" in text
    assert json.loads(text) == {"k\x9b": ["\x7f\x80\x9f\u2028\u2029\u202a\u202e\u2066\u2069 é 中 \x1b"]}


# -- messages name the user's field -----------------------------------------------------------------

PYDANTIC_INTERNALS = re.compile(r"function-after|\.root\.|\[key\]|str\]|list\[|\bloc\b|pydantic")


def test_a_huge_facilitator_is_named_as_such(filled: Store) -> None:
    """Once: settings.users.root.facilitator.function-after[check(), str]: ..."""
    with pytest.raises(InvalidInputError) as caught:
        filled.set_user_prefs(facilitator="x" * 100_000)
    assert str(caught.value) == "facilitator is 100000 characters long; the limit is 80"
    assert (caught.value.field, caught.value.limit) == ("facilitator", 80)
    with pytest.raises(InvalidInputError) as caught:
        filled.set_user_prefs(attendees=["Ana", "y" * 90])
    assert str(caught.value) == "attendees[1] is 90 characters long; the limit is 80"


@pytest.mark.parametrize(("call", "message", "field", "limit", "value_id"), [
    (lambda tx: tx.add_objective(title="t", owner="o" * 81), "owner is 81 characters long; the limit is 80",
     "owner", 80, "O3"),
    (lambda tx: tx.check_in("O1.1", "2026-W48", confidence=11), "confidence: Input should be less than or equal to 10",
     "confidence", 10, "O1.1"),
    (lambda tx: tx.update_objective("O1", aligns_to="O1"), "O1 cannot align to itself", "aligns_to", None, "O1"),
    (lambda tx: tx.check_in("O1.1", "2026-W48", value=3.0), "O1.1 is measured in percent", "value", None, "O1.1"),
])
def test_invalid_input_errors_carry_field_limit_and_id(filled: Store, call: Any, message: str, field: str,
                                                       limit: Any, value_id: str) -> None:
    with pytest.raises(InvalidInputError) as caught, filled.write(filled.cycle()) as tx:
        call(tx)
    assert str(caught.value).startswith(message) and not PYDANTIC_INTERNALS.search(str(caught.value))
    assert (caught.value.field, caught.value.limit, caught.value.value_id) == (field, limit, value_id)


def test_limit_and_not_found_errors_carry_their_details(filled: Store) -> None:
    with pytest.raises(NotFoundError) as missing, filled.write(filled.cycle()) as tx:
        tx.require_key_result("O7.1")
    assert (missing.value.field, missing.value.value_id) == ("key result", "O7.1")
    with filled.write(filled.cycle()) as tx:
        for i in range(3):
            tx.add_key_result("O1", title=f"k{i}")
    with pytest.raises(LimitError) as limit, filled.write(filled.cycle()) as tx:
        tx.add_key_result("O1", title="fifth")
    assert (limit.value.field, limit.value.limit, limit.value.value_id) == ("key results", 4, "O1")


def test_import_messages_say_where_and_which_field(doc: dict[str, Any]) -> None:
    bad = copy.deepcopy(doc)
    bad["cycles"][0]["checkins"][0]["progress"] = "50"
    with pytest.raises(InvalidInputError) as caught:
        parse_export(bad)
    assert str(caught.value) == "cycles[0].checkins[0]: progress: Input should be a valid integer (got '50')"
    assert (caught.value.field, caught.value.value_id) == ("progress", "O1.1")


# -- files that are not UTF-8 -------------------------------------------------------------------------

def test_a_json_file_that_is_not_utf8_is_refused_naming_byte_offset_and_line(doc: dict[str, Any], target: Store,
                                                                            tmp_path: Path) -> None:
    raw = json.dumps(doc, indent=1).encode()
    at = raw.index(b"Ship it")
    path = tmp_path / "okrs.json"
    path.write_bytes(raw[:at] + b"\xff" + raw[at:])
    before = files(target.path)
    line = refused_line(okr("import", path, "--store", target.path))
    number = raw.count(b"\n", 0, at) + 1
    assert line == f"Error: {path} is not valid UTF-8 (byte 0xff at offset {at}, line {number}); nothing imported"
    assert files(target.path) == before
    refused_line(okr("import", path, "--store", tmp_path / "new"))
    assert not (tmp_path / "new").exists()


def test_a_markdown_file_that_is_not_utf8_is_refused(filled: Store, tmp_path: Path) -> None:
    path = tmp_path / "okrs.md"
    path.write_bytes(b"## Cycle 2026-Q4\n- start: 2026-10-01\n- end: 2026-12-31\n\n### O1 Caf\xe9\n- owner: Ana\n")
    before = files(filled.path)
    line = refused_line(okr("import", path, "--store", filled.path))
    assert line == f"Error: {path} is not valid UTF-8 (byte 0xe9 at offset 66, line 5); nothing imported"
    assert files(filled.path) == before


def test_a_utf8_byte_order_mark_is_no_problem(doc: dict[str, Any], target: Store, tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(doc).encode())
    done = okr("import", path, "--store", target.path)
    assert done.returncode == 0, done.stderr
