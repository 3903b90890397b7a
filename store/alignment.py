"""The alignment tree: each objective under the one it aligns to, across teams.

Roll-up: an objective's rolled-up progress is the mean of its own progress (when it has
key results) and its children's rolled-up progress; its rolled-up confidence is the
lowest confidence in its subtree - a parent is only as sure as its least sure part.
An orphan aligns to an objective that is missing, archived, or part of an alignment loop.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .cycle_data import CycleData
from .models import Objective
from .rules import objective_confidence, objective_progress


@dataclass
class AlignmentNode:
    objective: Objective
    progress: float | None
    confidence: int | None
    children: list[AlignmentNode] = field(default_factory=list)
    orphan_reason: str = ""  # why its aligns_to leads nowhere; "" when it is not an orphan
    rolled_progress: float | None = None
    rolled_confidence: int | None = None


@dataclass
class AlignmentTree:
    roots: list[AlignmentNode]  # objectives that align to nothing
    orphans: list[AlignmentNode]  # objectives whose aligns_to leads nowhere, with their subtrees


def build_alignment(data: CycleData, week: str) -> AlignmentTree:
    active = data.active_objectives()
    nodes = {o.id: AlignmentNode(o, objective_progress(data, o.id, week), objective_confidence(data, o.id, week))
             for o in active}
    roots: list[AlignmentNode] = []
    orphans: list[AlignmentNode] = []
    looped = _in_loops(active)
    for o in active:
        node = nodes[o.id]
        parent = o.aligns_to
        if not parent:
            roots.append(node)
        elif o.id in looped:
            node.orphan_reason = f"aligns to {parent}, which aligns back to it (a loop)"
            orphans.append(node)
        elif parent in nodes:
            nodes[parent].children.append(node)
        else:
            found = data.objective(parent)
            node.orphan_reason = f"aligns to {parent}, which is archived" if found else f"aligns to {parent}, which does not exist"
            orphans.append(node)
    for node in [*roots, *orphans]:
        _roll_up(node)
    return AlignmentTree(roots, orphans)


def _in_loops(objectives: list[Objective]) -> set[str]:
    """Ids on an alignment loop (O1 → O2 → O1): following aligns_to comes back to them."""
    parent = {o.id: o.aligns_to for o in objectives}
    looped: set[str] = set()
    for start in parent:
        seen: list[str] = []
        at = start
        while at in parent and at not in seen:
            seen.append(at)
            at = parent[at]
        if at in seen:
            looped.update(seen[seen.index(at):])
    return looped


def _roll_up(node: AlignmentNode) -> None:
    for child in node.children:
        _roll_up(child)
    parts = [node.progress] if node.progress is not None else []
    parts += [c.rolled_progress for c in node.children if c.rolled_progress is not None]
    node.rolled_progress = sum(parts) / len(parts) if parts else None
    confidences = [c for c in [node.confidence, *(ch.rolled_confidence for ch in node.children)] if c is not None]
    node.rolled_confidence = min(confidences) if confidences else None
