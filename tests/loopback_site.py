"""A small web site on loopback, served under real portal host names (the crawler's `--resolve`).

Each test describes its site as a dict of absolute URL -> `Page` (status, headers, body bytes);
the server answers proxy-form requests (`GET http://host/path`) as the crawler sends them through
`--resolve HOST=127.0.0.1:PORT`, answers 404 for anything else, and logs every request so a test
can say exactly what was fetched and in which order.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

HTML = {"Content-Type": "text/html; charset=utf-8"}


@dataclass(frozen=True)
class Page:
    body: bytes
    headers: dict[str, str] = field(default_factory=lambda: dict(HTML))
    status: int = 200


@dataclass
class Site:
    host: str
    pages: dict[str, Page]
    port: int = 0
    requests: list[str] = field(default_factory=list)

    @property
    def resolve(self) -> str:
        return f"{self.host}=127.0.0.1:{self.port}"

    def fetched(self, url: str) -> int:
        return self.requests.count(url)


@contextmanager
def serve(site: Site) -> Iterator[Site]:
    """Serve `site` in a background thread for the duration of the block."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            url = self.path if self.path.startswith("http") else f"http://{site.host}{self.path}"
            site.requests.append(url)
            page = site.pages.get(url, Page(b"not found", {"Content-Type": "text/plain"}, 404))
            self.send_response(page.status)
            for name, value in page.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(page.body)))
            self.end_headers()
            self.wfile.write(page.body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    site.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
