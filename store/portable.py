"""Export and import: JSON (exact, round-trips), CSV (one row per check-in) and a
Markdown outline. Pure conversions; the CLI does the printing."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any, TypeVar

import orjson
from pydantic import BaseModel, ValidationError

from .cycle_data import CycleData
from .cycle_file import TABLES
from .errors import InvalidInputError
from .i18n import N_, _
from .models import CheckIn, Cycle, KeyResult, Meeting, Objective, ObjectiveCheckIn
from .store import Store
from .store_tx import StoreTx
from .text import shown, strip_controls
from .validation import invalid
from .weeks import weeks_between

M = TypeVar("M", bound=BaseModel)

FORMAT_TAG = "okr-checkin-export"
FORMAT_VERSION = 1


def export_json(cycles: list[CycleData]) -> dict[str, Any]:
    """Everything in the given cycles, in a document ``import_json`` reads back exactly."""
    out = []
    for data in cycles:
        entry: dict[str, Any] = {"cycle": data.cycle.model_dump(mode="json")}
        for table in TABLES:
            entry[table] = [r.model_dump(mode="json") for r in getattr(data, table)]
        out.append(entry)
    return {"format": FORMAT_TAG, "version": FORMAT_VERSION, "cycles": out}


def parse_export(doc: Any) -> list[tuple[Cycle, list[BaseModel]]]:
    """Validate a whole export document before anything is written.

    Strictly, as JSON: a number is not a string ("50"), a flag is not a number, nothing is
    converted; and by the rules the commands keep (text caps, ids, weeks in the cycle)."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT_TAG:
        raise InvalidInputError(_("not an okr-checkin export (no \"format\": \"{tag}\")").format(tag=FORMAT_TAG))
    if doc.get("version") != FORMAT_VERSION:
        raise InvalidInputError(_("export version {version} is not supported (this okr reads {supported})").format(
            version=shown(doc.get("version")), supported=FORMAT_VERSION), field="version")
    cycles = doc.get("cycles")
    if not isinstance(cycles, list):
        raise InvalidInputError(_("the export's \"cycles\" should be a list"), field="cycles")
    parsed = []
    for i, entry in enumerate(cycles):
        if not isinstance(entry, dict):
            raise InvalidInputError(_("{where} should be an object").format(where=f"cycles[{i}]"), field="cycles")
        cycle = _strict(Cycle, entry.get("cycle"), f"cycles[{i}].cycle")
        records: list[BaseModel] = []
        for table, model in TABLES.items():
            rows = entry.get(table, [])
            if not isinstance(rows, list):
                raise InvalidInputError(_("{where} should be a list").format(where=f"cycles[{i}].{table}"), field=table)
            records += [_strict(model, row, f"cycles[{i}].{table}[{j}]") for j, row in enumerate(rows)]
        _check_links(cycle, records)
        parsed.append((cycle, records))
    _check_overlaps([c for c, _ in parsed], [])
    return parsed


def _strict(model: type[M], row: Any, where: str) -> M:
    """``row`` validated in pydantic's strict JSON mode (dates from ISO strings, nothing else converted)."""
    if isinstance(row, dict):  # orjson reads an integer past 64 bits as a float: let the bound name it
        row = {k: int(v) if isinstance(v, float) and v.is_integer() and abs(v) >= 2**63 else v for k, v in row.items()}
    try:
        raw = orjson.dumps(row)
    except TypeError:  # an int past 64 bits, from a document that did not come from a JSON file
        raw = json.dumps(row).encode()
    try:
        return model.model_validate_json(raw, strict=True)
    except ValidationError as e:
        rid = next((v for k in ("id", "kr", "objective") if isinstance(v := (row or {}).get(k), str)), "") \
            if isinstance(row, dict) else ""
        raise invalid(e, prefix=f"{where}: ", value_id=rid) from None


def _check_overlaps(incoming: list[Cycle], existing: list[Cycle]) -> None:
    """Cycles may not repeat or overlap in time. An existing cycle with the same name and
    dates (checked empty by the caller) is the one the import fills."""
    names = [c.name for c in incoming]
    twice = next((n for n in names if names.count(n) > 1), None)
    if twice:
        raise InvalidInputError(_("cycle {cycle} is in the export twice; nothing imported").format(cycle=twice),
                                value_id=twice)
    others = [c for c in existing if c not in incoming]
    for i, cycle in enumerate(incoming):
        clash = next((c for c in others + incoming[:i] if c.start <= cycle.end and cycle.start <= c.end), None)
        if clash:
            raise InvalidInputError(_("cycle {cycle} ({start} to {end}) overlaps cycle {other} ({other_start} to "
                                      "{other_end}); nothing imported").format(
                cycle=cycle.name, start=cycle.start, end=cycle.end, other=clash.name, other_start=clash.start,
                other_end=clash.end), value_id=cycle.name)


def _check_links(cycle: Cycle, records: list[BaseModel]) -> None:
    """What the commands refuse, refused here too: records pointing at nothing, an
    objective aligned to itself, answers for weeks outside the cycle."""
    objectives = {r.id for r in records if isinstance(r, Objective)}
    krs = {r.id for r in records if isinstance(r, KeyResult)}
    weeks = set(weeks_between(cycle.start, cycle.end))
    keys: set[tuple[str, ...]] = set()

    def fail(text: str, rid: str) -> InvalidInputError:
        return InvalidInputError(_("{cycle}: {problem}; nothing imported").format(cycle=cycle.name, problem=text),
                                 value_id=rid)

    for r in records:
        key = _record_key(r)
        if key in keys:
            raise fail(_("{record} is in the export twice").format(record=_shown_key(key)), key[-1])
        keys.add(key)
        if isinstance(r, Objective) and r.aligns_to == r.id:
            raise fail(_("objective {id} aligns to itself").format(id=r.id), r.id)
        if isinstance(r, Objective) and r.aligns_to and r.aligns_to not in objectives:
            raise fail(_("objective {id} aligns to unknown objective {parent}").format(id=r.id, parent=r.aligns_to), r.id)
        if isinstance(r, KeyResult) and r.objective not in objectives:
            raise fail(_("key result {id} belongs to unknown objective {objective}").format(id=r.id, objective=r.objective),
                       r.id)
        if isinstance(r, KeyResult) and not r.id.startswith(f"{r.objective}."):
            raise fail(_("key result {id} belongs to objective {objective}; its id must start with {objective}.").format(
                id=r.id, objective=r.objective), r.id)
        kr = getattr(r, "kr", None)
        if kr is not None and kr not in krs:
            raise fail(_("a check-in points at unknown key result {kr}").format(kr=kr), kr)
        if isinstance(r, ObjectiveCheckIn) and r.objective not in objectives:
            raise fail(_("an objective check-in points at unknown objective {objective}").format(objective=r.objective),
                       r.objective)
        if isinstance(r, Meeting) and r.cycle != cycle.name:
            raise fail(_("meeting {id} says it belongs to cycle {cycle}").format(id=r.id, cycle=r.cycle), r.id)
        week = getattr(r, "week", None)
        if week is not None and week not in weeks:
            raise fail(_("{record}: week {week} is outside the cycle ({start} to {end})").format(
                record=_shown_key(key), week=week, start=cycle.start, end=cycle.end), key[-1])


# A record by its key, as a sentence part per kind (the kind's word is not glued to the ids).
_KEY_SHOWN = {"check-in": N_("check-in {kr} {week}"), "objective check-in": N_("objective check-in {objective} {week}"),
              "objective": N_("objective {id}"), "keyresult": N_("keyresult {id}"), "meeting": N_("meeting {id}")}
_KEY_PARTS = {"check-in": ("kr", "week"), "objective check-in": ("objective", "week")}


def _shown_key(key: tuple[str, ...]) -> str:
    kind, *ids = key
    return _(_KEY_SHOWN[kind]).format(**dict(zip(_KEY_PARTS.get(kind, ("id",)), ids)))


def _record_key(r: BaseModel) -> tuple[str, ...]:
    """What makes a record unique in its cycle (as the store keys it)."""
    if isinstance(r, CheckIn):
        return ("check-in", r.kr, r.week)
    if isinstance(r, ObjectiveCheckIn):
        return ("objective check-in", r.objective, r.week)
    return (type(r).__name__.lower(), r.id)  # type: ignore[attr-defined]


def import_json(store: Store, doc: Any) -> list[str]:
    """Add the export's cycles to ``store``, each new or empty in the store. All or nothing:
    everything is validated first, then every file is written in one transaction."""
    parsed = parse_export(doc)
    with store.transaction() as tx:
        _fill(tx, parsed)
    return [c.name for c, _ in parsed]


def import_json_new(path: Path, doc: Any) -> Store:
    """A new store at ``path`` holding the export's cycles (and no other); on any failure
    nothing is left at ``path``, not even the directory."""
    parsed = parse_export(doc)
    if not parsed:
        raise InvalidInputError(_("the export holds no cycle; no store was created"), field="cycles")
    with Store.creating(path) as tx:
        _fill(tx, parsed)
    return tx.store


def _fill(tx: StoreTx, parsed: list[tuple[Cycle, list[BaseModel]]]) -> None:
    existing = {c.name: c for c in tx.root.cycles}
    for cycle, _records in parsed:
        if cycle.name in existing:
            have = tx.cycle(existing[cycle.name]).snapshot()
            if any(getattr(have, table) for table in TABLES) or existing[cycle.name] != cycle:
                raise InvalidInputError(_("cycle {cycle} exists already in {path} (not empty, or other dates); nothing "
                                          "imported").format(cycle=cycle.name, path=tx.store.path),
                                        field="cycle", value_id=cycle.name)
    _check_overlaps([c for c, _ in parsed], list(existing.values()))
    for cycle, records in parsed:
        cycle_tx = tx.cycle(cycle) if cycle.name in existing else tx.add_cycle(cycle.name, cycle.start, cycle.end)
        for record in records:
            cycle_tx.put(record)


CSV_COLUMNS = ["cycle", "objective", "objective_title", "key_result", "key_result_title", "owner", "week",
               "progress", "value", "unit", "confidence", "blocker", "help_from", "note", "author"]


def export_csv(cycles: list[CycleData]) -> str:
    """One row per check-in, for spreadsheets. Cells that a spreadsheet would run as a
    formula (= + - @ at the start) are prefixed with a quote."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for data in cycles:
        for c in data.checkins:
            kr = data.key_result(c.kr)
            obj = data.objective(kr.objective) if kr else None
            writer.writerow([_cell(v) for v in (
                data.cycle.name, obj.id if obj else "", obj.title if obj else "", c.kr, kr.title if kr else "",
                kr.owner if kr else "", c.week, c.progress, "" if c.value is None else c.value,
                kr.unit if kr else "", "" if c.confidence is None else c.confidence,
                c.blocker, c.help_from, c.note, c.author)])
    return buf.getvalue()


def _cell(value: object) -> object:
    if isinstance(value, str):
        value = strip_controls(value)
        if value[:1] in ("=", "+", "-", "@"):
            return "'" + value
    return value


def export_markdown(cycles: list[CycleData]) -> str:
    """An outline a person can read and edit: a heading per cycle, objective and key
    result, their fields as ``- name: value`` lines. ``okr import FILE.md`` reads it back."""
    lines = ["# OKRs", ""]
    for data in cycles:
        c = data.cycle
        lines += [f"## Cycle {c.name}", f"- start: {c.start}", f"- end: {c.end}", ""]
        for o in data.objectives:
            lines.append(f"### {o.id} {_md_line(o.title)}")
            lines += [f"- owner: {_md_line(o.owner)}", f"- kind: {o.kind}"]
            lines += [f"- team: {_md_line(o.team)}"] if o.team else []
            lines += [f"- aligns to: {o.aligns_to}"] if o.aligns_to else []
            lines += [f"- confidence: {o.confidence}"] if o.confidence is not None else []
            lines += ["- archived: yes"] if o.archived else []
            lines.append("")
            for k in [k for k in data.key_results if k.objective == o.id]:
                lines.append(f"#### {k.id} {_md_line(k.title)}")
                lines += [f"- owner: {_md_line(k.owner)}"] if k.owner else []
                if k.is_metric:
                    lines.append(f"- metric: {_md_number(k.start)} -> {_md_number(k.target)}"  # type: ignore[arg-type]
                                 + (f" {_md_line(k.unit)}" if k.unit else ""))
                lines += [f"- due: {k.due}"] if k.due else []
                lines += ["- archived: yes"] if k.archived else []
                latest = data.history(k.id)
                if latest:
                    last = latest[-1]
                    conf = f", confidence {last.confidence}/10" if last.confidence is not None else ""
                    lines.append(f"- latest: {last.progress}% in {last.week}{conf}")
                lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _md_number(value: float) -> str:
    """Exact, so the outline reads back the same number (":g" keeps 6 digits only)."""
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def _md_line(text: str) -> str:
    return " ".join(strip_controls(text).split())
