"""`okr import --from feishu`: Feishu/Lark OKR's answer to 获取用户的 OKR 列表 (okr-v1) into
cycles. The files are written here from the documented shape: several periods, weights,
every status, Chinese text, fields left out, wrong types (each error names its JSON path),
code != 0, a bare data, all or nothing, and the command end to end."""

from __future__ import annotations

import copy
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from store import InvalidInputError, Store
from store.feishu import BEIJING, cycle_name_for
from store.feishu_import import import_feishu, import_feishu_new

OKR = Path(sys.executable).parent / "okr"
TODAY = dt.date(2026, 11, 25)


def ms(day: str, hour: int = 10) -> str:
    """A Feishu time: milliseconds since the epoch as a string, for ``day`` in Beijing."""
    when = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), BEIJING)
    return str(int(when.timestamp() * 1000))


def kr(content: str, percent: int | None, status: str, updated: str | None, **more: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"id": f"kr-{content}", "content": content, "mentioned_user_list": [],
                           "progress_rate": {"percent": percent, "status": status},
                           "progress_rate_percent_last_updated_time": ms(updated) if updated else "0",
                           "progress_rate_status_last_updated_time": ms(updated) if updated else "0",
                           "progress_record_list": [], "weight": 50, **more}
    return out


def response() -> dict[str, Any]:
    """Two monthly periods, as the API sends them (fields okr ignores included)."""
    march = {
        "confirm_status": 4, "id": "7072252816005349396", "name": "2022 年 3 月", "permission": 1,
        "objective_list": [
            {"id": "o-a", "content": "创造无与伦比的用户服务体验 @刘三", "deadline": "1648656000000",
             "permission": 1, "score": 0, "weight": 100, "progress_rate": {"percent": 40, "status": "1"},
             "progress_report": "派单已改为一天两次；投诉处理还慢。",
             "progress_report_last_updated_time": ms("2022-03-16"),
             "aligned_objective_list": [], "aligning_objective_list": [{"id": "o-b", "okr_id": "x"}],
             "kr_list": [
                 kr("派单时间由一天一次改为一天两次", 37, "0", "2022-03-09", kr_weight=40, score=100,
                    deadline="1648656000000"),
                 kr("用户投诉建议等问题反馈时间不超过 2 个小时 @张三9", 60, "1", "2022-03-10", kr_weight=30),
                 kr("用户问题的处理时间缩短至 24 小时之内", 10, "2", "2022-03-17", kr_weight=30),
                 kr("对快递员、客服进行 2 次服务技能培训", 0, "-1", None, kr_weight=0),
             ]},
            {"id": "o-b", "content": "客服团队稳定", "aligned_objective_list": [{"id": "o-a"}, {"id": "elsewhere"}],
             "aligning_objective_list": [],
             "kr_list": [kr("离职率低于 5%", 50, "0", "2022-03-20")]},
        ]}
    april = {"id": "7072252816005349397", "name": "2022 年 4 月", "objective_list": [
        {"id": "o-c", "content": "April objective", "aligned_objective_list": [{"id": "o-a"}],
         "kr_list": [kr("Ship it", 100, "0", "2022-04-29")]}]}
    return {"code": 0, "msg": "success", "data": {"total": 2, "okr_list": [march, april]}}


def files(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.iterdir()) if p.is_file()}


def test_periods_become_cycles_with_their_objectives_key_results_and_check_ins(store: Store) -> None:
    result = import_feishu(store, response(), owner="刘三", today=TODAY)
    assert [(c.cycle.name, c.cycle.start, c.cycle.end) for c in result.cycles] == [
        ("2022-03", dt.date(2022, 3, 1), dt.date(2022, 3, 31)), ("2022-04", dt.date(2022, 4, 1), dt.date(2022, 4, 30))]
    assert result.notes[0].startswith('period "2022 年 3 月" is cycle 2022-03')
    data = store.load(store.cycle("2022-03"))
    o1, o2 = data.objectives
    assert (o1.id, o1.title, o1.owner, o1.aligns_to) == ("O1", "创造无与伦比的用户服务体验 @刘三", "刘三", "")
    assert (o2.id, o2.aligns_to) == ("O2", "O1")  # aligned_objective_list, and aligning_objective_list of O1
    krs = {k.id: k for k in data.key_results}
    assert krs["O1.2"].title == "用户投诉建议等问题反馈时间不超过 2 个小时 @张三9"
    assert krs["O1.1"].due == dt.date(2022, 3, 31)  # 1648656000000 is midnight in Beijing
    assert krs["O1.2"].due == dt.date(2022, 3, 31)  # no deadline of its own: the objective's
    assert krs["O2.1"].due is None
    ins = {c.kr: c for c in data.checkins}
    assert sorted(ins) == ["O1.1", "O1.2", "O1.3", "O2.1"]  # O1.4: status -1, 0%, never updated
    assert (ins["O1.1"].progress, ins["O1.1"].week, ins["O1.1"].blocker) == (37, "2022-W10", "")
    assert ins["O1.1"].note == "Feishu: weight 40%, score 100"
    assert (ins["O1.2"].progress, ins["O1.2"].blocker) == (60, "Feishu status: 风险 (at risk)")
    assert (ins["O1.3"].week, ins["O1.3"].blocker) == ("2022-W11", "Feishu status: 延期 (delayed)")
    assert ins["O1.2"].at == dt.datetime(2022, 3, 10, 2, tzinfo=dt.UTC)
    [oc] = data.objective_checkins
    assert (oc.objective, oc.week, oc.note) == ("O1", "2022-W11", "派单已改为一天两次；投诉处理还慢。")
    april = store.load(store.cycle("2022-04"))
    assert april.objectives[0].aligns_to == ""  # its parent is in another period
    assert [c.progress for c in april.checkins] == [100]
    assert result.warnings == [
        "key results weigh differently in Feishu in 2022-03 O1; okr weighs an objective's key results equally "
        "(each weight is in its check-in's note)",
        "2 alignments point outside their period or this file and were left out"]


def test_at_risk_and_delayed_show_as_needs_help_in_okr_list(store: Store) -> None:
    from tui.cli.data import list_data

    import_feishu(store, response(), owner="刘三", today=TODAY)
    doc = list_data(store, store.load(store.cycle("2022-03")))
    flagged = {k["id"]: k["needs_help"] for o in doc["objectives"] for k in o["key_results"]}
    assert any(r.startswith("blocked") and "风险" in r for r in flagged["O1.2"])
    assert any(r.startswith("blocked") and "延期" in r for r in flagged["O1.3"])
    assert not any(r.startswith("blocked") for r in flagged["O1.1"] + flagged["O2.1"])


def test_a_bare_data_reads_as_the_whole_response(store: Store, tmp_path: Path) -> None:
    other = Store.init(tmp_path / "other", today=TODAY)
    import_feishu(store, response(), owner="Ana", today=TODAY)
    import_feishu(other, response()["data"], owner="Ana", today=TODAY)
    for name in ("2022-03", "2022-04"):
        mine, theirs = store.load(store.cycle(name)), other.load(other.cycle(name))
        assert mine.objectives == theirs.objectives and mine.key_results == theirs.key_results
        assert [c.model_dump(exclude={"at"}) for c in mine.checkins] == \
            [c.model_dump(exclude={"at"}) for c in theirs.checkins]


def test_a_code_other_than_zero_is_refused_with_its_msg(store: Store) -> None:
    before = files(store.path)
    with pytest.raises(InvalidInputError, match=r"^Feishu answered code 1001002: No permission\.; nothing imported$"):
        import_feishu(store, {"code": 1001002, "msg": "No permission.", "data": {}}, owner="Ana")
    assert files(store.path) == before


def test_fields_left_out_are_fine(store: Store) -> None:
    doc = {"okr_list": [{"objective_list": [{"content": "Only text", "kr_list": [{"content": "A key result"}]},
                                            {"content": "No key results"}]}]}
    result = import_feishu(store, doc, owner="Ana", cycle="2022-Q2", start=dt.date(2022, 4, 1),
                           end=dt.date(2022, 6, 30), today=TODAY)
    data = store.load(store.cycle("2022-Q2"))
    assert [o.title for o in data.objectives] == ["Only text", "No key results"]
    assert [(k.id, k.due) for k in data.key_results] == [("O1.1", None)]
    assert data.checkins == [] and data.objective_checkins == [] and result.notes == [] and result.warnings == []


def test_a_percent_never_dated_is_checked_in_at_the_cycles_reference_week(store: Store) -> None:
    doc = {"okr_list": [{"name": "2022-Q2", "objective_list": [
        {"content": "O", "kr_list": [{"content": "K", "progress_rate": {"percent": 20}}]}]}]}
    import_feishu(store, doc, owner="Ana", start=dt.date(2022, 4, 1), end=dt.date(2022, 6, 30), today=TODAY)
    [c] = store.load(store.cycle("2022-Q2")).checkins
    assert (c.progress, c.week) == (20, "2022-W26")  # the cycle is over: its last week


@pytest.mark.parametrize(("where", "value", "message"), [
    (("objective_list", 1, "kr_list", 0, "progress_rate", "percent"), "abc",
     'data.okr_list[0].objective_list[1].kr_list[0].progress_rate.percent: expected a whole number 0-100, got "abc"'),
    (("objective_list", 0, "kr_list", 1, "progress_rate", "percent"), 101,
     "data.okr_list[0].objective_list[0].kr_list[1].progress_rate.percent: expected a whole number 0-100, got 101"),
    (("objective_list", 0, "kr_list", 0, "kr_weight"), 40.5,
     "data.okr_list[0].objective_list[0].kr_list[0].kr_weight: expected a whole number 0-100, got 40.5"),
    (("objective_list", 0, "kr_list", 0, "score"), True,
     "data.okr_list[0].objective_list[0].kr_list[0].score: expected a whole number 0-100, got true"),
    (("objective_list", 0, "kr_list", 2, "progress_rate", "status"), 2,
     'data.okr_list[0].objective_list[0].kr_list[2].progress_rate.status: expected one of "-1", "0", "1", "2" '
     "(a string), got 2"),
    (("objective_list", 0, "deadline"), 1648656000000,
     'data.okr_list[0].objective_list[0].deadline: expected a millisecond-epoch string such as "1648656000000", '
     "got 1648656000000"),
    (("objective_list", 0, "kr_list", 0, "progress_rate_percent_last_updated_time"), "yesterday",
     "data.okr_list[0].objective_list[0].kr_list[0].progress_rate_percent_last_updated_time: expected a "
     'millisecond-epoch string such as "1648656000000", got "yesterday"'),
    (("objective_list", 1, "content"), None,
     "data.okr_list[0].objective_list[1].content: expected a string, got null"),
    (("objective_list", 0, "kr_list"), {"0": {}},
     'data.okr_list[0].objective_list[0].kr_list: expected a list, got {"0": {}}'),
    (("objective_list", 0, "kr_list", 3), "KR",
     'data.okr_list[0].objective_list[0].kr_list[3]: expected an object, got "KR"'),
    (("objective_list", 0, "progress_rate"), "40%",
     'data.okr_list[0].objective_list[0].progress_rate: expected an object, got "40%"'),
    (("objective_list", 0, "aligning_objective_list", 0, "id"), 7,
     "data.okr_list[0].objective_list[0].aligning_objective_list[0].id: expected a string, got 7"),
    (("objective_list", 0, "weight"), "100",
     'data.okr_list[0].objective_list[0].weight: expected a number, got "100"'),
])
def test_a_wrong_type_names_its_json_path(store: Store, where: tuple[Any, ...], value: Any, message: str) -> None:
    doc = response()
    target = doc["data"]["okr_list"][0]
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    before = files(store.path)
    with pytest.raises(InvalidInputError) as e:
        import_feishu(store, doc, owner="Ana")
    assert str(e.value) == message + "; nothing imported"
    assert files(store.path) == before


def test_a_missing_field_names_its_path_too(store: Store) -> None:
    doc = response()
    del doc["data"]["okr_list"][1]["objective_list"][0]["kr_list"][0]["content"]
    with pytest.raises(InvalidInputError, match=r"^data\.okr_list\[1\]\.objective_list\[0\]\.kr_list\[0\]\.content: "
                                                r"missing, expected a string; nothing imported$"):
        import_feishu(store, doc, owner="Ana")
    with pytest.raises(InvalidInputError, match=r"^okr_list: missing, expected a list"):
        import_feishu(store, {"total": 0}, owner="Ana")


@pytest.mark.parametrize(("doc", "message"), [
    ({"code": "0", "data": {}}, 'code: expected a whole number, got "0"; nothing imported'),
    ([], "not a Feishu OKR list"),
    ({"code": 0}, "not a Feishu OKR list"),
    ({"code": 0, "data": {"okr_list": []}}, "data.okr_list is empty: no period to import; nothing imported"),
])
def test_other_shapes_are_one_line_errors(store: Store, doc: Any, message: str) -> None:
    with pytest.raises(InvalidInputError) as e:
        import_feishu(store, doc, owner="Ana")
    assert str(e.value).startswith(message) and "\n" not in str(e.value)


def test_a_bad_key_result_in_the_last_objective_imports_nothing(store: Store) -> None:
    before = files(store.path)
    doc = response()
    doc["data"]["okr_list"][1]["objective_list"][0]["kr_list"].append(
        kr("x" * 201, 5, "0", "2022-04-02"))  # the store's own rule: a title is at most 200 characters
    with pytest.raises(InvalidInputError, match=r"^data\.okr_list\[1\]\.objective_list\[0\]\.kr_list\[1\]\.content: "
                                                r"text is 201 characters long; the limit is 200; nothing imported$"):
        import_feishu(store, doc, owner="Ana")
    assert files(store.path) == before and [c.name for c in store.cycles()] == ["2026-Q4"]
    doc["data"]["okr_list"][1]["objective_list"][0]["kr_list"][-1]["content"] = "  "
    with pytest.raises(InvalidInputError, match="kr_list\\[1\\]\\.content: must not be empty"):
        import_feishu(store, doc, owner="Ana")
    assert files(store.path) == before


def test_a_cycle_that_is_there_and_not_empty_is_refused_and_nothing_is_written(store: Store) -> None:
    doc = response()
    import_feishu(store, {"okr_list": [doc["data"]["okr_list"][1]]}, owner="Ana", today=TODAY)
    before = files(store.path)
    with pytest.raises(InvalidInputError, match="^cycle 2022-04 exists already in .*; nothing imported$"):
        import_feishu(store, doc, owner="Ana", today=TODAY)
    assert files(store.path) == before and "cycle-2022-03.json" not in before


def test_the_guides_limits_are_warnings_said_once_and_everything_is_imported(store: Store) -> None:
    many_krs = [kr(f"KR {i}", i, "0", "2022-07-04") for i in range(6)]
    objectives = [{"content": f"目标 {i}", "kr_list": many_krs if i < 2 else []} for i in range(7)]
    result = import_feishu(store, {"okr_list": [{"name": "2022 年第三季度", "objective_list": objectives}]},
                           owner="Ana", today=TODAY)
    data = store.load(store.cycle("2022-Q3"))
    assert (len(data.objectives), len(data.key_results), len(data.checkins)) == (7, 12, 12)
    assert result.warnings == [
        "more objectives than the guide's 5 (目标通常最多5项，3个为宜) in 2022-Q3 (7); imported as they are",
        "more key results than the guide's 4 (关键成果通常最多4项) in 2022-Q3 O1 (6), 2022-Q3 O2 (6); imported as they are"]


def test_dates_come_from_the_deadlines_when_the_name_says_none(store: Store) -> None:
    doc = {"okr_list": [{"name": "Sprint 7 冲刺", "objective_list": [
        {"content": "O", "deadline": ms("2022-05-31", 0), "kr_list": [
            kr("K", 30, "0", "2022-05-03"), kr("Late", 90, "0", "2022-06-08", deadline=ms("2022-05-20", 0))]}]}]}
    result = import_feishu(store, doc, owner="Ana", today=TODAY)
    c = store.cycle("Sprint-7")
    assert (c.start, c.end) == (dt.date(2022, 5, 3), dt.date(2022, 6, 8))
    assert result.notes == ["period \"Sprint 7 冲刺\" is cycle Sprint-7 (cycle names hold only letters, digits, "
                            "'.', '_' and '-')"]
    with pytest.raises(InvalidInputError, match=r"okr_list\[0\]: the dates of period \"Q\" do not show"):
        import_feishu(store, {"okr_list": [{"name": "Q", "objective_list": [{"content": "O"}]}]}, owner="Ana")


def test_an_update_after_the_cycle_counts_in_its_last_week(store: Store) -> None:
    doc = {"okr_list": [{"name": "2022 年 3 月", "objective_list": [
        {"content": "O", "kr_list": [kr("K", 80, "0", "2022-04-12")]}]}]}
    result = import_feishu(store, doc, owner="Ana", today=TODAY)
    assert [c.week for c in store.load(store.cycle("2022-03")).checkins] == ["2022-W13"]
    assert result.warnings == ["1 update falls outside its cycle's dates; it counts in the cycle's first or last week"]


def test_options_for_one_period_are_refused_with_several(store: Store) -> None:
    with pytest.raises(InvalidInputError, match="the file holds 2 periods; --cycle, --start and --end are for one"):
        import_feishu(store, response(), owner="Ana", cycle="x")
    with pytest.raises(InvalidInputError, match=r"okr_list\[0\]\.name: no cycle name can be made of \"第三季度\""):
        import_feishu(store, {"okr_list": [{"name": "第三季度", "objective_list": []}]}, owner="Ana")
    with pytest.raises(InvalidInputError, match="^--cycle: cycle name '2022 年' may hold only"):
        import_feishu(store, {"okr_list": [{"name": "x"}]}, owner="Ana", cycle="2022 年",
                      start=dt.date(2022, 1, 1), end=dt.date(2022, 2, 1))
    with pytest.raises(InvalidInputError, match="^--owner: must not be empty"):
        import_feishu(store, response(), owner=" ")


@pytest.mark.parametrize(("name", "cycle", "span"), [
    ("2022 年 3 月", "2022-03", ("2022-03-01", "2022-03-31")),
    ("2022年12月", "2022-12", ("2022-12-01", "2022-12-31")),
    ("2023 年 1 月 - 3 月", "2023-Q1", ("2023-01-01", "2023-03-31")),
    ("2023 年 2 月 - 5 月", "2023-02-to-05", ("2023-02-01", "2023-05-31")),
    ("2023 年第四季度", "2023-Q4", ("2023-10-01", "2023-12-31")),
    ("2023 Q2", "2023-Q2", ("2023-04-01", "2023-06-30")),
    ("Q3 2023", "2023-Q3", ("2023-07-01", "2023-09-30")),
    ("2023 年上半年", "2023-H1", ("2023-01-01", "2023-06-30")),
    ("2023 年 7 月 - 12 月", "2023-H2", ("2023-07-01", "2023-12-31")),
    ("2024 年", "2024", ("2024-01-01", "2024-12-31")),
    ("Feb 2024", "2024-02", ("2024-02-01", "2024-02-29")),
    ("2026-Q4", "2026-Q4", ("2026-10-01", "2026-12-31")),
    ("OKR_v2", "OKR_v2", None),
    ("研发 Q3 冲刺!", "Q3", None),
    ("第三季度", None, None),
    ("", None, None),
])
def test_a_period_name_becomes_a_cycle_name(name: str, cycle: str | None, span: tuple[str, str] | None) -> None:
    got, days = cycle_name_for(name)
    assert got == cycle
    assert days == (tuple(dt.date.fromisoformat(d) for d in span) if span else None)


def test_a_new_store_gets_the_files_cycles_only_or_nothing(tmp_path: Path) -> None:
    store, result = import_feishu_new(tmp_path / "new" / "store", response(), owner="Ana", today=TODAY)
    assert [c.name for c in store.cycles()] == ["2022-03", "2022-04"] and len(result.cycles) == 2
    bad = copy.deepcopy(response())
    bad["data"]["okr_list"][1]["objective_list"][0]["kr_list"][0]["progress_rate"]["percent"] = -1
    with pytest.raises(InvalidInputError):
        import_feishu_new(tmp_path / "other" / "store", bad, owner="Ana")
    assert not (tmp_path / "other").exists()


# -- the command, end to end -------------------------------------------------------------
def okr(*args: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(OKR), *args, "--lang", lang], capture_output=True, text=True, timeout=60)


def test_okr_import_from_feishu_end_to_end(tmp_path: Path) -> None:
    src = tmp_path / "okrs.json"
    src.write_text(json.dumps(response(), ensure_ascii=False), encoding="utf-8")
    store = tmp_path / "store"
    r = okr("import", "--from", "feishu", str(src), "--owner", "刘三", "--store", str(store))
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [
        "period \"2022 年 3 月\" is cycle 2022-03 (cycle names hold only letters, digits, '.', '_' and '-')",
        "period \"2022 年 4 月\" is cycle 2022-04 (cycle names hold only letters, digits, '.', '_' and '-')",
        f"imported period \"2022 年 3 月\" as cycle 2022-03 (2022-03-01 to 2022-03-31) into {store}: "
        "2 objectives, 5 key results, 4 check-ins",
        f"imported period \"2022 年 4 月\" as cycle 2022-04 (2022-04-01 to 2022-04-30) into {store}: "
        "1 objective, 1 key result, 1 check-in"]
    assert r.stderr.splitlines() == [
        "Warning: key results weigh differently in Feishu in 2022-03 O1; okr weighs an objective's key results "
        "equally (each weight is in its check-in's note)",
        "Warning: 2 alignments point outside their period or this file and were left out"]
    listed = okr("list", "--store", str(store), "--cycle", "2022-03")
    assert "O1.2  用户投诉建议等问题反馈时间不超过 2 个小时 @张三9 · 刘三" in listed.stdout
    assert "⚠ needs help: blocked (4th week, since 2022-W10): Feishu status: 风险 (at risk)" in listed.stdout
    again = okr("import", "--from", "feishu", str(src), "--owner", "刘三", "--store", str(store))
    assert again.returncode == 1 and again.stderr.startswith("Error: cycle 2022-03 exists already")


def test_okr_import_from_feishu_in_chinese(tmp_path: Path) -> None:
    src = tmp_path / "okrs.json"
    src.write_text(json.dumps(response()["data"], ensure_ascii=False), encoding="utf-8")
    r = okr("import", "--from", "feishu", str(src), "--owner", "刘三", "--store", str(tmp_path / "s"), lang="zh-CN")
    assert r.returncode == 0, r.stderr
    assert "已将飞书周期“2022 年 4 月”导入为周期 2022-04（2022-04-01 至 2022-04-30）" in r.stdout
    assert "1 个目标，1 个关键成果，1 次进度检视" in r.stdout
    assert r.stderr.startswith("警告：")
    bad = response()
    bad["data"]["okr_list"][0]["objective_list"][0]["kr_list"][1]["progress_rate"]["percent"] = "abc"
    src.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    r = okr("import", "--from", "feishu", str(src), "--owner", "刘三", "--store", str(tmp_path / "t"), lang="zh-CN")
    assert r.returncode == 1 and r.stderr == (
        "错误：data.okr_list[0].objective_list[0].kr_list[1].progress_rate.percent：应为0-100 的整数，"
        "实际为 \"abc\"；未导入任何内容\n")
    assert not (tmp_path / "t").exists()


@pytest.mark.parametrize(("args", "message"), [
    (("--from", "feishu"), "--from feishu needs --owner NAME"),
    (("--owner", "Ana"), "--owner, --cycle, --start and --end are for --from feishu"),
    (("--from", "feishu", "--owner", "Ana", "--start", "2022-13-01"), "is not a day of the calendar"),
    (("--from", "lark"), "'lark' is not one of 'okr', 'feishu'"),
])
def test_command_line_mistakes_exit_2(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    src = tmp_path / "okrs.json"
    src.write_text(json.dumps(response()), encoding="utf-8")
    r = okr("import", str(src), "--store", str(tmp_path / "s"), *args)
    assert r.returncode == 2 and message in r.stderr and r.stderr.count("\n") == 1
    assert not (tmp_path / "s").exists()


def test_code_not_zero_on_the_command_line(tmp_path: Path) -> None:
    src = tmp_path / "okrs.json"
    src.write_text(json.dumps({"code": 99991663, "msg": "Invalid access token for authorization."}), encoding="utf-8")
    r = okr("import", "--from", "feishu", str(src), "--owner", "Ana", "--store", str(tmp_path / "s"))
    assert (r.returncode, r.stdout) == (1, "")
    assert r.stderr == ("Error: Feishu answered code 99991663: Invalid access token for authorization.; "
                        "nothing imported\n")


def test_a_period_overlapping_a_cycle_of_the_store_imports_nothing(store: Store) -> None:
    store.add_cycle("2022-Q1", dt.date(2022, 1, 1), dt.date(2022, 3, 31))
    before = files(store.path)
    with pytest.raises(InvalidInputError, match=r"^cycle 2022-03 overlaps cycle 2022-Q1 .*; nothing imported$"):
        import_feishu(store, response(), owner="Ana", today=TODAY)
    assert {k: v for k, v in files(store.path).items() if not k.endswith(".lock")} == \
        {k: v for k, v in before.items() if not k.endswith(".lock")}
    assert [c.name for c in store.cycles()] == ["2022-Q1", "2026-Q4"]
