"""`okr sync`, `okr sync init`: one store on several hosts, through git (store/sync.py).

Nothing here imports the models: `okr sync` with nothing to do runs two git commands.
"""

from __future__ import annotations

from pathlib import Path

import click

from tui.cli.common import OkrGroup, store_option
from tui.i18n import N_, _


@click.group(cls=OkrGroup, invoke_without_command=True, help=N_(
    "Send this host's changes and bring in the others', through git.\n\n"
    "Commits this host's new changes, pulls, rebuilds the store from every host's changes, pushes. Set up once with "
    "`okr sync init [--remote URL]`; on another host, `okr sync init --remote URL --store NEW_DIR` joins the store."))
@store_option
@click.option("--status", "show_status", is_flag=True,
              help=N_("Say what waits to be sent and to be received; change nothing."))
@click.pass_context
def sync(ctx: click.Context, store_path: Path | None, show_status: bool) -> None:
    if ctx.invoked_subcommand is not None:
        if show_status:
            raise click.UsageError(_("--status goes with plain okr sync, not with a subcommand"))
        return
    from store import sync as store_sync

    path = store_path or store_sync.default_path()
    if show_status:
        for line in store_sync.status(path):
            click.echo(line)
        return
    try:
        report = store_sync.sync(path)
    except store_sync.SyncError as e:
        for line in e.report.lines() if e.report else []:
            click.echo(line)
        raise
    for line in report.lines():
        click.echo(line)


@sync.command("init", short_help=N_("Set this store up for sync, or join a synced one."),
              help=N_("Set the store up for sync (a git repository with a journal), or join a synced one."))
@store_option
@click.option("--remote", metavar="URL", default=None,
              help=N_("A git remote (a bare repository's path, ssh://..., a hosted one) to publish the store to; "
                      "with a --store that does not exist yet, the synced store to join."))
def sync_init(store_path: Path | None, remote: str | None) -> None:
    from store import sync as store_sync

    for line in store_sync.init(store_path or store_sync.default_path(), remote):
        click.echo(line)
