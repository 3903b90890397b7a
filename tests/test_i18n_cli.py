"""The command line in Chinese through the real `okr`: --lang (before or after the command),
OKR_LANG, the user's setting and the locale in that order; messages, errors and help in the
guide's words; JSON the same in every language."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from store import Store

OKR = Path(sys.executable).parent / "okr"
LANGUAGE_VARS = ("OKR_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")


def okr(*args: str | Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`okr ARGS` with no language in the environment but the ``env`` given."""
    base = {k: v for k, v in os.environ.items() if k not in LANGUAGE_VARS}
    return subprocess.run([str(OKR), *map(str, args)], capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL, env={**base, **env})


def snapshot(directory: Path) -> dict[str, str]:
    return {str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file() and p.suffix != ".lock"}


@pytest.fixture
def seeded(store: Store, store_dir: Path) -> Path:
    """O1 (committed) with O1.1 blocked and at confidence 4 in 2026-W48."""
    for args in (["objective", "add", "创造无与伦比的用户服务体验", "--owner", "刘三"],
                 ["kr", "add", "O1", "派单时间由一天一次改为一天两次"],
                 ["checkin", "O1.1", "--progress", "20", "--confidence", "4", "--blocker", "快递员不够",
                  "--help-from", "王五", "--week", "2026-W48"]):
        r = okr(*args, "--store", store_dir)
        assert r.returncode == 0, r.stderr
    return store_dir


def test_list_is_in_the_guides_words(seeded: Path) -> None:
    r = okr("--lang", "zh-CN", "list", "--store", seeded)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert out.startswith("周期 2026-Q4（2026-10-01 至 2026-12-31）")
    assert "O1  创造无与伦比的用户服务体验  [刘三 · 承诺型]" in out
    assert "2026-W48：20% · 信心指数 4/10（实现较困难）" in out
    assert "阻碍：快递员不够（求助：王五）" in out
    assert "⚠ 需要帮助：有阻碍" in out and "：快递员不够——可以寻求 王五 的帮助" in out  # its age depends on today
    assert "⚠ 需要帮助：信心指数 4/10（实现较困难）" in out
    assert "needs help" not in out and "confidence" not in out and "blocked" not in out


def test_english_stays_as_it_was(seeded: Path) -> None:
    out = okr("list", "--store", seeded).stdout
    assert "⚠ needs help: blocked" in out and ": 快递员不够 - 王五 could help" in out
    assert "⚠ needs help: confidence 4/10 (hard)" in out
    assert " · confidence 4/10 (hard)" in out and "[刘三 · committed]" in out


@pytest.mark.parametrize(("args", "code", "says"), [
    (["checkin", "O9.1", "--progress", "10"], 1, "错误：周期 2026-Q4 中没有关键成果 O9.1"),
    (["checkin", "x", "--progress", "10"], 1, "错误：'X' 不是关键成果编号（关键成果编号形如 O3.2）"),
    (["checkin", "O1.1", "--progress", "10", "--value", "3"], 2,
     "错误：请给出 --progress 或 --value，不能同时给出（参见：okr checkin --help）"),
    (["checkin", "O1.1", "--week", "2020-W01"], 2,
     "错误：2020-W01 不在周期 2026-Q4（2026-10-01 至 2026-12-31）内；请指定 --week 或 --cycle"),
    (["checkin", "O1.1", "--week", "2026-W99"], 2, "周 '2026-W99' 不存在：2026 年没有第 99 周"),
    (["kr", "add", "O1", "x", "--unit", "h"], 2, "--unit 用于指标型关键成果：请同时给出 --start 和 --target"),
])
def test_checkin_errors_are_one_chinese_line_and_write_nothing(seeded: Path, args: list[str], code: int,
                                                               says: str) -> None:
    before = snapshot(seeded)
    r = okr(*args, "--store", seeded, "--lang", "zh-CN")
    assert r.returncode == code and r.stderr.count("\n") == 1 and says in r.stderr, r.stderr
    assert "Traceback" not in r.stderr and snapshot(seeded) == before


def test_the_guides_limits_in_its_own_wording(store: Store, store_dir: Path) -> None:
    for n in range(5):
        assert okr("objective", "add", f"O {n}", "--owner", "刘三", "--store", store_dir).returncode == 0
    r = okr("objective", "add", "第六个", "--owner", "刘三", "--store", store_dir, OKR_LANG="zh-CN")
    assert r.returncode == 1 and "目标通常最多5项，3个为宜" in r.stderr and "--force" in r.stderr
    for n in range(4):
        assert okr("kr", "add", "O1", f"kr {n}", "--store", store_dir).returncode == 0
    r = okr("kr", "add", "O1", "第五个", "--store", store_dir, OKR_LANG="zh-CN")
    assert r.returncode == 1 and "关键成果通常最多4项" in r.stderr


def test_checkin_says_what_it_recorded_in_chinese(seeded: Path) -> None:
    r = okr("checkin", "O1.1", "--progress", "30", "--week", "2026-W49", "--store", seeded, LANG="zh_CN.UTF-8")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "O1.1 2026-W49: 30%，信心指数 4/10，阻碍：快递员不够（第 2 周，自 2026-W48 起）"


@pytest.mark.parametrize(("env", "chinese"), [
    ({"LANG": "zh_CN.UTF-8"}, True),
    ({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, True),
    ({"OKR_LANG": "en", "LANG": "zh_CN.UTF-8"}, False),
    ({"OKR_LANG": "zh-CN", "LANG": "en_US.UTF-8"}, True),
    ({"LANG": "C.UTF-8"}, False),
    ({}, False),
])
def test_the_environment_order(seeded: Path, env: dict[str, str], chinese: bool) -> None:
    out = okr("list", "--store", seeded, **env).stdout
    assert out.startswith("周期 2026-Q4") is chinese and out.startswith("Cycle 2026-Q4") is not chinese


def test_the_setting_in_the_store_comes_after_okr_lang_and_before_the_locale(seeded: Path) -> None:
    Store.open(seeded).set_user_prefs(lang="zh-CN")
    assert okr("list", "--store", seeded, LANG="en_US.UTF-8").stdout.startswith("周期 2026-Q4")
    assert okr("list", "--store", seeded, OKR_LANG="en").stdout.startswith("Cycle 2026-Q4")
    assert okr("--lang", "en", "list", "--store", seeded).stdout.startswith("Cycle 2026-Q4")


def test_lang_after_the_command_and_in_the_help(seeded: Path) -> None:
    r = okr("checkin", "--help", "--lang", "zh-CN")
    assert r.returncode == 0
    assert "记录关键成果 KR_ID 本周的进度更新" in r.stdout and "信心指数 1-10。" in r.stdout
    assert "界面语言：en 或 zh-CN" in r.stdout  # --lang's own help too
    top = okr("--help", LANG="zh_CN.UTF-8").stdout
    assert "命令" in top and "okr-checkin：在终端里召开每周 OKR 进度检视会议。" in top
    theme = okr("meeting", "--help", "--lang", "zh-CN").stdout
    assert "本次运行的配色：okr-dark" in theme


@pytest.mark.parametrize("args", [["list", "--format", "json"], ["summary", "--week", "2026-W48", "--format", "json"],
                                  ["export"], ["history", "O1.1", "--format", "json"]])
def test_json_is_the_same_in_every_language(seeded: Path, args: list[str]) -> None:
    english = okr(*args, "--store", seeded, "--lang", "en")
    chinese = okr(*args, "--store", seeded, "--lang", "zh-CN")
    assert english.returncode == chinese.returncode == 0, chinese.stderr
    assert english.stdout == chinese.stdout


def test_list_json_keeps_the_english_reasons_and_bands(seeded: Path) -> None:
    out = okr("list", "--format", "json", "--store", seeded, "--lang", "zh-CN").stdout
    assert '"band": "hard"' in out.replace('":"', '": "') and "could help" in out and "承诺型" not in out


def test_summary_errors_in_chinese(seeded: Path) -> None:
    r = okr("summary", "--latest", "--store", seeded, "--lang", "zh-CN")
    assert r.returncode == 1 and "周期 2026-Q4 中还没有带回答的团队会议；召开一次：okr meeting" in r.stderr
    r = okr("summary", "--latest", "--review", "x", "--store", seeded, "--lang", "zh-CN")
    assert r.returncode == 2 and "--meeting ID、--latest 和 --review OWNER 只能给出一个" in r.stderr


CLICK_ENGLISH = ("[OPTIONS]", "COMMAND", "ARGS", "DIRECTORY", "TEXT", "INTEGER", "FLOAT", "RANGE", "Usage", "Options")


@pytest.mark.parametrize("args", [["checkin", "--help"], ["--help"], ["cycle", "--help"], ["demo", "--help"],
                                  ["export", "--help"], ["sync", "init", "--help"]])
def test_clicks_type_names_and_usage_words_are_chinese_in_help(args: list[str]) -> None:
    r = okr(*args, LANG="zh_CN.UTF-8")
    assert r.returncode == 0, r.stderr
    assert not [word for word in CLICK_ENGLISH if word in r.stdout], r.stdout
    assert r.stdout.startswith("用法：okr ") and "[选项]" in r.stdout.splitlines()[0]
    english = okr(*args, LANG="en_US.UTF-8").stdout
    assert english.startswith("Usage: okr ") and "[OPTIONS]" in english


def test_checkin_help_names_each_value_in_chinese() -> None:
    out = okr("checkin", "--help", LANG="zh_CN.UTF-8").stdout
    for option in ("--store 目录", "--progress 整数", "--value 数字", "--confidence 整数", "--note 文本"):
        assert option in out, out
    assert "--confidence INTEGER RANGE" in okr("checkin", "--help", LANG="en_US.UTF-8").stdout


@pytest.mark.parametrize(("args", "zh", "en"), [
    (["--confidence", "x"], "错误：'--confidence' 的值无效：'x' 不是有效的整数。（参见：okr checkin --help）",
     "Error: Invalid value for '--confidence': 'x' is not a valid integer range. (see: okr checkin --help)"),
    (["--value", "x"], "错误：'--value' 的值无效：'x' 不是有效的数字。（参见：okr checkin --help）",
     "Error: Invalid value for '--value': 'x' is not a valid float. (see: okr checkin --help)"),
    (["--confidence", "11"], "错误：'--confidence' 的值无效：11 不在范围 1<=x<=10 内。（参见：okr checkin --help）",
     "Error: Invalid value for '--confidence': 11 is not in the range 1<=x<=10. (see: okr checkin --help)"),
])
def test_a_bad_value_is_refused_in_chinese(seeded: Path, args: list[str], zh: str, en: str) -> None:
    for env, says in (({"LANG": "zh_CN.UTF-8"}, zh), ({"LANG": "en_US.UTF-8"}, en)):
        r = okr("checkin", "O1.1", *args, "--store", seeded, **env)
        assert r.returncode == 2 and r.stderr == says + "\n", r.stderr


def test_type_names_go_back_to_english_in_the_same_process() -> None:
    """CliRunner runs several languages in one process: the shared types are said anew each time."""
    import click

    from tui.cli.common import choose_language, prepared

    command = prepared(click.Command("x", params=[click.Option(["--n"], type=click.IntRange(1, 3)),
                                                  click.Option(["--d"], type=click.Path(file_okay=False))]))
    ctx = click.Context(command)
    try:
        choose_language(["--lang", "zh-CN"])
        prepared(command)
        assert [p.make_metavar(ctx) for p in command.params[:2]] == ["整数", "目录"]
        assert click.INT.name == "整数"
    finally:
        choose_language(["--lang", "en"])
        prepared(command)
    assert [p.make_metavar(ctx) for p in command.params[:2]] == ["INTEGER RANGE", "DIRECTORY"]
    assert click.INT.name == "integer" and click.STRING.name == "text"
