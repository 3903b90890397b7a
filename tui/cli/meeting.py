"""`okr meeting`: run the weekly check-in in the terminal, then print its summary."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from store.weeks import week_of, weeks_between
from tui.cli.common import cycle_option, open_store, outside_cycle, store_option, week_option
from tui.cli.display_options import display_options
from tui.cli.follow import in_a_browser
from tui.i18n import N_, _


@click.command(help=N_(
    "Run the check-in: each objective in turn, every answer saved at once.\n\n"
    "Keys: ↑/↓ select · ←/→ progress ±10% · 1-9, 0 confidence · Enter confirm and next · v value · b blocker · "
    "n/p objective · o objective confidence · w wins · s summary · f presentation layout · ? help · ctrl+q quit "
    "(answers are saved; the next meeting this week offers to resume)."))
@store_option
@cycle_option
@week_option()
@click.option("--team", default="", help=N_("Only this team's objectives."))
@click.option("--owner", default="", help=N_("Only objectives (or key results) this person owns."))
@click.option("--facilitator", default=None, help=N_("Who runs the meeting (default: the one from last time)."))
@click.option("--attendee", "attendees", multiple=True,
              help=N_("Someone present; repeat for each (default: the ones from last time)."))
@click.option("--timebox", "timebox", type=click.IntRange(1, 120), default=3, show_default=True,
              metavar="MINUTES", help=N_("Minutes per objective."))
@display_options
def meeting(store_path: Path | None, cycle_name: str | None, week: str | None, team: str, owner: str,
            facilitator: str | None, attendees: tuple[str, ...], timebox: int,
            theme: str | None = None, present: bool = False, mouse: bool = True) -> None:
    if not (in_a_browser() or (sys.stdin.isatty() and sys.stdout.isatty())):
        raise click.ClickException(_("okr meeting needs a terminal (stdin and stdout must be a tty); "
                                     "for a report without one use: okr summary"))
    from store import current_user
    from tui.keymap import load_keymap

    load_keymap()  # a bad keymap file is its one-line error before anything is written
    store = open_store(store_path)
    cycle = store.cycle(cycle_name)
    week = week or week_of(dt.date.today())
    if week not in weeks_between(cycle.start, cycle.end):  # its answers would be refused by an import
        raise click.UsageError(outside_cycle(week, cycle))
    last_facilitator = store.user_pref("facilitator", "")
    last_attendees = store.user_pref("attendees", [])
    # Without --facilitator or --attendee the start dialog asks, pre-filled from last time
    # (a first meeting: whoever runs okr), and the app remembers the answer.
    ask_start = facilitator is None and not attendees
    facilitator = facilitator if facilitator is not None else str(last_facilitator or "") or current_user()
    people = list(attendees) if attendees else [str(a) for a in last_attendees or []]
    if not ask_start and (facilitator != last_facilitator or people != last_attendees):
        store.set_user_prefs(facilitator=facilitator, attendees=people)

    from tui.meeting.app import MeetingApp
    from tui.report.summary import render_text

    app = MeetingApp(store, cycle, week, team=team, owner=owner,
                     facilitator=facilitator, attendees=people, timebox_minutes=timebox,
                     theme=theme, present=present, ask_start=ask_start)
    result = app.run(mouse=mouse)
    if result is not None:
        click.echo(render_text(result, color=sys.stdout.isatty()), nl=False)
    if app.return_code:
        sys.exit(app.return_code)
