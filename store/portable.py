"""Export and import: JSON (exact, round-trips), CSV (one row per check-in) and a
Markdown outline. Pure conversions; the CLI does the printing."""

from __future__ import annotations

import csv
import io
from typing import Any

from pydantic import BaseModel, ValidationError

from .cycle_data import CycleData
from .cycle_file import TABLES
from .errors import InvalidInputError, StoreError
from .models import CheckIn, Cycle, KeyResult, Meeting, Objective, ObjectiveCheckIn
from .store import Store
from .text import strip_controls
from .validation import one_line

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
    """Validate a whole export document before anything is written."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT_TAG:
        raise InvalidInputError(f"not an okr-checkin export (no \"format\": \"{FORMAT_TAG}\")")
    if doc.get("version") != FORMAT_VERSION:
        raise InvalidInputError(f"export version {doc.get('version')!r} is not supported (this okr reads {FORMAT_VERSION})")
    cycles = doc.get("cycles")
    if not isinstance(cycles, list):
        raise InvalidInputError("the export's \"cycles\" should be a list")
    parsed = []
    for i, entry in enumerate(cycles):
        where = f"cycles[{i}]"
        if not isinstance(entry, dict):
            raise InvalidInputError(f"{where} should be an object")
        try:
            cycle = Cycle.model_validate(entry.get("cycle"))
            records: list[BaseModel] = []
            for table, model in TABLES.items():
                rows = entry.get(table, [])
                if not isinstance(rows, list):
                    raise InvalidInputError(f"{where}.{table} should be a list")
                for j, row in enumerate(rows):
                    where = f"cycles[{i}].{table}[{j}]"
                    records.append(model.model_validate(row))
        except ValidationError as e:
            raise InvalidInputError(f"{where}: {one_line(e)}") from None
        _check_links(cycle, records)
        parsed.append((cycle, records))
    _check_overlaps([c for c, _ in parsed], [])
    return parsed


def _check_overlaps(incoming: list[Cycle], existing: list[Cycle]) -> None:
    """Cycles may not repeat or overlap in time. The store refuses an overlap too, but
    only while writing, after earlier cycles were imported. An existing cycle with the
    same name and dates (checked empty by the caller) is the one the import fills."""
    names = [c.name for c in incoming]
    twice = next((n for n in names if names.count(n) > 1), None)
    if twice:
        raise InvalidInputError(f"cycle {twice} is in the export twice; nothing imported")
    others = [c for c in existing if c not in incoming]
    for i, cycle in enumerate(incoming):
        clash = next((c for c in others + incoming[:i] if c.start <= cycle.end and cycle.start <= c.end), None)
        if clash:
            raise InvalidInputError(f"cycle {cycle.name} ({cycle.start} to {cycle.end}) overlaps cycle "
                                    f"{clash.name} ({clash.start} to {clash.end}); nothing imported")


def _check_links(cycle: Cycle, records: list[BaseModel]) -> None:
    objectives = {r.id for r in records if isinstance(r, Objective)}
    krs = {r.id for r in records if isinstance(r, KeyResult)}
    keys: set[tuple[str, ...]] = set()
    for r in records:
        key = _record_key(r)
        if key in keys:
            raise InvalidInputError(f"{cycle.name}: {' '.join(key)} is in the export twice")
        keys.add(key)
        if isinstance(r, Objective) and r.aligns_to and r.aligns_to not in objectives:
            raise InvalidInputError(f"{cycle.name}: objective {r.id} aligns to unknown objective {r.aligns_to}")
        if isinstance(r, KeyResult) and r.objective not in objectives:
            raise InvalidInputError(f"{cycle.name}: key result {r.id} belongs to unknown objective {r.objective}")
        kr = getattr(r, "kr", None)
        if kr is not None and kr not in krs:
            raise InvalidInputError(f"{cycle.name}: a check-in points at unknown key result {kr}")
        if isinstance(r, ObjectiveCheckIn) and r.objective not in objectives:
            raise InvalidInputError(f"{cycle.name}: an objective check-in points at unknown objective {r.objective}")
        if isinstance(r, Meeting) and r.cycle != cycle.name:
            raise InvalidInputError(f"{cycle.name}: meeting {r.id} says it belongs to cycle {r.cycle}")


def _record_key(r: BaseModel) -> tuple[str, ...]:
    """What makes a record unique in its cycle (as the store keys it)."""
    if isinstance(r, CheckIn):
        return ("check-in", r.kr, r.week)
    if isinstance(r, ObjectiveCheckIn):
        return ("objective check-in", r.objective, r.week)
    return (type(r).__name__.lower(), r.id)  # type: ignore[attr-defined]


def import_json(store: Store, doc: Any) -> list[str]:
    """Add the export's cycles to ``store``. All or nothing: everything is validated, and
    every cycle must be new or empty, before the first write. Returns the cycle names."""
    parsed = parse_export(doc)
    existing = {c.name: c for c in store.cycles()}
    for cycle, _records in parsed:
        if cycle.name in existing:
            have = store.load(existing[cycle.name])
            if any(getattr(have, table) for table in TABLES) or existing[cycle.name] != cycle:
                raise StoreError(f"cycle {cycle.name} exists already in {store.path} (not empty, or other dates); "
                                 "nothing imported")
    _check_overlaps([c for c, _ in parsed], list(existing.values()))
    for cycle, records in parsed:
        if cycle.name not in existing:
            store.add_cycle(cycle.name, cycle.start, cycle.end)
        with store.write(cycle) as tx:
            for record in records:
                tx.put(record)
    return [c.name for c, _ in parsed]


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
