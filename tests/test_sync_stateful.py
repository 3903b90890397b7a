"""Two and three hosts of one store, a bare repository between them: hypothesis picks the
check-ins, withdrawals of them, blockers, edits, new key results and objectives, and when each
host syncs. At the end every host syncs until all agree: the cycle files are byte for byte the
same, every acknowledged check-in is there (unless one was withdrawn), and git never reported
a conflict (a sync would have raised)."""

from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule, run_state_machine_as_test
from sync_harness import CYCLE, assert_no_conflict, cycle_data, git, hosts, isolate_git, shared_root

from store import Store
from store import sync as store_sync

WEEKS = ["2026-W48", "2026-W49"]
TITLES = ["Serve customers well", "Serve customers superbly", "服务好客户"]
# No shrinking: a failing run prints its steps as they were, in seconds rather than minutes.
SETTINGS = settings(max_examples=6, stateful_step_count=14, deadline=None,
                    phases=[Phase.explicit, Phase.reuse, Phase.generate],
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def machine(template: Path, work: Path, count: int) -> type[RuleBasedStateMachine]:
    class Hosts(RuleBasedStateMachine):
        examples = 0

        def __init__(self) -> None:
            super().__init__()
            Hosts.examples += 1
            here = work / f"example{Hosts.examples}"
            shutil.copytree(template, here, symlinks=True)  # copies are hosts of their own
            self.paths = [here / f"host{i}" for i in range(count)]
            for path in self.paths:
                git(path, "remote", "set-url", "origin", str(here / "remote.git"))
            self.stores = [Store.open(p) for p in self.paths]
            # (key result title, week) -> each acknowledged answer, with the host that gave it
            self.acks: dict[tuple[str, str], list[tuple[int, dict[str, Any]]]] = defaultdict(list)
            self.krs: set[str] = {"Dispatch twice a day", "Answer feedback fast", "Release monthly"}
            self.made = 0
            self.last_kr: dict[int, str] = {}
            self.withdrawn: set[tuple[str, str]] = set()  # an answer of these may be gone, taken back

        def write(self, host: int):  # type: ignore[no-untyped-def]
            store = self.stores[host]
            return store.write(store.cycle(CYCLE))

        @rule(host=st.integers(0, count - 1), pick=st.integers(-1, 99), week=st.sampled_from(WEEKS),
              progress=st.sampled_from(range(0, 101, 10)),
              blocker=st.sampled_from([None, "", "waiting on legal", "需要法务"]),
              confidence=st.sampled_from([None, 3, 8]))
        def check_in(self, host: int, pick: int, week: str, progress: int, blocker: str | None,
                     confidence: int | None) -> None:
            with self.write(host) as tx:
                krs = sorted(tx.state.records["key_results"].values(), key=lambda k: k.id)
                mine = [k for k in krs if k.title == self.last_kr.get(host)]
                kr = mine[0] if pick < 0 and mine else krs[pick % len(krs)]  # -1: the one it just added
                ci = tx.check_in(kr.id, week, progress=progress, blocker=blocker, confidence=confidence)
            self.acks[(kr.title, week)].append((host, ci.model_dump()))

        @rule(host=st.integers(0, count - 1), pick=st.integers(0, 99), week=st.sampled_from(WEEKS))
        def withdraw(self, host: int, pick: int, week: str) -> None:
            """An undo to before the answer was given: this week's check-in taken back."""
            with self.write(host) as tx:
                krs = sorted(tx.state.records["key_results"].values(), key=lambda k: k.id)
                kr = krs[pick % len(krs)]
                tx.withdraw_check_in(kr.id, week)
            self.withdrawn.add((kr.title, week))

        @rule(host=st.integers(0, count - 1), pick=st.integers(0, 9), title=st.sampled_from(TITLES))
        def edit_title(self, host: int, pick: int, title: str) -> None:
            with self.write(host) as tx:
                objectives = sorted(tx.state.records["objectives"].values(), key=lambda o: o.id)
                tx.update_objective(objectives[pick % len(objectives)].id, title=title)

        @rule(host=st.integers(0, count - 1), pick=st.integers(0, 1))
        def add_key_result(self, host: int, pick: int) -> None:
            self.made += 1
            title = f"Key result {self.made}"
            with self.write(host) as tx:
                objectives = sorted(tx.state.records["objectives"].values(), key=lambda o: o.id)
                tx.add_key_result(objectives[pick % len(objectives)].id, title=title, force=True)
            self.krs.add(title)
            self.last_kr[host] = title

        @rule(host=st.integers(0, count - 1))
        def add_objective(self, host: int) -> None:
            self.made += 1
            with self.write(host) as tx:
                tx.add_objective(title=f"Objective {self.made}", owner=f"Owner {self.made}", force=True)

        @rule(host=st.integers(0, count - 1))
        def sync(self, host: int) -> None:
            store_sync.sync(self.paths[host])

        def teardown(self) -> None:
            for _ in range(2):
                for path in self.paths:
                    store_sync.sync(path)
            first = (self.paths[0] / f"cycle-{CYCLE}.json").read_bytes()
            for path in self.paths:
                assert (path / f"cycle-{CYCLE}.json").read_bytes() == first
                assert shared_root(path) == shared_root(self.paths[0])
                assert_no_conflict(path)
            data = cycle_data(self.paths[0])
            titles = [k["title"] for k in data["key_results"].values()]
            assert sorted(titles) == sorted(self.krs)  # each key result once, none lost
            kid = {k["title"]: k["id"] for k in data["key_results"].values()}
            answers = {(c["kr"], c["week"]): c for c in data.get("checkins", {}).values()}
            for (title, week), acks in self.acks.items():
                if (title, week) in self.withdrawn and (kid[title], week) not in answers:
                    continue
                final = answers[(kid[title], week)]  # every acknowledged answer is there
                for f in ("progress", "confidence", "blocker"):
                    assert final[f] in [ack[f] for _, ack in acks], (title, week, f)
                if len({h for h, _ in acks}) == 1:  # from one host only: its last answer
                    last = acks[-1][1]
                    assert (final["progress"], final["blocker"]) == (last["progress"], last["blocker"])

    return Hosts


@pytest.fixture
def template(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    isolate_git(monkeypatch, tmp_path)
    return tmp_path / "template"


@pytest.mark.parametrize("count", [2, 3])
def test_hosts_that_interleave_freely_end_identical_with_nothing_lost(template: Path, tmp_path: Path,
                                                                      count: int) -> None:
    template.mkdir()
    hosts(template, count)
    run_state_machine_as_test(machine(template, tmp_path / "work", count), settings=SETTINGS)
