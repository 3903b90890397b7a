"""Worker processes for the concurrency and crash tests; run as a script, uses only the store API.

    store_workers.py checkins STORE GO KR COUNT        COUNT check-ins on KR, one per week
    store_workers.py contend STORE GO SHARED OWN COUNT TAG
                                                      each round: SHARED's week 2026-W48 (note
                                                      "TAG i") and OWN's week i, in one write
    store_workers.py crash-server STORE ACKS KR...    reads "go SEQ" lines; forks a writer child
                                                      per line, prints its pid, then "ended CODE"
                                                      when it is gone (-9 after SIGKILL)

Workers wait until the file GO exists so that they all start writing at once.

The crash writer loops over (key result, week) slots: for sequence number n it appends
"try n" to ACKS, writes the check-in (progress n % 101, note "seq n") in one
``store.write`` block, then appends "ack n". It never stops on its own: the test kills it.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from pathlib import Path

from store import Store, add_weeks

CRASH_WEEKS = 13  # slots per key result: the file stays small however long the test runs


def crash_slot(krs: list[str], seq: int) -> tuple[str, str]:
    """The (key result, week) that sequence number ``seq`` writes."""
    kr = krs[seq % len(krs)]
    return kr, add_weeks("2026-W40", (seq // len(krs)) % CRASH_WEEKS)


def _wait_for(go: Path) -> None:
    deadline = time.monotonic() + 60
    while not go.exists():
        if time.monotonic() > deadline:
            sys.exit("never told to go")
        time.sleep(0.005)


def checkins(store_path: str, go: str, kr: str, count: str) -> None:
    store = Store.open(Path(store_path))
    cycle = store.cycle("2026-Q4")
    _wait_for(Path(go))
    for i in range(int(count)):
        with store.write(cycle) as tx:
            tx.check_in(kr, add_weeks("2026-W01", i), progress=i % 101, confidence=i % 10 + 1, note=f"{kr} #{i}")


def contend(store_path: str, go: str, shared: str, own: str, count: str, tag: str) -> None:
    store = Store.open(Path(store_path))
    cycle = store.cycle("2026-Q4")
    _wait_for(Path(go))
    for i in range(int(count)):
        with store.write(cycle) as tx:
            tx.check_in(shared, "2026-W48", progress=i % 101, note=f"{tag} {i}")
            tx.check_in(own, add_weeks("2026-W01", i), progress=i % 101)


def _crash_writer(store: Store, acks: int, krs: list[str], seq: int, parent: int) -> None:
    cycle = store.cycle("2026-Q4")
    while os.getppid() == parent:
        kr, week = crash_slot(krs, seq)
        os.write(acks, f"try {seq}\n".encode())
        with store.write(cycle) as tx:
            tx.check_in(kr, week, progress=seq % 101, confidence=seq % 10 + 1, note=f"seq {seq}")
            if seq % 7 == 0:
                tx.check_in_objective("O1", week, confidence=seq % 10 + 1, wins=f"seq {seq}")
        os.write(acks, f"ack {seq}\n".encode())
        seq += 1


def crash_server(store_path: str, acks_path: str, *krs: str) -> None:
    """Import once, fork a writer per request: a fresh interpreter per kill would cost ~0.4 s."""
    store = Store.open(Path(store_path))
    me = os.getpid()
    for line in sys.stdin:
        seq = int(line.split()[1])
        pid = os.fork()
        if pid == 0:
            status = 1
            try:
                acks = os.open(acks_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
                _crash_writer(store, acks, list(krs), seq, me)
                status = 0
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(status)
        print(pid, flush=True)
        # The test kills it; say how it ended, once it is gone for sure.
        _, status = os.waitpid(pid, 0)
        print(f"ended {os.waitstatus_to_exitcode(status)}", flush=True)


if __name__ == "__main__":
    commands = {"checkins": checkins, "contend": contend, "crash-server": crash_server}
    commands[sys.argv[1]](*sys.argv[2:])
