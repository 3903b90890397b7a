"""The editor's form dialog: one row per field, its validation message under it, nothing
saved until the store accepts the whole record.

Messages come from the store's own validation (``InvalidInputError`` text, "field: why")
and are placed under the field they name. The guide's limits (``LimitError``) show the
guide's reason as a warning; saving again confirms and goes beyond the limit.

The save runs off the UI thread (tui/store_writes.py): while another process holds the
cycle's lock the form says it is waiting and keeps answering keys, and it closes only
once the store has answered (a refusal is shown beside its field).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any, ClassVar

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from store import Cycle, InvalidInputError, LimitError, NotFoundError, Store
from store.cycle_data import CycleData
from store.cycle_tx import CycleTx
from tui.i18n import N_, _
from tui.store_writes import WAITING, StoreWrites, WriteFailed
from tui.widgets.symbols import SYMBOLS

CONFIRM = N_("ctrl+s again: add it anyway · Esc: cancel")


class FormError(Exception):
    """Input the form refuses before the store sees it (e.g. a number that is not one)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def without_force_hint(message: str) -> str:
    """The store's limit message without its command-line hint ("; use --force ..."), in
    any language: the form's own hint (ctrl+s again) replaces it."""
    for sep in ("; ", "；"):
        head, found, tail = message.rpartition(sep)
        if found and "--force" in tail:
            return head
    return message


def split_errors(message: str, fields: list[str]) -> dict[str, str]:
    """A store message ("title: must not be empty; ...") by field; "" holds the rest.

    A part that does not name a field continues the one before it (messages hold "; " too).
    """
    out: dict[str, list[str]] = {}
    key: str | None = None
    for part in message.split("; "):
        name, sep, rest = part.partition(": ")
        if sep and name in fields:
            key = name
            out.setdefault(key, []).append(rest)
        elif key is None:
            out.setdefault("", []).append(part)
        else:
            out[key][-1] += "; " + part
    return {k: "; ".join(v) for k, v in out.items()}


def field_errors(err: ValidationError, fields: list[str]) -> dict[str, str]:
    """Pydantic's errors by the field they are about; "" for the whole record."""
    out: dict[str, list[str]] = {}
    for e in err.errors():
        name = str(e["loc"][0]) if e["loc"] else ""
        out.setdefault(name if name in fields else "", []).append(e["msg"].removeprefix("Value error, "))
    return {k: "; ".join(v) for k, v in out.items()}


@dataclass(eq=False)
class Edited(Message):
    """An edit went into the store: the cycle as it is now (read by the writing thread, so
    the screen shows it without reading the store), the row to select, what to say."""

    data: CycleData
    select: str | None = None
    said: str = ""


class EditorForm(StoreWrites, ModalScreen[Edited | None]):
    """Dismisses with what was saved, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", _("save"), id="editor_form.save", tooltip=_("Save (after a limit warning: add anyway)")),
        Binding("escape", "cancel", _("cancel"), id="editor_form.cancel", tooltip=_("Close without saving anything")),
        # priority: focus moves before the next key is handed on, so fast typing lands where it is meant
        Binding("tab", "app.focus_next", _("next field"), id="editor_form.next_field", priority=True, show=False,
                tooltip=_("Move to the next field")),
        Binding("shift+tab", "app.focus_previous", _("previous field"), id="editor_form.previous_field",
                priority=True, show=False, tooltip=_("Move to the previous field")),
    ]
    TITLE_TEXT = ""

    def __init__(self, store: Store, cycle: Cycle) -> None:
        super().__init__(classes="form-modal editor-form")
        self.store = store
        self.cycle = cycle
        self.force = False  # set once the limit warning was shown: saving again confirms

    # -- to fill in by each form -------------------------------------------------------
    def fields(self) -> Iterator[tuple[str, str, Widget]]:
        """(name, label, widget) for each row; ``name`` is the store's field name."""
        raise NotImplementedError

    def changes(self) -> dict[str, Any]:
        """The record's fields from the widgets; raise FormError for what cannot be one."""
        raise NotImplementedError

    def check(self) -> None:
        """Validate the values with the store's models; raise FormError or ValidationError."""
        raise NotImplementedError

    def write(self, tx: CycleTx, changes: dict[str, Any], force: bool) -> str:
        """Write the record and return its id. Runs on a worker thread: ``changes`` were
        read from the widgets before."""
        raise NotImplementedError

    def note(self) -> Content:
        """A line under the fields that follows the values (e.g. "lower is better")."""
        return Content("")

    # -- the dialog --------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        self._names: list[str] = []
        with Vertical(classes="dialog"):
            yield Label(Content(self.TITLE_TEXT), classes="dialog-title")
            with VerticalScroll(classes="form-body"):
                for name, label, widget in self.fields():
                    self._names.append(name)
                    with Horizontal(classes="form-row"):
                        yield Label(Content(label), classes="form-label")
                        with Vertical(classes="form-input"):
                            yield widget
                            yield Static("", id=f"error-{name}", classes="field-error")
            yield Static("", id="form-note", classes="form-note")
            yield Static("", id="form-error", classes="field-error")
            yield Static("", id="form-warning", classes="form-warning")
            yield Static("", id="form-status", classes="form-warning")
            yield Label(_("ctrl+s: save · Tab: next field · Esc: cancel"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#form-note", Static).update(self.note())
        self.query_one(f"#{self._names[0]}").focus()

    def value(self, name: str) -> Any:
        widget = self.query_one(f"#{name}")
        if isinstance(widget, Select):
            return None if widget.value is Select.NULL else widget.value
        assert isinstance(widget, Input)
        return widget.value.strip()

    def show_errors(self, errors: dict[str, str]) -> None:
        for name in [*self._names, ""]:
            box = self.query_one(f"#error-{name}" if name else "#form-error", Static)
            text = errors.get(name, "")
            box.update(Content("✗ " + text) if text else Content(""))
            box.set_class(bool(text), "-shown")

    def errors(self) -> dict[str, str]:
        try:
            self.check()
        except FormError as e:
            return e.errors
        except ValidationError as e:
            return field_errors(e, self._names)
        except (InvalidInputError, NotFoundError) as e:
            return split_errors(str(e), self._names)
        return {}

    @on(Input.Changed)
    @on(Select.Changed)
    def _changed(self) -> None:
        """Validate as the user types; only the fields that hold something are judged."""
        if self.is_mounted:
            self.query_one("#form-note", Static).update(self.note())
            errors = self.errors()
            self.show_errors({k: v for k, v in errors.items() if not k or self.value(k) not in ("", None)})

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = [w for w in self.query(".form-input > *") if w.focusable]
        if event.input is inputs[-1]:
            self.action_save()
        else:
            self.focus_next()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Until the store has answered, neither a second save nor a cancel (the save may
        still land): both keys show greyed while it waits."""
        return None if action in ("save", "cancel") and self.writing else True

    def action_save(self) -> None:
        if self.writing:
            return
        errors = self.errors()
        self.show_errors(errors)
        if errors:
            return
        self.write_off_thread(partial(self._save, self.changes(), self.force), _("Not saved"))

    def _save(self, changes: dict[str, Any], force: bool) -> Edited:
        """On the worker thread: write, and read the cycle as it is now for the editor."""
        with self.store.write(self.cycle) as tx:
            saved = self.write(tx, changes, force)
        return Edited(self.store.load(self.cycle), select=saved, said=_("{id} saved.").format(id=saved))

    def on_edited(self, message: Edited) -> None:
        message.stop()
        self.dismiss(message)

    def on_write_failed(self, message: WriteFailed) -> None:
        e = message.error
        if isinstance(e, LimitError):
            self.force = True
            warning = self.query_one("#form-warning", Static)
            warning.update(Content(f"{SYMBOLS.warn} {without_force_hint(str(e))}.\n{_(CONFIRM)}"))
            warning.add_class("-shown")
        elif isinstance(e, (InvalidInputError, NotFoundError)):
            self.show_errors(split_errors(str(e), self._names))
        else:  # the store could not write (a lock held too long, a full disk): nothing changed
            self.show_errors({"": f"{message.title}: {e}"})

    def show_waiting(self, waiting: bool) -> None:
        status = self.query_one("#form-status", Static)
        status.update(Content(_("Saving: {waiting} The form closes once it is saved.").format(waiting=_(WAITING))
                              if waiting else ""))
        status.set_class(waiting, "-shown")

    def action_cancel(self) -> None:
        self.dismiss(None)
