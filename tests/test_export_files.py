"""Files okr writes outside its store (the grades export) never follow a planted symbolic
link and are private like the store's own."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest
from test_grading_screen import fill_export

from store import Store, StoreError
from store.files import write_export
from store.grading import grade_cycle
from tui.screens.grading import GradingScreen, write_exports
from tui.viewer_app import ViewerApp


def test_a_planted_symlink_is_refused_and_its_target_untouched(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    link = tmp_path / "grade-2026-Q4.md"
    link.symlink_to(victim)
    with pytest.raises(StoreError, match="symbolic link"):
        write_export(link, b"grades")
    assert victim.read_text() == "keep me" and link.is_symlink()


def test_exports_are_private_and_named_as_given(store: Store, tmp_path: Path) -> None:
    graded = grade_cycle(store.load(store.cycle()), store.root.settings.thresholds, today=dt.date(2026, 11, 25))
    md, js = tmp_path / "g.md", tmp_path / "g.json"
    written = write_exports(graded, str(md), str(js))
    assert written == [md, js]  # absolute, as given
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert md.read_text().startswith("#") and js.read_text().lstrip().startswith("{")
    shared = tmp_path / "shared.md"
    write_export(shared, b"x", shared=True)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o660


def test_a_directory_in_the_way_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a directory"):
        write_export(tmp_path, b"x")


def test_a_fifo_or_device_in_the_way_is_refused_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "grade.md"
    os.mkfifo(fifo)
    with pytest.raises(StoreError, match="not a regular file"):
        write_export(fifo, b"grades")  # neither blocks on it nor renames over it
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_failed_write_is_one_line_naming_the_file_given(tmp_path: Path) -> None:
    given = tmp_path / "no" / "such" / "grade.md"
    with pytest.raises(StoreError) as failed:
        write_export(given, b"grades")
    message = str(failed.value)
    assert message.startswith(f"cannot write {given}:") and ".tmp" not in message and "\n" not in message


async def test_the_grading_screen_refuses_a_planted_link_and_says_so_in_one_line(
        store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (tmp_path / "grade.md").symlink_to(victim)
    said: list[tuple[str, str]] = []
    monkeypatch.setattr(GradingScreen, "notify",
                        lambda self, message, **kw: said.append((message, kw.get("severity", ""))))
    cycle = store.cycle()
    app = ViewerApp(store, lambda: GradingScreen(store, cycle, today=dt.date(2026, 11, 25)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await fill_export(pilot, [str(tmp_path / "grade.md"), ""])
        assert isinstance(app.screen, GradingScreen)
    [(message, severity)] = said
    assert severity == "error" and "\n" not in message
    assert message == (f"Could not write the export: {tmp_path / 'grade.md'} is a symbolic link; refusing to write "
                       "through it (nothing was written)")
    assert victim.read_text() == "keep me" and (tmp_path / "grade.md").is_symlink()
