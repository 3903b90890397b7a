"""Screens of the meeting app."""

from tui.screens.help import HelpScreen
from tui.screens.meeting import MeetingScreen
from tui.screens.modals import FormField, FormModal, ResumeModal
from tui.screens.summary import SummaryScreen, summary_content

__all__ = ["FormField", "FormModal", "HelpScreen", "MeetingScreen", "ResumeModal", "SummaryScreen",
           "summary_content"]
