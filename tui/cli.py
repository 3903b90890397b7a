"""The `okr` command line (placeholder until the CLI lands)."""

import click


@click.group()
@click.version_option(package_name="okr-checkin", prog_name="okr")
def main() -> None:
    """okr-checkin: the weekly OKR check-in meeting in your terminal."""
