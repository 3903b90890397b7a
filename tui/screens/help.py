"""The help screen: every key of the screen below, from the bindings themselves, as the
user's keymap (tui/keymap.py) has them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tui.i18n import N_, _
from tui.widgets.hanging import DrawnAtWidth

EXTRA = [
    ("ctrl+p", N_("command palette: every action by name")),
    ("Esc", N_("closes a dialog without changing anything; never loses an answer")),
]


GAP = 2  # cells between the keys and their description
LEAST = 12  # a description's column never narrower than this (the keys' column gives way)


class KeyTable(DrawnAtWidth):
    """Keys in one column, descriptions in the next: a description that wraps goes on under
    its own column at the width it is drawn at (a Content wrapped as one would go on under the keys)."""

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = rows
        self.keys = max((cell_len(k) for k, _text in rows), default=0)

    def draw(self, width: int | None) -> Content:
        """The table as lines of at most ``width`` cells (None: a row a line)."""
        indent = self.keys + GAP if width is None else min(self.keys + GAP, max(GAP, width - LEAST))
        lines: list[Content] = []
        for keys, text in self.rows:
            key, pad = Content.styled(keys, "bold"), " " * max(0, indent - cell_len(keys))
            if width is None:
                lines.append(Content.assemble(key, pad, text))
                continue
            wrapped = Content(text).wrap(max(1, width - indent)) or [Content()]
            if cell_len(keys) + GAP > indent:  # keys wider than their column: the text starts under them
                lines.append(key)
            else:
                first, *wrapped = wrapped
                lines.append(Content.assemble(key, pad, first))
            lines += [Content.assemble(" " * indent, line) for line in wrapped]
        return Content("\n").join(lines)


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

    def _table(self) -> KeyTable:
        keys: dict[str, list[str]] = {}
        for binding in self._in_effect():
            if binding.group and not binding.show and binding.id not in self._keymap:
                continue  # e.g. digits 2-8: "1-9" stands for them, unless remapped
            keys.setdefault(binding.tooltip or binding.description, []).append(self.app.get_key_display(binding))
        return KeyTable([(" ".join(k), text) for text, k in keys.items()] + [(k, _(text)) for k, text in EXTRA])

    def action_close(self) -> None:
        self.dismiss(None)
