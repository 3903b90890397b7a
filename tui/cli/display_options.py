"""The options every full-screen command shares: --theme, --present, --no-mouse.

Free of textual imports, like every module the CLI loads at start.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from themes.names import THEME_NAMES

F = TypeVar("F", bound=Callable[..., Any])


def display_options(command: F) -> F:
    """Adds ``theme`` (str | None), ``present`` (bool) and ``mouse`` (bool) parameters."""
    command = click.option(
        "--mouse/--no-mouse", default=True, show_default=True,
        help="Let the terminal send mouse events (--no-mouse: keyboard only, the mouse selects text).",
    )(command)
    command = click.option(
        "--present", is_flag=True, default=False,
        help="Start in the presentation layout (one objective, big numbers); f toggles it.",
    )(command)
    return click.option(
        "--theme", type=click.Choice(THEME_NAMES, case_sensitive=False), default=None, metavar="NAME",
        help=f"Colours for this run: {', '.join(THEME_NAMES)} (default: the last one picked with "
             "ctrl+p → Theme, else okr-dark).",
    )(command)
