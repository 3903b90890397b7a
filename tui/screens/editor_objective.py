"""The form for writing or changing an objective."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Select

from store import Kind, Objective, Store, current_user
from store.cycle_data import CycleData
from store.cycle_tx import CycleTx
from tui.i18n import _
from tui.screens.editor_form import EditorForm, FormError
from tui.widgets.format import clean
from tui.widgets.text_input import TextInput
from tui.widgets.words import word


class ObjectiveForm(EditorForm):
    def __init__(self, store: Store, data: CycleData, objective: Objective | None = None, *, team: str = "") -> None:
        """``data``: the cycle as the editor shows it (its objectives are the ones to align to);
        the form reads nothing from the store on the UI thread."""
        super().__init__(store, data.cycle)
        self.data = data
        self.objective = objective
        self.team = team
        self.TITLE_TEXT = (_("Edit {id}").format(id=objective.id) if objective
                           else _("New objective in {cycle}").format(cycle=clean(data.cycle.name)))

    def fields(self) -> Iterator[tuple[str, str, Widget]]:
        o = self.objective
        parents = [(Text(f"{p.id} {clean(p.title)}"), p.id) for p in self.data.active_objectives()
                   if not o or p.id != o.id]
        yield "title", _("Title"), TextInput(o.title if o else "", id="title", compact=True,
                                             placeholder=_("qualitative and ambitious"))
        yield "owner", _("Owner"), TextInput(o.owner if o else current_user(), id="owner", compact=True)
        yield "team", _("Team"), TextInput(o.team if o else self.team, id="team", compact=True, placeholder=_("none"))
        yield "kind", _("Kind"), Select([(word(k), k.value) for k in Kind],
                                        value=o.kind.value if o else Kind.COMMITTED.value,
                                        allow_blank=False, id="kind", compact=True)
        aligned = o.aligns_to if o and any(v == o.aligns_to for _label, v in parents) else Select.NULL
        yield "aligns_to", _("Aligns to"), Select(parents, value=aligned, prompt=_("nothing"), id="aligns_to",
                                                  compact=True)
        confidence = "" if not o or o.confidence is None else str(o.confidence)
        yield "confidence", _("Confidence"), TextInput(confidence, id="confidence", compact=True,
                                                       placeholder=_("1-10, optional"))

    def changes(self) -> dict[str, Any]:
        confidence = self.value("confidence")
        if confidence and not confidence.isdigit():
            raise FormError({"confidence": _("a whole number from 1 to 10")})
        return {"title": self.value("title"), "owner": self.value("owner"), "team": self.value("team"),
                "kind": self.value("kind"), "aligns_to": self.value("aligns_to") or "",
                "confidence": int(confidence) if confidence else None}

    def check(self) -> None:
        base = self.objective.model_dump() if self.objective else {"id": "O1"}
        Objective.model_validate({**base, **self.changes()})

    def write(self, tx: CycleTx, changes: dict[str, Any], force: bool) -> str:
        if self.objective:
            return tx.update_objective(self.objective.id, **changes).id
        return tx.add_objective(**changes, force=force).id
