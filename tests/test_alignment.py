"""The alignment tree: objectives under their parents across teams, rolled-up progress
and confidence, orphans (missing, archived or looping parents) shown as such."""

from __future__ import annotations

from collections.abc import Iterator

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from store import CycleData, Store
from store.alignment import AlignmentTree, build_alignment
from tui.home_app import HomeApp
from tui.screens.alignment import AlignmentScreen

WEEK = "2026-W48"


def fill(store: Store) -> None:
    """O1 org (KR at 80%, conf 9) ← O2 Support (KR 40%, conf 5) ← O3 Support (no KRs);
    O1 ← O4 Platform (KR 20%, conf 8); O5 → archived O6; O7 ↔ O8 loop."""
    cycle = store.cycle()
    with store.write(cycle) as tx:
        tx.add_objective(title="Customers love us", owner="Org", team="Org")
        tx.add_objective(title="[red]Fast[/red] support", owner="Ana", team="Support", aligns_to="O1")
        tx.add_objective(title="Self-service", owner="Ben", team="Support", aligns_to="O2")
        tx.add_objective(title="Reliable platform", owner="Dan", team="Platform", aligns_to="O1")
        tx.add_objective(title="Orphan", owner="Eve", team="Platform")
        tx.add_objective(title="Gone", owner="Eve", team="Platform")
        tx.add_objective(title="Loop A", owner="Fay")
        tx.add_objective(title="Loop B", owner="Fay", aligns_to="O7")
        tx.update_objective("O5", aligns_to="O6")
        tx.update_objective("O6", archived=True)
        tx.update_objective("O7", aligns_to="O8")
        for oid, progress, confidence in (("O1", 80, 9), ("O2", 40, 5), ("O4", 20, 8)):
            k = tx.add_key_result(oid, title=f"KR of {oid}")
            tx.check_in(k.id, WEEK, progress=progress)
            tx.check_in_objective(oid, WEEK, confidence=confidence)


def test_tree_rolls_up_progress_and_confidence(store: Store) -> None:
    fill(store)
    tree = build_alignment(store.load(store.cycle()), WEEK)
    assert [n.objective.id for n in tree.roots] == ["O1"]
    o1 = tree.roots[0]
    assert [c.objective.id for c in o1.children] == ["O2", "O4"]
    o2 = o1.children[0]
    assert [c.objective.id for c in o2.children] == ["O3"]
    assert o2.rolled_progress == 40  # O3 has no key results: it adds nothing
    assert o1.rolled_progress == (80 + 40 + 20) / 3
    assert o1.progress == 80 and o1.confidence == 9
    assert o1.rolled_confidence == 5  # the least sure part of the subtree


def test_orphans_say_why(store: Store) -> None:
    fill(store)
    tree = build_alignment(store.load(store.cycle()), WEEK)
    reasons = {n.objective.id: n.orphan_reason for n in tree.orphans}
    assert reasons == {
        "O5": "aligns to O6, which is archived",
        "O7": "aligns to O8, which aligns back to it (a loop)",
        "O8": "aligns to O7, which aligns back to it (a loop)",
    }
    assert sorted(shown(tree)) == ["O1", "O2", "O3", "O4", "O5", "O7", "O8"]  # not the archived O6


def shown(tree: AlignmentTree) -> list[str]:
    """The ids of every node of the tree, orphans' subtrees included."""
    out, stack = [], [*tree.roots, *tree.orphans]
    while stack:
        node = stack.pop()
        out.append(node.objective.id)
        stack.extend(node.children)
    return out


def test_missing_parent_is_an_orphan(store: Store) -> None:
    fill(store)
    data = store.load(store.cycle())
    o2 = data.objective("O2")
    assert o2 is not None
    data = CycleData(data.cycle, [o for o in data.objectives if o.id != "O1"], data.key_results, data.checkins,
                     data.objective_checkins, data.meetings)
    tree = build_alignment(data, WEEK)
    assert [(n.objective.id, n.orphan_reason) for n in tree.orphans][0] == ("O2", "aligns to O1, which does not exist")


def labels(tree: Tree) -> list[str]:
    out = []
    stack = [tree.root]
    while stack:
        node = stack.pop(0)
        assert isinstance(node.label, Text)
        out.append(node.label.plain)
        stack[:0] = list(node.children)
    return out


async def test_alignment_screen_shows_the_tree_and_orphans(store: Store) -> None:
    fill(store)
    app = HomeApp(store, week=WEEK)
    async with app.run_test(size=(120, 40)) as pilot:  # room for every label whole
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AlignmentScreen)
        tree = app.screen.query_one(Tree)
        text = labels(tree)
        first = next(t for t in text if t.startswith("O1 "))
        assert first.startswith("O1 80% conf 9/10 · with aligned 47% lowest 5/10 · Customers love us (Org · Org)")
        assert any(t.endswith("· [red]Fast[/red] support (Ana · Support)") for t in text)  # never markup
        assert any("Orphans" in t for t in text)
        orphan = next(t for t in text if t.startswith("O5 "))
        assert "⚠ orphan: aligns to O6, which is archived" in orphan
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, AlignmentScreen)


async def test_labels_fit_a_narrow_tree_cut_at_a_word(store: Store) -> None:
    fill(store)
    app = HomeApp(store, week=WEEK)
    async with app.run_test(size=(60, 24)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        tree = app.screen.query_one(Tree)
        for line in range(tree.last_line + 1):
            node = tree.get_node_at_line(line)
            assert node is not None
            depth = len(list(node_ancestors(node)))
            width = depth * tree.guide_depth + (2 if node.allow_expand else 0) + node.label.cell_len
            assert width <= tree.scrollable_content_region.width, node.label.plain
        assert any(t.endswith("…") for t in labels(tree))


def node_ancestors(node: TreeNode[str]) -> Iterator[TreeNode[str]]:
    while node.parent is not None:
        node = node.parent
        yield node
