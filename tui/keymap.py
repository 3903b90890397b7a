"""Keys of your own: ``keymap.toml`` in the user config dir maps a binding id to its keys.

    # ~/.config/okr-checkin/keymap.toml
    "meeting.confirm" = "enter,space"
    "home.quit" = "q,ctrl+c"

A key given here replaces the binding's own keys (Textual's ``App.set_keymap``); tables
(``[meeting]`` then ``confirm = "enter,space"``) and dotted keys say the same. An unknown id
or key name is a :class:`KeymapError` naming the file and the line, raised before an app
starts: the CLI prints it as its one-line error and exits 2.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import click
import platformdirs
from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import KEY_NAME_REPLACEMENTS, Keys, key_to_character

KEYMAP_FILE = "keymap.toml"
MODIFIERS = frozenset({"shift", "ctrl", "alt", "meta", "super", "hyper"})
BINDING_PACKAGES = ("tui.screens.", "tui.widgets.", "tui.meeting.")
_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)$")


class KeymapError(click.ClickException):
    """The keymap file cannot be used; exits 2, like any other malformed input."""

    exit_code = 2


def keymap_path() -> Path:
    return Path(platformdirs.user_config_dir("okr-checkin")) / KEYMAP_FILE


def load_keymap(path: Path | None = None) -> dict[str, str]:
    """Binding id → keys ("enter,space") from the user's keymap file; {} when there is none."""
    path = path or keymap_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as e:
        raise KeymapError(f"{shown(path)}: cannot be read ({e})") from None
    import tomllib

    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        found = _TOML_LINE.search(str(e))
        where = f" line {found.group(1)}" if found else ""
        raise KeymapError(f"{shown(path)}{where}: not valid TOML ({_TOML_LINE.sub('', str(e)).strip()})") from None
    known = binding_ids()
    keymap: dict[str, str] = {}
    for binding_id, keys in _flat(table):
        def fail(problem: str, binding_id: str = binding_id) -> KeymapError:
            line = line_of(text, binding_id)
            return KeymapError(f"{shown(path)}{f' line {line}' if line else ''}: {problem}")

        if binding_id not in known:
            from difflib import get_close_matches

            near = get_close_matches(binding_id, known, n=1)
            raise fail(f'unknown binding id "{binding_id}"' + (f'; did you mean "{near[0]}"?' if near else ""))
        if not isinstance(keys, str) or not keys.strip():
            raise fail(f'"{binding_id}" needs its keys as a string, e.g. "enter,space"')
        names = [k.strip() for k in keys.split(",")]
        for name in names:
            if not valid_key(name):
                raise fail(f'"{binding_id}": unknown key "{name}" (keys are named as Textual names them: '
                           '"enter", "space", "f2", "ctrl+s", "question_mark", "x")')
        keymap[binding_id] = ",".join(names)
    return keymap


def valid_key(key: str) -> bool:
    """A key as Textual names it: an optional ``modifier+`` chain, then a character or a key name."""
    if len(key) == 1:
        return key.isprintable() and not key.isspace()
    *modifiers, name = key.split("+")
    if not name or any(m not in MODIFIERS for m in modifiers):
        return False
    return len(name) == 1 or name in named_keys() or key_to_character(name) is not None


@cache
def named_keys() -> frozenset[str]:
    """Textual's key names ("enter", "f12", "pagedown", "plus"), without their modifiers."""
    return frozenset({k.value.rpartition("+")[2] for k in Keys} - {"<any>", "<ignore>", "ctrl-at"}
                     | set(KEY_NAME_REPLACEMENTS.values()))


def shown(path: Path) -> str:
    """The path as the user would type it: ``~/…`` under the home directory."""
    try:
        return f"~/{path.relative_to(Path.home())}"
    except ValueError:
        return str(path)


def line_of(text: str, binding_id: str) -> int | None:
    """The line that sets ``binding_id``: a simple scan for ``key =`` under its ``[table]``."""
    table = ""
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            table = _bare(stripped.split("]")[0].strip("[ "))
            continue
        key, sep, _ = stripped.partition("=")
        if sep and ".".join(filter(None, (table, _bare(key)))) == binding_id:
            return number
    return None


def _bare(key: str) -> str:
    """A TOML key without its quotes and spaces: ``"meeting.confirm"`` and ``meeting . confirm`` alike."""
    return ".".join(part.strip().strip("\"'") for part in key.split("."))


def _flat(table: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, object]]:
    for key, value in table.items():
        if isinstance(value, dict):
            yield from _flat(value, f"{prefix}{key}.")
        else:
            yield prefix + key, value


def okr_bindings(everywhere: bool = False) -> Iterator[tuple[type[DOMNode], Binding]]:
    """Every Binding an okr app, screen or widget declares: imports the apps (``tui/*_app.py``)
    and every module of :data:`BINDING_PACKAGES`, or with ``everywhere`` all of tui (a test
    checks that the two find the same)."""
    import tui

    for module in pkgutil.walk_packages(tui.__path__, "tui."):
        name = module.name
        if everywhere or name.startswith(BINDING_PACKAGES) or (name.count(".") == 1 and name.endswith("_app")):
            importlib.import_module(name)
    seen: set[type[DOMNode]] = set()
    todo = [DOMNode]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    for cls in sorted(seen, key=lambda c: (c.__module__, c.__qualname__)):
        if cls.__module__.startswith("tui.") and "BINDINGS" in cls.__dict__:
            for binding in Binding.make_bindings(cls.__dict__["BINDINGS"]):
                yield cls, binding


def binding_ids() -> set[str]:
    return {b.id for _, b in okr_bindings() if b.id}
