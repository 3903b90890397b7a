"""Files okr writes outside its store (the grades export) never follow a planted symbolic
link and are private like the store's own."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

import pytest

from store import Store, StoreError
from store.files import write_export
from store.grading import grade_cycle
from tui.screens.grading import write_exports


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
