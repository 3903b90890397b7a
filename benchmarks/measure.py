"""Timing primitives for the benchmark: medians, rounds taken in turn, subprocesses, a pty,
the bare write."""

from __future__ import annotations

import fcntl
import os
import pty
import statistics
import struct
import subprocess
import tempfile
import termios
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

TIMEOUT = 60.0


def median_of(samples: Sequence[float]) -> float:
    return statistics.median(samples)


def in_turn(samplers: dict[str, Callable[[], float]], runs: int) -> dict[str, list[float]]:
    """``runs`` samples of each: one of each in turn per round, after one unrecorded run of
    each (page cache, .pyc files), so a busy moment of a shared machine falls on all alike."""
    for sample in samplers.values():
        sample()
    samples: dict[str, list[float]] = {label: [] for label in samplers}
    for _ in range(runs):
        for label, sample in samplers.items():
            samples[label].append(sample())
    return samples


def time_call(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def time_command(cmd: Sequence[str], env: dict[str, str]) -> float:
    """Wall clock of one run; a failing command stops the benchmark with its stderr."""
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                          timeout=TIMEOUT, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {done.returncode}: {done.stderr.decode().strip()[-300:]}")
    return elapsed


def bare_atomic_write(directory: Path, data: bytes) -> None:
    """The floor of a save: temp file, fsync, rename, fsync the directory."""
    fd, tmp = tempfile.mkstemp(prefix=".bench.", suffix=".tmp", dir=directory)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, directory / "bench-bare.json")
    dir_fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def run_in_pty(cmd: Sequence[str], env: dict[str, str], *, cols: int = 100, rows: int = 30) -> tuple[float, int]:
    """Run ``cmd`` on a fresh pseudo-terminal until it exits: (launch time, peak RSS in KiB).

    The launch time is wall-clock (``time.time()``), to compare with a time the program
    itself records.
    The output is drained as it comes so the program never blocks on a full pty buffer.
    Peak RSS comes from wait4's rusage: this child's alone, not every child's so far.
    """
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    drain = threading.Thread(target=_drain, args=(master,), daemon=True)
    drain.start()
    launched = time.time()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    deadline = start + TIMEOUT
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            os.wait4(proc.pid, 0)
            raise RuntimeError(f"{' '.join(cmd)} did not exit within {TIMEOUT:.0f}s")
        time.sleep(0.002)
    proc.returncode = os.waitstatus_to_exitcode(status)
    drain.join(timeout=2)
    os.close(master)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode} in a terminal")
    return launched, usage.ru_maxrss


def _drain(fd: int) -> None:
    try:
        while os.read(fd, 65536):
            pass
    except OSError:  # EIO once the child has closed its side
        pass
