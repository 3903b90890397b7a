"""The `okr` entry point: one click group whose commands load on first use (tui/cli/commands.py)."""

import os

# okr uses no pydantic plugins; looking for them scans every installed package's entry
# points, ~30 ms of each start. An explicit setting in the environment wins.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import click  # noqa: E402

from tui.cli.commands import COMMANDS  # noqa: E402
from tui.cli.common import OkrGroup, lang_option, root_cycle_option, root_store_option  # noqa: E402
from tui.i18n import N_  # noqa: E402


def _print_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """click.version_option's output, with the version found without importlib.metadata."""
    if not value or ctx.resilient_parsing:
        return
    from tui.cli.version import version_line

    click.echo(version_line())
    ctx.exit()


@click.group(cls=OkrGroup, lazy=COMMANDS, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]},
             help=N_("okr-checkin: the weekly OKR check-in meeting in your terminal.\n\n"
                     "Plain `okr` opens the home screen (on a terminal; otherwise it prints this help). "
                     "`okr --store DIR CMD ...` is the same as `okr CMD --store DIR ...`."))
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
              help=N_("Show the version and exit."))
@root_store_option
@root_cycle_option
@click.pass_context
def main(ctx: click.Context) -> None:
    if ctx.invoked_subcommand is None:
        from tui.cli.setup import no_command

        no_command(ctx)


main.params.append(lang_option())
