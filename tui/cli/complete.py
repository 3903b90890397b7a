"""Shell completion of what is in the store: key-result and objective ids, cycles, meetings.

Click drives it (`_OKR_COMPLETE=bash_source okr`, see the README); these functions only
answer with candidates. A store that cannot be opened completes nothing, quietly.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem  # imported where used: only completion needs it

    from store import CycleData, Store



def _store(ctx: click.Context) -> Store | None:
    from store import Store, StoreError

    path = ctx.params.get("store_path") or ctx.meta.get("okr.store")
    try:
        return Store.open(path)
    except (StoreError, OSError):
        return None


def _cycle_data(ctx: click.Context) -> CycleData | None:
    from store import StoreError

    store = _store(ctx)
    if store is None:
        return None
    try:
        return store.load(store.cycle(ctx.params.get("cycle_name") or ctx.meta.get("okr.cycle")))
    except (StoreError, OSError):
        return None


def _items(pairs: Iterable[tuple[str, str]], incomplete: str) -> list[CompletionItem]:
    from click.shell_completion import CompletionItem

    prefix = incomplete.upper()
    return [CompletionItem(value, help=title[:60]) for value, title in pairs if value.startswith(prefix)]


def key_result_ids(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    data = _cycle_data(ctx)
    if data is None:
        return []
    return _items(((k.id, k.title) for o in data.active_objectives() for k in data.krs_of(o.id)), incomplete)


def objective_ids(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    data = _cycle_data(ctx)
    return [] if data is None else _items(((o.id, o.title) for o in data.active_objectives()), incomplete)


def item_ids(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    return objective_ids(ctx, param, incomplete) + key_result_ids(ctx, param, incomplete)


def meeting_ids(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    data = _cycle_data(ctx)
    if data is None:
        return []
    return _items(((m.id, f"{m.week} {m.team or m.owner or ''}".strip()) for m in data.meetings), incomplete)


def cycle_names(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    from click.shell_completion import CompletionItem

    store = _store(ctx)
    if store is None:
        return []
    return [CompletionItem(c.name, help=f"{c.start} to {c.end}") for c in store.cycles()
            if c.name.lower().startswith(incomplete.lower())]
