"""`okr sync` between hosts on this machine, through real git and a bare repository as the
remote: setting up, joining, ids made twice, clocks, bad journal files, unreachable remotes."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import pytest
from sync_harness import CYCLE, assert_no_conflict, bare_remote, cycle_data, git, hosts, isolate_git, okr, seed

from store import Store, journal
from store import sync as store_sync
from store.git import Git
from store.journal import EventName, hlc, host_id

WEEK = "2026-W48"


@pytest.fixture(autouse=True)
def _git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate_git(monkeypatch, tmp_path)


def ok(*args: str) -> str:
    done = okr(*args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def checkin(host: Path, kid: str, *args: str) -> str:
    return ok("checkin", kid, "--week", WEEK, "--cycle", CYCLE, "--store", str(host), *args)


def test_two_hosts_check_in_then_sync_and_hold_the_same_store(tmp_path: Path) -> None:
    a, b = hosts(tmp_path, 2)
    assert host_id(a) != host_id(b)
    assert cycle_data(a) == cycle_data(b)
    checkin(a, "O1.1", "--progress", "50", "--confidence", "8")
    checkin(b, "O1.2", "--progress", "20", "--blocker", "waiting on legal", "--help-from", "Dee")
    checkin(b, "O2.1", "--progress", "70")
    assert ok("sync", "--store", str(a)) == "sent 1 change, received 0\n"
    assert ok("sync", "--store", str(b)) == f"sent 2 changes, received 1 from {host_id(a)} (1)\n"
    assert ok("sync", "--store", str(a)) == f"sent 0 changes, received 2 from {host_id(b)} (2)\n"
    assert ok("sync", "--store", str(b)) == "up to date: nothing to send or receive\n"
    assert (a / f"cycle-{CYCLE}.json").read_bytes() == (b / f"cycle-{CYCLE}.json").read_bytes()
    data = Store.open(a).load(Store.open(a).cycle(CYCLE))
    answers = {c.kr: (c.progress, c.blocker) for c in data.checkins if c.week == WEEK}
    assert answers == {"O1.1": (50, ""), "O1.2": (20, "waiting on legal"), "O2.1": (70, "")}
    for host in (a, b):
        assert_no_conflict(host)
        assert git(host, "ls-files").split() == sorted(
            [".gitattributes", ".gitignore", *git(host, "ls-files", "journal").split()])


def test_a_new_cycle_and_its_objectives_reach_the_other_host(tmp_path: Path) -> None:
    a, b = hosts(tmp_path, 2)
    ok("cycle", "add", "2027-Q1", "--start", "2027-01-01", "--end", "2027-03-31", "--store", str(a))
    ok("objective", "add", "Grow", "--owner", "Ana", "--cycle", "2027-Q1", "--store", str(a))
    ok("sync", "--store", str(a))
    ok("sync", "--store", str(b))
    assert "  2027-Q1  2027-01-01 to 2027-03-31" in ok("cycle", "list", "--store", str(b)).splitlines()
    store = Store.open(b)
    assert [o.title for o in store.load(store.cycle("2027-Q1")).objectives] == ["Grow"]


def test_an_objective_added_on_both_hosts_gets_the_next_id_on_the_later(tmp_path: Path) -> None:
    a, b = hosts(tmp_path, 2)
    assert ok("objective", "add", "A's third", "--owner", "Ana", "--store", str(a), "--cycle", CYCLE) == "O3 added\n"
    assert ok("objective", "add", "B's third", "--owner", "Bo", "--store", str(b), "--cycle", CYCLE) == "O3 added\n"
    assert ok("kr", "add", "O3", "B's measure", "--store", str(b), "--cycle", CYCLE) == "O3.1 added\n"
    checkin(b, "O3.1", "--progress", "40")
    ok("sync", "--store", str(a))
    said = ok("sync", "--store", str(b)).splitlines()
    assert f"O3 from host {host_id(b)} is now O4" in said
    assert f"O3 from host {host_id(b)} is now O4" in ok("sync", "--store", str(a)).splitlines()
    for host in (a, b):
        store = Store.open(host)
        data = store.load(store.cycle(CYCLE))
        assert {o.id: o.title for o in data.objectives}["O4"] == "B's third"
        assert {o.id: o.title for o in data.objectives}["O3"] == "A's third"
        assert [(k.id, k.objective) for k in data.key_results if k.title == "B's measure"] == [("O4.1", "O4")]
        assert [c.progress for c in data.checkins if c.kr == "O4.1"] == [40]
    # b goes on with the ids it now sees.
    checkin(b, "O4.1", "--progress", "60")
    ok("sync", "--store", str(b))
    ok("sync", "--store", str(a))
    store = Store.open(a)
    assert [c.progress for c in store.load(store.cycle(CYCLE)).checkins if c.kr == "O4.1"] == [60]


def test_the_same_title_edited_on_two_hosts_the_later_wins_and_the_other_is_reported(tmp_path: Path) -> None:
    a, b = hosts(tmp_path, 2)
    for host, title in ((a, "Serve customers superbly"), (b, "Serve customers fast")):
        store = Store.open(host)
        with store.write(store.cycle(CYCLE)) as tx:
            tx.update_objective("O1", title=title)
    ok("sync", "--store", str(a))
    said = ok("sync", "--store", str(b)).splitlines()
    assert said[1] == (f"O1: host {host_id(b)} replaced host {host_id(a)}'s title 'Serve customers superbly' "
                       "with 'Serve customers fast'")
    ok("sync", "--store", str(a))
    assert cycle_data(a) == cycle_data(b)
    assert cycle_data(a)["objectives"]["1"]["title"] == "Serve customers fast"
    kept = [json.loads(p.read_text()) for p in (a / "journal" / CYCLE).glob(f"*-{host_id(a)}.json")]
    assert any(c["set"].get("title") == "Serve customers superbly" for e in kept for c in e["changes"])


def test_a_clock_that_runs_backwards_still_orders_edits_and_converges(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = hosts(tmp_path, 2)
    real = journal.wall_ms

    def title(host: Path, text: str) -> None:
        store = Store.open(host)
        with store.write(store.cycle(CYCLE)) as tx:
            tx.update_objective("O2", title=text)

    title(a, "A, now")
    store_sync.sync(a)
    store_sync.sync(b)
    monkeypatch.setattr(journal, "wall_ms", lambda: real() - 86_400_000)  # b's clock: a day back
    title(b, "B, a day back")
    title(b, "B again, still a day back")
    names = sorted(p.name for p in (b / "journal" / CYCLE).iterdir())
    assert names[-1].endswith(f"-{host_id(b)}.json") and names[-2].endswith(f"-{host_id(b)}.json")
    store_sync.sync(b)
    monkeypatch.setattr(journal, "wall_ms", real)
    store_sync.sync(a)
    assert cycle_data(a)["objectives"]["2"]["title"] == "B again, still a day back"
    title(a, "A, later")
    store_sync.sync(a)
    store_sync.sync(b)
    assert cycle_data(a) == cycle_data(b) and cycle_data(b)["objectives"]["2"]["title"] == "A, later"


def test_a_bad_journal_file_is_skipped_and_reported_the_rest_applied(tmp_path: Path) -> None:
    a, b = hosts(tmp_path, 2)
    checkin(b, "O1.1", "--progress", "90")
    cycle_dir = b / "journal" / CYCLE
    garbage = EventName(hlc(journal.wall_ms(), 0), "mallory.1").file_name
    (cycle_dir / garbage).write_text("{not json")
    unknown = EventName(hlc(journal.wall_ms(), 1), "mallory.1").file_name
    (cycle_dir / unknown).write_text(json.dumps({"v": 1, "seen": {}, "changes": [
        {"t": "checkins", "k": ["O9.1", WEEK], "new": True,
         "set": {"kr": "O9.1", "week": WEEK, "progress": 10, "at": "2026-11-25T10:00:00Z"}}]}))
    ok("sync", "--store", str(b))
    said = ok("sync", "--store", str(a)).splitlines()
    assert f"skipped journal/{CYCLE}/{garbage}: not valid JSON" in "\n".join(said)
    assert f"skipped journal/{CYCLE}/{unknown}: names key result 'O9.1' that does not exist" in said
    store = Store.open(a)
    assert {c.kr: c.progress for c in store.load(store.cycle(CYCLE)).checkins if c.week == WEEK} == {"O1.1": 90}
    assert ok("sync", "--store", str(a)) == "up to date: nothing to send or receive\n"


def test_an_unreachable_remote_keeps_the_work_committed_and_sends_it_later(tmp_path: Path) -> None:
    a, b = hosts(tmp_path, 2)
    url = git(a, "remote", "get-url", "origin").strip()
    checkin(a, "O1.1", "--progress", "80")
    for broken in (str(tmp_path / "gone.git"), "ssh://127.0.0.1:1/srv/okr.git"):
        git(a, "remote", "set-url", "origin", broken)
        done = okr("sync", "--store", str(a))
        assert done.returncode == 1 and done.stdout == "" and len(done.stderr.splitlines()) == 1, done.stderr
        assert done.stderr.startswith(f"Error: cannot fetch from {broken}: ")
        assert "will be sent by the next okr sync" in done.stderr and "Traceback" not in done.stderr
    assert git(a, "status", "--porcelain") == ""  # committed here
    assert "to send: 1 change" in ok("sync", "--status", "--store", str(a))
    git(a, "remote", "set-url", "origin", url)
    assert ok("sync", "--store", str(a)) == "sent 1 change, received 0\n"
    ok("sync", "--store", str(b))
    assert cycle_data(a) == cycle_data(b)


def test_a_push_refused_because_another_host_pushed_first_is_retried(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = hosts(tmp_path, 2)
    checkin(a, "O1.1", "--progress", "10")
    checkin(b, "O1.2", "--progress", "20")
    real_push = Git.push
    pushes: list[Path] = []

    def push(self: Git, remote: str, branch: str) -> None:
        pushes.append(self.cwd)
        if self.cwd == a and pushes.count(a) == 1:
            store_sync.sync(b)  # b pushes between a's fetch and a's push
        real_push(self, remote, branch)

    monkeypatch.setattr(Git, "push", push)
    report = store_sync.sync(a)
    assert pushes == [a, b, a] and report.sent == 1 and report.received == {host_id(b): 1}
    store_sync.sync(b)
    assert cycle_data(a) == cycle_data(b)
    assert {c["kr"]: c["progress"] for c in cycle_data(a)["checkins"].values() if c["week"] == WEEK} == \
        {"O1.1": 10, "O1.2": 20}


def test_saves_made_while_syncs_run_are_all_kept(tmp_path: Path) -> None:
    a, b = hosts(tmp_path, 2)
    given = {(kid, f"2026-W{w}"): (w * 7 + n) % 101 for w in range(41, 53) for n, kid in enumerate(["O1.1", "O2.1"])}

    def writer() -> None:
        store = Store.open(a)
        for (kid, week), progress in given.items():
            with store.write(store.cycle(CYCLE)) as tx:
                tx.check_in(kid, week, progress=progress)

    thread = threading.Thread(target=writer)
    thread.start()
    syncs = 0
    while thread.is_alive() or syncs < 2:
        store_sync.sync(a)
        store_sync.sync(b)
        syncs += 1
    thread.join()
    store_sync.sync(a)
    store_sync.sync(b)
    got = {(c["kr"], c["week"]): c["progress"] for c in cycle_data(b)["checkins"].values()}
    assert {k: got.get(k) for k in given} == given and cycle_data(a) == cycle_data(b)


def test_status_says_what_waits_either_way(tmp_path: Path) -> None:
    a, b = hosts(tmp_path, 2)
    checkin(a, "O1.1", "--progress", "10")
    checkin(b, "O1.2", "--progress", "20")
    checkin(b, "O2.1", "--progress", "30")
    ok("sync", "--store", str(b))
    assert ok("sync", "--status", "--store", str(a)).splitlines() == [
        f"host {host_id(a)}", "to send: 1 change (1 not committed yet)", f"to receive: 2 changes from {host_id(b)} (2)"]
    ok("sync", "--store", str(a))
    assert ok("sync", "--status", "--store", str(a)).splitlines()[1:] == ["to send: 0 changes", "to receive: 0 changes"]


def test_a_store_not_set_up_says_how(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    seed(Store.init(plain))
    done = okr("sync", "--store", str(plain))
    assert done.returncode == 1
    assert done.stderr == f"Error: {plain} is not set up for sync; run: okr sync init --store {plain} [--remote URL]\n"
    assert not (plain / ".git").exists()
    store = Store.open(plain)
    with store.write(store.cycle(CYCLE)) as tx:
        tx.check_in("O1.1", WEEK, progress=10)
    assert not (plain / "journal").exists()  # an unsynced store writes no journal


def test_every_write_of_a_synced_store_is_one_journal_file(tmp_path: Path) -> None:
    (a,) = hosts(tmp_path, 1)
    before = set((a / "journal" / CYCLE).iterdir())
    store = Store.open(a)
    with store.write(store.cycle(CYCLE)) as tx:
        tx.check_in("O1.1", WEEK, progress=10)
        tx.check_in("O1.2", WEEK, progress=20)
    with pytest.raises(Exception, match="O9.9"), store.write(store.cycle(CYCLE)) as tx:
        tx.check_in("O9.9", WEEK, progress=10)
    with store.write(store.cycle(CYCLE)) as tx:
        tx.update_objective("O1", title="Serve customers well")  # as it was: nothing to record
    (new,) = set((a / "journal" / CYCLE).iterdir()) - before
    changes = json.loads(new.read_text())["changes"]
    assert [(c["t"], c["k"], c["set"]["progress"]) for c in changes] == \
        [("checkins", ["O1.1", WEEK], 10), ("checkins", ["O1.2", WEEK], 20)]


def test_joining_and_publishing_refuse_what_would_mix_two_stores(tmp_path: Path) -> None:
    remote = str(bare_remote(tmp_path))
    first = tmp_path / "first"
    seed(Store.init(first))
    store_sync.init(first, remote)
    other = tmp_path / "other"
    seed(Store.init(other))
    done = okr("sync", "init", "--remote", remote, "--store", str(other))
    assert done.returncode == 1 and "holds a store already" in done.stderr
    assert not (other / ".git").exists() and not (other / "journal").exists()
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine")
    done = okr("sync", "init", "--remote", remote, "--store", str(busy))
    assert done.returncode == 1 and "is not empty" in done.stderr and (busy / "notes.txt").read_text() == "mine"
    empty = str(bare_remote(tmp_path / "empty"))
    done = okr("sync", "init", "--remote", empty, "--store", str(tmp_path / "new"))
    assert done.returncode == 1 and "is empty" in done.stderr and not (tmp_path / "new").exists()
    joined = ok("sync", "init", "--remote", remote, "--store", str(tmp_path / "second"))
    assert joined.startswith(f"joined {remote} in {tmp_path / 'second'} as host ")


def test_setting_up_twice_says_so_and_changes_nothing(tmp_path: Path) -> None:
    (a,) = hosts(tmp_path, 1)
    head = git(a, "rev-parse", "HEAD")
    assert ok("sync", "init", "--store", str(a)) == f"{a} is set up for sync already (host {host_id(a)})\n"
    assert git(a, "rev-parse", "HEAD") == head
    done = okr("sync", "init", "--store", str(a), "--remote", str(tmp_path / "elsewhere.git"))
    assert done.returncode == 1 and "this repository's origin is " in done.stderr


def test_a_shared_store_keeps_the_group_able_to_write_the_journal(tmp_path: Path) -> None:
    store = Store.init(tmp_path / "team", shared=True)
    seed(store)
    store_sync.init(store.path, str(bare_remote(tmp_path)))
    checkin(store.path, "O1.1", "--progress", "10")
    for directory in (store.path / "journal", store.path / "journal" / CYCLE, store.path / ".okr-sync"):
        assert oct(directory.stat().st_mode & 0o7777) == "0o2770", directory
    for path in [*(store.path / "journal" / CYCLE).iterdir(), store.path / ".okr-sync" / "host.json"]:
        assert oct(path.stat().st_mode & 0o777) == "0o660", path


def test_a_copy_of_a_store_directory_is_another_host(tmp_path: Path) -> None:
    (a,) = hosts(tmp_path, 1)
    copy = tmp_path / "copy"
    shutil.copytree(a, copy, symlinks=True)
    assert host_id(copy) != host_id(a)
    checkin(copy, "O1.1", "--progress", "30")
    checkin(a, "O1.2", "--progress", "40")
    ok("sync", "--store", str(copy))
    ok("sync", "--store", str(a))
    ok("sync", "--store", str(copy))
    assert cycle_data(a) == cycle_data(copy)


def test_a_store_inside_a_repository_uses_it(tmp_path: Path) -> None:
    team = tmp_path / "team"
    team.mkdir()
    git(team, "init", "-q")
    (team / "README").write_text("the team's repository\n")
    git(team, "add", "README")
    git(team, "commit", "-q", "-m", "start")
    store_dir = team / "okr"
    seed(Store.init(store_dir))
    said = ok("sync", "init", "--store", str(store_dir), "--remote", str(bare_remote(tmp_path)))
    assert said.startswith(f"set up {store_dir} for sync: host ")
    assert not (store_dir / ".git").exists()
    tracked = git(team, "ls-files").split()
    assert "README" in tracked and "okr/.gitignore" in tracked and "okr/okr.json" not in tracked
    checkin(store_dir, "O1.1", "--progress", "30")
    assert ok("sync", "--store", str(store_dir)) == "sent 1 change, received 0\n"
    assert git(team, "status", "--porcelain") == ""
