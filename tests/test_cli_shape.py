"""The command line as a tool: lazily loaded commands, --store/--cycle before the command,
shell completion, invalid UTF-8 and escapes in arguments, crash reports."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from test_cli import command_paths

from store import Store
from store.demo_data import seed_demo
from tui.cli.common import UTF8_TEXT
from tui.cli.main import main

OKR = Path(sys.executable).parent / "okr"
LIGHT = ("textual", "pydantic", "tinydb")


def okr(*args: str | bytes, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(OKR), *args], capture_output=True, text=True, errors="backslashreplace",
                          env={**os.environ, **(env or {})}, timeout=60)


def loaded_after(*args: str, store: Path | None = None) -> set[str]:
    """Which of the heavy packages a run of `okr ARGS` imported (in a fresh interpreter)."""
    probe = ("import sys\nfrom tui.cli.launch import main\ntry:\n    main(sys.argv[1:])\n"
             f"except SystemExit:\n    pass\nprint('LOADED=' + ','.join(m for m in {LIGHT!r} if m in sys.modules), "
             "file=sys.stderr)\n")
    env = {**os.environ, **({"OKR_STORE": str(store)} if store else {})}
    r = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, env=env, timeout=60)
    line = next(x for x in r.stderr.splitlines() if x.startswith("LOADED="))
    return set(filter(None, line.removeprefix("LOADED=").split(",")))


@pytest.fixture
def demo(tmp_path: Path) -> Store:
    return seed_demo(tmp_path / "demo")


def digest(store: Store) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(store.path.iterdir()) if p.is_file()}


@pytest.mark.parametrize("args", [("--version",), ("--help",), ("meeting", "--help"), ("list", "--help"),
                                  ("cycle", "next", "--help"), ("kr", "add", "--help")])
def test_version_and_help_import_neither_textual_nor_pydantic(args: tuple[str, ...]) -> None:
    assert loaded_after(*args) == set()


def test_every_command_help_loads_light() -> None:
    """All at once in one interpreter: every `okr CMD --help` leaves textual and pydantic unloaded."""
    probe = ("import sys\nfrom tui.cli.launch import main\nfor path in sys.argv[1:]:\n"
             "    try:\n        main([*path.split(), '--help'])\n    except SystemExit as e:\n"
             f"        assert e.code == 0, path\nprint('LOADED=' + ','.join(m for m in {LIGHT!r} if m in sys.modules))\n"
             )
    paths = [p for p, _ in command_paths()]
    r = subprocess.run([sys.executable, "-c", probe, *paths], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "LOADED="


@pytest.mark.parametrize("args", [("list",), ("list", "--format", "json"), ("summary", "--latest"),
                                  ("summary", "--latest", "--format", "json"), ("export",), ("history", "O1.1"),
                                  ("grade",), ("cycle", "list"), ("checkin", "O1.1", "--confidence", "7")])
def test_printing_commands_import_no_textual(args: tuple[str, ...], demo: Store) -> None:
    assert "textual" not in loaded_after(*args, store=demo.path)


def test_every_help_runs_from_the_installed_command() -> None:
    for path, _ in command_paths():
        r = okr(*path.split(), "--help")
        assert r.returncode == 0 and r.stdout.startswith("Usage: okr " + path), (path, r.stderr)


def test_table_of_commands_matches_the_commands() -> None:
    """`okr --help` lists the table; each entry loads a command of that name."""
    r = okr("--help")
    ctx = click.Context(main)
    for name in main.list_commands(ctx):
        assert f"  {name} " in r.stdout
        assert main.get_command(ctx, name).name in (name, name + "_", name.replace("-", "_"))


# -- --store and --cycle before the command ---------------------------------------------
STORE_COMMANDS = [("list",), ("summary",), ("export",), ("history", "O1"), ("grade",), ("cycle", "list"),
                  ("checkin", "O1.1", "--confidence", "6"), ("objective", "add", "T", "--owner", "A"),
                  ("kr", "add", "O1", "T", "--force"), ("cycle", "add", "2030-Q1", "--start", "2030-01-01",
                                                  "--end", "2030-03-31")]


@pytest.mark.parametrize("args", STORE_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_store_before_the_command_is_the_same_as_after(args: tuple[str, ...], tmp_path: Path) -> None:
    before = seed_demo(tmp_path / "a").path
    after = Path(shutil.copytree(before, tmp_path / "b"))
    r1 = okr("--store", str(before), *args)
    r2 = okr(*args, "--store", str(after))
    assert r1.returncode == r2.returncode == 0, (r1.stderr, r2.stderr)
    assert r1.stdout.replace(str(before), "S") == r2.stdout.replace(str(after), "S")


def test_the_store_after_the_command_wins_then_before_then_the_environment(tmp_path: Path) -> None:
    a, b, c = (seed_demo(tmp_path / n) for n in "abc")
    okr("--store", str(a.path), "objective", "add", "Only in A", "--owner", "x", env={"OKR_STORE": str(c.path)})
    okr("--store", str(a.path), "objective", "add", "Only in B", "--owner", "x", "--store", str(b.path))
    assert "Only in A" in okr("list", "--store", str(a.path)).stdout
    assert "Only in B" in okr("list", "--store", str(b.path)).stdout
    assert "Only in" not in okr("list", "--store", str(c.path)).stdout
    assert "Only in B" not in okr("list", "--store", str(a.path)).stdout


def test_cycle_before_the_command(demo: Store) -> None:
    okr("cycle", "add", "2027-Q1", "--start", "2027-01-01", "--end", "2027-03-31", "--store", str(demo.path))
    r = okr("--store", str(demo.path), "--cycle", "2027-Q1", "list")
    assert r.returncode == 0 and r.stdout.startswith("Cycle 2027-Q1"), r.stderr
    assert okr("--cycle", "2027-Q1", "grade", "2026-Q4", "--store", str(demo.path)).stdout.startswith(
        okr("grade", "2026-Q4", "--store", str(demo.path)).stdout[:40])
    assert "2027-Q1" in okr("--cycle", "2027-Q1", "grade", "--store", str(demo.path)).stdout


def test_bare_okr_with_a_store_opens_home_on_that_store(demo: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.home_app

    opened: list[Path] = []

    def run(app: tui.home_app.HomeApp, **_: object) -> None:
        opened.append(app.store.path)

    monkeypatch.setattr(tui.home_app.HomeApp, "run", run)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    with pytest.raises(SystemExit) as exit_:
        main(["--store", str(demo.path)], prog_name="okr")
    assert exit_.value.code == 0 and opened == [demo.path]


def test_bare_okr_without_a_terminal_prints_help_that_says_it_opens_home() -> None:
    r = okr()
    assert r.returncode == 0 and "Plain `okr` opens the home screen" in r.stdout


# -- completion -------------------------------------------------------------------------
def complete(words: str, store: Path) -> list[str]:
    cword = len(words.split()) - (0 if words.endswith(" ") else 1)
    r = okr(env={"_OKR_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(cword),
                 "OKR_STORE": str(store)})
    assert r.returncode == 0, r.stderr
    return [line.split(",", 1)[1] for line in r.stdout.splitlines() if line]


def test_completion_offers_ids_from_the_store(demo: Store, tmp_path: Path) -> None:
    assert complete("okr checkin O1", demo.path) == ["O1.1", "O1.2", "O1.3", "O1.4"]
    assert complete("okr kr add ", demo.path) == ["O1", "O2", "O3", "O4"]
    assert {"O2", "O2.1"} <= set(complete("okr history O2", demo.path))
    assert complete("okr summary --meeting ", demo.path)[0].startswith("M")
    assert complete("okr list --cycle 2026", demo.path) == [demo.cycle().name]
    elsewhere = seed_demo(tmp_path / "other")
    with elsewhere.write(elsewhere.cycle()) as tx:
        tx.add_objective(title="Fifth", owner="x")
    assert "O5" in complete(f"okr --store {elsewhere.path} kr add ", demo.path)
    assert complete("okr checkin O", tmp_path / "nowhere") == []


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_for_each_shell(shell: str) -> None:
    r = okr(env={"_OKR_COMPLETE": f"{shell}_source"})
    assert r.returncode == 0 and "_OKR_COMPLETE" in r.stdout


# -- invalid UTF-8 and escapes in arguments ------------------------------------------------
def text_parameters() -> list[tuple[str, click.Parameter, click.Command]]:
    return [(path, p, cmd) for path, cmd in command_paths() for p in cmd.params
            if p.type is UTF8_TEXT and p.name != "lang"]  # --lang is checked against the languages


def test_every_text_option_refuses_invalid_utf8(demo: Store, capsys: pytest.CaptureFixture[str]) -> None:
    before = digest(demo)
    params = text_parameters()
    assert len(params) > 20
    for path, param, command in params:
        args = [*path.split()]
        if isinstance(param, click.Argument):
            earlier = [p for p in command.params if isinstance(p, click.Argument)]
            args += ["O1"] * earlier.index(param) + ["bad\udc9bname"]
        else:
            args += [param.opts[0], "bad\udc9bname"]
        with pytest.raises(SystemExit) as exit_:
            main([*args, "--store", str(demo.path)], prog_name="okr")
        err = capsys.readouterr().err
        assert exit_.value.code == 2, (path, param.name, err)
        assert err.count("\n") == 1 and "not valid UTF-8 (byte 0x9b)" in err, (path, param.name, err)
        name = param.opts[0] if isinstance(param, click.Option) else param.human_readable_name
        assert name in err, (path, name, err)
    assert digest(demo) == before


def test_a_raw_byte_from_the_shell_is_one_line_and_nothing_is_written(demo: Store) -> None:
    before = digest(demo)
    r = subprocess.run([OKR, b"objective", b"add", b"\x9b", b"--owner", b"a", b"--store", os.fsencode(demo.path)],
                       capture_output=True, timeout=60)
    assert r.returncode == 2 and r.stderr.count(b"\n") == 1 and b"Traceback" not in r.stderr
    assert b"'TITLE'" in r.stderr and b"not valid UTF-8 (byte 0x9b)" in r.stderr
    r = subprocess.run([OKR, b"meeting", b"--team", b"\xff", b"--store", os.fsencode(demo.path)],
                       capture_output=True, timeout=60)
    assert r.returncode == 2 and b"'--team'" in r.stderr and b"byte 0xff" in r.stderr
    assert digest(demo) == before


@pytest.mark.parametrize("args", [("summary", "--meeting", "\x1b]2;PWNED\x07"),
                                  ("list", "extra\x1b]52;c;SGVsbG8=\x07"),
                                  ("history", "a\nb"), ("list", "--format", "\x9b31m")])
def test_errors_show_escapes_as_text(args: tuple[str, ...], demo: Store) -> None:
    r = okr(*args, "--store", str(demo.path))
    assert r.returncode in (1, 2), r.stderr
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("Error: ")
    assert not any(ord(c) < 0x20 or 0x7f <= ord(c) <= 0x9f for c in r.stderr.rstrip("\n")), repr(r.stderr)
    assert "\\x1b" in r.stderr or "\\n" in r.stderr or "\\x9b" in r.stderr


# -- crash reports ------------------------------------------------------------------------
def test_a_bug_in_a_command_is_one_line_a_report_and_exit_70(demo: Store, monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    import tui.cli.data

    def broken(*_: object, **__: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(tui.cli.data, "list_data", broken)
    before = digest(demo)
    with pytest.raises(SystemExit) as exit_:
        main(["list", "--team", "Secret team name", "--store", str(demo.path)], prog_name="okr")
    err = capsys.readouterr().err
    assert exit_.value.code == 70 and err.count("\n") == 1 and "Traceback" not in err
    assert "okr failed unexpectedly (KeyError)" in err
    report = Path(err.split("the details are in ")[1].split(" (please")[0])
    text = report.read_text()
    assert "Traceback" in text and "KeyError: 'boom'" in text and "okr-checkin " in text
    assert "command: okr list --team … --store …" in text
    assert "Secret team name" not in text and str(demo.path) not in text
    assert report.is_relative_to(Path(os.environ["HOME"])) and report.stat().st_mode & 0o077 == 0
    assert digest(demo) == before


def test_textual_still_has_the_exception_hook_okr_overrides() -> None:
    from textual.app import App

    from tui.base_app import OkrApp

    assert callable(App._handle_exception) and OkrApp._handle_exception is not App._handle_exception


@pytest.mark.e2e
def test_a_bug_in_the_meeting_restores_the_terminal_and_exits_70(demo: Store, tmp_path: Path) -> None:
    from tmux_harness import Tmux

    script = tmp_path / "broken.py"
    script.write_text(
        "import sys\nimport tui.screens.help as h\n"
        "def compose(self):\n    raise RuntimeError('help is broken')\n    yield\n"
        "h.HelpScreen.compose = compose\n"
        "from tui.cli.launch import main\nmain(sys.argv[1:])\n")
    command = f"{sys.executable} {script} meeting --store {demo.path} --facilitator Ana; echo EXIT=$?"
    with Tmux(["sh", "-c", command], width=100, height=30, cwd=tmp_path) as term:
        term.wait_for("Open help requests")  # the demo has open blockers: they come first
        term.send("?")
        term.wait_for("EXIT=", history=True)
        screen = term.screen(history=True)
        assert "EXIT=70" in screen and "okr failed unexpectedly (RuntimeError)" in screen
        assert "Traceback" not in screen and "Objective 1" not in term.screen()
    reports = list(Path(os.environ["HOME"]).rglob("crash-*.txt"))
    assert len(reports) == 1 and "help is broken" in reports[0].read_text()
