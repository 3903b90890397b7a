"""`okr sync` in Chinese through the real `okr`: its report lines, `--status`, the journal
files it skips and its refusals, with no English words left; and a symbolic link in a
joining store's place refused, its target untouched."""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

import pytest
from sync_harness import CYCLE, git, hosts, isolate_git, okr

from store import journal
from store import sync as store_sync
from store.errors import StoreError
from store.git import SyncError
from store.journal import EventName, hlc, host_id

WEEK = "2026-W48"
# English words a Chinese sync line must not hold (ids, paths, commands and git's own text aside)
ENGLISH = re.compile(r"\b(sent|received|change|changes|host|skipped|names|valid|remote|sync with|up to date|"
                     r"from|not|committed|receive|send|replaced|now)\b")


@pytest.fixture(autouse=True)
def _git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate_git(monkeypatch, tmp_path)
    monkeypatch.setenv("OKR_LANG", "zh-CN")


def ok(*args: str) -> str:
    done = okr(*args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def english_in(text: str, *allowed: str) -> list[str]:
    for word in allowed:  # host ids, paths and commands are not words to translate
        text = text.replace(word, "")
    text = re.sub(r"okr sync[^；，。）]*|journal/\S+|git remote set-url \S+ URL|--[a-z]+", "", text)
    return ENGLISH.findall(text)


def test_a_sync_reports_in_chinese(tmp_path: Path) -> None:
    a, b = hosts(tmp_path, 2)
    ok("checkin", "O1.1", "--week", WEEK, "--cycle", CYCLE, "--store", str(a), "--progress", "50")
    ok("checkin", "O1.1", "--week", WEEK, "--cycle", CYCLE, "--store", str(b), "--progress", "60")
    ok("objective", "add", "A", "--owner", "Ana", "--cycle", CYCLE, "--store", str(a))
    ok("objective", "add", "B", "--owner", "Li", "--cycle", CYCLE, "--store", str(b))
    assert ok("sync", "--store", str(a)) == "已发送 2 项更改，已接收 0 项\n"
    status = ok("sync", "--status", "--store", str(b)).splitlines()
    assert status == [f"主机 {host_id(b)}", "待发送：2 项更改（2 项尚未提交）",
                      f"待接收：2 项更改，来自 {host_id(a)}（2）"]
    cycle_dir = b / "journal" / CYCLE
    garbage = EventName(hlc(journal.wall_ms(), 0), "mallory.1").file_name
    (cycle_dir / garbage).write_text("{not json")
    unknown = EventName(hlc(journal.wall_ms(), 1), "mallory.1").file_name
    (cycle_dir / unknown).write_text(json.dumps({"v": 1, "seen": {}, "changes": [
        {"t": "checkins", "k": ["O9.1", WEEK], "new": True,
         "set": {"kr": "O9.1", "week": WEEK, "progress": 10, "at": "2026-11-25T10:00:00Z"}}]}))
    said = ok("sync", "--store", str(b)).splitlines()
    # the two planted files go out with b's own (git carries them) and count as mallory's
    senders = "、".join(f"{h}（2）" for h in sorted([host_id(a), "mallory.1"]))
    assert said[0] == f"已发送 4 项更改，已接收 4 项，来自 {senders}"
    assert f"来自主机 {host_id(b)} 的 O3 现在是 O4" in said
    assert f"O1.1 {WEEK}：主机 {host_id(b)} 将主机 {host_id(a)} 的 进度 50 替换为 60" in said
    assert any(line.startswith(f"已跳过 journal/{CYCLE}/{garbage}：不是有效的 JSON（") for line in said), said
    assert f"已跳过 journal/{CYCLE}/{unknown}：引用了不存在的关键成果 'O9.1'" in said
    for line in said:
        assert not english_in(line, host_id(a), host_id(b), "mallory.1"), line
    assert ok("sync", "--store", str(b)) == "已是最新：没有要发送或接收的更改\n"


def test_refusals_are_one_chinese_line(tmp_path: Path) -> None:
    (a,) = hosts(tmp_path, 1)
    gone = tmp_path / "gone.git"
    git(a, "remote", "set-url", "origin", str(gone))
    done = okr("sync", "--store", str(a))
    assert done.returncode == 1 and len(done.stderr.splitlines()) == 1, done.stderr
    assert done.stderr.startswith(f"错误：无法从 {gone} 获取：")
    assert done.stderr.endswith("；本机的更改保留在本机，下次 okr sync 时会发送\n"), done.stderr
    plain = tmp_path / "plain"
    assert okr("init", "--store", str(plain)).returncode == 0
    done = okr("sync", "--store", str(plain))
    assert done.returncode == 1
    assert done.stderr == f"错误：{plain} 尚未设置同步；请运行：okr sync init --store {plain} [--remote URL]\n"
    done = okr("sync", "init", "--store", str(a), "--remote", str(tmp_path / "other.git"))
    assert done.returncode == 1 and done.stderr.startswith("错误：此仓库的 origin 已是 "), done.stderr
    assert not english_in(done.stderr, str(tmp_path))


def test_english_sync_lines_stay_as_they_were(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OKR_LANG", "en")
    a, b = hosts(tmp_path, 2)
    ok("checkin", "O1.1", "--week", WEEK, "--cycle", CYCLE, "--store", str(a), "--progress", "50")
    assert ok("sync", "--status", "--store", str(a)).splitlines()[1] == "to send: 1 change (1 not committed yet)"
    assert ok("sync", "--store", str(a)) == "sent 1 change, received 0\n"
    assert ok("sync", "--store", str(b)) == f"sent 0 changes, received 1 from {host_id(a)} (1)\n"


@pytest.mark.parametrize("target_exists", [True, False])
def test_joining_through_a_symbolic_link_is_refused_and_its_target_untouched(tmp_path: Path,
                                                                            target_exists: bool) -> None:
    (a,) = hosts(tmp_path, 1)
    remote = git(a, "remote", "get-url", "origin").strip()
    target = tmp_path / "victim"
    if target_exists:
        target.mkdir(mode=0o755)
        target.chmod(0o755)
    planted = tmp_path / "planted"
    planted.symlink_to(target, target_is_directory=True)
    with pytest.raises(SyncError, match="is a symbolic link"):
        store_sync.join(planted, remote)
    assert planted.is_symlink()
    if target_exists:
        assert stat.S_IMODE(target.stat().st_mode) == 0o755 and not any(target.iterdir())
    else:
        assert not target.exists()
    done = okr("sync", "init", "--remote", remote, "--store", str(planted))
    assert done.returncode == 1 and len(done.stderr.splitlines()) == 1
    assert done.stderr == f"错误：{planted} 是符号链接；请在一个独立的目录中创建存储，而不是通过链接（未做任何更改）\n", done.stderr


def test_a_directory_swapped_for_a_link_after_the_clone_is_not_chmodded(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The race the check before the clone cannot close: the chmod goes through a descriptor."""
    (a,) = hosts(tmp_path, 1)
    remote = git(a, "remote", "get-url", "origin").strip()
    target = tmp_path / "victim"
    target.mkdir()
    target.chmod(0o755)
    joining = tmp_path / "joining"
    run = store_sync.Git.run

    def clone_then_swap(self: store_sync.Git, *args: str, **kwargs: object) -> object:
        done = run(self, *args, **kwargs)  # type: ignore[arg-type]
        if args[0] == "clone":
            joining.rename(tmp_path / "moved")
            joining.symlink_to(target, target_is_directory=True)
        return done

    monkeypatch.setattr(store_sync.Git, "run", clone_then_swap)
    with pytest.raises(StoreError, match="is a symbolic link"):
        store_sync.join(joining, remote)
    assert stat.S_IMODE(target.stat().st_mode) == 0o755
