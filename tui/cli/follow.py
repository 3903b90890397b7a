"""`okr follow`: watch the meeting that is open, read-only, from another terminal."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import click

from store.weeks import week_of
from tui.cli.common import cycle_option, open_store, store_option, week_option
from tui.cli.display_options import display_options
from tui.i18n import N_, _


def in_a_browser() -> bool:
    """Run by `okr serve` (textual-serve): no tty, the screen goes to a browser through Textual's web driver."""
    return os.environ.get("TEXTUAL_DRIVER", "").endswith("web_driver:WebDriver")


@click.command(help=N_(
    "Follow a check-in from another terminal: the objective and key result the facilitator is on, and the answers "
    "as they are saved. Read-only: writes nothing.\n\n"
    "Give the same --week and --team/--owner as the meeting. Keys: f presentation layout (for you alone) · ? help · "
    "ctrl+q stop following."))
@store_option
@cycle_option
@week_option()
@click.option("--team", default="", help=N_("The meeting of this team's objectives (as given to okr meeting)."))
@click.option("--owner", default="", help=N_("The meeting of this person's objectives (as given to okr meeting)."))
@display_options
def follow(store_path: Path | None, cycle_name: str | None, week: str | None, team: str, owner: str,
           theme: str | None = None, present: bool = False, mouse: bool = True) -> None:
    if team and owner:
        raise click.UsageError(_("give --team or --owner, not both (a meeting has one filter)"))
    if not (in_a_browser() or (sys.stdin.isatty() and sys.stdout.isatty())):
        raise click.ClickException(_("okr follow needs a terminal (stdin and stdout must be a tty), "
                                     "or a browser: okr serve"))
    from tui.keymap import load_keymap

    load_keymap()  # a bad keymap file is its one-line error, not a traceback
    store = open_store(store_path)
    cycle = store.cycle(cycle_name)

    from tui.meeting.follow import FollowApp

    app = FollowApp(store, cycle, week or week_of(dt.date.today()), team=team, owner=owner,
                    theme=theme, present=present)
    app.run(mouse=mouse)
    if app.return_code:
        sys.exit(app.return_code)
