"""A change to several cycles and the root file at once, committed as one (an import,
a new cycle): ``Store.transaction()`` and ``Store.creating()`` yield a ``StoreTx``.

The root file's lock is held throughout, and each cycle's lock from the moment the
transaction touches it, so the checks made inside (names, overlaps, empty cycles) still
hold when the files are written. Nothing is written before the block ends; then every
file is written or none (store/commit.py).
"""

from __future__ import annotations

import datetime as dt
from contextlib import ExitStack
from typing import TYPE_CHECKING

from pydantic import ValidationError

from .commit import Change, commit
from .cycle_tx import CycleTx
from .errors import InvalidInputError, NotFoundError
from .files import dump_json
from .models import Cycle, Root
from .validation import build, invalid

if TYPE_CHECKING:
    from .store import Store


class StoreTx:
    def __init__(self, store: Store, root: Root, root_raw: bytes | None, locks: ExitStack) -> None:
        self.store = store
        self.root = root  # a fresh copy, to change
        self._root_raw = root_raw
        self._locks = locks
        self._txs: dict[str, CycleTx] = {}
        self._read: dict[str, bytes | None] = {}  # each cycle's file as read (None: none yet), to put back

    def cycle(self, cycle: Cycle) -> CycleTx:
        """One of the store's cycles, to change (its file must be there)."""
        if cycle.name not in self._txs:
            if cycle not in self.root.cycles:
                raise NotFoundError(f"no cycle {cycle.name} ({cycle.start} to {cycle.end}) in {self.store.path}",
                                    field="cycle", value_id=cycle.name)
            self._open(cycle, new=False)
        return self._txs[cycle.name]

    def add_cycle(self, name: str, start: dt.date, end: dt.date) -> CycleTx:
        """A new cycle, to fill: refused if its name is taken or its dates overlap another's."""
        cycle = build(Cycle, name=name, start=start, end=end)
        if any(c.name == name for c in self.root.cycles):
            raise InvalidInputError(f"cycle {name} exists already", field="cycle", value_id=name)
        clash = next((c for c in self.root.cycles if c.start <= end and start <= c.end), None)
        if clash:
            raise InvalidInputError(f"cycle {name} overlaps cycle {clash.name} ({clash.start} to {clash.end})",
                                    field="cycle", value_id=name)
        self.root.cycles.append(cycle)
        return self._open(cycle, new=True)

    def _open(self, cycle: Cycle, *, new: bool) -> CycleTx:
        from .store import locked

        self._locks.enter_context(locked(self.store.cycle_path(cycle), shared=self.store.shared))
        state, self._read[cycle.name] = self.store._read(cycle, new=new)
        tx = self._txs[cycle.name] = CycleTx(cycle, state)
        return tx

    def changes(self) -> list[Change]:
        """What to write: each changed (or new) cycle file, then the root file."""
        out = [Change(self.store.cycle_path(tx.cycle), dump_json(tx.state.data), self._read[name])
               for name, tx in self._txs.items() if tx.dirty or self._read[name] is None]
        try:
            self.root = Root.model_validate(self.root.model_dump())
        except ValidationError as e:
            raise invalid(e) from None
        root = dump_json(self.root.model_dump(mode="json"))
        if root != self._root_raw:
            out.append(Change(self.store.root_path, root, self._root_raw))
        return out

    def commit(self) -> None:
        from . import journal  # here, not at the top: only a write journals (in a synced store)

        changes = self.changes()
        changes = [*journal.events(self.store, self._txs.values(), root=(self._root_raw, self.root)), *changes]
        commit(changes, shared=self.store.shared)
        written = {c.path: c.new for c in changes}
        for tx in self._txs.values():
            if (raw := written.get(self.store.cycle_path(tx.cycle))) is not None:
                tx.state.saved(raw)

    def forget(self) -> None:
        """The cycles' states were changed in memory but not on disk: drop them."""
        for tx in self._txs.values():
            self.store._states.pop(self.store.cycle_path(tx.cycle), None)
