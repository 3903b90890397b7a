"""The store's refusals in Chinese through the real `okr` (import, sync, validation), each one
line with exit 1 and the store as it was; the same refusals in English unchanged."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from store import Store

OKR = Path(sys.executable).parent / "okr"
LANGUAGE_VARS = ("OKR_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")
CYCLE = "## Cycle 2026-Q4\n- start: 2026-10-01\n- end: 2026-12-31\n"


def okr(*args: str | Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`okr ARGS` with no language in the environment but the ``env`` given."""
    base = {k: v for k, v in os.environ.items() if k not in LANGUAGE_VARS}
    return subprocess.run([str(OKR), *map(str, args)], capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL, env={**base, **env})


def snapshot(directory: Path) -> dict[str, str]:
    return {str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file() and p.suffix != ".lock"}


@pytest.mark.parametrize(("outline", "zh", "en"), [
    (CYCLE + "### O1 Fine\n- owner: Ana\n- colour: red\n",
     "错误：第 6 行：目标没有字段 'colour'（可用字段：aligns to, archived, confidence, kind, owner, team）；未导入任何内容",
     "Error: line 6: objective has no field 'colour' (it has: aligns to, archived, confidence, kind, owner, team); "
     "nothing was imported"),
    ("## Cycle 2026-Q4\n#### O1.1 KR\n", "错误：第 2 行：在任何目标标题之前出现了关键成果；未导入任何内容",
     "Error: line 2: a key result before any objective heading; nothing was imported"),
    (CYCLE + "### O1 Fine\n", "错误：第 4 行：目标 O1 需要一行“- owner: ...”；未导入任何内容",
     "Error: line 4: the objective O1 needs a '- owner: ...' line; nothing was imported"),
    (CYCLE + "### O1 Fine\n- owner: Ana\n#### O2.1 KR\n",
     "错误：第 6 行：关键成果 O2.1 位于目标 O1 之下；其编号必须以 O1. 开头；未导入任何内容",
     "Error: line 6: key result O2.1 is under objective O1; its id must start with O1.; nothing was imported"),
    ("# nothing\n", "错误：没有“## Cycle”标题：没有可导入的内容", "Error: no '## Cycle' heading: nothing to import"),
])
def test_an_outline_refused_says_why_in_chinese(store: Store, store_dir: Path, tmp_path: Path, outline: str,
                                                zh: str, en: str) -> None:
    md = tmp_path / "okrs.md"
    md.write_text(outline, encoding="utf-8")
    before = snapshot(store_dir)
    for lang, says in (("zh-CN", zh), ("en", en)):
        r = okr("import", md, "--store", store_dir, OKR_LANG=lang)
        assert r.returncode == 1 and r.stderr == says + "\n", r.stderr
    assert snapshot(store_dir) == before


def test_an_import_says_what_it_did_in_chinese(store: Store, store_dir: Path, tmp_path: Path) -> None:
    md = tmp_path / "okrs.md"
    md.write_text(CYCLE + "### O1 Fine\n- owner: Ana\n#### KR one\n#### KR two\n", encoding="utf-8")
    r = okr("import", md, "--store", store_dir, OKR_LANG="zh-CN")
    assert r.returncode == 0 and r.stdout == "已导入 2026-Q4：1 个目标，2 个关键成果（新增 3，更新 0）\n", r.stderr


def test_a_json_export_refused_says_why_in_chinese(store: Store, store_dir: Path, tmp_path: Path) -> None:
    import json

    assert okr("objective", "add", "Fine", "--owner", "Ana", "--store", store_dir).returncode == 0
    assert okr("kr", "add", "O1", "KR one", "--store", store_dir).returncode == 0
    doc = json.loads(okr("export", "--format", "json", "--store", store_dir).stdout)
    doc["cycles"][0]["key_results"][0]["objective"] = "O7"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(doc), encoding="utf-8")
    other = tmp_path / "other"
    for lang, says in (("zh-CN", "错误：2026-Q4：关键成果 O1.1 属于不存在的目标 O7；未导入任何内容"),
                       ("en", "Error: 2026-Q4: key result O1.1 belongs to unknown objective O7; nothing imported")):
        r = okr("import", broken, "--store", other, OKR_LANG=lang)
        assert r.returncode == 1 and r.stderr == says + "\n", r.stderr
    assert not other.exists()
    doc["version"] = 99
    broken.write_text(json.dumps(doc), encoding="utf-8")
    r = okr("import", broken, "--store", other, OKR_LANG="zh-CN")
    assert r.returncode == 1 and r.stderr == "错误：不支持导出版本 99（当前 okr 读取的版本为 1）\n", r.stderr


@pytest.mark.parametrize(("args", "zh", "en"), [
    (["objective", "add", "", "--owner", "Ana"], "错误：标题：不能为空", "Error: title: must not be empty"),
    (["objective", "add", "x", "--owner", "a" * 300], "错误：负责人长 300 个字符；上限为 80",
     "Error: owner is 300 characters long; the limit is 80"),
    (["cycle", "add", "bad/name", "--start", "2027-01-01", "--end", "2027-02-01"],
     "错误：周期名称 'bad/name' 只能包含字母、数字、“.”、“_”和“-”（最多 40 个）",
     "Error: cycle name 'bad/name' may hold only letters, digits, '.', '_' and '-' (max 40)"),
])
def test_a_record_refused_by_its_rules_names_the_field_in_chinese(store: Store, store_dir: Path, args: list[str],
                                                                  zh: str, en: str) -> None:
    before = snapshot(store_dir)
    for lang, says in (("zh-CN", zh), ("en", en)):
        r = okr(*args, "--store", store_dir, OKR_LANG=lang)
        assert r.returncode == 1 and r.stderr == says + "\n", r.stderr
    assert snapshot(store_dir) == before


def test_pydantic_messages_are_chinese_but_english_stays_pydantics() -> None:
    from pydantic import ValidationError

    from store.models import Objective
    from store.validation import one_line
    from tui import i18n

    def refused() -> str:
        try:
            Objective.model_validate({"id": "O1", "title": "t", "owner": "Ana", "confidence": 11, "kind": "x"})
        except ValidationError as e:
            return one_line(e)
        raise AssertionError("validated")

    english = refused()
    assert english == ("kind: Input should be 'committed' or 'aspirational'; "
                       "confidence: Input should be less than or equal to 10")
    try:
        i18n.use("zh-CN")
        assert refused() == "类型：应为 'committed' or 'aspirational'；信心：应小于或等于 10"
    finally:
        i18n.use("en")


def test_trend_words_are_chinese_but_json_keeps_english() -> None:
    from store.trends import Delta, KRDelta
    from tui import i18n

    up, same = Delta(50, 40, "%"), Delta(7, 7)
    gap = KRDelta("O1.1", "2026-W48", True, "2026-W45", 3, up, same, None)
    try:
        i18n.use("zh-CN")
        assert (up.text(), same.text(), Delta(3, 5, "h", lower_is_better=True).verdict) == (
            "↑ +10% 变好", "→ ±0 没有变化", "变好")
        assert gap.since_text() == "相比 2026-W45（3 周前）"
        assert up.to_dict()["verdict"] == "better" and same.to_dict()["verdict"] == "no change"
    finally:
        i18n.use("en")
    assert (up.text(), gap.since_text()) == ("↑ +10% better", "since 2026-W45, 3 weeks back")
