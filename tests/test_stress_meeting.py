"""Crashes and concurrency through what people use: `okr checkin` processes and the meeting's
saving path (MeetingSession + Saver, wired as the app wires them, in worker processes).

The store-level versions are tests/test_crash.py and tests/test_concurrency.py. Here:
SIGKILL at random moments (a few rounds by default, >= 200 each under ``make stress``);
after every kill the store opens and every acknowledged answer is there (an `okr checkin`
that exited 0; an answer the saver reported saved, which is when the app shows "saved").
Then CLI and meeting writers at once on the same cycle: no lost update, no torn file, the
last writer wins for one key result and week.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from store import Store, add_weeks

OKR = Path(sys.executable).parent / "okr"
WORKER = Path(__file__).with_name("meeting_workers.py")
WEEK = "2026-W48"
FIRST_WEEK = "2026-W40"  # as in meeting_workers.py


def _seeded(name: str) -> random.Random:
    seed = os.environ.get("OKR_CRASH_SEED") or str(random.randrange(10**6))
    print(f"{name}: kill moments from OKR_CRASH_SEED={seed}")  # shown on failure, to replay
    return random.Random(seed)


def _krs(store: Store, objectives: int, owner: str = "ana") -> list[str]:
    with store.write(store.cycle()) as tx:
        for o in range(objectives):
            obj = tx.add_objective(title=f"objective {o}", owner=f"{owner}{o}")
            for k in range(4):
                tx.add_key_result(obj.id, title=f"kr {k}")
    return [k.id for k in store.load(store.cycle()).key_results]


def _assert_clean(store: Store, *, temps_allowed: int = 0) -> None:
    temps = [p.name for p in store.path.iterdir() if p.name.endswith(".tmp")]
    assert len(temps) <= temps_allowed, temps


def _check_acknowledged(store_path: Path, latest: dict[str, int], tried: int, encoded) -> None:  # type: ignore[no-untyped-def]
    """Each key result holds its latest acknowledged answer, or a later one already begun."""
    data = Store.open(store_path).load(Store.open(store_path).cycle())
    for kid, n in latest.items():
        ci = data.checkin(kid, WEEK)
        assert ci is not None, f"acknowledged answer #{n} for {kid} is missing"
        stored = encoded(ci)
        assert n <= stored <= tried, f"{kid}: acknowledged #{n}, stored #{stored} (tried up to #{tried})"
        assert (ci.progress, ci.confidence) == (stored % 101, stored % 10 + 1)


# -- SIGKILL: okr checkin ------------------------------------------------------------------

def _kill_cli_check_ins(store: Store, rounds: int) -> None:
    krs = _krs(store, 1)
    rng = _seeded("okr checkin")

    def run(seq: int) -> subprocess.Popen[bytes]:
        kid = krs[seq % len(krs)]
        return subprocess.Popen([str(OKR), "checkin", kid, "--store", str(store.path), "--week", WEEK,
                                 "--progress", str(seq % 101), "--confidence", str(seq % 10 + 1),
                                 "--note", f"seq {seq}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    started = time.monotonic()  # one undisturbed run: how long a check-in lives, to spread kills over
    first = run(0)
    assert first.wait(timeout=60) == 0, first.stderr.read() if first.stderr else ""
    lifetime = time.monotonic() - started
    latest, killed, acked = {krs[0]: 0}, 0, 0
    for seq in range(1, rounds + 1):
        proc = run(seq)
        # Odd rounds die early (mostly before or during the write), even ones late or never.
        spread = (0.2, 0.95) if seq % 2 else (0.8, 1.6)
        try:
            proc.wait(timeout=rng.uniform(*spread) * lifetime)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
        code = proc.wait(timeout=60)
        err = proc.stderr.read().decode() if proc.stderr else ""
        assert code in (0, -signal.SIGKILL), f"check-in #{seq} failed on its own ({code}): {err}"
        if code == 0:
            latest[krs[seq % len(krs)]] = seq
            acked += 1
        else:
            killed += 1
        _check_acknowledged(store.path, latest, seq, lambda ci: int(ci.note.split()[1]))
        _assert_clean(store, temps_allowed=1)  # at most the dead writer's own; the next write clears it
    assert killed, "no check-in was killed: the kill moments missed every process"
    assert acked >= rounds // 10, f"only {acked} of {rounds} check-ins got through"


def test_killed_okr_checkin_loses_nothing_acknowledged(store: Store) -> None:
    _kill_cli_check_ins(store, rounds=8)


@pytest.mark.slow
def test_killed_okr_checkin_loses_nothing_acknowledged_many_times(store: Store) -> None:
    _kill_cli_check_ins(store, rounds=220)


# -- SIGKILL: the meeting's saver --------------------------------------------------------

def _acks(path: Path) -> tuple[dict[int, None], int]:
    acked: dict[int, None] = {}
    tried = -1
    if path.exists():
        for line in path.read_text().splitlines():
            kind, n = line.split()
            if kind == "ack":
                acked[int(n)] = None
            else:
                tried = max(tried, int(n))
    return acked, tried


def _kill_meeting_savers(store: Store, tmp_path: Path, rounds: int, max_delay: float) -> None:
    krs = _krs(store, 2)
    acks = tmp_path / "acks"
    rng = _seeded("meeting saver")
    server = subprocess.Popen([sys.executable, str(WORKER), "saver-crash-server", str(store.path), str(acks),
                               WEEK, *krs], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
    assert server.stdin and server.stdout
    try:
        seq, acked, done = 0, {}, 0
        # At least ``rounds`` kills, and more (up to 4x) until more answers than kills were
        # acknowledged: a run that saved almost nothing would check almost nothing. Each
        # kill's delay runs from when the writer has loaded the cycle and starts answering.
        while done < rounds or (len(acked) <= rounds and done < 4 * rounds):
            done += 1
            server.stdin.write(f"go {seq}\n")
            server.stdin.flush()
            pid = int(server.stdout.readline())
            time.sleep(rng.uniform(0, max_delay))
            os.kill(pid, signal.SIGKILL)
            assert server.stdout.readline().split() == ["ended", str(-signal.SIGKILL)], \
                "the meeting writer died before it was killed (see its traceback above)"
            acked, tried = _acks(acks)
            latest: dict[str, int] = {}
            for n in acked:
                latest[krs[n % len(krs)]] = max(latest.get(krs[n % len(krs)], -1), n)
            _check_acknowledged(store.path, latest, tried, lambda ci: int(ci.blocker.split()[1]))
            _assert_clean(store, temps_allowed=1)
            seq = tried + 1
        assert len(acked) > rounds, "the meeting writers hardly saved anything"
    finally:
        server.stdin.close()
        server.kill()
        server.wait(timeout=10)
    data = store.load(store.cycle())
    assert data.meetings and all(m.week == WEEK for m in data.meetings)
    with store.write(store.cycle()) as tx:  # still writable; the dead writer's temp file goes
        tx.check_in(krs[0], WEEK, progress=100)
    _assert_clean(store)


def test_killed_meeting_saver_loses_nothing_shown_as_saved(store: Store, tmp_path: Path) -> None:
    _kill_meeting_savers(store, tmp_path, rounds=15, max_delay=0.15)


@pytest.mark.slow
def test_killed_meeting_saver_loses_nothing_shown_as_saved_many_times(store: Store, tmp_path: Path) -> None:
    _kill_meeting_savers(store, tmp_path, rounds=220, max_delay=0.25)


# -- concurrency: CLI and meetings on one cycle at once ---------------------------------------

def _run_all(tmp_path: Path, argvs: list[list[str]]) -> None:
    go = tmp_path / "go"
    procs = [subprocess.Popen([sys.executable, str(WORKER), argv[0], argv[1], str(go), *argv[2:]],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for argv in argvs]
    go.touch()
    errors = []
    for p in procs:
        _, err = p.communicate(timeout=600)
        if p.returncode:
            errors.append(err)
    assert not errors, "\n".join(errors)


def _cli_and_meetings_at_once(store: Store, tmp_path: Path, meetings: int, clis: int, count: int) -> None:
    """O1.1 is everyone's shared answer for WEEK; O1.2.. (at most 3) are the CLI writers' own; each
    meeting writer has an objective of its own (O2..) with four key results."""
    _krs(store, 1 + meetings)
    shared, cli_krs = "O1.1", [f"O1.{2 + i}" for i in range(clis)]
    tags = [f"m{i}" for i in range(meetings)] + [f"c{i}" for i in range(clis)]
    _run_all(tmp_path, [["saver-rounds", str(store.path), f"O{2 + i}", shared, str(count), f"m{i}"]
                        for i in range(meetings)]
             + [["cli-rounds", str(store.path), kid, shared, str(count), f"c{i}"] for i, kid in enumerate(cli_krs)])

    data = Store.open(store.path).load(store.cycle())
    weeks = [add_weeks(FIRST_WEEK, i) for i in range(count)]
    for i in range(meetings):
        oid = f"O{2 + i}"
        for kr in data.krs_of(oid):
            assert [(c.week, c.progress) for c in data.history(kr.id)] == list(zip(weeks, range(count))), kr.id
        assert [data.objective_checkin(oid, w).note for w in weeks] == [f"m{i} {n}" for n in range(count)]
    for kid in cli_krs:
        assert [(c.week, c.progress) for c in data.history(kid)] == list(zip(weeks, range(count))), kid
    (fought,) = data.history(shared)
    tag, n = fought.blocker.split()
    assert tag in tags and int(n) == count - 1, fought  # some writer's last answer, whole
    assert (fought.progress, fought.confidence) == (count - 1, (count - 1) % 10 + 1)
    assert len(data.meetings) == meetings * count
    _assert_clean(store)


def test_cli_and_meetings_write_one_cycle_at_once(store: Store, tmp_path: Path) -> None:
    _cli_and_meetings_at_once(store, tmp_path, meetings=2, clis=1, count=3)


@pytest.mark.slow
def test_cli_and_meetings_write_one_cycle_at_once_long(store: Store, tmp_path: Path) -> None:
    _cli_and_meetings_at_once(store, tmp_path, meetings=3, clis=3, count=13)


def test_last_writer_wins_between_cli_and_meeting(store: Store) -> None:
    """One key result and week, written in turn by the CLI, a meeting and the CLI again."""
    sys.path.insert(0, str(Path(__file__).parent))
    from meeting_workers import HeadlessMeeting

    _krs(store, 1)
    cli = [str(OKR), "checkin", "O1.1", "--store", str(store.path), "--week", WEEK]
    subprocess.run([*cli, "--progress", "10", "--confidence", "4", "--blocker", "cli first"], check=True,
                   capture_output=True)
    meeting = HeadlessMeeting(store, WEEK)
    meeting.answer("O1.1", progress=20, confidence=6, blocker="meeting second")
    meeting.wait_saved()
    assert store.load(store.cycle()).checkin("O1.1", WEEK).blocker == "meeting second"  # type: ignore[union-attr]
    subprocess.run([*cli, "--progress", "30", "--blocker", "cli third"], check=True, capture_output=True)
    last = store.load(store.cycle()).checkin("O1.1", WEEK)
    assert last is not None and (last.progress, last.confidence, last.blocker) == (30, 6, "cli third")
    assert len(store.load(store.cycle()).checkins) == 1
