"""The alignment view: a tree of objectives under the ones they align to, across teams."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Static, Tree
from textual.widgets.tree import TreeNode

from store import Cycle, Store
from store.alignment import AlignmentNode, build_alignment

from tui.i18n import _
from tui.widgets.format import clean


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}%"


def _conf(value: int | None) -> str:
    return "—" if value is None else f"{value}/10"


def node_label(node: AlignmentNode) -> Text:
    """Numbers first, so they stay in view when a long title runs past the edge."""
    o = node.objective
    label = Text.assemble((o.id, "bold"), " " + _("{progress} conf {confidence}").format(
        progress=_pct(node.progress), confidence=_conf(node.confidence)))
    if node.children:
        label.append(" · " + _("with aligned {progress} lowest {confidence}").format(
            progress=_pct(node.rolled_progress), confidence=_conf(node.rolled_confidence)), style="italic")
    if node.orphan_reason:
        label.append(" · ⚠ " + _("orphan: {reason}").format(reason=node.orphan_reason), style="bold")
    team = f" · {clean(o.team)}" if o.team else ""
    label.append(" · ")
    label.append(clean(o.title))
    label.append(f" ({clean(o.owner)}{team})", style="dim")
    return label


class AlignmentScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "app.pop_screen", _("back"), id="alignment.back", tooltip=_("Back to the home screen")),
        Binding("question_mark,f1", "app.help", _("help"), id="alignment.help", tooltip=_("All keys")),
    ]

    def __init__(self, store: Store, cycle: Cycle, week: str) -> None:
        super().__init__()
        self.store = store
        self.cycle = cycle
        self.week = week

    def compose(self) -> ComposeResult:
        yield Static(Text(_("Alignment · cycle {cycle} · week {week}").format(cycle=clean(self.cycle.name), week=self.week),
                          style="bold"),
                     id="alignment-head")
        yield Tree(Text(f"{clean(self.cycle.name)}"), id="alignment-tree")
        yield Footer()

    def on_mount(self) -> None:
        tree: Tree[str] = self.query_one(Tree)
        data = build_alignment(self.store.load(self.cycle), self.week)
        for node in data.roots:
            self._add(tree.root, node)
        if data.orphans:
            orphans = tree.root.add(Text(_("Orphans ({count}): aligned to nothing that is here").format(
                count=len(data.orphans)), style="bold"))
            for node in data.orphans:
                self._add(orphans, node)
        if not data.roots and not data.orphans:
            tree.root.add_leaf(Text(_("No objectives in this cycle yet.")))
        tree.root.expand_all()
        tree.focus()

    def _add(self, parent: TreeNode[str], node: AlignmentNode) -> None:
        if node.children:
            branch = parent.add(node_label(node), data=node.objective.id)
            for child in node.children:
                self._add(branch, child)
        else:
            parent.add_leaf(node_label(node), data=node.objective.id)
