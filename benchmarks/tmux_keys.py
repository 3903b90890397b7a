"""Keypress to updated screen, and peak memory, of a Textual program running in tmux.

The program runs in a detached tmux session on a private server. For each key the
screen is captured, the key sent, and the screen polled until it differs: the time
includes tmux's own round trips, which the minimal app pays the same way. Clocks
(``mm:ss``) are masked before comparing, so the meeting's ticking timebox is not
taken for the answer to the key.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

CONFIG = "set -g status off\nset -g escape-time 0\n"
SETTLE = 0.3      # the screen must stay unchanged this long to count as drawn
KEY_TIMEOUT = 2.0
START_TIMEOUT = 30.0
CLOCK = re.compile(r"\d\d:\d\d")


class TmuxProgram:
    def __init__(self, cmd: Sequence[str], env: dict[str, str], *, cols: int = 100, rows: int = 30) -> None:
        self.socket = f"okr-bench-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self._dir = Path(tempfile.mkdtemp(prefix="okr-bench-tmux-"))
        conf = self._dir / "tmux.conf"
        conf.write_text(CONFIG)
        assignments = [f"{k}={v}" for k, v in env.items()]
        program = ["env", "-i", *assignments, *cmd]
        self._tmux("-f", str(conf), "new-session", "-d", "-x", str(cols), "-y", str(rows), shlex.join(program))
        self.pid = int(self._tmux("display-message", "-p", "#{pane_pid}").strip())

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True,
                              timeout=10, check=True)
        return done.stdout

    def screen(self) -> str:
        return CLOCK.sub("--:--", self._tmux("capture-pane", "-p"))

    def wait_drawn(self, timeout: float = START_TIMEOUT) -> str:
        """The screen once it has content and has not changed for SETTLE seconds."""
        deadline = time.perf_counter() + timeout
        last, since = "", time.perf_counter()
        while time.perf_counter() < deadline:
            now = self.screen()
            if now != last:
                last, since = now, time.perf_counter()
            elif now.strip() and time.perf_counter() - since >= SETTLE:
                return now
            time.sleep(0.02)
        raise RuntimeError(f"the screen did not settle within {timeout:.0f}s:\n{last}")

    def send(self, key: str) -> None:
        """Send ``key`` and wait until the screen has settled (nothing measured)."""
        self._tmux("send-keys", key)
        self.wait_drawn(timeout=KEY_TIMEOUT + SETTLE + 1)

    def key_latency(self, key: str) -> float | None:
        """Seconds from sending ``key`` to a changed screen; None if nothing changed."""
        before = self.screen()
        start = time.perf_counter()
        self._tmux("send-keys", key)
        while time.perf_counter() - start < KEY_TIMEOUT:
            if self.screen() != before:
                return time.perf_counter() - start
        return None

    def peak_rss_kib(self) -> int:
        """VmHWM of the program: its peak resident set so far."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        raise RuntimeError("no VmHWM in /proc status")

    def close(self) -> None:
        """Kill the session and wait for the program to be gone: on SIGHUP okr saves the
        meeting first, and the benchmark must not delete the store under that write."""
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=10, check=False)
        deadline = time.perf_counter() + 15
        while Path(f"/proc/{self.pid}").exists() and time.perf_counter() < deadline:
            time.sleep(0.02)
        shutil.rmtree(self._dir, ignore_errors=True)


def measure_keys(programs: dict[str, Sequence[str]], env: dict[str, str], keys: Sequence[str],
                 presses: int, *, openers: dict[str, Callable[[TmuxProgram], None]] | None = None
                 ) -> dict[str, tuple[list[float], int]]:
    """Per program: latencies of ``presses`` keypresses (cycling through ``keys``) and its
    peak RSS after them. The programs run side by side and take turns, key by key, so a
    busy moment of a shared machine falls on all alike. ``openers`` take a program from
    its first screen to the one the keys are for (unmeasured)."""
    running: dict[str, TmuxProgram] = {}
    try:
        for label, cmd in programs.items():
            running[label] = TmuxProgram(cmd, env)
        for label, prog in running.items():
            prog.wait_drawn()
            if openers and label in openers:
                openers[label](prog)
        samples: dict[str, list[float]] = {label: [] for label in running}
        for i in range(presses):
            for label, prog in running.items():
                latency = None
                for _ in range(3):  # a press that changed nothing (a key at its limit) is sent again
                    latency = prog.key_latency(keys[i % len(keys)])
                    prog.wait_drawn(timeout=KEY_TIMEOUT + SETTLE + 1)
                    if latency is not None:
                        break
                if latency is None:
                    raise RuntimeError(f"{label}: keys {list(keys)} did not change the screen")
                samples[label].append(latency)
        return {label: (samples[label], prog.peak_rss_kib()) for label, prog in running.items()}
    finally:
        for prog in running.values():
            prog.close()
