"""The printed reports in Chinese (summary as text, Markdown and Slack; history; grades),
English plurals in them, and the Chinese demo: the guide's own example with the same
history, so the same needs-help reasons as the English one."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.cells import cell_len

from store import CycleData, Meeting, Store, add_weeks, week_of
from store.blockers import BlockerEvent
from store.demo_data import seed_demo
from store.grading import grade_cycle
from store.rules import needs_help
from store.summary import Summary, build_summary
from tui import i18n
from tui.report import grade, history
from tui.report.json_out import summary_json
from tui.report.markdown import md, render_markdown
from tui.report.slack import esc, render_slack
from tui.report.summary import other_reasons, render_text

WEEK = "2026-W48"
UTC = dt.UTC
TODAY = dt.date(2026, 11, 25)
GUIDE = ["派单时间由一天一次改为一天两次", "用户投诉建议等问题反馈时间不超过 2 个小时",
         "用户问题的处理时间缩短至 24 小时之内", "对快递员、客服进行 2 次服务技能培训"]


@pytest.fixture
def zh() -> Iterator[None]:
    i18n.use("zh-CN")
    try:
        yield
    finally:
        i18n.use("en")


def _summary(store: Store) -> Summary:
    cycle = store.cycle("2026-Q4")
    with store.write(cycle) as tx:
        obj = tx.add_objective(title="创造无与伦比的用户服务体验", owner="陈敏", team="客服")
        hard = tx.add_key_result(obj.id, title="派单时间由一天一次改为一天两次", owner="唐博")
        fine = tx.add_key_result(obj.id, title="反馈时间", owner="陈敏", start=24, target=2, unit="小时")
        tx.check_in(hard.id, "2026-W46", progress=20, confidence=8, blocker="缺一辆车", help_from="财务部")
        tx.check_in(hard.id, "2026-W47", progress=30, confidence=8, blocker="缺一辆车", help_from="财务部")
        tx.check_in(hard.id, WEEK, progress=40, confidence=3, blocker="缺一辆车", help_from="财务部")
        tx.check_in(fine.id, "2026-W47", value=20, confidence=9, blocker="收件箱没人管")
        tx.check_in(fine.id, WEEK, value=12, confidence=9, blocker="", next_step="排好轮值")
        tx.check_in_objective(obj.id, "2026-W47", confidence=7)
        tx.check_in_objective(obj.id, WEEK, confidence=6, wins="首次降到 12 小时以内")
        tx.save_meeting(Meeting(id=tx.new_meeting_id(), cycle=cycle.name, week=WEEK, facilitator="陈敏",
                                attendees=["唐博"], started=dt.datetime(2026, 11, 25, 10, tzinfo=UTC),
                                ended=dt.datetime(2026, 11, 25, 10, 14, tzinfo=UTC)))
    data = store.load(cycle)
    return build_summary(data, WEEK, store.root.settings.thresholds, meeting=data.meetings[0])


ENGLISH_WORDS = ["NEEDS HELP", "OBJECTIVES", "WINS", "NEXT STEPS", "RESOLVED", "STILL OPEN", "confidence",
                 "progress", "blocker", "help from", "facilitator", "attendees", "needs help", "could help",
                 "raised", "committed", "risky but likely", "hard", " min"]


def _without_store_reasons(out: str, summary: Summary) -> str:
    """``out`` without the needs-help reasons store/rules.py words (its catalog, not this one)."""
    for kr in summary.needs_help:
        for reason in other_reasons(kr):
            for form in (reason, md(reason), esc(reason)):  # as text, Markdown, Slack
                out = out.replace(form, "")
    return out


def test_the_text_summary_in_chinese(store: Store, zh: None) -> None:
    summary = _summary(store)
    out = render_text(summary)
    for words in ["OKR 进度检视总结 · 周期 2026-Q4 · 周 2026-W48", "主持人 陈敏 · 参会人 唐博 · 14 分钟",
                  "需要帮助（1）", "信心指数 3/10（实现较困难）", "阻碍（第 3 周，", "求助：财务部",
                  "承诺型", "需要帮助 #1", "本周已解决（1）", "收件箱没人管",
                  "仍未解决（1）", "可以寻求 财务部 的帮助", "下一步", "排好轮值", "首次降到 12 小时以内"]:
        assert words in out, words
    for words in ENGLISH_WORDS:
        assert words not in _without_store_reasons(out, summary), words
    assert out.index("需要帮助（1）") < out.index("目标\n") < out.index("下一步")


def test_the_band_column_lines_up_in_cells_in_chinese(store: Store, zh: None) -> None:
    out = render_text(_summary(store))
    bars = [line for line in out.splitlines() if re.match(r"^ {10,}\[[#-]{10}\] ", line) and "/10 " in line]
    assert len(bars) == 2
    # the band column is as wide as the widest Chinese band: what follows starts in the same cell
    ends = {cell_len(line[:line.index("/10 ")]) for line in bars}
    assert len(ends) == 1
    metric_line = next(line for line in bars if "小时" in line)
    assert cell_len(metric_line[:metric_line.index("· 12 小时")]) == cell_len(bars[0].split("/10 ")[0]) + len(
        "/10 ") + cell_len("必须采取突破的方式才能实现") + 2


def test_markdown_and_slack_in_chinese_keep_their_syntax(store: Store, zh: None) -> None:
    summary = _summary(store)
    markdown = render_markdown(summary)
    assert markdown.startswith("## OKR 进度检视：2026-Q4，2026-W48\n")
    for words in ["### 需要帮助（1）", "### 目标", "**需要帮助 \\#1**", "### 本周已解决（1）", "### 仍未解决（1）",
                  "### 下一步", "阻碍（第 3 周，"]:
        assert words in markdown, words
    slack = render_slack(summary)
    assert slack.startswith("*OKR 进度检视 · 2026-Q4 · 2026-W48*\n")
    for words in ["*需要帮助（1）*", "*目标*", "*需要帮助 #1*", "*仍未解决（1）*", "可以寻求 财务部 的帮助"]:
        assert words in slack, words
    for out in (markdown, slack):
        for words in ["Needs help", "Objectives", "confidence", "needs help", "could help"]:
            assert words not in _without_store_reasons(out, summary), words


def test_json_stays_english_in_chinese(store: Store, zh: None) -> None:
    out = summary_json(_summary(store))
    assert '"band": "hard"' in out and '"kind": "committed"' in out and "信心" not in out


def test_english_output_is_unchanged_by_the_catalogs(store: Store) -> None:
    out = render_text(_summary(store))
    assert "NEEDS HELP (1)" in out and "blocker (3rd week, since 2026-W46): 缺一辆车" in out
    assert "40% · confidence 3/10 (hard)\n" in out and "(3rd week, since 2026-W46 · 财务部 could help · 唐博's)" in out
    assert "progress 48% (+24) · confidence 6/10 (-1, needs a breakthrough)" in out
    assert "3/10 hard\n" in out and "9/10 certain               · 12 小时" in out  # the band column as before


@pytest.mark.parametrize(("age", "words"), [(2, "open 1 week)"), (3, "open 2 weeks)")])
def test_a_resolved_blocker_counts_its_weeks_in_english(age: int, words: str) -> None:
    event = BlockerEvent(week=WEEK, kind="resolved", text="vendor", help_from="", raised="2026-W45", age=age)
    [(label, text)] = history._blocker_rows([event])
    assert label == "resolved" and text == f"vendor (raised 2026-W45, {words}"


def test_a_resolved_blocker_in_chinese(zh: None) -> None:
    event = BlockerEvent(week=WEEK, kind="resolved", text="缺车", help_from="", raised="2026-W45", age=3)
    assert history._blocker_rows([event]) == [("已解决", "缺车（2026-W45 提出，持续 2 周）")]


def test_history_and_grades_in_chinese(tmp_path: Path, zh: None) -> None:
    store = seed_demo(tmp_path / "demo", today=TODAY, lang="zh-CN")
    data = store.load(store.cycle(today=TODAY))
    kr = next(k for k in data.key_results if k.title == GUIDE[1])
    text = history.render_text(data, kr)
    assert "指标：24 小时 → 2 小时（越低越好）" in text and "首次检视" in text
    assert re.search(r"^          信心 +8|^          信心 +7", text, re.MULTILINE)
    objective = data.objective(kr.objective)
    assert objective is not None
    text = history.render_text(data, objective)
    assert "承诺型" in text and "团队 客服" in text and "沿用最近一次的数值" in text
    graded = grade_cycle(data, store.root.settings.thresholds, today=TODAY)
    text = grade.render_text(graded)
    assert text.startswith("OKR 评分 · 周期 ") and "值得沟通的话题（" in text and "完成度 0.7 以上为优秀" in text
    assert "provisional" not in text and "bands:" not in text
    assert "### 目标" in grade.render_markdown(graded)


# -- the Chinese demo ----------------------------------------------------------------------
def _reasons(store: Store, data: CycleData, week: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for k in data.key_results:
        objective = data.objective(k.objective)
        assert objective is not None
        out[k.id] = {str(r.reason) for r in needs_help(k, objective, data.history(k.id, upto=week), data.cycle,
                                                       week, store.root.settings.thresholds)}
    return out


@pytest.mark.parametrize("today", [dt.date(2026, 10, 2), TODAY, dt.date(2027, 1, 1)], ids=str)
def test_the_chinese_demo_trips_the_same_reasons_as_the_english_one(tmp_path: Path, today: dt.date) -> None:
    en = seed_demo(tmp_path / "en", today=today)
    zh_store = seed_demo(tmp_path / "zh", today=today, lang="zh-CN")
    week = add_weeks(week_of(today), -1)
    en_data, zh_data = en.load(en.cycle(today=today)), zh_store.load(zh_store.cycle(today=today))
    assert _reasons(zh_store, zh_data, week) == _reasons(en, en_data, week)
    assert [(c.kr, c.week, c.progress, c.value, c.confidence) for c in zh_data.checkins] == \
        [(c.kr, c.week, c.progress, c.value, c.confidence) for c in en_data.checkins]


def test_the_chinese_demo_is_the_guides_example_in_chinese(tmp_path: Path) -> None:
    store = seed_demo(tmp_path / "demo", today=TODAY, lang="zh-CN")
    data = store.load(store.cycle(today=TODAY))
    guide = data.objectives[0]
    assert guide.title == "创造无与伦比的用户服务体验"
    assert [k.title for k in data.krs_of(guide.id)] == GUIDE
    assert len({o.title for o in data.objectives}) == len(data.objectives) == 4
    cjk = re.compile(r"[\u4e00-\u9fff]")
    texts = [o.title for o in data.objectives] + [o.owner for o in data.objectives] + [o.team for o in data.objectives]
    texts += [k.title for k in data.key_results] + [k.owner for k in data.key_results]
    texts += [k.unit for k in data.key_results if k.unit]
    texts += [t for c in data.checkins for t in (c.blocker, c.help_from, c.note) if t]
    texts += [oc.wins for oc in data.objective_checkins if oc.wins]
    meeting = data.meetings[0]
    texts += [meeting.facilitator, *meeting.attendees]
    assert all(cjk.search(t) for t in texts), [t for t in texts if not cjk.search(t)]


def test_the_demo_refuses_a_language_it_has_not(tmp_path: Path) -> None:
    from store import StoreError

    with pytest.raises(StoreError, match="no demo in 'fr'"):
        seed_demo(tmp_path / "demo", today=TODAY, lang="fr")
    assert not (tmp_path / "demo").exists()
