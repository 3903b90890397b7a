"""The built-in demo store: the guide's example objective and a few more over two teams,
with five weeks of check-in history in which some key result trips each needs-help
reason (blocker, low confidence, confidence fell, behind pace, stalled)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .errors import StoreError
from .models import Meeting
from .store import Store
from .weeks import add_weeks, quarter_of, week_monday, week_of

HISTORY_WEEKS = 5

# (title, owner, (start, target, unit) or None, per week: (progress or value, confidence,
# blocker, help_from, note)) — the last tuple is last week's check-in.
_KR = tuple[str, str, tuple[float, float, str] | None, list[tuple[float, int, str, str, str]]]

OBJECTIVES: list[tuple[str, str, str, str, int, list[_KR]]] = [
    ("Create an unmatched customer service experience", "Mia Chen", "Support", "committed", 7, [
        ("Dispatch orders twice a day instead of once", "Tom Berg", None,
         [(10, 8, "", "", ""), (20, 8, "", "", ""), (30, 8, "", "", "second van hired"),
          (40, 8, "", "", ""), (50, 8, "", "", "")]),
        ("Answer customer feedback within 2 hours", "Mia Chen", (24, 2, "h"),
         [(24, 7, "", "", ""), (20, 7, "", "", ""), (16, 7, "", "", ""), (14, 7, "", "", ""),
          (12, 7, "", "", "new inbox rota works")]),
        ("Resolve every reported problem within 24 hours", "Raj Patel", None,
         [(10, 7, "", "", ""), (20, 7, "", "", ""), (20, 6, "", "", ""), (20, 6, "", "", ""),
          (20, 6, "", "", "queue keeps growing")]),
        ("Run 2 service-skill trainings for the whole team", "Mia Chen", (0, 2, "trainings"),
         [(0, 8, "", "", ""), (0, 8, "", "", ""), (1, 8, "", "", "first one done"), (1, 7, "", "", ""),
          (1, 7, "Trainer budget not approved", "Finance (Leo)", "")]),
    ]),
    ("创造无与伦比的用户服务体验", "Li Wei", "Support", "aspirational", 6, [
        ("NPS from 30 to 50", "Li Wei", (30, 50, "points"),
         [(30, 8, "", "", ""), (32, 8, "", "", ""), (35, 7, "", "", ""), (38, 7, "", "", ""),
          (40, 5, "", "", "survey sample was small")]),
        ("在线客服满意度达到 95%", "Li Wei", None,
         [(20, 9, "", "", ""), (30, 9, "", "", ""), (40, 9, "", "", ""), (50, 9, "", "", ""),
          (60, 9, "", "", "")]),
    ]),
    ("Make the platform fast and reliable", "Sam Okafor", "Platform", "committed", 5, [
        ("p95 page load from 3.2 s to 1.0 s", "Sam Okafor", (3.2, 1.0, "s"),
         [(3.2, 6, "", "", ""), (3.0, 5, "", "", ""), (2.6, 4, "", "", ""), (2.4, 4, "", "", ""),
          (2.2, 3, "", "", "CDN contract still open")]),
        ("Uptime of 99.9% every week", "Ana Costa", None,
         [(40, 9, "", "", ""), (50, 9, "", "", ""), (60, 9, "", "", ""), (70, 9, "", "", ""),
          (80, 9, "", "", "")]),
        ("Migrate 12 services to the new cluster", "Ana Costa", (0, 12, "services"),
         [(2, 8, "", "", ""), (4, 8, "", "", ""), (5, 8, "", "", ""), (6, 8, "", "", ""),
          (7, 6, "", "", "two services need a new database")]),
    ]),
    ("Ship self-service onboarding", "Ana Costa", "Platform", "aspirational", 7, [
        ("Onboarding wizard live for every new sign-up", "Ana Costa", None,
         [(10, 7, "", "", ""), (20, 7, "", "", ""), (30, 7, "", "", ""), (40, 7, "", "", ""),
          (50, 7, "", "", "")]),
        ("Time to first value from 5 days to 1 day", "Sam Okafor", (5, 1, "days"),
         [(5, 7, "", "", ""), (4.5, 7, "", "", ""), (4, 7, "", "", ""), (3.5, 7, "", "", ""),
          (3, 7, "Waiting on the design review", "Design team", "")]),
    ]),
]
WINS = {0: "Feedback inbox under 12 h for the first time", 3: "Wizard beta used by 40 customers"}


def demo_cycle(today: dt.date) -> tuple[str, dt.date, dt.date]:
    """The current quarter, or, early in a quarter, a 13-week cycle that started 6 weeks
    ago, so the demo always has five weeks of history behind this week."""
    name, start, end = quarter_of(today)
    if week_monday(week_of(today)) - dt.timedelta(weeks=HISTORY_WEEKS) >= start:
        return name, start, end
    start = week_monday(week_of(today)) - dt.timedelta(weeks=HISTORY_WEEKS + 1)
    return f"demo-{start.isoformat()}", start, start + dt.timedelta(weeks=13, days=-1)


def seed_demo(path: Path, *, today: dt.date | None = None) -> Store:
    """Create a fresh demo store at ``path`` (which must not hold a store yet)."""
    today = today or dt.date.today()
    if (Path(path) / "okr.json").exists():
        raise StoreError(f"{path} holds a store already; the demo needs an empty directory")
    store = Store.init(path, today=today, first_cycle=demo_cycle(today))
    cycle = store.cycle(today=today)
    this_week = week_of(today)
    weeks = [add_weeks(this_week, -HISTORY_WEEKS + i) for i in range(HISTORY_WEEKS)]
    with store.write(cycle) as tx:
        ids: list[str] = []
        for index, (title, owner, team, kind, confidence, krs) in enumerate(OBJECTIVES):
            aligns = ids[0] if index == 1 else ""
            obj = tx.add_objective(title=title, owner=owner, team=team, kind=kind,
                                   aligns_to=aligns, confidence=confidence)
            ids.append(obj.id)
            for kr_title, kr_owner, metric, history in krs:
                start, target, unit = metric or (None, None, "")
                kr = tx.add_key_result(obj.id, title=kr_title, owner=kr_owner, start=start,
                                       target=target, unit=unit, due=cycle.end)
                for week, (amount, conf, blocker, help_from, note) in zip(weeks, history):
                    at = dt.datetime.combine(week_monday(week), dt.time(10), dt.timezone.utc)
                    tx.check_in(kr.id, week, value=amount if metric else None,
                                progress=None if metric else int(amount), confidence=conf,
                                blocker=blocker, help_from=help_from, note=note, author=kr_owner, at=at)
            for i, week in enumerate(weeks):
                tx.check_in_objective(obj.id, week, confidence=max(1, confidence - (i == len(weeks) - 1)),
                                      wins=WINS.get(index, "") if i == len(weeks) - 1 else "")
        last = weeks[-1]
        # Around the check-ins (10:00): the meeting has answers, so it is `okr summary --latest`.
        started = dt.datetime.combine(week_monday(last), dt.time(9, 55), dt.timezone.utc)
        tx.save_meeting(Meeting(id=tx.new_meeting_id(), cycle=cycle.name, week=last, facilitator="Mia Chen",
                                attendees=["Mia Chen", "Sam Okafor", "Li Wei", "Ana Costa"],
                                started=started, ended=started + dt.timedelta(minutes=14), position=len(ids)))
    return store
