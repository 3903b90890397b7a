"""End-to-end: the installed `okr demo --lang zh-CN` in a real terminal (tmux): the meeting
on the Chinese demo, a few answers confirmed, ctrl+q, and the summary printed in Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest
from installed import Installed
from tmux_harness import Tmux

from store import Store

pytestmark = pytest.mark.e2e


def test_demo_in_chinese_prints_the_summary_in_chinese(installed: Installed, tmp_path: Path) -> None:
    where = tmp_path / "demo"
    with Tmux(["sh", "-c", f"{installed.okr} demo --lang zh-CN --dir {where}; echo EXIT=$?"], width=100,
              height=30, cwd=tmp_path) as term:
        term.wait_for("O1.4")  # the open help requests come first
        term.send("Enter")
        term.wait_for("目标 1/4")
        term.wait_for("创造无与伦比的用户服务体验")
        for _ in range(3):
            term.send("Enter")  # confirm last week's answer
        term.wait_for("▶ O1.4 ")
        term.send("C-q")  # quit mid-meeting: the summary so far is printed
        term.wait_exit()
        printed = term.screen(history=True)
    assert "EXIT=0" in printed
    summary = printed[printed.index("OKR 进度检视总结"):]
    for words in ["需要帮助（", "创造无与伦比的用户服务体验", "派单时间由一天一次改为一天两次",
                  "对快递员、客服进行 2 次服务技能培训", "信心指数", "阻碍（第 2 周，", "培训师预算未获批准", "求助：财务部（刘力）",
                  "承诺型", "会议 M2 · 主持人", "未结束"]:
        assert words in summary, words
    for words in ["NEEDS HELP", "OBJECTIVES", "OKR check-in summary", "facilitator", "needs help #"]:
        assert words not in summary, words
    data = Store.open(where).load(Store.open(where).cycle())
    assert data.objectives[0].title == "创造无与伦比的用户服务体验"
