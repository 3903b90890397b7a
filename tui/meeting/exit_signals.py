"""Leaving cleanly on SIGTERM, and on SIGHUP when the terminal or SSH connection goes.

Without this, either signal kills the app at once: queued answers are not written and
the terminal is left in the alternate screen with mouse reporting on. Python runs a
signal handler in the main thread between two bytecodes, wherever that thread is, so the
handler here does only what is safe anywhere: on SIGHUP from a terminal that is gone it
points the terminal's file descriptors at /dev/null (writes to a dead terminal fail,
Textual's writer thread dies of it and the UI then blocks on its full output queue; a
``kill -HUP`` with the terminal still there leaves them, so the terminal is restored),
then it wakes a watcher thread through a pipe. The watcher asks the app, on its event
loop, to save and exit; should the app be stuck it ends the process after a grace period.
"""

from __future__ import annotations

import asyncio
import os
import signal
import termios
import threading
import time
from collections.abc import Callable
from types import FrameType

EXIT_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


class ExitOnSignals:
    """Route SIGTERM and SIGHUP to ``on_signal(signum)`` on ``loop``; exit 128+signum after ``grace`` s."""

    def __init__(self, loop: asyncio.AbstractEventLoop, on_signal: Callable[[int], None], grace: float) -> None:
        self._loop = loop
        self._on_signal = on_signal
        self._grace = grace
        self._wake_r, self._wake_w = os.pipe()
        self._previous: dict[int, object] = {}

    def install(self) -> None:
        self._previous = {signum: signal.signal(signum, self._handle) for signum in EXIT_SIGNALS}
        threading.Thread(target=self._watch, name="exit-on-signal", daemon=True).start()

    def uninstall(self) -> None:
        """Give the signals back; a signal already received still ends the process."""
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)  # type: ignore[arg-type]
        self._previous = {}

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if signum == signal.SIGHUP and not _terminal_alive():
            _detach_terminal()
        os.write(self._wake_w, bytes([signum]))

    def _watch(self) -> None:
        signum = os.read(self._wake_r, 1)[0]
        try:
            self._loop.call_soon_threadsafe(self._on_signal, signum)
        except RuntimeError:  # the loop is closed: the app is gone already
            pass
        time.sleep(self._grace)
        os._exit(128 + signum)  # still here: the app did not manage to exit


def _terminal_alive() -> bool:
    """False once the terminal has hung up: its ioctls then fail with EIO."""
    try:
        termios.tcgetattr(0)
    except (termios.error, OSError):
        return False
    return True


def _detach_terminal() -> None:
    """Point stdin, stdout and stderr at /dev/null: reading ends at once, restoring the gone
    terminal writes nowhere, and nothing blocks or dies on the dead one."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)
