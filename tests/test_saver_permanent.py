"""A save that can never succeed is said once ("✗ not saved: <reason>") and not retried;
one that may (a disk full, a lock held too long) is retried. `okr meeting --team $'\\xff'`
used to show "✗ save failed — retrying" for ever and need two ctrl+q."""

from __future__ import annotations

import asyncio

import pytest
from pydantic import BaseModel

from store import Cycle, InvalidInputError, LimitError, NotFoundError, Store, StoreError
from store.errors import CorruptFileError
from tui.meeting.app import MeetingApp
from tui.meeting.saver import AnswerSaved, SaveFailed, Saver, backoff
from tui.widgets import SaveStatus

WEEK = "2026-W48"
NOT_UTF8 = "\udcff"  # what Python makes of the byte 0xff in an argument from a shell that is not UTF-8


class Point(BaseModel):
    x: int


def a_validation_error() -> Exception:
    try:
        Point(x="many")  # type: ignore[arg-type]
    except ValueError as e:
        return e
    raise AssertionError("pydantic accepted it")


def run_once(error: Exception) -> tuple[list[SaveFailed], int, int]:
    """One drain over a write that fails with ``error`` once: the failures, the writes
    attempted and the answers still queued."""
    attempts: list[int] = []
    messages: list[object] = []

    def write(key: tuple[str, ...], fields: dict[str, object]) -> None:
        attempts.append(1)
        if len(attempts) == 1:
            raise error

    saver = Saver(write, messages.append)
    saver.submit(("meeting",), {"position": 1})
    saver.drain()
    return [m for m in messages if isinstance(m, SaveFailed)], len(attempts), saver.pending


@pytest.mark.parametrize("error", [
    InvalidInputError("some text is not valid UTF-8"), NotFoundError("no key result O9.9"),
    LimitError("at most 4 key results"), UnicodeEncodeError("utf-8", NOT_UTF8, 0, 1, "surrogates not allowed"),
    a_validation_error(),
], ids=["invalid", "not-found", "limit", "unicode", "validation"])
def test_an_error_that_will_never_go_away_is_reported_once_and_dropped(error: Exception) -> None:
    [failed], attempts, pending = run_once(error)
    assert not failed.retrying and failed.attempt == 1 and failed.error == str(error)
    assert attempts == 1 and pending == 0


@pytest.mark.parametrize("error", [
    OSError(28, "No space left on device"), StoreError("cycle-2026-Q4.json stayed locked for 30s"),
    CorruptFileError("cycle-2026-Q4.json is not valid JSON"),
], ids=["disk-full", "lock-timeout", "being-restored"])
def test_an_error_that_may_go_away_is_retried(error: Exception, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tui.meeting.saver.backoff", lambda attempt: 0.0)
    [failed], attempts, pending = run_once(error)
    assert failed.retrying and attempts == 2 and pending == 0
    assert backoff(1) > 0  # the real one waits


def test_the_store_refuses_text_that_is_not_utf8_in_one_line_and_keeps_the_file(store: Store) -> None:
    cycle = store.cycle("2026-Q4")
    before = store.cycle_path(cycle).read_bytes()
    with pytest.raises(InvalidInputError) as refused, store.write(cycle) as tx:
        tx.add_objective(title="Ship", owner="Ana", team=NOT_UTF8)
    assert "not valid UTF-8" in str(refused.value) and "\n" not in str(refused.value)
    assert store.cycle_path(cycle).read_bytes() == before


@pytest.fixture
def cycle(store: Store) -> Cycle:
    cycle = store.cycle("2026-Q4")
    with store.write(cycle) as tx:
        obj = tx.add_objective(title="Ship", owner="Ana")
        tx.add_key_result(obj.id, title="Release weekly", owner="Ben")
    return cycle


async def test_a_meeting_whose_record_cannot_be_saved_says_so_and_one_ctrl_q_quits(store: Store,
                                                                                    cycle: Cycle) -> None:
    """An attendee's name that is not UTF-8 reaches the store in the meeting record: the
    store refuses it on every save, so it is said, not retried, and quitting does not wait."""
    messages: list[object] = []
    app = MeetingApp(store, cycle, WEEK, facilitator="Fay", attendees=[NOT_UTF8])
    async with app.run_test(size=(80, 24), message_hook=messages.append) as pilot:
        await pilot.pause()
        await asyncio.wait_for(app.workers.wait_for_complete(), 10)  # a drain retrying for ever never ends
        await asyncio.sleep(backoff(1) * 2)  # a retry would have come by now
        await pilot.pause()
        failed = [m for m in messages if isinstance(m, SaveFailed)]
        assert [(m.key, m.retrying, m.attempt) for m in failed] == [(("meeting",), False, 1)]
        assert app.save_state == "refused" and app.saver.pending == 0
        status = str(app.screen.query_one(SaveStatus).render())
        assert "✗ not saved: some text is not valid UTF-8" in status and "retrying" not in status

        await pilot.press("right")  # an answer to a key result still saves
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any(isinstance(m, AnswerSaved) and m.key == ("kr", "O1.1") for m in messages)

        await pilot.press("ctrl+q")  # once
        await pilot.pause()
        assert not app.is_running
    assert app.return_value is not None
    assert store.load(cycle).meetings == []  # the record was never written, the answer was
    checkin = store.load(cycle).checkin("O1.1", WEEK)
    assert checkin is not None and checkin.progress == 10
