"""Screens of the meeting app."""

from .help import HelpScreen
from .meeting import MeetingScreen
from .modals import FormField, FormModal, ResumeModal
from .summary import SummaryScreen, summary_content

__all__ = ["FormField", "FormModal", "HelpScreen", "MeetingScreen", "ResumeModal", "SummaryScreen",
           "summary_content"]
