"""The meeting summary as data: needs-help first (ranked), then each objective, then wins,
the key results not checked in, the blockers resolved and still open, and next steps."""

from __future__ import annotations

from typing import Any, NamedTuple

from .blockers import blocker_age, open_blockers, raised_in, resolved_blockers
from .cycle_data import CycleData
from .models import Meeting, MeetingKind, Thresholds
from .rules import (
    HelpReason,
    confidence_band,
    help_rank,
    needs_help,
    objective_confidence,
    objective_progress,
)

# Kept for the renderers, left out of JSON: ``reasons`` is their English; a review is
# told in JSON by its meeting's "kind".
_NOT_IN_JSON = frozenset({"helps", "review"})


def _plain(value: Any) -> Any:
    """``value`` as JSON's data: a line or summary as the dict of its fields but _NOT_IN_JSON,
    lists and dicts copied."""
    if isinstance(value, (KRLine, ObjectiveLine, Summary)):
        return {k: _plain(v) for k, v in zip(value._fields, value) if k not in _NOT_IN_JSON}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


# NamedTuples, not dataclasses: making these three was ~2 ms of every `okr summary`.
class KRLine(NamedTuple):
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
    # Added in summary_version 1 (new keys): the ledger and "nothing is silently fine".
    reason_names: list[str]  # "blocked", "stalled", ... in rank order
    checked_in: bool  # False: the values and flags are those of ``latest_week``
    latest_week: str | None
    blocker_since: str  # the week the open blocker was raised
    blocker_age: int  # weeks it has been open, 1 = raised this week
    next_step: str
    # The rules' reasons themselves, to show in the chosen language (not in JSON).
    helps: list[HelpReason]

    @property
    def shown_reasons(self) -> list[str]:
        """``reasons`` in the chosen language, for people."""
        return [h.shown for h in self.helps] if self.helps else list(self.reasons)


class ObjectiveLine(NamedTuple):
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
    key_results: list[KRLine]


class Summary(NamedTuple):
    cycle: str
    week: str
    team: str
    owner: str
    meeting: dict[str, Any] | None
    needs_help: list[KRLine]
    objectives: list[ObjectiveLine]
    wins: list[dict[str, str]]
    not_checked_in: list[KRLine]
    resolved: list[dict[str, Any]]
    still_open: list[dict[str, Any]]
    next_steps: list[dict[str, str]]
    # Not checked in because their owner was marked absent for the meeting (not in not_checked_in).
    absent: list[KRLine]
    # One owner's review: only ``owner``'s key results, whoever owns the objective.
    review: bool

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


def in_scope(kr_owner: str, objective_owner: str, owner: str, review: bool) -> bool:
    """Whether a key result is in a meeting filtered by ``owner`` (the meeting walks these and
    its summary lists them): in a review only the owner's own, an unowned key result being its
    objective owner's; in a team meeting the owner's objective shows all of its key results."""
    if not owner or kr_owner == owner:
        return True
    if review:
        return not kr_owner and objective_owner == owner
    return objective_owner == owner


def build_summary(data: CycleData, week: str, t: Thresholds, *, team: str = "", owner: str = "",
                  meeting: Meeting | None = None, kind: MeetingKind | None = None) -> Summary:
    """``owner`` in a team meeting keeps their key results and all of their objectives';
    in a review (``kind``, else the meeting's) only their own key results: one of
    someone else's under their objective is not theirs to review."""
    review = (kind or (meeting.kind if meeting else None)) == MeetingKind.REVIEW and bool(owner)
    objectives: list[ObjectiveLine] = []
    flagged: list[tuple[tuple[int, int], KRLine]] = []
    missing: list[KRLine] = []
    away = set(meeting.absent if meeting else ())
    absent: list[KRLine] = []
    shown: list[str] = []
    for obj in data.active_objectives(team=team, owner=owner):
        kr_lines: list[KRLine] = []
        befores: list[int] = []
        for kr in data.krs_of(obj.id):
            before = data.previous(kr.id, week)
            # Over all key results, like ``progress``: the owner filter hides lines, not numbers.
            befores.append(before.progress if before else 0)
            if not in_scope(kr.owner, obj.owner, owner, review):
                continue
            shown.append(kr.id)
            hist = data.history(kr.id, upto=week)
            now = hist[-1] if hist and hist[-1].week == week else None
            latest = hist[-1] if hist else None
            helps = needs_help(kr, obj, hist, data.cycle, week, t)
            kl = KRLine(
                id=kr.id, objective=obj.id, title=kr.title, owner=kr.owner,
                progress=latest.progress if latest else None,
                progress_before=before.progress if before else None,
                value=latest.value if latest else None,
                unit=kr.unit,
                confidence=latest.confidence if latest else None,
                confidence_before=before.confidence if before else None,
                band=str(confidence_band(latest.confidence)) if latest and latest.confidence is not None else "",
                blocker=latest.blocker if latest else "", help_from=latest.help_from if latest else "",
                note=now.note if now else "",
                reasons=[r.text for r in helps], reason_names=[str(r.reason) for r in helps],
                helps=helps,
                checked_in=now is not None, latest_week=latest.week if latest else None,
                blocker_since=raised_in(hist) or "", blocker_age=blocker_age(hist, week),
                next_step=latest.next_step if latest else "",
            )
            kr_lines.append(kl)
            if helps:
                flagged.append((help_rank([r.reason for r in helps], kl.help_from), kl))
            if now is None:
                (absent if kr.owner and kr.owner in away else missing).append(kl)
        oc = data.objective_checkin(obj.id, week)
        prev_oc = data.previous_objective_checkin(obj.id, week)
        objectives.append(ObjectiveLine(
            id=obj.id, title=obj.title, owner=obj.owner, team=obj.team, kind=str(obj.kind),
            aligns_to=obj.aligns_to,
            progress=objective_progress(data, obj.id, week),
            progress_before=sum(befores) / len(befores) if befores else None,
            confidence=objective_confidence(data, obj.id, week),
            confidence_before=prev_oc.confidence if prev_oc else None,
            note=oc.note if oc else "", wins=oc.wins if oc else "", key_results=kr_lines,
        ))
    wins = [{"objective": o.id, "title": o.title, "wins": o.wins} for o in objectives if o.wins]
    flagged.sort(key=lambda pair: pair[0])  # stable: objective order within a rank
    lines = {k.id: k for o in objectives for k in o.key_results}
    return Summary(
        cycle=data.cycle.name, week=week, team=team, owner=owner,
        meeting=meeting.model_dump(mode="json") if meeting else None,
        needs_help=[kl for _, kl in flagged], objectives=objectives, wins=wins,
        not_checked_in=missing, absent=absent, review=review,
        resolved=[b._asdict() for b in resolved_blockers(data, week, shown)],
        still_open=[b._asdict() for b in open_blockers(data, week, shown)],
        next_steps=[{"kr": k.id, "title": lines[k.id].title, "owner": k.owner, "next_step": k.next_step}
                    for k in lines.values() if k.next_step],
    )
