"""`okr serve`: the follow view (or the meeting) in a browser, through textual-serve.

textual-serve starts one `okr follow` (or `okr meeting`) per browser connection, with
this store and filter. It has no authentication: it binds to 127.0.0.1 unless --host is
given, and warns when it is.
"""

from __future__ import annotations

import datetime as dt
import shlex
import sys
from pathlib import Path

import click

from store.weeks import week_of
from tui.cli.common import cycle_option, open_store, store_option, week_option
from tui.i18n import N_, _

NO_AUTH = {  # the warning, by what a browser can do
    True: N_("Warning: textual-serve has no authentication: anyone who can reach {host}:{port} can watch the "
             "meeting. Prefer the default 127.0.0.1 and an SSH tunnel (ssh -L {port}:127.0.0.1:{port} HOST), "
             "or a proxy that authenticates."),
    False: N_("Warning: textual-serve has no authentication: anyone who can reach {host}:{port} can change the "
              "meeting's answers. Prefer the default 127.0.0.1 and an SSH tunnel (ssh -L {port}:127.0.0.1:{port} "
              "HOST), or a proxy that authenticates."),
}


def okr_command() -> list[str]:
    """This okr, run by the same python (the console script may not be on the server's PATH)."""
    return [sys.executable, "-c", "from tui.cli.launch import main; main()"]


@click.command(help=N_(
    "Serve the meeting to browsers: the follow view (default) or the meeting.\n\n"
    "Open http://127.0.0.1:PORT/ (add ?fontsize=24 for a projector). No authentication: reach it through an SSH "
    "tunnel, ssh -L 8000:127.0.0.1:8000 HOST."))
@store_option
@cycle_option
@week_option()
@click.option("--team", default="", help=N_("The meeting of this team's objectives."))
@click.option("--owner", default="", help=N_("The meeting of this person's objectives."))
@click.option("--host", default=None, help=N_("Address to listen on (default 127.0.0.1: this host only)."))
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help=N_("Port to listen on."))
@click.option("--follow/--meeting", "follow", default=True, show_default=True,
              help=N_("Serve the read-only follow view, or the meeting itself."))
def serve(store_path: Path | None, cycle_name: str | None, week: str | None, team: str, owner: str,
          host: str | None, port: int, follow: bool) -> None:
    if team and owner:
        raise click.UsageError(_("give --team or --owner, not both (a meeting has one filter)"))
    store = open_store(store_path)  # a missing store or cycle is refused here, not in each browser
    cycle = store.cycle(cycle_name)
    args = [*okr_command(), "follow" if follow else "meeting", "--store", str(store.path.resolve()),
            "--cycle", cycle.name, "--week", week or week_of(dt.date.today())]
    args += ["--team", team] if team else ["--owner", owner] if owner else []
    if host is not None:
        click.echo(_(NO_AUTH[follow]).format(host=host, port=port), err=True)

    from textual_serve.server import Server

    Server(shlex.join(args), host=host or "127.0.0.1", port=port,
           title="okr follow" if follow else "okr meeting").serve()
