"""The `okr` entry point: one click group; the commands live in the modules beside it."""

import os

# okr uses no pydantic plugins; looking for them scans every installed package's entry
# points, ~30 ms of each start. An explicit setting in the environment wins.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import click  # noqa: E402

from tui.cli import data as cli_data, history as cli_history, manage as cli_manage  # noqa: E402
from tui.cli import meeting as cli_meeting, setup as cli_setup, summary as cli_summary  # noqa: E402
from tui.cli.common import OkrGroup  # noqa: E402


@click.group(cls=OkrGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="okr-checkin", prog_name="okr")
@click.pass_context
def main(ctx: click.Context) -> None:
    """okr-checkin: the weekly OKR check-in meeting in your terminal."""
    if ctx.invoked_subcommand is None:
        cli_setup.no_command(ctx)


for _module in (cli_manage, cli_data, cli_meeting, cli_summary, cli_history, cli_setup):
    for _command in _module.COMMANDS:
        main.add_command(_command)
