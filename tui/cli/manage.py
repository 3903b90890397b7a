"""`okr init`, `okr cycle`, `okr objective`, `okr kr`, `okr checkin`: writing OKRs from
the command line. Every command prints what it did; errors are one line, exit 1."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from store.blockers import blocker_age, ordinal, raised_in, resolved
from store.errors import InvalidInputError
from store.text import strip_controls
from store.weeks import parse_date, week_of, weeks_between
from tui.cli import complete
from tui.cli.common import OkrGroup, cycle_option, open_store, parsed, store_option, week_option

if TYPE_CHECKING:
    from store import CycleTx


def _refuse_archived(tx: CycleTx, oid: str, kid: str = "") -> None:
    """Archived records are hidden from okr list and the meeting: what is written to one
    would be recorded where nobody looks, so it is refused."""
    if kid and tx.require_key_result(kid).archived:
        raise InvalidInputError(f"{kid} is archived; nothing was written")
    if tx.require_objective(oid).archived:
        whose = f"{kid}'s objective {oid}" if kid else oid
        raise InvalidInputError(f"{whose} is archived; nothing was written")


@click.command()
@store_option
@click.option("--shared", is_flag=True,
              help="Group-shared store for a team on one host: files 0660, directory setgid 2770.")
def init(store_path: Path | None, shared: bool) -> None:
    """Create a store with a cycle for the current quarter."""
    from store import Store, default_store_path

    path = store_path or default_store_path()
    if shared and (path / "okr.json").exists() and not Store.open(path).shared:
        # Store.init would make the directory the group's but leave the files private.
        raise InvalidInputError(f"{path} holds a private store already; nothing was changed (make the team's "
                                "store in a new directory, then move the OKRs with okr export --all and okr import)")
    store = Store.init(path, shared=shared)
    cycle = store.cycle()
    click.echo(f"store ready at {store.path} (cycle {cycle.name}: {cycle.start} to {cycle.end})")


@click.group(cls=OkrGroup)
def cycle() -> None:
    """Cycles (quarters): add and list."""


@cycle.command("add")
@store_option
@click.argument("name")
@click.option("--start", required=True, callback=parsed(parse_date), help="First day, YYYY-MM-DD.")
@click.option("--end", required=True, callback=parsed(parse_date), help="Last day, YYYY-MM-DD.")
def cycle_add(store_path: Path | None, name: str, start: dt.date, end: dt.date) -> None:
    """Add a cycle NAME (letters, digits, '.', '_', '-'), e.g. 2027-Q1."""
    added = open_store(store_path).add_cycle(name, start, end)
    click.echo(f"added cycle {added.name}: {added.start} to {added.end}")


@cycle.command("list")
@store_option
def cycle_list(store_path: Path | None) -> None:
    """List the cycles; * marks the current one."""
    store = open_store(store_path)
    current = store.cycle().name
    for c in store.cycles():
        click.echo(f"{'*' if c.name == current else ' '} {c.name}  {c.start} to {c.end}")


@click.group(cls=OkrGroup)
def objective() -> None:
    """Objectives: add one (ids like O3)."""


@objective.command("add")
@store_option
@cycle_option
@click.argument("title")
@click.option("--owner", required=True, help="Who owns it.")
@click.option("--team", default="", help="Team it belongs to.")
@click.option("--kind", type=click.Choice(["committed", "aspirational"]), default="committed", show_default=True,
              help="Committed (expected at 100%) or aspirational (60-70% is good).")
@click.option("--aligns-to", "aligns_to", default="", shell_complete=complete.objective_ids,
              help="Id of the objective it aligns to, e.g. O1.")
@click.option("--confidence", type=click.IntRange(1, 10), default=None, help="Confidence index 1-10.")
@click.option("--force", is_flag=True, help="Go beyond the guide's limit of 5 objectives.")
def objective_add(store_path: Path | None, cycle_name: str | None, title: str, owner: str, team: str, kind: str,
                  aligns_to: str, confidence: int | None, force: bool) -> None:
    """Add an objective TITLE."""
    store = open_store(store_path)
    with store.write(store.cycle(cycle_name)) as tx:
        if aligns_to:
            _refuse_archived(tx, aligns_to.upper())
        obj = tx.add_objective(title=title, owner=owner, team=team, kind=kind, aligns_to=aligns_to.upper(),
                               confidence=confidence, force=force)
    click.echo(f"{obj.id} added")


@click.group(cls=OkrGroup)
def kr() -> None:
    """Key results: add one to an objective (ids like O3.2)."""


@kr.command("add")
@store_option
@cycle_option
@click.argument("objective_id", shell_complete=complete.objective_ids)
@click.argument("title")
@click.option("--owner", default="", help="Who owns it (default: the objective's owner).")
@click.option("--start", type=float, default=None, help="Metric: the value at the start.")
@click.option("--target", type=float, default=None, help="Metric: the value to reach (below start = lower is better).")
@click.option("--unit", default="", help="Metric: the unit, e.g. h, %, users.")
@click.option("--due", callback=parsed(parse_date), default=None, help="Deadline, YYYY-MM-DD.")
@click.option("--force", is_flag=True, help="Go beyond the guide's limit of 4 key results.")
def kr_add(store_path: Path | None, cycle_name: str | None, objective_id: str, title: str, owner: str,
           start: float | None, target: float | None, unit: str, due: dt.date | None, force: bool) -> None:
    """Add a key result TITLE to OBJECTIVE_ID. Percent progress unless --start/--target."""
    if unit and start is None and target is None:
        raise click.UsageError("--unit is for a metric key result: give --start and --target too")
    store = open_store(store_path)
    with store.write(store.cycle(cycle_name)) as tx:
        _refuse_archived(tx, objective_id.upper())
        added = tx.add_key_result(objective_id.upper(), title=title, owner=owner, start=start, target=target,
                                  unit=unit, due=due, force=force)
    click.echo(f"{added.id} added")


@click.command()
@store_option
@cycle_option
@click.argument("kr_id", shell_complete=complete.key_result_ids)
@click.option("--progress", type=click.IntRange(0, 100), default=None, help="Progress in percent, 0-100.")
@click.option("--value", type=float, default=None, help="Current value of a metric key result.")
@click.option("--confidence", type=click.IntRange(1, 10), default=None, help="Confidence index 1-10.")
@click.option("--blocker", default=None,
              help="What you cannot solve alone; it stays open, week after week, until cleared ('' clears it).")
@click.option("--clear-blocker", "clear_blocker", is_flag=True, help="The open blocker is resolved this week.")
@click.option("--help-from", "help_from", default=None, help="Who could help with the blocker.")
@click.option("--next-step", "next_step", default=None,
              help="What happens before next week, and who; carried until replaced ('' clears it).")
@click.option("--note", default=None, help="A note for the week.")
@week_option()
def checkin(store_path: Path | None, cycle_name: str | None, kr_id: str, progress: int | None, value: float | None,
            confidence: int | None, blocker: str | None, clear_blocker: bool, help_from: str | None,
            next_step: str | None, note: str | None, week: str | None) -> None:
    """Record this week's answer for KR_ID (a second one the same week updates it).

    An open blocker is carried from the latest earlier week until --clear-blocker."""
    from store import current_user

    if progress is not None and value is not None:
        raise click.UsageError("give --progress or --value, not both")
    if clear_blocker and blocker is not None and blocker.strip():
        raise click.UsageError("give --blocker TEXT or --clear-blocker, not both")
    if clear_blocker and help_from:
        raise click.UsageError("--help-from goes with a blocker: --clear-blocker clears who could help too")
    if clear_blocker:
        blocker = ""
    store = open_store(store_path)
    target = store.cycle(cycle_name)
    week = week or week_of(dt.date.today())
    if week not in weeks_between(target.start, target.end):
        raise click.UsageError(f"week {week} is outside cycle {target.name} ({target.start} to {target.end}); "
                               "give --week or --cycle")
    with store.write(target) as tx:
        _refuse_archived(tx, tx.require_key_result(kr_id.upper()).objective, kr_id.upper())
        ci = tx.check_in(kr_id.upper(), week, progress=progress, value=value, confidence=confidence,
                         blocker=blocker, help_from=help_from, note=note, next_step=next_step,
                         author=current_user())
        unit = tx.require_key_result(ci.kr).unit
        history = tx.snapshot().history(ci.kr, upto=ci.week)
    amount = f"{ci.progress}%" if ci.value is None else f"{ci.value:g} {unit} ({ci.progress}%)".replace("  ", " ")
    conf = f", confidence {ci.confidence}/10" if ci.confidence is not None else ""
    said = f"{ci.kr} {ci.week}: {amount}{conf}" + (f", blocked: {ci.blocker}" if ci.blocker else "")
    if ci.blocker and raised_in(history) != ci.week:
        said += f" ({ordinal(blocker_age(history, ci.week))} week, since {raised_in(history)})"
    pair = resolved(history)
    if pair and pair[1].week == ci.week:
        said += f", resolved: {pair[0].blocker}"
    click.echo(strip_controls(said))


@cycle.command("next")
@store_option
@cycle_option
@click.option("--carry/--no-carry", default=True, show_default=True,
              help="Carry unfinished objectives (below 100%, not archived) with their key results.")
@click.option("--name", default=None, help="Name of the new cycle (default: the quarter's, e.g. 2027-Q1).")
def cycle_next(store_path: Path | None, cycle_name: str | None, carry: bool, name: str | None) -> None:
    """Create the cycle after this one (the next quarter) and carry unfinished objectives.

    Carried objectives and key results get new ids; their history stays in the old cycle.
    """
    from store.carry import start_next_cycle

    store = open_store(store_path)
    old = store.cycle(cycle_name)
    result = start_next_cycle(store, old, carry=carry, name=name)
    new = result.cycle
    click.echo(f"added cycle {new.name}: {new.start} to {new.end}")
    if carry:
        click.echo(f"carried {len(result.objectives)} objectives and {len(result.key_results)} key results "
                   f"from {old.name}")
        for before, after in result.objectives.items():
            click.echo(f"  {before} -> {after}")
        for oid in result.unlinked:
            click.echo(f"  {oid}: its parent objective was finished or archived, not carried; alignment dropped")
