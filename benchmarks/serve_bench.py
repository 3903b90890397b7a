"""`okr serve` with 10 browsers connected: the memory each connection adds (issue 17:
reported, no target). textual-serve runs one `okr follow` subprocess per websocket; a
connection here is a websocket client that speaks textual-serve's protocol as its page
does (the size in the URL, then pings), not a browser: the browser's own memory is not
okr's. Memory is PSS (/proc/PID/smaps_rollup): shared pages are split between the
processes that share them, so the sum over the server's process tree is what it holds.

    python benchmarks/serve_bench.py [--store DIR] [--connections N]   (else a generated store)
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from table import Row, unmeasured

OKR = str(Path(sys.executable).parent / "okr")
CONNECTIONS = 10
SETTLE = 3.0  # seconds after the last app painted, before memory is read
NAMES = ("okr serve: memory, no browser connected", f"okr serve: memory per browser connection ({CONNECTIONS})")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"okr serve did not listen on port {port} within {timeout:.0f} s")


def tree(pid: int) -> list[int]:
    """``pid`` and every process below it."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo += children.get(p, [])
    return found


def pss_kib(pid: int) -> float:
    """The PSS of ``pid`` and its descendants, in KiB."""
    total = 0.0
    for p in tree(pid):
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += float(line.split()[1])
        except OSError:
            continue  # gone meanwhile
    return total


async def connect(port: int, n: int) -> tuple[list[object], object]:
    """``n`` websockets, each kept until its app has painted (a first screenful arrived)."""
    import aiohttp  # textual-serve's own dependency

    session = aiohttp.ClientSession()
    sockets = []
    for _ in range(n):
        ws = await session.ws_connect(f"http://127.0.0.1:{port}/ws?width=120&height=40")
        sockets.append(ws)
    for ws in sockets:
        got, deadline = 0, time.monotonic() + 60
        while got < 2000 and time.monotonic() < deadline:  # bytes of a first frame
            message = await ws.receive(timeout=max(0.1, deadline - time.monotonic()))
            got += len(message.data) if isinstance(message.data, (bytes, str)) else 0
        if got < 2000:
            raise RuntimeError("a served app did not paint within 60 s")
    return sockets, session


async def measure(store: Path, env: dict[str, str], n: int) -> tuple[float, float]:
    """(the server's PSS with no connection, the PSS each of ``n`` connections adds), KiB."""
    port = free_port()
    server = subprocess.Popen([OKR, "serve", "--store", str(store), "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_port(port)
        await asyncio.sleep(SETTLE)
        idle = pss_kib(server.pid)
        sockets, session = await connect(port, n)
        await asyncio.sleep(SETTLE)
        connected = pss_kib(server.pid)
        for ws in sockets:
            await ws.close()  # type: ignore[attr-defined]
        await session.close()  # type: ignore[attr-defined]
        return idle, (connected - idle) / n
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def serve_rows(store: Path, env: dict[str, str], n: int = CONNECTIONS) -> list[Row]:
    try:
        idle, each = asyncio.run(measure(store, env, n))
    except (RuntimeError, OSError) as e:
        return [unmeasured(name, f"could not measure: {e}", unit="KiB", error=True) for name in NAMES]
    return [Row(NAMES[0], idle, unit="KiB", note="PSS of the server's process tree"),
            Row(NAMES[1], each, unit="KiB", note="PSS added per websocket: one `okr follow` each (reported)")]


def main() -> int:
    from table import print_table

    from store.generate import generate

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path)
    parser.add_argument("--connections", type=int, default=CONNECTIONS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="okr-serve-bench-") as tmp:
        store = args.store or generate(Path(tmp) / "store", years=1, teams=4, today=dt.date.today()).path
        env = {**os.environ, "HOME": tmp, "XDG_DATA_HOME": f"{tmp}/data", "XDG_CONFIG_HOME": f"{tmp}/config",
               "XDG_STATE_HOME": f"{tmp}/state"}
        rows = serve_rows(store, env, args.connections)
    print_table(rows)
    return 1 if any(r.missed for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
