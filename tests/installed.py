"""okr as a user gets it: the checkout built into a wheel, installed (not editable) into a
venv of its own. conftest.py's session fixture ``installed`` builds it once per session.

Every other test runs the editable install, which reads the checkout's files and so
cannot see a module or data file the wheel leaves out. The wheel is built from a copy of
the working tree (without .git, venvs, build output or caches): pip would otherwise write
build/ and *.egg-info into the tree other people work in, and setuptools would pack stale
files left in build/. Run the installed programs with ``run_env()`` and a cwd outside the
checkout, or the checkout could shadow the installed packages.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PACKAGES = ("tui", "store", "themes")
NOT_SOURCE = (".git", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__", "*.py[cod]",
              ".pytest_cache", ".hypothesis", ".mypy_cache", ".ruff_cache")
PIP_TIMEOUT = 600.0
WHERE_FROM = "import importlib, sys\nfor name in sys.argv[1:]:\n    print(importlib.import_module(name).__file__)"


@dataclass(frozen=True)
class Installed:
    venv: Path
    wheel: Path
    source: Path  # the copy of the working tree the wheel was built from

    @property
    def bin(self) -> Path:
        return self.venv / "bin"

    @property
    def okr(self) -> Path:
        return self.bin / "okr"

    @property
    def python(self) -> Path:
        return self.bin / "python"


def run_env() -> dict[str, str]:
    """This process's environment without what could put the checkout or another venv
    on the installed python's path."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}


def run(command: Sequence[str | Path], *, cwd: Path, what: str,
        timeout: float = PIP_TIMEOUT) -> subprocess.CompletedProcess[str]:
    """Run a build step; on failure an AssertionError with its whole output."""
    done = subprocess.run([str(part) for part in command], cwd=cwd, env=run_env(), capture_output=True,
                          text=True, timeout=timeout, check=False, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, (f"{what} failed (exit {done.returncode}): {' '.join(map(str, command))}\n"
                                  f"--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}")
    return done


def copy_source(dest: Path) -> Path:
    shutil.copytree(PROJECT, dest, ignore=shutil.ignore_patterns(*NOT_SOURCE), symlinks=True)
    return dest


def build_wheel(source: Path, out: Path) -> Path:
    """``pip wheel --no-deps`` of ``source`` (a directory or an sdist) into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", out, source], cwd=out, what="pip wheel")
    [wheel] = out.glob("okr_checkin-*.whl")
    return wheel


def install(directory: Path) -> Installed:
    """Build the wheel of the checkout and install it with its dependencies into a fresh
    venv under ``directory``."""
    source = copy_source(directory / "source")
    wheel = build_wheel(source, directory / "wheel")
    venv = directory / "venv"
    run([sys.executable, "-m", "venv", venv], cwd=directory, what="python -m venv")
    run([venv / "bin/python", "-m", "pip", "install", "-q", wheel], cwd=directory,
        what="pip install of the wheel")
    done = run([venv / "bin/python", "-c", WHERE_FROM, *PACKAGES], cwd=directory,
               what="importing the installed packages", timeout=60)
    site = (venv / "lib").resolve()
    outside = [f for f in done.stdout.splitlines() if not Path(f).resolve().is_relative_to(site)]
    assert not outside, f"the installed python imports these from outside its venv: {outside}"
    return Installed(venv=venv, wheel=wheel, source=source)
