"""What every `okr` command shares: the --store option, opening the store, one-line errors.

Keep this module (and every cli_* module's top level) free of textual imports: `okr list`
must start as fast as `okr --version`; the app is imported inside the commands that run it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from store import Store, StoreError, parse_week


class OkrGroup(click.Group):
    """A click group whose errors are one line on stderr: StoreError exits 1, usage errors 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except StoreError as e:
            raise click.ClickException(str(e)) from None

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)
        except click.exceptions.NoArgsIsHelpError as e:
            click.echo(e.format_message())
            sys.exit(0)
        except click.UsageError as e:
            where = f" (see: {e.ctx.command_path} --help)" if e.ctx else ""
            click.echo(f"Error: {e.format_message()}{where}", err=True)
            sys.exit(e.exit_code)
        except click.ClickException as e:
            click.echo(f"Error: {e.format_message()}", err=True)
            sys.exit(e.exit_code)
        except click.Abort:
            click.echo("Aborted.", err=True)
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else 0)


store_option = click.option(
    "--store", "store_path", type=click.Path(path_type=Path, file_okay=False), envvar="OKR_STORE",
    default=None, help="Store directory (env OKR_STORE; default: your user data dir).",
)


def open_store(store_path: Path | None) -> Store:
    return Store.open(store_path)


def parsed(parse: Callable[[str], Any]) -> Callable[[click.Context, click.Parameter, str | None], Any]:
    """A click callback that parses an option with ``parse``; its ValueError is the message."""
    def callback(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
        if value is None:
            return None
        try:
            return parse(value)
        except ValueError as e:
            raise click.BadParameter(str(e)) from None
    return callback


def week_option(help_text: str = "ISO week, e.g. 2026-W48 (default: this week).") -> Any:
    return click.option("--week", default=None, callback=parsed(parse_week), help=help_text)
