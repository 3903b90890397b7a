"""The form for writing or changing a key result: percent, or a metric with start, target, unit."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Select

from store import Cycle, KeyResult, Objective, Store
from store.cycle_tx import CycleTx
from store.weeks import parse_date
from tui.i18n import _
from tui.screens.editor_form import EditorForm, FormError
from tui.widgets.format import clean, number
from tui.widgets.text_input import TextInput

PERCENT, METRIC = "percent", "metric"


class KeyResultForm(EditorForm):
    def __init__(self, store: Store, cycle: Cycle, objective: Objective, kr: KeyResult | None = None) -> None:
        super().__init__(store, cycle)
        self.objective = objective
        self.kr = kr
        self.TITLE_TEXT = (_("Edit {id}").format(id=kr.id) if kr else _("New key result of {id} {title}").format(
            id=objective.id, title=clean(objective.title)))

    def fields(self) -> Iterator[tuple[str, str, Widget]]:
        k = self.kr
        metric = bool(k and k.is_metric)
        yield "title", _("Title"), TextInput(k.title if k else "", id="title", compact=True, placeholder=_("measurable"))
        yield "owner", _("Owner"), TextInput(k.owner if k else "", id="owner", compact=True,
                                             placeholder=_("{owner} (the objective's)").format(owner=clean(self.objective.owner)))
        yield "measure", _("Measured"), Select([(_("in percent, 10% steps"), PERCENT), (_("as a metric"), METRIC)],
                                            value=METRIC if metric else PERCENT, allow_blank=False, id="measure",
                                            compact=True)
        for name, label in (("start", _("Start")), ("target", _("Target"))):
            value = getattr(k, name) if k else None
            yield name, label, TextInput("" if value is None else number(value), id=name, compact=True,
                                         placeholder=_("a number"), disabled=not metric)
        yield "unit", _("Unit"), TextInput(k.unit if k else "", id="unit", compact=True, placeholder=_("e.g. h, %, users"),
                                           disabled=not metric)
        yield "due", _("Due"), TextInput(str(k.due) if k and k.due else "", id="due", compact=True,
                                         placeholder=_("YYYY-MM-DD (cycle ends {end})").format(end=self.cycle.end))

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "measure":
            for name in ("start", "target", "unit"):
                self.query_one(f"#{name}", Input).disabled = event.value != METRIC

    def changes(self) -> dict[str, Any]:
        errors: dict[str, str] = {}
        numbers: dict[str, float | None] = {"start": None, "target": None}
        if self.value("measure") == METRIC:
            for name in numbers:
                text = self.value(name).replace(",", ".")
                if not text:
                    errors[name] = _("a metric needs a start and a target")
                    continue
                try:
                    numbers[name] = float(text)
                except ValueError:
                    errors[name] = _("{text} is not a number").format(text=repr(text))
        due = None
        if self.value("due"):
            try:
                due = parse_date(self.value("due"))
            except ValueError as e:
                errors["due"] = str(e)
        if errors:
            raise FormError(errors)
        unit = self.value("unit") if self.value("measure") == METRIC else ""
        return {"title": self.value("title"), "owner": self.value("owner") or self.objective.owner,
                "unit": unit, "due": due, **numbers}

    def check(self) -> None:
        base = self.kr.model_dump() if self.kr else {"id": f"{self.objective.id}.1", "objective": self.objective.id}
        KeyResult.model_validate({**base, **self.changes()})

    def note(self) -> Content:
        """Lower-is-better is implied by a target below the start: say so as it is typed."""
        if self.value("measure") != METRIC:
            return Content(_("Progress is given in 10% steps at each check-in."))
        try:
            start, target = float(self.value("start")), float(self.value("target"))
        except ValueError:
            return Content(_("From start to target; the percentage is derived from the value."))
        if target < start:
            return Content(_("Lower is better: from {start} down to {target}.").format(start=number(start), target=number(target)))
        return Content(_("Higher is better: from {start} up to {target}.").format(start=number(start), target=number(target)))

    def write(self, tx: CycleTx, changes: dict[str, Any], force: bool) -> str:
        if self.kr:
            return tx.update_key_result(self.kr.id, **changes).id
        return tx.add_key_result(self.objective.id, **changes, force=force).id
