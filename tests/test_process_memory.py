"""tui/process_memory.py: glibc keeps big buffers mapped once an app's first frame is out.
Its effect (~2 MB of the meeting's peak after the keys) is measured by `make bench`, not here:
a test's own allocations do not reproduce a meeting's."""

from __future__ import annotations

import platform

import pytest

from store import Store
from tui import base_app, process_memory
from tui.home_app import HomeApp


@pytest.mark.skipif(platform.system() != "Linux" or platform.libc_ver()[0] != "glibc", reason="glibc only")
def test_glibc_takes_the_setting() -> None:
    assert process_memory.keep_big_buffers_mapped() is True


def test_a_c_library_without_mallopt_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    import ctypes

    monkeypatch.setattr(ctypes, "CDLL", lambda name: object())  # a C library without mallopt
    assert process_memory.keep_big_buffers_mapped() is False


async def test_an_app_asks_for_it_at_its_first_frame(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bool] = []
    monkeypatch.setattr(base_app, "keep_big_buffers_mapped", lambda: calls.append(True) or True)
    app = HomeApp(store)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert calls == [True]
