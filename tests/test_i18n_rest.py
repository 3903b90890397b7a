"""What the first Chinese pass left English: the needs-help reasons in the printed and
shown summary, grading flags, the store's remaining messages, click's own words, help
wrapped by cell width, and the --version line. JSON stays English throughout."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from store import Store
from store.grading import CycleGrade, grade_cycle
from store.summary import Summary, build_summary
from tui import i18n
from tui.cli.help_format import cells, wrap_text
from tui.report import grade
from tui.report.json_out import summary_json
from tui.report.markdown import render_markdown
from tui.report.slack import render_slack
from tui.report.summary import render_text
from tui.screens.grading import flags_content
from tui.screens.summary import summary_content

WEEK = "2026-W48"
OKR = Path(sys.executable).parent / "okr"


def main_group() -> click.Group:
    from tui.cli.main import main

    return main


@pytest.fixture
def zh() -> Iterator[None]:
    i18n.use("zh-CN")
    try:
        yield
    finally:
        i18n.use("en")


def _flagged(store: Store) -> Summary:
    """One key result behind pace, stalled and low on confidence; one blocked."""
    cycle = store.cycle("2026-Q4")
    with store.write(cycle) as tx:
        obj = tx.add_objective(title="创造无与伦比的用户服务体验", owner="陈敏")
        slow = tx.add_key_result(obj.id, title="派单时间由一天一次改为一天两次", owner="唐博")
        stuck = tx.add_key_result(obj.id, title="培训", owner="陈敏")
        for week in ("2026-W46", "2026-W47", WEEK):
            tx.check_in(slow.id, week, progress=5, confidence=3 if week == WEEK else 8)
        tx.check_in(stuck.id, WEEK, progress=50, confidence=7, blocker="缺一辆车", help_from="财务部")
    return build_summary(store.load(cycle), WEEK, store.root.settings.thresholds)


def test_needs_help_reasons_are_shown_in_chinese_and_json_stays_english(store: Store, zh: None) -> None:
    summary = _flagged(store)
    slow = next(kr for kr in summary.needs_help if kr.title.startswith("派单"))
    assert slow.reasons[0] == "confidence 3/10 (hard)"  # English, for JSON
    assert slow.shown_reasons == ["信心指数 3/10（实现较困难）", "信心指数自 2026-W47 起从 8 降到 3",
                                  "落后于进度：已完成 5%，此时应完成 58%（承诺型）",
                                  "停滞：连续 3 次进度更新停在 5%（自 2026-W46 起）"]
    outs = {"text": render_text(summary), "markdown": render_markdown(summary), "slack": render_slack(summary),
            "screen": summary_content(summary).plain}
    for name, out in outs.items():
        assert "落后于进度：已完成 5%，此时应完成 58%（承诺型）" in out, name
        assert "停滞：连续 3 次进度更新停在 5%（自 2026-W46 起）" in out, name
        for english in ("behind pace", "stalled", "confidence 3/10", "could help", "blocked"):
            assert english not in out, (name, english)
    json_zh = summary_json(summary)
    assert '"confidence 3/10 (hard)"' in json_zh and "helps" not in json_zh and "信心" not in json_zh
    i18n.use("en")
    assert summary_json(_flagged_again(store)) == json_zh


def _flagged_again(store: Store) -> Summary:
    cycle = store.cycle("2026-Q4")
    return build_summary(store.load(cycle), WEEK, store.root.settings.thresholds)


def test_english_reasons_are_unchanged(store: Store) -> None:
    summary = _flagged(store)
    out = render_text(summary)
    for kr in summary.needs_help:
        assert kr.shown_reasons == kr.reasons
    assert any(r.startswith("confidence 3/10 (hard)") for kr in summary.needs_help for r in kr.reasons)
    assert "confidence 3/10 (hard)" in out


def _graded(store: Store) -> CycleGrade:
    cycle = store.cycle("2026-Q4")
    with store.write(cycle) as tx:
        done = tx.add_objective(title="挑战", owner="陈敏", kind="aspirational")
        tx.check_in(tx.add_key_result(done.id, title="全部完成", owner="陈敏").id, WEEK, progress=100, confidence=9)
        short = tx.add_objective(title="承诺", owner="唐博")
        kr = tx.add_key_result(short.id, title="停滞", owner="唐博")
        for week in ("2026-W45", "2026-W46", "2026-W47", WEEK):
            tx.check_in(kr.id, week, progress=40, confidence=8)
    return grade_cycle(store.load(cycle), store.root.settings.thresholds, today=dt.date(2027, 1, 5))


def test_grading_flags_are_shown_in_chinese_and_json_stays_english(store: Store, zh: None) -> None:
    graded = _graded(store)
    kinds = {str(f.kind) for _, f in graded.flags}
    assert kinds == {"aspirational_at_1", "committed_below_1", "confident_while_stalled"}
    text, markdown = grade.render_text(graded), grade.render_markdown(graded)
    screen = flags_content(graded).plain
    for out in (text, markdown, screen):
        assert "挑战型目标全部完成（1.0）：是否定得太容易了？" in out
        assert "承诺型目标得分 0.40，低于 1.0：是什么阻碍了它？" in out
        assert "进度停滞在 40%，信心指数却一直保持在 8/10 或以上" in out
        for english in ("too easy", "what got in the way", "what did we not see"):
            assert english not in out
    json_zh = grade.render_json(graded)
    assert "committed but graded 0.40, below 1.0: what got in the way?" in json_zh and "承诺型" not in json_zh
    i18n.use("en")
    assert grade.render_json(graded) == json_zh
    assert "! aspirational but fully done (1.0): too easy?" in grade.render_text(graded)


# -- the command line: click's words, help by cells, --version -------------------------------
def _okr(*args: str, lang: str = "zh-CN") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OKR_LANG": lang, "COLUMNS": "80"}
    return subprocess.run([str(OKR), *args], capture_output=True, text=True, timeout=60, env=env)


def _every_command() -> list[list[str]]:
    from tui.cli.commands import COMMANDS
    from tui.cli.main import main

    found: list[list[str]] = [[]]
    for name in COMMANDS:
        found.append([name])
        command = main.get_command(click.Context(main), name)
        if isinstance(command, click.Group):
            found += [[name, sub] for sub in command.commands]
    return found


def test_no_help_line_of_any_command_is_wider_than_80_cells_in_chinese(zh: None) -> None:
    runner = CliRunner()
    commands = _every_command()
    assert len(commands) > 20
    for args in commands:
        out = runner.invoke(main_group(), ["--lang", "zh-CN", *args, "--help"], prog_name="okr",
                            catch_exceptions=False).output
        assert "用法：okr" in out and "选项：" in out, args
        wide = [line for line in out.splitlines() if cells(line) > 80]
        assert not wide, (args, wide)
        for english in ("Usage:", "Options:", "Show this message and exit.", "Commands:"):
            assert english not in out, (args, english)


def test_chinese_help_wraps_between_characters_not_before_punctuation() -> None:
    text = "无法独自解决、需要寻求帮助的事情；每周保持未解决，直到清除（'' 即清除）。" * 2
    lines = wrap_text(text, 30, "  ", "  ").splitlines()
    assert len(lines) > 2 and all(cells(line) <= 30 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert not any(line.strip()[0] in "，。、；：）" for line in lines)
    assert not any(line.rstrip()[-1] == "（" for line in lines)
    assert wrap_text("two words", 40) == click.wrap_text("two words", 40)  # narrow text: click's own


def test_english_help_is_click_s_own() -> None:
    runner = CliRunner()
    group = main_group()
    for args in (["--help"], ["checkin", "--help"], ["sync", "init", "--help"]):
        ours = runner.invoke(group, ["--lang", "en", *args], prog_name="okr", catch_exceptions=False).output
        assert ours.startswith("Usage: okr") and "\nOptions:\n" in ours
        assert "  -h, --help" in ours and "Show this message and exit." in ours


def test_click_s_usage_errors_are_in_chinese() -> None:
    r = _okr("list", "--bogus")
    assert r.returncode == 2 and r.stderr == "错误：没有选项 '--bogus'。（参见：okr list --help）\n"
    r = _okr("checkin", "O1.1", "extra")
    assert r.returncode == 2 and "多余的参数（extra）" in r.stderr
    r = _okr("checkin", "O1.1", "--progress", "abc")
    assert r.returncode == 2 and "'--progress' 的值无效：'abc' 不是有效的整数。" in r.stderr
    r = _okr("checkin")
    assert r.returncode == 2 and r.stderr.startswith("错误：缺少参数 'KR_ID'")  # click adds an ASCII '.'
    assert _okr("list", "--bogus", lang="en").stderr == "Error: No such option '--bogus'. (see: okr list --help)\n"


def test_click_s_modules_still_bind_gettext_where_okr_points_them() -> None:
    """Fails when click changes how its modules get their words (a new module saying
    something, or another import): tui/cli/common.py CLICK_GETTEXT_MODULES must follow."""
    import ast
    import importlib
    import pkgutil

    from tui.cli.common import CLICK_GETTEXT_MODULES, choose_language

    binding: set[str] = set()
    for info in pkgutil.iter_modules(click.__path__):
        module = f"click.{info.name}"
        tree = ast.parse(Path(importlib.util.find_spec(module).origin or "").read_text(encoding="utf-8"))
        names = {a.asname or a.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                 and node.module == "gettext" for a in node.names}
        if names:
            assert names <= {"_", "ngettext"}, (module, names)
            binding.add(module)
    assert binding - set(CLICK_GETTEXT_MODULES) == {"click._termui_impl", "click._winconsole",
                                                    "click.shell_completion"}
    try:
        choose_language(["--lang", "zh-CN"])
        for name in CLICK_GETTEXT_MODULES:
            module = importlib.import_module(name)
            assert module._("Options") == "选项", name
            if hasattr(module, "ngettext"):
                assert module.ngettext("Got unexpected extra argument ({args})",
                                       "Got unexpected extra arguments ({args})", 2) == "多余的参数（{args}）"
    finally:
        i18n.use("en")
    assert importlib.import_module("click.core")._("Options") == "Options"


def test_the_version_line_is_in_the_chosen_language() -> None:
    zh_line, en_line = _okr("--version").stdout, _okr("--version", lang="en").stdout
    assert zh_line.startswith("okr，版本 ") and en_line.startswith("okr, version ")
    assert zh_line.split()[-1] == en_line.split()[-1]
    assert _okr("--version", "--lang", "zh-CN", lang="en").stdout == zh_line


# -- the store's refusals ------------------------------------------------------------------------
def test_the_store_s_refusals_of_its_files_are_in_chinese(store: Store, zh: None) -> None:
    import json

    from store.errors import MissingFileError, SchemaTooNewError, StoreError

    cycle_file = store.cycle_path(store.cycle("2026-Q4"))
    cycle_file.unlink()
    with pytest.raises(MissingFileError) as missing:
        store.load(store.cycle("2026-Q4"))
    assert str(missing.value) == (f"周期 2026-Q4 的文件 {cycle_file.name} 不在 {store.path} 中；"
                                  "请从备份恢复（okr 不会重新创建一个空文件）")
    root = store.path / "okr.json"
    doc = json.loads(root.read_text())
    root.write_text(json.dumps({**doc, "schema_version": 99}))
    with pytest.raises(SchemaTooNewError, match=r"由更新版本的 okr-checkin 写入（schema 99；当前版本最高只能读取 \d+）"):
        Store.open(store.path)
    (store.path / "elsewhere.json").write_text(json.dumps(doc))
    root.write_text("{not json")
    with pytest.raises(StoreError, match=r"okr\.json 不是有效的 JSON（.*）；文件保持原样——请从备份恢复或手动修复"):
        Store.open(store.path)
    root.unlink()
    root.symlink_to(store.path / "elsewhere.json")
    with pytest.raises(StoreError, match="是符号链接；拒绝跟随"):
        Store.open(store.path)


def test_the_last_cycle_okr_handles_says_so_in_chinese(store: Store, zh: None) -> None:
    from store.carry import next_cycle_dates
    from store.errors import InvalidInputError
    from store.models import Cycle
    from store.weeks import LAST_DAY

    last = Cycle(name="last", start=LAST_DAY.replace(month=10, day=1), end=LAST_DAY)
    with pytest.raises(InvalidInputError, match=f"周期 last 于 {LAST_DAY} 结束，这是 okr-checkin 能处理的最后一天"):
        next_cycle_dates(last)
