"""A store directory others could write, or a link in the store's place."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from store import Store, StoreError

OKR = Path(sys.executable).parent / "okr"


def test_init_refuses_to_make_a_store_through_a_symlink(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.mkdir(mode=0o755)
    link = tmp_path / "store"
    link.symlink_to(target)
    with pytest.raises(StoreError, match="symbolic link"):
        Store.init(link, shared=True)
    assert stat.S_IMODE(target.stat().st_mode) == 0o755 and not list(target.iterdir())


def test_a_world_writable_store_warns_on_open_and_init_takes_others_write_away(tmp_path: Path) -> None:
    store = Store.init(tmp_path / "store")
    os.chmod(store.path, 0o777)
    opened = Store.open(store.path)
    assert opened.warnings and "can be written by others (mode 777)" in opened.warnings[0]
    r = subprocess.run([str(OKR), "list", "--store", str(store.path)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stderr.count("\n") == 1 and "chmod go-w" in r.stderr
    Store.init(store.path)
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o755
    assert Store.open(store.path).warnings == []


def test_a_private_store_opens_without_a_warning(tmp_path: Path) -> None:
    assert Store.open(Store.init(tmp_path / "store").path).warnings == []
