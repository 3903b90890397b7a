"""Widgets of the meeting app."""

from tui.widgets.kr_row import KRRow, kr_content
from tui.widgets.objective_panel import ObjectivePanel
from tui.widgets.rows import RowsView
from tui.widgets.save_status import SaveStatus

__all__ = ["KRRow", "ObjectivePanel", "RowsView", "SaveStatus", "kr_content"]
