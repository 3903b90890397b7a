"""One module formats user text for display (tui/display.py): the screens and the printed
reports clean user text, draw bars and write numbers with the same functions, so a value
reads the same on the meeting card and in the summary."""

from __future__ import annotations

import tui.display
import tui.report.summary as report
import tui.widgets.format as widgets
from store import Store
from store.summary import build_summary

HOSTILE = "Reply\x1b[31m\ttime\r\n\x07in 2 h"


def test_screens_and_reports_use_the_one_module() -> None:
    assert widgets.clean is tui.display.one_line and widgets.number is tui.display.number
    assert widgets.bar is tui.display.bar and report.pct is tui.display.pct
    assert report.clean is tui.display.clean_lines  # a block's lines kept, each cleaned
    assert tui.display.one_line(HOSTILE) == "Reply[31m time in 2 h"
    assert tui.display.clean_lines(HOSTILE).splitlines() == ["Reply[31m time", "in 2 h"]


def test_bars_fill_alike_on_screen_and_in_print() -> None:
    for progress in (None, 0, 5, 15, 45, 55, 95, 100, 130, -5):
        filled = tui.display.bar(progress).count("█")
        assert report.bar(progress) == "[" + "#" * filled + "-" * (10 - filled) + "]"
    assert tui.display.bar(130) == "█" * 10 and tui.display.bar(-5) == "░" * 10  # never wider than its cells


def test_a_metric_value_reads_the_same_on_the_card_and_in_the_summary(store: Store) -> None:
    cycle = store.cycle()
    with store.write(cycle) as tx:
        o1 = tx.add_objective(title="Speed", owner="Ana")
        kr = tx.add_key_result(o1.id, title="p95", start=3.2, target=1.0, unit="s")
        tx.check_in(kr.id, "2026-W48", value=7 / 3, confidence=6)
        big = tx.add_key_result(o1.id, title="Users", start=0, target=2_000_000, unit="users")
        tx.check_in(big.id, "2026-W48", value=1_234_567, confidence=6)
    data = store.load(cycle)
    summary = build_summary(data, "2026-W48", store.root.settings.thresholds)
    lines = {k.id: k for k in summary.objectives[0].key_results}
    card = {k.id: widgets.amount(k, data.checkin(k.id, "2026-W48").progress, data.checkin(k.id, "2026-W48").value)
            for k in data.krs_of(o1.id)}
    assert report.metric(lines[kr.id]) == "2.33 s" and card[kr.id].startswith("2.33 s (")  # not "2.33333 s"
    assert report.metric(lines[big.id]) == "1234567 users" and card[big.id].startswith("1234567 users (")  # not 1.23457e+06


def test_one_of_a_plural_unit_is_singular_and_other_units_stay_as_given() -> None:
    from tui.display import quantity

    assert [quantity(v, "trainings") for v in (0, 1, 2, 1.5)] == ["0 trainings", "1 training", "2 trainings",
                                                                  "1.5 trainings"]
    assert quantity(1, "classes") == "1 class" and quantity(1, "stories") == "1 story"
    assert quantity(1, "services") == "1 service" and quantity(1, "boxes") == "1 box"
    assert [quantity(1, u) for u in ("h", "ms", "%", "status", "次", "NPS", "")] == [
        "1 h", "1 ms", "1 %", "1 status", "1 次", "1 NPS", "1"]
