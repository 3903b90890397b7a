"""Reading the Markdown outline of ``okr export --format markdown`` back into OKRs.

The outline, line by line (blank lines and the ``# `` title are skipped)::

    ## Cycle 2026-Q4            then - start: / - end: (YYYY-MM-DD)
    ### O3 Title               an objective: - owner: - kind: - team: - aligns to: - confidence: - archived: yes
    #### O3.2 Title            a key result: - owner: - metric: 24 -> 2 h - due: - archived: yes
                               (- latest: ... is the export's note of the last check-in; it is not read)

A heading without an id adds a new objective or key result. Ids already in the cycle are
updated; ones in the store but not in the file are left as they are (archive one with
``- archived: yes``). Check-ins are not part of the outline and are never touched.
Any line that does not fit is reported with its number, and nothing is imported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from .cycle_tx import CycleTx
from .errors import InvalidInputError
from .models import KR_ID, MAX_KR_NUMBER, MAX_OBJECTIVE_NUMBER, OBJECTIVE_ID, Cycle, KeyResult, Objective
from .store import Store
from .store_tx import StoreTx
from .text import shown
from .validation import error_message, relevant

HEADING = re.compile(r"(#{1,4}) +(.*)")
FIELD = re.compile(r"- +([a-z][a-z ]*?) *:(?: +(.*))?")
ID_TITLE = re.compile(r"(O[0-9]+(?:\.[0-9]+)?)(?: +(.*))?")
METRIC = re.compile(r"(\S+) *(?:->|→) *(\S+)(?: +(.*))?")
FIELDS = {
    "cycle": {"start", "end"},
    "objective": {"owner", "kind", "team", "aligns to", "confidence", "archived"},
    "key result": {"owner", "metric", "due", "archived", "latest"},
}


@dataclass
class Item:
    """A heading and its ``- name: value`` lines, with where each came from."""

    kind: str
    line: int
    id: str
    title: str
    fields: dict[str, tuple[int, str]] = field(default_factory=dict)
    children: list[Item] = field(default_factory=list)


def _fail(line: int, text: str) -> InvalidInputError:
    return InvalidInputError(f"line {line}: {text}; nothing was imported")


def parse_outline(text: str) -> list[Item]:
    """The cycles of the outline, each holding its objectives holding their key results."""
    cycles: list[Item] = []
    current: Item | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        heading = HEADING.fullmatch(line)
        if heading:
            level, rest = len(heading.group(1)), heading.group(2).strip()
            if level == 1:
                continue
            current = _heading(number, level, rest, cycles)
            continue
        match = FIELD.fullmatch(line)
        if not match:
            raise _fail(number, f"not understood: {line[:60]!r}; expected a heading (## Cycle, ### objective, "
                                "#### key result) or a '- name: value' line")
        if current is None:
            raise _fail(number, "a '- name: value' line before any heading")
        name, value = match.group(1), (match.group(2) or "").strip()
        if name not in FIELDS[current.kind]:
            raise _fail(number, f"{current.kind} has no field {name!r} (it has: {', '.join(sorted(FIELDS[current.kind]))})")
        if name in current.fields:
            raise _fail(number, f"{name!r} given twice for the {current.kind} of line {current.line}")
        current.fields[name] = (number, value)
    return cycles


def _heading(number: int, level: int, rest: str, cycles: list[Item]) -> Item:
    if level == 2:
        name = rest.removeprefix("Cycle").strip() if rest.startswith("Cycle ") else ""
        if not name:
            raise _fail(number, "a cycle heading looks like '## Cycle 2026-Q4'")
        cycles.append(Item("cycle", number, name, name))
        return cycles[-1]
    kind, parent_kind = ("objective", "cycle") if level == 3 else ("key result", "objective")
    parent = cycles[-1] if cycles else None
    if parent is not None and level == 4:
        parent = parent.children[-1] if parent.children else None
    if parent is None:
        raise _fail(number, f"a {kind} before any {parent_kind} heading")
    match = ID_TITLE.fullmatch(rest)
    rid, title = (match.group(1), (match.group(2) or "").strip()) if match else ("", rest)
    if rid and not (OBJECTIVE_ID if level == 3 else KR_ID).fullmatch(rid):
        bounds = f"O1 to O{MAX_OBJECTIVE_NUMBER}" if level == 3 else f"O1.1 to O{MAX_OBJECTIVE_NUMBER}.{MAX_KR_NUMBER}"
        raise _fail(number, f"{shown(rid)} is not {'an objective' if level == 3 else 'a key result'} id ({bounds})")
    if rid and level == 4 and parent.id and rid.split(".")[0] != parent.id:
        raise _fail(number, f"key result {rid} is under objective {parent.id}; its id must start with {parent.id}.")
    if not title:
        raise _fail(number, f"the {kind} has no title")
    item = Item(kind, number, rid, title)
    parent.children.append(item)
    return item


@dataclass
class Plan:
    """One cycle's import, validated: the records to write, in order."""

    cycle: Cycle
    exists: bool
    objectives: list[tuple[Objective, bool]] = field(default_factory=list)  # (record, already in the store)
    key_results: list[tuple[KeyResult, bool]] = field(default_factory=list)


def plan_import(tx: StoreTx, items: list[Item]) -> list[Plan]:
    plans: list[Plan] = []
    names: set[str] = set()
    existing = {c.name: c for c in tx.root.cycles}
    for c in items:
        if c.id in names:
            raise _fail(c.line, f"cycle {c.id} appears twice")
        names.add(c.id)
        cycle = _validate(Cycle, c, {"name": c.id, "start": _need(c, "start"), "end": _need(c, "end")})
        have = existing.get(c.id)
        if have is not None and (have.start, have.end) != (cycle.start, cycle.end):
            raise _fail(c.line, f"cycle {c.id} is {have.start} to {have.end} in the store, not {cycle.start} to {cycle.end}")
        plans.append(_plan_cycle(tx, c, cycle, have is not None))
    return plans


def _plan_cycle(tx: StoreTx, c: Item, cycle: Cycle, exists: bool) -> Plan:
    data = tx.cycle(cycle).snapshot() if exists else None
    plan = Plan(cycle, exists)
    stored = {o.id for o in data.objectives} if data else set()
    given = [o.id for o in c.children if o.id]
    for oid in given:
        if given.count(oid) > 1:
            raise _fail(next(o.line for o in c.children if o.id == oid), f"objective {oid} appears twice")
    next_number = max((int(i[1:]) for i in [*stored, *given]), default=0) + 1
    known = stored | set(given)
    for position, o in enumerate(c.children, start=1):
        if not o.id:
            o.id, next_number = f"O{next_number}", next_number + 1
        parent = o.fields.get("aligns to", (o.line, ""))
        if parent[1] and parent[1] not in known:
            raise _fail(parent[0], f"{o.id} aligns to {parent[1]}, which is neither in the file nor in cycle {cycle.name}")
        if parent[1] == o.id:
            raise _fail(parent[0], f"{o.id} cannot align to itself")
        values = {"id": o.id, "title": o.title, "owner": _need(o, "owner"), "team": _get(o, "team"),
                  "kind": _get(o, "kind") or "committed", "aligns_to": parent[1],
                  "confidence": _get(o, "confidence") or None, "order": position,
                  "archived": _flag(o, "archived")}
        plan.objectives.append((_validate(Objective, o, values), o.id in stored))
        _plan_key_results(plan, o, data.key_results if data else [])
    return plan


def _plan_key_results(plan: Plan, o: Item, stored_krs: list[KeyResult]) -> None:
    stored = {k.id for k in stored_krs if k.objective == o.id}
    given = [k.id for k in o.children if k.id]
    numbers = [int(i.split(".")[1]) for i in [*stored, *given]]
    next_number = max(numbers, default=0) + 1
    for position, k in enumerate(o.children, start=1):
        if not k.id:
            k.id, next_number = f"{o.id}.{next_number}", next_number + 1
        elif given.count(k.id) > 1:
            raise _fail(k.line, f"key result {k.id} appears twice")
        elif k.id.split(".")[0] != o.id:  # the objective's id was given by this import
            raise _fail(k.line, f"key result {k.id} is under objective {o.id}; its id must start with {o.id}.")
        values: dict[str, Any] = {"id": k.id, "objective": o.id, "title": k.title, "owner": _get(k, "owner"),
                                  "due": _get(k, "due") or None, "order": position, "archived": _flag(k, "archived")}
        if "metric" in k.fields:
            line, text = k.fields["metric"]
            match = METRIC.fullmatch(text)
            if not match:
                raise _fail(line, f"a metric looks like '24 -> 2 h' (start -> target unit), not {text!r}")
            try:
                values["start"], values["target"] = float(match.group(1)), float(match.group(2))
            except ValueError:
                raise _fail(line, f"start and target of {text!r} must be numbers") from None
            values["unit"] = match.group(3) or ""
        plan.key_results.append((_validate(KeyResult, k, values), k.id in stored))


def _need(item: Item, name: str) -> str:
    if name not in item.fields or not item.fields[name][1]:
        raise _fail(item.line, f"the {item.kind} {item.id} needs a '- {name}: ...' line")
    return item.fields[name][1]


def _get(item: Item, name: str) -> str:
    return item.fields.get(name, (0, ""))[1]


def _flag(item: Item, name: str) -> bool:
    line, value = item.fields.get(name, (item.line, "no"))
    if value.lower() not in ("yes", "no"):
        raise _fail(line, f"{name} is 'yes' or 'no', not {value!r}")
    return value.lower() == "yes"


def _validate(model: type[BaseModel], item: Item, values: dict[str, Any]) -> Any:
    """The store's own validation; an error names the line of the field it is about."""
    try:
        return model.model_validate(values)
    except ValidationError as e:
        first = relevant(e)[0]
        name = str(first["loc"][0]).replace("_", " ") if first["loc"] else ""
        if name in ("start", "target", "unit"):
            name = "metric"
        line = item.fields.get(name, (item.line, ""))[0]
        where = name if name and name not in ("name", "id", "objective") else ""
        raise _fail(line, f"{item.kind} {item.id}: {error_message(first, where)}") from None


def import_markdown(store: Store, text: str) -> list[str]:
    """Read the outline into ``store``: everything is parsed and validated, then all its
    cycles and the root file are written in one transaction (a problem writes nothing).
    Returns one line per cycle saying what changed."""
    items = parse_outline(text)
    if not items:
        raise InvalidInputError("no '## Cycle' heading: nothing to import")
    with store.transaction() as stx:
        plans = plan_import(stx, items)
        for plan in plans:
            cycle = plan.cycle
            _apply(stx.cycle(cycle) if plan.exists else stx.add_cycle(cycle.name, cycle.start, cycle.end), plan)
    out = []
    for plan in plans:
        added = sum(not s for _, s in plan.objectives) + sum(not s for _, s in plan.key_results)
        updated = len(plan.objectives) + len(plan.key_results) - added
        out.append(f"{plan.cycle.name}: {len(plan.objectives)} objectives, {len(plan.key_results)} key results "
                   f"({added} added, {updated} updated)")
    return out


def _apply(tx: CycleTx, plan: Plan) -> None:
    for obj, stored in plan.objectives:  # alignment after all exist: a parent may come later
        if stored:
            tx.update_objective(obj.id, **{**obj.model_dump(exclude={"id"}), "aligns_to": ""})
        else:
            tx.put(obj.model_copy(update={"aligns_to": ""}))
    for obj, _stored in plan.objectives:
        if obj.aligns_to:
            tx.update_objective(obj.id, aligns_to=obj.aligns_to)
    for kr, stored in plan.key_results:
        if stored:
            tx.update_key_result(kr.id, **kr.model_dump(exclude={"id", "objective"}))
        else:
            tx.put(kr)
