"""The alignment view: a tree of objectives under the ones they align to, across teams."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Static, Tree
from textual.widgets.tree import TreeNode

from store import Cycle, Store
from store.alignment import AlignmentNode, build_alignment
from tui.i18n import _
from tui.widgets.format import clean, ellipsis
from tui.widgets.symbols import SYMBOLS


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}%"


def _conf(value: int | None) -> str:
    return "—" if value is None else f"{value}/10"


TITLE_LEAST = 12  # a title given less room than this: the whole label is cut instead


def node_label(node: AlignmentNode, room: int | None = None) -> Text:
    """Numbers first, then the title and whose it is; in ``room`` cells the title is cut at
    a word with "…" (or, with too little room for it, the label's end)."""
    o = node.objective
    label = Text.assemble((o.id, "bold"), " " + _("{progress} conf {confidence}").format(
        progress=_pct(node.progress), confidence=_conf(node.confidence)))
    if node.children:
        label.append(" · " + _("with aligned {progress} lowest {confidence}").format(
            progress=_pct(node.rolled_progress), confidence=_conf(node.rolled_confidence)), style="italic")
    if node.orphan_reason:
        label.append(f" · {SYMBOLS.warn} " + _("orphan: {reason}").format(reason=node.orphan_reason), style="bold")
    team = f" · {clean(o.team)}" if o.team else ""
    label.append(" · ")
    whose = Text(f" ({clean(o.owner)}{team})", style="dim")
    title = clean(o.title)
    if room is not None and label.cell_len + cell_len(title) + whose.cell_len > room:
        title_room = room - label.cell_len - whose.cell_len
        if title_room < TITLE_LEAST:
            label.append(title)
            label.append_text(whose)
            label.truncate(room, overflow="ellipsis")
            return label
        title = ellipsis(title, title_room)
    label.append(title)
    label.append_text(whose)
    return label


class AlignmentTree(Tree[str]):
    """The tree, its branch marks from the symbols table (narrow forms in CJK locales)."""

    ICON_NODE = SYMBOLS.collapsed + " "
    ICON_NODE_EXPANDED = SYMBOLS.expanded + " "


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
        self._labels: list[tuple[TreeNode[str], AlignmentNode, int]] = []  # each objective's node, at its depth

    def compose(self) -> ComposeResult:
        yield Static(Text(_("Alignment · cycle {cycle} · week {week}").format(cycle=clean(self.cycle.name), week=self.week),
                          style="bold"),
                     id="alignment-head")
        yield AlignmentTree(Text(f"{clean(self.cycle.name)}"), id="alignment-tree")
        yield Footer()

    def on_mount(self) -> None:
        tree: Tree[str] = self.query_one(Tree)
        data = build_alignment(self.store.load(self.cycle), self.week)
        for node in data.roots:
            self._add(tree.root, node, 1)
        if data.orphans:
            orphans = tree.root.add(Text(_("Orphans ({count}): aligned to nothing that is here").format(
                count=len(data.orphans)), style="bold"))
            for node in data.orphans:
                self._add(orphans, node, 2)
        if not data.roots and not data.orphans:
            tree.root.add_leaf(Text(_("No objectives in this cycle yet.")))
        tree.root.expand_all()
        tree.focus()

    def on_resize(self) -> None:
        """Each label fitted to the room its line leaves (the guides take ``guide_depth`` a level)."""
        tree = self.query_one(AlignmentTree)
        width = tree.scrollable_content_region.width or self.size.width
        for tree_node, node, depth in self._labels:
            icon = 2 if tree_node.allow_expand else 0
            tree_node.set_label(node_label(node, max(1, width - depth * tree.guide_depth - icon)))

    def _add(self, parent: TreeNode[str], node: AlignmentNode, depth: int) -> None:
        if node.children:
            branch = parent.add(node_label(node), data=node.objective.id)
            self._labels.append((branch, node, depth))
            for child in node.children:
                self._add(branch, child, depth + 1)
        else:
            self._labels.append((parent.add_leaf(node_label(node), data=node.objective.id), node, depth))
