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
from .i18n import N_, _, ngettext
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


# Sentences that name the kind of heading, whole for each kind (no glued words in a catalog).
NO_FIELD = {"cycle": N_("cycle has no field {name!r} (it has: {fields})"),
            "objective": N_("objective has no field {name!r} (it has: {fields})"),
            "key result": N_("key result has no field {name!r} (it has: {fields})")}
TWICE = {"cycle": N_("{name!r} given twice for the cycle of line {line}"),
         "objective": N_("{name!r} given twice for the objective of line {line}"),
         "key result": N_("{name!r} given twice for the key result of line {line}")}
NEEDS = {"cycle": N_("the cycle {id} needs a '- {name}: ...' line"),
         "objective": N_("the objective {id} needs a '- {name}: ...' line"),
         "key result": N_("the key result {id} needs a '- {name}: ...' line")}
UNDER = N_("key result {kr} is under objective {id}; its id must start with {id}.")
INVALID = {"cycle": N_("cycle {id}: {problem}"), "objective": N_("objective {id}: {problem}"),
           "key result": N_("key result {id}: {problem}")}


def _fail(line: int, text: str) -> InvalidInputError:
    return InvalidInputError(_("line {line}: {text}; nothing was imported").format(line=line, text=text))


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
            raise _fail(number, _("not understood: {line!r}; expected a heading (## Cycle, ### objective, "
                                  "#### key result) or a '- name: value' line").format(line=line[:60]))
        if current is None:
            raise _fail(number, _("a '- name: value' line before any heading"))
        name, value = match.group(1), (match.group(2) or "").strip()
        if name not in FIELDS[current.kind]:
            raise _fail(number, _(NO_FIELD[current.kind]).format(name=name, fields=", ".join(sorted(FIELDS[current.kind]))))
        if name in current.fields:
            raise _fail(number, _(TWICE[current.kind]).format(name=name, line=current.line))
        current.fields[name] = (number, value)
    return cycles


def _heading(number: int, level: int, rest: str, cycles: list[Item]) -> Item:
    if level == 2:
        name = rest.removeprefix("Cycle").strip() if rest.startswith("Cycle ") else ""
        if not name:
            raise _fail(number, _("a cycle heading looks like '## Cycle 2026-Q4'"))
        cycles.append(Item("cycle", number, name, name))
        return cycles[-1]
    kind = "objective" if level == 3 else "key result"
    parent = cycles[-1] if cycles else None
    if parent is not None and level == 4:
        parent = parent.children[-1] if parent.children else None
    if parent is None:
        raise _fail(number, _("an objective before any cycle heading") if level == 3
                    else _("a key result before any objective heading"))
    match = ID_TITLE.fullmatch(rest)
    rid, title = (match.group(1), (match.group(2) or "").strip()) if match else ("", rest)
    if rid and not (OBJECTIVE_ID if level == 3 else KR_ID).fullmatch(rid):
        message = (_("{id} is not an objective id (O1 to O{max})").format(id=shown(rid), max=MAX_OBJECTIVE_NUMBER)
                   if level == 3 else _("{id} is not a key result id (O1.1 to O{max}.{kr_max})").format(
                       id=shown(rid), max=MAX_OBJECTIVE_NUMBER, kr_max=MAX_KR_NUMBER))
        raise _fail(number, message)
    if rid and level == 4 and parent.id and rid.split(".")[0] != parent.id:
        raise _fail(number, _(UNDER).format(kr=rid, id=parent.id))
    if not title:
        raise _fail(number, _("the objective has no title") if level == 3 else _("the key result has no title"))
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
            raise _fail(c.line, _("cycle {id} appears twice").format(id=c.id))
        names.add(c.id)
        cycle = _validate(Cycle, c, {"name": c.id, "start": _need(c, "start"), "end": _need(c, "end")})
        have = existing.get(c.id)
        if have is not None and (have.start, have.end) != (cycle.start, cycle.end):
            raise _fail(c.line, _("cycle {id} is {start} to {end} in the store, not {new_start} to {new_end}").format(
                id=c.id, start=have.start, end=have.end, new_start=cycle.start, new_end=cycle.end))
        plans.append(_plan_cycle(tx, c, cycle, have is not None))
    return plans


def _plan_cycle(tx: StoreTx, c: Item, cycle: Cycle, exists: bool) -> Plan:
    data = tx.cycle(cycle).snapshot() if exists else None
    plan = Plan(cycle, exists)
    stored = {o.id for o in data.objectives} if data else set()
    given = [o.id for o in c.children if o.id]
    for oid in given:
        if given.count(oid) > 1:
            raise _fail(next(o.line for o in c.children if o.id == oid), _("objective {id} appears twice").format(id=oid))
    next_number = max((int(i[1:]) for i in [*stored, *given]), default=0) + 1
    known = stored | set(given)
    for position, o in enumerate(c.children, start=1):
        if not o.id:
            o.id, next_number = f"O{next_number}", next_number + 1
        parent = o.fields.get("aligns to", (o.line, ""))
        if parent[1] and parent[1] not in known:
            raise _fail(parent[0], _("{id} aligns to {parent}, which is neither in the file nor in cycle {cycle}").format(
                id=o.id, parent=parent[1], cycle=cycle.name))
        if parent[1] == o.id:
            raise _fail(parent[0], _("{id} cannot align to itself").format(id=o.id))
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
            raise _fail(k.line, _("key result {id} appears twice").format(id=k.id))
        elif k.id.split(".")[0] != o.id:  # the objective's id was given by this import
            raise _fail(k.line, _(UNDER).format(kr=k.id, id=o.id))
        values: dict[str, Any] = {"id": k.id, "objective": o.id, "title": k.title, "owner": _get(k, "owner"),
                                  "due": _get(k, "due") or None, "order": position, "archived": _flag(k, "archived")}
        if "metric" in k.fields:
            line, text = k.fields["metric"]
            match = METRIC.fullmatch(text)
            if not match:
                raise _fail(line, _("a metric looks like '24 -> 2 h' (start -> target unit), not {text!r}").format(text=text))
            try:
                values["start"], values["target"] = float(match.group(1)), float(match.group(2))
            except ValueError:
                raise _fail(line, _("start and target of {text!r} must be numbers").format(text=text)) from None
            values["unit"] = match.group(3) or ""
        plan.key_results.append((_validate(KeyResult, k, values), k.id in stored))


def _need(item: Item, name: str) -> str:
    if name not in item.fields or not item.fields[name][1]:
        raise _fail(item.line, _(NEEDS[item.kind]).format(id=item.id, name=name))
    return item.fields[name][1]


def _get(item: Item, name: str) -> str:
    return item.fields.get(name, (0, ""))[1]


def _flag(item: Item, name: str) -> bool:
    line, value = item.fields.get(name, (item.line, "no"))
    if value.lower() not in ("yes", "no"):
        raise _fail(line, _("{name} is 'yes' or 'no', not {value!r}").format(name=name, value=value))
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
        raise _fail(line, _(INVALID[item.kind]).format(id=item.id, problem=error_message(first, where))) from None


def import_markdown(store: Store, text: str) -> list[str]:
    """Read the outline into ``store``: everything is parsed and validated, then all its
    cycles and the root file are written in one transaction (a problem writes nothing).
    Returns one line per cycle saying what changed."""
    items = parse_outline(text)
    if not items:
        raise InvalidInputError(_("no '## Cycle' heading: nothing to import"))
    with store.transaction() as stx:
        plans = plan_import(stx, items)
        for plan in plans:
            cycle = plan.cycle
            _apply(stx.cycle(cycle) if plan.exists else stx.add_cycle(cycle.name, cycle.start, cycle.end), plan)
    out = []
    for plan in plans:
        added = sum(not s for _, s in plan.objectives) + sum(not s for _, s in plan.key_results)
        updated = len(plan.objectives) + len(plan.key_results) - added
        out.append(_("{cycle}: {objectives}, {key_results} ({added} added, {updated} updated)").format(
            cycle=plan.cycle.name,
            objectives=ngettext("{n} objective", "{n} objectives", len(plan.objectives)).format(n=len(plan.objectives)),
            key_results=ngettext("{n} key result", "{n} key results", len(plan.key_results)).format(
                n=len(plan.key_results)),
            added=added, updated=updated))
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
