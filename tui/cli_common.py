"""What every `okr` command shares: the --store option, opening the store, one-line errors.

Keep this module (and every cli_* module's top level) free of textual imports: `okr list`
must start as fast as `okr --version`; the app is imported inside the commands that run it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from store import Store, StoreError, parse_week


class OkrGroup(click.Group):
    """A click group whose commands turn StoreError into a one-line error and exit 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except StoreError as e:
            raise click.ClickException(str(e)) from None


store_option = click.option(
    "--store", "store_path", type=click.Path(path_type=Path, file_okay=False), envvar="OKR_STORE",
    default=None, help="Store directory (env OKR_STORE; default: your user data dir).",
)


def open_store(store_path: Path | None) -> Store:
    return Store.open(store_path)


def week_option(help_text: str = "ISO week, e.g. 2026-W48 (default: this week).") -> Any:
    return click.option("--week", default=None, callback=_check_week, help=help_text)


def _check_week(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return parse_week(value)
    except ValueError as e:
        raise click.BadParameter(str(e)) from None
