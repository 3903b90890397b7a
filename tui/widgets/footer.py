"""Footers that leave out their low-priority keys while the screen is narrow.

The screen names the keys (by binding id) and sets a breakpoint class with
``HORIZONTAL_BREAKPOINTS`` (e.g. ``[(0, "-narrow"), (100, "-wide")]``); the keys carry
``-narrow-hide``, which the stylesheet hides under ``.-narrow`` (themes/app.tcss).
Hidden keys stay in the help screen and the command palette.

Textual's Footer rebuilds all its keys whenever the screen's bindings are updated (each
focus change, each screen pushed over it), even when the keys shown are the same; this
one rebuilds only when they differ. The meeting's own footer, :class:`LineFooter`, draws
all its keys with one widget (:class:`KeyLine`), from its first frame on.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby
from typing import Any, ClassVar, NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Label

Shown = tuple[tuple[str, str, str, bool, str], ...]
DIM = Style(dim=True)  # a disabled key (FooterKey.-disabled)


class NarrowFooter(Footer):
    def __init__(self, hide_when_narrow: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.hide_when_narrow = frozenset(hide_when_narrow)
        self._shown: Shown | None = None

    @staticmethod
    def _keys_of(screen: Screen) -> Shown:
        """What compose would show: each shown binding's key, label, action, state and tooltip."""
        return tuple((b.key, b.description, b.action, enabled, tip or "")
                     for _node, b, enabled, tip in screen.active_bindings.values() if b.show)

    def bindings_changed(self, screen: Screen) -> None:
        if self._shown is None or self._keys_of(screen) != self._shown:
            super().bindings_changed(screen)

    def compose(self) -> ComposeResult:
        hidden = {binding.action for _node, binding, _enabled, _tip in self.screen.active_bindings.values()
                  if binding.id in self.hide_when_narrow}
        group_hidden = False  # a group's label follows its keys: hidden with them
        keys = self._keys_of(self.screen)
        self._shown = None
        for widget in super().compose():
            self._shown = keys
            if getattr(widget, "action", None) in hidden:
                widget.add_class("-narrow-hide")
                group_hidden = widget.has_class("-grouped")
            elif isinstance(widget, Label) and group_hidden:
                widget.add_class("-narrow-hide")
                group_hidden = False
            yield widget


class Key(NamedTuple):
    """One key as the footer shows it."""

    key: str
    display: str
    description: str  # "" for a key of a group: the group's label follows its keys
    enabled: bool
    tooltip: str
    hidden_when_narrow: bool


class Group(NamedTuple):
    keys: tuple[Key, ...]
    label: str
    compact: bool


def footer_items(screen: Screen, hide_when_narrow: frozenset[str]) -> tuple[Key | Group, ...]:
    """The keys and groups Textual's Footer composes for ``screen``, in its order."""
    shown = [(b, enabled, tip) for _node, b, enabled, tip in screen.active_bindings.values() if b.show]
    by_action: dict[str, list[tuple[Binding, bool, str]]] = {}
    for binding, enabled, tip in shown:
        by_action.setdefault(binding.action, []).append((binding, enabled, tip))
    hidden = {b.action for _node, b, _enabled, _tip in screen.active_bindings.values() if b.id in hide_when_narrow}
    display = screen.app.get_key_display
    items: list[Key | Group] = []
    for group, runs in groupby(by_action.values(), lambda run: run[0][0].group):
        firsts = [run[0] for run in runs]
        if group is not None and len(firsts) > 1:
            keys = tuple(Key(b.key, display(b), "", enabled, tip or b.description, b.action in hidden)
                         for b, enabled, tip in firsts)
            items.append(Group(keys, group.description, group.compact))
        else:
            items += [Key(b.key, display(b), b.description, enabled, tip, b.action in hidden) for b, enabled, tip in firsts]
    return tuple(items)


class KeyLine(Widget):
    """A compact Footer's keys, group labels and the margins between them, drawn by one
    widget cell for cell as Textual draws them with one widget each (15 in the meeting,
    ~15 ms of its first frame; tests/test_footer.py compares the two). A key is hovered,
    shows its tooltip and is pressed by a click as Textual's FooterKey is."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"footer-key--key", "footer-key--description", "key-line--hover-key",
                                             "key-line--hover-description"}
    # FooterKey's styles (textual/widgets/_footer.py), and those of a hovered one.
    DEFAULT_CSS = """
    KeyLine {
        width: auto;
        height: 1;
        text-wrap: nowrap;
        & > .footer-key--key { color: $footer-key-foreground; background: $footer-key-background; text-style: bold; }
        & > .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-line--hover-key {
            color: $footer-key-foreground;
            background: $block-hover-background;
            text-style: bold;
        }
        & > .key-line--hover-description { color: $footer-description-foreground; background: $block-hover-background; }
    }
    """

    def __init__(self, items: tuple[Key | Group, ...], narrow: bool) -> None:
        super().__init__()
        self._items, self._narrow = items, narrow
        self._hover: Key | None = None
        self.parts = self._lay_out()

    def _lay_out(self) -> list[tuple[int, Key | str]]:
        """Where each key, label (str) and margin (spaces) starts, in cells. Horizontal
        margins collapse to the larger: 1 after a key or a label (themes/app.tcss gives
        FooterLabel its margin), 1 around each key of a group (none in a compact group,
        which has 1 of padding before them). A group's label goes with the last of its keys."""
        parts: list[tuple[int, Key | str]] = []
        x = 0

        def add(part: Key | str) -> None:
            nonlocal x
            parts.append((x, part))
            x += cell_len(part) if isinstance(part, str) else cell_len(part.display) + (
                1 + cell_len(part.description) if part.description else 0)

        shown = (lambda k: not k.hidden_when_narrow) if self._narrow else (lambda k: True)
        for item in self._items:
            if isinstance(item, Key):
                if shown(item):
                    add(item)
                    add(" ")
            elif keys := [k for k in item.keys if shown(k)]:
                add(" ")
                for i, k in enumerate(keys):
                    if i and not item.compact:
                        add(" ")
                    add(k)
                add(" ")
                add(item.label)
                add(" ")
        return parts

    def show(self, items: tuple[Key | Group, ...], narrow: bool) -> None:
        if (items, narrow) != (self._items, self._narrow):
            self._items, self._narrow, self._hover = items, narrow, None
            self.parts = self._lay_out()
            self.refresh(layout=True)

    @property
    def keys_shown(self) -> list[tuple[int, int, Key]]:
        """Each key shown: from and to (cells, in the line) and the key."""
        return [(x, x + cell_len(p.display) + (1 + cell_len(p.description) if p.description else 0), p)
                for x, p in self.parts if isinstance(p, Key)]

    def render(self) -> Text:
        key_style, hover_key, description, hover_description = (self.get_component_rich_style(name) for name in (
            "footer-key--key", "key-line--hover-key", "footer-key--description", "key-line--hover-description"))
        line = Text(no_wrap=True, end="")
        for _x, part in self.parts:
            if isinstance(part, Key):
                hovered = part is self._hover
                piece = Text.assemble((part.display, hover_key if hovered else key_style),
                                      (" " + part.description, hover_description if hovered else description)
                                      if part.description else "")
                if not part.enabled:
                    piece.stylize_before(DIM)
                line.append_text(piece)
            else:  # a margin, unstyled, or a group's label
                line.append(part, description if part.strip() else None)
        return line

    def _key_at(self, x: int) -> Key | None:
        return next((k for start, end, k in self.keys_shown if start <= x < end), None)

    def _set_hover(self, k: Key | None) -> None:
        if k is self._hover:
            return
        self._hover = k
        self.tooltip = (k.tooltip or None) if k else None
        self.styles.pointer = "pointer" if k else "default"
        self.screen.update_pointer_shape()
        self.refresh()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self._key_at(event.x))

    def on_leave(self) -> None:
        self._set_hover(None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if (k := self._key_at(event.x)) is None:
            return
        if k.enabled:
            self.app.simulate_key(k.key)
        else:
            self.app.bell()


class LineFooter(Footer):
    """A compact Footer without the palette's key whose keys are one :class:`KeyLine`,
    shown from its first frame and redrawn only when they change; the keys named in
    ``hide_when_narrow`` (binding ids) are left out while the screen has ``-narrow``."""

    def __init__(self, hide_when_narrow: Iterable[str] = ()) -> None:
        super().__init__(compact=True, show_command_palette=False)
        self.hide_when_narrow = frozenset(hide_when_narrow)
        self.line: KeyLine | None = None

    def compose(self) -> ComposeResult:
        self.line = KeyLine(footer_items(self.screen, self.hide_when_narrow), self.screen.has_class("-narrow"))
        yield self.line

    def _show(self, screen: Screen) -> None:
        if self.line is not None and self.is_attached and screen is self.screen:
            self.line.show(footer_items(screen, self.hide_when_narrow), screen.has_class("-narrow"))

    def bindings_changed(self, screen: Screen) -> None:
        self._show(screen)

    def on_resize(self) -> None:
        """The screen's breakpoint class is set by now: the narrow keys go or come back."""
        self._show(self.screen)
