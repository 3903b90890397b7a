"""Hostile text in every text field, through the CLI, JSON import and typing in the app.

Markup is kept and shown literally (never parsed: no style, no @click action); terminal
escapes lose their control bytes (ESC, BEL, the C1 CSI 0x9b) so what is left is inert
text; bidi overrides are stripped (see store/text.py); zero-width characters, emoji and
Chinese are kept; text past the length caps is refused with a one-line error and nothing
is written.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input, Static

from store import Cycle, Store
from store.text import NAME_MAX, TEXT_MAX, TITLE_MAX
from tui.meeting.app import MeetingApp
from tui.screens import FormModal, MeetingScreen, SummaryScreen
from tui.widgets import KRRow

OKR = Path(sys.executable).parent / "okr"
WEEK = "2026-W48"
MARKUP = ["[bold]x", "[/foo]", "[$accent @click=app.quit]x[/]"]
ESCAPES = {  # as given → as stored and shown
    "\x1b]2;TITLE\x07": "]2;TITLE",
    "\x1b[2J": "[2J",
    "\x1b]52;c;aGVsbG8=\x07": "]52;c;aGVsbG8=",
    "\x9b31mred": "31mred",
    "left\u202eright": "leftright",
    "line\u2028break": "line break",  # single-line fields; notes keep a newline
}
KEPT = ["zero\u200bwidth", "emoji 🙂🚀", "中文标题", "עברית עם ערבית عربي"]
HOSTILE = {**{m: m for m in MARKUP}, **ESCAPES, **{k: k for k in KEPT}}
# One CLI value per group (an okr process costs ~0.4 s): given → stored in a one-line field.
GROUPS = {" | ".join(group): " | ".join(HOSTILE[g] for g in group) for group in (MARKUP, list(ESCAPES), KEPT)}
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def okr(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(OKR), *args], capture_output=True, text=True, timeout=120)
    if check:
        assert done.returncode == 0, done.stderr
    return done


def _files(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.iterdir()) if p.is_file()}


# -- through the CLI ---------------------------------------------------------------------------

@pytest.mark.parametrize("given", list(GROUPS), ids=["markup", "escapes", "kept"])
def test_cli_keeps_markup_literally_and_strips_escapes_in_every_field(store: Store, given: str) -> None:
    expected = GROUPS[given]
    multi_line = expected.replace("line break", "line\nbreak")  # blocker and note keep line breaks
    s = ["--store", str(store.path)]
    okr("objective", "add", given, "--owner", given, "--team", given, *s)
    okr("kr", "add", "O1", given, "--owner", given, *s)
    okr("checkin", "O1.1", "--week", WEEK, "--progress", "30", "--confidence", "3", "--blocker", given,
        "--help-from", given, "--note", given, *s)

    data = Store.open(store.path).load(store.cycle())
    (obj,), (kr,) = data.objectives, data.key_results
    ci = data.checkin("O1.1", WEEK)
    assert ci is not None
    for value in (obj.title, obj.owner, obj.team, kr.title, kr.owner, ci.help_from):
        assert value == expected
    assert ci.blocker == ci.note == multi_line

    listed = okr("list", *s).stdout
    assert not CONTROL.search(listed.replace("\n", ""))
    assert f"O1  {expected}  [{expected} · {expected} · committed]" in listed
    assert f"blocker: {multi_line} (help: {expected})" in listed
    as_json = json.loads(okr("list", "--format", "json", *s).stdout)
    assert as_json["objectives"][0]["title"] == expected
    summary = okr("summary", *s, "--week", WEEK).stdout
    assert not CONTROL.search(summary.replace("\n", "")) and expected in summary


@pytest.mark.parametrize(("args", "field", "limit"), [
    (["objective", "add", "{big}", "--owner", "ana"], "title", TITLE_MAX),
    (["objective", "add", "t", "--owner", "ana", "--team", "{big}"], "team", NAME_MAX),
    (["checkin", "O1.1", "--week", WEEK, "--blocker", "{big}"], "blocker", TEXT_MAX),
    (["checkin", "O1.1", "--week", WEEK, "--help-from", "{big}"], "help_from", NAME_MAX),
])
def test_cli_refuses_huge_text_in_one_line_and_writes_nothing(store: Store, args: list[str], field: str,
                                                              limit: int) -> None:
    """100 000 characters: one argument cannot be longer on Linux (128 KiB); the 1 MB
    case goes through import and the app below."""
    with store.write(store.cycle()) as tx:
        tx.add_objective(title="t", owner="ana")
        tx.add_key_result("O1", title="k")
    before = _files(store.path)
    big = "[bold]" + "x" * 100_000
    done = okr(*[a.replace("{big}", big) for a in args], "--store", str(store.path), check=False)
    assert done.returncode == 1
    [line] = done.stderr.splitlines()
    assert line.startswith("Error: ") and f"the limit is {limit}" in line and field in line
    assert len(line) < 300  # the text itself is not echoed back
    assert _files(store.path) == before


# -- through JSON import ---------------------------------------------------------------------------

def _exported_with(store: Store, tmp_path: Path, text: str) -> Path:
    """An export of a small cycle whose every text field is ``text``."""
    with store.write(store.cycle()) as tx:
        tx.add_objective(title="t", owner="ana", team="core")
        tx.add_key_result("O1", title="k", owner="ben")
        tx.check_in("O1.1", WEEK, progress=10, blocker="b", help_from="h", note="n")
        tx.check_in_objective("O1", WEEK, confidence=5, note="n", wins="w")
    doc = json.loads(okr("export", "--store", str(store.path)).stdout)
    fields = {"title", "owner", "team", "blocker", "help_from", "note", "wins"}
    for entry in doc["cycles"]:
        for table in ("objectives", "key_results", "checkins", "objective_checkins"):
            for row in entry[table]:
                row.update({k: text for k in fields & row.keys()})
    path = tmp_path / "export.json"
    path.write_text(json.dumps(doc, ensure_ascii=False))
    return path


@pytest.mark.parametrize("given", ["[$accent @click=app.quit]x[/] 中文 🙂 a\u200bb", "\x1b]2;TITLE\x07 \x9b2J\u202e"])
def test_import_keeps_markup_literally_and_strips_escapes(store: Store, tmp_path: Path, given: str) -> None:
    export = _exported_with(store, tmp_path, given)
    fresh = tmp_path / "fresh"
    okr("init", "--store", str(fresh))
    okr("import", str(export), "--store", str(fresh))
    data = Store.open(fresh).load(Store.open(fresh).cycle("2026-Q4"))
    ci, oc = data.checkin("O1.1", WEEK), data.objective_checkin("O1", WEEK)
    assert ci is not None and oc is not None
    values = [data.objectives[0].title, data.objectives[0].owner, data.objectives[0].team,
              data.key_results[0].title, data.key_results[0].owner, ci.blocker, ci.help_from, ci.note,
              oc.note, oc.wins]
    assert set(values) == {CONTROL.sub("", given)}


def test_import_refuses_a_megabyte_title_and_imports_nothing(store: Store, tmp_path: Path) -> None:
    export = _exported_with(store, tmp_path, "x" * 1_000_000)
    fresh = tmp_path / "fresh"
    okr("init", "--store", str(fresh))
    before = _files(fresh)
    done = okr("import", str(export), "--store", str(fresh), check=False)
    assert done.returncode == 1
    [line] = done.stderr.splitlines()
    assert line.startswith("Error: ") and "the limit is" in line and len(line) < 500
    assert _files(fresh) == before


# -- in the app ---------------------------------------------------------------------------------

@pytest.fixture
def hostile_cycle(store: Store) -> Cycle:
    """Every text field of one objective holds markup; escapes in a second one."""
    cycle = store.cycle("2026-Q4")
    click = "[$accent @click=app.quit]x[/]"
    with store.write(cycle) as tx:
        tx.add_objective(title=f"{click} [bold]x", owner="[/foo]", team=click)
        tx.add_key_result("O1", title=f"[bold]x {click}", owner=click)
        tx.check_in("O1.1", "2026-W47", progress=40, confidence=3)
        tx.check_in("O1.1", WEEK, progress=40, confidence=3, blocker=click, help_from="[/foo]")
        tx.check_in_objective("O1", WEEK, confidence=6, note=click, wins=click)
        tx.add_objective(title="\x1b]2;TITLE\x07\x1b[2J 中文 🙂 a\u200bb\u202eZ", owner="\x1b]52;c;aGVsbG8=\x07")
        tx.add_key_result("O2", title="\x9b31m escaped", owner="李雷")
    return cycle


def _text(widget: Static) -> str:
    return widget.content.plain  # type: ignore[union-attr]


async def test_app_shows_markup_literally_and_no_action_runs(store: Store, hostile_cycle: Cycle) -> None:
    click = "[$accent @click=app.quit]x[/]"
    app = MeetingApp(store, hostile_cycle, WEEK, facilitator=click, attendees=[click, "\x1b[2J"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        panel = _text(app.screen.query_one("#objective", Static))
        assert f"{click} [bold]x" in panel and f"team {click}" in panel and "owner [/foo]" in panel
        row = next(iter(app.screen.query(KRRow))).content.plain
        assert f"[bold]x {click}" in row and f"blocker: {click}" in row and "[/foo] could help" in row
        await pilot.click("#objective")  # a parsed @click would quit here
        await pilot.click(KRRow)
        await pilot.press("n")
        await pilot.pause()
        panel = _text(app.screen.query_one("#objective", Static))
        assert "]2;TITLE[2J 中文 🙂 a\u200bbZ" in panel and "owner ]52;c;aGVsbG8=" in panel
        assert "\x1b" not in panel and "\u202e" not in panel
        assert "31m escaped" in next(iter(app.screen.query(KRRow))).content.plain
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        summary = _text(app.screen.query_one("#summary-text", Static))
        assert f"[bold]x {click}" in summary and f"note: {click}" in summary and f"x: {click}" in summary
        await pilot.click("#summary-text")
        assert app.is_running and app.return_value is None
    [meeting] = store.load(hostile_cycle).meetings
    assert meeting.facilitator == click and meeting.attendees == [click, "[2J"]


async def test_typed_and_pasted_hostile_text_is_saved_and_shown_literally(store: Store,
                                                                         hostile_cycle: Cycle) -> None:
    app = MeetingApp(store, hostile_cycle, WEEK)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        blocker, helper = app.screen.query(Input)
        blocker.value = ""
        await pilot.press(*"[$accent @click=app.quit]x[/]")  # typed, key by key
        await pilot.press("tab")
        await pilot.pause()
        assert helper.has_focus
        helper.value = ""
        helper.post_message(events.Paste("\x1b]2;TITLE\x07[bold]中文\x9b"))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen) and app.is_running
        row = next(iter(app.screen.query(KRRow))).content.plain
        assert "blocker: [$accent @click=app.quit]x[/]" in row and "]2;TITLE[bold]中文 could help" in row
    ci = store.load(hostile_cycle).checkin("O1.1", WEEK)
    assert ci is not None
    assert (ci.blocker, ci.help_from) == ("[$accent @click=app.quit]x[/]", "]2;TITLE[bold]中文")


@pytest.mark.parametrize(("field", "size", "limit"), [(0, 1_000_000, TEXT_MAX), (1, NAME_MAX + 1, NAME_MAX)])
async def test_a_pasted_text_past_the_cap_is_refused_in_the_form(store: Store, hostile_cycle: Cycle, field: int,
                                                                 size: int, limit: int) -> None:
    """A megabyte blocker, or a helper's name one past the cap: said in the form, nothing saved."""
    app = MeetingApp(store, hostile_cycle, WEEK)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormModal)
        target = list(form.query(Input))[field]
        target.focus()
        target.value = ""
        target.post_message(events.Paste("x" * size))
        await pilot.pause()
        form.action_save()
        await pilot.pause()
        assert app.screen is form and app.is_running
        error = _text(form.query_one(f"#error-{field}", Static))
        assert f"at most {limit} characters (this is {size})" in error
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        await app.workers.wait_for_complete()
    ci = store.load(hostile_cycle).checkin("O1.1", WEEK)
    assert ci is not None and (ci.blocker, ci.help_from) == ("[$accent @click=app.quit]x[/]", "[/foo]")
