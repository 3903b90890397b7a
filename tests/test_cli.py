"""The `okr` command line for OKRs as a user runs it: the installed command in real
subprocesses, HOME in tmp, OKR_STORE unset (conftest), a temp store each."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import click

from store import Store, add_weeks, quarter_of, week_of
from tui.cli.main import main

OKR = Path(sys.executable).parent / "okr"


def okr(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(OKR), *args], capture_output=True, text=True, timeout=60,
                          env={**os.environ, **(env or {})}, stdin=subprocess.DEVNULL)


def ok(*args: str, env: dict[str, str] | None = None) -> str:
    r = okr(*args, env=env)
    assert r.returncode == 0, r.stderr
    return r.stdout


def test_from_init_to_list(tmp_path: Path) -> None:
    s = str(tmp_path / "store")
    name, start, end = quarter_of(dt.date.today())
    assert ok("init", "--store", s) == f"store ready at {s} (cycle {name}: {start} to {end})\n"
    assert ok("cycle", "add", "2031-Q1", "--start", "2031-01-01", "--end", "2031-03-31", "--store", s) \
        == "added cycle 2031-Q1: 2031-01-01 to 2031-03-31\n"
    assert ok("cycle", "list", "--store", s).splitlines() == [f"* {name}  {start} to {end}",
                                                              "  2031-Q1  2031-01-01 to 2031-03-31"]

    env = {"OKR_STORE": s}  # the environment variable instead of --store
    assert ok("objective", "add", "Create an unmatched customer service experience", "--owner", "Ana",
              "--team", "Support", env=env) == "O1 added\n"
    assert ok("objective", "add", "创造无与伦比的用户服务体验", "--owner", "Li", "--team", "Platform",
              "--kind", "aspirational", "--aligns-to", "o1", "--confidence", "7", env=env) == "O2 added\n"
    assert ok("kr", "add", "O1", "Dispatch twice a day", "--owner", "Ben", env=env) == "O1.1 added\n"
    assert ok("kr", "add", "o1", "Reply time", "--start", "24", "--target", "2", "--unit", "h",
              "--due", end.isoformat(), env=env) == "O1.2 added\n"

    week = week_of(dt.date.today())
    assert ok("checkin", "O1.1", "--progress", "30", "--confidence", "8", env=env) \
        == f"O1.1 {week}: 30%, confidence 8/10\n"
    hostile = "vendor [red]x[/red] \x1b[31m"
    assert ok("checkin", "o1.2", "--value", "13", "--confidence", "3", "--blocker", hostile,
              "--help-from", "Legal", "--note", "call them", env=env) \
        == f"O1.2 {week}: 13 h (50%), confidence 3/10, blocked: vendor [red]x[/red] [31m\n"

    text = ok("list", env=env)
    assert "\x1b" not in text
    lines = text.splitlines()
    assert lines[0] == f"Cycle {name} ({start} to {end})"
    assert "O1  Create an unmatched customer service experience  [Support · Ana · committed]" in lines
    assert "O2  创造无与伦比的用户服务体验  [Platform · Li · aspirational]  aligns to O1" in lines
    assert "    no key results yet · confidence 7/10" in lines
    assert "  O1.1  Dispatch twice a day · Ben" in lines
    assert f"        30% in {week} · confidence 8/10 (risky but likely)" in lines
    assert f"        13 h (50%) in {week} · confidence 3/10 (hard)" in lines
    assert "        blocker: vendor [red]x[/red] [31m (help: Legal)" in lines
    assert "        ⚠ needs help: confidence 3/10 (hard)" in lines
    assert "        ⚠ needs help: blocked: vendor [red]x[/red] [31m - Legal could help" in lines

    doc = json.loads(ok("list", "--format", "json", "--team", "Support", env=env))
    assert [o["id"] for o in doc["objectives"]] == ["O1"]
    reply = doc["objectives"][0]["key_results"][1]
    assert reply["metric"] == {"start": 24.0, "target": 2.0, "unit": "h"}
    assert reply["latest"]["value"] == 13 and reply["latest"]["progress"] == 50
    assert reply["latest"]["band"] == "hard" and reply["latest"]["blocker"] == "vendor [red]x[/red] [31m"
    assert "confidence 3/10 (hard)" in reply["needs_help"]
    assert [o["id"] for o in json.loads(ok("list", "--format", "json", "--owner", "Ben", env=env))["objectives"]] \
        == ["O1"]
    assert json.loads(ok("list", "--format", "json", "--cycle", "2031-Q1", env=env))["objectives"] == []


def _fill_to_the_limits(store: Store) -> None:
    with store.write(store.cycle()) as tx:
        for i in range(5):
            tx.add_objective(title=f"Objective {i}", owner="Ana", team="Support")
        for i in range(4):
            tx.add_key_result("O1", title=f"Key result {i}")


def _snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in directory.iterdir() if not p.name.endswith(".lock")}


def test_the_guides_limits_give_its_reason_and_force_goes_beyond(store: Store) -> None:
    _fill_to_the_limits(store)
    s = str(store.path)
    before = _snapshot(store.path)
    r = okr("objective", "add", "Sixth", "--owner", "Ben", "--team", "Support", "--store", s)
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr == ("Error: team Support has 5 objectives in 2026-Q4 already; the guide keeps at most 5 "
                        "(3 is ideal) so that focus stays on what matters; use --force to add it anyway\n")
    r = okr("kr", "add", "O1", "Fifth", "--store", s)
    assert r.returncode == 1
    assert "O1 has 4 key results already; the guide keeps at most 4 per objective" in r.stderr
    assert r.stderr.count("\n") == 1 and "--force" in r.stderr
    assert _snapshot(store.path) == before

    assert ok("objective", "add", "Sixth", "--owner", "Ben", "--team", "Support", "--force", "--cycle", "2026-Q4",
              "--store", s) \
        == "O6 added\n"
    assert ok("kr", "add", "O1", "Fifth", "--force", "--store", s) == "O1.5 added\n"


def test_export_then_import_round_trips_exactly(tmp_path: Path) -> None:
    demo, copy = tmp_path / "demo", tmp_path / "copy"
    ok("demo", "--dir", str(demo), "--no-tui")
    ok("cycle", "add", "2031-Q1", "--start", "2031-01-01", "--end", "2031-03-31", "--store", str(demo))
    exported = ok("export", "--all", "--store", str(demo))
    (tmp_path / "okrs.json").write_text(exported, encoding="utf-8")
    doc = json.loads(exported)
    assert all(doc["cycles"][0][t] for t in ("objectives", "key_results", "checkins", "objective_checkins",
                                              "meetings"))

    assert ok("import", str(tmp_path / "okrs.json"), "--store", str(copy)).startswith("imported ")
    assert ok("export", "--all", "--store", str(copy)) == exported
    assert ok("list", "--store", str(copy)) == ok("list", "--store", str(demo))

    again = okr("import", str(tmp_path / "okrs.json"), "--store", str(copy))
    assert again.returncode == 1 and "exists already" in again.stderr


def test_markdown_and_csv_exports(tmp_path: Path) -> None:
    demo = str(tmp_path / "demo")
    ok("demo", "--dir", demo, "--no-tui")
    md = ok("export", "--format", "markdown", "--store", demo).splitlines()
    assert md[0] == "# OKRs" and "### O1 Create an unmatched customer service experience" in md
    assert "- owner: Mia Chen" in md and "### O2 创造无与伦比的用户服务体验" in md
    rows = ok("export", "--format", "csv", "--store", demo).splitlines()
    assert rows[0].startswith("cycle,objective,objective_title,key_result,")
    assert len(rows) > 20


def test_demo_in_a_new_temp_dir_prints_where_and_the_list(tmp_path: Path) -> None:
    r = okr("demo", env={"TMPDIR": str(tmp_path)})  # no terminal: the list instead of the meeting
    assert r.returncode == 0, r.stderr
    where = Path(r.stdout.split("demo store at ")[1].split(" ")[0])
    assert where.is_relative_to(tmp_path) and (where / "okr.json").is_file()
    assert "O1  Create an unmatched customer service experience  [Support · Mia Chen · committed]" in r.stdout
    for reason in ("blocked (2nd week, since ", "confidence 3/10 (hard)", "confidence fell", "behind pace", "stalled"):
        assert f"⚠ needs help: {reason}" in r.stdout


def command_paths(group: click.Group = main, prefix: str = "") -> list[tuple[str, click.Command]]:
    """Every command and subcommand of `okr`, loaded through the lazy group."""
    ctx = click.Context(group)
    found = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        found.append((prefix + name, command))
        if isinstance(command, click.Group):
            found += command_paths(command, prefix + name + " ")
    return found


def test_every_command_and_option_has_help_text() -> None:
    paths = command_paths()
    assert {"meeting", "cycle next", "kr add", "summary", "home"} <= {p for p, _ in paths}
    for path, command in paths:
        assert command.help, f"okr {path} has no help text"
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"okr {path} {param.opts[0]} has no help text"


def test_help_and_version_from_the_installed_command() -> None:
    assert "Record this week's answer for KR_ID" in ok("checkin", "--help")
    assert ok("--version").startswith("okr, version ")


def test_checkin_for_another_week_and_a_second_answer_the_same_week(tmp_path: Path) -> None:
    s = str(tmp_path / "store")
    ok("init", "--store", s)
    ok("objective", "add", "Faster support", "--owner", "Ana", "--store", s)
    ok("kr", "add", "O1", "Reply time", "--start", "24", "--target", "2", "--unit", "h", "--store", s)
    week = week_of(dt.date.today())
    last = add_weeks(week, -1)
    if week_of(Store.open(tmp_path / "store").cycle().start) == week:
        last = week  # the quarter's first week: no earlier week in this cycle
    assert ok("checkin", "O1.1", "--value", "20", "--confidence", "8", "--week", last, "--store", s) \
        == f"O1.1 {last}: 20 h (18%), confidence 8/10\n"
    ok("checkin", "O1.1", "--value", "13", "--blocker", "inbox tool", "--help-from", "IT", "--note", "rota",
       "--store", s)
    # The same week again: what is not given is kept; the confidence came from last week.
    assert ok("checkin", "O1.1", "--confidence", "6", "--store", s) \
        == f"O1.1 {week}: 13 h (50%), confidence 6/10, blocked: inbox tool\n"
    store = Store.open(tmp_path / "store")
    data = store.load(store.cycle())
    now = data.checkin("O1.1", week)
    assert now is not None
    assert (now.value, now.progress, now.confidence) == (13, 50, 6)
    assert (now.blocker, now.help_from, now.note) == ("inbox tool", "IT", "rota")
    assert now.author  # the user running okr
    assert len(data.checkins) == (1 if last == week else 2)
    # An empty blocker clears it, and who could help with it.
    assert ok("checkin", "O1.1", "--blocker", "", "--store", s) == f"O1.1 {week}: 13 h (50%), confidence 6/10\n"
    cleared = Store.open(tmp_path / "store")
    cleared_now = cleared.load(cleared.cycle()).checkin("O1.1", week)
    assert cleared_now is not None and (cleared_now.blocker, cleared_now.help_from) == ("", "")


def test_csv_defuses_formula_cells_and_markdown_is_an_outline(store: Store) -> None:
    with store.write(store.cycle("2026-Q4")) as tx:
        obj = tx.add_objective(title='=HYPERLINK("http://evil.example","click")', owner="@admin", team="core")
        pct = tx.add_key_result(obj.id, title="+1 signups", owner="Ana")
        metric = tx.add_key_result(obj.id, title="Reply time", start=24, target=2, unit="h",
                                   due=dt.date(2026, 12, 31))
        tx.check_in(pct.id, "2026-W47", progress=30, confidence=6, blocker="-2 people", note="plain, with comma")
        tx.check_in(metric.id, "2026-W48", value=13, confidence=5, author="Ben")

    rows = list(csv.DictReader(io.StringIO(ok("export", "--format", "csv", "--store", str(store.path)))))
    assert len(rows) == 2
    first, second = rows
    assert first["objective_title"] == "'=HYPERLINK(\"http://evil.example\",\"click\")"
    assert (first["key_result_title"], first["owner"], first["blocker"]) == ("'+1 signups", "Ana", "'-2 people")
    assert (first["week"], first["progress"], first["confidence"], first["note"]) == ("2026-W47", "30", "6",
                                                                                      "plain, with comma")
    assert (second["key_result"], second["value"], second["unit"], second["progress"]) == ("O1.2", "13.0", "h", "50")
    assert (second["owner"], second["author"]) == ("'@admin", "Ben")  # the objective's owner, defused
    assert not any(cell[:1] in "=+-@" for row in rows for cell in row.values() if cell)

    lines = ok("export", "--format", "markdown", "--store", str(store.path)).splitlines()
    assert lines[0] == "# OKRs"
    assert {"## Cycle 2026-Q4", "- start: 2026-10-01", "- end: 2026-12-31"} <= set(lines)
    at = lines.index('### O1 =HYPERLINK("http://evil.example","click")')
    assert lines[at + 1:at + 4] == ["- owner: @admin", "- kind: committed", "- team: core"]
    assert "#### O1.1 +1 signups" in lines and "- latest: 30% in 2026-W47, confidence 6/10" in lines
    at = lines.index("#### O1.2 Reply time")
    assert lines[at + 1:at + 5] == ["- owner: @admin", "- metric: 24 -> 2 h", "- due: 2026-12-31",
                                    "- latest: 50% in 2026-W48, confidence 5/10"]


def test_init_makes_private_files_or_group_shared_ones(tmp_path: Path) -> None:
    private, shared = tmp_path / "private", tmp_path / "shared"
    ok("init", "--store", str(private))
    ok("init", "--shared", "--store", str(shared))
    assert stat.S_IMODE(private.stat().st_mode) == 0o700
    assert stat.S_IMODE(shared.stat().st_mode) == 0o2770
    for directory, mode in ((private, 0o600), (shared, 0o660)):
        files = [p for p in directory.iterdir() if p.suffix == ".json"]
        assert len(files) == 2  # the root file and the quarter's cycle file
        assert {stat.S_IMODE(p.stat().st_mode) for p in files} == {mode}
    before = {p.name: p.read_bytes() for p in private.iterdir()}
    assert "store ready" in ok("init", "--store", str(private))  # again: nothing changes
    assert {p.name: p.read_bytes() for p in private.iterdir()} == before


def test_without_store_or_env_the_store_is_in_the_user_data_dir() -> None:
    data_home = Path(os.environ["XDG_DATA_HOME"])  # conftest points it into tmp
    assert str(data_home / "okr-checkin") in ok("init")
    ok("objective", "add", "Default store", "--owner", "Ana")
    assert "Default store" in ok("list")
