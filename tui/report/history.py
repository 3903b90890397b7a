"""A key result's or an objective's weeks as plain text and JSON (`okr history`).

Pure functions over a CycleData snapshot and store.trends. Changes are shown as arrow,
amount and word ("↑ +10% better"), never by colour; user text has control characters
stripped.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len

from store import CycleData
from store.blockers import BlockerEvent, blocker_events, week_since
from store.models import CheckIn, KeyResult, Objective
from store.rules import confidence_band
from store.trends import KRDelta, kr_deltas, kr_series, objective_series, sparkline
from tui.display import number as shown_number
from tui.display import one_line
from tui.i18n import N_, _, ngettext
from tui.report.json_out import cleaned, dumps
from tui.report.summary import clean, pad, pct, shown

# Bumped when a key of the JSON form is renamed or removed (new keys may appear).
HISTORY_JSON_VERSION = 1
LABEL = 12  # cells of the labels in a key result's weekly block


def conf(value: int | None) -> str:
    return "-" if value is None else _("{value} ({notes})").format(value=f"{value}/10", notes=shown(confidence_band(value)))


def number(value: float | None, unit: str) -> str:
    return "-" if value is None else f"{shown_number(value)} {one_line(unit)}".rstrip()


def metric_line(kr: KeyResult) -> str:
    line = _("metric: {start} → {target} (lower is better)") if kr.lower_is_better \
        else _("metric: {start} → {target} (higher is better)")
    return line.format(start=number(kr.start, kr.unit), target=number(kr.target, kr.unit))


# -- a key result ----------------------------------------------------------------------
def _blocker_rows(events: list[BlockerEvent]) -> list[tuple[str, str]]:
    """(label, text) rows for the blockers of a week: resolved, raised, still open."""
    rows = []
    for e in events:
        text = one_line(e.text)
        if e.kind == "resolved":
            n = e.age - 1
            rows.append((_("resolved"), ngettext("{text} (raised {week}, open {n} week)",
                                                 "{text} (raised {week}, open {n} weeks)", n).format(
                text=text, week=e.raised, n=n) if e.age > 1 else _("{text} (raised {week})").format(
                text=text, week=e.raised)))
        elif e.kind == "raised":
            rows.append((_("blocker"), _("{text} (raised this week)").format(text=text)))
        else:
            rows.append((_("blocker"), _("{text} ({age})").format(text=text, age=week_since(e.age, e.raised))))
    return rows


def _kr_week_text(c: CheckIn, d: KRDelta, kr: KeyResult, events: list[BlockerEvent]) -> list[str]:
    def row(label: str, value: str, change: str = "") -> str:
        return f"          {pad(label, LABEL)}{value}" + (f"  {change}" if change else "")

    first = _("first check-in") if d.first else ""
    out = [f"{c.week}  " + row(_("progress"), pct(c.progress), d.progress.text() or first).lstrip()]
    out.append(row(_("confidence"), conf(c.confidence), d.confidence.text()))
    if d.value is not None:
        out.append(row(_("value"), number(c.value, kr.unit), d.value.text()))
    if d.gap:
        out.append(row("", _("(change {since}: no check-in in between)").format(since=d.since_text())))
    out += [row(label, text) for label, text in _blocker_rows(events)]
    for label, text in ((_("help from"), c.help_from), (_("next step"), c.next_step), (_("note"), c.note)):
        lines = clean(text).splitlines()
        out += [row(label if i == 0 else "", line) for i, line in enumerate(lines)]
    return out


def kr_history_text(data: CycleData, kr: KeyResult) -> str:
    hist = data.history(kr.id)
    out = [f"{kr.id}  {clean(kr.title)}  ({clean(kr.owner)}) · "
           + _("objective {id} · cycle {cycle}").format(id=kr.objective, cycle=clean(data.cycle.name))]
    if kr.is_metric:
        out.append(metric_line(kr))
    if not hist:
        return "\n".join([*out, "", _("No check-ins yet.")]) + "\n"
    series = kr_series(data, kr.id, upto=hist[-1].week)
    if series:  # empty when the check-ins lie outside the cycle's dates
        out.append(_("progress {line}  ({first} to {last}; · = no check-in yet)").format(
            line=sparkline([p.progress for p in series]), first=series[0].week, last=series[-1].week))
    out.append("")
    for c, d, events in zip(hist, kr_deltas(data, kr.id), blocker_events(hist)):
        out += _kr_week_text(c, d, kr, events)
    return "\n".join(out) + "\n"


def kr_history_json(data: CycleData, kr: KeyResult) -> dict[str, Any]:
    hist = data.history(kr.id)
    checkins = []
    for c, d, events in zip(hist, kr_deltas(data, kr.id), blocker_events(hist)):
        row = c.model_dump(mode="json", exclude={"kr"})
        row["blocker_events"] = [{"kind": e.kind, "text": e.text, "help_from": e.help_from, "raised": e.raised,
                                  "age": e.age} for e in events]
        row["band"] = str(confidence_band(c.confidence)) if c.confidence is not None else ""
        row["change"] = d.to_dict()
        checkins.append(row)
    upto = hist[-1].week if hist else None
    return {
        "history_version": HISTORY_JSON_VERSION, "cycle": data.cycle.name, "type": "key_result",
        "key_result": {**kr.model_dump(mode="json", exclude={"order", "archived"}),
                       "lower_is_better": kr.lower_is_better},
        "checkins": checkins,
        "series": [p.to_dict() for p in kr_series(data, kr.id, upto=upto)] if upto else [],
    }


# -- an objective ------------------------------------------------------------------------
def _objective_weeks(data: CycleData, obj: Objective) -> list[dict[str, Any]]:
    """The objective's weeks from its first check-in to its last, each with its key results'."""
    krs = data.krs_of(obj.id)
    active = [c.week for k in krs for c in data.history(k.id)]
    active += [c.week for c in data.objective_checkins if c.objective == obj.id]
    if not active:
        return []
    first = min(active)
    series = {k.id: {p.week: p for p in kr_series(data, k.id, upto=max(active))} for k in krs}
    out = []
    for point in objective_series(data, obj.id, upto=max(active)):
        if point.week < first:
            continue
        oc = data.objective_checkin(obj.id, point.week)
        out.append({
            **point.to_dict(), "note": oc.note if oc else "", "wins": oc.wins if oc else "",
            "key_results": {k: s[point.week].to_dict() for k, s in series.items()},
        })
    return out


def _cell(progress: float | None, carried: bool) -> str:
    return f"({pct(progress)})" if carried else pct(progress)


def objective_history_text(data: CycleData, obj: Objective) -> str:
    facts = [clean(obj.owner), shown(obj.kind)] + ([_("team {name}").format(name=clean(obj.team))] if obj.team else [])
    out = [f"{obj.id}  {clean(obj.title)}  ({', '.join(facts)}) · "
           + _("cycle {name}").format(name=clean(data.cycle.name))]
    krs = data.krs_of(obj.id)
    out += [f"  {k.id}  {clean(k.title)}  ({clean(k.owner)})" for k in krs]
    weeks = _objective_weeks(data, obj)  # empty too when check-ins lie outside the cycle's dates
    if not weeks:
        return "\n".join([*out, "", _("No check-ins yet.")]) + "\n"
    out.append(_("progress {line}  ({first} to {last})").format(
        line=sparkline([w["progress"] for w in weeks]), first=weeks[0]["week"], last=weeks[-1]["week"]))
    cols = [k.id for k in krs]
    width = max([len("(100%)"), *map(len, cols)]) + 2
    conf_width = max(cell_len(_("confidence")), *(cell_len(conf(w["confidence"])) for w in weeks)) + 2
    header = pad(_("week"), 10) + pad(_("progress"), 10) + pad(_("confidence"), conf_width) \
        + "".join(f"{c:<{width}}" for c in cols)
    out += ["", header.rstrip()]
    for w in weeks:
        cells = "".join(f"{_cell(k['progress'], k['carried']):<{width}}" for k in w["key_results"].values())
        progress = _cell(w["progress"], w["carried"])
        out.append(f"{w['week']:<10}{progress:<10}{pad(conf(w['confidence']), conf_width)}{cells}".rstrip())
        for key, label in (("note", N_("note")), ("wins", N_("wins"))):
            out += [f"{'':<10}" + _("{label}: {text}").format(label=_(label), text=line)
                    for line in clean(w[key]).splitlines()]
    out += ["", _("(40%) = no check-in that week: the last known value; - = none yet")]
    return "\n".join(out) + "\n"


def objective_history_json(data: CycleData, obj: Objective) -> dict[str, Any]:
    return {
        "history_version": HISTORY_JSON_VERSION, "cycle": data.cycle.name, "type": "objective",
        "objective": obj.model_dump(mode="json", exclude={"order", "archived", "confidence"}),
        "key_results": [{"id": k.id, "title": k.title, "owner": k.owner, "unit": k.unit}
                        for k in data.krs_of(obj.id)],
        "weeks": _objective_weeks(data, obj),
    }


def render_text(data: CycleData, item: KeyResult | Objective) -> str:
    if isinstance(item, KeyResult):
        return kr_history_text(data, item)
    return objective_history_text(data, item)


def render_json(data: CycleData, item: KeyResult | Objective) -> str:
    """``history_version`` and ``type`` ("key_result" or "objective") lead (see README)."""
    found = kr_history_json(data, item) if isinstance(item, KeyResult) else objective_history_json(data, item)
    return dumps(cleaned(found)) + "\n"
