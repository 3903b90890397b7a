""""Open help requests": last week's open blockers, shown before objective 1, so the asks
that need someone else come first. Enter starts the walk-through."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from store.blockers import OpenBlocker, week_since
from tui.i18n import _, ngettext
from tui.widgets.format import clean


def request_lines(requests: list[OpenBlocker]) -> Content:
    """Each open blocker: whose key result, what is in the way, its age this week, who could help."""
    head = ngettext("{n} open help request from last week", "{n} open help requests from last week",
                    len(requests)).format(n=len(requests))
    lines = [Content.styled(head, "bold"), Content("")]
    for b in requests:
        facts = [week_since(b.age, b.raised)]
        if b.help_from:
            facts.append(_("{who} could help").format(who=clean(b.help_from)))
        if b.owner:
            facts.append(_("{owner}'s key result").format(owner=clean(b.owner)))
        lines.append(Content.assemble("  ", (b.kr, "bold"), "  ", (clean(b.text), "$warning")))
        lines.append(Content("      " + " · ".join(facts)))
    return Content("\n").join(lines)


class HelpRequestsScreen(Screen[None]):
    """Dismissed (None) by Enter: the meeting screen below shows objective 1."""

    DEFAULT_CSS = """
    HelpRequestsScreen #help-requests { height: 1fr; padding: 1 2; }
    HelpRequestsScreen #help-requests-hint { height: 1; padding: 0 2; color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "start", _("start"), id="help_requests.start",
                tooltip=_("Start the walk-through at objective 1")),
        Binding("question_mark,f1", "app.help", _("help"), id="help_requests.help", tooltip=_("All keys")),
    ]

    def __init__(self, requests: list[OpenBlocker]) -> None:
        super().__init__()
        self.requests = requests

    def compose(self) -> ComposeResult:
        yield Static(Content.styled(_("Open help requests"), "bold $accent"), id="help-requests-title")
        with VerticalScroll(id="help-requests"):
            yield Static(request_lines(self.requests), id="help-requests-text")
        yield Static(_("Enter: start with objective 1"), id="help-requests-hint")
        yield Footer()

    def action_start(self) -> None:
        self.dismiss(None)
