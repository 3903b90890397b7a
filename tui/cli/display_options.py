"""The options every full-screen command shares: --theme, --present, --no-mouse.

Free of textual imports, like every module the CLI loads at start.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from themes.names import THEME_NAMES
from tui.i18n import N_

F = TypeVar("F", bound=Callable[..., Any])


class ThemeOption(click.Option):
    """--theme, whose (translated) help names the themes: filled in when the help is shown."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        record = super().get_help_record(ctx)
        return None if record is None else (record[0], record[1].replace("{names}", ", ".join(THEME_NAMES)))


def display_options(command: F) -> F:
    """Adds ``theme`` (str | None), ``present`` (bool) and ``mouse`` (bool) parameters."""
    command = click.option(
        "--mouse/--no-mouse", default=True, show_default=True,
        help=N_("Let the terminal send mouse events (--no-mouse: keyboard only, the mouse selects text)."),
    )(command)
    command = click.option(
        "--present", is_flag=True, default=False,
        help=N_("Start in the presentation layout (one objective, big numbers); f toggles it."),
    )(command)
    return click.option(
        "--theme", cls=ThemeOption, type=click.Choice(THEME_NAMES, case_sensitive=False), default=None,
        metavar="NAME", help=N_("Colours for this run: {names} (default: the last one picked with ctrl+p → Theme, "
                                "else okr-dark)."),
    )(command)
