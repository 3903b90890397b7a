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
LANGUAGES = ("en", "zh-CN")

# Each text in English and in Chinese side by side (the Chinese one is the guide's own
# example: 创造无与伦比的用户服务体验 and its four key results). The numbers are the same in
# both, so the Chinese demo trips the same needs-help reasons.
_T = tuple[str, str]
# (title, owner, (start, target, unit) or None, per week: (progress or value, confidence,
# blocker, help_from, note)) — the last tuple is last week's check-in.
_KR = tuple[_T, _T, tuple[float, float, _T] | None, list[tuple[float, int, _T, _T, _T]]]
_ = ("", "")

MIA, TOM, RAJ, LI, SAM, ANA = ("Mia Chen", "陈敏"), ("Tom Berg", "唐博"), ("Raj Patel", "王瑞"), \
    ("Li Wei", "李伟"), ("Sam Okafor", "孙明"), ("Ana Costa", "高安娜")
SUPPORT, PLATFORM = ("Support", "客服"), ("Platform", "平台")

OBJECTIVES: list[tuple[_T, _T, _T, str, int, list[_KR]]] = [
    (("Create an unmatched customer service experience", "创造无与伦比的用户服务体验"), MIA, SUPPORT,
     "committed", 7, [
        (("Dispatch orders twice a day instead of once", "派单时间由一天一次改为一天两次"), TOM, None,
         [(10, 8, _, _, _), (20, 8, _, _, _), (30, 8, _, _, ("second van hired", "新增了一辆配送车")),
          (40, 8, _, _, _), (50, 8, _, _, _)]),
        (("Answer customer feedback within 2 hours", "用户投诉建议等问题反馈时间不超过 2 个小时"), MIA,
         (24, 2, ("h", "小时")),
         [(24, 7, _, _, _), (20, 7, _, _, _), (16, 7, _, _, _), (14, 7, _, _, _),
          (12, 7, _, _, ("new inbox rota works", "新的收件箱轮值有效"))]),
        (("Resolve every reported problem within 24 hours", "用户问题的处理时间缩短至 24 小时之内"), RAJ, None,
         [(10, 7, _, _, _), (20, 7, _, _, _), (20, 6, _, _, _), (20, 6, _, _, _),
          (20, 6, _, _, ("queue keeps growing", "待处理队列还在变长"))]),
        (("Run 2 service-skill trainings for the whole team", "对快递员、客服进行 2 次服务技能培训"), MIA,
         (0, 2, ("trainings", "次")),
         [(0, 8, _, _, _), (0, 8, _, _, _), (1, 8, _, _, ("first one done", "第一次已完成")), (1, 7, _, _, _),
          (1, 7, ("Trainer budget not approved", "培训师预算未获批准"), ("Finance (Leo)", "财务部（刘力）"), _)]),
    ]),
    (("创造无与伦比的用户服务体验", "让用户愿意向朋友推荐我们"), LI, SUPPORT, "aspirational", 6, [
        (("NPS from 30 to 50", "NPS 从 30 提升到 50"), LI, (30, 50, ("points", "分")),
         [(30, 8, _, _, _), (32, 8, _, _, _), (35, 7, _, _, _), (38, 7, _, _, _),
          (40, 5, _, _, ("survey sample was small", "调查样本太少"))]),
        (("在线客服满意度达到 95%", "在线客服满意度达到 95%"), LI, None,
         [(20, 9, _, _, _), (30, 9, _, _, _), (40, 9, _, _, _), (50, 9, _, _, _),
          (60, 9, _, _, _)]),
    ]),
    (("Make the platform fast and reliable", "让平台又快又稳"), SAM, PLATFORM, "committed", 5, [
        (("p95 page load from 3.2 s to 1.0 s", "p95 页面加载时间从 3.2 秒缩短到 1.0 秒"), SAM,
         (3.2, 1.0, ("s", "秒")),
         [(3.2, 6, _, _, _), (3.0, 5, _, _, _), (2.6, 4, _, _, _), (2.4, 4, _, _, _),
          (2.2, 3, _, _, ("CDN contract still open", "CDN 合同还没签下来"))]),
        (("Uptime of 99.9% every week", "每周可用性达到 99.9%"), ANA, None,
         [(40, 9, _, _, _), (50, 9, _, _, _), (60, 9, _, _, _), (70, 9, _, _, _),
          (80, 9, _, _, _)]),
        (("Migrate 12 services to the new cluster", "将 12 个服务迁移到新集群"), ANA, (0, 12, ("services", "个服务")),
         [(2, 8, _, _, _), (4, 8, _, _, _), (5, 8, _, _, _), (6, 8, _, _, _),
          (7, 6, _, _, ("two services need a new database", "有两个服务需要新的数据库"))]),
    ]),
    (("Ship self-service onboarding", "上线自助式新用户引导"), ANA, PLATFORM, "aspirational", 7, [
        (("Onboarding wizard live for every new sign-up", "每位新注册用户都能用上引导向导"), ANA, None,
         [(10, 7, _, _, _), (20, 7, _, _, _), (30, 7, _, _, _), (40, 7, _, _, _),
          (50, 7, _, _, _)]),
        (("Time to first value from 5 days to 1 day", "用户首次获得价值的时间从 5 天缩短到 1 天"), SAM,
         (5, 1, ("days", "天")),
         [(5, 7, _, _, _), (4.5, 7, _, _, _), (4, 7, _, _, _), (3.5, 7, _, _, _),
          (3, 7, ("Waiting on the design review", "在等设计评审"), ("Design team", "设计团队"), _)]),
    ]),
]
WINS: dict[int, _T] = {0: ("Feedback inbox under 12 h for the first time", "投诉建议反馈时间首次降到 12 小时以内"),
                       3: ("Wizard beta used by 40 customers", "引导向导测试版已有 40 位客户使用")}
FACILITATOR, ATTENDEES = MIA, [MIA, SAM, LI, ANA]


def demo_cycle(today: dt.date) -> tuple[str, dt.date, dt.date]:
    """The current quarter, or, early in a quarter, a 13-week cycle that started 6 weeks
    ago, so the demo always has five weeks of history behind this week."""
    name, start, end = quarter_of(today)
    if week_monday(week_of(today)) - dt.timedelta(weeks=HISTORY_WEEKS) >= start:
        return name, start, end
    start = week_monday(week_of(today)) - dt.timedelta(weeks=HISTORY_WEEKS + 1)
    return f"demo-{start.isoformat()}", start, start + dt.timedelta(weeks=13, days=-1)


def seed_demo(path: Path, *, today: dt.date | None = None, lang: str = "en") -> Store:
    """Create a fresh demo store at ``path`` (which must not hold a store yet), its text in
    ``lang`` (one of LANGUAGES)."""
    if lang not in LANGUAGES:
        raise StoreError(f"no demo in {lang!r}; there is one in {', '.join(LANGUAGES)}")
    i = LANGUAGES.index(lang)
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
            obj = tx.add_objective(title=title[i], owner=owner[i], team=team[i], kind=kind,
                                   aligns_to=aligns, confidence=confidence)
            ids.append(obj.id)
            for kr_title, kr_owner, metric, history in krs:
                start, target, unit = metric or (None, None, ("", ""))
                kr = tx.add_key_result(obj.id, title=kr_title[i], owner=kr_owner[i], start=start,
                                       target=target, unit=unit[i], due=cycle.end)
                for week, (amount, conf, blocker, help_from, note) in zip(weeks, history):
                    at = dt.datetime.combine(week_monday(week), dt.time(10), dt.UTC)
                    tx.check_in(kr.id, week, value=amount if metric else None,
                                progress=None if metric else int(amount), confidence=conf,
                                blocker=blocker[i], help_from=help_from[i], note=note[i], author=kr_owner[i],
                                at=at)
            for n, week in enumerate(weeks):
                last = n == len(weeks) - 1
                tx.check_in_objective(obj.id, week, confidence=max(1, confidence - last),
                                      wins=WINS[index][i] if last and index in WINS else "")
        last = weeks[-1]
        # Around the check-ins (10:00): the meeting has answers, so it is `okr summary --latest`.
        started = dt.datetime.combine(week_monday(last), dt.time(9, 55), dt.UTC)
        tx.save_meeting(Meeting(id=tx.new_meeting_id(), cycle=cycle.name, week=last, facilitator=FACILITATOR[i],
                                attendees=[name[i] for name in ATTENDEES],
                                started=started, ended=started + dt.timedelta(minutes=14), position=len(ids)))
    return store
