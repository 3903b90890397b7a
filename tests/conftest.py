"""Shared fixtures. Every test gets its own store in a temp dir; HOME and XDG dirs point
into tmp_path so nothing touches the real user data dir."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Generator
from pathlib import Path

import pytest
from installed import Installed, install

from store import Store


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-slow", action="store_true", help="run the long stress variants")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--run-slow"):
        return
    skip = pytest.mark.skip(reason="long variant: make stress")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, pytest.TestReport,
                                                                                          pytest.TestReport]:
    """A failed test shows the crash reports okr wrote meanwhile: in CI the temp dirs are
    gone afterwards, and "exit 70, the details are in …" alone cannot be debugged."""
    report = yield
    state = os.environ.get("XDG_STATE_HOME")
    if report.failed and state:
        for crash in sorted(Path(state).glob("okr-checkin/crashes/*.txt")):
            report.sections.append((f"okr crash report {crash.name}", crash.read_text(errors="replace")))
    return report


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local/share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local/state"))  # crash reports (tui/cli/errors.py)
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.delenv("OKR_STORE", raising=False)


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """okr from its wheel in a venv of its own (tests/installed.py), built once a session."""
    return install(tmp_path_factory.mktemp("installed"))


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def store(store_dir: Path) -> Store:
    return Store.init(store_dir, today=dt.date(2026, 11, 25))
