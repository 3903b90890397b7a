"""Worker processes for tests/test_stress_meeting.py: the meeting's saving path without a UI,
and `okr checkin` in a loop. Run as a script:

    meeting_workers.py saver-crash-server STORE ACKS WEEK KR...
        reads "go SEQ" lines; forks a writer per line, prints its pid, then "ended CODE".
        The writer answers KR[seq % n] through a MeetingSession and a Saver (as the app does:
        submit on the UI side, drain on a thread) with progress seq % 101, confidence
        seq % 10 + 1, blocker "seq SEQ"; it appends "try SEQ" before submitting and
        "ack SEQ" when the saver reports that answer saved (the app then shows "saved").
    meeting_workers.py saver-rounds STORE GO OID SHARED COUNT TAG
        a meeting per week W40.. for COUNT (<= 13) weeks: every key result of OID gets progress
        = week number, the objective a confidence, and SHARED in 2026-W48 the blocker
        "TAG i"; each week's answers are saved before the next week starts.
    meeting_workers.py cli-rounds STORE GO KR SHARED COUNT TAG
        the same through `okr checkin` processes: KR week i, then SHARED "TAG i".

Workers wait until the file GO exists so that they all start at once.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import Any

from store import Store, add_weeks
from tui.meeting.saver import AnswerSaved, SaveFailed, Saver
from tui.meeting.session import MeetingSession

OKR = Path(sys.executable).parent / "okr"
SHARED_WEEK = "2026-W48"
FIRST_WEEK = "2026-W40"  # rounds go week by week from here: at most 13 in cycle 2026-Q4


def _wait_for(go: Path) -> None:
    deadline = time.monotonic() + 60
    while not go.exists():
        if time.monotonic() > deadline:
            sys.exit("never told to go")
        time.sleep(0.005)


class HeadlessMeeting:
    """A MeetingSession and its Saver, wired as MeetingApp wires them, without the UI."""

    def __init__(self, store: Store, week: str, on_saved: Any = None) -> None:
        self.session = MeetingSession(store, store.cycle("2026-Q4"), week, facilitator="worker")
        self.saver = Saver(self._write, self._post)
        self.written: dict[tuple[str, ...], dict[str, Any]] = {}
        self.failures: list[str] = []
        self._on_saved = on_saved
        self._threads: list[threading.Thread] = []

    def _write(self, key: tuple[str, ...], fields: dict[str, Any]) -> None:
        self.session.write(key, fields)
        self.written[key] = fields

    def _post(self, message: object) -> None:
        if isinstance(message, AnswerSaved) and self._on_saved:
            self._on_saved(message.key, self.written[message.key])
        elif isinstance(message, SaveFailed):
            self.failures.append(message.error)

    def answer(self, kid: str, *, progress: int, confidence: int, blocker: str = "") -> None:
        kr = self.session.data.key_result(kid)
        assert kr is not None, kid
        amount = self.session.set_value(kr, progress) if not kr.is_metric else self.session.confirm(kr)
        changes = (amount, self.session.set_confidence(kr, confidence), self.session.set_blocker(kr, blocker, ""))
        self.save(("kr", kid), {k: v for change in changes for k, v in change.fields.items()})  # one answer

    def save(self, key: tuple[str, ...], fields: dict[str, Any]) -> None:
        if self.saver.submit(key, fields):  # the app starts a thread worker here
            thread = threading.Thread(target=self.saver.drain, daemon=True)
            self._threads.append(thread)
            thread.start()

    def wait_saved(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while self.saver.pending and time.monotonic() < deadline:
            time.sleep(0.005)
        if self.saver.pending:
            sys.exit(f"answers not saved: {self.failures}")


def _saver_writer(store: Store, acks: int, week: str, krs: list[str], seq: int, parent: int, ready: int) -> None:
    def saved(key: tuple[str, ...], fields: dict[str, Any]) -> None:
        if key[0] == "kr":
            os.write(acks, f"ack {fields['blocker'].split()[1]}\n".encode())

    meeting = HeadlessMeeting(store, week, saved)
    os.write(ready, b"r")  # the kill's random delay starts now, not while the cycle loads
    os.close(ready)
    while os.getppid() == parent:
        os.write(acks, f"try {seq}\n".encode())
        meeting.answer(krs[seq % len(krs)], progress=seq % 101, confidence=seq % 10 + 1, blocker=f"seq {seq}")
        if seq % 5 == 0:
            change = meeting.session.move_to(seq % max(1, len(meeting.session.objectives)))
            meeting.save(change.key, change.fields)
        seq += 1
        time.sleep(0.002)  # a fast typist; answers to one key result still coalesce


def saver_crash_server(store_path: str, acks_path: str, week: str, *krs: str) -> None:
    """Import once, fork a writer per request (a fresh interpreter per kill costs ~0.5 s).
    A writer's pid is printed once it has loaded the cycle and is about to answer."""
    me = os.getpid()
    for line in sys.stdin:
        seq = int(line.split()[1])
        ready_r, ready_w = os.pipe()
        pid = os.fork()
        if pid == 0:
            status = 1
            try:
                os.close(ready_r)
                acks = os.open(acks_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
                _saver_writer(Store.open(Path(store_path)), acks, week, list(krs), seq, me, ready_w)
                status = 0
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(status)
        os.close(ready_w)
        os.read(ready_r, 1)  # b"" if it died first: "ended" then says how
        os.close(ready_r)
        print(pid, flush=True)
        _, status = os.waitpid(pid, 0)
        print(f"ended {os.waitstatus_to_exitcode(status)}", flush=True)


def saver_rounds(store_path: str, go: str, oid: str, shared: str, count: str, tag: str) -> None:
    store = Store.open(Path(store_path))
    kids = [k.id for k in store.load(store.cycle("2026-Q4")).krs_of(oid)]
    shared_meeting = HeadlessMeeting(store, SHARED_WEEK)
    _wait_for(Path(go))
    for i in range(int(count)):
        meeting = HeadlessMeeting(store, add_weeks(FIRST_WEEK, i))
        for kid in kids:
            meeting.answer(kid, progress=i, confidence=i % 10 + 1)
        meeting.save(("objective", oid), {"confidence": i % 10 + 1, "note": f"{tag} {i}"})
        booked = meeting.session.book_time()
        meeting.save(booked.key, booked.fields)
        shared_meeting.answer(shared, progress=i, confidence=i % 10 + 1, blocker=f"{tag} {i}")
        meeting.wait_saved()
        shared_meeting.wait_saved()


def cli_rounds(store_path: str, go: str, kr: str, shared: str, count: str, tag: str) -> None:
    _wait_for(Path(go))
    for i in range(int(count)):
        for kid, week, blocker in ((kr, add_weeks(FIRST_WEEK, i), ""), (shared, SHARED_WEEK, f"{tag} {i}")):
            subprocess.run([str(OKR), "checkin", kid, "--store", store_path, "--week", week, "--progress", str(i),
                            "--confidence", str(i % 10 + 1), "--blocker", blocker], check=True,
                           capture_output=True, timeout=120)


if __name__ == "__main__":
    commands = {"saver-crash-server": saver_crash_server, "saver-rounds": saver_rounds, "cli-rounds": cli_rounds}
    commands[sys.argv[1]](*sys.argv[2:])
