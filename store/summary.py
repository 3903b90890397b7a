"""The meeting summary as data: needs-help first, then each objective, then wins."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .cycle_data import CycleData
from .models import Meeting, Thresholds
from .rules import (
    confidence_band, needs_help, objective_confidence, objective_progress,
)


@dataclass
class KRLine:
    id: str
    objective: str
    title: str
    owner: str
    progress: int | None
    progress_before: int | None
    value: float | None
    unit: str
    confidence: int | None
    confidence_before: int | None
    band: str
    blocker: str
    help_from: str
    note: str
    reasons: list[str]


@dataclass
class ObjectiveLine:
    id: str
    title: str
    owner: str
    team: str
    kind: str
    aligns_to: str
    progress: float | None
    progress_before: float | None
    confidence: int | None
    confidence_before: int | None
    note: str
    wins: str
    key_results: list[KRLine] = field(default_factory=list)


@dataclass
class Summary:
    cycle: str
    week: str
    team: str
    owner: str
    meeting: dict[str, Any] | None
    needs_help: list[KRLine]
    objectives: list[ObjectiveLine]
    wins: list[dict[str, str]]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def build_summary(data: CycleData, week: str, t: Thresholds, *, team: str = "", owner: str = "",
                  meeting: Meeting | None = None) -> Summary:
    objectives: list[ObjectiveLine] = []
    flagged: list[KRLine] = []
    for obj in data.active_objectives(team=team, owner=owner):
        oc = data.objective_checkin(obj.id, week)
        prev_oc = data.previous_objective_checkin(obj.id, week)
        line = ObjectiveLine(
            id=obj.id, title=obj.title, owner=obj.owner, team=obj.team, kind=str(obj.kind),
            aligns_to=obj.aligns_to,
            progress=objective_progress(data, obj.id, week),
            progress_before=None, confidence=objective_confidence(data, obj.id, week),
            confidence_before=prev_oc.confidence if prev_oc else None,
            note=oc.note if oc else "", wins=oc.wins if oc else "",
        )
        befores: list[int] = []
        for kr in data.krs_of(obj.id):
            before = data.previous(kr.id, week)
            # Over all key results, like ``progress``: the owner filter hides lines, not numbers.
            befores.append(before.progress if before else 0)
            if owner and kr.owner != owner and obj.owner != owner:
                continue
            hist = data.history(kr.id, upto=week)
            now = hist[-1] if hist and hist[-1].week == week else None
            kl = KRLine(
                id=kr.id, objective=obj.id, title=kr.title, owner=kr.owner,
                progress=(now or before).progress if (now or before) else None,
                progress_before=before.progress if before else None,
                value=(now or before).value if (now or before) else None,
                unit=kr.unit,
                confidence=(now or before).confidence if (now or before) else None,
                confidence_before=before.confidence if before else None,
                band="", blocker=now.blocker if now else "", help_from=now.help_from if now else "",
                note=now.note if now else "",
                reasons=[r.text for r in needs_help(kr, obj, hist, data.cycle, week, t)],
            )
            if kl.confidence is not None:
                kl.band = str(confidence_band(kl.confidence))
            line.key_results.append(kl)
            if kl.reasons:
                flagged.append(kl)
        if befores:
            line.progress_before = sum(befores) / len(befores)
        objectives.append(line)
    wins = [{"objective": o.id, "title": o.title, "wins": o.wins} for o in objectives if o.wins]
    return Summary(
        cycle=data.cycle.name, week=week, team=team, owner=owner,
        meeting=meeting.model_dump(mode="json") if meeting else None,
        needs_help=flagged, objectives=objectives, wins=wins,
    )
