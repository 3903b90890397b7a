"""`okr history` and `okr grade` as a user runs them: the installed command on a temp store."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from store import Store

OKR = Path(sys.executable).parent / "okr"


def okr(store: Store, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(OKR), *args, "--store", str(store.path)], capture_output=True, text=True,
                          timeout=60)


@pytest.fixture
def filled(store: Store) -> Store:
    """O1 committed: O1.1 percent with a gap and a hostile blocker, O1.2 a lower-is-better
    metric; O2 aspirational and done."""
    with store.write(store.cycle()) as tx:
        o1 = tx.add_objective(title="Service [b]bold[/b]", owner="Ana")
        o2 = tx.add_objective(title="Stretch", owner="Wu", kind="aspirational")
        k1 = tx.add_key_result(o1.id, title="Dispatch twice a day", owner="Ben")
        k2 = tx.add_key_result(o1.id, title="Reply *time*", start=24, target=2, unit="h")
        k3 = tx.add_key_result(o2.id, title="All of it")
        tx.check_in(k1.id, "2026-W45", progress=30, confidence=8, note="first\nsecond")
        tx.check_in(k1.id, "2026-W46", progress=30, confidence=8)
        tx.check_in(k1.id, "2026-W48", progress=30, confidence=7, blocker="vendor [red]x[/red]",
                    help_from="Legal")
        tx.check_in(k2.id, "2026-W46", value=24, confidence=6)
        tx.check_in(k2.id, "2026-W47", value=13, confidence=4)
        tx.check_in(k3.id, "2026-W47", progress=100, confidence=10)
        tx.check_in_objective(o1.id, "2026-W47", confidence=6, wins="beta shipped")
    return store


def test_history_of_a_key_result_text(filled: Store) -> None:
    r = okr(filled, "history", "o1.1")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("O1.1  Dispatch twice a day  (Ben)")
    assert "2026-W45  progress    30%  first check-in" in r.stdout
    assert "→ ±0 no change" in r.stdout and "↓ -1 worse" in r.stdout
    assert "(change since 2026-W46, 2 weeks back: no check-in in between)" in r.stdout
    assert "blocker     vendor [red]x[/red]" in r.stdout and "help from   Legal" in r.stdout
    assert "note        first\n" in r.stdout and "second" in r.stdout
    assert "\x1b" not in r.stdout


def test_history_of_a_metric_key_result_says_lower_is_better(filled: Store) -> None:
    r = okr(filled, "history", "O1.2")
    assert r.returncode == 0, r.stderr
    assert "metric: 24 h → 2 h (lower is better)" in r.stdout
    assert "value       13 h  ↓ -11 h better" in r.stdout


def test_history_of_a_key_result_json(filled: Store) -> None:
    r = okr(filled, "history", "O1.2", "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["history_version"] == 1 and data["type"] == "key_result"
    assert data["key_result"]["lower_is_better"] is True
    last = data["checkins"][-1]
    assert (last["week"], last["progress"], last["value"], last["band"]) == ("2026-W47", 50, 13.0, "hard")
    assert last["change"]["value"]["verdict"] == "better" and last["change"]["confidence"]["amount"] == -2
    assert data["series"][-1] == {"week": "2026-W47", "progress": 50, "confidence": 4, "carried": False}


def test_history_of_an_objective(filled: Store) -> None:
    r = okr(filled, "history", "O1")
    assert r.returncode == 0, r.stderr
    assert "O1.1" in r.stdout and "O1.2" in r.stdout and "Service [b]bold[/b]" in r.stdout
    rows = {line[:8]: line for line in r.stdout.splitlines() if line.startswith("2026-W")}
    assert list(rows) == ["2026-W45", "2026-W46", "2026-W47", "2026-W48"]
    assert rows["2026-W47"].split()[:2] == ["2026-W47", "40%"]
    assert "(30%)" in rows["2026-W47"] and "6/10 (needs a breakthrough)" in rows["2026-W47"]
    assert "wins: beta shipped" in r.stdout

    j = json.loads(okr(filled, "history", "O1", "--format", "json").stdout)
    assert j["type"] == "objective" and [k["id"] for k in j["key_results"]] == ["O1.1", "O1.2"]
    w47 = j["weeks"][2]
    assert w47["week"] == "2026-W47" and w47["progress"] == 40 and w47["wins"] == "beta shipped"
    assert w47["key_results"]["O1.1"] == {"week": "2026-W47", "progress": 30, "confidence": 8, "carried": True}


@pytest.mark.parametrize(("args", "message"), [
    (("history", "O9.1"), "Error: no key result O9.1 in cycle 2026-Q4"),
    (("history", "O9"), "Error: no objective O9 in cycle 2026-Q4"),
    (("history", "banana"), "Error: 'banana' is neither a key result id (O1.2) nor an objective id (O1)"),
    (("history", "O1", "--cycle", "2019-Q1"), "Error: no cycle named '2019-Q1' (have: 2026-Q4)"),
    (("grade", "2019-Q1"), "Error: no cycle named '2019-Q1' (have: 2026-Q4)"),
])
def test_unknown_ids_are_a_one_line_error(filled: Store, args: tuple[str, ...], message: str) -> None:
    r = okr(filled, *args)
    assert r.returncode != 0 and r.stdout == ""
    assert r.stderr == message + "\n"


def test_grade_text_in_words(filled: Store) -> None:
    r = okr(filled, "grade", "2026-Q4")
    assert r.returncode == 0, r.stderr
    assert "cycle 2026-Q4 (2026-10-01 to 2026-12-31)" in r.stdout
    assert "O1  0.40 bad" in r.stdout and "O2  1.00 strong" in r.stdout
    assert "O1.2  0.50 fair" in r.stdout and "50% · 13 h" in r.stdout
    conversations = r.stdout[r.stdout.index("CONVERSATIONS WORTH HAVING (3)"):]
    assert "O1    committed but graded 0.40, below 1.0" in conversations
    assert "O1.1  confidence stayed 7/10 or higher while progress stalled at 30%" in conversations
    assert "O2    aspirational but fully done (1.0): too easy?" in conversations


def test_grade_markdown_escapes_user_text(filled: Store) -> None:
    r = okr(filled, "grade", "--format", "markdown")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("## OKR grades: 2026-Q4")
    assert r"- **O1 Service \[b\]bold\[/b\]** (Ana, committed): **0.40 bad**" in r.stdout
    assert r"Reply \*time\*" in r.stdout
    assert "### Conversations worth having (3)" in r.stdout


def test_grade_json(filled: Store) -> None:
    r = okr(filled, "grade", "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["grade_version"] == 1 and data["cycle"] == "2026-Q4"
    o1, o2 = data["objectives"]
    assert (o1["score"], o1["band"], o1["flags"][0]["kind"]) == (0.4, "bad", "committed_below_1")
    assert [k["score"] for k in o1["key_results"]] == [0.3, 0.5]
    assert o2["flags"][0]["kind"] == "aspirational_at_1"


def test_nothing_checked_in_yet(store: Store) -> None:
    with store.write(store.cycle()) as tx:
        tx.add_key_result(tx.add_objective(title="T", owner="Ana").id, title="k")
        tx.add_objective(title="Empty", owner="Ana")
    r = okr(store, "history", "O1.1")
    assert r.returncode == 0 and r.stdout.endswith("\nNo check-ins yet.\n")
    r = okr(store, "grade")
    assert "O1.1  0.00 bad     k  (Ana) · no check-ins" in r.stdout
    assert "O2  -            Empty  (Ana, committed)\n      no key results to grade" in r.stdout
