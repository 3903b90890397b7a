"""A question with a few answers, each on a key and a button. Esc answers None (nothing done)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from tui.i18n import _

T = TypeVar("T")


@dataclass(frozen=True)
class Choice(Generic[T]):
    key: str
    label: str
    value: T


class ChoiceModal(ModalScreen[T | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "choose(-1)", _("cancel"), id="choice.cancel", tooltip=_("Close without doing anything")),
    ]

    def __init__(self, title: str, text: Content | str, choices: list[Choice[T]]) -> None:
        super().__init__(classes="form-modal")
        self._title = title
        self._text = text
        self._choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content(self._title), classes="dialog-title")
            yield Static(Content(self._text) if isinstance(self._text, str) else self._text)
            with Horizontal(classes="dialog-buttons"):
                for i, c in enumerate(self._choices):
                    yield Button(Content(f"{c.label} ({c.key})"), id=f"choice-{i}", variant="primary" if i == 0 else "default")
            yield Label(_("Esc: cancel, nothing is changed"), classes="dialog-hint")

    def on_key(self, event: events.Key) -> None:
        """Each answer's key (the answers differ per question, so they are not Bindings)."""
        for i, c in enumerate(self._choices):
            if event.character == c.key:
                event.stop()
                self.action_choose(i)
                return

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_choose(int((event.button.id or "choice-0").removeprefix("choice-")))

    def action_choose(self, index: int) -> None:
        self.dismiss(self._choices[index].value if index >= 0 else None)
