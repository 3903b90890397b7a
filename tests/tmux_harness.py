"""Drive a program in a real terminal: a detached tmux session on a private socket.

    with Tmux(["okr", "demo", "--dir", str(d)], term="xterm-256color") as term:
        term.wait_for("Objective 1")
        term.send("Enter")
        term.wait_exit()
        assert "NEEDS HELP" in term.screen(history=True)  # printed after the app's screen

Every wait has a timeout (a program without a terminal may hang rather than fail);
a timeout raises AssertionError carrying the screen as it was. The program's stderr is
never redirected: Textual draws there. Panes stay after the program exits
(remain-on-exit), so its last output and exit status can still be read. PYTHONPATH and
PYTHONHOME are never passed on: the program runs from its own install, not the checkout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType

import pytest

POLL = 0.1
AFTER_ESCAPE = 0.2  # tmux and Textual tell a bare Esc from a sequence by timing
TMUX_CALL_TIMEOUT = 10.0
NEVER_PASSED = ("PYTHONPATH", "PYTHONHOME")
CONFIG = """\
set -g status off
set -g remain-on-exit on
set -g escape-time 0
set -g history-limit 5000
"""


def require_tmux() -> str:
    """The tmux binary, or skip the test (``.ci/run`` installs it)."""
    path = shutil.which("tmux")
    if path is None:
        pytest.skip("tmux is not installed")
    return path


class Tmux:
    """One program in one detached tmux session, on a server of its own."""

    def __init__(self, command: Sequence[str], *, width: int = 100, height: int = 30,
                 term: str = "xterm-256color", env: dict[str, str] | None = None,
                 unset: Sequence[str] = ("COLORTERM", "NO_COLOR"), cwd: Path | None = None) -> None:
        self.tmux = require_tmux()
        self.command = list(command)
        self.width, self.height = width, height
        self.term = term
        self.env = {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", **(env or {})}
        self.unset = list(unset)
        self.cwd = cwd
        self.socket = f"okr-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self._dir = Path(tempfile.mkdtemp(prefix="okr-tmux-"))
        self._started = False

    # -- lifecycle -------------------------------------------------------------------
    def start(self) -> Tmux:
        config = self._dir / "tmux.conf"
        config.write_text(CONFIG)
        # `env` sets the program's terminal type and locale whatever tmux's default-terminal is.
        program = ["env", *(f"--unset={name}" for name in (*NEVER_PASSED, *self.unset)),
                   *(f"{k}={v}" for k, v in {**self.env, "TERM": self.term}.items()), *self.command]
        self._tmux("-f", str(config), "new-session", "-d", "-s", "main", "-x", str(self.width),
                   "-y", str(self.height), *(["-c", str(self.cwd)] if self.cwd else []), *program)
        self._started = True
        return self

    def close(self) -> None:
        if self._started:
            subprocess.run([self.tmux, "-L", self.socket, "kill-server"], capture_output=True,
                           timeout=TMUX_CALL_TIMEOUT, check=False)
            self._started = False
        shutil.rmtree(self._dir, ignore_errors=True)

    def __enter__(self) -> Tmux:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # -- input -------------------------------------------------------------------------
    def send(self, *keys: str) -> None:
        """Keys by tmux name ("Enter", "Escape", "C-q", "Left", "F1") or literal text ("5")."""
        for key in keys:
            self._tmux("send-keys", "-t", "main", key)
            if key in ("Escape", "Esc", "C-["):
                time.sleep(AFTER_ESCAPE)

    def type(self, text: str) -> None:
        """Literal text, each character as typed (no key-name lookup).

        A test of a dialog's keys one by one waits for the text to show (``wait_for``)
        before the key that submits it, and after a key that moves focus for the focus to
        move (``wait_for(..., styles=True)``); ``burst`` sends them all at once.
        """
        self._tmux("send-keys", "-t", "main", "-l", text)

    def burst(self, *keys: str) -> None:
        """Keys by tmux name or literal text, in one send: the program reads them together,
        as from a fast typist or a slow SSH link."""
        self._tmux("send-keys", "-t", "main", *keys)

    # -- output ------------------------------------------------------------------------
    def screen(self, *, history: bool = False, styles: bool = False) -> str:
        """The visible screen, or with ``history`` the scrollback too (wrapped lines joined);
        with ``styles`` the colours and attributes as escape sequences."""
        extra = (["-S", "-", "-J"] if history else []) + (["-e"] if styles else [])
        return self._tmux("capture-pane", "-p", "-t", "main", *extra)

    def exited(self) -> bool:
        return self._tmux("display-message", "-p", "-t", "main", "#{pane_dead}").strip() == "1"

    def cursor(self) -> tuple[int, int]:
        """The terminal cursor's (column, row), 0-based. Textual keeps it on the focused
        input even while hidden, so it tells which field the next typed text goes to."""
        x, y = self._tmux("display-message", "-p", "-t", "main", "#{cursor_x} #{cursor_y}").split()
        return int(x), int(y)

    def exit_status(self) -> int | None:
        """The program's exit status, once tmux has collected it (it may lag the exit:
        to be sure, end the command with ``; echo EXIT=$?``)."""
        status = self._tmux("display-message", "-p", "-t", "main", "#{pane_dead_status}").strip()
        return int(status) if status else None

    def wait_for(self, what: str | Callable[[str], bool], timeout: float = 30.0, *,
                 history: bool = False, styles: bool = False) -> str:
        """Poll the screen until it shows ``what`` (text, or a predicate on the screen).

        With ``styles`` the predicate sees colours too: the way to see focus move, e.g.
        between the inputs of a form (Textual moves focus after the key is handled, so
        text typed at once may still land in the previous input).
        """
        test = what if callable(what) else (lambda screen: what in screen)
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen(history=history, styles=styles)
            if test(screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"timed out after {timeout:.0f}s waiting for {what!r}"
                    f" (program {'exited' if self.exited() else 'running'}); screen:\n{screen}"
                )
            time.sleep(POLL)

    def wait_exit(self, timeout: float = 30.0) -> None:
        """Wait for the program to exit (its pane to close)."""
        deadline = time.monotonic() + timeout
        while not self.exited():
            if time.monotonic() > deadline:
                raise AssertionError(f"program still running after {timeout:.0f}s; screen:\n{self.screen()}")
            time.sleep(POLL)

    def _tmux(self, *args: str) -> str:
        done = subprocess.run([self.tmux, "-L", self.socket, *args], capture_output=True, text=True,
                              timeout=TMUX_CALL_TIMEOUT, check=False)
        if done.returncode != 0:
            raise AssertionError(f"tmux {args[0]} failed: {done.stderr.strip()}")
        return done.stdout


def fill_blocker(term: Tmux, blocker: str, help_from: str) -> None:
    """In the meeting, on the selected key result: open the blocker dialog (b), type the
    blocker and who could help, save; returns once the dialog has closed."""
    term.send("b")
    term.wait_for("Who could help?")
    term.type(blocker)
    first_field = next(row for row, line in enumerate(term.wait_for(blocker).splitlines()) if blocker in line)
    term.send("Tab")
    # Focus moves after the Tab is handled: text typed before that would land in the first
    # field. Textual keeps the (hidden) terminal cursor on the focused input: wait for it.
    term.wait_for(lambda _: term.cursor()[1] > first_field)
    term.type(help_from)
    term.wait_for(help_from)
    term.send("Enter")
    term.wait_for(lambda screen: "Who could help?" not in screen)
