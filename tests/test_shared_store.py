"""`okr init` and a store others could tamper with: `--shared` never goes through a symbolic
link (the store's path or anything in it), and `okr init` on a directory others may write
takes their write away and says so. (tests/test_store_dir_safety.py: the warning on open.)"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from store import Store, StoreError
from store.files import chmod_dir

OKR = Path(sys.executable).parent / "okr"


def okr(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(OKR), *args], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.mark.parametrize("where", ["cycle-2026-Q4.json.lock", "live/2026-Q4-2026-W48-all.json"])
def test_init_shared_refuses_a_store_with_a_link_in_it_and_changes_nothing(tmp_path: Path, where: str) -> None:
    victim = tmp_path / "victim"
    victim.write_text("keep me")
    victim.chmod(0o600)
    store_dir = tmp_path / "store"
    link = store_dir / where
    link.parent.mkdir(parents=True, mode=0o700)
    store_dir.chmod(0o700)
    link.symlink_to(victim)
    r = okr("init", "--shared", "--store", str(store_dir))
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert f"{link} is a symbolic link; refusing to share a store with a link in it" in r.stderr
    assert mode(store_dir) == 0o700 and mode(victim) == 0o600 and victim.read_text() == "keep me"
    assert not (store_dir / "okr.json").exists()


def test_the_mode_is_never_set_through_a_link_swapped_into_the_stores_place(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.mkdir(mode=0o755)
    link = tmp_path / "store"
    link.symlink_to(target)
    with pytest.raises(StoreError, match="symbolic link"):
        chmod_dir(link, lambda _mode: 0o2770)
    assert mode(target) == 0o755


def test_init_on_a_world_writable_store_fixes_it_and_says_so_once(tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    assert okr("init", "--store", str(store_dir)).returncode == 0
    store_dir.chmod(0o777)
    r = okr("init", "--store", str(store_dir))
    assert r.returncode == 0 and "store ready at" in r.stdout
    [line] = r.stderr.splitlines()  # one line, not also the warning of opening it
    assert line == f"{store_dir} could be written by others (mode 777): its files could be replaced; " \
                   "okr init made it 755"
    assert mode(store_dir) == 0o755
    again = okr("init", "--store", str(store_dir))
    assert again.returncode == 0 and again.stderr == ""


def test_init_shared_on_a_world_writable_directory_makes_it_the_groups_and_says_so(tmp_path: Path) -> None:
    store_dir = tmp_path / "team"
    store_dir.mkdir()
    store_dir.chmod(0o777)
    r = okr("init", "--shared", "--store", str(store_dir))
    assert r.returncode == 0, r.stderr
    assert r.stderr == f"{store_dir} could be written by others (mode 777): its files could be replaced; " \
                       "okr init made it 2770\n"
    assert mode(store_dir) == 0o2770
    assert all(mode(p) == 0o660 for p in store_dir.iterdir())


def test_group_write_warns_for_a_private_store_not_for_a_shared_one(tmp_path: Path) -> None:
    private = Store.init(tmp_path / "mine")
    os.chmod(private.path, 0o770)
    [warning] = Store.open(private.path).warnings
    assert f"{private.path} can be written by others (mode 770)" in warning and "chmod go-w" in warning
    shared = Store.init(tmp_path / "team", shared=True)
    assert mode(shared.path) == 0o2770 and Store.open(shared.path).warnings == []
