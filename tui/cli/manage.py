"""`okr init`, `okr cycle`, `okr objective`, `okr kr`, `okr checkin`: writing OKRs from
the command line. Every command prints what it did; errors are one line, exit 1."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from store.errors import InvalidInputError
from store.text import strip_controls
from store.weeks import parse_date, week_of, weeks_between
from tui.cli import complete
from tui.cli.common import OkrGroup, cycle_option, open_store, outside_cycle, parsed, store_option, week_option
from tui.cli.errors import printable
from tui.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from store import CycleTx


def _refuse_archived(tx: CycleTx, oid: str, kid: str = "") -> None:
    """Archived records are hidden from okr list and the meeting: what is written to one
    would be recorded where nobody looks, so it is refused."""
    if kid and tx.require_key_result(kid).archived:
        raise InvalidInputError(_("{id} is archived; nothing was written").format(id=kid))
    if tx.require_objective(oid).archived:
        if kid:
            raise InvalidInputError(_("{kr}'s objective {id} is archived; nothing was written").format(kr=kid, id=oid))
        raise InvalidInputError(_("{id} is archived; nothing was written").format(id=oid))


@click.command(help=N_("Create a store with a cycle for the current quarter."))
@store_option
@click.option("--shared", is_flag=True,
              help=N_("Group-shared store for a team on one host: files 0660, directory setgid 2770."))
def init(store_path: Path | None, shared: bool) -> None:
    from store import Store, default_store_path

    path = store_path or default_store_path()
    if shared and (path / "okr.json").exists() and not Store.open(path).shared:
        # Store.init would make the directory the group's but leave the files private.
        raise InvalidInputError(_("{path} holds a private store already; nothing was changed (make the team's "
                                  "store in a new directory, then move the OKRs with okr export --all and okr import)")
                                .format(path=path))
    store = Store.init(path, shared=shared)
    for line in store.warnings:  # a mode it fixed
        click.echo(printable(line), err=True)
    cycle = store.cycle()
    click.echo(_("store ready at {path} (cycle {cycle}: {start} to {end})").format(
        path=store.path, cycle=cycle.name, start=cycle.start, end=cycle.end))


@click.group(cls=OkrGroup, help=N_("Cycles (quarters): add and list."))
def cycle() -> None:
    pass


@cycle.command("add", help=N_("Add a cycle NAME (letters, digits, '.', '_', '-'), e.g. 2027-Q1."))
@store_option
@click.argument("name")
@click.option("--start", required=True, callback=parsed(parse_date), help=N_("First day, YYYY-MM-DD."))
@click.option("--end", required=True, callback=parsed(parse_date), help=N_("Last day, YYYY-MM-DD."))
def cycle_add(store_path: Path | None, name: str, start: dt.date, end: dt.date) -> None:
    added = open_store(store_path).add_cycle(name, start, end)
    click.echo(_("added cycle {cycle}: {start} to {end}").format(cycle=added.name, start=added.start, end=added.end))


@cycle.command("list", help=N_("List the cycles; * marks the current one."))
@store_option
def cycle_list(store_path: Path | None) -> None:
    store = open_store(store_path)
    current = store.cycle().name
    for c in store.cycles():
        click.echo(_("{mark} {cycle}  {start} to {end}").format(
            mark="*" if c.name == current else " ", cycle=c.name, start=c.start, end=c.end))


@click.group(cls=OkrGroup, help=N_("Objectives: add one (ids like O3)."))
def objective() -> None:
    pass


@objective.command("add", help=N_("Add an objective TITLE."))
@store_option
@cycle_option
@click.argument("title")
@click.option("--owner", required=True, help=N_("Who owns it."))
@click.option("--team", default="", help=N_("Team it belongs to."))
@click.option("--kind", type=click.Choice(["committed", "aspirational"]), default="committed", show_default=True,
              help=N_("Committed (expected at 100%) or aspirational (60-70% is good)."))
@click.option("--aligns-to", "aligns_to", default="", shell_complete=complete.objective_ids,
              help=N_("Id of the objective it aligns to, e.g. O1."))
@click.option("--confidence", type=click.IntRange(1, 10), default=None, help=N_("Confidence index 1-10."))
@click.option("--force", is_flag=True, help=N_("Go beyond the guide's limit of 5 objectives."))
def objective_add(store_path: Path | None, cycle_name: str | None, title: str, owner: str, team: str, kind: str,
                  aligns_to: str, confidence: int | None, force: bool) -> None:
    store = open_store(store_path)
    with store.write(store.cycle(cycle_name)) as tx:
        if aligns_to:
            _refuse_archived(tx, aligns_to.upper())
        obj = tx.add_objective(title=title, owner=owner, team=team, kind=kind, aligns_to=aligns_to.upper(),
                               confidence=confidence, force=force)
    click.echo(_("{id} added").format(id=obj.id))


@click.group(cls=OkrGroup, help=N_("Key results: add one to an objective (ids like O3.2)."))
def kr() -> None:
    pass


@kr.command("add", help=N_("Add a key result TITLE to OBJECTIVE_ID. Percent progress unless --start/--target."))
@store_option
@cycle_option
@click.argument("objective_id", shell_complete=complete.objective_ids)
@click.argument("title")
@click.option("--owner", default="", help=N_("Who owns it (default: the objective's owner)."))
@click.option("--start", type=float, default=None, help=N_("Metric: the value at the start."))
@click.option("--target", type=float, default=None,
              help=N_("Metric: the value to reach (below start = lower is better)."))
@click.option("--unit", default="", help=N_("Metric: the unit, e.g. h, %, users."))
@click.option("--due", callback=parsed(parse_date), default=None, help=N_("Deadline, YYYY-MM-DD."))
@click.option("--force", is_flag=True, help=N_("Go beyond the guide's limit of 4 key results."))
def kr_add(store_path: Path | None, cycle_name: str | None, objective_id: str, title: str, owner: str,
           start: float | None, target: float | None, unit: str, due: dt.date | None, force: bool) -> None:
    if unit and start is None and target is None:
        raise click.UsageError(_("--unit is for a metric key result: give --start and --target too"))
    store = open_store(store_path)
    with store.write(store.cycle(cycle_name)) as tx:
        _refuse_archived(tx, objective_id.upper())
        added = tx.add_key_result(objective_id.upper(), title=title, owner=owner, start=start, target=target,
                                  unit=unit, due=due, force=force)
    click.echo(_("{id} added").format(id=added.id))


@click.command(help=N_("Record this week's answer for KR_ID (a second one the same week updates it).\n\n"
                       "An open blocker is carried from the latest earlier week until --clear-blocker."))
@store_option
@cycle_option
@click.argument("kr_id", shell_complete=complete.key_result_ids)
@click.option("--progress", type=click.IntRange(0, 100), default=None, help=N_("Progress in percent, 0-100."))
@click.option("--value", type=float, default=None, help=N_("Current value of a metric key result."))
@click.option("--confidence", type=click.IntRange(1, 10), default=None, help=N_("Confidence index 1-10."))
@click.option("--blocker", default=None,
              help=N_("What you cannot solve alone; it stays open, week after week, until cleared ('' clears it)."))
@click.option("--clear-blocker", "clear_blocker", is_flag=True, help=N_("The open blocker is resolved this week."))
@click.option("--help-from", "help_from", default=None, help=N_("Who could help with the blocker."))
@click.option("--next-step", "next_step", default=None,
              help=N_("What happens before next week, and who; carried until replaced ('' clears it)."))
@click.option("--note", default=None, help=N_("A note for the week."))
@week_option()
def checkin(store_path: Path | None, cycle_name: str | None, kr_id: str, progress: int | None, value: float | None,
            confidence: int | None, blocker: str | None, clear_blocker: bool, help_from: str | None,
            next_step: str | None, note: str | None, week: str | None) -> None:
    from store import current_user
    from store.blockers import blocker_age, raised_in, resolved, week_since

    if progress is not None and value is not None:
        raise click.UsageError(_("give --progress or --value, not both"))
    if clear_blocker and blocker is not None and blocker.strip():
        raise click.UsageError(_("give --blocker TEXT or --clear-blocker, not both"))
    if clear_blocker and help_from:
        raise click.UsageError(_("--help-from goes with a blocker: --clear-blocker clears who could help too"))
    if clear_blocker:
        blocker = ""
    store = open_store(store_path)
    target = store.cycle(cycle_name)
    week = week or week_of(dt.date.today())
    if week not in weeks_between(target.start, target.end):
        raise click.UsageError(outside_cycle(week, target))
    with store.write(target) as tx:
        _refuse_archived(tx, tx.require_key_result(kr_id.upper()).objective, kr_id.upper())
        ci = tx.check_in(kr_id.upper(), week, progress=progress, value=value, confidence=confidence,
                         blocker=blocker, help_from=help_from, note=note, next_step=next_step,
                         author=current_user())
        unit = tx.require_key_result(ci.kr).unit
        history = tx.history(ci.kr, upto=ci.week)
    amount = f"{ci.progress}%" if ci.value is None else f"{ci.value:g} {unit} ({ci.progress}%)".replace("  ", " ")
    said = f"{ci.kr} {ci.week}: {amount}"
    if ci.confidence is not None:
        said += _(", confidence {confidence}/10").format(confidence=ci.confidence)
    if ci.blocker:
        said += _(", blocked: {blocker}").format(blocker=ci.blocker)
    raised = raised_in(history)
    if ci.blocker and raised is not None and raised != ci.week:
        said += _(" ({age})").format(age=week_since(blocker_age(history, ci.week), raised))
    pair = resolved(history)
    if pair and pair[1].week == ci.week:
        said += _(", resolved: {blocker}").format(blocker=pair[0].blocker)
    click.echo(strip_controls(said))


@cycle.command("next", help=N_("Create the cycle after this one (the next quarter) and carry unfinished "
                                "objectives.\n\nCarried objectives and key results get new ids; their history stays "
                                "in the old cycle."))
@store_option
@cycle_option
@click.option("--carry/--no-carry", default=True, show_default=True,
              help=N_("Carry unfinished objectives (below 100%, not archived) with their key results."))
@click.option("--name", default=None, help=N_("Name of the new cycle (default: the quarter's, e.g. 2027-Q1)."))
def cycle_next(store_path: Path | None, cycle_name: str | None, carry: bool, name: str | None) -> None:
    from store.carry import start_next_cycle

    store = open_store(store_path)
    old = store.cycle(cycle_name)
    result = start_next_cycle(store, old, carry=carry, name=name)
    new = result.cycle
    click.echo(_("added cycle {cycle}: {start} to {end}").format(cycle=new.name, start=new.start, end=new.end))
    if carry:
        click.echo(_("carried {objectives} and {key_results} from {cycle}").format(
            objectives=ngettext("{n} objective", "{n} objectives", len(result.objectives)).format(
                n=len(result.objectives)),
            key_results=ngettext("{n} key result", "{n} key results", len(result.key_results)).format(
                n=len(result.key_results)),
            cycle=old.name))
        for before, after in result.objectives.items():
            click.echo(f"  {before} -> {after}")
        for oid in result.unlinked:
            click.echo("  " + _("{id}: its parent objective was finished or archived, not carried; alignment dropped")
                       .format(id=oid))
