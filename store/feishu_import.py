"""``okr import --from feishu``: a Feishu/Lark OKR list (read by store/feishu.py) into cycles.

Each period of ``okr_list`` becomes a cycle; its objectives and key results keep their
text (mentions such as "@刘三" stay text) and belong to the owner given. A key result's
``progress_rate.percent`` is a check-in for the ISO week it was last updated, as given
(0-100, not snapped to 10% steps). Status 1 (风险, at risk) and 2 (延期, delayed) are that
check-in's blocker: a blocker is what makes a key result "needs help" (store/rules.py
needs_help; a note raises nothing). ``kr_weight`` and ``score`` go in the check-in's note
(okr weighs key results equally), an objective's ``progress_report`` is the note of its
objective check-in, a deadline the key result's due date (the objective's if it has none).

Everything is built and validated first; then all cycles and the root file are written in
one transaction, or nothing is. The guide's limits are warnings here: Feishu allowed more.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import InvalidInputError
from .feishu import (
    AT_RISK,
    DELAYED,
    FeishuData,
    FeishuKeyResult,
    FeishuObjective,
    FeishuPeriod,
    ProgressRate,
    cycle_name_for,
    json_path,
    parse_response,
    when,
)
from .i18n import _, ngettext
from .models import CheckIn, Cycle, KeyResult, Objective, ObjectiveCheckIn
from .rules import reference_week
from .store import Store
from .store_tx import StoreTx
from .text import NAME_MAX, clean_text
from .validation import error_message, relevant
from .weeks import week_of

M = TypeVar("M", bound=BaseModel)

GUIDE_OBJECTIVES, GUIDE_KEY_RESULTS = 5, 4


def _build(model: type[M], path: str, sources: dict[str, str], **fields: Any) -> M:
    """A store record, validated as the commands validate; an error names the JSON field."""
    try:
        return model.model_validate(fields)
    except ValidationError as e:
        first = relevant(e)[0]
        name = str(first["loc"][0]) if first["loc"] else ""
        where = f"{path}.{sources[name]}" if name in sources else path
        raise InvalidInputError(f"{where}: {error_message(first, '')}" + _("; nothing imported"),
                                field=name) from None


@dataclass
class CyclePlan:
    period: str  # the period's name in Feishu
    cycle: Cycle
    records: list[BaseModel] = field(default_factory=list)
    objectives: int = 0
    key_results: int = 0
    checkins: int = 0


@dataclass
class FeishuImport:
    """What an import did: its cycles, notes (names made to fit) and warnings, each once."""

    cycles: list[CyclePlan]
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Tally:
    """What the warnings need, gathered across every period."""

    many_objectives: list[str] = field(default_factory=list)
    many_krs: list[str] = field(default_factory=list)
    weighted: list[str] = field(default_factory=list)
    left_out: int = 0
    clamped: int = 0


def _dates(period: FeishuPeriod, span: tuple[dt.date, dt.date] | None, start: dt.date | None,
           end: dt.date | None, path: str) -> tuple[dt.date, dt.date]:
    """--start/--end, else the period's span from its name, else its deadlines and updates."""
    if span:
        start, end = start or span[0], end or span[1]
    if start and end:
        return start, end
    days = [d.date() for o in period.objective_list for k in [o, *o.kr_list]
            for d in (when(ms) for ms in _times(k)) if d]
    if len(set(days)) < 2:
        raise InvalidInputError(_("{path}: the dates of period \"{name}\" do not show in the file; give --start "
                                  "and --end (YYYY-MM-DD); nothing imported").format(path=path, name=period.name),
                                field="period")
    return start or min(days), end or max(days)


def _times(item: FeishuObjective | FeishuKeyResult) -> list[str | None]:
    if isinstance(item, FeishuObjective):
        return [item.deadline, item.progress_report_last_updated_time]
    return [item.deadline, item.progress_rate_percent_last_updated_time, item.progress_rate_status_last_updated_time]


def plan_import(data: FeishuData, prefix: str, *, owner: str, cycle: str | None = None,
                start: dt.date | None = None, end: dt.date | None = None,
                today: dt.date | None = None) -> FeishuImport:
    """Every record of the import, validated, before the store is touched."""
    try:
        owner = clean_text(owner, field="owner", max_len=NAME_MAX, single_line=True)
    except ValueError as e:
        raise InvalidInputError(_("--owner: {problem}").format(problem=e), field="owner") from None
    if not owner:
        raise InvalidInputError(_("--owner: must not be empty"), field="owner")
    periods = data.okr_list
    base = json_path(prefix, ("okr_list",))
    if not periods:
        raise InvalidInputError(_("{path} is empty: no period to import; nothing imported").format(path=base),
                                field="okr_list")
    if len(periods) > 1 and (cycle or start or end):
        raise InvalidInputError(_("the file holds {n} periods; --cycle, --start and --end are for one (import "
                                  "without them: each period becomes its own cycle)").format(n=len(periods)),
                                field="cycle")
    result, tally = FeishuImport([]), _Tally()
    today = today or dt.date.today()
    for i, period in enumerate(periods):
        path = f"{base}[{i}]"
        name, span = cycle_name_for(period.name)
        if cycle:
            name = cycle
        elif name is None:
            raise InvalidInputError(_("{path}.name: no cycle name can be made of \"{name}\"; give --cycle NAME; "
                                      "nothing imported").format(path=path, name=period.name), field="cycle")
        elif name != period.name:
            result.notes.append(_("period \"{period}\" is cycle {cycle} (cycle names hold only letters, digits, "
                                  "'.', '_' and '-')").format(period=period.name, cycle=name))
        first, last = _dates(period, span, start, end, path)
        c = _build(Cycle, f"{path}.name" if not cycle else "--cycle", {}, name=name, start=first, end=last)
        result.cycles.append(_plan_period(period, path, c, owner, today, tally))
    _align(periods, base, result.cycles, tally)
    result.warnings += _warnings(tally)
    return result


def _plan_period(period: FeishuPeriod, path: str, cycle: Cycle, owner: str, today: dt.date,
                 tally: _Tally) -> CyclePlan:
    plan = CyclePlan(period.name, cycle)
    if len(period.objective_list) > GUIDE_OBJECTIVES:
        tally.many_objectives.append(f"{cycle.name} ({len(period.objective_list)})")
    fallback = reference_week(cycle, today)

    def week(when: dt.datetime) -> str:
        day = min(max(when.date(), cycle.start), cycle.end)
        tally.clamped += day != when.date()
        return week_of(day)

    for n, o in enumerate(period.objective_list, start=1):
        opath, oid = f"{path}.objective_list[{n - 1}]", f"O{n}"
        plan.records.append(_build(Objective, opath, {"title": "content"}, id=oid, title=o.content, owner=owner,
                                   order=n))
        if len(o.kr_list) > GUIDE_KEY_RESULTS:
            tally.many_krs.append(f"{cycle.name} {oid} ({len(o.kr_list)})")
        if len({k.kr_weight for k in o.kr_list}) > 1:
            tally.weighted.append(f"{cycle.name} {oid}")
        weeks: list[str] = []
        for m, k in enumerate(o.kr_list, start=1):
            kpath, kid = f"{opath}.kr_list[{m - 1}]", f"{oid}.{m}"
            due = when(k.deadline) or when(o.deadline)
            plan.records.append(_build(KeyResult, kpath, {"title": "content", "due": "deadline"}, id=kid,
                                       objective=oid, title=k.content, owner=owner, order=m,
                                       due=due.date() if due else None))
            rate = k.progress_rate or ProgressRate()
            updated = max((t for t in (when(k.progress_rate_percent_last_updated_time),
                                       when(k.progress_rate_status_last_updated_time)) if t), default=None)
            if not (updated or rate.percent or rate.status in (AT_RISK, DELAYED)):
                continue  # nothing was ever reported
            w = week(updated) if updated else fallback
            weeks.append(w)
            plan.records.append(_build(
                CheckIn, kpath, {"progress": "progress_rate.percent"}, kr=kid, week=w, progress=rate.percent or 0,
                blocker=_status_blocker(rate.status), note=_kr_note(k), author=owner,
                at=(updated or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)))
            plan.checkins += 1
        if o.progress_report.strip():
            reported = when(o.progress_report_last_updated_time)
            w = week(reported) if reported else max(weeks, default=fallback)
            plan.records.append(_build(ObjectiveCheckIn, opath, {"note": "progress_report"}, objective=oid, week=w,
                                       note=o.progress_report,
                                       at=(reported or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)))
        plan.objectives += 1
        plan.key_results += len(o.kr_list)
    return plan


def _status_blocker(status: str | None) -> str:
    if status == AT_RISK:
        return _("Feishu status: 风险 (at risk)")
    if status == DELAYED:
        return _("Feishu status: 延期 (delayed)")
    return ""


def _kr_note(k: FeishuKeyResult) -> str:
    if k.kr_weight is not None and k.score is not None:
        return _("Feishu: weight {weight}%, score {score}").format(weight=k.kr_weight, score=k.score)
    if k.kr_weight is not None:
        return _("Feishu: weight {weight}%").format(weight=k.kr_weight)
    if k.score is not None:
        return _("Feishu: score {score}").format(score=k.score)
    return ""


def _align(periods: list[FeishuPeriod], base: str, plans: list[CyclePlan], tally: _Tally) -> None:
    """``aligned_objective_list`` (this one aligns to those) and ``aligning_objective_list``
    (those align to this one) between objectives of the same period become aligns_to; one
    parent each (the first named), the rest are left out and counted."""
    where = {o.id: (i, f"O{n}") for i, p in enumerate(periods) for n, o in enumerate(p.objective_list, start=1)
             if o.id}
    if len(where) < sum(1 for p in periods for o in p.objective_list if o.id):
        raise InvalidInputError(_("{path}: two objectives have the same id; nothing imported").format(path=base),
                                field="id")
    links: dict[tuple[int, str], list[str]] = {}
    seen: set[tuple[str, str]] = set()
    for o in (o for p in periods for o in p.objective_list):
        pairs = [(o.id, a.id) for a in o.aligned_objective_list] + [(a.id, o.id) for a in o.aligning_objective_list]
        for child, parent in pairs:
            if (child, parent) in seen or child == parent:
                continue
            seen.add((child, parent))
            if child in where and parent in where and where[child][0] == where[parent][0]:
                links.setdefault(where[child], []).append(where[parent][1])
            else:
                tally.left_out += 1
    for (i, oid), parents in links.items():
        tally.left_out += len(parents) - 1
        obj = next(r for r in plans[i].records if isinstance(r, Objective) and r.id == oid)
        obj.aligns_to = parents[0]


def _warnings(t: _Tally) -> list[str]:
    out = []
    if t.many_objectives:
        out.append(_("more objectives than the guide's {limit} (目标通常最多5项，3个为宜) in {where}; imported as "
                     "they are").format(limit=GUIDE_OBJECTIVES, where=", ".join(t.many_objectives)))
    if t.many_krs:
        out.append(_("more key results than the guide's {limit} (关键成果通常最多4项) in {where}; imported as they "
                     "are").format(limit=GUIDE_KEY_RESULTS, where=", ".join(t.many_krs)))
    if t.weighted:
        out.append(_("key results weigh differently in Feishu in {where}; okr weighs an objective's key results "
                     "equally (each weight is in its check-in's note)").format(where=", ".join(t.weighted)))
    if t.left_out:
        out.append(ngettext("{n} alignment points outside its period or this file and was left out",
                            "{n} alignments point outside their period or this file and were left out",
                            t.left_out).format(n=t.left_out))
    if t.clamped:
        out.append(ngettext("{n} update falls outside its cycle's dates; it counts in the cycle's first or last week",
                            "{n} updates fall outside their cycle's dates; they count in the cycle's first or last "
                            "week", t.clamped).format(n=t.clamped))
    return out


# -- writing ------------------------------------------------------------------------------
def _fill(tx: StoreTx, result: FeishuImport) -> None:
    """Every cycle checked before any is added: a refusal locks no new cycle file."""
    existing = {c.name: c for c in tx.root.cycles}
    for plan in result.cycles:
        have = existing.get(plan.cycle.name)
        if have is None:
            continue
        data = tx.cycle(have).snapshot()
        if have != plan.cycle or data.objectives or data.key_results or data.checkins:
            raise InvalidInputError(_("cycle {name} exists already in {path} (not empty, or other dates); nothing "
                                      "imported").format(name=have.name, path=tx.store.path), value_id=have.name)
    for plan in result.cycles:
        c = plan.cycle
        try:
            cycle_tx = tx.cycle(c) if c.name in existing else tx.add_cycle(c.name, c.start, c.end)
        except InvalidInputError as e:
            raise InvalidInputError(str(e) + _("; nothing imported"), field=e.field, value_id=e.value_id) from None
        for record in plan.records:
            cycle_tx.put(record)


def import_feishu(store: Store, doc: Any, **options: Any) -> FeishuImport:
    """Read a Feishu OKR list into ``store`` (see ``plan_import`` for the options): all of
    it is validated first, then written in one transaction."""
    result = plan_import(*parse_response(doc), **options)
    with store.transaction() as tx:
        _fill(tx, result)
    return result


def import_feishu_new(path: Path, doc: Any, **options: Any) -> tuple[Store, FeishuImport]:
    """A new store at ``path`` with the file's cycles only; nothing is left there on failure."""
    result = plan_import(*parse_response(doc), **options)
    with Store.creating(path) as tx:
        _fill(tx, result)
    return tx.store, result
