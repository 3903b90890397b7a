"""What a replay of the journal (store/replay.py) reports: the records it rebuilt, the
values one host's change replaced of another's, the ids given anew, the event files it
skipped, and how a message names a record."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .i18n import N_, _
from .models import SCHEMA_VERSION
from .text import shown
from .validation import shown_field


@dataclass
class Conflict:
    what: str
    loser: str
    winner: str
    fields: list[tuple[str, Any, Any]]  # field, the value replaced, the value kept
    removed: bool = False  # the winner withdrew the record: ``fields`` are the loser's it took with it

    def __str__(self) -> str:
        if self.removed:
            lost = _(", ").join(_("{field} {old}").format(field=shown_field(f), old=shown(old))
                                for f, old, _new in self.fields)
            return _("{what}: host {winner} withdrew it, with host {loser}'s {changes}").format(
                what=self.what, winner=self.winner, loser=self.loser, changes=lost)
        changes = _(", ").join(_("{field} {old} with {new}").format(field=shown_field(f), old=shown(old), new=shown(new))
                               for f, old, new in self.fields)
        return _("{what}: host {winner} replaced host {loser}'s {changes}").format(
            what=self.what, winner=self.winner, loser=self.loser, changes=changes)


@dataclass
class Renamed:
    raw: str
    final: str
    host: str

    def __str__(self) -> str:
        return _("{raw} from host {host} is now {final}").format(raw=self.raw, host=self.host, final=self.final)


@dataclass
class Skipped:
    path: Path
    reason: str

    def __str__(self) -> str:
        return _("skipped {path}: {why}").format(path=self.path, why=self.reason)


@dataclass
class Replayed:
    records: dict[str, list[dict[str, Any]]]  # per table, in the order they were created
    events: int = 0
    clock: dict[str, str] = field(default_factory=dict)  # each host's latest event, applied or not
    conflicts: list[Conflict] = field(default_factory=list)
    renamed: list[Renamed] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def cycle_file(self) -> dict[str, Any]:
        """The records in a cycle file's layout (TinyDB's), doc ids in creation order."""
        data: dict[str, Any] = {"meta": {"1": {"schema_version": SCHEMA_VERSION}}}
        for table, rows in self.records.items():
            if rows:
                data[table] = {str(i): row for i, row in enumerate(rows, start=1)}
        return data


_WHAT = {"objectives": N_("objective"), "key_results": N_("key result"), "meetings": N_("meeting")}
_LABELS = {"meetings": N_("meeting {id}"), "cycles": N_("cycle {name}")}
_WHOLE = {"teams": N_("the teams"), "thresholds": N_("the thresholds")}


def what_of(table: str) -> str:
    """A table's records as a message names them: "objective", "key result"."""
    return _(_WHAT[table]) if table in _WHAT else table


def label(table: str, key: tuple[str, ...]) -> str:
    """A record as a message names it: O5, O1.2 2026-W48, meeting M3, cycle 2027-Q1."""
    if not key:
        return _(_WHOLE[table]) if table in _WHOLE else f"the {table}"
    joined = " ".join(key)
    return _(_LABELS[table]).format(id=joined, name=joined) if table in _LABELS else joined
