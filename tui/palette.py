"""The command palette lists every action a screen's bindings offer, by name."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.app import SystemCommand
from textual.screen import Screen


def binding_commands(screen: Screen) -> Iterator[SystemCommand]:
    """One palette command per bound action of ``screen`` (quit is the app's own)."""
    seen: set[str] = set()
    for node, binding, _enabled, _tooltip in screen.active_bindings.values():
        if not binding.id or binding.system or binding.id in seen or binding.action == "quit":
            continue
        seen.add(binding.id)
        yield SystemCommand(binding.description.capitalize(), binding.tooltip or binding.description,
                            partial(node.run_action, binding.action))
