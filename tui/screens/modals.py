"""Small modal dialogs: a form of one or two inputs, and the resume question.

Esc always cancels only the dialog: what was saved before stays saved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from store.text import TEXT_MAX
from tui.i18n import _
from tui.typeahead import KeyHolder, TakesTypeahead
from tui.widgets.text_input import TextInput

Check = Callable[[str], str | None]  # text → error message, or None when fine


@dataclass(frozen=True)
class FormField:
    label: str
    value: str = ""
    placeholder: str = ""
    check: Check | None = None
    max_length: int = TEXT_MAX  # the store's cap for the field: longer (a huge paste) is refused here


class FormModal(TakesTypeahead, ModalScreen[list[str] | None]):
    """Inputs in a box. Enter saves from any field, Tab moves between them; a pre-filled
    value is selected, so typing replaces it. An error shows under its field, which keeps
    the focus."""

    # Tab is a priority binding: it runs before the app hands the next key to an input, so
    # keys typed right after it land in the field that has focus by then. Enter is not: it
    # must come after the keys typed before it (they wait in the input's queue), so the
    # input submits it.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("cancel"), id="modal.cancel", tooltip=_("Close without changing anything")),
        Binding("tab", "app.focus_next", _("next field"), id="modal.next_field", priority=True, show=False,
                tooltip=_("Move to the next field")),
        Binding("shift+tab", "app.focus_previous", _("previous field"), id="modal.previous_field", priority=True,
                show=False, tooltip=_("Move to the previous field")),
    ]

    def __init__(self, title: str, fields: list[FormField], hint: str = "") -> None:
        super().__init__(classes="form-modal")
        self._title = title
        self._fields = fields
        self._hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content(self._title), classes="dialog-title")
            for i, f in enumerate(self._fields):
                yield Label(Content(f.label))
                yield TextInput(f.value, placeholder=f.placeholder, id=f"field-{i}", select_on_focus=True,
                                submit=self.action_save)
                yield Static("", id=f"error-{i}", classes="dialog-error")
            yield Label(Content(self._hint or _("Enter: save · Tab: next field · Esc: cancel")), classes="dialog-hint")

    def on_mount(self) -> None:
        """The first field has the focus from the start, and the keys typed while this
        opened go to it (tui/typeahead.py)."""
        self.query_one("#field-0", TextInput).focus()
        if isinstance(self.app, KeyHolder):
            self.app.release_keys()

    def on_unmount(self) -> None:
        """Closed: the keys typed after the Enter or Esc that closed it go to the screen
        below, now on top (``_close``)."""
        if isinstance(self.app, KeyHolder):
            self.app.release_keys()

    def _close(self, result: list[str] | None) -> None:
        """Once only: a second Enter in the same burst would dismiss the screen below."""
        if self.closing:
            return
        self.closing = True
        if isinstance(self.app, KeyHolder):
            self.app.hold_keys()
        self.dismiss(result)

    def action_save(self) -> None:
        if self.closing:
            return
        values = [i.value.strip() for i in self.query(Input)]
        for i, (f, value) in enumerate(zip(self._fields, values)):
            error = f.check(value) if f.check else None
            if len(value) > f.max_length:
                error = _("at most {limit} characters (this is {length})").format(limit=f.max_length, length=len(value))
            self.query_one(f"#error-{i}", Static).update(Content("✗ " + error) if error else Content(""))
            if error:
                self.query_one(f"#field-{i}", Input).focus()
                return
        self._close(values)

    def action_cancel(self) -> None:
        self._close(None)


class ResumeModal(ModalScreen[bool]):
    """Resume an unfinished meeting (True) or start a new one (False). Esc resumes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r,escape", "choose(True)", _("resume"), id="resume.resume", tooltip=_("Continue where it stopped")),
        Binding("s", "choose(False)", _("start over"), id="resume.start_over",
                tooltip=_("Start a new meeting at objective 1 (answers already given stay)")),
    ]

    def __init__(self, text: str) -> None:
        super().__init__(classes="form-modal")
        self._text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Resume the meeting?"), classes="dialog-title")
            yield Static(Content(self._text))
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Resume (r)"), id="resume", variant="primary")
                yield Button(_("Start over (s)"), id="start-over")
            yield Label(_("Neither loses an answer. Esc = resume."), classes="dialog-hint")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "resume")

    def action_choose(self, resume: bool) -> None:
        self.dismiss(resume)
