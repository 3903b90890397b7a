"""`okr summary`: print a meeting's summary (or this week's) as text, Markdown or JSON."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from store.errors import NotFoundError
from store.weeks import week_of
from tui.cli import complete
from tui.cli.common import cycle_option, open_store, store_option, week_option

if TYPE_CHECKING:
    from store import CycleData, Meeting, Store
    from store.summary import Summary


def pick_meeting(data: CycleData, meeting_id: str | None, latest: bool) -> Meeting | None:
    """The meeting asked for: by id, the most recently started one, or none."""
    if meeting_id:
        found = data.meeting(meeting_id.strip().upper())
        if found is None:
            have = ", ".join(m.id for m in data.meetings) or "none yet"
            raise NotFoundError(f"no meeting {meeting_id} in cycle {data.cycle.name} (meetings: {have})")
        return found
    if latest:
        if not data.meetings:
            raise NotFoundError(f"no meetings in cycle {data.cycle.name} yet; hold one with: okr meeting")
        return max(data.meetings, key=lambda m: m.started)
    return None


def summary_for(store: Store, cycle_name: str | None, meeting_id: str | None, latest: bool,
                week: str | None) -> Summary:
    """A meeting's summary (its week and filter), else the whole cycle's for ``week``."""
    from store.summary import build_summary

    cycle = store.cycle(cycle_name)
    data = store.load(cycle)
    meeting = pick_meeting(data, meeting_id, latest)
    thresholds = store.root.settings.thresholds
    if meeting is not None:
        return build_summary(data, meeting.week, thresholds, team=meeting.team, owner=meeting.owner,
                             meeting=meeting)
    return build_summary(data, week or week_of(dt.date.today()), thresholds)


@click.command()
@store_option
@cycle_option
@click.option("--meeting", "meeting_id", default=None, metavar="ID", shell_complete=complete.meeting_ids, help="A stored meeting, e.g. M3.")
@click.option("--latest", is_flag=True, help="The most recent meeting of the cycle.")
@week_option("ISO week when no meeting is given, e.g. 2026-W48 (default: this week).")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True, help="Plain text for the terminal, Markdown for a chat or wiki, JSON for tools.")
def summary(store_path: Path | None, cycle_name: str | None, meeting_id: str | None, latest: bool,
            week: str | None, fmt: str) -> None:
    """Print a meeting's summary: needs help first, then objectives, then wins.

    Without --meeting or --latest: this week's summary of the whole cycle.
    """
    if meeting_id and latest:
        raise click.UsageError("give --meeting ID or --latest, not both")
    if week and (meeting_id or latest):
        raise click.UsageError("--week applies without a meeting; a meeting has its own week")
    result = summary_for(open_store(store_path), cycle_name, meeting_id, latest, week)
    if fmt == "json":
        from tui.report.json_out import summary_json

        out = summary_json(result)
    else:
        from tui.report.summary import render_markdown, render_text

        out = render_markdown(result) if fmt == "markdown" else render_text(result, color=sys.stdout.isatty())
    click.echo(out, nl=False)
