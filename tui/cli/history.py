"""`okr history ID` (a key result's or an objective's weeks) and `okr grade [CYCLE]`.

The store, the renderers and the screens are imported inside the commands, so that
`okr history --help` loads none of them.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tui.cli import complete
from tui.cli.common import cycle_option, cycle_option_callback, open_store, store_option
from tui.i18n import N_, _

if TYPE_CHECKING:
    from tui.viewer_app import ViewerApp


def need_terminal(what: str) -> None:
    """A terminal, and a keymap file that can be used (else its one-line error)."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise click.ClickException(_("{command} needs a terminal (stdin and stdout must be a tty); "
                                     "without --tui the same is printed as text").format(command=what))
    from tui.keymap import load_keymap

    load_keymap()


def run_viewer(app: ViewerApp) -> None:
    app.run()
    if app.return_code:
        sys.exit(app.return_code)


@click.command(help=N_(
    "Each week of a key result (ID like O1.2) or an objective (ID like O1).\n\n"
    "A key result: progress, confidence (and a metric's value) with the change since the check-in before, blocker, "
    "help from and note. An objective: its progress and confidence week by week, with each key result's progress."))
@click.argument("item_id", metavar="ID", shell_complete=complete.item_ids)
@store_option
@cycle_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help=N_("Plain text to read, JSON for tools."))
@click.option("--tui", is_flag=True, help=N_("Show it on screen: a week chart over a table (needs a terminal)."))
def history(item_id: str, store_path: Path | None, cycle_name: str | None, fmt: str, tui: bool) -> None:
    from store.lookup import find_item
    from tui.report.history import render_json, render_text

    store = open_store(store_path)
    data = store.load(store.cycle(cycle_name))
    item = find_item(data, item_id)
    if tui:
        from tui.screens.history import HistoryScreen
        from tui.viewer_app import ViewerApp

        need_terminal("okr history --tui")
        run_viewer(ViewerApp(store, lambda: HistoryScreen(store, data.cycle, item.id), f"okr history {item.id}"))
        return
    click.echo((render_json if fmt == "json" else render_text)(data, item), nl=False)


@click.command(help=N_(
    "Grade a cycle (default: the current one): each key result 0.0-1.0, each objective the mean, the guide's bands, "
    "and the conversations worth having.\n\nBefore the cycle's end the grades are marked provisional."))
@click.argument("cycle_name", metavar="[CYCLE]", required=False, callback=cycle_option_callback,
                shell_complete=complete.cycle_names)
@store_option
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True, help=N_("Plain text to read, Markdown for a chat or wiki, JSON for tools."))
@click.option("--tui", is_flag=True,
              help=N_("Show the grades on screen, with an export to Markdown and JSON files (needs a terminal)."))
def grade(cycle_name: str | None, store_path: Path | None, fmt: str, tui: bool) -> None:
    from store.grading import grade_cycle
    from tui.report.grade import render_json, render_markdown, render_text

    store = open_store(store_path)
    if tui:
        from tui.screens.grading import GradingScreen
        from tui.viewer_app import ViewerApp

        need_terminal("okr grade --tui")
        cycle = store.cycle(cycle_name)
        run_viewer(ViewerApp(store, lambda: GradingScreen(store, cycle), f"okr grade {cycle.name}"))
        return
    data = store.load(store.cycle(cycle_name))
    graded = grade_cycle(data, store.root.settings.thresholds, today=dt.date.today())
    render = {"json": render_json, "markdown": render_markdown}.get(fmt, render_text)
    click.echo(render(graded), nl=False)
