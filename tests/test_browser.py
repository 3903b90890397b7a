"""End-to-end: `okr serve` in a real headless Chromium. The page loads, its terminal
connects, the objective's title reaches the browser, and a keypress in the facilitator's
meeting (tmux) shows there within 2 s.

Chromium is driven over the DevTools protocol with aiohttp's websocket client (aiohttp
comes with textual-serve). xterm.js draws on a canvas, so what the terminal received is
read where the browser received it: the websocket frames (Network.webSocketFrameReceived).
"""

from __future__ import annotations

import asyncio
import base64
import json
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from installed import Installed, run_env
from tmux_harness import Tmux

from store import Store

pytestmark = pytest.mark.e2e
WEEK = "2026-W48"
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-B]|\x1b[=>]")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on 127.0.0.1:{port} after {timeout:.0f}s")


class Browser:
    """One page of a headless Chromium, through the DevTools protocol."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.ids = 0
        self.received = ""  # the terminal output the page received, escapes removed

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.ids += 1
        me = self.ids
        await self.ws.send_json({"id": me, "method": method, "params": params})
        while True:
            message = await self.event(timeout=10)
            if message.get("id") == me:
                return message.get("result", {})

    async def event(self, timeout: float) -> dict[str, Any]:
        message = json.loads((await self.ws.receive(timeout=timeout)).data)
        if message.get("method") == "Network.webSocketFrameReceived":
            response = message["params"]["response"]
            data = response["payloadData"]
            text = base64.b64decode(data).decode("utf-8", "replace") if response["opcode"] == 2 else data
            self.received += ANSI.sub("", text)
        return message

    async def wait_for(self, text: str, timeout: float) -> float:
        """Seconds until ``text`` reached the page."""
        start = time.monotonic()
        while text not in self.received:
            left = timeout - (time.monotonic() - start)
            assert left > 0, f"{text!r} did not reach the browser in {timeout}s; got {self.received[-2000:]!r}"
            try:
                await self.event(timeout=left)
            except TimeoutError:
                pass
        return time.monotonic() - start

    async def evaluate(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")


async def in_chromium(chromium: str, profile: Path, url: str, fay: Tmux) -> None:
    import aiohttp

    port = free_port()
    browser = subprocess.Popen([chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                f"--remote-debugging-port={port}", f"--user-data-dir={profile}", "about:blank"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_port(port)
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{port}/json/list") as response:
                page = next(t for t in await response.json() if t["type"] == "page")
            async with http.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                tab = Browser(ws)
                await tab.call("Network.enable")
                await tab.call("Page.enable")
                await tab.call("Page.navigate", url=url)
                await tab.wait_for("Delight support customers", timeout=20)  # the terminal connected
                assert await tab.evaluate("document.querySelector('.xterm') !== null")
                tab.received = ""
                fay.send("n")  # the facilitator moves on
                assert await tab.wait_for("Ship the billing platform", timeout=2.0) < 2.0
    finally:
        browser.terminate()
        browser.wait(timeout=10)


def test_the_follow_view_in_a_browser(installed: Installed, store: Store, tmp_path: Path) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium is not installed (.ci/run installs it)")
    cycle = store.cycle("2026-Q4")
    with store.write(cycle) as tx:
        o1 = tx.add_objective(title="Delight support customers", owner="Ana")
        o2 = tx.add_objective(title="Ship the billing platform", owner="Dan")
        tx.add_key_result(o1.id, title="Dispatch twice a day", owner="Ben")
        tx.add_key_result(o2.id, title="Migrate billing", owner="Dan")
    port = free_port()
    common = ["--store", str(store.path), "--cycle", cycle.name, "--week", WEEK]
    server = subprocess.Popen([str(installed.okr), "serve", *common, "--port", str(port)], cwd=tmp_path,
                              env=run_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              start_new_session=True)
    try:
        wait_port(port)
        with Tmux([str(installed.okr), "meeting", *common, "--facilitator", "Fay"], cwd=tmp_path) as fay:
            fay.wait_for("Delight support customers")
            asyncio.run(in_chromium(chromium, tmp_path / "profile", f"http://127.0.0.1:{port}/?fontsize=20", fay))
    finally:
        server.send_signal(signal.SIGTERM)  # by its pid; textual-serve closes its sessions
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
