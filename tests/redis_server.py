"""A real Redis (the Debian `redis-server`, `make redis`) on 127.0.0.1:<free port>, in a temp dir."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_answering(probe: Callable[[], object], proc: subprocess.Popen, name: str, log: Path, *,
                         errors: tuple[type[BaseException], ...], timeout: float, interval: float) -> None:
    """Call `probe` until it stops raising `errors`; a server process that exits meanwhile, or one
    silent for `timeout` seconds, is a RuntimeError naming it (with its log when it exited)."""
    for _ in range(round(timeout / interval)):
        try:
            probe()
            return
        except errors:
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited: {log.read_text()}") from None
            time.sleep(interval)
    raise RuntimeError(f"{name} did not answer within {timeout:g} s")


@contextmanager
def redis_server(directory: Path) -> Iterator[str]:
    """Yield the `redis://127.0.0.1:PORT/0` URL of a fresh server; stopped (and its files left in
    `directory`) afterwards. No persistence: the frontier's durability is the server's business."""
    import redis

    executable = shutil.which("redis-server") or "/usr/bin/redis-server"
    port = _free_port()
    proc = subprocess.Popen(
        [executable, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(directory),
         "--save", "", "--appendonly", "no", "--logfile", str(directory / "redis.log")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        client = redis.Redis.from_url(url)
        wait_until_answering(client.ping, proc, "redis-server", directory / "redis.log",
                             errors=(redis.ConnectionError,), timeout=5, interval=0.05)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
