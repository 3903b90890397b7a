"""Pilot tests of the meeting a real team needs: the status line before the first answer,
open help requests first, next steps, absent owners, the start dialog, reviews, a finished
week, copying the summary, a far-off metric value. Assertions are on widget state and the store."""

from __future__ import annotations

import pytest
from test_meeting_app import SIZE, WEEK, checkin, cycle, make_app, settle  # noqa: F401 (cycle: a fixture)

from store import Cycle, Store
from tui.widgets import SaveStatus


async def test_the_status_says_no_changes_yet_until_the_first_answer_is_saved(store: Store, cycle: Cycle) -> None:
    app = make_app(store, cycle)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert store.load(cycle).meetings  # the meeting record was saved at start ...
        status = app.screen.query_one(SaveStatus)
        assert app.save_state == "idle" and status.render().plain.strip() == "no changes yet"  # ... which is no answer
        await pilot.press("enter")
        await settle(app, pilot)
        assert checkin(store, cycle, "O1.1") is not None
        assert app.save_state == "saved" and status.render().plain.strip() == "✓ saved"
