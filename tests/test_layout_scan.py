"""Text that wraps keeps its indent and its words: the printed summary at a terminal's width
and the presentation's key results (tests/test_present.py scans those at three sizes)."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from tui.report.summary import NBSP, wrap
from tui.widgets.format import ellipsis


def test_a_long_summary_line_wraps_under_its_indent_and_keeps_needs_help_whole() -> None:
    line = Text("      O1.1  Dispatch twice a day instead of once, every weekday and on Saturdays (Ben)")
    line.append(f"  !{NBSP}needs{NBSP}help", style="bold red")
    for width in (60, 80):
        parts = wrap(line, width)
        assert len(parts) > 1
        assert all(cell_len(p.plain.rstrip()) <= width for p in parts)
        assert all(p.plain.startswith("        ") for p in parts[1:])  # the indent and two more
        joined = " ".join(p.plain.strip() for p in parts)
        assert f"!{NBSP}needs{NBSP}help" in joined  # never "! needs" / "help"
        words = line.plain.split()
        assert joined.split() == words  # no word cut


def test_ellipsis_cuts_at_a_word_and_says_so() -> None:
    assert ellipsis("Customers get answers the same day", 100) == "Customers get answers the same day"
    cut = ellipsis("Customers get answers the same day", 26)
    assert cut.endswith("…") and cell_len(cut) <= 26 and cut[:-1].rstrip() == "Customers get answers the"
    assert cell_len(ellipsis("创造无与伦比的用户服务体验", 9)) <= 9
