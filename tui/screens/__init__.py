"""Screens of the meeting app.

The names below load their module on first use (PEP 562, as store/ does): ``from
tui.screens import MeetingScreen`` imports only tui.screens.meeting, so the meeting starts
without the help and summary screens, which it shows later if at all.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_HOME = {
    "HelpScreen": "help", "MeetingScreen": "meeting",
    "FormField": "modals", "FormModal": "modals", "ResumeModal": "modals",
    "SummaryScreen": "summary", "summary_content": "summary",
}

__all__ = ["FormField", "FormModal", "HelpScreen", "MeetingScreen", "ResumeModal", "SummaryScreen",
           "summary_content"]  # the names of _HOME


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'tui.screens' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"tui.screens.{module}"), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from .help import HelpScreen
    from .meeting import MeetingScreen
    from .modals import FormField, FormModal, ResumeModal
    from .summary import SummaryScreen, summary_content
