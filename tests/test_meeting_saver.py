"""The saver on its own: order, coalescing, retry, refusal; and the timebox text."""

from __future__ import annotations

import threading
from typing import Any

from textual.message import Message

from store import InvalidInputError, StoreError
from tui.meeting.saver import AnswerSaved, SaveFailed, Saver, backoff
from tui.widgets.objective_panel import timebox


class Recorder:
    def __init__(self, fail: dict[tuple[str, ...], list[Exception]] | None = None) -> None:
        self.writes: list[tuple[tuple[str, ...], dict[str, Any]]] = []
        self.messages: list[Message] = []
        self.fail = fail or {}

    def write(self, key: tuple[str, ...], fields: dict[str, Any]) -> None:
        if self.fail.get(key):
            raise self.fail[key].pop(0)
        self.writes.append((key, fields))


def test_answers_are_written_in_order_and_queued_ones_coalesce() -> None:
    rec = Recorder()
    saver = Saver(rec.write, rec.messages.append)
    assert saver.submit(("kr", "O1.1"), {"progress": 10}) is True  # caller starts a drain
    assert saver.submit(("kr", "O1.2"), {"progress": 50}) is False  # one is due already
    assert saver.submit(("kr", "O1.1"), {"confidence": 7}) is False
    saver.drain()
    assert rec.writes == [(("kr", "O1.1"), {"progress": 10, "confidence": 7}), (("kr", "O1.2"), {"progress": 50})]
    assert [m.pending for m in rec.messages if isinstance(m, AnswerSaved)] == [1, 0]
    assert saver.pending == 0
    assert saver.submit(("kr", "O1.1"), {"progress": 20}) is True  # idle again: a new drain


def test_a_failed_write_is_reported_kept_and_retried() -> None:
    rec = Recorder({("kr", "O1.1"): [StoreError("locked")]})
    saver = Saver(rec.write, rec.messages.append)
    saver.submit(("kr", "O1.1"), {"progress": 10})
    saver.drain()
    failed = [m for m in rec.messages if isinstance(m, SaveFailed)]
    assert [(m.error, m.attempt, m.retrying, m.pending) for m in failed] == [("locked", 1, True, 1)]
    assert rec.writes == [(("kr", "O1.1"), {"progress": 10})]
    assert isinstance(rec.messages[-1], AnswerSaved)


def test_an_answer_the_store_refuses_is_reported_and_not_retried() -> None:
    rec = Recorder({("kr", "O9.9"): [InvalidInputError("no such key result")]})
    saver = Saver(rec.write, rec.messages.append)
    saver.submit(("kr", "O9.9"), {"progress": 10})
    saver.submit(("kr", "O1.1"), {"progress": 20})
    saver.drain()
    [failed] = [m for m in rec.messages if isinstance(m, SaveFailed)]
    assert not failed.retrying and failed.error == "no such key result"
    assert rec.writes == [(("kr", "O1.1"), {"progress": 20})]


def test_text_that_cannot_be_written_is_refused_once_not_retried_forever() -> None:
    """A team name from a shell that was not UTF-8 used to show "save failed - retrying"
    for ever and need two ctrl+q."""
    bad = UnicodeEncodeError("utf-8", "\udcff", 0, 1, "surrogates not allowed")
    rec = Recorder({("meeting",): [bad]})
    saver = Saver(rec.write, rec.messages.append)
    saver.submit(("meeting",), {"team": "\udcff"})
    saver.drain()
    [failed] = [m for m in rec.messages if isinstance(m, SaveFailed)]
    assert not failed.retrying and saver.pending == 0


def test_stop_ends_a_drain_stuck_in_backoff_and_keeps_the_answer() -> None:
    rec = Recorder({("meeting",): [OSError("gone")] * 100})
    saver = Saver(rec.write, rec.messages.append)
    saver.submit(("meeting",), {"position": 1})
    thread = threading.Thread(target=saver.drain)
    thread.start()
    saver.stop()
    thread.join(timeout=30)
    assert not thread.is_alive() and saver.pending == 1


def test_backoff_grows_and_is_capped() -> None:
    assert [backoff(n) for n in (1, 2, 3, 10)] == [0.5, 1.0, 2.0, 10.0]


def test_timebox_says_over_time_in_words() -> None:
    text, over = timebox(100, 3)
    assert not over and text.plain == "⏱ 01:40 / 03:00"
    text, over = timebox(3 * 60 + 75, 3)
    assert over and "OVER TIME +1:15" in text.plain


def test_a_settling_drain_waits_before_writing_and_stopping_cuts_the_wait() -> None:
    """The settle lets the screen show a keypress first; a stop (on exit) ends it at once
    and keeps the answer queued."""
    rec = Recorder()
    saver = Saver(rec.write, rec.messages.append, settle=60.0)
    assert saver.submit(("kr", "O1.1"), {"progress": 10})
    drain = threading.Thread(target=saver.drain)
    drain.start()
    saver.stop()
    drain.join(timeout=10)
    assert not drain.is_alive()
    assert rec.writes == [] and saver.pending == 1
