"""Loopback HTTP server for the mirror, used as the crawler's HTTP proxy.

The crawler keeps real hostnames and sets `request.meta["proxy"]` to this server, so requests
arrive in proxy form (`GET http://host/path HTTP/1.1`); origin-form requests (`GET /path`) are
routed by their Host header. CONNECT is refused (405) except for the portals marked
`tls="self-signed"` (extended mirror): for those the server answers `200 Connection established`,
speaks TLS inside the tunnel with a self-signed certificate made at server start (trust
`MirrorServer.ca_cert_path`) and serves the HTTPS requests that follow.

    python -m tests.mirror.server --port 8765 [--extended] [--verbose]
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import signal
import socketserver
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from email.message import Message
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType, TracebackType
from typing import TYPE_CHECKING, Self
from urllib.parse import urlsplit

from tests.mirror.families.base import text_response
from tests.mirror.model import MirrorResponse

if TYPE_CHECKING:
    from tests.mirror.mirror import Mirror


class _Handler(BaseHTTPRequestHandler):
    """Turns each request into `Mirror.fetch` and writes the response back."""

    protocol_version = "HTTP/1.1"
    server_version = "mirror"
    timeout = 30  # idle keep-alive connections close instead of pinning a thread forever
    owner: MirrorServer  # set on the per-server subclass
    tunnel_host: str | None = None  # inside a CONNECT tunnel: the host it was opened to
    tls_socket: ssl.SSLSocket | None = None

    def _absolute_url(self) -> str:
        if self.path.lower().startswith(("http://", "https://")):
            return self.path
        if self.tunnel_host is not None:
            return f"https://{self.tunnel_host}{self.path}"
        host = (self.headers.get("Host") or "").split(":")[0]
        return f"http://{host}{self.path}"

    def _serve(self, method: str, body: bytes = b"") -> None:
        arrived = time.monotonic()  # the request line and headers are read: it has started
        url = self._absolute_url()
        resp = self.owner.answer(url, method, body, self.headers)
        if self.owner.latency:
            time.sleep(self.owner.latency)  # this handler's own thread: other requests go on
        # Recorded before the answer goes out: a client that has its response can count on the
        # log holding the request (recording after writing raced with fast clients).
        self.owner.record(method, url, resp.status, arrived)
        self.send_response(resp.status)
        for name, value in resp.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if method != "HEAD":
            self.wfile.write(resp.body)

    def do_GET(self) -> None:
        """Serve GET."""
        self._serve("GET")

    def do_HEAD(self) -> None:
        """Serve HEAD (headers of the GET response)."""
        self._serve("HEAD")

    def do_POST(self) -> None:
        """Form posts (the post-back pager); portals without one answer 405."""
        length = int(self.headers.get("Content-Length") or 0)
        self._serve("POST", self.rfile.read(length) if length else b"")

    def do_CONNECT(self) -> None:
        """TLS tunnel to a self-signed portal; refused (405) for every other host."""
        host, _, port = self.path.rpartition(":")
        context = self.owner.tls_context(host.lower()) if port == "443" else None
        if context is not None and self.tunnel_host is None:
            self.send_response(200, "Connection established")
            self.end_headers()
            self.owner.record("CONNECT", self.path, 200)
            try:
                tls = context.wrap_socket(self.connection, server_side=True)
            except (ssl.SSLError, OSError):
                # The client refused the certificate (or hung up): nothing more to serve.
                self.close_connection = True
                return
            self.tls_socket = tls
            self.connection = tls
            self.rfile = tls.makefile("rb", self.rbufsize)
            self.wfile = socketserver._SocketWriter(tls)  # type: ignore[attr-defined]
            self.tunnel_host = host.lower()
            self.close_connection = False  # CONNECT is HTTP/1.0; the tunnel stays open
            return
        body = b"mirror: CONNECT not supported (plain HTTP only)\n"
        self.send_response(405)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.owner.record("CONNECT", self.path, 405)

    def finish(self) -> None:
        """Close the TLS layer too (the plain socket is closed by the server)."""
        try:
            super().finish()
        finally:
            if self.tls_socket is not None:
                try:
                    self.tls_socket.close()
                except OSError:
                    pass

    def log_message(self, format: str, *args: object) -> None:
        """Quiet unless the server is verbose."""
        if self.owner.verbose:
            sys.stderr.write(f"mirror: {self.address_string()} {format % args}\n")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        # A crawler killed mid-request (the kill tests do it) resets its connections: normal.
        if isinstance(sys.exc_info()[1], (ConnectionError, ssl.SSLError, TimeoutError)):
            return
        super().handle_error(request, client_address)
    allow_reuse_address = True


class MirrorServer:
    """Serve a mirror on loopback in a background thread (context manager).

    `requests` records (method, absolute_url, status) for every request so tests can judge the
    crawl (e.g. no robots-disallowed URL fetched, no deep trap pages).

    Every 200 answer carries validators as a CMS behind a cache would send them: an `ETag` made
    from the body and a `Last-Modified` that is when this server first served that body for
    that URL; a GET whose `If-None-Match` names the current ETag (or, without one, whose
    `If-Modified-Since` is not older than Last-Modified) gets `304 Not Modified` (RFC 9110 13.1).

    The change switch makes the portal change under a running server, for re-crawl tests:
    `edit(url, old, new)` replaces text in one page's body, `remove(url)` makes a page answer
    404, `unlist(url)` takes every link to a page out of every page (the page still answers
    200), `reset()` undoes all three; `honour_conditionals = False` answers every GET in full (a portal
    that sends validators but ignores them).
    """

    def __init__(self, mirror: Mirror, host: str = "127.0.0.1", port: int = 0,
                 verbose: bool = False) -> None:
        self.mirror = mirror
        self.verbose = verbose
        self._lock = threading.Lock()
        self._requests: list[tuple[str, str, int]] = []
        self._arrivals: list[float] = []  # time.monotonic() each request arrived, same order
        self._edits: dict[str, list[tuple[bytes, bytes]]] = {}
        self._removed: set[str] = set()
        self._unlisted: set[str] = set()
        self._first_served: dict[tuple[str, str], datetime] = {}
        # False: answer every GET in full, as many portals do whatever validators they send.
        self.honour_conditionals = True
        # Seconds each answer waits (a slow portal): makes a crawl last long enough for several
        # crawl processes to share it (tests/test_frontier.py). 0 = answer at once.
        self.latency = 0.0
        handler = type("Handler", (_Handler,), {"owner": self})
        self._httpd = _Server((host, port), handler)
        self._thread: threading.Thread | None = None
        self._tls_dir: Path | None = None
        self._tls: dict[str, ssl.SSLContext] = {}
        tls_hosts = sorted(p.host for p in mirror.portals if getattr(p, "tls", None))
        if tls_hosts:
            self._tls_dir = Path(tempfile.mkdtemp(prefix="mirror-tls-"))
            bundle = []
            for name in tls_hosts:
                cert, key = _self_signed(name, self._tls_dir)
                context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                context.load_cert_chain(cert, key)
                self._tls[name] = context
                bundle.append(cert.read_text())
            (self._tls_dir / "ca.pem").write_text("".join(bundle))

    @property
    def ca_cert_path(self) -> str | None:
        """PEM file with the self-signed certificates of the TLS portals (None without any):
        give it to the client as its CA file (`cafile=`, Scrapy's/requests' `verify=`)."""
        return str(self._tls_dir / "ca.pem") if self._tls_dir else None

    def tls_context(self, host: str) -> ssl.SSLContext | None:
        """Server-side TLS context for a self-signed portal host, None for other hosts."""
        return self._tls.get(host)

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

    @property
    def arrivals(self) -> list[float]:
        """When each request of `requests` arrived (time.monotonic(), same index)."""
        with self._lock:
            return list(self._arrivals)

    def record(self, method: str, url: str, status: int, arrived: float | None = None) -> None:
        """Append one request to the log (called from handler threads); `arrived` defaults to now."""
        with self._lock:
            self._requests.append((method, url, status))
            self._arrivals.append(time.monotonic() if arrived is None else arrived)

    # -- change switch and validators ----------------------------------------------------------
    def edit(self, url: str, old: str, new: str) -> None:
        """From now on, `url`'s body has `old` replaced by `new` (UTF-8)."""
        with self._lock:
            self._edits.setdefault(url, []).append((old.encode(), new.encode()))

    def remove(self, url: str) -> None:
        """From now on, `url` answers 404 (the page was deleted)."""
        with self._lock:
            self._removed.add(url)

    def unlist(self, url: str) -> None:
        """From now on, no page links `url` (every `<a>` to it, by absolute URL or path, is
        taken out of every body; sitemap `<url>` and feed `<item>`/`<entry>` entries naming it
        too), while `url` itself still answers 200: an article taken off every listing."""
        with self._lock:
            self._unlisted.add(url)

    def reset(self) -> None:
        """Undo every `edit`, `remove` and `unlist`."""
        with self._lock:
            self._edits.clear()
            self._removed.clear()
            self._unlisted.clear()
        self.honour_conditionals = True

    def answer(self, url: str, method: str, body: bytes, headers: Message) -> MirrorResponse:
        """The mirror's answer with the change switch applied, validators added and
        conditional requests honoured."""
        with self._lock:
            removed = url in self._removed
            edits = list(self._edits.get(url, ()))
            unlisted = sorted(self._unlisted)
        if removed:
            return text_response(404, "Not Found\n")
        if method not in ("GET", "HEAD"):
            return self.mirror.fetch(url, method, body)
        resp = self.mirror.fetch(url, "GET")  # HEAD: the GET's headers, validators included
        if resp.status != 200:
            return self.mirror.fetch(url, method)
        payload = resp.body
        for old, new in edits:
            payload = payload.replace(old, new)
        for gone in unlisted:
            payload = _without_links(payload, gone)
        etag = '"' + hashlib.sha1(payload).hexdigest()[:20] + '"'
        with self._lock:
            # Whole seconds, as HTTP dates have them.
            modified = self._first_served.setdefault(
                (url, etag), datetime.now(UTC).replace(microsecond=0))
        out = {**resp.headers, "ETag": etag,
               "Last-Modified": format_datetime(modified, usegmt=True),
               "Content-Length": str(len(payload))}
        if self.honour_conditionals and _not_modified(headers, etag, modified):
            out.pop("Content-Length")
            out.pop("Content-Type", None)
            return MirrorResponse(304, out, b"")
        return MirrorResponse(resp.status, out, payload)  # the handler sends no body for HEAD

    def clear(self) -> None:
        """Forget recorded requests (between crawls in one test session)."""
        with self._lock:
            self._requests.clear()
            self._arrivals.clear()

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
        if self._tls_dir is not None:
            shutil.rmtree(self._tls_dir, ignore_errors=True)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


def _without_links(body: bytes, url: str) -> bytes:
    """`body` with every link to `url` (absolute, or by its path) taken out."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    target = rb"(?:" + re.escape(url.encode()) + rb"|" + re.escape(path.encode()) + rb")"
    body = re.sub(rb"<a\b[^>]*\bhref=[\"']" + target + rb"[\"'][^>]*>.*?</a>", b"", body,
                  flags=re.S | re.I)
    for element in (rb"url", rb"item", rb"entry"):
        body = re.sub(rb"<" + element + rb">(?:(?!</" + element + rb">).)*?" + target +
                      rb"\b(?:(?!</" + element + rb">).)*</" + element + rb">", b"", body,
                      flags=re.S)
    return body


def _not_modified(headers: Message, etag: str, modified: datetime) -> bool:
    """RFC 9110 13.2.2: If-None-Match first; If-Modified-Since only without it."""
    tags = headers.get("If-None-Match")
    if tags is not None:
        listed = [t.strip().removeprefix("W/") for t in tags.split(",")]
        return "*" in listed or etag in listed
    since = headers.get("If-Modified-Since")
    if since is None:
        return False
    try:
        return modified <= parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False


def _self_signed(host: str, directory: Path) -> tuple[Path, Path]:
    """A self-signed RSA certificate for `host` (CN and subjectAltName), valid 30 days.

    Made with the `openssl` command when there is one, else with the `cryptography` package.
    """
    cert, key = directory / f"{host}.crt", directory / f"{host}.key"
    if shutil.which("openssl"):
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256",
             "-keyout", str(key), "-out", str(cert), "-days", "30", "-subj", f"/CN={host}",
             "-addext", f"subjectAltName=DNS:{host}",
             "-addext", "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign",
             "-addext", "extendedKeyUsage=serverAuth"],
            check=True, capture_output=True)
        return cert, key
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(private.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(private, hashes.SHA256()))
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key.write_bytes(private.private_bytes(serialization.Encoding.PEM,
                                          serialization.PrivateFormat.TraditionalOpenSSL,
                                          serialization.NoEncryption()))
    return cert, key


def main(argv: list[str] | None = None) -> int:
    """Run the mirror in the foreground until SIGINT/SIGTERM."""
    from tests.mirror.mirror import build_mirror

    parser = argparse.ArgumentParser(description="Serve the offline portal mirror (HTTP proxy).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    parser.add_argument("--extended", action="store_true",
                        help="also serve the five harder portals (docs/mirror.md)")
    args = parser.parse_args(argv)
    mirror = build_mirror(extended=args.extended)
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
    if server.ca_cert_path:
        print(f"mirror: self-signed certificates in {server.ca_cert_path}", flush=True)
    stop.wait()
    server.stop()
    print("mirror: stopped", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
