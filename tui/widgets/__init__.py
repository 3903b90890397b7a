"""Widgets of the meeting app."""

from .kr_row import KRRow, kr_content
from .objective_panel import ObjectivePanel
from .save_status import SaveStatus

__all__ = ["KRRow", "ObjectivePanel", "SaveStatus", "kr_content"]
