"""`okr home` (also plain `okr` on a terminal), `okr review`, `okr cycle next`: setting up
the quarter and the personal weekly review.

`cycle next` joins the `cycle` group of cli_manage (``cycle.add_command`` below), so
all cycle commands stay under one name.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from store import current_user, week_of

from tui.cli.common import open_store, store_option, week_option
from tui.cli.manage import cycle as cycle_group
from tui.cli.meeting import meeting
from tui.cli.display_options import display_options

cycle_option = click.option("--cycle", "cycle_name", default=None, help="Cycle name (default: the current one).")


def _need_tty(command: str) -> None:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise click.ClickException(f"okr {command} needs a terminal (stdin and stdout must be a tty); "
                                   "for a report without one use: okr list or okr summary")


@click.command()
@store_option
@cycle_option
@week_option("ISO week the progress is shown at (default: this week).")
@click.pass_context
def home(ctx: click.Context, store_path: Path | None, cycle_name: str | None, week: str | None) -> None:
    """The store at a glance: cycles, teams, objectives with progress and confidence.

    Keys: m meeting · r review · e editor · a alignment · h history · c cycle · t team ·
    N next cycle · ? help · q quit. A meeting or review started here prints its summary.
    """
    _need_tty("home")
    store = open_store(store_path)
    from tui.home_app import HomeApp

    app = HomeApp(store, cycle=store.cycle(cycle_name), week=week)
    launch = app.run()
    if launch is None:
        if app.return_code:
            sys.exit(app.return_code)
        return
    if launch.kind == "meeting":
        ctx.invoke(meeting, store_path=store.path, cycle_name=launch.cycle, week=launch.week, team=launch.team)
    else:
        ctx.invoke(review, store_path=store.path, cycle_name=launch.cycle, week=launch.week, owner=launch.owner)


@click.command()
@store_option
@cycle_option
@week_option()
@click.option("--owner", default=None, help="Whose key results (default: the name used last time, else your login).")
@display_options
def review(store_path: Path | None, cycle_name: str | None, week: str | None, owner: str | None,
           theme: str | None = None, present: bool = False, mouse: bool = True) -> None:
    """Your personal weekly review: the meeting's stepper on your key results only,
    then your summary. Same keys as `okr meeting`."""
    _need_tty("review")
    store = open_store(store_path)
    cycle = store.cycle(cycle_name)
    if owner:
        if owner != store.user_pref("review_owner"):
            store.set_user_prefs(review_owner=owner)
    else:
        owner = str(store.user_pref("review_owner", "") or current_user())

    from tui.home_app import review_app
    from tui.report.summary import render_text

    app = review_app(store, cycle, week or week_of(dt.date.today()), owner, theme=theme, present=present)
    result = app.run(mouse=mouse)
    if result is not None:
        click.echo(render_text(result, color=sys.stdout.isatty()), nl=False)
    if app.return_code:
        sys.exit(app.return_code)


@cycle_group.command("next")
@store_option
@cycle_option
@click.option("--carry/--no-carry", default=True, show_default=True,
              help="Carry unfinished objectives (below 100%, not archived) with their key results.")
@click.option("--name", default=None, help="Name of the new cycle (default: the quarter's, e.g. 2027-Q1).")
def cycle_next(store_path: Path | None, cycle_name: str | None, carry: bool, name: str | None) -> None:
    """Create the cycle after this one (the next quarter) and carry unfinished objectives.

    Carried objectives and key results get new ids; their history stays in the old cycle.
    """
    from store.carry import start_next_cycle

    store = open_store(store_path)
    old = store.cycle(cycle_name)
    result = start_next_cycle(store, old, carry=carry, name=name)
    new = result.cycle
    click.echo(f"added cycle {new.name}: {new.start} to {new.end}")
    if carry:
        click.echo(f"carried {len(result.objectives)} objectives and {len(result.key_results)} key results "
                   f"from {old.name}")
        for before, after in result.objectives.items():
            click.echo(f"  {before} -> {after}")
        for oid in result.unlinked:
            click.echo(f"  {oid}: its parent objective was finished or archived, not carried; alignment dropped")


def no_command(ctx: click.Context) -> None:
    """Plain `okr`: the home screen on a terminal, the help text otherwise."""
    if sys.stdin.isatty() and sys.stdout.isatty():
        ctx.invoke(home)
    else:
        click.echo(ctx.get_help())


COMMANDS: list[click.Command] = [home, review]
