"""A large, realistic store for benchmarks and demos: years of quarterly history.

Going through ``CycleTx.check_in`` would cost O(cycle) per record (about 80,000 of them
at five years and 16 teams), so each cycle is built here as validated models, dumped to
the TinyDB layout ``cycle_tx`` reads, and written once, atomically, under its lock.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .cycle_file import TABLES
from .errors import StoreError
from .files import atomic_write, dump_json
from .models import (
    SCHEMA_VERSION,
    CheckIn,
    Cycle,
    KeyResult,
    Kind,
    Meeting,
    Objective,
    ObjectiveCheckIn,
)
from .store import ROOT_FILE, Store, locked
from .validation import build
from .weeks import quarter_of, week_monday, week_of

OBJECTIVES_PER_TEAM = 5
KRS_PER_OBJECTIVE = 4

TEAM_NAMES = [
    "Platform", "Payments", "Search", "Mobile", "Growth", "Data", "Security", "Support",
    "Sales Ops", "Marketing", "Design", "Infrastructure", "Billing", "Onboarding", "Analytics", "People",
]
FIRST_NAMES = [
    "Ada", "Ben", "Chloé", "Dev", "Elif", "Femi", "Grace", "Hiro", "Inès", "Jonas", "Kai", "Lena",
    "Malik", "Nora", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tara", "Uma", "Viktor", "Wei", "Yara",
]
OBJECTIVE_TITLES = [
    "Create an unmatched customer service experience", "Make onboarding effortless",
    "Ship a platform teams trust", "Grow self-serve revenue", "Make the product fast everywhere",
    "Win the mid-market segment", "Build a culture of learning", "Cut the cost of running the service",
    "Make releases boring", "Earn the trust of enterprise buyers", "Turn data into weekly decisions",
    "Delight mobile users", "Be the easiest tool to buy", "Keep customer data safe",
    "Launch in two new markets", "创造无与伦比的用户服务体验",
]
PERCENT_KRS = [
    "Roll out the new checkout to every customer", "Migrate all services to the new pipeline",
    "Run 2 service-skill trainings for the whole team", "Publish the public API reference",
    "Automate the release checklist", "Retire the legacy reporting stack",
    "Dispatch twice a day instead of once", "Document every on-call runbook",
    "Interview 20 customers about pricing", "Launch the partner programme",
]
# (title, start, target, unit): lower is better when target < start.
METRIC_KRS = [
    ("Answer feedback within 2 hours", 24.0, 2.0, "h"), ("Resolve problems within 24 hours", 72.0, 24.0, "h"),
    ("Cut p95 page load", 2.4, 1.2, "s"), ("Raise weekly active users", 12000.0, 18000.0, "users"),
    ("Lift NPS", 31.0, 45.0, "points"), ("Cut monthly churn", 4.5, 3.0, "%"),
    ("Raise test coverage", 62.0, 80.0, "%"), ("Cut open bugs", 140.0, 60.0, "bugs"),
    ("Grow monthly recurring revenue", 210.0, 260.0, "k€"), ("Cut cloud spend", 48.0, 40.0, "k€/month"),
]
NOTES = [
    "On track; demo on Thursday.", "Slower than hoped: the review took a week.", "First part shipped.",
    "Waiting on design review.", "Customer pilot started; early feedback is good.", "No change this week.",
    "Scope cut to fit the quarter.", "Two people out sick; catching up next week.",
    "Numbers from the dashboard, checked by hand.", "Good week: the big blocker is gone.",
]
BLOCKERS = [
    "Waiting for the security review", "Need a second reviewer for the migration",
    "Vendor API quota too low for the load test", "No budget approved for the new tool yet",
    "Blocked on the data export from Billing", "The staging environment is down half the time",
]
WINS = [
    "Shipped ahead of plan - thanks to the whole team!", "First customer asked for it by name.",
    "Support queue empty on Friday for the first time.", "Great pairing between two teams.",
]


def generate(store_path: Path, *, years: int, teams: int, today: dt.date, seed: int = 0) -> Store:
    """Create a store at ``store_path`` with ``4 * years`` quarters ending with today's
    (just today's when ``years`` is 0). The current quarter's history stops at last week.

    Refuses a directory that holds a store already: it never overwrites real data.
    """
    if years < 0 or teams < 1:
        raise StoreError("years must be 0 or more and teams 1 or more")
    store_path = Path(store_path)
    if (store_path / ROOT_FILE).exists():
        raise StoreError(f"{store_path} holds a store already; generate into a new directory")
    team_names = [TEAM_NAMES[i] if i < len(TEAM_NAMES) else f"Team {i + 1}" for i in range(teams)]
    store = Store.init(store_path, today=today)
    current = store.cycle(today=today)
    cycles = _quarters_ending_with(current, max(1, 4 * years))
    for cycle in cycles:
        rng = random.Random(f"{seed}:{cycle.name}")
        data = _cycle_tables(cycle, team_names, rng, this_week=week_of(today))
        path = store.cycle_path(cycle)
        with locked(path, shared=store.shared):
            atomic_write(path, dump_json(data), shared=store.shared)
    with store.update_root() as root:
        root.teams = team_names
        root.cycles = cycles
    return store


def _quarters_ending_with(current: Cycle, count: int) -> list[Cycle]:
    out = [current]
    while len(out) < count:
        name, start, end = quarter_of(out[-1].start - dt.timedelta(days=1))
        out.append(build(Cycle, name=name, start=start, end=end))
    return out[::-1]


def _cycle_weeks(cycle: Cycle, this_week: str) -> list[str]:
    """The weeks whose Monday falls in the cycle, before ``this_week``."""
    weeks = []
    day = cycle.start + dt.timedelta(days=(7 - cycle.start.weekday()) % 7)
    while day <= cycle.end:
        week = week_of(day)
        if week >= this_week:
            break
        weeks.append(week)
        day += dt.timedelta(weeks=1)
    return weeks


def _cycle_tables(cycle: Cycle, team_names: list[str], rng: random.Random, this_week: str) -> dict[str, Any]:
    """One cycle's file content, in TinyDB's layout, from validated models."""
    weeks = _cycle_weeks(cycle, this_week)
    tables: dict[str, list[BaseModel]] = {name: [] for name in TABLES}
    number = 0
    meeting_number = 0
    for t, team in enumerate(team_names):
        people = [f"{name} {chr(65 + (t + i) % 26)}." for i, name in enumerate(rng.sample(FIRST_NAMES, 5))]
        team_objectives: list[Objective] = []
        for title in rng.sample(OBJECTIVE_TITLES, OBJECTIVES_PER_TEAM):
            number += 1
            obj = build(
                Objective, id=f"O{number}", title=title, owner=rng.choice(people), team=team,
                kind=Kind.ASPIRATIONAL if rng.random() < 0.35 else Kind.COMMITTED,
                aligns_to="O1" if number > 1 and rng.random() < 0.2 else "",
                confidence=rng.randint(5, 8), order=number,
            )
            team_objectives.append(obj)
            tables["objectives"].append(obj)
            krs = _key_results(obj, cycle, people, rng)
            tables["key_results"].extend(krs)
            for kr in krs:
                tables["checkins"].extend(_kr_history(kr, obj, weeks, rng))
            tables["objective_checkins"].extend(_objective_history(obj, weeks, rng))
        for week in weeks:
            meeting_number += 1
            tables["meetings"].append(_meeting(meeting_number, cycle, week, team, t, people, team_objectives, rng))
    data: dict[str, Any] = {"meta": {"1": {"schema_version": SCHEMA_VERSION}}}
    for name, records in tables.items():
        data[name] = {str(i): r.model_dump(mode="json") for i, r in enumerate(records, start=1)}
    return data


def _key_results(obj: Objective, cycle: Cycle, people: list[str], rng: random.Random) -> list[KeyResult]:
    krs = []
    percent_titles = rng.sample(PERCENT_KRS, KRS_PER_OBJECTIVE)
    metrics = rng.sample(METRIC_KRS, KRS_PER_OBJECTIVE)
    for n in range(1, KRS_PER_OBJECTIVE + 1):
        fields: dict[str, Any] = {"id": f"{obj.id}.{n}", "objective": obj.id, "owner": rng.choice(people),
                                  "due": cycle.end, "order": n}
        if rng.random() < 0.5:
            fields["title"] = percent_titles[n - 1]
        else:
            title, start, target, unit = metrics[n - 1]
            scale = rng.choice([0.8, 1.0, 1.25])
            fields.update(title=title, start=start * scale, target=target * scale, unit=unit)
        krs.append(build(KeyResult, **fields))
    return krs


def _at(week: str, hour: int, minute: int = 0) -> dt.datetime:
    """A moment in a week's Tuesday, UTC: when that week's meeting happens."""
    day = week_monday(week) + dt.timedelta(days=1)
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=dt.UTC)


def _kr_history(kr: KeyResult, obj: Objective, weeks: list[str], rng: random.Random) -> list[CheckIn]:
    """A weekly trajectory: mostly forward, sometimes stalled, confidence drifting."""
    reach = rng.uniform(0.35, 1.15) * (1.0 if obj.kind == Kind.COMMITTED else 0.8)
    share = 0.0
    confidence = rng.randint(5, 9)
    out = []
    for week in weeks:
        if rng.random() > 0.2:
            share = min(1.0, share + max(0.0, rng.gauss(reach / max(len(weeks), 1), 0.03)))
        roll = rng.random()
        if roll < 0.04:
            confidence = max(1, confidence - rng.randint(2, 3))
        elif roll < 0.2:
            confidence = max(1, min(10, confidence + rng.choice((-1, 1))))
        blocked = rng.random() < (0.15 if confidence <= 4 else 0.04)
        fields: dict[str, Any] = {
            "kr": kr.id, "week": week, "confidence": confidence, "author": kr.owner,
            "note": rng.choice(NOTES) if rng.random() < 0.7 else "",
            "blocker": rng.choice(BLOCKERS) if blocked else "",
            "help_from": rng.choice(TEAM_NAMES) if blocked and rng.random() < 0.7 else "",
            "at": _at(week, 9, rng.randint(0, 59)),
        }
        if kr.is_metric:
            value = round(kr.start + (kr.target - kr.start) * share, 2)  # type: ignore[operator]
            fields.update(value=value, progress=kr.progress_of(value))
        else:
            fields["progress"] = min(100, round(share * 10) * 10)
        out.append(build(CheckIn, **fields))
    return out


def _objective_history(obj: Objective, weeks: list[str], rng: random.Random) -> list[ObjectiveCheckIn]:
    confidence = obj.confidence or 7
    out = []
    for week in weeks:
        if rng.random() < 0.2:
            confidence = max(1, min(10, confidence + rng.choice((-2, -1, 1))))
        out.append(build(
            ObjectiveCheckIn, objective=obj.id, week=week, confidence=confidence,
            note=rng.choice(NOTES) if rng.random() < 0.4 else "",
            wins=rng.choice(WINS) if rng.random() < 0.1 else "", at=_at(week, 10),
        ))
    return out


def _meeting(number: int, cycle: Cycle, week: str, team: str, t: int, people: list[str],
             objectives: list[Objective], rng: random.Random) -> Meeting:
    started = _at(week, 9) + dt.timedelta(minutes=20 * (t % 12))
    seconds = {o.id: float(rng.randint(60, 240)) for o in objectives}
    return build(
        Meeting, id=f"M{number}", cycle=cycle.name, week=week, team=team, facilitator=people[0],
        attendees=rng.sample(people, rng.randint(3, len(people))), timebox_minutes=3, started=started,
        ended=started + dt.timedelta(seconds=sum(seconds.values())), position=len(objectives) - 1,
        seconds=seconds,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m store.generate", description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path, help="a new directory for the store")
    parser.add_argument("--years", type=int, default=5, help="years of quarterly history (0: this quarter)")
    parser.add_argument("--teams", type=int, default=16)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today(), help="YYYY-MM-DD")
    args = parser.parse_args(argv)
    try:
        generate(args.dir, years=args.years, teams=args.teams, today=args.today, seed=args.seed)
    except StoreError as e:
        parser.exit(1, f"Error: {e}\n")


if __name__ == "__main__":
    main()
