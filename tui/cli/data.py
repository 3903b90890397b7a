"""`okr list`, `okr export`, `okr import`, `okr demo`: reading OKRs out, bringing them in."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from store.text import strip_controls
from store.weeks import parse_date, week_of
from tui.cli.common import UTF8_TEXT, cycle_option, open_store, parsed, store_option
from tui.cli.errors import printable
from tui.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from store import CycleData, Store


def list_data(store: Store, data: CycleData, *, team: str = "", owner: str = "", shown: bool = False) -> dict[str, Any]:
    """The cycle's objectives and key results with their latest check-in, as plain data
    (English, for JSON; ``shown``: the needs-help reasons in the chosen language, for list_text)."""
    from store.rules import confidence_band, needs_help, objective_confidence, objective_progress

    t = store.root.settings.thresholds
    week = week_of(min(dt.date.today(), data.cycle.end))
    objectives = []
    for o in data.active_objectives(team=team, owner=owner):
        krs = []
        for k in data.krs_of(o.id):
            hist = data.history(k.id)
            last = hist[-1] if hist else None
            krs.append({
                "id": k.id, "title": k.title, "owner": k.owner, "due": k.due.isoformat() if k.due else None,
                "metric": {"start": k.start, "target": k.target, "unit": k.unit} if k.is_metric else None,
                "latest": None if last is None else {
                    "week": last.week, "progress": last.progress, "value": last.value,
                    "confidence": last.confidence,
                    "band": str(confidence_band(last.confidence)) if last.confidence else None,
                    "blocker": last.blocker, "help_from": last.help_from, "note": last.note},
                "needs_help": [r.shown if shown else r.text
                               for r in needs_help(k, o, hist, data.cycle, week, t)] if last else [],
            })
        progress = objective_progress(data, o.id, week)
        objectives.append({
            "id": o.id, "title": o.title, "owner": o.owner, "team": o.team, "kind": str(o.kind),
            "aligns_to": o.aligns_to, "confidence": objective_confidence(data, o.id, week),
            "progress": None if progress is None else round(progress, 1), "key_results": krs,
        })
    c = data.cycle
    return {"cycle": {"name": c.name, "start": c.start.isoformat(), "end": c.end.isoformat()},
            "objectives": objectives}


def list_text(doc: dict[str, Any]) -> str:
    """``doc`` (list_data's, with shown=True) for people, in the chosen language."""
    c = doc["cycle"]
    out = [_("Cycle {cycle} ({start} to {end})").format(cycle=c["name"], start=c["start"], end=c["end"]), ""]
    if not doc["objectives"]:
        out.append(_("No objectives yet. Add one with: okr objective add TITLE --owner NAME"))
    for o in doc["objectives"]:
        who = " · ".join(x for x in (o["team"], o["owner"], _(o["kind"])) if x)
        line = f"{o['id']}  {o['title']}  [{who}]"
        out.append(line + (_("  aligns to {id}").format(id=o["aligns_to"]) if o["aligns_to"] else ""))
        conf = _(" · confidence {confidence}/10").format(confidence=o["confidence"]) if o["confidence"] else ""
        done = (_("progress {percent}%").format(percent=o["progress"]) if o["progress"] is not None
                else _("no key results yet"))
        out.append(f"    {done}{conf}")
        for k in o["key_results"]:
            out.append(f"  {k['id']}  {k['title']}" + (f" · {k['owner']}" if k["owner"] else ""))
            last = k["latest"]
            if last is None:
                out.append("        " + _("no check-in yet"))
                continue
            amount = f"{last['progress']}%"
            if k["metric"] and last["value"] is not None:
                amount = f"{last['value']:g} {k['metric']['unit']} ({amount})".replace("  ", " ")
            conf = _(" · confidence {confidence}/10 ({band})").format(
                confidence=last["confidence"], band=_(last["band"])) if last["confidence"] else ""
            out.append("        " + _("{amount} in {week}").format(amount=amount, week=last["week"]) + conf)
            if last["blocker"]:
                if last["help_from"]:
                    out.append("        " + _("blocker: {blocker} (help: {who})").format(
                        blocker=last["blocker"], who=last["help_from"]))
                else:
                    out.append("        " + _("blocker: {blocker}").format(blocker=last["blocker"]))
            out += ["        " + _("⚠ needs help: {reason}").format(reason=r) for r in k["needs_help"]]
        out.append("")
    return strip_controls("\n".join(out).rstrip() + "\n")


@click.command("list", help=N_("The cycle's objectives and key results, with ids and the latest check-in."))
@store_option
@cycle_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help=N_("text for people, json for tools."))
@click.option("--team", default="", help=N_("Only this team's objectives."))
@click.option("--owner", default="", help=N_("Only objectives (or key results) this person owns."))
def list_(store_path: Path | None, cycle_name: str | None, fmt: str, team: str, owner: str) -> None:
    store = open_store(store_path)
    doc = list_data(store, store.load(store.cycle(cycle_name)), team=team, owner=owner, shown=fmt == "text")
    if fmt == "json":
        from tui.report.json_out import dumps

        click.echo(dumps(doc))
    else:
        click.echo(list_text(doc), nl=False)


@click.command(help=N_("Write the cycle (or --all) to stdout: JSON (re-importable), Markdown outline, or CSV."))
@store_option
@cycle_option
@click.option("--all", "all_cycles", is_flag=True, help=N_("Every cycle, not only one."))
@click.option("--format", "fmt", type=click.Choice(["json", "markdown", "csv"]), default="json", show_default=True,
              help=N_("json (okr import reads it back), markdown (an outline) or csv (one row per check-in)."))
def export(store_path: Path | None, cycle_name: str | None, all_cycles: bool, fmt: str) -> None:
    from store import portable
    from tui.report.json_out import dumps

    store = open_store(store_path)
    cycles = store.cycles() if all_cycles else [store.cycle(cycle_name)]
    data = [store.load(c) for c in cycles]
    if fmt == "json":
        click.echo(dumps(portable.export_json(data)))
    elif fmt == "csv":
        click.echo(portable.export_csv(data), nl=False)
    else:
        click.echo(portable.export_markdown(data), nl=False)


@click.command("import", help=N_(
    "Import an `okr export` JSON file, or a Markdown outline (FILE.md, from `okr export --format markdown`, maybe "
    "edited). All or nothing: a problem imports nothing.\n\n"
    "A JSON export may go to a directory without a store: the store is created with the export's cycles (and no "
    "other). `--from feishu --owner NAME` reads Feishu/Lark OKR's list of one user's OKRs instead: each period "
    "becomes a cycle."))
@store_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--from", "source", type=click.Choice(["okr", "feishu"]), default="okr", show_default=True,
              help=N_("okr: an `okr export` JSON file or Markdown outline; feishu: Feishu/Lark OKR's JSON "
                      "for one user's OKR list."))
@click.option("--owner", type=UTF8_TEXT, default=None, help=N_("With --from feishu: who owns the objectives."))
@click.option("--cycle", "cycle_name", type=UTF8_TEXT, default=None,
              help=N_("With --from feishu: the cycle's name (default: made from the period's name)."))
@click.option("--start", default=None, callback=parsed(parse_date),
              help=N_("With --from feishu: the cycle's first day, YYYY-MM-DD."))
@click.option("--end", default=None, callback=parsed(parse_date),
              help=N_("With --from feishu: the cycle's last day, YYYY-MM-DD."))
def import_(store_path: Path | None, file: Path, source: str, owner: str | None, cycle_name: str | None,
            start: dt.date | None, end: dt.date | None) -> None:
    from store import NoStoreError, default_store_path, portable
    from store.import_file import read_json, read_text

    if source == "feishu":
        if not owner:
            raise click.UsageError(_("--from feishu needs --owner NAME (who owns the imported objectives)"))
        _import_feishu(store_path, read_json(file), owner=owner, cycle=cycle_name, start=start, end=end)
        return
    if owner is not None or cycle_name is not None or start is not None or end is not None:
        raise click.UsageError(_("--owner, --cycle, --start and --end are for --from feishu"))
    if file.suffix.lower() in (".md", ".markdown"):
        from store.markdown_import import import_markdown

        text = read_text(file)
        for line in import_markdown(open_store(store_path), text):
            click.echo(_("imported {what}").format(what=line))
        return
    doc = read_json(file)
    try:
        store = open_store(store_path)
    except NoStoreError:  # made with the export's cycles, or not at all
        store = portable.import_json_new(store_path or default_store_path(), doc)
        names = [c.name for c in store.cycles()]
    else:
        names = portable.import_json(store, doc)
    if names:
        click.echo(_("imported {cycles} into {path}").format(cycles=", ".join(names), path=store.path))
    else:
        click.echo(_("imported nothing into {path}").format(path=store.path))


def _import_feishu(store_path: Path | None, doc: Any, **options: Any) -> None:
    """Into the store, or a new one made with the file's cycles only (as a JSON export)."""
    from store import NoStoreError, default_store_path
    from store.feishu_import import import_feishu, import_feishu_new

    try:
        store = open_store(store_path)
    except NoStoreError:
        store, result = import_feishu_new(store_path or default_store_path(), doc, **options)
    else:
        result = import_feishu(store, doc, **options)
    for note in result.notes:
        click.echo(strip_controls(note))
    for c in result.cycles:
        line = _("imported period \"{period}\" as cycle {cycle} ({start} to {end}) into {path}: {objectives}, "
                 "{key_results}, {checkins}").format(
            period=c.period, cycle=c.cycle.name, start=c.cycle.start, end=c.cycle.end, path=store.path,
            objectives=ngettext("{n} objective", "{n} objectives", c.objectives).format(n=c.objectives),
            key_results=ngettext("{n} key result", "{n} key results", c.key_results).format(n=c.key_results),
            checkins=ngettext("{n} check-in", "{n} check-ins", c.checkins).format(n=c.checkins))
        click.echo(strip_controls(line))
    for warning in result.warnings:
        click.echo(printable(_("Warning: {message}").format(message=warning)), err=True)


@click.command(help=N_("A fresh demo store, then a check-in meeting on it (the main job, no setup)."))
@click.option("--dir", "directory", type=click.Path(path_type=Path, file_okay=False), default=None,
              help=N_("Where to create the demo store (default: a new temp dir)."))
@click.option("--no-tui", is_flag=True, help=N_("Print the list instead of opening the meeting."))
@click.option("--years", type=click.IntRange(0, 10), default=None,
              help=N_("Generate a large store instead: this many years of quarterly history."))
@click.option("--teams", type=click.IntRange(1, 64), default=16, show_default=True, help=N_("Teams, with --years."))
@click.pass_context
def demo(ctx: click.Context, directory: Path | None, no_tui: bool, years: int | None, teams: int) -> None:
    import tempfile  # here: `okr list` imports this module, and tempfile brings shutil, random (~5 ms)

    directory = directory or Path(tempfile.mkdtemp(prefix="okr-demo-")) / "store"
    if years is not None:
        from store.generate import generate

        store = generate(directory, years=years, teams=teams, today=dt.date.today())
    else:
        from store.demo_data import seed_demo
        from tui.i18n import current

        store = seed_demo(directory, lang=current())  # the demo's text in the chosen language too
    click.echo(_("demo store at {path} (reopen it with: okr meeting --store {path})").format(path=store.path),
               err=no_tui)
    if no_tui or not (sys.stdin.isatty() and sys.stdout.isatty()):
        click.echo(list_text(list_data(store, store.load(store.cycle()), shown=True)), nl=False)
        return
    from tui.cli.meeting import meeting

    # The demo goes straight to the meeting: its facilitator is the one of its last meeting
    # (no start form to fill in before anyone has seen the tool).
    meetings = store.load(store.cycle()).meetings
    ctx.invoke(meeting, store_path=store.path, facilitator=meetings[-1].facilitator if meetings else None)
