"""The installed `okr meeting` in a real terminal (tmux): every status reads in words or
symbols in 16 colours (TERM=xterm, TERM=linux), in 256 colours without COLORTERM and with
NO_COLOR=1; --no-mouse leaves the terminal's mouse reporting off; --present starts big.
The symbols expected are the table tui/widgets/symbols.py chooses for the terminal: ASCII
on the Linux console (TERM=linux), whose font lacks ⚠ ⏱ ✓."""

from __future__ import annotations

from pathlib import Path

import pytest
from installed import Installed
from tmux_harness import Tmux

from store import Store
from tui.widgets.symbols import ASCII, choose

TERMINALS = [
    pytest.param({"TERM": "xterm"}, id="xterm-16"),
    pytest.param({"TERM": "linux"}, id="linux-console"),
    pytest.param({"TERM": "xterm-256color"}, id="256-no-colorterm"),
    pytest.param({"TERM": "xterm-256color", "NO_COLOR": "1"}, id="no-color"),
]


@pytest.fixture
def store_path(store: Store) -> Path:
    cycle = store.cycle("2026-Q4")
    with store.write(cycle) as tx:
        o1 = tx.add_objective(title="Serve customers well", owner="Ana", team="Support")
        k1 = tx.add_key_result(o1.id, title="Dispatch twice a day", owner="Ben")
        k2 = tx.add_key_result(o1.id, title="Answer feedback fast", owner="Cy")
        tx.check_in(k1.id, "2026-W47", progress=40, confidence=8)
        tx.check_in(k2.id, "2026-W47", progress=10, confidence=6)
    return Path(store.path)


def meeting(installed: Installed, store_path: Path, *options: str) -> list[str]:
    return [str(installed.okr), "meeting", "--store", str(store_path), "--cycle", "2026-Q4", "--week", "2026-W48", "--facilitator", "Ana",
            *options]


@pytest.mark.parametrize("env", TERMINALS)
def test_every_status_has_words(installed: Installed, store_path: Path, env: dict[str, str]) -> None:
    term_name = env["TERM"]
    symbols = choose({"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", **env})  # the locale Tmux gives the program
    warn, timer, done = symbols.warn, symbols.timer, symbols.done
    with Tmux(meeting(installed, store_path), width=80, height=24, term=term_name,
              env={k: v for k, v in env.items() if k != "TERM"}, unset=("COLORTERM",),
              cwd=store_path.parent) as term:
        term.wait_for("Objective 1 of 1")
        term.send("3")  # O1.1: confidence 3 → hard, fell by 5, needs help
        # "saved" comes a frame or more after the answer is shown (the save runs after the paint)
        screen = term.wait_for(lambda s: "confidence fell" in s and f"{done} saved" in s)
        assert "3/10 hard" in screen and f"{warn} needs help" in screen
        assert f"{symbols.selected} O1.1 Dispatch twice a day" in screen
        assert f"{done} given" in screen and "not given yet" in screen
        assert f"{timer} 00:0" in screen and "/ 03:00" in screen
        term.send("f")
        screen = term.wait_for(f"{timer} left of 03:00")
        assert f"{symbols.behind} behind pace" in screen or f"{symbols.on_pace} on pace" in screen
        assert f"{warn} needs help: low confidence, confidence fell" in screen
        assert "/10 " in screen and f"{done} given" in screen
        if symbols is ASCII:
            assert not {"⚠", "⏱", "▶", "▼"} & set(screen)  # none of the glyphs the console font lacks
        term.send("C-q")
        term.wait_exit()
    data = Store.open(store_path)
    saved = data.load(data.cycle("2026-Q4")).checkin("O1.1", "2026-W48")
    assert saved is not None and saved.confidence == 3


@pytest.mark.parametrize(("options", "mouse"), [((), "1"), (("--no-mouse",), "0")])
def test_no_mouse_leaves_mouse_reporting_off(installed: Installed, store_path: Path, options: tuple[str, ...],
                                             mouse: str) -> None:
    with Tmux(meeting(installed, store_path, *options), width=80, height=24, cwd=store_path.parent) as term:
        term.wait_for("Objective 1 of 1")
        assert term._tmux("display-message", "-p", "-t", "main", "#{mouse_any_flag}").strip() == mouse
        term.send("C-q")
        term.wait_exit()


def test_present_option_starts_in_the_presentation_layout(installed: Installed, store_path: Path) -> None:
    with Tmux(meeting(installed, store_path, "--present", "--theme", "okr-contrast"), width=80, height=24,
              cwd=store_path.parent) as term:
        screen = term.wait_for("⏱ left of 03:00")
        assert "progress" in screen and "confidence" in screen and "timebox" in screen
        assert "━" in screen  # the big digits
        term.send("f")
        term.wait_for("last ")  # the normal layout's rows
        term.send("C-q")
        term.wait_exit()
