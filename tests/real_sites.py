"""The whole real portals of `../shared/real-sites/`, served on loopback under their real host names.

Serving rules are those of `../shared/real-sites/README.md`: a folder is the site's document root,
`PATH/index.html` answers `http://HOST/PATH/` and `http://HOST/PATH`, `index.html` answers `/`,
other files answer their own path, anything else is a 404. Requests arrive in proxy form
(`GET http://host/path`), as the crawler sends them through `--resolve HOST=127.0.0.1:PORT`.
"""

from __future__ import annotations

import http.server
import mimetypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tests.conftest import SHARED

REAL_SITES = SHARED / "real-sites"
HOSTS = ("stc.daknong.gov.vn", "thanhtra.daknong.gov.vn", "stp.daknong.gov.vn",
         "ldld.daknong.gov.vn", "dakglong.daknong.gov.vn")


@dataclass
class RealSite:
    host: str
    root: Path
    port: int = 0
    requests: list[str] = field(default_factory=list)

    @property
    def resolve(self) -> str:
        return f"{self.host}=127.0.0.1:{self.port}"

    def file_for(self, url: str) -> Path | None:
        """The file that answers `url`, or None (a 404)."""
        parts = urlsplit(url)
        if parts.hostname != self.host:
            return None
        path = unquote(parts.path).lstrip("/")
        candidates = [self.root / path / "index.html"] if not path or path.endswith("/") else [
            self.root / path, self.root / path / "index.html"]
        for candidate in candidates:
            resolved = candidate.resolve()
            if resolved.is_file() and self.root.resolve() in resolved.parents:
                return resolved
        return None


@contextmanager
def serve_site(host: str) -> Iterator[RealSite]:
    """Serve the real site `host` in a background thread for the duration of the block."""
    site = RealSite(host, REAL_SITES / host)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            url = self.path if self.path.startswith("http") else f"http://{site.host}{self.path}"
            site.requests.append(url)
            found = site.file_for(url)
            if found is None:
                body, kind, status = b"not found", "text/plain", 404
            else:
                body, status = found.read_bytes(), 200
                kind = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
                if kind == "text/html":
                    kind = "text/html; charset=utf-8"
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    site.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
