"""Summary rendering: section order, hostile user text shown literally, Markdown escaping, JSON keys."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from rich.cells import cell_len

from store import Meeting, Store
from store.summary import Summary, build_summary
from tui.report.json_out import summary_json as render_json
from tui.report.markdown import md, render_markdown
from tui.report.summary import render_text

WEEK = "2026-W48"
MARKUP = "[bold]x"
CLICK = "[$accent @click=app.quit]x[/]"
OSC = "\x1b]2;T\x07"
CHINESE = "上线新版本"
UTC = dt.UTC


def _summary(store: Store, *, title: str = "Ship the new onboarding", blocker: str = "vendor contract",
             with_meeting: bool = True) -> Summary:
    cycle = store.cycle("2026-Q4")
    with store.write(cycle) as tx:
        obj = tx.add_objective(title=title, owner="Ana", team="core")
        hard = tx.add_key_result(obj.id, title="Sign the vendor", owner="Ben")
        fine = tx.add_key_result(obj.id, title=f"{CHINESE} rollout", owner="李雷")
        tx.check_in(hard.id, "2026-W47", progress=30, confidence=8)
        tx.check_in(hard.id, WEEK, progress=40, confidence=3, blocker=blocker, help_from="Legal")
        tx.check_in(fine.id, "2026-W47", progress=60, confidence=9)
        tx.check_in(fine.id, WEEK, progress=70, confidence=9)
        tx.check_in_objective(obj.id, "2026-W47", confidence=7)
        tx.check_in_objective(obj.id, WEEK, confidence=6, wins="beta shipped to 3 teams")
        if with_meeting:
            tx.save_meeting(Meeting(
                id=tx.new_meeting_id(), cycle=cycle.name, week=WEEK, facilitator="Ana",
                attendees=["Ben", "李雷"], started=dt.datetime(2026, 11, 25, 10, tzinfo=UTC),
                ended=dt.datetime(2026, 11, 25, 10, 14, tzinfo=UTC),
            ))
    data = store.load(cycle)
    return build_summary(data, WEEK, store.root.settings.thresholds,
                         meeting=data.meetings[0] if data.meetings else None)


def _raw_store_text(store: Store, text: str) -> Summary:
    """A summary whose title holds ``text`` as is (as if an older version saved it unstripped)."""
    summary = _summary(store)
    summary.objectives[0] = summary.objectives[0]._replace(title=text)
    summary.needs_help[0] = summary.needs_help[0]._replace(title=text, blocker=text)
    return summary


def test_text_sections_in_order_with_the_facts(store: Store) -> None:
    out = render_text(_summary(store))
    assert out.index("NEEDS HELP (1)") < out.index("OBJECTIVES") < out.index("WINS")
    assert "cycle 2026-Q4 · week 2026-W48" in out
    assert "facilitator Ana" in out and "attendees Ben, 李雷" in out and "14 min" in out
    needs_help = out[out.index("NEEDS HELP"):out.index("OBJECTIVES")]
    assert "O1.1" in needs_help and "Sign the vendor" in needs_help and "(Ben)" in needs_help
    assert "40%" in needs_help and "confidence 3/10 (hard)" in needs_help
    assert "confidence fell 8 -> 3 since 2026-W47" in needs_help
    assert "blocker: vendor contract" in needs_help and "help from: Legal" in needs_help
    assert "O1.2" not in needs_help
    objectives = out[out.index("OBJECTIVES"):out.index("WINS")]
    assert "progress 55% (+10)" in objectives
    assert "confidence 6/10 (-1, needs a breakthrough)" in objectives
    assert "40% (+10)" in objectives and "70% (+10)" in objectives
    assert "beta shipped to 3 teams" in out[out.index("WINS"):]
    assert "\x1b" not in out


def test_text_empty_sections_say_so(store: Store) -> None:
    cycle = store.cycle("2026-Q4")
    out = render_text(build_summary(store.load(cycle), WEEK, store.root.settings.thresholds))
    assert "NEEDS HELP (0)" in out and "Nothing needs help" in out
    assert "No objectives." in out and "None recorded." in out


@pytest.mark.parametrize("hostile", [MARKUP, CLICK])
@pytest.mark.parametrize("color", [False, True])
def test_markup_in_user_text_is_shown_literally(store: Store, hostile: str, color: bool) -> None:
    out = render_text(_summary(store, title=hostile, blocker=hostile), color=color)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert plain.count(hostile) >= 3  # objective title, its wins heading, the blocker


@pytest.mark.parametrize("color", [False, True])
def test_control_characters_are_stripped_at_render(store: Store, color: bool) -> None:
    out = render_text(_raw_store_text(store, f"a{OSC}b\x9b31m"), color=color)
    assert "\x07" not in out and "\x9b" not in out and "]2;" in out
    assert "\x1b]" not in out
    assert "\x1b" not in render_text(_raw_store_text(store, OSC))
    assert "\x1b" not in render_markdown(_raw_store_text(store, OSC))
    assert "\\u001b" not in render_json(_raw_store_text(store, OSC))


def test_color_adds_styles_only_when_asked(store: Store) -> None:
    summary = _summary(store)
    assert "\x1b[" in render_text(summary, color=True)
    assert re.sub(r"\x1b\[[0-9;]*m", "", render_text(summary, color=True)).split() == render_text(summary).split()


def test_wide_characters_keep_key_result_columns_aligned(store: Store) -> None:
    out = render_text(_summary(store))
    objectives = out[out.index("OBJECTIVES"):out.index("NOT CHECKED IN")]
    titles = [line for line in objectives.splitlines() if re.match(r"\s+O1\.\d  ", line)]
    bars = [line for line in objectives.splitlines() if re.match(r"\s+\[[#-]+\] ", line)]
    assert len(titles) == len(bars) == 2
    # Each key result's numbers sit on their own line under its title, so a wide
    # (Chinese) title cannot push them: bars and percentages start at the same cell.
    assert any(CHINESE in t for t in titles)
    assert len({cell_len(b[:b.index("[")]) for b in bars}) == 1
    assert len({cell_len(b[:b.index("%")]) for b in bars}) == 1


def test_markdown_order_and_escaping(store: Store) -> None:
    out = render_markdown(_summary(store, title="# a | b *c* _d_ `e` <f> [g](h)"))
    assert out.index("### Needs help (1)") < out.index("### Objectives") < out.index("### Wins")
    assert r"\# a \| b \*c\* \_d\_ \`e\` \<f\> \[g\](h)" in out
    assert "1. **O1.1 Sign the vendor** (Ben): 40% (+10) · confidence 3/10 (hard)" in out
    # One line with every reason and who could help.
    assert ("   - blocker: vendor contract · help from: Legal · confidence 3/10 (hard)"
            " · confidence fell 8 -\\> 3 since 2026-W47 · behind pace: 40% done, 58% expected by now (committed)\n") in out
    assert "  - O1.1 Sign the vendor (Ben): 40% (+10) · confidence 3/10 (hard) · **needs help \\#1**" in out


def test_markdown_keeps_user_text_on_one_line(store: Store) -> None:
    out = render_markdown(_summary(store, blocker="line one\nline two"))
    assert "   - blocker: line one line two · help from: Legal" in out


def test_md_escapes_every_inline_marker() -> None:
    assert md("a*b_c`d|e<f>g[h]i#j~k&l\\m") == r"a\*b\_c\`d\|e\<f\>g\[h\]i\#j\~k\&l\\m"


def test_json_keys_are_the_documented_shape(store: Store) -> None:
    data = json.loads(render_json(_summary(store)))
    assert list(data) == ["summary_version", "cycle", "week", "team", "owner", "meeting",
                          "needs_help", "objectives", "wins", "not_checked_in", "resolved", "still_open",
                          "next_steps", "absent"]
    assert data["summary_version"] == 1
    kr_keys = {"id", "objective", "title", "owner", "progress", "progress_before", "value", "unit",
               "confidence", "confidence_before", "band", "blocker", "help_from", "note", "reasons",
               "reason_names", "checked_in", "latest_week", "blocker_since", "blocker_age", "next_step"}
    assert set(data["needs_help"][0]) == kr_keys
    assert set(data["objectives"][0]) == {
        "id", "title", "owner", "team", "kind", "aligns_to", "progress", "progress_before",
        "confidence", "confidence_before", "note", "wins", "key_results"}
    assert set(data["objectives"][0]["key_results"][1]) == kr_keys
    assert data["wins"] == [{"objective": "O1", "title": "Ship the new onboarding",
                             "wins": "beta shipped to 3 teams"}]
    assert data["meeting"]["id"] == "M1" and data["meeting"]["attendees"] == ["Ben", "李雷"]
    assert data["objectives"][0]["key_results"][1]["title"] == f"{CHINESE} rollout"


def test_json_without_meeting(store: Store) -> None:
    data = json.loads(render_json(_summary(store, with_meeting=False)))
    assert data["meeting"] is None
