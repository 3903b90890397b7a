"""The help screen: every key of the screen below, from the bindings themselves, as the
user's keymap (tui/keymap.py) has them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tui.i18n import N_, _

EXTRA = [
    ("ctrl+p", N_("command palette: every action by name")),
    ("Esc", N_("closes a dialog without changing anything; never loses an answer")),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "close", _("close"), id="help.close", tooltip=_("Close the help")),
    ]

    def __init__(self, bindings: list[Binding], keymap: Mapping[str, str] | None = None) -> None:
        """``keymap``: binding id → the keys that replace the binding's own (``App.set_keymap``'s)."""
        super().__init__(classes="form-modal")
        self._listed = bindings
        self._keymap = keymap or {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Label(_("Keys"), classes="dialog-title")
            with VerticalScroll():
                yield Static(self._table())
            yield Label(_("Esc, q, ? or F1: close"), classes="dialog-hint")

    def _in_effect(self) -> list[Binding]:
        """One binding per key in effect: a remapped binding on its keymap keys instead of its own."""
        out: list[Binding] = []
        remapped: set[str] = set()
        for binding in Binding.make_bindings(self._listed):
            binding_id = binding.id or ""
            keys = self._keymap.get(binding_id)
            if keys is None:
                out.append(binding)
            elif binding_id not in remapped:
                remapped.add(binding_id)
                out += [binding.with_key(key, key_display=None) for key in keys.split(",")]
        return out

    def _table(self) -> Content:
        keys: dict[str, list[str]] = {}
        for binding in self._in_effect():
            if binding.group and not binding.show and binding.id not in self._keymap:
                continue  # e.g. digits 2-8: "1-9" stands for them, unless remapped
            keys.setdefault(binding.tooltip or binding.description, []).append(self.app.get_key_display(binding))
        rows = [(" ".join(k), text) for text, k in keys.items()] + [(k, _(text)) for k, text in EXTRA]
        width = max(len(k) for k, _ in rows)
        return Content("\n").join(Content.assemble((k.ljust(width), "bold"), "  ", text) for k, text in rows)

    def action_close(self) -> None:
        self.dismiss(None)
