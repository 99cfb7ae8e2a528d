"""Loopback HTTP server for the mirror, used as the crawler's HTTP proxy.

The crawler keeps real hostnames and sets `request.meta["proxy"]` to this server, so requests
arrive in proxy form (`GET http://host/path HTTP/1.1`); origin-form requests (`GET /path`) are
routed by their Host header. Only plain HTTP: CONNECT is refused.

    python -m tests.mirror.server --port 8765 [--verbose]
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import FrameType, TracebackType
from typing import TYPE_CHECKING, Self

if TYPE_CHECKING:
    from tests.mirror.mirror import Mirror


class _Handler(BaseHTTPRequestHandler):
    """Turns each request into `Mirror.fetch` and writes the response back."""

    protocol_version = "HTTP/1.1"
    server_version = "mirror"
    timeout = 30  # idle keep-alive connections close instead of pinning a thread forever
    owner: MirrorServer  # set on the per-server subclass

    def _absolute_url(self) -> str:
        if self.path.lower().startswith("http://"):
            return self.path
        host = (self.headers.get("Host") or "").split(":")[0]
        return f"http://{host}{self.path}"

    def _serve(self, method: str) -> None:
        url = self._absolute_url()
        resp = self.owner.mirror.fetch(url, method)
        self.send_response(resp.status)
        for name, value in resp.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if method != "HEAD":
            self.wfile.write(resp.body)
        self.owner.record(method, url, resp.status)

    def do_GET(self) -> None:
        """Serve GET."""
        self._serve("GET")

    def do_HEAD(self) -> None:
        """Serve HEAD (headers of the GET response)."""
        self._serve("HEAD")

    def do_POST(self) -> None:
        """Portals here are read-only: 405 after draining the body."""
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self._serve("POST")

    def do_CONNECT(self) -> None:
        """No TLS tunnelling: the mirror is plain HTTP only."""
        body = b"mirror: CONNECT not supported (plain HTTP only)\n"
        self.send_response(405)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.owner.record("CONNECT", self.path, 405)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet unless the server is verbose."""
        if self.owner.verbose:
            sys.stderr.write(f"mirror: {self.address_string()} {format % args}\n")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        # A crawler killed mid-request (the kill tests do it) resets its connections: normal.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)
    allow_reuse_address = True


class MirrorServer:
    """Serve a mirror on loopback in a background thread (context manager).

    `requests` records (method, absolute_url, status) for every request so tests can judge the
    crawl (e.g. no robots-disallowed URL fetched, no deep trap pages).
    """

    def __init__(self, mirror: Mirror, host: str = "127.0.0.1", port: int = 0,
                 verbose: bool = False) -> None:
        self.mirror = mirror
        self.verbose = verbose
        self._lock = threading.Lock()
        self._requests: list[tuple[str, str, int]] = []
        handler = type("Handler", (_Handler,), {"owner": self})
        self._httpd = _Server((host, port), handler)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """Base URL, e.g. "http://127.0.0.1:54321" (use it as the HTTP proxy)."""
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def port(self) -> int:
        """Bound port."""
        return int(self._httpd.server_address[1])

    @property
    def hosts(self) -> set[str]:
        """Hostnames the mirror serves."""
        return {p.host for p in self.mirror.portals}

    @property
    def requests(self) -> list[tuple[str, str, int]]:
        """Snapshot of the requests served so far."""
        with self._lock:
            return list(self._requests)

    def record(self, method: str, url: str, status: int) -> None:
        """Append one request to the log (called from handler threads)."""
        with self._lock:
            self._requests.append((method, url, status))

    def clear(self) -> None:
        """Forget recorded requests (between crawls in one test session)."""
        with self._lock:
            self._requests.clear()

    def start(self) -> MirrorServer:
        """Start serving in a daemon thread."""
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="mirror-server",
                                        kwargs={"poll_interval": 0.1}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    """Run the mirror in the foreground until SIGINT/SIGTERM."""
    from tests.mirror.mirror import build_mirror

    parser = argparse.ArgumentParser(description="Serve the offline portal mirror (HTTP proxy).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)
    mirror = build_mirror()
    server = MirrorServer(mirror, args.host, args.port, verbose=args.verbose)
    stop = threading.Event()

    def _on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    server.start()
    print(f"mirror: serving {len(mirror.portals)} portals on {server.url}", flush=True)
    for p in mirror.portals:
        print(f"mirror:   {p.host:<30} {p.family:<10} {p.home_url}", flush=True)
    stop.wait()
    server.stop()
    print("mirror: stopped", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
