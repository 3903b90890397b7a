"""The console script starts without the cyclic garbage collector and always turns it
back on: when the command ends (what it made frozen first), or once a terminal app has
painted its first frame."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from store import Store
from tui.cli.launch import main
from tui.screens import HelpScreen
from tui.viewer_app import ViewerApp


@pytest.fixture
def collector() -> Iterator[None]:
    yield
    gc.enable()
    gc.unfreeze()


def test_a_command_runs_without_the_collector_and_leaves_it_on(
        store: Store, collector: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    seen = []
    monkeypatch.setattr("tui.cli.data.open_store", lambda path: (seen.append(gc.isenabled()), Store.open(path))[1])
    with pytest.raises(SystemExit) as done:
        main(["list", "--store", str(store.path)])
    assert done.value.code == 0 and seen == [False]
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0  # what it made is not walked by the collection at exit
    with pytest.raises(SystemExit):
        main(["list", "--store", str(Path(store.path) / "missing")])  # an error: still on after
    assert gc.isenabled() and "no store" in capsys.readouterr().err


async def test_an_app_turns_the_collector_on_at_its_first_frame(store: Store, collector: None) -> None:
    gc.disable()
    app = ViewerApp(store, lambda: HelpScreen([]))
    async with app.run_test() as pilot:
        await pilot.pause()
        assert gc.isenabled() and gc.get_freeze_count() > 0


def test_the_installed_okr_is_the_launcher() -> None:
    script = Path(sys.executable).parent / "okr"
    assert "tui.cli.launch" in script.read_text()
