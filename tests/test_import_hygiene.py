"""The arrows of the layout, checked in a fresh interpreter: store/ loads no textual and
no click; tui/report loads no textual."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import store
import tui.report


def loaded_by(modules: list[str]) -> set[str]:
    probe = ("import importlib, sys\nfor m in sys.argv[1:]:\n    importlib.import_module(m)\n"
             "print(' '.join(sorted({n.split('.')[0] for n in sys.modules})))")
    r = subprocess.run([sys.executable, "-c", probe, *modules], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return set(r.stdout.split())


def submodules(package: object) -> list[str]:
    return [m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]  # type: ignore[attr-defined]


@pytest.mark.parametrize("forbidden", ["textual", "click", "tui", "themes"])
def test_store_imports_no_terminal_code(forbidden: str) -> None:
    assert forbidden not in loaded_by(submodules(store))


def test_report_rendering_imports_no_textual() -> None:
    assert "textual" not in loaded_by(submodules(tui.report))
