"""The screens in Chinese: walked in Pilot in a fresh interpreter with OKR_LANG=zh-CN
(their class-level texts are made at import, as in `okr`), at 80×24."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from tui import i18n

PROBE = Path(__file__).with_name("i18n_screens_probe.py")
# English that belongs on a Chinese screen: the app's and keys' names, units, formats, GOOD/BAD (the guide's)
ALLOWED = {"okr", "KR", "KRs", "Esc", "Enter", "Tab", "esc", "ctrl", "shift", "enter", "GOOD", "BAD", "SVG",
           "JSON", "Markdown", "NPS", "YYYY", "MM", "DD", "wk"}
WORD = re.compile(r"[A-Za-z][A-Za-z']{2,}")


def walk(tmp_path: Path, lang: str, size: tuple[int, int] = (80, 24)) -> dict[str, Any]:
    env = {**os.environ, "OKR_LANG": lang}
    r = subprocess.run([sys.executable, str(PROBE), str(tmp_path / "store"), *map(str, size)],
                       capture_output=True, text=True, timeout=240, env=env, cwd=PROBE.parent.parent)
    assert r.returncode == 0, r.stderr[-3000:]
    return json.loads(r.stdout)


@pytest.fixture(scope="module")
def chinese(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return walk(tmp_path_factory.mktemp("zh"), "zh-CN")


def english_words(text: str, user_data: list[str]) -> list[str]:
    """Words of English on screen that are not the users' own (a title cut at its cell's
    edge leaves the start of a word of it) nor in ALLOWED."""
    theirs = {w for s in user_data for w in re.findall(r"[A-Za-z']+", s)}
    for s in user_data:
        text = text.replace(s, " ")
    found = []
    for w in WORD.findall(text):
        if w in ALLOWED or w in theirs or any(t.startswith(w) for t in theirs):
            continue
        found.append(w)
    return found


def test_the_meeting_in_chinese_at_80x24(chinese: dict[str, Any]) -> None:
    assert chinese["lang"] == "zh-CN"
    meeting = chinese["shots"]["meeting"]
    assert "目标 1/4" in meeting and "负责人 Mia Chen" in meeting and "承诺型" in meeting
    assert "信心 6/10 必须采取突破的方式才能实现" in meeting and "会议 00:00" in meeting
    assert "上次 " in meeting and "本次 " in meeting and "尚未填写" in meeting
    assert "尚无修改" in meeting and "↑↓ 选择" in meeting  # no answer given yet: "no changes yet"
    assert "可以寻求谁的帮助？" in chinese["shots"]["blocker dialog"]
    assert "时间盒" in chinese["shots"]["presentation"] and "进度" in chinese["shots"]["presentation"]


def test_the_summary_in_chinese_at_80x24(chinese: dict[str, Any]) -> None:
    summary = chinese["shots"]["summary"]
    assert "总结 · 周期 2026-Q4" in summary and "⚠ 需要帮助（" in summary
    assert "q 结束 · b 返回 · y 复制 · 答案已保存" in summary


def test_the_editor_in_chinese_at_80x24(chinese: dict[str, Any]) -> None:
    editor = chinese["shots"]["editor"]
    assert "编辑器 · 2026-Q4 · 指南：每个团队最多 5 个目标，每个目标最多 4 个关键成果" in editor
    assert "编号" in editor and "团队 / 衡量方式" in editor and "（挑战型）" not in editor and "(挑战型)" in editor
    assert "n 新目标" in editor and "x 归档" in editor


def test_every_screen_fits_80_cells_with_wide_characters(chinese: dict[str, Any]) -> None:
    for name, text in chinese["shots"].items():
        lines = text.splitlines()
        assert len(lines) <= 24 * 2, name
        wide = [line for line in lines if cell_len(line) > 80]
        assert not wide, f"{name}: lines wider than 80 cells: {wide[:3]}"


@pytest.mark.parametrize("screen", ["home", "editor", "history", "grading", "alignment", "help",
                                    "meeting",
                                    "blocker dialog", "presentation", "summary"])
def test_no_untranslated_english_on_a_chinese_screen(chinese: dict[str, Any], screen: str) -> None:
    words = english_words(chinese["shots"][screen], chinese["user_data"])
    assert not words, f"{screen} shows English in zh-CN: {sorted(set(words))}"


def test_english_is_still_english(tmp_path: Path) -> None:
    english = walk(tmp_path, "en")
    assert english["lang"] == "en"
    assert "Objective 1 of 4" in english["shots"]["meeting"] and "no changes yet" in english["shots"]["meeting"]
    assert "^p palette" in english["shots"]["home"]


def test_the_language_command_remembers_the_choice(store_dir: Path) -> None:
    """Picked from the palette, the language is the user's setting the next start reads."""
    import asyncio

    from store.demo_data import seed_demo
    from tui.home_app import HomeApp

    store = seed_demo(store_dir)

    async def pick() -> list[str]:
        app = HomeApp(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            titles = [c.title for c in app.get_system_commands(app.screen)]
            app.pick_language("zh-CN")
            for _attempt in range(50):
                await pilot.pause(0.05)
                if i18n.setting_in_store(store_dir):
                    break
            notices = [str(n.message) for n in app._notifications]  # noqa: SLF001 - what was said
        return titles + notices

    said = asyncio.run(pick())
    assert "Language" in said and "Theme" in said
    assert i18n.setting_in_store(store_dir) == "zh-CN"
    assert "中文 (简体) from the next start of okr." in said
