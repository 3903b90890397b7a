"""`okr home` (also plain `okr` on a terminal) and `okr review`: the store at a glance and
the personal weekly review."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from store.weeks import week_of, weeks_between
from tui.cli.common import cycle_option, open_store, outside_cycle, store_option, week_option
from tui.cli.display_options import display_options
from tui.cli.meeting import meeting
from tui.i18n import N_, _


def _need_tty(command: str) -> None:
    """A terminal, and a keymap file that can be used (else its one-line error, before anything is written)."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise click.ClickException(_("okr {command} needs a terminal (stdin and stdout must be a tty); "
                                     "for a report without one use: okr list or okr summary").format(command=command))
    from tui.keymap import load_keymap

    load_keymap()


@click.command(help=N_(
    "The store at a glance: cycles, teams, objectives with progress and confidence.\n\n"
    "Keys: m meeting · r review · e editor · a alignment · h history · g grades · c cycle · t team · N next cycle · "
    "? help · q or ctrl+q quit. A meeting or review started here prints its summary and comes back here."))
@store_option
@cycle_option
@week_option(N_("ISO week the progress is shown at (default: this week)."))
@click.pass_context
def home(ctx: click.Context, store_path: Path | None, cycle_name: str | None, week: str | None) -> None:
    _need_tty("home")
    store = open_store(store_path)
    from tui.home_app import HomeApp

    cycle, team, notice = store.cycle(cycle_name), "", ""
    while True:  # a meeting or review ends back here (its ctrl+q too); home's own quit ends okr
        app = HomeApp(store, cycle=cycle, week=week, team=team, notice=notice)
        launch = app.run()
        if launch is None:
            if app.return_code:
                sys.exit(app.return_code)
            return
        if launch.kind == "meeting":
            ctx.invoke(meeting, store_path=store.path, cycle_name=launch.cycle, week=launch.week, team=launch.team)
        else:
            ctx.invoke(review, store_path=store.path, cycle_name=launch.cycle, week=launch.week, owner=launch.owner)
        cycle, team = store.cycle(launch.cycle), launch.team
        notice = _("The summary is printed in the terminal: it shows when okr quits.")


@click.command(help=N_("Your personal weekly review: the meeting's stepper on your key results only, then your "
                       "summary. Same keys as `okr meeting`."))
@store_option
@cycle_option
@week_option()
@click.option("--owner", default=None,
              help=N_("Whose key results (default: the name used last time, else your login)."))
@display_options
def review(store_path: Path | None, cycle_name: str | None, week: str | None, owner: str | None,
           theme: str | None = None, present: bool = False, mouse: bool = True) -> None:
    _need_tty("review")
    store = open_store(store_path)
    cycle = store.cycle(cycle_name)
    week = week or week_of(dt.date.today())
    if week not in weeks_between(cycle.start, cycle.end):  # its answers would be refused by an import
        raise click.UsageError(outside_cycle(week, cycle))
    if owner:
        if owner != store.user_pref("review_owner"):
            store.set_user_prefs(review_owner=owner)
    else:
        from store import current_user

        owner = str(store.user_pref("review_owner", "") or current_user())

    from tui.home_app import review_app
    from tui.report.summary import render_text

    app = review_app(store, cycle, week, owner, theme=theme, present=present)
    result = app.run(mouse=mouse)
    if result is not None:
        click.echo(render_text(result, color=sys.stdout.isatty()), nl=False)
    if app.return_code:
        sys.exit(app.return_code)


def no_command(ctx: click.Context) -> None:
    """Plain `okr`: the home screen on a terminal, the help text otherwise."""
    if sys.stdin.isatty() and sys.stdout.isatty():
        ctx.invoke(home, store_path=ctx.meta.get("okr.store"), cycle_name=ctx.meta.get("okr.cycle"))
    else:
        click.echo(ctx.get_help())
