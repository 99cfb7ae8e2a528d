"""TLS: certificates are verified unless a portal (or the crawl) says otherwise, and what is wrong
with a certificate is recorded either way."""

from __future__ import annotations

import http.server
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from OpenSSL import crypto

from crawlers.tls import certificate_problems
from tests.conftest import run_cli

PAGE = """<html><head><meta charset="utf-8"><title>Thông báo - Cổng TTĐT</title></head>
<body><h1>Thông báo lịch tiếp công dân tháng 12</h1><p>Ngày 01/12/2024</p>
<p>Ủy ban nhân dân huyện thông báo lịch tiếp công dân định kỳ tháng 12 năm 2024 tại Trụ sở
tiếp công dân huyện, địa chỉ số 1 đường Trần Phú.</p>
<p>Công dân đến liên hệ mang theo giấy tờ tùy thân và hồ sơ liên quan.</p></body></html>"""


def self_signed(tmp: Path, name: str, days: int = 30) -> tuple[Path, Path]:
    key, cert = tmp / "key.pem", tmp / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                    str(key), "-out", str(cert), "-subj", f"/CN={name}", "-days", str(days),
                    "-addext", f"subjectAltName=IP:{name}" if name[0].isdigit()
                    else f"subjectAltName=DNS:{name}"],
                   check=True, capture_output=True)
    return key, cert


@pytest.fixture()
def https_server(tmp_path) -> Iterator[str]:
    key, cert = self_signed(tmp_path, "127.0.0.1")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            body = (PAGE if self.path != "/robots.txt" else "User-agent: *\n").encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.server_address[1]}/thong-bao"
    server.shutdown()
    server.server_close()


def test_self_signed_portal_is_refused_by_default(https_server, tmp_path):
    result = run_cli("crawl", https_server, "--archive", str(tmp_path / "a"), "--env", "test",
                     "--quiet")
    assert result.returncode == 4
    assert "certificate verify failed" in result.stderr.lower()


def test_self_signed_portal_is_crawled_when_allowed(https_server, tmp_path):
    result = run_cli("crawl", https_server, "--archive", str(tmp_path / "a"), "--env", "test",
                     "--quiet", "--tls-insecure")
    assert result.returncode == 0, result.stderr
    # robots.txt and the page, both over the portal's accepted self-signed certificate.
    assert "crawl 1 finished" in result.stdout and " 2 pages," in result.stdout
    assert "0 failed fetches" in result.stdout


def test_certificate_problems_are_named(tmp_path):
    _key, cert = self_signed(tmp_path, "dienban.quangnam.gov.vn", days=1)
    x509 = crypto.load_certificate(crypto.FILETYPE_PEM, cert.read_bytes())
    assert certificate_problems(x509, "dienban.quangnam.gov.vn") == ["self-signed"]
    assert certificate_problems(x509, "quangnam.gov.vn") == [
        "self-signed", "issued for dienban.quangnam.gov.vn, not quangnam.gov.vn"]
