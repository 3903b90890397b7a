"""Keys of your own: keymap.toml in the user config dir (tmp here: conftest points
XDG_CONFIG_HOME there) remaps binding ids; a bad file is one line naming the line;
every binding of every app and screen has an id to remap it by."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import Static

from store import Cycle, Store
from tui.home_app import HomeApp
from tui.keymap import KeymapError, binding_ids, keymap_path, load_keymap, okr_bindings, valid_key
from tui.meeting.app import MeetingApp
from tui.screens import HelpScreen
from tui.widgets.footer import KeyLine

OKR = Path(sys.executable).parent / "okr"
WEEK = "2026-W48"
SIZE = (80, 24)
SHOWN = "~/.config/okr-checkin/keymap.toml"


def write_keymap(text: str) -> Path:
    path = keymap_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def cycle(store: Store) -> Cycle:
    cycle = store.cycle("2026-Q4")
    with store.write(cycle) as tx:
        o = tx.add_objective(title="Delight customers", owner="Ana")
        k = tx.add_key_result(o.id, title="Reply time")
        tx.check_in(k.id, "2026-W47", progress=40, confidence=8)
        tx.add_key_result(o.id, title="Docs")
    return cycle


def help_text(screen: HelpScreen) -> str:
    return str(screen.query_one("VerticalScroll Static", Static).render())


# -- the file -------------------------------------------------------------------------
def test_no_file_is_no_keymap() -> None:
    assert not keymap_path().exists()
    assert load_keymap() == {}


def test_quoted_ids_tables_and_dotted_keys_say_the_same() -> None:
    write_keymap('# mine\n"meeting.confirm" = "enter, space"\nhome.quit = "ctrl+c"\n\n[editor]\nback = "h"\n')
    assert load_keymap() == {"meeting.confirm": "enter,space", "home.quit": "ctrl+c", "editor.back": "h"}


def test_the_file_is_under_the_user_config_dir() -> None:
    assert keymap_path() == Path(os.environ["XDG_CONFIG_HOME"]) / "okr-checkin" / "keymap.toml"


@pytest.mark.parametrize(("text", "error"), [
    ('"meeting.confirm" = "space"\n\n"meeting.confirn" = "enter"\n',
     f'{SHOWN} line 3: unknown binding id "meeting.confirn"; did you mean "meeting.confirm"?'),
    ('[meeting]\nblocker = "b"\nconfirm = "entr,space"\n',
     f'{SHOWN} line 3: "meeting.confirm": unknown key "entr"'),
    ('"home.quit" = "ctrl+"\n', f'{SHOWN} line 1: "home.quit": unknown key "ctrl+"'),
    ('"home.quit" = "hyperctrl+q"\n', f'{SHOWN} line 1: "home.quit": unknown key "hyperctrl+q"'),
    ('"home.quit" = 3\n', f'{SHOWN} line 1: "home.quit" needs its keys as a string, e.g. "enter,space"'),
    ('"home.quit" = ""\n', f'{SHOWN} line 1: "home.quit" needs its keys as a string'),
    ('"home.quit" = "q"\n"home.help" = \n', f"{SHOWN} line 2: not valid TOML (Invalid value)"),
])
def test_a_bad_file_is_one_line_naming_the_line(text: str, error: str) -> None:
    write_keymap(text)
    with pytest.raises(KeymapError) as caught:
        load_keymap()
    message = caught.value.format_message()
    assert message.startswith(error) and "\n" not in message
    assert caught.value.exit_code == 2


def test_key_names() -> None:
    for key in ("enter", "space", "x", "N", "?", "question_mark", "f12", "ctrl+s", "shift+up", "alt+ctrl+x",
                "left_square_bracket", "plus", "minus", "comma", "escape", "pagedown"):
        assert valid_key(key), key
    for key in ("entr", "", " ", "ctrl+", "control+s", "Enter", "shift+upp", "\x1b"):
        assert not valid_key(key), repr(key)


def test_every_binding_has_an_id_and_a_description() -> None:
    found = list(okr_bindings(everywhere=True))
    classes = {cls.__name__ for cls, _ in found}
    assert {"HomeApp", "MeetingApp", "ViewerApp", "HomeScreen", "EditorScreen", "EditorForm", "HelpScreen",
            "ChoiceModal", "FormModal", "AlignmentScreen", "GradingScreen", "HistoryScreen"} <= classes
    for cls, binding in found:
        assert binding.id and binding.description and binding.tooltip, (cls.__name__, binding.key)
    for cls in {cls for cls, _ in found}:  # one id per binding of a class (a key list shares its id)
        own = cls.__dict__["BINDINGS"]
        assert len({b.id for b in own}) == len(own), cls.__name__
    assert "meeting.confirm" in binding_ids()


def test_the_ids_a_keymap_may_name_are_found_without_importing_all_of_tui() -> None:
    """A class with bindings outside the modules load_keymap imports would make its ids "unknown"."""
    script = ("import sys\nfrom tui.keymap import okr_bindings\n"
              "print(sorted({c.__module__ + '.' + c.__qualname__ for c, _ in okr_bindings(sys.argv[1] == 'all')}))")
    found = [subprocess.run([sys.executable, "-c", script, where], capture_output=True, text=True,
                            check=True, timeout=60).stdout for where in ("apps", "all")]
    assert found[0] == found[1] and "tui.home_app.HomeApp" in found[0]


# -- in the apps ------------------------------------------------------------------------
async def test_a_keymap_remaps_the_meetings_confirm_key(store: Store, cycle: Cycle) -> None:
    write_keymap('"meeting.confirm" = "space"\n')
    app = MeetingApp(store, cycle, WEEK, facilitator="Fay", attendees=["Ana"])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # no longer the confirm key
        await pilot.pause()
        assert await app.flush()
        assert store.load(cycle).checkin("O1.1", WEEK) is None
        await pilot.press("space")
        await pilot.pause()
        assert await app.flush()
        saved = store.load(cycle).checkin("O1.1", WEEK)
        assert saved is not None and (saved.progress, saved.confidence) == (40, 8)
        footer_keys = {k.key for _start, _end, k in app.screen.query_one(KeyLine).keys_shown}
        assert "space" in footer_keys and "enter" not in footer_keys


async def test_the_help_screen_lists_the_keys_in_effect(store: Store) -> None:
    write_keymap('"home.help" = "f2"\n"home.team" = "ctrl+t,T"\n')
    app = HomeApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")  # replaced: nothing opens
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        lines = help_text(app.screen).splitlines()
        team = next(line for line in lines if "one team at a time" in line)
        assert team.split()[:2] == ["^t", "T"]
        keys = next(line for line in lines if "All keys" in line)
        assert keys.split()[0] == "f2" and "?" not in keys
        assert any(line.split()[0] == "m" for line in lines)  # what is not remapped keeps its key


def test_okr_with_a_bad_keymap_is_a_one_line_error_before_it_starts(store: Store) -> None:
    """On a terminal (a pty: the commands need one), before any screen or write: exit 2."""
    write_keymap('"meeting.confirm" = "space"\n\n"meeting.confirn" = "enter"\n')
    before = {p.name: p.read_bytes() for p in store.path.iterdir()}
    for command in (["meeting"], ["home"], ["review", "--owner", "Zed"], ["grade", "--tui"]):
        parent, child = pty.openpty()
        try:
            r = subprocess.run([str(OKR), *command, "--store", str(store.path)], stdin=child, stdout=child,
                               stderr=subprocess.PIPE, text=True, timeout=60, env=os.environ)
        finally:
            os.close(child)
            os.close(parent)
        assert r.returncode == 2, (command, r.stderr)
        assert r.stderr == (f'Error: {SHOWN} line 3: unknown binding id "meeting.confirn"; '
                            'did you mean "meeting.confirm"?\n'), command
    assert {p.name: p.read_bytes() for p in store.path.iterdir()} == before


def test_the_readme_example_is_a_keymap_that_loads() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    example = readme.split("**Keys of your own.**", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    write_keymap(example)
    assert load_keymap() == {"meeting.confirm": "enter,space", "meeting.blocker": "x", "home.quit": "q,Q"}
