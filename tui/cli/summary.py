"""`okr summary`: print a meeting's summary (or this week's) as text, Markdown, Slack or JSON."""

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
from tui.i18n import N_, _

if TYPE_CHECKING:
    from store import CycleData, Meeting, Store
    from store.summary import Summary


def pick_meeting(data: CycleData, meeting_id: str | None, latest: bool, review: str | None = None) -> Meeting | None:
    """The meeting asked for: by id, the latest team meeting with answers (never a review),
    an owner's latest review, or none."""
    from store.meetings import latest_meeting, latest_review

    if review is not None:
        found = latest_review(data, review.strip())
        if found is None:
            raise NotFoundError(_("no review by {owner!r} in cycle {cycle} yet; hold one with: okr review --owner NAME")
                                .format(owner=review.strip(), cycle=data.cycle.name))
        return found
    if meeting_id:
        found = data.meeting(meeting_id.strip().upper())
        if found is None:
            have = ", ".join(m.id for m in data.meetings) or _("none yet")
            raise NotFoundError(_("no meeting {id} in cycle {cycle} (meetings: {have})").format(
                id=meeting_id, cycle=data.cycle.name, have=have))
        return found
    if latest:
        held = latest_meeting(data)
        if held is None:
            raise NotFoundError(_("no team meeting with answers in cycle {cycle} yet; hold one with: okr meeting")
                                .format(cycle=data.cycle.name))
        return held
    return None


def summary_for(store: Store, cycle_name: str | None, meeting_id: str | None, latest: bool,
                week: str | None, review: str | None = None) -> Summary:
    """A meeting's summary (its week and filter), else the whole cycle's for ``week``."""
    from store.summary import build_summary

    cycle = store.cycle(cycle_name)
    data = store.load(cycle)
    meeting = pick_meeting(data, meeting_id, latest, review)
    thresholds = store.root.settings.thresholds
    if meeting is not None:
        return build_summary(data, meeting.week, thresholds, team=meeting.team, owner=meeting.owner,
                             meeting=meeting)
    return build_summary(data, week or week_of(dt.date.today()), thresholds)


@click.command(help=N_("Print a meeting's summary: needs help first, then objectives, then wins.\n\n"
                       "Without --meeting or --latest: this week's summary of the whole cycle."))
@store_option
@cycle_option
@click.option("--meeting", "meeting_id", default=None, metavar="ID", shell_complete=complete.meeting_ids,
              help=N_("A stored meeting, e.g. M3."))
@click.option("--latest", is_flag=True, help=N_("The cycle's latest team meeting that has answers (not a review)."))
@click.option("--review", "review", default=None, metavar="OWNER", help=N_("OWNER's latest personal review."))
@week_option(N_("ISO week when no meeting is given, e.g. 2026-W48 (default: this week)."))
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "slack", "json"]), default="text",
              show_default=True, help=N_("Plain text for the terminal, Markdown for docs and wikis, Slack's mrkdwn "
                                         "for chat, JSON for tools."))
def summary(store_path: Path | None, cycle_name: str | None, meeting_id: str | None, latest: bool,
            review: str | None, week: str | None, fmt: str) -> None:
    if sum((bool(meeting_id), latest, review is not None)) > 1:
        raise click.UsageError(_("give one of --meeting ID, --latest and --review OWNER"))
    if review is not None and not review.strip():
        raise click.UsageError(_("--review needs the owner's name"))
    if week and (meeting_id or latest or review is not None):
        raise click.UsageError(_("--week applies without a meeting; a meeting has its own week"))
    result = summary_for(open_store(store_path), cycle_name, meeting_id, latest, week, review)
    if latest and result.meeting:  # say which one, apart from the summary itself
        click.echo(_("latest team meeting with answers: {id} ({week})").format(id=result.meeting["id"], week=result.week),
                   err=True)
    if fmt == "json":
        from tui.report.json_out import summary_json

        out = summary_json(result)
    elif fmt == "slack":
        from tui.report.slack import render_slack

        out = render_slack(result)
    else:
        from tui.report.markdown import render_markdown
        from tui.report.summary import render_text

        out = render_markdown(result) if fmt == "markdown" else render_text(result, color=sys.stdout.isatty())
    click.echo(out, nl=False)
