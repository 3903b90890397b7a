"""The help screen: every key of the meeting, from the bindings themselves."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

EXTRA = [
    ("ctrl+p", "command palette: every action by name"),
    ("Esc", "closes a dialog without changing anything; never loses an answer"),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "close", "close", id="help.close", tooltip="Close the help"),
    ]

    def __init__(self, bindings: list[Binding]) -> None:
        super().__init__(classes="form-modal")
        self._listed = bindings

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Label("Keys", classes="dialog-title")
            with VerticalScroll():
                yield Static(self._table())
            yield Label("Esc, q, ? or F1: close", classes="dialog-hint")

    def _table(self) -> Content:
        keys: dict[str, list[str]] = {}
        for binding in Binding.make_bindings(self._listed):
            if binding.group and not binding.show:  # e.g. digits 2-8: "1-9" stands for them
                continue
            keys.setdefault(binding.tooltip or binding.description, []).append(self.app.get_key_display(binding))
        rows = [(" ".join(k), text) for text, k in keys.items()] + EXTRA
        width = max(len(k) for k, _ in rows)
        return Content("\n").join(Content.assemble((k.ljust(width), "bold"), "  ", text) for k, text in rows)

    def action_close(self) -> None:
        self.dismiss(None)
