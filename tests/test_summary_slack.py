"""`okr summary --format slack`: Slack mrkdwn, user text escaped, the ledger's sections."""

from __future__ import annotations

from store import Store
from store.summary import build_summary
from tui.report.slack import esc, render_slack

W47, W48 = "2026-W47", "2026-W48"


def _store(store: Store) -> Store:
    cycle = store.cycle("2026-Q4")
    with store.write(cycle) as tx:
        obj = tx.add_objective(title="Support <b>&</b>", owner="Ana")
        k1 = tx.add_key_result(obj.id, title="Reply <!channel> fast", owner="Ben")
        k2 = tx.add_key_result(obj.id, title="Train", owner="Cy")
        k3 = tx.add_key_result(obj.id, title="Docs", owner="Di")
        tx.check_in(k1.id, W47, progress=60, confidence=8, blocker="IT <ticket> & budget", help_from="IT (Sara)")
        tx.check_in(k1.id, W48)  # carried
        tx.check_in(k2.id, W47, progress=60, confidence=3)
        tx.check_in(k3.id, W47, progress=60, confidence=8, blocker="no writer")
        tx.check_in(k3.id, W48, blocker="", next_step="Di drafts the guide")
    return store


def test_slack_is_mrkdwn_with_escaped_user_text(store: Store) -> None:
    s = _store(store)
    out = render_slack(build_summary(s.load(s.cycle("2026-Q4")), W48, s.root.settings.thresholds))
    lines = out.splitlines()
    assert lines[0] == "*OKR check-in · 2026-Q4 · 2026-W48*"
    assert not any(line.startswith("#") for line in lines)  # no headings in mrkdwn
    assert "<" not in out and ">" not in out.replace("-&gt;", "")  # no user text reads as a link/mention
    assert "*Needs help (2)*" in lines
    # Ranked: the blocked ask that names a helper first, then the low confidence (not checked in).
    first = lines.index("*Needs help (2)*") + 1
    assert lines[first].startswith("1. *O1.1 Reply &lt;!channel&gt; fast* (Ben): 60% · confidence 8/10")
    assert lines[first + 1].strip() == ("blocker (2nd week, since 2026-W47): IT &lt;ticket&gt; &amp; budget"
                                        " · help from: IT (Sara)")
    assert lines[first + 2].startswith("2. *O1.2 Train* (Cy)") and "not checked in this week (latest 2026-W47)" in lines[first + 2]
    assert "• *O1 Support &lt;b&gt;&amp;&lt;/b&gt;* (Ana): progress 60% · confidence -" in lines
    assert any(line.startswith("    ◦ O1.1 ") and line.endswith("*needs help #1*") for line in lines)
    assert "*Resolved this week (1)*" in lines and "• O1.3 no writer (raised 2026-W47)" in lines
    assert "• O1.1 IT &lt;ticket&gt; &amp; budget (2nd week, since 2026-W47 · IT (Sara) could help · Ben's)" in lines
    assert lines[-2:] == ["*Next steps*", "• *O1.3 Docs*: Di drafts the guide"]


def test_esc_keeps_one_line_and_strips_controls() -> None:
    assert esc("a\nb\x1b[31m & <@U1>") == "a b[31m &amp; &lt;@U1&gt;"


def test_empty_sections_are_left_out_but_needs_help_says_so(store: Store) -> None:
    cycle = store.cycle("2026-Q4")
    with store.write(cycle) as tx:
        tx.add_objective(title="Quiet", owner="Ana")
    out = render_slack(build_summary(store.load(cycle), W48, store.root.settings.thresholds))
    assert "Nothing needs help this week." in out and "Resolved" not in out and "Next steps" not in out
